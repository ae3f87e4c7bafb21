"""The domain: library store, importers, and every operation that changes data.

Nothing here imports Qt; the GUI and the CLI are thin layers over these functions.
"""

import sys

# sqlite-utils imports pandas when it is installed (the cluster extra installs it) only to give
# pandas.Timestamp a column type when a table is created from values; the library's tables come
# from migrations, so nothing here needs it, and importing pandas costs every process (each
# command, each worker) about 0.3 s. Hidden while sqlite-utils loads; pandas itself still imports
# later for whoever uses it (the cluster scan).
if "pandas" not in sys.modules and "sqlite_utils" not in sys.modules:
    sys.modules["pandas"] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["pandas"]
