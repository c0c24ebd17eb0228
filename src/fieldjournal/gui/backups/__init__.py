"""File › Backups…: the snapshot list, back up now, verify, restore, and the settings."""
