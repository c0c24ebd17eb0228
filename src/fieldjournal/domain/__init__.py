"""Records, enums and value rules of a journal. Standard library only."""
