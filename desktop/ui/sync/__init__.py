"""Organisation sync from the window: File > Organisation sync…, consent, and status.

Belongs here: ``lrs_dialogs`` (the settings and consent dialogs, the background sync
and its status-bar line). Does not belong: the statement queue (``desktop.store``),
building statements and sending them (``desktop.services``), which the command line
shares. Nothing here opens a connection unless an organisation configured one.
"""
