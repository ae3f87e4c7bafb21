"""Dialogs the main window opens for one task at a time (merging duplicates, ...)."""
