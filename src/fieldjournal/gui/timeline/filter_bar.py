"""Filters of the timeline: kind, actor, code, site and a date range."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QGridLayout, QWidget

from fieldjournal.domain.enums import EntryKind
from fieldjournal.domain.queries import EntryQuery

ANY = ""


def _combo(name: str, placeholder: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setToolTip(name)
    combo.addItem(placeholder, ANY)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(5)
    return combo


def _refill(combo: QComboBox, values: list[str]) -> None:
    """Replace the choices but keep the current one when it still exists."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for value in values:
        combo.addItem(value, value)
    found = combo.findData(current)
    combo.setCurrentIndex(max(found, 0))
    combo.blockSignals(False)


class FilterBar(QWidget):
    changed = Signal(object)  # EntryQuery

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = _combo("Filter by kind", "All kinds")
        for kind in EntryKind:
            self.kind.addItem(kind.label, kind.value)
        self.actor = _combo("Filter by actor", "Any actor")
        self.code = _combo("Filter by code", "Any code")
        self.site = _combo("Filter by site", "Any site")
        self.use_since = QCheckBox("From")
        self.use_since.setAccessibleName("Filter from a date")
        self.since = QDateEdit(QDate.currentDate().addMonths(-1))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("d MMM yyyy")
        self.since.setAccessibleName("From date")
        self.use_until = QCheckBox("To")
        self.use_until.setAccessibleName("Filter up to a date")
        self.until = QDateEdit(QDate.currentDate())
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("d MMM yyyy")
        self.until.setAccessibleName("To date")

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind, 0, 0)
        layout.addWidget(self.actor, 0, 1)
        layout.addWidget(self.code, 1, 0)
        layout.addWidget(self.site, 1, 1)
        dates = QWidget()
        row = QGridLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.use_since, 0, 0)
        row.addWidget(self.since, 0, 1)
        row.addWidget(self.use_until, 0, 2)
        row.addWidget(self.until, 0, 3)
        layout.addWidget(dates, 2, 0, 1, 2)

        for combo in (self.kind, self.actor, self.code, self.site):
            combo.currentIndexChanged.connect(self._emit)
        for box in (self.use_since, self.use_until):
            box.toggled.connect(self._emit)
        self.since.dateChanged.connect(self._emit)
        self.until.dateChanged.connect(self._emit)

    def set_names(self, actors: list[str], codes: list[str]) -> None:
        _refill(self.actor, actors)
        _refill(self.code, codes)

    def set_sites(self, sites: list[str]) -> None:
        _refill(self.site, sorted(sites, key=str.casefold))

    def current(self) -> EntryQuery:
        # Dates alone: the query takes in the whole of the "To" day.
        since = self.since.date().toString("yyyy-MM-dd") if self.use_since.isChecked() else None
        until = self.until.date().toString("yyyy-MM-dd") if self.use_until.isChecked() else None
        return EntryQuery.of(
            kind=self.kind.currentData() or None,
            actor=self.actor.currentData() or None,
            code=self.code.currentData() or None,
            site=self.site.currentData() or None,
            since=since,
            until=until,
        )

    def _emit(self) -> None:
        self.changed.emit(self.current())
