"""Everything Qt: the main window, its panels, item models, undo commands and dialogs.

Widgets talk to the ``Journal`` facade only; they never touch SQL or the index.
"""
