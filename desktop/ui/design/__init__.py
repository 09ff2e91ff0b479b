"""Prism's design system in code: tokens (spacing, radii, type scale, status colours per
theme) and the few components every screen is built from.

Belongs here: ``tokens`` (numbers and colours, plain Python, checked for contrast by
``tests/unit/ui_rules/test_design_tokens.py``) and ``components`` (card, status tag,
progress bar with text, callout, section header, empty state, button roles). A
component draws itself from the tokens and the theme in use, restyles when the theme
changes, is keyboard-operable where it can be acted on, and carries a name for
assistive technology. ``docs/design.md`` shows each one in every theme.
Does not belong: a screen (put it in its room), the palette of each theme
(``desktop.ui.theme``), reader stylesheets (``assets/styles``).
"""
