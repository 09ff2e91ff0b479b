"""Course packs from the window: File > Add course pack… and Manage packs….

Belongs here: ``menu`` (the two File menu entries, installing with its questions and
refusals, the restart offer) and ``manage_dialog`` (installed packs, their origin,
removal). Pack modules on home are drawn by the shell's home page as module cards.
Does not belong: reading, checking or signing packs (``desktop.course.packs``).
"""
