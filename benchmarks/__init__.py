"""Prism's performance suite: one command, one machine, one run (`python -m benchmarks`).

Every figure is measured in the same run as a *floor*: a bare PySide6 window holding a
QTextBrowser with one paragraph of HTML. Launch figures are judged as ratios against
that floor; the other figures have absolute budgets. See benchmarks/README.md.

Keep this file free of imports: the launch probe (`benchmarks.probe`) runs in a fresh
interpreter and everything imported here would count against both the floor and the app.
"""
