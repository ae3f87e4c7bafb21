"""Editing and removing entity types: keys stay unique (and swap), refusals say why, undo reverses."""

import pytest

from curator.core.entities import (
    EntityError,
    add_entity_type,
    create_entity,
    delete_entity_type,
    entity_types,
    update_entity_type,
)
from curator.core.library.history import redo, undo


def keys(library) -> dict[str, int | None]:
    return {row["name"]: row["key"] for row in entity_types(library)}


def test_relabel_and_recolour_a_built_in_type(library):
    changes = update_entity_type(library, "ORG", label="Company", colour="#112233")
    (row,) = [row for row in entity_types(library) if row["name"] == "ORG"]
    assert (row["label"], row["colour"], row["key"]) == ("Company", "#112233", 2)
    assert library.history(1)[0]["summary"] == (
        "Edited entity type Company: label Organisation → Company, colour #3d85c6 → #112233")
    assert changes.history_id == library.history(1)[0]["id"]


def test_taking_a_key_that_another_type_has_swaps_the_two(library):
    update_entity_type(library, "PERSON", key=2)
    assert keys(library) == {"PERSON": 2, "ORG": 1, "PLACE": 3, "EVENT": 4, "UNKNOWN": None}
    assert library.history(1)[0]["summary"] == "Edited entity type Person: key 1 → 2, Organisation takes key 1"
    undo(library)
    assert keys(library) == {"PERSON": 1, "ORG": 2, "PLACE": 3, "EVENT": 4, "UNKNOWN": None}
    redo(library)
    assert keys(library)["PERSON"] == 2 and keys(library)["ORG"] == 1


def test_a_key_can_be_taken_away_and_given_to_a_type_without_one(library):
    update_entity_type(library, "EVENT", key=0)
    update_entity_type(library, "UNKNOWN", key=4)
    assert (keys(library)["EVENT"], keys(library)["UNKNOWN"]) == (None, 4)
    update_entity_type(library, "PLACE", key=4)  # UNKNOWN takes PLACE's 3
    assert (keys(library)["PLACE"], keys(library)["UNKNOWN"]) == (4, 3)


def test_swapping_keys_of_a_type_in_use_undoes_cleanly(library):
    add_entity_type(library, "SHIP", "Ship", "#4a90a4", 5)
    create_entity(library, "Queen Mary", "SHIP")
    update_entity_type(library, "SHIP", key=1)
    assert (keys(library)["SHIP"], keys(library)["PERSON"]) == (1, 5)
    undo(library)
    assert (keys(library)["SHIP"], keys(library)["PERSON"]) == (5, 1)


def test_nothing_to_change_writes_no_history(library):
    before = len(library.history())
    assert update_entity_type(library, "PLACE", label="Place", key=3).history_id is None
    assert len(library.history()) == before


@pytest.mark.parametrize("changes, message", [
    ({"label": "  "}, "needs a label"),
    ({"colour": "green"}, "#rrggbb"),
    ({"key": 10}, "1 to 9"),
])
def test_bad_edits_are_refused(library, changes, message):
    with pytest.raises(EntityError, match=message):
        update_entity_type(library, "PLACE", **changes)
    with pytest.raises(EntityError, match="Unknown entity type"):
        update_entity_type(library, "SHIPS", label="Ships")


def test_removing_a_type_of_ones_own_is_undoable(library):
    add_entity_type(library, "SHIP", "Ship", "#4a90a4", 5)
    delete_entity_type(library, "SHIP")
    assert "SHIP" not in keys(library)
    assert library.history(1)[0]["summary"] == "Removed entity type Ship"
    undo(library)
    assert keys(library)["SHIP"] == 5


def test_built_in_and_used_types_cannot_be_removed(library):
    with pytest.raises(EntityError, match="Person is a built-in type"):
        delete_entity_type(library, "PERSON")
    add_entity_type(library, "SHIP", "Ship", "#4a90a4")
    create_entity(library, "Queen Mary", "SHIP")
    with pytest.raises(EntityError, match="Ship is still the type of 1 entity and 0 mentions"):
        delete_entity_type(library, "SHIP")
    assert "SHIP" in keys(library)
