"""``python -m fieldjournal`` runs the command line."""

from fieldjournal.cli import run

run()
