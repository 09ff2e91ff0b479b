"""Prism: an offline course and CPD companion on digital professionalism for social workers."""

__version__ = "0.1.0"
