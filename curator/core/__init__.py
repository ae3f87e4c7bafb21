"""The domain: library store, importers, and every operation that changes data.

Nothing here imports Qt; the GUI and the CLI are thin layers over these functions.
"""

import sys

# sqlite-utils imports pandas (which the cluster extra installs) and NumPy, when they are installed,
# only to give their types column types when a table is created from values; the library's tables
# come from migrations, so nothing here needs them, and importing them costs every process (each
# command, each worker) about 0.3 s for pandas and 0.05 s for NumPy, which commands that only read
# the library never use. Hidden while sqlite-utils loads; each still imports later for whoever uses
# it (the engines, the cluster scan).
_HIDDEN = [name for name in ("pandas", "numpy") if name not in sys.modules]
if "sqlite_utils" not in sys.modules:
    for name in _HIDDEN:
        sys.modules[name] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in _HIDDEN:
            del sys.modules[name]
