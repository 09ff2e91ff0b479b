"""Prism: an offline course and CPD companion on digital professionalism for social workers."""

__version__ = "0.1.0"
APP_ID = "org.prism_learning.Prism"
"""Reverse-DNS id: the desktop entry's file name, the AppStream id and the icon's name."""
