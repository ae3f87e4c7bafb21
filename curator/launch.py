"""The installed commands' entry points: ``curator`` and ``curator-gui``.

Imports and scans start worker processes with "spawn", and each worker first re-runs the
command's script, which imports this module. Importing the command line or the app here, at
module level, would load every command's modules (or Qt) into every worker; inside the
functions, a worker loads only what its own work needs.
"""

from __future__ import annotations


def cli() -> int:
    import signal

    try:
        from curator.cli import main
    except KeyboardInterrupt:
        # Ctrl+C while the command line loads, before any command began: nothing to say but the shell's code.
        return 130
    status = main()
    # The command has said what it did: a Ctrl+C while the interpreter ends would only add a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return status


def app() -> int:
    from curator.ui.app import main

    return main()
