import pytest

from curator.core.text import (
    clean_article_text,
    clean_body,
    derive_title,
    first_sentence,
    is_boilerplate,
    match_date,
    normalize_for_matching,
    parse_date,
    split_dateline,
    without_invisibles,
)


@pytest.mark.parametrize(
    "line",
    [
        "COMMERCIAL BREAK",
        "SCROLL TO CONTINUE READING",
        "Advertisement",
        "  ADVERTISEMENT  ",
        "Share this article",
        "Read more",
        "Read more:",
        "Read more: Russia says talks are over",
        "Subscribe to our newsletter!",
        "Click here to read the full report",
        "Follow us on Twitter @thedaily",
        "Sign up for our newsletter",
        "Story continues below advertisement",
        "Share this article on Facebook Twitter LinkedIn",
        "Share on WhatsApp",
        "Sign up for our free newsletter. Click here to subscribe.",
        # A run of furniture, each sentence of it furniture.
        "Subscribe to our newsletter for the latest news. Cookie policy. Privacy policy. Terms of use. Sign up now. "
        "Follow us on Twitter and Facebook. Advertisement. Read more. Copyright 2024 All rights reserved.",
    ],
)
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the case in court, the judge said.",
        "Subscribers complained about the price rise.",
        "An advertisement for the new film ran in every paper.",
        "Sharing this article is encouraged.",
        "Share prices on the exchange fell on Monday.",
        "Subscribe " + "x " * 100,  # too long to be furniture
        "Advertisement. Read more. The council voted on Monday to close the harbour to ferries for the winter, "
        "its leader said, after a season of storms.",  # furniture first, then the story
    ],
)
def test_not_boilerplate(line):
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    "paragraph, dateline, rest",
    [
        ("MOSCOW: Russia on Thursday rejected", "MOSCOW", "Russia on Thursday rejected"),
        ("Moscow: Russia on Thursday rejected", "Moscow", "Russia on Thursday rejected"),
        ("PARIS, Nov 3 (Reuters) - France said", "PARIS, Nov 3 (Reuters)", "France said"),
        ("NEW YORK (AP) — Stocks fell", "NEW YORK (AP)", "Stocks fell"),
        ("WASHINGTON (Reuters) - The Senate", "WASHINGTON (Reuters)", "The Senate"),
        ("LONDON, March 3 — Britain", "LONDON, March 3", "Britain"),
        ("BEIJING - China said", "BEIJING", "China said"),
        ("Washington (Reuters) - The Senate", "Washington (Reuters)", "The Senate"),
        ("SÃO PAULO, Brazil (AP) — Brazil", "SÃO PAULO, Brazil (AP)", "Brazil"),
        ("Rio de Janeiro: The carnival", "Rio de Janeiro", "The carnival"),
        ("LONDON—The pound", "LONDON", "The pound"),
        ("  MOSCOW: Russia", "MOSCOW", "Russia"),
    ],
)
def test_split_dateline_finds_datelines(paragraph, dateline, rest):
    assert split_dateline(paragraph) == (dateline, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        '"We see this negatively," he said: the talks are over.',
        "Note: figures are provisional.",
        "Update: The story was corrected.",
        "Editor's Note: The story was corrected.",
        "Russia on Thursday rejected a US call to cut ties.",
        "He said: The talks are over.",
        "Washington: the capital of the United States.",
        "London, March 3 — Britain said",  # Title case needs an agency or a bare colon
        "Paris, France - the city",
        "US - China relations worsened.",
        "Breaking News: A fire broke out.",
        "Apple (and Google) - two giants",
        "I - the narrator - went home.",
        "MOSCOW:",
    ],
)
def test_split_dateline_leaves_ordinary_sentences(paragraph):
    assert split_dateline(paragraph) == (None, paragraph)


