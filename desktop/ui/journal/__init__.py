"""The reflection journal: prompts, free writing saved as you type, list and search.

Belongs here: ``page`` (the journal page and its editor). Saving goes through
``desktop.ui.autosave`` and ``desktop.services.journal``; nothing here writes SQL.
Does not belong: CPD records made from reflections (``cpd``).
"""
