"""The architecture's rules: ``curator.core`` never imports Qt, the UI or the CLI (nor do the core
tests need Qt); the engines stand in layers; the types check.

And the tests stand alone: they take nothing from bench/ and read nothing outside the repository.
"""

import re
import subprocess
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.argv=['lint-imports','--no-cache']; lint_imports_command()"],
        cwd=ROOT, capture_output=True, text=True,
    )
    contracts = len(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"])
    assert contracts >= 3
    assert f"Contracts: {contracts} kept, 0 broken" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0


def test_importing_the_core_loads_no_qt():
    code = "import sys, curator.core.ingest.importing, curator.core.library.store; print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'curator.ui'))])"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# Runs pytest with PySide6 (and its shiboken6) unimportable, and without pytest-qt, which imports Qt as it starts.
WITHOUT_QT = "import sys; sys.modules['PySide6'] = sys.modules['shiboken6'] = None; import pytest; sys.exit(pytest.main(sys.argv[1:]))"


def pytest_without_qt(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_QT, "-p", "no:pytest-qt", "-p", "no:cacheprovider",
         "-W", "ignore::pytest.PytestConfigWarning", *arguments],  # qt_api is pytest-qt's option
        cwd=ROOT, capture_output=True, text=True,
    )


def test_the_core_tests_are_collected_without_qt():
    result = pytest_without_qt("--collect-only", "-q", "tests/core")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tests/core/test_store.py::" in result.stdout and " collected" in result.stdout


def test_the_fixtures_of_core_tests_set_up_without_qt():
    # Autouse fixtures import lazily, so only setting them up shows one that reaches for Qt.
    result = pytest_without_qt("--setup-only", "-q", "tests/core/test_backup.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SETUP    F library" in result.stdout


# The window reads and writes only through core functions: a query of its own would put domain rules
# (what a title is, which mentions count) where the core's tests and its transactions cannot see them.
SQL_IN_THE_UI = re.compile(r"\.(?:db|conn)\.(?:execute|executemany|query)\(|\bSELECT\s+\w|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b")


def test_the_ui_runs_no_sql_of_its_own():
    found = {str(path.relative_to(ROOT)): SQL_IN_THE_UI.findall(path.read_text(encoding="utf-8"))
             for path in sorted((ROOT / "curator" / "ui").rglob("*.py"))}
    assert {path: matches for path, matches in found.items() if matches} == {}


# bench/ is not shipped with the tests, and the shared development folder beside the checkout does not
# exist where they run: no path into either, no import of a benchmark module.
OUTSIDE_THE_TESTS = re.compile(
    r"""\bbench\b[/'"]|['"]bench['"]|^[ \t]*(from|import) (bench|corpus|dupe_corpus)\b|\bshared/|['"]shared['"]""",
    re.MULTILINE,
)


def test_tests_import_nothing_from_bench_and_read_nothing_from_shared():
    found = {}
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path != Path(__file__).resolve():
            matches = [match.group(0) for match in OUTSIDE_THE_TESTS.finditer(path.read_text(encoding="utf-8"))]
            if matches:
                found[str(path.relative_to(ROOT))] = matches
    assert found == {}


def test_mypy_finds_no_type_errors(tmp_path):
    """The types are checked with the project's own configuration (``[tool.mypy]`` in pyproject.toml)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