def test_clean_body_drops_boilerplate_and_collapses_whitespace():
    text = "First   para\ngoes on.\n\n\nCOMMERCIAL BREAK\nSCROLL TO CONTINUE READING\n\nSecond\t para.\n"
    assert clean_body(text) == "First para goes on.\n\nSecond para."


def test_clean_body_without_blank_lines_makes_one_paragraph_per_line():
    assert clean_body("One.\r\nAdvertisement\r\nTwo.\r\n") == "One.\n\nTwo."


def test_clean_body_drops_rules_and_invisible_characters():
    assert clean_body("A\u200bb\u00ad.\n\n* * *\n\n---\n\nC.") == "Ab.\n\nC."


def test_clean_body_of_nothing_is_empty():
    assert clean_body("  \n\nAdvertisement\n\n") == ""


def test_clean_article_text_splits_the_dateline_of_the_first_paragraph_only():
    text = "MOSCOW: Russia said no.\n\nLONDON: Britain said yes."
    assert clean_article_text(text) == ("MOSCOW", "Russia said no.\n\nLONDON: Britain said yes.")


def test_first_sentence_skips_abbreviations():
    assert first_sentence("Mr. Smith met U.S. officials on Jan. 3. Then he left.") == (
        "Mr. Smith met U.S. officials on Jan. 3."
    )
    assert first_sentence('He said "no." Then he left.') == 'He said "no."'
    assert first_sentence("No end here") == "No end here"


def test_derive_title_short_sentence_drops_the_period():
    assert derive_title("Russia said no. Then more.") == "Russia said no"


def test_derive_title_cuts_long_sentences_at_a_word_boundary():
    body = "word " * 60 + "end."
    title = derive_title(body)
    assert title.endswith("word") and "…" not in title
    assert len(title) <= 200


def test_derive_title_of_one_giant_word():
    assert derive_title("x" * 300) == "x" * 200


@pytest.mark.parametrize(
    "value, iso",
    [
        ("2017-11-30", "2017-11-30"),
        ("30 Nov 2017", "2017-11-30"),
        ("30 November 2017", "2017-11-30"),
        ("November 30, 2017", "2017-11-30"),
        ("Nov. 30, 2017", "2017-11-30"),
        ("Thursday, November 30, 2017", "2017-11-30"),
        ("2017/11/30", "2017-11-30"),
        ("30.11.2017", "2017-11-30"),
        ("11/30/2017", "2017-11-30"),
        ("30/11/2017", "2017-11-30"),
        ("2017-11-30T09:15:00Z", "2017-11-30"),
        ("2017-11-30 09:15:00+00:00", "2017-11-30"),
        ("Thu, 30 Nov 2017 10:00:00 +0000", "2017-11-30"),
        ("  2017-11-30  ", "2017-11-30"),
        # As feeds, dumps and other languages' outlets write a day.
        ("20171130", "2017-11-30"),
        ("20171130T091500Z", "2017-11-30"),
        ("30-Nov-2017", "2017-11-30"),
        ("Updated: November 30, 2017 at 10:15 a.m. ET", "2017-11-30"),
        ("Published 10:15 GMT, 30 November 2017", "2017-11-30"),
        ("30. November 2017", "2017-11-30"),
        ("30. März 2017", "2017-03-30"),
        ("30 novembre 2017 à 10h15", "2017-11-30"),
        ("1er juillet 2017", "2017-07-01"),
        ("30 de noviembre de 2017", "2017-11-30"),
        ("30 de março de 2017", "2017-03-30"),
        ("30 maggio 2017", "2017-05-30"),
        ("30 mei 2017", "2017-05-30"),
        ("30 ноября 2017 г.", "2017-11-30"),
        ("2017年11月30日", "2017-11-30"),
        ("2017년 11월 30일", "2017-11-30"),
        ("12345678", None),
        ("Updated", None),
        ("03/04/2017", None),  # day and month order unknowable
        ("2017-02-30", None),
        ("2017-11-30 MOSCOW", None),
        ("last Thursday", None),
        ("", None),
    ],
)
def test_parse_date(value, iso):
    assert parse_date(value) == iso


