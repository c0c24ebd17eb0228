"""Exchange with other tools from the File menu: REFI-QDA projects and codebooks."""
