"""The facade imports a service's module only when the service is first used, so a command
pays for the libraries it needs only (``services/lazy.py``).

Checked in a fresh interpreter, by what is in ``sys.modules`` (never by timing):
``tests/perf/bench_docx.py`` and ``bench_startup.py`` have the figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from fieldjournal import Journal
from fieldjournal.services.entry_service import EntryService

HEAVY = (
    "docx",
    "citeproc",
    "whoosh",
    "bibtexparser",
    "pylatexenc",
    "lxml",
    "markdown_it",
    "matplotlib",
    "PySide6",
)

PROBE = """
import json, sys
heavy = json.loads(sys.argv[1])
def loaded():
    found = {m.split(".")[0] for m in sys.modules} & set(heavy)
    services = {m for m in sys.modules if m.startswith("fieldjournal.services.")}
    return sorted(found), sorted(services)
import fieldjournal.services.journal
after_import = loaded()
from fieldjournal import Journal
with Journal.open(sys.argv[2], search=False) as journal:
    journal.add_entry(title="Visit", body="The lunch club met.")
    journal.list_entries()
    after_entries = loaded()
    journal.list_chapters()
    after_chapters = loaded()
print(json.dumps([after_import, after_entries, after_chapters]))
"""


def probe(journal: Path) -> list[tuple[list[str], list[str]]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(HEAVY), str(journal)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found: list[tuple[list[str], list[str]]] = json.loads(done.stdout)
    return found


def test_the_facade_imports_no_service_and_no_heavy_library(tmp_path: Path) -> None:
    (heavy, services), (entries_heavy, entries_services), (chapters_heavy, _) = probe(
        tmp_path / "journal"
    )
    assert heavy == []
    assert "fieldjournal.services.chapter_service" not in services
    assert "fieldjournal.services.entry_service" not in services
    # Entries need their service and the database, not DOCX, citations or the index.
    assert entries_heavy == []
    assert "fieldjournal.services.entry_service" in entries_services
    assert "fieldjournal.services.chapter_service" not in entries_services
    assert "fieldjournal.services.refi_export" not in entries_services
    # Listing chapters builds the chapter service, whose module brings python-docx.
    assert "docx" in chapters_heavy


def test_a_service_is_built_once_and_kept(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "journal", search=False) as journal:
        seen: list[object] = []
        threads = [threading.Thread(target=lambda: seen.append(journal.codes)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(seen) == 8 and all(s is seen[0] for s in seen)
        assert journal.codes is seen[0]
        assert isinstance(journal.entries, EntryService)


def test_delegated_methods_keep_the_service_method_docs(tmp_path: Path) -> None:
    """``help(Journal)`` and a bound method both show the service method's docstring."""
    assert EntryService.update.__doc__
    assert Journal.update_entry.__doc__ == EntryService.update.__doc__
    with Journal.open(tmp_path / "journal", search=False) as journal:
        assert journal.sites.__doc__ == EntryService.sites.__doc__
        assert journal.sites() == []
    # Read on the class after a journal has used the method (its module imported then).
    assert Journal.sites.__doc__ == EntryService.sites.__doc__


def test_a_method_called_before_help_asks_still_has_its_docs(tmp_path: Path) -> None:
    """A call resolves the service method first; the class's attribute must still carry
    its docstring (in a fresh interpreter, where nothing has read the class's yet)."""
    script = (
        "import sys\n"
        "from fieldjournal import Journal\n"
        "with Journal.open(sys.argv[1], search=False) as journal:\n"
        "    entry = journal.add_entry(title='Visit', body='The lunch club met.')\n"
        "    journal.update_entry(entry.id, title='Visit two')\n"
        "print(bool(Journal.update_entry.__doc__))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "journal")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.strip() == "True"
