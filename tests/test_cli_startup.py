"""Scripts run one ``curator`` command after another, and each pays for the modules it loads at start: the
command line imports an engine only in the command that runs it, so ``--version``, ``--help`` and the
commands that only read the library load none of them (nor NumPy or SciPy)."""

import json
import subprocess
import sys

import pytest

import curator
from curator.cli import EXPORT_FORMATS, main
from curator.core.export import ExportFormat
from curator.core.library import Library

# What starting the command line must not load: the engines (a command imports those it runs) and
# the libraries only they use.
ENGINES = ("curator.core.ingest", "curator.core.dedupe", "curator.core.entities", "curator.core.stories",
           "curator.core.curation", "curator.core.export", "numpy", "scipy", "pandas", "sparse_dot_topn")


def loaded_after(statements: str) -> tuple[str, list[str]]:
    """What ``statements`` print, and the engines loaded once they have run, in a fresh interpreter."""
    code = (f"import contextlib, io, json, sys\nout = io.StringIO()\nwith contextlib.redirect_stdout(out):\n"
            f"    {statements}\n"
            f"print(json.dumps([out.getvalue(), sorted(m for m in sys.modules if m.startswith({ENGINES!r}))]))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    printed, loaded = json.loads(result.stdout)
    return printed, loaded


def test_importing_the_command_line_loads_no_engine():
    assert loaded_after("import curator.cli") == ("", [])


def test_version_and_help_load_no_engine_and_say_what_they_said():
    printed, loaded = loaded_after("from curator.cli import main\n    for argv in (['--version'], ['--help']):\n"
                                   "        try: main(argv)\n        except SystemExit: pass")
    assert loaded == []
    assert printed.startswith(f"curator {curator.__version__}\nusage: curator [-h] [--db PATH] [--version] COMMAND")
    for command in ("import", "articles", "show", "dupes", "merge", "suggestions", "export", "cluster-scan"):
        assert f"\n    {command} " in printed


def test_a_command_that_reads_the_library_loads_no_engine(tmp_path):
    db = tmp_path / "library.db"
    Library.open(db).close()
    printed, loaded = loaded_after(f"from curator.cli import main\n    main(['--db', {str(db)!r}, 'articles'])")
    assert (printed, loaded) == ("0 articles\n", [])


def test_the_export_formats_the_parser_offers_are_the_exports(capsys):
    assert EXPORT_FORMATS == tuple(format.value for format in ExportFormat)
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "--format {jsonl,csv,spans,entities,stories}" in capsys.readouterr().out


def test_an_import_loads_the_importer_and_the_copy_sketches_but_not_the_story_or_merging_engines(tmp_path):
    db, folder = tmp_path / "library.db", tmp_path / "in"
    folder.mkdir()
    (folder / "note.txt").write_text("A short note about the harbour's new crane, written for the test.\n")
    printed, loaded = loaded_after(f"from curator.cli import main\n    main(['--db', {str(db)!r}, 'import', {str(folder)!r}])")
    assert printed.startswith("Imported 1 article")
    assert {"curator.core.ingest", "curator.core.dedupe", "curator.core.curation"} <= set(loaded)
    assert not [module for module in loaded if module.startswith(
        ("curator.core.stories", "curator.core.entities", "curator.core.curation.merge", "scipy", "sparse_dot_topn"))]
