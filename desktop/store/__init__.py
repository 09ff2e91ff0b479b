"""The SQLite progress log (sqlite-utils): schema, migrations, queries. No Qt, no widgets.

Import from the module that holds a name, e.g. ``from desktop.store.profiles import
ProfileRepo``. Only ``database`` and ``migrations`` import sqlite_utils (~100 ms),
so the repositories, their dataclasses and ``errors`` stay cheap to import.

- ``database``: open_database, open_memory_database, close_database
- ``errors``: StoreError and its subclasses (messages written for learners)
- ``clock``: utc_now and the injectable Clock; ``migrations``: the schema
- ``profiles``, ``events``, ``progress``, ``quiz``, ``scenarios``, ``reflections``,
  ``capabilities``, ``settings``, ``cpd_records``, ``refresh``, ``team_sessions``: one
  repository class each
- ``archive``, ``backup``, ``integrity``, ``keys``, ``sealing``, ``search_index``
"""
