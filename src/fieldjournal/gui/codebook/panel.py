"""The codebook panel: the code tree with create, rename, move, merge, colour,
description, category (not applied) and delete, each an undoable command, and Report to
Word… (a code report with the command line's options, exported on a worker thread with
progress).

Dialog-like questions go through small injectable callables (``ask_text``,
``ask_choice``, ``ask_colour``, ``confirm``) so tests answer them without a modal loop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from fieldjournal.domain.codepaths import is_within
from fieldjournal.domain.records import Code
from fieldjournal.domain.wording import counted
from fieldjournal.gui import commands as uc
from fieldjournal.gui.codebook.report_dialog import CodeReportDialog
from fieldjournal.gui.codebook.tree_model import PATH_ROLE, SORT_ROLE, CodeTreeModel
from fieldjournal.gui.widgets.empty_state import EmptyState
from fieldjournal.gui.widgets.errors import message_for
from fieldjournal.gui.widgets.export_progress import ExportProgress
from fieldjournal.gui.widgets.export_report import report_html, report_lines
from fieldjournal.services.chapter_service import ExportOptions, ExportReport

if TYPE_CHECKING:
    from fieldjournal.gui.operations import Changed, Operations

TextAsker = Callable[[QWidget, str, str, str, bool], tuple[str, bool]]
ChoiceAsker = Callable[[QWidget, str, str, list[str]], tuple[str, bool]]
ColourAsker = Callable[[QWidget, QColor], QColor | None]
Confirmer = Callable[[QWidget, str, str], bool]
ReportAsker = Callable[
    [QWidget, list[str], str, Path, ExportOptions],
    tuple[tuple[str, Path, ExportOptions] | None, bool],
]
ReportShower = Callable[[QWidget, ExportReport], None]


def ask_text(
    parent: QWidget, title: str, label: str, text: str, multiline: bool
) -> tuple[str, bool]:
    if multiline:
        return QInputDialog.getMultiLineText(parent, title, label, text)
    return QInputDialog.getText(parent, title, label, text=text)


def ask_choice(parent: QWidget, title: str, label: str, items: list[str]) -> tuple[str, bool]:
    return QInputDialog.getItem(parent, title, label, items, 0, True)


def ask_colour(parent: QWidget, current: QColor) -> QColor | None:
    chosen = QColorDialog.getColor(current, parent, "Code colour")
    return chosen if chosen.isValid() else None


def confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def ask_report(
    parent: QWidget, codes: list[str], current: str, folder: Path, defaults: ExportOptions
) -> tuple[tuple[str, Path, ExportOptions] | None, bool]:
    return CodeReportDialog.get_report(codes, current, folder, defaults, parent)


def show_report(parent: QWidget, report: ExportReport) -> None:
    QMessageBox.information(parent, "Code report", "\n\n".join(report_lines(report)))


class CodebookPanel(QWidget):
    """Mounted by the main window; emits ``code_activated(path)`` on Enter/double-click."""

    code_activated = Signal(str)

    def __init__(self, ops: Operations, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("codebookPanel")
        self.setAccessibleName("Codebook")
        self.ops, self.journal, self.undo_stack = ops, ops.journal, undo_stack
        self.ask_text: TextAsker = ask_text
        self.ask_choice: ChoiceAsker = ask_choice
        self.ask_colour: ColourAsker = ask_colour
        self.confirm: Confirmer = confirm
        self.ask_report: ReportAsker = ask_report
        self.show_report: ReportShower = show_report
        self.report_folder = Path.home()
        self.report_defaults: Callable[[], ExportOptions] = ExportOptions
        self._export: ExportProgress | None = None

        self.model = CodeTreeModel(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter codes")
        self.filter.setAccessibleName("Filter codes")
        self.filter.setClearButtonEnabled(True)
        self.view = QTreeView(self)  # made after the filter above it: Tab reaches it first
        self.view.setObjectName("codeTree")
        self.view.setAccessibleName("Code tree")
        self.view.setAccessibleDescription(
            "Codes of the codebook. F2 renames, Insert adds a child, Delete removes; drag a "
            "code onto another to move it, or onto selected text to code it."
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setAutoAcceptChildRows(True)
        self.proxy.setFilterRole(PATH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(SORT_ROLE)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.filter.textChanged.connect(self._filter)
        self.empty = EmptyState(self.view, self._empty_hint)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.status = QLabel(self)
        self.status.setObjectName("codebookStatus")
        self.status.setAccessibleName("Codebook status")
        self.status.setWordWrap(True)

        self.actions_by_name: dict[str, QAction] = {}
        # A tool bar, not a row of buttons: when the panel is narrow the buttons that do not
        # fit go into its overflow menu, so the codebook never widens the window.
        buttons = QToolBar("Codebook", self)
        buttons.setObjectName("codebookToolBar")
        buttons.setAccessibleName("Codebook actions")
        buttons.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        buttons.setIconSize(QSize(0, 0))
        for name, text, shortcut, slot, tip in (
            ("new", "New code", "Ctrl+Shift+K", self.new_top_code, "Add a top-level code"),
            ("child", "New child", "Ins", self.new_child_code, "Add a code under the selected one"),
            ("rename", "Rename", "F2", self.rename_current, "Rename the selected code"),
            ("merge", "Merge…", "Ctrl+Shift+M", self.merge_current, "Merge into another code"),
            ("colour", "Colour…", "", self.recolour_current, "Choose the code's colour"),
            ("describe", "Description…", "", self.describe_current, "Describe the code"),
            ("delete", "Delete", "Del", self.delete_current, "Delete the code and its codings"),
            (
                "report",
                "Report to Word…",
                "",
                self.report_current,
                "Every excerpt under the code, by sub-code, to a Word document",
            ),
        ):
            action = QAction(text, self)
            action.setObjectName(f"codebook_{name}")
            action.setToolTip(tip)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            self.view.addAction(action)
            self.actions_by_name[name] = action
            if name in ("new", "child", "merge", "colour", "delete", "report"):
                buttons.addAction(action)
                buttons.widgetForAction(action).setAccessibleName(text.rstrip("…"))
        category = QAction("Category (not applied)", self)
        category.setObjectName("codebook_category")
        category.setCheckable(True)
        category.setToolTip(
            "A category groups codes and is not applied itself; other QDA tools read it "
            "as not codable"
        )
        category.triggered.connect(self.set_category)
        self.addAction(category)
        self.view.insertAction(self.actions_by_name["delete"], category)  # after Description…
        self.actions_by_name["category"] = category

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(buttons)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

        self.model.rename_requested.connect(self._rename)
        self.model.move_requested.connect(self._move)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().currentChanged.connect(self._update_actions)
        ops.changed.connect(self._on_changed)
        ops.failed.connect(self._failed)
        self.reload()

    # --- state -------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the codebook, keeping expanded branches and the current code."""
        current = self.current_path()
        expanded = {p for p in self.model.paths() if self.view.isExpanded(self.view_index(p))}
        first = not self.model.paths()
        codes = self.journal.list_codes()
        self.model.set_codes(codes)
        if first:
            self.view.expandAll()
        else:
            for path in expanded:
                self.view.setExpanded(self.view_index(path), True)
        if current:
            self.select_code(current)
        self.status.setText(counted(len(codes), "code") if codes else "No codes yet: add one.")
        self._update_actions()

    def _on_changed(self, changed: Changed) -> None:
        changes = changed.changes
        if changes.codes or changes.segments:
            self.reload()

    def view_index(self, path: str) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.index_of(path))

    def _code_at(self, view_index: QModelIndex) -> Code | None:
        return self.model.code_at(self.proxy.mapToSource(view_index))

    def _empty_hint(self) -> str:
        wanted = self.filter.text().strip()
        if wanted:
            return f"No code matches “{wanted}”."
        return (
            "No codes yet.\n\nCtrl+Shift+K adds a code. Or select words in an entry and "
            "press Ctrl+Shift+C to code them, with a new code or one of these."
        )

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.view.expandAll()
        self.empty.update_hint()  # an empty codebook filtered has no rows to signal

    def current_path(self) -> str | None:
        code = self._code_at(self.view.currentIndex())
        return code.path if code else None

    def select_code(self, path: str) -> None:
        index = self.view_index(path)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _update_actions(self, *_: object) -> None:
        code = self._code_at(self.view.currentIndex())
        for name in (
            "child",
            "rename",
            "merge",
            "colour",
            "describe",
            "category",
            "delete",
            "report",
        ):
            self.actions_by_name[name].setEnabled(code is not None)
        self.actions_by_name["category"].setChecked(code is not None and not code.codable)

    def _activated(self, index: QModelIndex) -> None:
        code = self._code_at(index)
        if code is not None:
            self.code_activated.emit(code.path)

    # --- commands ----------------------------------------------------------------------
    def _push(self, command_factory: Callable[[], uc.JournalCommand]) -> bool:
        """Build and push a command as an action; a refused edit is reported, not raised."""
        return uc.push(self.undo_stack, command_factory(), initiator=self)

    def _failed(self, error: BaseException, _loud: bool, initiator: object) -> None:
        if initiator is self:
            self.status.setText(message_for(error))  # beside the code it is about, too

    def new_top_code(self) -> None:
        self._new_code(None)

    def new_child_code(self) -> None:
        self._new_code(self.current_path())

    def _new_code(self, parent: str | None) -> None:
        label = f"Name of the new code under {parent}:" if parent else "Name of the new code:"
        name, ok = self.ask_text(self, "New code", label, "", False)
        if not ok or not name.strip():
            return
        path = f"{parent}/{name.strip()}" if parent else name.strip()
        command = uc.CreateCodeCommand(self.ops, path)
        if self._push(lambda: command):
            self.select_code(command.path)

    def rename_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index.siblingAtColumn(0))

    def _rename(self, path: str, name: str) -> None:
        self._push(lambda: uc.RenameCodeCommand(self.ops, path, name))

    def _move(self, path: str, new_parent: str | None) -> None:
        self._push(lambda: uc.MoveCodeCommand(self.ops, path, new_parent))

    def merge_current(self) -> None:
        source = self.current_path()
        if source is None:
            return
        targets = [p for p in self.model.paths() if not is_within(p, source)]
        if not targets:
            self.status.setText("There is no other code to merge into.")
            return
        target, ok = self.ask_choice(
            self, "Merge code", f"Merge {source} into (its codings move there):", targets
        )
        if ok and target:
            self._push(lambda: uc.MergeCodesCommand(self.ops, source, target))

    def recolour_current(self) -> None:
        code = self._code_at(self.view.currentIndex())
        if code is None:
            return
        colour = self.ask_colour(self, QColor(code.colour))
        if colour is not None and colour.isValid():
            name = colour.name()
            self._push(lambda: uc.UpdateCodeCommand(self.ops, code.path, colour=name))

    def describe_current(self) -> None:
        code = self._code_at(self.view.currentIndex())
        if code is None:
            return
        text, ok = self.ask_text(
            self, "Code description", f"What {code.path} means:", code.description, True
        )
        if ok and text != code.description:
            self._push(lambda: uc.UpdateCodeCommand(self.ops, code.path, description=text))

    def set_category(self, category: bool) -> None:
        """Make the current code a category (not applied) or codable again; undoable."""
        code = self._code_at(self.view.currentIndex())
        if code is not None and code.codable == category:
            path = code.path
            self._push(lambda: uc.UpdateCodeCommand(self.ops, path, codable=not category))
        self._update_actions()  # a refused change leaves the box as the code is

    def delete_current(self) -> None:
        path = self.current_path()
        if path is None:
            return
        codes = [self.model.code_at(self.model.index_of(p)) for p in self.model.paths()]
        used = sum(c.entry_count + c.segment_count for c in codes if c and is_within(c.path, path))
        if used and not self.confirm(
            self,
            "Delete code",
            f"Delete {path}, its children and {counted(used, 'coding')}? You can undo this.",
        ):
            return
        self._push(lambda: uc.DeleteCodeCommand(self.ops, path))

    # --- report ------------------------------------------------------------------------
    def report_current(self) -> bool:
        """Report to Word…: ask, then export on a worker thread with progress."""
        path = self.current_path()
        if path is None or (self._export is not None and self.report_running()):
            return False
        chosen, ok = self.ask_report(
            self, self.model.paths(), path, self.report_folder, self.report_defaults()
        )
        if not ok or chosen is None:
            return False
        code, target, options = chosen
        export = ExportProgress(self.ops, "Code report to Word", self)
        export.finished.connect(self._reported)
        self._export = export
        self.status.setText(f"Writing the report on {code}…")
        started = export.start(
            lambda: self.journal.export_code_report_steps(code, target, options), initiator=self
        )
        if not started:
            self._export = None
        return started

    def report_running(self) -> bool:
        return self._export is not None and self._export.report is None

    def _reported(self, report: ExportReport | None) -> None:
        export, self._export = self._export, None
        if report is not None:
            self.status.setText(report_html(report))
            self.show_report(self, report)
        elif export is not None and export.cancel.is_set():
            self.status.setText("Report cancelled; no file was written.")
