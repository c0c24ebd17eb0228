"""A real peer imports our export: qc, the open-source QDA tool of the PyPI package
``qualitative-coding``, run as its users run it (``qc init --import``).

QualCoder, the peer the researchers know, is not on PyPI; its reading rules are emulated
in ``shapes.qualcoder_reading`` and checked on every coded passage's words there. qc is
the tool that can be installed: it validates ``project.qde`` against its own copy of the
schema, copies each source's text into its corpus and builds its codebook. It keeps a
coding by line, not by characters (and 1.7.8 files every selection under the first
line), so through it we compare what it keeps: the texts, the codebook's nesting, and
which codes each source carries.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from fieldjournal import Journal
from tests.exchange.refi.shapes import NS, fill

_ROOT = Path(__file__).resolve().parents[3]


def _qc() -> str | None:
    """qc from FIELDJOURNAL_QC, from ``make peer``'s venv, or on the PATH."""
    for candidate in (os.environ.get("FIELDJOURNAL_QC"), _ROOT / ".venv-peer" / "bin" / "qc"):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    return shutil.which("qc")


QC = _qc()
# Skipped only where qc is not installed: it is not in the test extra because it brings
# spaCy and its models' machinery (hundreds of MB) that nothing else needs; `make peer`
# installs it beside the project's venv.
pytestmark = pytest.mark.skipif(
    QC is None, reason="qc (qualitative-coding) is not installed: `make peer` installs it"
)


def _codebook_paths(nodes: list[object], parent: str = "") -> Iterator[str]:
    for node in nodes:
        if isinstance(node, dict):
            for name, children in node.items():
                yield f"{parent}{name}"
                yield from _codebook_paths(children or [], f"{parent}{name}/")
        else:
            yield f"{parent}{node}"


# Slow: qc imports spaCy as it starts (5-50 s, with the machine's load); one run of it.
@pytest.mark.slow
def test_qc_imports_our_export_with_its_texts_codes_and_codings(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "journal") as journal:
        fill(journal)
        target = tmp_path / "study.qdpx"
        journal.export_qdpx(target)
        codes = {code.id: code.path for code in journal.codes.all()}
    with zipfile.ZipFile(target) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        sources = {
            source.get("name"): (
                archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8"),
                {
                    codes[ref.get("targetGUID", "")].rsplit("/", 1)[-1]
                    for ref in source.iter(f"{{{NS}}}CodeRef")
                },
            )
            for source in root.iter(f"{{{NS}}}TextSource")
        }
    folder = tmp_path / "qc"
    folder.mkdir()
    assert QC is not None
    # qualitative-coding 1.7.8 left a breakpoint() in its source importer.
    environment = dict(os.environ, PYTHONBREAKPOINT="0")
    done = subprocess.run(
        [QC, "init", "--import", str(target)],
        cwd=folder,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "did not validate" not in done.stdout + done.stderr
    for name, (text, _) in sources.items():
        assert (folder / "corpus" / f"{name}.txt").read_text(encoding="utf-8") == text
    # The codebook as qc reads it, through its own interpreter's YAML parser.
    read = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))"
    peer_python = Path(QC).parent / "python"
    dumped = subprocess.run(
        [str(peer_python), "-c", read, str(folder / "codebook.yaml")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    tree = json.loads(dumped.stdout)
    assert sorted(_codebook_paths(tree)) == sorted(codes.values())
    with sqlite3.connect(folder / "qualitative_coding.sqlite3") as db:
        rows = db.execute(
            "SELECT i.document_id, c.code_id FROM coded_line c "
            "JOIN coded_line_location_association a ON a.coded_line_id = c.id "
            "JOIN location l ON l.id = a.location_id "
            "JOIN document_index i ON i.id = l.document_index_id"
        ).fetchall()
    carried: dict[str, set[str]] = {}
    for document, code in rows:
        carried.setdefault(document.removesuffix(".txt"), set()).add(code)
    assert carried == {name: found for name, (_, found) in sources.items() if found}
