"""Pure values and rules (questions, grading, scenarios). Imports nothing of ours and no Qt.

Belongs here: what a question, an answer or a scenario graph is, and the rules over
them (``grading``), as functions of their inputs, testable with no file or clock.
Does not belong: anything that reads files, the database or the time.
"""
