"""The desktop interface: thin Qt views over ``curator.core``.

Widgets read through the UI's own library connection (small, paged reads) and
change data only by submitting core operations to the worker in ``tasks``.
"""
