"""The installed commands' entry points: ``curator`` and ``curator-gui``.

Imports and scans start worker processes with "spawn", and each worker first re-runs the
command's script, which imports this module. Importing the command line or the app here, at
module level, would load every command's modules (or Qt) into every worker; inside the
functions, a worker loads only what its own work needs.
"""

from __future__ import annotations


def cli() -> int:
    from curator.cli import main

    return main()


def app() -> int:
    from curator.ui.app import main

    return main()
