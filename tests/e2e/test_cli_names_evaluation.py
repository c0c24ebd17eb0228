"""End-to-end: an evaluation with names and notes of its own, through the installed command.

Participants with German, Turkish, Nordic, Irish, Spanish, Portuguese, Polish,
Vietnamese and transliterated Arabic names, with titles, and with names that are
ordinary words; notes that write them the way people do. Every pseudonymising export
(chapter, code report, REFI-QDA project, charts) is read back by ``scan_names``, a
reader of this test's own. All names are fictional.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.e2e.conftest import Cli
from tests.e2e.scan_names import Needle, leaks, needles, text_of

# name, pseudonym, aliases, consent, extra options
ACTORS: list[tuple[str, str, list[str], str, list[str]]] = [
    ("Dr Jürgen Größmann-Weiß", "Dr Paul Lenz", ["Jogi"], "consented", []),
    ("İpek Çağlayan", "Selin Akar", [], "consented", []),
    ("Prof. Şükrü Yılmazoğlu", "Prof Kaan Demirci", [], "consented", []),
    ("Søren Kjærgård", "Lars Moe", [], "consented", []),
    ("Åsa Bjørnstad", "Ingrid Lunde", [], "consented", []),
    ("Siobhán Ó Ceallaigh", "Nora Keane", [], "consented", []),
    ("Declan O'Driscoll", "Colm Hayes", [], "consented", []),
    ("Ciarán MacGiolla", "Eoin Walsh", [], "consented", []),
    ("María José Fernández de la Vega", "Elena Soto", [], "consented", []),
    ("João Gonçalves Araújo", "Rui Costa", [], "consented", []),
    ("Grzegorz Brzęczyszczykiewicz", "Adam Nowak", [], "consented", []),
    ("Łucja Wąsowska", "Ewa Zając", [], "consented", []),
    ("Nguyễn Thị Thuỷ", "Lê Lan", [], "consented", []),
    ("Phạm Quỳnh Hương", "Đỗ Vy", [], "consented", []),
    ("Abd al-Sattar Haddad", "Omar Nasr", [], "consented", []),
    ("Khadija Al-Mansouri", "Layla Saleh", [], "consented", []),
    ("Cllr Bronwen Pritchard", "Cllr Nia Evans", [], "consented", []),
    ("Revd Tobias Featherstonehaugh", "Revd Simon Dunn", [], "consented", []),
    ("Hope Bishop", "Ruth Olsen", [], "consented", []),
    ("Eleanor Rose", "Clare Dobbs", [], "consented", []),
    ("Martin Green", "Neil Platt", [], "consented", []),
    ("Mark Price", "Dean Tully", [], "consented", ["--common-word"]),
    ("Torsten Åkerlund", "Nils Berg", [], "observe_only", []),
    ("Niamh Ní Fhlatharta", "Aoife Kerr", [], "no_quotes", []),
    ("Bartholomew Quennell-Ashby", "Hugh Marsh", [], "withdrawn", []),
]
ORDINARY = frozenset({"hope", "bishop", "rose", "green", "price", "mark", "may"})
# Sentences of ordinary words that must leave exactly as written.
KEPT = [
    "I hope the sun rose over a green field; the price rose in May, mark my words.",
    "We hope for a bishop's visit and a green light before the price goes up.",
]

NOTES: dict[str, tuple[str, list[str]]] = {
    "German and Turkish": (
        "Met Dr Jürgen Größmann-Weiß at the depot. JUERGEN GROESSMANN wrote from "
        "juergen.groessmann@stadtwerke.example and "
        "https://stadtwerke.example/team/juergen-grossmann; Grossmann alone, Weiss too, "
        "and @jgroessmann tagged #GroßmannRaus. İpek Çağlayan, IPEK CAGLAYAN and Ipek "
        "Caglayan joined; Çağlayan's notes and ÇAĞLAYAN'S plan. Şükrü Yılmazoğlu came: "
        "Sukru Yilmazoglu, SUKRU YILMAZOGLU, ŞÜKRÜ YILMAZOĞLU, Yilmazoglu's car. " + KEPT[0],
        ["Dr Jürgen Größmann-Weiß"],
    ),
    "Nordic and Irish": (
        "Søren Kjærgård (Soren Kjaergaard, Soeren Kjaergard) met Åsa Bjørnstad (Aasa "
        "Bjoernstad, Asa Bjornstad). Siobhán Ó Ceallaigh (siobhan o ceallaigh, SIOBHÁN Ó "
        "CEALLAIGH, Siobhan O Ceallaigh) and Declan O’Driscoll (O'Driscoll, ODriscoll, "
        "O Driscoll, O‐Driscoll, O'DRISCOLL'S) spoke. Ciarán MacGiolla, Ciaran McGiolla "
        "and MACGIOLLA came. " + KEPT[1],
        ["Søren Kjærgård"],
    ),
    "Iberian and Polish": (
        "María José Fernández de la Vega said it; Fernandez de la Vega and María-José "
        "agreed, Maria Jose later. João Gonçalves Araújo (Joao Goncalves Araujo; "
        "Gonçalves Araújo; Araujo alone) and Grzegorz Brzęczyszczykiewicz "
        "(Brzeczyszczykiewicz) met Łucja Wąsowska (Lucja Wasowska, ŁUCJA WĄSOWSKA).",
        ["João Gonçalves Araújo"],
    ),
    "Vietnamese and Arabic": (
        "Nguyễn Thị Thuỷ (Nguyen Thi Thuy, NGUYỄN THỊ THUỶ) and Phạm Quỳnh Hương (Pham "
        "Quynh Huong) met Abd al-Sattar Haddad (Abdulsattar Haddad, Abdel Sattar, "
        "Haddad's) and Khadija Al-Mansouri (Khadija al Mansouri, Al Mansouri, "
        "Almansouri, KHADIJA).",
        [],
    ),
    "Titles and words": (
        "Cllr Bronwen Pritchard and Revd Tobias Featherstonehaugh met Hope Bishop; then "
        "Bishop spoke, and later Hope. Eleanor Rose argued with Dr Martin Green, and Green "
        "left before Rose. Mark Price came in May; Mr Price and Price's wife. Councillor "
        "Pritchard and the Revd Featherstonehaugh stayed.",
        ["Cllr Bronwen Pritchard"],
    ),
    "Written oddly": (
        "## Visit to Bron\u00adwen Prit\u200bchard\n\n- Søren\u200dKjærgård\n"
        "- Åsa\u2060Bjørnstad\n- \ufeffİpek Çağ\u200clayan\n\n**Bron**wen said "
        "*Featherstone*haugh was late. Brzęczyszczykie-\nwicz wrote to "
        "O\u2019Dris\u00adcoll and MariaJoseFernandez; tobias_featherstonehaugh and "
        "bronwen.pritchard@council.example replied.",
        [],
    ),
    "Observed": ("Torsten Åkerlund watched the kettle boil.", ["Torsten Åkerlund"]),
    "Named only": ("Niamh Ni Fhlatharta spoke about the rota.", []),
    "Withdrawn linked": ("The allotment gate was mended.", ["Bartholomew Quennell-Ashby"]),
    "Withdrawn named": ("QUENNELL-ASHBY complained about the minibus.", []),
}
WITHHELD = ["kettle", "rota", "allotment", "minibus"]


Built = tuple[Cli, dict[str, str]]


def all_needles() -> list[Needle]:
    found = []
    for name, _, aliases, _, _ in ACTORS:
        found += needles(name, [name, *aliases], ORDINARY)
    return found


def build(cli: Cli) -> dict[str, str]:
    """The journal: every actor, every note coded Eval; the ids of the notes by title."""
    for name, pseudonym, aliases, consent, extra in ACTORS:
        names = [a for alias in aliases for a in ("--alias", alias)]
        cli("actor", "add", name, "--pseudonym", pseudonym, "--consent", consent,
            "--kind", "person", *names, *extra)  # fmt: skip
    for day, (title, (body, linked)) in enumerate(NOTES.items(), start=1):
        actors = [a for name in linked for a in ("--actor", name)]
        cli("add", "--title", title, "--body", body, "--code", "Eval",
            "--at", f"2024-05-{day:02d}T10:00", *actors)  # fmt: skip
    return {e["title"]: e["id"] for e in cli("list", "--json").json()}


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """One journal for the module: building it starts the command some forty times."""
    root = tmp_path_factory.mktemp("evaluation")
    (root / "work").mkdir()
    cli = Cli(root / "fieldwork", root / "work")
    return cli, build(cli)


def assert_clean(path: Path) -> None:
    assert leaks(path, all_needles(), ["in May"]) == []


def test_a_code_report_leaves_no_name_and_keeps_ordinary_words(journal: Built) -> None:
    cli, _ = journal
    out = cli.cwd / "eval.docx"
    cli("report", "--code", "Eval", str(out), "--author", "PROF. ŞÜKRÜ YILMAZOĞLU")
    assert_clean(out)
    text = " ".join(text_of(out).split())
    for sentence in KEPT:
        assert sentence in text
    for word in WITHHELD:
        assert word not in text


def test_a_chapter_export_leaves_no_name(journal: Built) -> None:
    cli, ids = journal
    german, words, odd = ids["German and Turkish"], ids["Titles and words"], ids["Written oddly"]
    segment_note = ids["Nordic and Irish"]
    body = NOTES["Nordic and Irish"][0]
    start = body.index("ren Kjærgård")
    cli("code", "apply", segment_note[:8], "Cut", "--start", str(start),
        "--end", str(start + len("ren Kjærgård (Soren Kjae")))  # fmt: skip
    segment = cli("code", "segments", "Cut", "--json").json()[0]["id"]
    draft = cli.cwd / "chapter.md"
    draft.write_text(
        "---\ntitle: Notes with ŞÜKRÜ YILMAZOĞLU and Søren Kjærgård\n---\n\n"
        "# Größmann, Ó Ceallaigh and **Bron**wen\n\n"
        "Prose about Ipek Caglayan, Mar*ía* José and O’Driscoll’s brother.\n\n"
        f"[[quote:{german[:8]}|rgen Größmann-Weiß at the de]]\n\n"
        f"[[quote:{words[:8]}|n Pritchard and Revd Tobias Feather]]\n\n"
        f"[[entry:{odd[:8]}]]\n\n"
        f"[[segment:{segment[:8]}]]\n\n"
        "## Everything\n\n[[code:Eval]]\n",
        encoding="utf-8",
    )
    chapter = cli("chapter", "import", str(draft)).line
    out = cli.cwd / "chapter.docx"
    cli("chapter", "export", chapter[:8], str(out), "--author", "CLLR BRONWEN PRITCHARD",
        "--sources")  # fmt: skip
    assert_clean(out)
    text = " ".join(text_of(out).split())
    for sentence in KEPT:
        assert sentence in text
    for word in WITHHELD:
        assert word not in text


def test_the_refi_qda_project_leaves_no_name(journal: Built) -> None:
    cli, _ = journal
    out = cli.cwd / "project.qdpx"
    cli("qdpx", "export", str(out))
    assert_clean(out)
    with zipfile.ZipFile(out) as package:
        every = " ".join(
            package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".txt")
        )
    assert KEPT[0] in " ".join(every.split())


@pytest.mark.parametrize("view", ["codes-by-actor", "network"])
@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".csv"])
def test_charts_leave_no_name(journal: Built, view: str, suffix: str) -> None:
    cli, _ = journal
    out = cli.cwd / f"{view}{suffix}"
    cli("chart", view, str(out))
    assert_clean(out)


def test_imports_of_other_shapes_never_weaken_protection(journal: Built) -> None:
    cli, _ = journal
    before = cli("actor", "list", "--json").json()
    cases = {
        # lowering consent, in another letter case and with extra spaces in the name
        '{"type": "actor", "name": "niamh ní fhlatharta", "consent": "unknown"}': "line 1",
        '{"type": "actor", "name": "Torsten Åkerlund", "pseudonym": null}': "line 1",
        '{"type": "actor", "name": "Søren Kjærgård", "aliases": []}': None,
        '{"type": "actor", "name": "Bartholomew Quennell-Ashby", "consent": "observe_only"}': (
            "line 1"
        ),
    }
    for record, expected in cases.items():
        path = cli.cwd / "in.jsonl"
        path.write_text(record + "\n", encoding="utf-8")
        if expected is None:
            cli("import", str(path))
        else:
            assert expected in cli.fails("import", str(path)), record
    assert cli("actor", "list", "--json").json() == before
