"""Windowless `prism` subcommands, one module each, found by `desktop.cli` at start.

A module here defines ``register(commands)``, which adds its parser to the
``argparse`` subparsers and sets ``handler=<function(args) -> int>`` as a default.
Keep imports at the top of these modules light (no Qt, no sqlite-utils): they are
all imported whenever `prism` runs. A command that needs Qt (PDF output) imports it
inside its handler.
"""
