"""Editing and removing entity types: keys stay unique (and swap), refusals say why, undo reverses."""

import pytest

from curator.core.entities import (
    EntityError,
    EntityTypeChange,
    EntityTypeRemoval,
    NewEntityType,
    add_entity_type,
    create_entity,
    delete_entity_type,
    edit_entity_types,
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


# Several types at once ------------------------------------------------------------------

def types(library) -> dict[str, tuple]:
    return {row["name"]: (row["label"], row["colour"], row["key"]) for row in entity_types(library)}


def test_adding_changing_and_removing_types_is_one_step_undone_and_redone_as_one(library):
    add_entity_type(library, "SHIP", "Ship", "#4a90a4", 5)
    before, history = types(library), len(library.history())
    changes = edit_entity_types(library, [
        EntityTypeRemoval("SHIP"),
        EntityTypeChange("PERSON", "Person", "#123456", 2),
        EntityTypeChange("ORG", "Organisation", "#3d85c6", 1),  # the two exchange keys
        NewEntityType("  Vessel   class ", "#8e7cc3", 5),  # the removed type's key
    ])
    after = types(library)
    assert "SHIP" not in after
    assert (after["PERSON"], after["ORG"][2]) == (("Person", "#123456", 2), 1)
    assert after["VESSEL_CLASS"] == ("Vessel class", "#8e7cc3", 5)
    (entry,) = library.history(1)
    assert len(library.history()) == history + 1 and changes.history_id == entry["id"]
    assert entry["op"] == "edit_entity_types"
    assert entry["summary"] == ("Edited entity types: Person (colour #e07a5f → #123456, key 1 → 2); "
                                "Organisation (key 2 → 1); added Vessel class; removed Ship")

    undo(library)
    assert types(library) == before
    redo(library)
    assert types(library) == after


def test_keys_can_pass_round_several_types(library):
    edit_entity_types(library, [EntityTypeChange("PERSON", "Person", "#e07a5f", 2),
                                EntityTypeChange("ORG", "Organisation", "#3d85c6", 3),
                                EntityTypeChange("PLACE", "Place", "#6aa84f", 1)])
    assert keys(library) == {"PERSON": 2, "ORG": 3, "PLACE": 1, "EVENT": 4, "UNKNOWN": None}
    undo(library)
    assert keys(library) == {"PERSON": 1, "ORG": 2, "PLACE": 3, "EVENT": 4, "UNKNOWN": None}


def test_a_removed_name_is_not_reused_by_a_new_type(library):
    add_entity_type(library, "SHIP", "Ship", "#4a90a4")
    edit_entity_types(library, [EntityTypeRemoval("SHIP"), NewEntityType("Ship", "#4a90a4"),
                                NewEntityType("1920s", "#123456")])
    assert {"SHIP_2", "TYPE_1920S"} <= set(types(library)) and "SHIP" not in types(library)


def test_edits_that_change_nothing_write_no_history(library):
    before = len(library.history())
    changes = edit_entity_types(library, [EntityTypeChange("PLACE", "Place", "#6aa84f", 3)])
    assert changes.history_id is None and len(library.history()) == before


@pytest.mark.parametrize("edits, message", [
    ([EntityTypeChange("PLACE", " ", "#6aa84f", 3)], "needs a label"),
    ([NewEntityType("Ship", "teal")], "#rrggbb"),
    ([NewEntityType("Ship", "#4a90a4", 10)], "1 to 9"),
    ([EntityTypeChange("SHIPS", "Ships", "#4a90a4")], "Unknown entity type 'SHIPS'"),
    ([EntityTypeRemoval("PLACE"), EntityTypeChange("PLACE", "Place", "#6aa84f")], "edited more than once"),
    ([EntityTypeRemoval("PERSON")], "Person is a built-in type"),
    ([NewEntityType("Ship", "#4a90a4", 1)], "Key 1 would tag both Ship and Person"),
    ([EntityTypeChange("PERSON", "Person", "#e07a5f", 2)], "Key 2 would tag both Person and Organisation"),
    ([EntityTypeChange("BOAT", "place", "#123456", 6)], "Two entity types would be labelled “place”"),
])
def test_a_refused_edit_changes_nothing(library, edits, message):
    add_entity_type(library, "BOAT", "Boat", "#123456", 6)
    before, history = types(library), len(library.history())
    with pytest.raises(EntityError, match=message):
        edit_entity_types(library, [EntityTypeChange("EVENT", "Happening", "#a64d79", 4), *edits])
    assert types(library) == before and len(library.history()) == history


def test_a_type_in_use_is_not_removed_and_the_other_edits_wait(library):
    add_entity_type(library, "SHIP", "Ship", "#4a90a4", 5)
    create_entity(library, "Queen Mary", "SHIP")
    before = types(library)
    with pytest.raises(EntityError, match="Ship is still the type of 1 entity and 0 mentions"):
        edit_entity_types(library, [NewEntityType("Law", "#8e7cc3", 6), EntityTypeRemoval("SHIP")])
    assert types(library) == before
