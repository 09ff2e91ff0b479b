"""Backups and recovery from the window: the File menu's back up, restore and check.

Belongs here: ``menu`` (the menu entries and their enabled state) and ``actions``
(the dialogs each entry opens, and the start-up recovery question). They load on
first use, not at launch. Does not belong: copying, checking or pruning files
(``desktop.services.backups`` and ``desktop.store.backup``).
"""
