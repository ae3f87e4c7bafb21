"""Each suggestion's confidence: from its evidence, ranking the panel, and the library's floor."""

from __future__ import annotations

import pytest

from curator.core.entities import suggest_mentions, suggestion_summaries
from curator.core.entities.confidence import best_confidence, suggestion_confidence
from curator.core.ingest.importing import import_paths
from curator.core.ingest.samples import sample_paths
from curator.core.library.settings import SettingsError, get_settings, update_settings


def test_stronger_evidence_means_more_confidence():
    lone_word = suggestion_confidence("capitalized", "UNKNOWN", words=1, articles=1)
    typed = suggestion_confidence("capitalized", "PERSON", words=1, articles=1)
    full_name = suggestion_confidence("capitalized", "PERSON", words=2, articles=1)
    recurring = suggestion_confidence("capitalized", "PERSON", words=2, articles=4)
    agreed = suggestion_confidence("capitalized", "UNKNOWN", words=1, articles=1, agreed=True)
    assert lone_word < typed < full_name < recurring
    assert lone_word < agreed
    assert suggestion_confidence("capitalized", "ORG", words=3, articles=10 ** 6, agreed=True) <= 0.99
    assert suggestion_confidence("demonym") < suggestion_confidence("gazetteer") < suggestion_confidence("registry")
    # What the library stores of a name's suggestions gives the same number.
    assert best_confidence("capitalized,spacy", "UNKNOWN", "Orbital", 1) == suggestion_confidence("spacy", agreed=True)
    assert best_confidence("capitalized,gazetteer", "PLACE", "Europe", 3) == suggestion_confidence("gazetteer")


@pytest.fixture
def seeds(library):
    import_paths(library, sample_paths())
    return library


def test_the_panel_lists_suggested_names_surest_first(seeds):
    suggest_mentions(seeds, use_spacy=False)
    rows = suggestion_summaries(seeds)
    confidences = [row["confidence"] for row in rows]
    assert confidences == sorted(confidences, reverse=True) and len(set(confidences)) > 1
    assert rows[0]["confidence"] >= 0.9  # a place or a well-known organisation


def test_nothing_less_sure_than_the_floor_is_proposed(seeds, tmp_path):
    update_settings(seeds, suggestion_floor=0.9)
    report = suggest_mentions(seeds, use_spacy=False)
    sources = {row[0] for row in seeds.db.execute("SELECT DISTINCT source FROM mentions")}
    # Demonyms (0.8) and capitalised phrases (at most 0.85 in two articles: "Sergei Lavrov") are left out.
    assert sources == {"gazetteer"}
    assert report.below_floor > 0 and "below the confidence floor" in report.summary()
    # Lowered again, the next run proposes what was left out.
    update_settings(seeds, suggestion_floor=0.5)
    assert suggest_mentions(seeds, use_spacy=False).added["capitalized"] > 0


def test_the_floor_is_a_checked_preference(library):
    assert get_settings(library).suggestion_floor == 0.5
    with pytest.raises(SettingsError):
        update_settings(library, suggestion_floor=1.5)
    update_settings(library, suggestion_floor=0.7)
    assert get_settings(library).suggestion_floor == 0.7
    assert library.history(1)[0]["summary"] == "Changed preferences: suggestion confidence floor 0.5 → 0.7"
