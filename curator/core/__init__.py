"""The domain: library store, importers, and every operation that changes data.

Nothing here imports Qt; the GUI and the CLI are thin layers over these functions.
"""
