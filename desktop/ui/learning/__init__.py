"""Studying the course: the reader, quizzes, scenarios, refresh, search and glossary.

Belongs here: ``reader`` (module text with its contents panel), ``browser`` (the safe
QTextBrowser every course text is shown in), ``quiz_page``, ``refresh_page`` (due
questions), ``question_page`` (the question/answer/feedback cycle both of those
build on), ``answer_feedback`` (the feedback callout), ``quiz_results`` and
``review_list`` (the end of a quiz or a refresh set: summary card, a card per
question), ``scenario_page``, ``search_dialog``, ``option_list`` and ``text_page``
(About and Glossary).
Does not belong: reflections (``journal``), CPD records (``cpd``), grading or
shuffling rules (``desktop.domain``), progress writes (``desktop.services``).
"""
