"""The window around the rooms: main window, menus, home, view settings and errors.

Belongs here: ``main_window`` (pages, navigation, status bar), ``home`` and
``module_card`` (the learner's start page), ``view_menu`` (theme, text size, spacing),
``welcome`` (first start), ``shortcuts_page``, ``error_dialog`` and ``error_report``,
``activity`` and ``idle_lock`` (input tracking and the automatic lock),
``after_start`` (the daily backup, streamed after the first paint), ``app_identity``
(the window icon and desktop file name), ``screenshots`` (``prism --screenshot``) and
``qt_import_hook`` (keeps launch lean).
Does not belong: a screen of one activity (put it in its room and let the shell open
it), anything without Qt (that is ``desktop.services``).
The shell may import every room; no room imports the shell.
"""
