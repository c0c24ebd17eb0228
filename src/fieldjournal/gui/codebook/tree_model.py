"""The codebook as a Qt tree model: one row per code, children under their parent path.

The model is read-only towards the journal: renames (inline edits) and moves (drag and
drop) are announced with ``rename_requested`` / ``move_requested`` so the panel turns them
into undo commands; the model reloads when the journal says codes changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from fieldjournal.domain.codepaths import is_within
from fieldjournal.domain.records import Code
from fieldjournal.domain.wording import counted

CODE_MIME = "application/x-fieldjournal-code-paths"
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # the name folded, or the count with the codes under
CATEGORY_NOTE = "Category: groups codes, not applied itself"
COLUMNS = ("Code", "Entries", "Segments")

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invalid index, as the default "parent" argument


def code_mime(paths: list[str]) -> QMimeData:
    """Mime data carrying code paths, for drags within the codebook and onto the editor."""
    mime = QMimeData()
    mime.setData(CODE_MIME, QByteArray("\n".join(paths).encode("utf-8")))
    return mime


def _counts(code: Code, column: int) -> tuple[int, int]:
    """A count column's own number and its total with the codes under the code."""
    if column == 1:
        return code.entry_count, code.entry_total
    return code.segment_count, code.segment_total


def paths_from_mime(mime: QMimeData | None) -> list[str]:
    if mime is None or not mime.hasFormat(CODE_MIME):
        return []
    raw = bytes(mime.data(CODE_MIME).data()).decode("utf-8")
    return [p for p in raw.split("\n") if p]


@dataclass(eq=False)
class _Node:
    code: Code | None
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


class CodeTreeModel(QAbstractItemModel):
    rename_requested = Signal(str, str)  # path, new name
    move_requested = Signal(str, object)  # path, new parent path or None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = _Node(None)
        self._by_path: dict[str, _Node] = {}

    # --- loading -----------------------------------------------------------------------
    def set_codes(self, codes: list[Code]) -> None:
        """Replace the tree with ``codes`` (any order in which parents precede children)."""
        self.beginResetModel()
        self._root = _Node(None)
        self._by_path = {}
        for code in sorted(codes, key=lambda c: c.path.count("/")):
            parent = self._by_path.get(code.parent_path or "", self._root)
            node = _Node(code, parent)
            parent.children.append(node)
            self._by_path[code.path] = node
        self._sort(self._root)
        self.endResetModel()

    def _sort(self, node: _Node) -> None:
        node.children.sort(key=lambda n: n.code.name.casefold() if n.code else "")
        for child in node.children:
            self._sort(child)

    def index_of(self, path: str) -> QModelIndex:
        node = self._by_path.get(path)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node)

    def code_at(self, index: Index) -> Code | None:
        node = self._node(index)
        return node.code if node is not self._root else None

    def paths(self) -> list[str]:
        return sorted(self._by_path)

    def _node(self, index: Index) -> _Node:
        if not index.isValid():
            return self._root
        node = index.internalPointer()
        assert isinstance(node, _Node)
        return node

    # --- structure ---------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._node(parent).children[row])

    def parent(self, index: Index = ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self._node(index).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row(), 0, up)

    def rowCount(self, parent: Index = ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = ROOT) -> int:
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    "Code name",
                    "Entries coded as a whole; in brackets, with the codes under it",
                    "Coded passages; in brackets, with the codes under it",
                )[section]
        return None

    # --- data --------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self._node(index)
        code = node.code
        assert code is not None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole and column > 0:
            own, total = _counts(code, column)
            return f"{own} ({total})" if node.children and total != own else own
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (code.name, code.entry_count, code.segment_count)[column]
        if role == SORT_ROLE:
            return _counts(code, column)[1] if column else code.name.casefold()
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return QColor(code.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [code.path, code.description] if code.description else [code.path]
            if not code.codable:
                lines.append(CATEGORY_NOTE)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            entries = counted(code.entry_count, "entry")
            kind = ", a category" if not code.codable else ""
            text = f"{code.path}{kind}, {entries}, {counted(code.segment_count, 'coded passage')}"
            if node.children:
                text += (
                    f"; with the codes under it {counted(code.entry_total, 'entry')}, "
                    f"{counted(code.segment_total, 'coded passage')}"
                )
            return text
        if role == Qt.ItemDataRole.FontRole and column == 0 and not code.codable:
            font = QFont()
            font.setItalic(True)  # a category reads apart from the codes it groups
            return font
        unused = column > 0 and _counts(code, column)[1] == 0
        if role == Qt.ItemDataRole.ForegroundRole and unused:  # zeros recede
            group = QPalette.ColorGroup.Disabled
            return QGuiApplication.palette().color(group, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == PATH_ROLE:
            return code.path
        if role == CODE_ROLE:
            return code
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An inline rename: announced, not applied (the panel pushes an undo command)."""
        code = self.code_at(index)
        if code is None or index.column() != 0 or role != Qt.ItemDataRole.EditRole:
            return False
        name = str(value).strip()
        if not name or name == code.name:
            return False
        self.rename_requested.emit(code.path, name)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # --- drag and drop -----------------------------------------------------------------
    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        paths: list[str] = []
        for index in indexes:
            code = self.code_at(index)
            if code is not None and code.path not in paths:
                paths.append(code.path)
        return code_mime(paths)

    def _moves(self, mime: QMimeData | None, parent: Index) -> list[tuple[str, str | None]]:
        """The (path, new parent) moves a drop means; empty when it is not allowed."""
        target = self.code_at(parent)
        target_path = target.path if target else None
        moves: list[tuple[str, str | None]] = []
        for path in paths_from_mime(mime):
            if path not in self._by_path:
                return []
            if target_path is not None and is_within(target_path, path):
                return []  # into itself or one of its descendants
            current = self._by_path[path].code
            if current is not None and current.parent_path != target_path:
                moves.append((path, target_path))
        return moves

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        return action == Qt.DropAction.MoveAction and bool(self._moves(data, parent))

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        """Dropping on a code moves the dragged codes under it; on empty space, to the top.

        Returns False so the view does not try to remove the dragged rows itself: the
        move happens in the journal and the model reloads from it.
        """
        if action != Qt.DropAction.MoveAction:
            return False
        for path, new_parent in self._moves(data, parent):
            self.move_requested.emit(path, new_parent)
        return False