def test_match_date_reports_where_the_date_ends():
    assert match_date(" 2017-11-30 MOSCOW: Russia") == ("2017-11-30", 11)
    assert match_date("MOSCOW 2017-11-30") is None


def test_normalize_for_matching():
    assert normalize_for_matching("“Lose  IT” — it’s\u00a0ﬁne…") == "\"lose it\" - it's fine..."


def test_wire_credits_and_copyright_lines_are_boilerplate():
    from curator.core.text import is_boilerplate

    assert is_boilerplate("(Reporting by Anna Keller; Editing by Tom Hals)")
    assert is_boilerplate("Additional reporting by Jane Doe in Paris.")
    assert is_boilerplate("Copyright 2009 dpa. All rights reserved.")
    assert is_boilerplate("© 2017 Reuters")
    assert not is_boilerplate("Copyright law will change next year, the minister said.")
    assert not is_boilerplate("The reporting by local media was wrong, he said.")


def test_all_capital_places_starting_like_a_connector_are_datelines():
    from curator.core.text import split_dateline

    assert split_dateline("DA NANG (Reuters) - Leaders met.") == ("DA NANG (Reuters)", "Leaders met.")
    assert split_dateline("DA NANG, Vietnam (ANSA) — Leaders met.") == ("DA NANG, Vietnam (ANSA)", "Leaders met.")
    assert split_dateline("RIO DE JANEIRO: Police said.") == ("RIO DE JANEIRO", "Police said.")


def test_a_hard_wrapped_line_or_a_sentence_that_starts_like_furniture_is_the_articles_text():
    text = ("Fewer than half of the eligible households applied for the grant last year. Many did not\n"
            "subscribe to the scheme because of the upfront costs, the audit office found, and\n"
            "follow-up checks were rare.\n\n"
            "Reporting by the Guardian in 2024 first exposed the gap in the scheme.\n\n"
            "Copyright 2019 rules on heat pump noise were also blamed by installers.\n\n"
            "Editing by hand of the monitoring logs made the numbers look better, the inquiry said.\n\n"
            "Ministers said they would review the grant in the spring.")
    assert clean_body(text).split("\n\n") == [
        "Fewer than half of the eligible households applied for the grant last year. Many did not subscribe to "
        "the scheme because of the upfront costs, the audit office found, and follow-up checks were rare.",
        "Reporting by the Guardian in 2024 first exposed the gap in the scheme.",
        "Copyright 2019 rules on heat pump noise were also blamed by installers.",
        "Editing by hand of the monitoring logs made the numbers look better, the inquiry said.",
        "Ministers said they would review the grant in the spring.",
    ]


def test_furniture_goes_as_a_paragraph_of_its_own_or_a_line_of_its_own():
    text = ("The talks ended on Monday.\nAdvertisement\nThey resume in May.\n\n"
            "Subscribe to our newsletter\nfor the latest news.\n\n"
            "(Reporting by Andrew Osborn in Moscow and Guy Faulconbridge in London; Writing by Guy Faulconbridge;\n"
            "Editing by Kevin Liffey)")
    assert clean_body(text) == "The talks ended on Monday. They resume in May."


def test_furniture_labelled_in_other_languages_is_dropped_and_the_same_words_in_a_sentence_kept():
    text = ("Die Regierung hat entschieden.\n\nAnzeige\n\nLesen Sie auch: Was die Wahl bedeutet\n\nPUBLICITÉ\n\n"
            "Werbung wirkt, sagte er.\n\nЧитайте также: Выборы\n\nLe ministre l'a dit.")
    assert clean_body(text) == "Die Regierung hat entschieden.\n\nWerbung wirkt, sagte er.\n\nLe ministre l'a dit."


