"""Curator: a desktop app for curating news articles."""

__version__ = "0.1.0"
