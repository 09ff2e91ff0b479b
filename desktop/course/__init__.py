"""Reads content/ into a Course, validates it and renders Markdown. No Qt."""
