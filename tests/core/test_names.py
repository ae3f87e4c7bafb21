"""Candidate names: connectors, affixes, units, spelled-out terms, abbreviations and the offline lists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curator.core.entities import names as name_rules
from curator.core.entities.gazetteer import place_names
from curator.core.entities.names import PhraseStats, phrase_candidates, pieces
from curator.core.entities.organisations import organisation_names
from curator.core.entities.suggest import suggest_mentions
from tests.factories import add_article


def proposed(*bodies: str) -> list[dict[str, str]]:
    """Each body's proposed names: text -> label, with the corpus statistics of all the bodies."""
    stats = PhraseStats()
    for body in bodies:
        stats.add(body)
    return [{body[start:end]: label for start, end, label in phrase_candidates(body, stats)} for body in bodies]


@pytest.mark.parametrize("body, names", [
    ("Members of the House Ways and Means Committee pressed U.S. Customs and Border Protection on Monday.",
     ["House Ways and Means Committee", "U.S. Customs and Border Protection"]),
    ("The England and Wales Cricket Board sold tickets.", ["England and Wales Cricket Board"]),
    ("Officers at John F. Kennedy International Airport in New York seized it.",
     ["John F. Kennedy International Airport", "New York"]),
    ("Shares of Procter & Gamble rose.", ["Procter & Gamble"]),
    # Two names joined by "and" stay two: a lone word before it joins only as a place.
    ("Talks between Trump and Republican Party leaders ended.", ["Trump", "Republican Party"]),
    ("Jobs grew in New South Wales.", ["New South Wales"]),
    ("Smith, a Missouri Republican, spoke.", ["Missouri", "Republican"]),
    ("Meanwhile, Montrose-based Enermech and Kremlin-backed Wagner signed.", ["Montrose", "Enermech", "Kremlin",
                                                                              "Wagner"]),
    # A country's abbreviation opening a name is dropped, unless the name runs over a connector.
    ("Rates at the U.S. Federal Reserve and the U.S. Chamber of Commerce rose.",
     ["Federal Reserve", "U.S. Chamber of Commerce"]),
    ("It grew fast in the U.S. The company said so.", []),
    # Initials are a word of their own: "the U.S." is no "U"; a country's alone is no name.
    ("Food banks across the U.S., and U.N. agencies in Washington, D.C., said so.", ["U.N.", "Washington", "D.C."]),
    ("Celebrations on New Year Day.", []),
    # A holiday or a wish for one is a date: the words before its time word go with it.
    ("We wish readers a Happy New Year and a Merry Christmas.", []),
    ("Crowds marked the Lunar New Year in Taipei.", ["Taipei"]),
    ("Fireworks lit Sydney on New Year's Eve.", ["Sydney"]),
    ("Stores in Ohio opened on Black Friday and closed on Memorial Day.", ["Ohio"]),
    ("Talks on the Good Friday Agreement resumed.", ["Good Friday Agreement"]),
    ("Parades filled Ottawa on Canada Day.", ["Ottawa", "Canada"]),
    # A saved page's buttons and links are no name; a name with one such word stays.
    ("Rates rose. Share Email Print Report Subscribe Thank you.", []),
    ("The Home Office and Reading Borough Council met.", ["Home Office", "Reading Borough Council"]),
    # Capitals joined by an ampersand are one word; a place's abbreviated first word stays with the place.
    ("Shares of AT&T rose as the S&P 500 fell and P&G held.", ["AT&T", "S&P", "P&G"]),
    ("Flights from St. Louis and Ft. Worth to Mt. Vernon resumed.", ["St. Louis", "Ft. Worth", "Mt. Vernon"]),
    # A person "of" a place is the person, then the place; a state's or a title's name stays whole.
    ("Senator Lisa Murkowski of Alaska voted no. Rep. Raul Ruiz of California met the Duke of Edinburgh.",
     ["Lisa Murkowski", "Alaska", "Raul Ruiz", "California", "Duke of Edinburgh"]),
    ("The Democratic Republic of Congo thanked the Bank of England.", ["Democratic Republic of Congo", "Bank of England"]),
    # ...and a person "of" an organisation's acronym the person, then the organisation.
    ("Fabien Villedieu of SUD-Rail and Jens Stoltenberg of NATO spoke to the Secretary General of NATO.",
     ["Fabien Villedieu", "SUD-Rail", "Jens Stoltenberg", "NATO", "NATO"]),
    # A title's portfolio after "of" is the title's, not the name's.
    ("Secretary of State Antony Blinken met Secretary of Homeland Security Alejandro Mayorkas.",
     ["Antony Blinken", "Alejandro Mayorkas"]),
])
def test_pieces_are_whole_names(body, names):
    # A lone word opening a sentence is a piece too ("Officers"), judged later with the corpus.
    assert [piece.text for piece in pieces(body) if not (piece.initial and piece.words == 1)] == names


# Words and marks a name, a prefixed name or a near miss of one is made of.
_NAME_PARTS = st.sampled_from(["al", "el", "bin", "ibn", "abu", "d", "and", "of", "the", "Mr.", "U.S.", "New",
                               "York", "Assad", "Salman", "Équipe", "Orkney", "based", "e", "i", "a", "Tampen"])
_MARKS = st.sampled_from([" ", "-", "'", "’", ". ", ", ", "\n", " & ", "\u00a0"])


