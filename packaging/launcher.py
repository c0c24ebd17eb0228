"""Entry point of the packaged app (PyInstaller needs a script, not a console_scripts entry).

The packaged app has no ``python -m``: the search index's background merge runs this
executable again with a flag of its own (see fieldjournal.search.merging).
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--fieldjournal-merge-index"]:
        from fieldjournal.search.merging import main as merge_main

        sys.exit(merge_main(sys.argv[2:]))
    from fieldjournal.cli import run

    run()
