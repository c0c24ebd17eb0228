"""The actor register and its dialog, driven through the real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.domain.enums import Consent, Sector
from fieldjournal.domain.records import Actor
from fieldjournal.gui.actors.dialog import ActorDialog
from fieldjournal.gui.actors.panel import ActorAsker, ActorPanel
from fieldjournal.gui.operations import Operations


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j") as j:
        j.add_actor("Millbrook CVS", kind="organisation", sector="voluntary")
        j.add_actor("Orla Penhale", sector="nhs", role="Programme lead", consent="no_quotes")
        j.add_entry(title="Board", body="Orla spoke.", actors=["Orla Penhale"])
        j.add_entry(title="Drop-in", body="Orla again.", actors=[("Orla Penhale", "mentioned")])
        yield j


@pytest.fixture
def panel(qtbot: QtBot, journal: Journal) -> ActorPanel:
    widget = ActorPanel(Operations(journal), QUndoStack(), None)
    qtbot.addWidget(widget)
    widget.resize(640, 420)
    return widget


def answer(values: dict[str, Any]) -> ActorAsker:
    """A stand-in for ActorDialog.ask that edits the dialog's own values."""

    def ask(
        parent: QWidget, actor: Actor | None, organisations: list[str]
    ) -> tuple[dict[str, Any], bool]:
        dialog = ActorDialog(parent, actor, organisations)
        result = {**dialog.values(), **values}
        dialog.deleteLater()
        return result, True

    return ask


def test_models_pass_the_tester_and_show_the_register(
    qtmodeltester: ModelTester, panel: ActorPanel
) -> None:
    qtmodeltester.check(panel.model)
    model = panel.model
    orla = model.row_of(panel.journal.get_actor("Orla Penhale").id)
    cells = [model.index(orla, c).data() for c in range(model.columnCount())]
    assert cells == ["Orla Penhale", "Person", "NHS", "Programme lead", "", "No quotes", 2]
    assert "do not quote" in model.index(orla, 0).data(Qt.ItemDataRole.ToolTipRole)
    panel.select_actor(panel.journal.get_actor("Orla Penhale").id)
    qtmodeltester.check(panel.linked_model)
    assert panel.linked_model.rowCount() == 2
    assert panel.linked_label.text() == "Entries linked to Orla Penhale (2)"


def test_every_control_has_an_accessible_name(panel: ActorPanel) -> None:
    panel.show()
    controls = [
        w
        for w in panel.findChildren(QWidget)
        if w.isVisibleTo(panel) and w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    assert len(controls) >= 6
    assert [w for w in controls if not w.accessibleName()] == []


def test_filter_by_alias(panel: ActorPanel) -> None:
    panel.journal.update_actor("Orla Penhale", aliases=["the lead"])
    panel.filter.setText("THE LEAD")
    assert panel.proxy.rowCount() == 1
    assert panel.proxy.index(0, 0).data() == "Orla Penhale"


def test_create_edit_undo(panel: ActorPanel) -> None:
    journal = panel.journal
    panel.ask_actor = answer(
        {"name": "Tam Rudd", "sector": "voluntary", "affiliation": "Millbrook CVS"}
    )
    panel.actions_by_name["new"].trigger()
    tam = journal.get_actor("Tam Rudd")
    assert (tam.sector, tam.affiliation) == (Sector.VOLUNTARY, "Millbrook CVS")
    current = panel.current_actor()
    assert current is not None and current.name == "Tam Rudd"
    panel.ask_actor = answer(
        {"pseudonym": "P12", "aliases": ["Tam", "T.R."], "consent": "consented"}
    )
    panel.actions_by_name["edit"].trigger()
    tam = journal.get_actor("Tam Rudd")
    assert (tam.pseudonym, tam.aliases, tam.consent) == ("P12", ("Tam", "T.R."), Consent.CONSENTED)
    assert panel.undo_stack.count() == 2
    panel.undo_stack.undo()
    assert journal.get_actor("Tam Rudd").pseudonym == ""
    panel.undo_stack.undo()
    assert "Tam Rudd" not in [a.name for a in journal.list_actors()]
    panel.undo_stack.redo()
    panel.undo_stack.redo()
    assert journal.get_actor("Tam").pseudonym == "P12"


def test_merge_asks_and_warns(panel: ActorPanel) -> None:
    journal = panel.journal
    journal.add_actor("O. Penhale")
    panel.select_actor(journal.get_actor("O. Penhale").id)
    panel.ask_choice = lambda _p, _t, _l, items: ("Orla Penhale", "Orla Penhale" in items)
    warned: list[str] = []

    def refuse(_parent: QWidget, _title: str, text: str) -> bool:
        warned.append(text)
        return False

    panel.confirm = refuse
    panel.actions_by_name["merge"].trigger()
    assert "cannot be undone" in warned[0]
    assert "O. Penhale" in [a.name for a in journal.list_actors()]
    panel.confirm = lambda *_: True
    panel.actions_by_name["merge"].trigger()
    assert "O. Penhale" in journal.get_actor("Orla Penhale").aliases
    current = panel.current_actor()
    assert current is not None and current.name == "Orla Penhale"


def test_linked_entry_opens_and_errors_show(qtbot: QtBot, panel: ActorPanel) -> None:
    panel.select_actor(panel.journal.get_actor("Orla Penhale").id)
    first = panel.linked_model.index(0, 0)
    with qtbot.waitSignal(panel.entry_requested) as blocker:
        panel.linked.activated.emit(first)
    assert blocker.args[0] in {e.id for e in panel.journal.list_entries()}
    panel.ask_actor = answer({"name": "Millbrook CVS"})
    panel.actions_by_name["new"].trigger()
    assert "exists already" in panel.status.text()


def test_dialog_fields_completion_and_accessibility(
    qtbot: QtBot, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    orla = journal.get_actor("Orla Penhale")
    dialog = ActorDialog(None, orla, ["Millbrook CVS", "Orla Penhale"])
    qtbot.addWidget(dialog)
    assert dialog.values()["consent"] == "no_quotes"
    assert dialog.values()["sector"] == "nhs"
    completer = dialog.affiliation.completer()
    completer.setCompletionPrefix("brook")
    assert completer.currentCompletion() == "Millbrook CVS"
    dialog.name.clear()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    for widget in dialog.findChildren(QWidget):
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisibleTo(dialog):
            assert widget.accessibleName(), widget
    monkeypatch.setattr(ActorDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    values, accepted = ActorDialog.ask(None, None, [])
    assert accepted and values["consent"] == "unknown" and values["name"] == ""


def test_pseudonym_and_consent_show_without_scrolling_in_a_narrow_panel(
    qtbot: QtBot, journal: Journal
) -> None:
    journal.add_actor("Bilal Moorcroft", pseudonym="Omar Finch", consent="consented")
    widget = ActorPanel(Operations(journal), QUndoStack(), None)
    qtbot.addWidget(widget)
    widget.resize(380, 420)  # the navigator's width in a 1024-px window
    widget.show()
    qtbot.waitExposed(widget)
    widget.reload()
    header = widget.table.horizontalHeader()
    shown = [
        header.model().headerData(header.logicalIndex(v), Qt.Orientation.Horizontal)
        for v in range(header.count())
    ]
    assert shown[:3] == ["Name", "Pseudonym", "Consent"]
    consent = header.logicalIndex(2)
    right = header.sectionViewportPosition(consent) + header.sectionSize(consent)
    assert right <= widget.table.viewport().width()
