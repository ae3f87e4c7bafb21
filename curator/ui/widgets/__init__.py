"""Widgets the main window is assembled from."""
