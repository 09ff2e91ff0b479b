"""Rules behind the accessibility settings, tested without a display."""
