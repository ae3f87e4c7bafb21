"""Names in headlines written in title case, run into the text as saved pages do: only the words the
article writes capitalised in its running text are names; page furniture is none."""

from __future__ import annotations

import pytest

from curator.core.entities.names import PhraseStats, phrase_candidates
from curator.core.entities.title_case import title_case_spans


def proposed(body: str) -> dict[str, str]:
    """The body's proposed names, text -> label, with the body as the whole corpus."""
    stats = PhraseStats()
    stats.add(body)
    return {body[start:end]: label for start, end, label in phrase_candidates(body, stats)}


PAVLOPOULOS = ("Greek President Pavlopoulos Calls on Turkey to Live in Peace ATHENS – President of the Hellenic "
               "Republic Prokopios Pavlopoulos received political leaders. Pavlopoulos wished Turkey to live in "
               "peace with Greece, and the president said so again.")
KLOBUCHAR = ("Klobuchar Jabs Trump for Spending 1 of 5 Days in 2019 at a Golf Club: 'I Spent 0 Days on the Golf "
             "Course' 2020 presidential candidate Senator Amy Klobuchar on Wednesday called out President Donald "
             "Trump after a report found he had spent days at a golf club.")
HOLLYWOOD = ("Hollywood Rings in the New Year Hating Trump: ‘Kick His Ass in 2020’ Left-wing Hollywood figures "
             "carried their rage into the new year, dumping on President Donald Trump and hating his policies.")
GRASSLEY = ("Trump Gets Trolled After GOP Sen Suggests Someone Must ‘Keep Watch’ Of Him At All Times Sen. Chuck "
            "Grassley (R) took to Twitter on Thursday to suggest that Donald Trump must be watched at all times.")


@pytest.mark.parametrize("body, junk, names", [
    (PAVLOPOULOS, ["Pavlopoulos Calls", "Peace ATHENS", "Peace"], ["Pavlopoulos", "Turkey", "ATHENS"]),
    (KLOBUCHAR, ["Klobuchar Jabs Trump", "Golf Course", "Spending"], ["Klobuchar", "Amy Klobuchar", "Donald Trump"]),
    (HOLLYWOOD, ["Hating Trump", "Hollywood Rings", "Kick His Ass"], ["Trump", "Donald Trump"]),
    (GRASSLEY, ["Suggests Someone Must", "Him At All Times", "Trump Gets Trolled After GOP"],
     ["Trump", "Chuck Grassley", "Donald Trump"]),
])
def test_a_title_case_headline_gives_only_the_names_its_text_writes(body, junk, names):
    found = proposed(body)
    assert not set(junk) & set(found)
    assert set(names) <= set(found)


def test_a_name_in_a_headline_takes_the_full_name_its_text_gives():
    found = proposed(KLOBUCHAR)
    assert found["Klobuchar"] == "Amy Klobuchar"


def test_a_name_after_a_headline_stays_out_of_it():
    # The headline's words end at its last word a sentence writes in lower case, before a comma's part
    # that holds none: "El Monte" and the by-line's "Becky Bohrer" are names.
    found = proposed("High Speed Chase Ends in Crash in El Monte, Two Arrested Police chased a car through "
                     "the city of El Monte. The chase ended in a crash.")
    assert "El Monte" in found and "Chase Ends" not in found and "High Speed Chase Ends" not in found
    assert "Becky Bohrer" in proposed("Lawmakers met on Monday. Becky Bohrer, The Associated Press")


@pytest.mark.parametrize("body", [
    # A text opening with a long name is no headline: nothing in it is written in lower case elsewhere.
    "European Commission President Ursula von der Leyen and Turkish President Recep Tayyip Erdogan met.",
    # A name with a capitalised function word opening a paragraph is no headline either.
    "Ping An Insurance, HSBC's largest shareholder, has in the past pushed for a spin-off of its insurance arm.",
    # Inside the text, a headline holds a capitalised function word ("In", "To"): a name may hold common words.
    "Two were hurt. The New Hampshire Fish and Game Department says both wore helmets and did not fish or hunt game.",
])
def test_running_text_that_opens_with_names_is_no_headline(body):
    written = set(body.lower().split())
    assert title_case_spans(body, written.__contains__) == []


def test_names_in_running_text_are_kept():
    found = proposed("Ping An Insurance, HSBC's largest shareholder, has in the past pushed for a spin-off of "
                     "its insurance arm.")
    assert "Ping An Insurance" in found


@pytest.mark.parametrize("body, furniture", [
    ("Pavlopoulos called for a prompt Cyprus solution, Pavlopoulos says Previous Post", "Previous Post"),
    ("Ministers met in Oslo, Store says Next Post", "Next Post"),
    ("The Atlanta Journal-Constitution reported. Get The Times of Israel's Daily Edition by email and never miss "
     "our top stories", "Get The Times of Israel"),
])
def test_page_furniture_is_no_name(body, furniture):
    found = proposed(body)
    assert not any(furniture in name or name in furniture.split() for name in found)
