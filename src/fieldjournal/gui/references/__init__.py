"""The bibliography in the app: the works and where each is cited."""
