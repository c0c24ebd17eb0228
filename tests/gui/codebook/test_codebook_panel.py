"""The codebook panel and its tree model, driven through the real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from fieldjournal import Journal
from fieldjournal.gui.codebook.panel import CodebookPanel
from fieldjournal.gui.codebook.tree_model import (
    CODE_MIME,
    CodeTreeModel,
    code_mime,
    paths_from_mime,
)
from fieldjournal.gui.operations import Operations
from tests.gui.helpers import failures


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "j") as j:
        yield j


@pytest.fixture
def panel(qtbot: QtBot, journal: Journal) -> CodebookPanel:
    entry = journal.add_entry(title="Board", body="Trust was thin; the chair led.")
    journal.add_entry_code(entry.id, "Trust/System trust")
    journal.code_segment(entry.id, "Trust/System trust", 0, 5)
    journal.code_segment(entry.id, "Leadership/Directive", 21, 29)
    journal.add_code("Power", description="Who decides", colour="#336699")
    widget = CodebookPanel(Operations(journal), QUndoStack(), None)
    qtbot.addWidget(widget)
    widget.resize(360, 320)
    return widget


def test_model_passes_the_tester_and_shows_counts(
    qtmodeltester: ModelTester, panel: CodebookPanel
) -> None:
    model = panel.model
    qtmodeltester.check(model)
    trust = model.index_of("Trust/System trust")
    assert trust.data() == "System trust"
    assert trust.siblingAtColumn(1).data() == 1
    assert trust.siblingAtColumn(2).data() == 1
    power = model.index_of("Power")
    assert power.data(Qt.ItemDataRole.ToolTipRole) == "Power\nWho decides"
    assert power.data(Qt.ItemDataRole.DecorationRole) == QColor("#336699")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "Leadership",
        "Power",
        "Trust",
    ]
    qtmodeltester.check(model)  # again after a reload through the journal
    panel.journal.add_code("Trust/Zeal")
    qtmodeltester.check(model)


def test_a_parent_shows_its_own_uses_and_the_total_with_its_children(
    panel: CodebookPanel,
) -> None:
    journal = panel.journal
    other = journal.add_entry(title="Market", body="Nobody trusted the scales.")
    journal.add_entry_code(other.id, "Trust")
    journal.add_entry_code(other.id, "Trust/Zeal")  # the same entry: counted once in all
    journal.code_segment(other.id, "Trust/Zeal", 0, 6)
    panel.reload()
    trust = panel.model.index_of("Trust")
    assert (trust.siblingAtColumn(1).data(), trust.siblingAtColumn(2).data()) == ("1 (2)", "0 (2)")
    assert "with the codes under it 2 entries, 2 coded passages" in str(
        trust.data(Qt.ItemDataRole.AccessibleTextRole)
    )
    zeal = panel.model.index_of("Trust/Zeal")
    assert (zeal.siblingAtColumn(1).data(), zeal.siblingAtColumn(2).data()) == (1, 1)
    code = journal.get_code("Trust")
    assert (code.entry_total, code.segment_total) == (code.entry_count, code.segment_count)
    listed = {c.path: c for c in journal.list_codes()}
    assert (listed["Trust"].entry_total, listed["Trust"].segment_total) == (2, 2)
    panel.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # by the totals
    assert panel.proxy.index(0, 0).data() == "Trust"


def test_create_rename_and_undo(panel: CodebookPanel) -> None:
    panel.select_code("Trust")
    panel.ask_text = lambda *_: ("Institutional", True)
    panel.actions_by_name["child"].trigger()
    assert panel.current_path() == "Trust/Institutional"
    assert panel.model.setData(panel.model.index_of("Trust/System trust"), "Faith")
    assert panel.journal.get_entry(panel.journal.list_entries()[0].id).codes == ("Trust/Faith",)
    assert panel.model.index_of("Trust/Faith").isValid()
    panel.undo_stack.undo()
    assert panel.model.index_of("Trust/System trust").isValid()
    panel.undo_stack.undo()
    assert not panel.model.index_of("Trust/Institutional").isValid()
    panel.ask_text = lambda *_: ("Voice", True)
    panel.actions_by_name["new"].trigger()
    assert "Voice" in panel.model.paths()


def test_drop_moves_under_a_code_or_to_the_top(panel: CodebookPanel) -> None:
    model = panel.model
    mime = model.mimeData([model.index_of("Leadership/Directive")])
    assert paths_from_mime(mime) == ["Leadership/Directive"]
    target = model.index_of("Power")
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    assert "Power/Directive" in model.paths()
    assert panel.journal.get_code("Power/Directive").segment_count == 1
    back = code_mime(["Power/Directive"])
    model.dropMimeData(back, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert "Directive" in model.paths()
    own = code_mime(["Trust"])
    assert not model.canDropMimeData(
        own, Qt.DropAction.MoveAction, -1, -1, model.index_of("Trust/System trust")
    )
    panel.undo_stack.undo()
    panel.undo_stack.undo()
    assert "Leadership/Directive" in model.paths()


def test_merge_colour_describe_delete(panel: CodebookPanel) -> None:
    journal = panel.journal
    panel.select_code("Leadership/Directive")
    panel.ask_choice = lambda _p, _t, _l, items: ("Power", "Power" in items)
    panel.actions_by_name["merge"].trigger()
    assert journal.get_code("Power").segment_count == 1
    assert panel.current_path() is None or panel.current_path() != "Leadership/Directive"
    panel.select_code("Power")
    panel.ask_colour = lambda _p, current: QColor("#ff8800") if current.isValid() else None
    panel.actions_by_name["colour"].trigger()
    assert journal.get_code("Power").colour == "#ff8800"
    panel.ask_text = lambda *_: ("Who decides, and how", True)
    panel.actions_by_name["describe"].trigger()
    assert journal.get_code("Power").description == "Who decides, and how"
    asked: list[str] = []

    def refuse(_parent: QWidget, _title: str, text: str) -> bool:
        asked.append(text)
        return False

    panel.confirm = refuse
    panel.actions_by_name["delete"].trigger()
    assert "1 coding?" in asked[0] and "Power" in panel.model.paths()
    panel.confirm = lambda *_: True
    panel.actions_by_name["delete"].trigger()
    assert "Power" not in panel.model.paths()
    for _ in range(4):
        panel.undo_stack.undo()
    assert journal.get_code("Leadership/Directive").segment_count == 1
    assert journal.get_code("Power").colour == "#336699"


def test_refused_edit_is_shown_in_the_panel(panel: CodebookPanel) -> None:
    errors = failures(panel.ops)
    panel.select_code("Trust/System trust")
    panel.model.setData(panel.model.index_of("Trust/System trust"), "Bad/Name")
    assert errors and "must not contain" in panel.status.text()
    assert panel.undo_stack.count() == 0


def test_activation_signal_and_accessible_controls(qtbot: QtBot, panel: CodebookPanel) -> None:
    panel.show()
    with qtbot.waitSignal(panel.code_activated) as blocker:
        panel.view.activated.emit(panel.view_index("Power"))
    assert blocker.args == ["Power"]
    panel.view.setFocus()
    panel.select_code("Trust")
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert panel.current_path() == "Trust/System trust"
    for widget in panel.findChildren(QWidget):
        if widget.isVisibleTo(panel) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            assert widget.accessibleName(), widget


def test_filter_keeps_ancestors_and_the_proxy_passes_the_tester(
    qtmodeltester: ModelTester, panel: CodebookPanel
) -> None:
    panel.filter.setText("SYSTEM")
    proxy = panel.proxy
    assert proxy.rowCount() == 1
    trust = proxy.index(0, 0)
    assert trust.data() == "Trust"
    assert proxy.index(0, 0, trust).data() == "System trust"
    panel.select_code("Trust/System trust")
    assert panel.current_path() == "Trust/System trust"
    qtmodeltester.check(proxy)
    panel.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    panel.filter.clear()
    assert proxy.rowCount() == 3


def test_model_alone_mime_round_trip(qapp: QApplication) -> None:
    model = CodeTreeModel()
    assert model.mimeTypes() == [CODE_MIME]
    assert paths_from_mime(code_mime(["A", "A/B"])) == ["A", "A/B"]
    assert model.rowCount() == 0 and not model.index_of("A").isValid()


def test_a_code_is_made_a_category_and_back_with_undo(panel: CodebookPanel) -> None:
    category = panel.actions_by_name["category"]
    view_actions = [a.objectName() for a in panel.view.actions()]
    assert view_actions.index("codebook_category") == view_actions.index("codebook_describe") + 1
    panel.select_code("Power")
    assert category.isEnabled() and not category.isChecked()
    category.trigger()
    assert panel.journal.get_code("Power").codable is False
    assert category.isChecked()
    index = panel.model.index_of("Power")
    assert index.data(Qt.ItemDataRole.FontRole).italic()
    assert "Category" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "a category" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert panel.undo_stack.undoText() == "Make Power a category"
    panel.undo_stack.undo()
    assert panel.journal.get_code("Power").codable is True
    assert not category.isChecked()
    assert not panel.model.index_of("Power").data(Qt.ItemDataRole.FontRole)
    panel.undo_stack.redo()
    assert panel.journal.get_code("Power").codable is False
    category.trigger()  # and codable again, by the same box
    assert panel.journal.get_code("Power").codable is True


def test_a_code_still_applied_is_not_made_a_category(panel: CodebookPanel) -> None:
    panel.select_code("Trust/System trust")
    panel.actions_by_name["category"].trigger()
    assert panel.journal.get_code("Trust/System trust").codable is True
    assert not panel.actions_by_name["category"].isChecked()
    assert "is applied in 1 entry" in panel.status.text()
    panel.select_code("Trust")  # its parent groups it and is applied nowhere itself
    panel.actions_by_name["category"].trigger()
    assert panel.journal.get_code("Trust").codable is False
