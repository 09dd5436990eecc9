"""Pure statistics on arrays and Series: intervals, tests of change, regression and importance,
contingency, disclosure control, factor analysis, clustering. Nothing here knows the codebook."""
