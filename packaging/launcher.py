"""Entry point of the packaged app (PyInstaller needs a script, not a console_scripts entry)."""

from __future__ import annotations

import sys

from fieldjournal.cli import main

if __name__ == "__main__":
    sys.exit(main())
