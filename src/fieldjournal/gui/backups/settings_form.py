"""A journal's backup settings as a form: in File › Backups… and in Edit › Settings…."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from fieldjournal.domain.backups import BackupSettings, RotationPolicy


def _spin(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


class BackupSettingsForm(QGroupBox):
    def __init__(self, settings: BackupSettings, parent: QWidget | None = None) -> None:
        super().__init__("Backups of this journal", parent)
        self.form = QFormLayout(self)
        self.interval = _spin(1, 1440, settings.interval_minutes, " min")
        self.interval.setAccessibleName("Snapshot interval")
        self.form.addRow("Snapshot every (while there are changes)", self.interval)
        self.mirror = QLineEdit(settings.mirror or "")
        self.mirror.setPlaceholderText("none: snapshots stay in the journal folder only")
        self.mirror.setAccessibleName("Mirror folder")
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose a mirror folder")
        choose.clicked.connect(self._choose_mirror)
        row = QHBoxLayout()
        row.addWidget(self.mirror, 1)
        row.addWidget(choose)
        self.form.addRow("Mirror folder (a second place)", row)
        policy = settings.rotation
        self.keep_recent = _spin(1, 10_000, policy.recent)
        self.keep_daily = _spin(0, 10_000, policy.daily)
        self.keep_weekly = _spin(0, 10_000, policy.weekly)
        self.keep_recent.setAccessibleName("Snapshots kept from the last day")
        self.keep_daily.setAccessibleName("Days with one snapshot kept")
        self.keep_weekly.setAccessibleName("Weeks with one snapshot kept")
        self.form.addRow("Keep every snapshot of the last 24 hours, up to", self.keep_recent)
        self.form.addRow("Then one a day, for this many days", self.keep_daily)
        self.form.addRow("Then one a week, for this many weeks", self.keep_weekly)

    def value(self) -> BackupSettings:
        return BackupSettings(
            interval_minutes=self.interval.value(),
            mirror=self.mirror.text().strip() or None,
            rotation=RotationPolicy(
                recent=self.keep_recent.value(),
                daily=self.keep_daily.value(),
                weekly=self.keep_weekly.value(),
            ),
        )

    def _choose_mirror(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Choose a mirror folder", self.mirror.text()
        )
        if folder:
            self.mirror.setText(folder)
