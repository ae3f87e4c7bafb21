"""The layering rule: ``curator.core`` never imports Qt, the UI or the CLI."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.argv=['lint-imports','--no-cache']; lint_imports_command()"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert "Contracts: 1 kept, 0 broken" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0


def test_importing_the_core_loads_no_qt():
    code = "import sys, curator.core.ingest.importing, curator.core.library.store; print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'curator.ui'))])"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
