"""Alembic migrations, loaded as a package resource (``fieldjournal.storage:migrations``)."""
