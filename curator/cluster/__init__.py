"""The duplicate scan beyond one machine: a Dask job over Parquet or JSON Lines, reviewed in the app.

``scan`` runs the library scan's own steps (``curator.core.dedupe``) as Dask tasks, and
``stories`` the story scan's (``curator.core.stories``); ``inputs``
reads the articles part by part; ``results`` writes and reads the results folder; ``review``
imports a sample of clusters into a library and exports the decisions taken on them;
``commands`` adds ``cluster-scan``, ``import-scan`` and ``export-decisions`` to the CLI.

Only ``commands`` is imported by the CLI, and it imports Dask, distributed and pyarrow (the
``cluster`` extra) when one of its commands runs: the app and the rest of the CLI work without them.
"""

SAMPLE_ORDERS = ("largest", "random", "score")
SAMPLE_GROUPS = ("clusters", "stories")
