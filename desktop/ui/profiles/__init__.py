"""Who is learning: the profile picker, passphrases, and moving profiles between laptops.

Belongs here: ``picker`` (find, open, create, rename, recolour, delete),
``passphrase_dialogs`` (set, change, remove, unlock), ``profile_actions`` (the picker's
menu of actions) and ``archive_dialogs`` (export and import of a ``.prism`` file).
Does not belong: key derivation and sealing (``desktop.store``), merge rules
(``desktop.services.archive``).
"""
