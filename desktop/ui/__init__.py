"""Qt widgets and windows: the only package (with desktop.app) that imports PySide6."""
