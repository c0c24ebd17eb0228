"""End-to-end: issue 11's confidentiality promises, through the installed command.

Notes are written the way people write names; the DOCX that a report or a chapter export
leaves is read back here with a scan of this test's own (unzip, fold, search), sharing no
code with the product's replacer or leak check. All names are fictional.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
import zipfile
from itertools import pairwise
from pathlib import Path

from tests.e2e.conftest import Cli

ACTORS = [
    ("Margaret Holloway", "Anne Carter", ["Maggie"], "consented"),
    ("Jürgen Weiß", "Tom Bell", [], "consented"),
    ("Işıl Kılıç", "Ece Demir", [], "consented"),
    ("Mary-Jane Watson-Smith", "Lucy Hart", [], "consented"),
    ("Ana Castellanos-Ibáñez", "Eva Ruiz", [], "consented"),
    ("Sean O'Neill", "Paul Reid", [], "consented"),
    ("Dr Ahmed Rahman", "Dr Omar Khan", [], "consented"),
    ("Fiona McDonald", "Kate Byrne", [], "consented"),
    ("DeShawn MacLeod", "Ian Webb", [], "consented"),
    ("Rhys Penhallow", "Owen Pike", [], "no_quotes"),
    ("Gwen Tallis", "Mia Ford", [], "observe_only"),
]
# What must never be read in the file, as this scan folds it (letters only, lower case).
REAL = [
    "margaret", "holloway", "maggie", "jurgen", "weis", "isil", "kilic", "maryjane",
    "watson", "castellanos", "ibanez", "oneill", "ahmed", "rahman", "fiona", "mcdonald",
    "deshawn", "macleod", "penhallow", "tallis",
]  # fmt: skip
NOTE = (
    "Mar\u00adgaret Hol\u00adloway wrote from margaret.holloway@nhs.net and "
    "https://nhs.net/staff/margaret-holloway as MargaretHolloway, tagged #HollowayOut. "
    "Juergen and JÜRGEN WEISS came; Isil Kilic and IŞIL KILIÇ too. Mary Jane, Watson Smith "
    "and Castellanos spoke; ONeill and O Neill listened. Ahmed said MAGGIE'S plan was fine. "
    "McDonald, DeShawnMacLeod and #MacLeodOut agreed. NHSONeill, MCDONALDFIONA and the "
    "Holloways came; Maggies plan won."
)


def fold(text: str) -> str:
    """Case, accents, Turkish i, invisible characters and transliteration pairs folded."""
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text)
    text = text.replace("ı", "i").replace("İ", "i").replace("ß", "ss").casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    for pair, single in (("ue", "u"), ("oe", "o"), ("ae", "a"), ("ss", "s")):
        text = text.replace(pair, single)
    return text


def docx_text(path: Path) -> dict[str, str]:
    """Every XML part's text and attribute values, tags dropped (runs glue together)."""
    parts = {}
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                xml = package.read(name).decode("utf-8")
                attributes = " ".join(re.findall(r'="([^"]*)"', xml))
                body = re.sub(r"</w:p>", " ", xml)
                parts[name] = html.unescape(re.sub(r"<[^>]+>", "", body) + " " + attributes)
    return parts


def leaks(path: Path) -> list[tuple[str, str]]:
    found = []
    for part, text in docx_text(path).items():
        chunks = [re.sub(r"[^a-z0-9]", "", c) for c in fold(text).split()]
        joined = [a + b for a, b in pairwise(chunks)]  # "O Neill"
        for name in REAL:
            if any(name in c for c in chunks) or (name == "oneill" and "oneill" in joined):
                found.append((part, name))
    return found


def plain(path: Path) -> str:
    return " ".join(docx_text(path)["word/document.xml"].split())


def journal(cli: Cli) -> None:
    for name, pseudonym, aliases, consent in ACTORS:
        extra = [a for alias in aliases for a in ("--alias", alias)]
        cli("actor", "add", name, "--pseudonym", pseudonym, "--consent", consent, *extra)
    cli("add", "--title", "Board", "--body", NOTE, "--actor", "Margaret Holloway",
        "--code", "Trust", "--at", "2016-04-05T10:00")  # fmt: skip
    cli("add", "--title", "Kitchen", "--body", "Gwen watched the kettle boil.",
        "--actor", "Gwen Tallis", "--code", "Trust", "--at", "2016-04-06")  # fmt: skip
    cli("add", "--title", "Rota", "--body", "Rhys Penhallow spoke about the rota.",
        "--code", "Trust", "--at", "2016-04-07")  # fmt: skip


def test_a_code_report_holds_no_real_name_and_no_withheld_excerpt(cli: Cli) -> None:
    journal(cli)
    out = cli.cwd / "trust.docx"
    cli("report", "--code", "Trust", str(out), "--author", "IŞIL KILIÇ")
    assert leaks(out) == []
    text = plain(out)
    assert "Omar said" in text and "ANNE CARTER'S" in text and "Dr said" not in text
    assert "kettle" not in text  # linked to an observe_only participant
    assert "rota" not in text  # names a no_quotes participant without being linked


def test_a_chapter_export_widens_cut_quotes_and_clears_its_properties(cli: Cli) -> None:
    journal(cli)
    board = cli("list", "--json").json()
    board_id = next(e["id"] for e in board if e["title"] == "Board")
    draft = cli.cwd / "chapter.md"
    draft.write_text(
        "---\ntitle: Notes on IŞIL KILIÇ and Yıldız\n---\n\n# Board\n"
        f"[[quote:{board_id[:8]}|garet Hol\u00adloway wrote]]\n\n"
        f"[[quote:{board_id[:8]}|Ahmed said MAGGIE'S plan]]\n",
        encoding="utf-8",
    )
    chapter_id = cli("chapter", "import", str(draft)).line
    out = cli.cwd / "chapter.docx"
    cli("chapter", "export", chapter_id[:8], str(out), "--author", "JÜRGEN WEISS", "--sources")
    assert leaks(out) == []
    core = docx_text(out)["docProps/core.xml"]
    assert "Ece Demir" in core or "ECE DEMIR" in core
    assert "Anne Carter wrote" in plain(out)


def test_imports_merge_and_never_weaken_protection(cli: Cli) -> None:
    journal(cli)
    before = cli("actor", "list", "--json").json()
    lowering = cli.cwd / "lower.jsonl"
    lowering.write_text(
        '{"type": "actor", "name": "Gwen Tallis", "kind": "person"}\n'
        '{"type": "actor", "name": "Rhys Penhallow", "consent": "consented"}\n',
        encoding="utf-8",
    )
    assert "line 2" in cli.fails("import", str(lowering))
    twice = cli.cwd / "twice.jsonl"
    twice.write_text(
        '{"type": "actor", "name": "Gwen Tallis", "role": "Cook"}\n'
        '{"type": "actor", "name": "Gwen Tallis", "role": "Chef"}\n',
        encoding="utf-8",
    )
    problem = cli.fails("import", str(twice))
    assert "line 1" in problem and "line 2" in problem
    assert cli("actor", "list", "--json").json() == before

    merging = cli.cwd / "merge.jsonl"
    merging.write_text('{"type": "actor", "name": "Rhys Penhallow"}\n', encoding="utf-8")
    cli("import", str(merging))
    (rhys,) = [a for a in cli("actor", "list", "--json").json() if a["name"] == "Rhys Penhallow"]
    assert (rhys["consent"], rhys["pseudonym"]) == ("no_quotes", "Owen Pike")
    assert json.dumps(cli("actor", "list", "--json").json()) == json.dumps(before)
