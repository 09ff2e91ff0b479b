"""The SQLite progress log (sqlite-utils): schema, migrations, queries. No Qt, no widgets.

Import from the module that holds a name, e.g. ``from desktop.store.profiles import
ProfileRepo``. Only ``migrations`` imports sqlite_utils (~85 ms, with click and
pluggy); ``connection.Database`` runs everything else on plain sqlite3 and loads
sqlite-utils only when its wider API is first used, so opening an up-to-date file and
painting the home page never import it.

- ``database``: open_database, open_memory_database, close_database
- ``connection``: Database, the connection every repository is given
- ``schema_version``: the version stamp, and the refusal of a newer Prism's file
- ``errors``: StoreError and its subclasses (messages written for learners)
- ``clock``: utc_now and the injectable Clock; ``migrations``: the schema
- ``profiles``, ``events``, ``progress``, ``quiz``, ``scenarios``, ``reflections``,
  ``capabilities``, ``settings``, ``cpd_records``, ``refresh``, ``team_sessions``: one
  repository class each
- ``archive``, ``backup``, ``integrity``, ``keys``, ``sealing``, ``search_index``
"""
