"""From waves to results: the analysis, reading and writing result folders, the CS database, trends."""
