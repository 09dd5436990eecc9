"""One module per schema revision, oldest first (``0001`` is csvalue 0.1.0's schema)."""
