"""End-to-end: actors, codes and coded segments through the installed command."""

from __future__ import annotations

from tests.e2e.conftest import Cli


def test_actor_add_and_list(cli: Cli) -> None:
    cli("actor", "add", "Millbrook CVS", "--kind", "organisation", "--sector", "voluntary")
    actor_id = cli(
        "actor", "add", "Maya Okafor",
        "--sector", "voluntary",
        "--pseudonym", "Ruth",
        "--alias", "MO",
        "--alias", "the chief officer",
        "--consent", "no_quotes",
        "--affiliation", "Millbrook CVS",
        "--role", "Chief officer",
    ).line  # fmt: skip
    actors = {a["name"]: a for a in cli("actor", "list", "--json").json()}
    maya = actors["Maya Okafor"]
    assert maya["id"] == actor_id
    assert (maya["sector"], maya["pseudonym"], maya["consent"], maya["affiliation"]) == (
        "voluntary",
        "Ruth",
        "no_quotes",
        "Millbrook CVS",
    )
    assert maya["aliases"] == ["MO", "the chief officer"]
    assert actors["Millbrook CVS"]["kind"] == "organisation"
    assert "exists already" in cli.fails("actor", "add", "mo")


def test_code_add_list_and_apply(cli: Cli) -> None:
    assert cli(
        "code", "add", "Trust/System trust", "--description", "d", "--colour", "#AA00CC"
    ).line == ("Trust/System trust")
    codes = {c["path"]: c for c in cli("code", "list", "--json").json()}
    assert set(codes) == {"Trust", "Trust/System trust"}
    assert (codes["Trust/System trust"]["description"], codes["Trust/System trust"]["colour"]) == (
        "d",
        "#aa00cc",
    )
    entry_id = cli("add", "--body", "She said the CVS is a delivery arm.").line
    segment_id = cli(
        "code", "apply", entry_id[:8], "Trust/System trust", "--start", "9", "--end", "16"
    ).line
    shown = cli("show", entry_id, "--json").json()
    assert shown["segments"] == [
        {"id": segment_id, "code": "Trust/System trust", "start": 9, "end": 16, "text": "the CVS"}
    ]
    problem = cli.fails("code", "apply", entry_id, "Trust", "--start", "5", "--end", "500")
    assert "outside the text" in problem
