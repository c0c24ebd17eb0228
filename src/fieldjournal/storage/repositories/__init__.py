"""Queries and row changes, one module per subject. They take a Session and never commit."""
