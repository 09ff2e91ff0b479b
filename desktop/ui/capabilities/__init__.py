"""Digital capabilities: rating the 14 capabilities with notes, and the history chart.

Belongs here: ``page`` (ratings and notes) and ``chart`` (ratings over time, drawn
with QPainter). Does not belong: the capability list itself (``content/``) or its
storage (``desktop.services.capabilities``).
"""