@given(st.lists(st.tuples(_NAME_PARTS, _MARKS), max_size=30))
def test_a_text_without_prefixed_names_is_read_as_with_them(parts):
    # Without a prefix before a capital, runs are searched from capitals only: the same pieces.
    body = "".join(word + mark for word, mark in parts)
    everywhere = name_rules._capitalised_run
    try:
        name_rules._capitalised_run = name_rules._run
        expected = pieces(body), pieces(body, roles=False)
    finally:
        name_rules._capitalised_run = everywhere
    assert (pieces(body), pieces(body, roles=False)) == expected


def test_a_name_written_with_based_is_a_place_even_once():
    body = "An Orkney-based developer and a Kremlin-backed group met."
    stats = PhraseStats()
    stats.add(body)
    found = {body[start:end]: label for start, end, label in phrase_candidates(body, stats)}
    assert found == {"Orkney": "Orkney", "Kremlin": "Kremlin"}
    assert stats.type_of("Orkney") == "PLACE" and stats.type_of("Kremlin") == "UNKNOWN"


def test_tokens_mostly_beside_numbers_are_units_not_names():
    first, second = proposed("A 20 Zq plant and a 30 Zq plant were built by Zorvane. Zorvane said so.",
                             "Zorvane said its 5 Zq farm beat a 2 Zq rival; the Zq was the unit.")
    assert "Zq" not in first and "Zq" not in second
    assert first["Zorvane"] == "Zorvane"


def test_an_abbreviation_spelled_out_in_lower_case_is_a_term_not_a_name():
    first, second = proposed("They finished the floating storage unit (FSU) and the Brenmoor deal.",
                             "The FSU left Brenmoor Harbour on Monday, the FSU crew said.")
    assert "FSU" not in first and "FSU" not in second


def test_an_abbreviation_links_to_its_name_in_the_same_article():
    body = ("Global Energy Ventures (GEV) signed a deal. GEV shares rose. Lawmakers pressed U.S. Customs and "
            "Border Protection on parcels, and CBP said it needed staff. Offshore Energies UK (OEUK) warned too.")
    (found,) = proposed(body)
    assert found["GEV"] == "Global Energy Ventures"
    assert found["CBP"] == "U.S. Customs and Border Protection"
    assert found["OEUK"] == "Offshore Energies UK"


def test_a_word_is_a_short_form_of_a_person_named_after_it_not_of_a_police_or_a_city():
    body = ("Victoria Police warned drivers on Monday as heavy rain moved south towards Victoria. Protesters "
            "gathered outside the Capitol, where Capitol Police stood. North Korean leader Kim Jong-Un spoke, "
            "and later Kim said no.")
    [found] = proposed(body)
    assert found.get("Victoria") != "Victoria Police" and found.get("Capitol") != "Capitol Police"
    assert found["Kim"] == "Kim Jong-Un"


def test_a_place_keeps_its_first_word_opening_a_sentence():
    first, _ = proposed("New South Wales voted. North Korea fired a missile.",
                             "Rain fell in South Wales and Korea, and in South Wales again near Korea.")
    assert set(first) == {"New South Wales", "North Korea"}


def test_an_unknown_common_opener_is_dropped_from_a_name():
    first, _ = proposed("Former Alameda chief Caroline Ellison spoke.",
                        "She left Alameda for good; former staff of Alameda agreed, as former ones do.")
    assert "Alameda" in first and "Former Alameda" not in first


def test_units_currencies_and_generic_acronyms_are_no_names():
    (found,) = proposed("The 1.4 GW farm signed a PPA and an MoU, then FEED work, an FPSO and CCUS, after the IPO.")
    assert found == {}


def test_the_offline_lists_know_continents_regions_states_and_organisations():
    places = dict(place_names())
    for surface, canonical in [("Europe", "Europe"), ("Asia", "Asia"), ("Middle East", "Middle East"),
                               ("New South Wales", "New South Wales"), ("NSW", "New South Wales"),
                               ("Ontario", "Ontario"), ("Orkney", "Orkney Islands"), ("Aberdeenshire", "Aberdeenshire"),
                               ("Queensland", "Queensland"), ("US", "United States")]:
        assert places[surface] == canonical, surface
    assert "Bolton" not in places and "Angus" not in places  # a borough and a first name, too often not the place
    organisations = dict(organisation_names())
    assert organisations["UN"] == organisations["U.N."] == "United Nations"
    assert organisations["Fed"] == "Federal Reserve"


def test_the_country_is_not_suggested_in_a_currency(library):
    add_article(library, "The US$4 million deal was signed in the US by an Asia fund.", title="a")
    suggest_mentions(library)
    rows = library.db.execute("SELECT text, label, source FROM mentions ORDER BY start").fetchall()
    assert [tuple(row) for row in rows] == [("US", "United States", "gazetteer"), ("Asia", "Asia", "gazetteer")]


def test_an_organisation_named_for_what_it_does_is_typed_so_by_the_word_before_of():
    stats = PhraseStats()
    assert [stats.type_of(name) for name in ("Ministry of Defence", "Office for National Statistics",
                                             "Reserve Bank of India", "Gulf of Mexico", "Republic of Ireland")] == [
        "ORG", "ORG", "ORG", "UNKNOWN", "UNKNOWN"]