def test_text_copied_from_a_page_loses_its_captions_labels_and_the_links_after_the_article():
    pasted = ("Share\nImage source, Getty Images\nImage caption, The turbines float on the sea\n"
              "The wind farm opened on Monday, the company said.\nAdvertisement\n\"This is a milestone,\" she said.\n"
              "Related Topics\nNorway\nAdvertisement\nRenewable energy\nMore on this story\nWind farm plan approved")
    assert clean_body(pasted) == "The wind farm opened on Monday, the company said.\n\n\"This is a milestone,\" she said."
    # A heading in the text, with the text going on after it, is the text's.
    story = ("The farm opened.\n\nRelated stories\n\nThe company said other farms would follow next year, "
             "after the ministry approves the plans it sent in March, and that it expected no delays this time.")
    assert clean_body(story) == story
    from curator.core.dedupe.compare import boilerplate_lines

    assert boilerplate_lines(pasted, clean_body(pasted))[3:] == [
        (1, "Advertisement"), (2, "Related Topics"), (2, "Norway"), (2, "Advertisement"), (2, "Renewable energy"),
        (2, "More on this story"), (2, "Wind farm plan approved")]


def test_a_wire_s_closing_lines_go_whatever_the_wire():
    ap = ("Oil jumped 6% on Monday.\n\nCopyright 2023 The Associated Press. All rights reserved. This material may "
          "not be published, broadcast, rewritten or redistributed without permission.")
    reuters = ("Oil jumped 6% on Monday.\n\nScroll to continue\n\nBrent rose 5%.\n\n"
               "Our Standards: The Thomson Reuters Trust Principles.")
    assert clean_body(ap) == "Oil jumped 6% on Monday."
    assert clean_body(reuters) == "Oil jumped 6% on Monday.\n\nBrent rose 5%."
    # A paragraph opening with a credit and going on as text is the text's.
    told = "Copyright 2019 rules were blamed. The court heard the case on Monday and ruled against the publisher."
    assert clean_body(told) == told


@pytest.mark.parametrize("text", [
    # Sections of an article under headings a page's furniture also uses, or lines that end sentences.
    "The agency issued warnings.\n\nSee also\n\nEarlier warnings this winter were lifted within a day.",
    "Google published its list.\n\nTrending\n\nChatGPT, the chatbot released in late 2022\n\nThe Titan submersible",
    "The food is good.\n\nRecommended.\n\n12 High Street, Ludlow. Mains from £14.",
    "We asked the minister about schools.\n\nMore from the interview\n\nQ: What about teachers' pay?\n\nA: Pay will rise.",
    # A hard-wrapped file: a line that goes on a sentence is never a heading or a credit.
    "The rents rose again, with\nmore from landlords than from\nthe council expected.",
    "The payments came to light after\nreporting by The Washington Post and ProPublica\nin March.",
    "Newsrooms changed.\n\nEditing by Machine\n\nSoftware now suggests headlines.",  # a subheading names no one
])
def test_the_text_is_kept_where_furniture_s_words_are_the_article_s(text):
    assert clean_body(text).replace("\n\n", " ").split() == text.replace("\n", " ").split()


@pytest.mark.parametrize(("value", "iso"), [
    ("2 May 2023 07:00 Polls opened across the country", None),  # a date opening a sentence is no date field
    ("2 May 2023 10:15 (CEST)", "2023-05-02"),
    ("Mon, 02 May 2023 10:15:00 GMT+2", "2023-05-02"),
    ("Tuesday, May 2, 2023 10:15 AM EDT", "2023-05-02"),
])
def test_a_date_with_its_time_and_zone_and_nothing_more(value, iso):
    assert parse_date(value) == iso


def test_an_emoji_keeps_the_joiners_that_make_it_one_and_a_word_loses_them():
    family, flag = "\U0001F469\u200d\U0001F469\u200d\U0001F467", "\U0001F3F3\ufe0f\u200d\U0001F308"
    assert clean_body(f"The family {family} and the flag {flag} and a\u200dword.") == (
        f"The family {family} and the flag {flag} and aword.")


