"""What the app does about a damaged journal: say so once, and offer salvage."""
