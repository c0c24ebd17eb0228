"""Everything Qt, by feature: one subpackage per screen (``editor``, ``timeline``, ``search``,
``codebook``, ``actors``, ``chapters``), undo commands in ``commands``, shared pieces in
``widgets``; the window and the open journal's plumbing stay at this level.

Widgets talk to the ``Journal`` facade only; they never touch SQL or the index.
"""
