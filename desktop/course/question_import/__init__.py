"""Question banks from Moodle's formats (GIFT, Aiken, Moodle XML) turned into Prism quizzes.

Each reader returns an ``ImportResult``: the questions Prism can show, the questions
it cannot (listed with their line and type, never dropped in silence) and errors,
each naming the line of the source file it comes from. ``quiz_yaml`` writes the
questions in the ``quiz.yaml`` format of ``content/README.md``.

Why our own readers: the GIFT parsers on PyPI are unmaintained or convert straight to
Moodle XML, and none reports source lines, which every message here must name.
"""
