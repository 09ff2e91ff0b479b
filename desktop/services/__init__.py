"""What a user can do, as plain Python calls the UI and the command line share. No Qt.

Belongs here: one module per activity (``reading``, ``quiz``, ``scenarios``,
``refresh``, ``journal``, ``capabilities``, ``cpd``, ``certificates``,
``team_sessions``, ``team_summary``, ``profiles``, ``privacy_lock``, ``archive``,
``backups``, ``recovery``, ``search``, ``dashboard``, ``study_time``,
``learning_log``, ``preferences``), and ``startup`` and ``context``, which build them
over one database and course. A service takes a ``ServiceContext`` (or the pieces it
needs), calls the store's repositories and the domain's rules, and raises errors
whose messages a learner can read.
Does not belong: SQL (``desktop.store``), widgets or dialogs (``desktop.ui``), rules
with no state (``desktop.domain``), CPD record formats (``desktop.cpd``). Kept flat:
each module is one activity, and the names read as a list of what Prism does.
"""
