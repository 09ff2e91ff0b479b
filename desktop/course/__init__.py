"""Reads content/ into a Course, validates it and renders Markdown. No Qt.

Belongs here: the course model (``model``), loading and validation with line numbers
(``loader``, ``fields``, ``yaml_lines``), safe Markdown rendering (``render``,
``sections``, ``outline``) and the launch cache of the parsed course (``cache``).
Does not belong: a learner's progress (``desktop.store``), grading (``desktop.domain``).
"""
