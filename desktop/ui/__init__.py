"""Qt widgets and windows: the only package (with desktop.app) that imports PySide6.

Laid out by what a learner does. The feature rooms (``learning``, ``journal``,
``capabilities``, ``cpd``, ``profiles``, ``team``, ``backups``, ``packs``, ``sync``)
each hold the screens and dialogs of one activity and never import one another;
``shell`` is the window that puts them together (menus, home, view settings, errors,
idle lock). The loose modules here are the small kit every room shares: ``style`` and
``theme`` (how things look), ``text_size``, ``a11y`` (announcements), ``dialogs`` (the
message-box facade tests answer), ``busy`` (the wait cursor), ``design`` (tokens and
components), ``autosave``, ``tree_wrap`` and ``pdf`` (Qt's PDF writer for portfolios,
certificates and attendance sheets). A module belongs loose only when two or more
rooms need it; ``tests/test_architecture.py`` and the import contracts in
``pyproject.toml`` keep the rooms apart.
"""
