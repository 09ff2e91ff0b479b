"""CPD for registration renewal: the year's records, the editor, drafts and exports.

Belongs here: ``page`` (the registration year and its records), ``editor`` (one
record, field by field with Copy buttons), ``draft_dialog`` ("Create from my
learning…"), ``year_tile`` (the home page's CPD summary), ``export_dialog``,
``privacy_dialog`` (what the privacy check found) and ``certificate_dialog``.
Does not belong: the rules for a year or a record and the export formats (plain
Python in ``desktop.cpd``), PDF writing (``desktop.ui.pdf``, shared with team sheets).
"""