ZWNJ = "\u200c"


@pytest.mark.parametrize("word", [
    f"می{ZWNJ}خواهم",  # Persian "I want": misspelt with its letters joined
    f"کتاب{ZWNJ}ها",  # Persian "books"
    f"خوش{ZWNJ}آمدید",  # Urdu and Persian "welcome"
    f"अक्{ZWNJ}षर",  # Hindi: the non-joiner after the virama keeps the half-form, no conjunct
    f"ക്{ZWNJ}ക",  # Malayalam
    f"ಕ್{ZWNJ}ಕ",  # Kannada
    f"ক্{ZWNJ}ষ",  # Bengali
])
def test_a_non_joiner_inside_a_word_of_a_script_that_writes_it_is_kept_as_its_spelling(word):
    text = f"{word} {word}.\n\nAdvertisement\n\n{word}"
    assert clean_body(text) == f"{word} {word}.\n\n{word}"
    assert clean_article_text(text)[1] == f"{word} {word}.\n\n{word}"
    assert without_invisibles(f"{word}\u200b") == word  # a name typed by hand keeps it too


@pytest.mark.parametrize(("text", "clean"), [
    (f"The re{ZWNJ}port was pub{ZWNJ}lished.", "The report was published."),  # between Latin letters
    (f"Hello{ZWNJ} world {ZWNJ}again{ZWNJ}", "Hello world again"),  # at words' edges
    (f"می{ZWNJ} خواهم", "می خواهم"),  # beside a space
    (f"{ZWNJ}می خواهم{ZWNJ}", "می خواهم"),  # at a Persian word's edges
    (f"می{ZWNJ}{ZWNJ}خواهم", "میخواهم"),  # doubled
    (f"۱۲{ZWNJ}ب", "۱۲ب"),  # after a digit of the script
    (f"می{ZWNJ}word", "میword"),  # before a letter of another script
    (f"Kim{ZWNJ}خواهم", "Kimخواهم"),  # after one
])
def test_a_non_joiner_anywhere_else_is_dropped(text, clean):
    assert clean_body(text) == clean
    assert without_invisibles(text) == clean


ZWJ = "\u200d"


@pytest.mark.parametrize("word", [
    f"ශ්{ZWJ}රී",  # Sinhala "Sri" (of Sri Lanka): its rakaransaya touches the letter by a joiner
    f"ප්{ZWJ}රකාශය",  # Sinhala "statement"
    f"ක්{ZWJ}යාව",  # Sinhala: a yansaya
    f"क्{ZWJ}ष",  # Hindi: the joiner after the virama asks for the half-form
])
def test_a_joiner_inside_a_word_of_a_script_that_writes_it_is_kept_as_its_spelling(word):
    text = f"{word} {word}.\n\nAdvertisement\n\n{word}"
    assert clean_body(text) == f"{word} {word}.\n\n{word}"
    assert without_invisibles(f"{word}\u200b") == word


@pytest.mark.parametrize(("text", "clean"), [
    (f"ශ්{ZWJ} ලංකා", "ශ් ලංකා"),  # beside a space
    (f"{ZWJ}ශ්රී{ZWJ}", "ශ්රී"),  # at a word's edges
    (f"ශ්{ZWJ}{ZWJ}රී", "ශ්රී"),  # doubled
    (f"ශ්{ZWJ}word", "ශ්word"),  # before a letter of another script
    (f"\U0001F469{ZWJ}ශ", "\U0001F469ශ"),  # between a pictograph and a letter
    (f"ශ{ZWJ}\U0001F469", "ශ\U0001F469"),
])
def test_a_joiner_anywhere_else_is_dropped(text, clean):
    assert without_invisibles(text) == clean


def test_a_name_of_nothing_but_non_joiners_is_still_nothing():
    assert without_invisibles(f"{ZWNJ}{ZWNJ}\u200b") == ""
    assert without_invisibles(f" {ZWNJ} ").strip() == ""
