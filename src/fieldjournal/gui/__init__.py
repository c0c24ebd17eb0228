"""Everything Qt: main window, item models, undo commands, dialogs, widgets."""
