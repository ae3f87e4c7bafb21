"""Headlines, datelines and header lines as real files lay them out: every word of a headline stays
in the title unless it is a dateline or a wire slug the draft reports, and header lines fill fields."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.ingest.plain_text import parse
from curator.core.ingest.records import parse_json
from curator.core.text import derive_title, split_dateline, split_label

_BODY = "Officials said the plan would be decided on Monday. Critics disagreed.\n"

# (first line of the file, title, dateline, label): the first line is followed by a blank line and _BODY.
HEADLINES = [
    ("EIG-led consortium closes deal for Norwegian wind farm", "EIG-led consortium closes deal for Norwegian wind farm",
     None, None),
    ("EIG-Led Consortium Closes Deal For Wind Farm", "EIG-Led Consortium Closes Deal For Wind Farm", None, None),
    ("KKR-backed Chime raises $750 million", "KKR-backed Chime raises $750 million", None, None),
    ("KKR-Backed Firm Buys Rival", "KKR-Backed Firm Buys Rival", None, None),
    ("FACTBOX-Key facts about the Nord Stream pipelines", "Key facts about the Nord Stream pipelines", None,
     "FACTBOX"),
    ("UPDATE 2-Oil rises on supply fears", "Oil rises on supply fears", None, "UPDATE 2"),
    ("RPT-UPDATE 1-Yen slips as Bank of Japan holds", "Yen slips as Bank of Japan holds", None, "RPT-UPDATE 1"),
    ("EXCLUSIVE-Apple plans a cheaper iPhone", "Apple plans a cheaper iPhone", None, "EXCLUSIVE"),
    ("Factbox: What we know about the outage", "What we know about the outage", None, "Factbox"),
    ("Explainer: Why gas prices are rising", "Why gas prices are rising", None, "Explainer"),
    ("The Hydrogen Stream: Germany plans new subsidies", "The Hydrogen Stream: Germany plans new subsidies", None,
     None),
    ("Poll: Most voters back the plan", "Poll: Most voters back the plan", None, None),
    ("COVID-19 cases surge in the north", "COVID-19 cases surge in the north", None, None),
    ("MH-17 report is due", "MH-17 report is due", None, None),
    ("BREXIT - What happens next", "BREXIT - What happens next", None, None),
    ("BREXIT: The deal explained", "BREXIT: The deal explained", None, None),
    ("G7-led talks stall", "G7-led talks stall", None, None),
    ("LONDON-based lender grows", "LONDON-based lender grows", None, None),
    ("US-China talks resume", "US-China talks resume", None, None),
    ("Wall Street: Stocks rally", "Wall Street: Stocks rally", None, None),
    ("Nord Stream 2 - the pipeline nobody wanted", "Nord Stream 2 - the pipeline nobody wanted", None, None),
    ("NATO - Russia council meets", "NATO - Russia council meets", None, None),
    ("Talks stall in Beijing", "Talks stall in Beijing", None, None),
]

# (opening paragraph, dateline, the title derived from the rest): a file without a headline.
OPENINGS = [
    ("MOSCOW (Reuters) - Russia said no. It said so again.", "MOSCOW (Reuters)", "Russia said no"),
    ("LONDON, June 3 (Reuters) — Britain said yes. Then more.", "LONDON, June 3 (Reuters)", "Britain said yes"),
    ("OSLO — Norway voted on Monday. Then more.", "OSLO", "Norway voted on Monday"),
    ("NEW YORK (AP) -- Stocks fell. Then more.", "NEW YORK (AP)", "Stocks fell"),
    ("Moscow: Russia said no. Then more.", "Moscow", "Russia said no"),
    ("BREXIT - Britain left the union. Then more.", None, "BREXIT - Britain left the union"),
    ("EIG-Led consortium closes a deal. Then more.", None, "EIG-Led consortium closes a deal"),
]


def _draft(text: str):
    [draft] = parse("story.txt", text.encode()).drafts
    return draft


@pytest.mark.parametrize(("line", "title", "dateline", "label"), HEADLINES)
def test_a_headline_keeps_its_words(line, title, dateline, label):
    draft = _draft(f"{line}\n\n{_BODY}")
    assert (draft.title, draft.dateline, draft.metadata.get("label")) == (title, dateline, label)
    assert draft.body == _BODY.strip()


@pytest.mark.parametrize(("line", "title", "dateline", "label"), HEADLINES)
def test_a_headline_in_a_record_keeps_its_words(line, title, dateline, label):
    data = json.dumps([{"title": line, "text": _BODY}]).encode()
    [draft] = parse_json("feed.json", data).drafts
    assert (draft.title, draft.metadata.get("label")) == (title, label)


@pytest.mark.parametrize(("opening", "dateline", "title"), OPENINGS)
def test_a_dateline_opening_the_body_is_taken_off_and_only_it(opening, dateline, title):
    draft = _draft(opening + "\n")
    assert (draft.dateline, draft.title) == (dateline, title)
    assert draft.body.startswith(opening.removeprefix(dateline or "").lstrip(" -—:")[:10])


@pytest.mark.parametrize("header", [
    "Date: 2021-06-24\nSource: Offshore Weekly\nURL: https://example.com/wind",
    "URL: https://example.com/wind\nsource: Offshore Weekly\nDATE: 2021-06-24",
    "Published: 24 June 2021\nSource: Offshore Weekly\nLink: https://example.com/wind\nAuthor: Jane Roe",
    "Source: Offshore Weekly\nBy: Jane Roe\nDate: June 24, 2021\nUrl: https://example.com/wind",
])
def test_header_lines_under_a_headline_fill_the_fields(header):
    draft = _draft(f"EIG-led consortium closes deal for wind farm\n{header}\n\nOSLO — The deal closed. More.\n")
    assert draft.title == "EIG-led consortium closes deal for wind farm"
    assert (draft.published, draft.outlet) == ("2021-06-24", "Offshore Weekly")
    assert draft.url in (None, "https://example.com/wind") and "example.com" in (draft.url or header)
    assert draft.byline in (None, "Jane Roe") and (draft.byline is not None) == ("Jane Roe" in header)
    assert (draft.dateline, draft.body) == ("OSLO", "The deal closed. More.")


def test_a_derived_title_is_the_whole_sentence_without_an_ellipsis():
    sentence = "Ministers from " + " and ".join(f"country {n}" for n in range(9)) + " met in Geneva on Monday"
    draft = _draft(sentence + ". They talked.\n")
    assert draft.title == sentence and "…" not in draft.title


def test_a_title_cut_from_a_very_long_sentence_ends_at_a_word_without_an_ellipsis():
    title = derive_title("word " * 100 + "end.")
    assert title and set(title.split()) == {"word"} and "…" not in title


_WORDS = st.sampled_from([
    "Oil", "rises", "on", "supply", "fears", "EIG-led", "KKR-Backed", "COVID-19", "MH-17", "BREXIT", "NATO", "G7",
    "the", "Stream:", "Hydrogen", "-", "—", "Talks", "stall", "US-China", "LONDON", "MOSCOW", "Moscow:", "(Reuters)",
    "FACTBOX-Key", "UPDATE", "2-Oil", "Nord", "Stream", "2", "deal", "$750", "million", "Wall", "Street:",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=12))
def test_what_leaves_a_title_is_exactly_the_dateline_or_the_label_reported(words):
    line = " ".join(words)
    draft = _draft(f"{line}\n\n{_BODY}")
    removed = [part for part in (draft.dateline, draft.metadata.get("label")) if part]
    if draft.title == line:
        assert not removed
        return
    # Whatever left the title is what the draft reports, followed only by its separator.
    assert line.endswith(draft.title), (line, draft.title)
    prefix = line[: len(line) - len(draft.title)]
    # A dateline and a wire label may both open a headline ("Moscow: FACTBOX-..."): together they are the prefix.
    assert removed and sorted(_words_of(prefix)) == sorted(word for part in removed for word in _words_of(part))


def _words_of(text):
    return [word for word in re.split(r"[\s\-—–:]+", text) if word]


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=12))
def test_split_dateline_and_split_label_only_ever_take_a_prefix(words):
    line = " ".join(words)
    for taken, rest in (split_dateline(line), split_label(line)):
        if taken is None:
            assert rest == line
        else:
            assert line.startswith(taken) and line.endswith(rest) and rest
            assert line[len(taken): len(line) - len(rest)].strip(" -—–:") == ""
