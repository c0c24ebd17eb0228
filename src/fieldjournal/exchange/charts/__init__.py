"""Charts of the analysis views: their numbers as CSV and their figures (matplotlib)."""
