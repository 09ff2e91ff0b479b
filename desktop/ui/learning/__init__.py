"""Studying the course: the reader, quizzes, scenarios, refresh, search and glossary.

Belongs here: ``reader`` (module text with its contents panel), ``browser`` (the safe
QTextBrowser every course text is shown in), ``quiz_page``, ``refresh_page`` (due
questions), ``question_page`` (the question/answer/feedback cycle both of those
build on), ``scenario_page``, ``search_dialog``, ``option_list`` and ``text_page``
(About and Glossary).
Does not belong: reflections (``journal``), CPD records (``cpd``), grading or
shuffling rules (``desktop.domain``), progress writes (``desktop.services``).
"""
