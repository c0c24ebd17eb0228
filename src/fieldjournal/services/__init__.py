"""Units of work over storage and the search index; ``Journal`` is their facade."""
