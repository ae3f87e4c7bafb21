"""Qt item models that adapt library queries for views."""
