"""A window no larger than the screen it opens on.

The main window starts at 1280×800 (or the size it was closed at). On a 1366×768 or
1024×768 laptop without a window manager that shrinks it (a bare X server, some tiling
setups) its bottom fell off the screen: the status bar, the inspector's last buttons and
the entry count out of reach. This trims the window to the screen's free area and keeps
it on it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def fit_on_screen(window: QWidget) -> None:
    """Shrink ``window`` to its screen's available area (if it is larger) and move it
    onto it; a window that fits is left as it is."""
    screen = window.screen()
    if screen is None:
        return
    free = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    width = min(window.width(), free.width() - extra_w)
    height = min(window.height(), free.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, 1), max(height, 1))
    x = min(max(frame.x(), free.x()), free.right() + 1 - (width + extra_w))
    y = min(max(frame.y(), free.y()), free.bottom() + 1 - (height + extra_h))
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, free.x()), max(y, free.y()))
