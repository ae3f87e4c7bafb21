from pathlib import Path

import pytest

from curator.core.ingest import UnreadableFile, importer_for
from curator.core.ingest.plain_text import parse

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def parse_one(text, name="article.txt", encoding="utf-8"):
    result = parse(name, text.encode(encoding))
    assert result.errors == []
    [draft] = result.drafts
    return draft


def test_registered_for_text_and_markdown():
    for name in ("a.txt", "a.md", "A.MARKDOWN"):
        assert importer_for(name)[0] == "text"


def test_seed_1_title_case_dateline_and_boilerplate():
    data = (SEEDS / "russia-rejects-us-call-to-cut-ties-1.txt").read_bytes()
    [draft] = parse("russia-rejects-us-call-to-cut-ties-1.txt", data).drafts
    assert draft.dateline == "Moscow"
    assert draft.body.startswith("Russia on Thursday rejected a US call")
    assert "COMMERCIAL BREAK" not in draft.body
    assert "SCROLL TO CONTINUE READING" not in draft.body
    assert draft.published is None
    assert draft.title == (
        "Russia on Thursday rejected a US call to cut ties with Pyongyang, suggesting Washington has been "
        'doing everything to prompt North Korean leader Kim Jong-Un to "lose it"'
    )
    assert draft.raw_text == data.decode("utf-8")
    assert draft.record is None


def test_seed_2_inline_date_and_dateline():
    data = (SEEDS / "russia-rejects-us-call-to-cut-ties-2.txt").read_bytes()
    [draft] = parse("russia-rejects-us-call-to-cut-ties-2.txt", data).drafts
    assert draft.published == "2017-11-30"
    assert draft.dateline == "MOSCOW"
    assert draft.body.startswith("Russia on Thursday (Nov 30) rejected")
    assert draft.title.startswith("Russia on Thursday (Nov 30) rejected a US call")
    assert "date 2017" not in draft.body
    assert "\n\n" in draft.body


def test_metadata_block():
    draft = parse_one(
        "Title: Russia rejects US call\n"
        "Date: 30 Nov 2017\n"
        "Source: The Straits Times\n"
        "URL: https://example.com/russia\n"
        "By Jane Doe and John Smith\n"
        "\n"
        "MOSCOW (AFP) - Russia on Thursday rejected a US call.\n"
    )
    assert draft.title == "Russia rejects US call"
    assert draft.published == "2017-11-30"
    assert draft.outlet == "The Straits Times"
    assert draft.url == "https://example.com/russia"
    assert draft.byline == "Jane Doe and John Smith"
    assert draft.dateline == "MOSCOW (AFP)"
    assert draft.body == "Russia on Thursday rejected a US call."


def test_a_note_after_the_date_leaves_the_metadata_lines_after_it_as_fields():
    draft = parse_one("Headline number 3\nDate: 2024-05-07 (updated 2024-05-08)\nSource: Outlet X\n"
                      "URL: https://x.example/3\n\nBody text of the article goes here.")
    assert (draft.published, draft.outlet, draft.url) == ("2024-05-07", "Outlet X", "https://x.example/3")
    assert draft.body == "Body text of the article goes here."
    assert draft.metadata == {"date note": "(updated 2024-05-08)"}


def test_metadata_lines_in_other_languages_are_read_with_a_colon():
    draft = parse_one("Bundestag beschliesst Haushalt\nDatum: 2024-05-07\nQuelle: Tagesschau\n\n"
                      "Der Bundestag hat am Dienstag den Haushalt beschlossen.")
    assert (draft.published, draft.outlet, draft.body) == (
        "2024-05-07", "Tagesschau", "Der Bundestag hat am Dienstag den Haushalt beschlossen.")
    draft = parse_one("Data shows growth\n\nData shows the economy grew 2% in the quarter.")
    assert draft.body == "Data shows the economy grew 2% in the quarter."  # no colon: a sentence


def test_metadata_keys_are_case_insensitive_with_aliases():
    draft = parse_one("HEADLINE: Big day\npublished: November 30, 2017\nOutlet: AP\nauthor: Jo Lee\n\nIt happened.")
    assert (draft.title, draft.published, draft.outlet, draft.byline) == ("Big day", "2017-11-30", "AP", "Jo Lee")


def test_unreadable_date_is_kept_in_metadata():
    draft = parse_one("Date: sometime last week\n\nIt happened.")
    assert draft.published is None
    assert draft.metadata == {"date": "sometime last week"}


def test_prose_that_starts_like_metadata_stays_in_the_body():
    draft = parse_one("Date night was a success for the town.\n\nBy the end of the year it was over.")
    assert draft.published is None and draft.byline is None
    assert draft.body == "Date night was a success for the town.\n\nBy the end of the year it was over."


def test_headline_first_line():
    draft = parse_one("Russia rejects US call to cut ties with North Korea\n\nRussia on Thursday rejected it.")
    assert draft.title == "Russia rejects US call to cut ties with North Korea"
    assert draft.body == "Russia on Thursday rejected it."


def test_headline_first_line_in_a_file_without_blank_lines():
    draft = parse_one("Russia rejects US call\nRussia on Thursday rejected it.\nIt said so.")
    assert draft.title == "Russia rejects US call"
    assert draft.body == "Russia on Thursday rejected it.\n\nIt said so."


def test_hard_wrapped_first_line_is_not_a_headline():
    draft = parse_one("Russia on Thursday rejected a US call to cut\nties with North Korea, officials said.")
    assert draft.title == "Russia on Thursday rejected a US call to cut"
    assert draft.body.startswith("Russia on Thursday rejected a US call to cut")


def test_a_sentence_first_line_is_not_a_headline():
    draft = parse_one("Russia said no.\n\nThen it said yes.")
    assert draft.title == "Russia said no"
    assert draft.body == "Russia said no.\n\nThen it said yes."


def test_single_line_file_keeps_its_text_as_body():
    draft = parse_one("Just a short note without a period")
    assert draft.body == "Just a short note without a period"
    assert draft.title == "Just a short note without a period"


def test_markdown():
    draft = parse_one(
        "# Russia *rejects* US call\n"
        "\n"
        "**MOSCOW:** Russia on Thursday rejected a [US call](https://example.com) to cut ties.\n"
        "\n"
        "![a photo](photo.jpg)\n"
        "\n"
        "## Reaction\n"
        "\n"
        "> Lavrov said it was _sad_.\n"
        "\n"
        "- first point\n"
        "---\n"
        "[1]: https://example.com/ref\n",
        name="article.md",
    )
    assert draft.title == "Russia rejects US call"
    assert draft.dateline == "MOSCOW"
    assert draft.body == (
        "Russia on Thursday rejected a US call to cut ties.\n\nReaction\n\nLavrov said it was sad.\n\nfirst point"
    )


def test_markdown_front_matter():
    draft = parse_one(
        '---\ntitle: "Front matter title"\ndate: 2017-11-30\ntags: news\n---\n\nThe text.', name="a.markdown"
    )
    assert draft.title == "Front matter title"
    assert draft.published == "2017-11-30"
    assert draft.metadata == {"tags": "news"}
    assert draft.body == "The text."


def test_markdown_lists_and_tables_keep_an_item_or_a_row_a_paragraph():
    draft = parse_one("# Results\n\nThe count is in.\n\n- Ayes: 310\n- Noes: 250\n1. first\n2. second\n\n"
                      "| Party | Seats |\n|:---|---:|\n| Labour | 411 |\n\nThe House rose.", name="vote.md")
    assert draft.body.split("\n\n") == ["The count is in.", "Ayes: 310", "Noes: 250", "1. first", "2. second",
                                        "Party | Seats", "Labour | 411", "The House rose."]


def test_a_heading_other_than_the_front_matter_title_stays_as_text():
    draft = parse_one("---\ntitle: The Front Matter Title\n---\n\n# A Different Heading\n\nThe text.", name="a.md")
    assert (draft.title, draft.body) == ("The Front Matter Title", "A Different Heading\n\nThe text.")
    same = parse_one("---\ntitle: The Title\n---\n\n# The Title\n\nThe text.", name="a.md")
    assert (same.title, same.body) == ("The Title", "The text.")


def test_markdown_markers_are_left_alone_in_plain_text():
    draft = parse_one("Prices rose by *5%* in snake_case_town.\n\nMore text.")
    assert draft.body.startswith("Prices rose by *5%* in snake_case_town.")


def test_latin_1_file():
    text = "Caf\u00e9 owners in S\u00e3o Paulo were d\u00e9\u00e7us, the mayor said. " * 3
    draft = parse_one(text, encoding="latin-1")
    assert draft.body.startswith("Café owners in São Paulo were déçus")


def test_cp1252_file_with_curly_quotes():
    text = "\u201cWe see this negatively,\u201d he said \u2014 and left the \u20ac20 bill on the table. " * 3
    draft = parse_one(text, encoding="cp1252")
    assert draft.body.startswith("\u201cWe see this negatively,\u201d he said \u2014 and left the \u20ac20")


def test_utf16_file():
    draft = parse("a.txt", "MOSCOW: Russia said no.".encode("utf-16")).drafts[0]
    assert (draft.dateline, draft.body) == ("MOSCOW", "Russia said no.")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_and_says_so(encoding):
    result = parse("a.txt", "MOSCOW: Russia said no, the café owner said.".encode(encoding))
    assert result.drafts[0].body == "Russia said no, the café owner said."
    assert result.encoding == f"{encoding} (no byte-order mark)"


def test_a_stray_nul_is_dropped_from_text_but_many_make_a_file_binary():
    assert parse("a.txt", b"Headline\n\nThe text\x00 goes on.").drafts[0].body == "The text goes on."
    with pytest.raises(UnreadableFile, match="binary"):
        parse("a.txt", b"Headline\n\n" + b"\x00\x01\x02\x03" * 100)


def test_utf8_bom_is_not_part_of_the_text():
    draft = parse_one("\ufeffTitle: Hello\n\nWorld.")
    assert draft.title == "Hello"


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\x00\x01\x02\x03binary\x00"])
def test_empty_or_binary_file_is_unreadable(data):
    with pytest.raises(UnreadableFile):
        parse("a.txt", data)


def test_only_metadata_or_boilerplate_is_unreadable():
    with pytest.raises(UnreadableFile, match="no article text found"):
        parse("a.txt", b"Title: Hello\nDate: 2017-11-30\n\nAdvertisement\n")



def test_metadata_after_the_headline():
    draft = parse_one(
        "Talks stall in Beijing\n\nDate: 2024-02-04\nSource: Evening Post\n\nBEIJING: Talks stalled on Monday."
    )
    assert (draft.title, draft.published, draft.outlet) == ("Talks stall in Beijing", "2024-02-04", "Evening Post")
    assert (draft.dateline, draft.body) == ("BEIJING", "Talks stalled on Monday.")


def test_a_markdown_list_item_wrapped_over_lines_stays_one_item():
    draft = parse_one("# Council\n\nThe council met on a\nwet Monday.\n\n- The council voted to extend the\n"
                      "  programme until 2030.\n- Second item\n1. A numbered item that also\n   wraps.\n",
                      name="council.md")
    assert draft.body.split("\n\n") == ["The council met on a wet Monday.",
                                        "The council voted to extend the programme until 2030.", "Second item",
                                        "1. A numbered item that also wraps."]


@pytest.mark.parametrize("front_matter", [
    "---\ntitle: Wind farm opens\nauthors:\n  - Jane Doe\n  - John Roe\ntags: [energy, wind]\ndate: 2023-05-02\n---",
    '+++\ntitle = "Wind farm opens"\ndate = 2023-05-02\nauthors = ["Jane Doe", "John Roe"]\ntags = ["energy", "wind"]\n+++',
], ids=["yaml", "toml"])
def test_front_matter_lists_give_the_byline_and_metadata(front_matter):
    draft = parse_one(f"{front_matter}\n\nThe text.", name="wind.md")
    assert (draft.title, draft.byline, draft.published) == ("Wind farm opens", "Jane Doe, John Roe", "2023-05-02")
    assert draft.metadata == {"tags": "energy, wind"}
    assert draft.body == "The text."


def test_toml_front_matter_that_does_not_parse_stays_text():
    draft = parse_one('+++\ntitle = "Wind farm opens\n+++\n\nThe text.', name="wind.md")
    assert draft.body == 'title = "Wind farm opens\n\nThe text.'


@pytest.mark.parametrize("byline", ["By Jane Doe | May 2, 2023", "By Jane Doe, 2 May 2023 10:15"])
def test_a_byline_with_a_date_gives_the_names_and_the_date(byline):
    draft = parse_one(f"Wind farm opens\n\n{byline}\n\nThe wind farm opened on Tuesday.")
    assert (draft.title, draft.byline, draft.published) == ("Wind farm opens", "Jane Doe", "2023-05-02")
    assert draft.body == "The wind farm opened on Tuesday."


def test_a_date_line_wins_over_the_date_in_a_byline():
    draft = parse_one("Wind farm opens\n\nBy Jane Doe | May 1, 2023\nDate: 2023-05-02\n\nThe farm opened.")
    assert (draft.byline, draft.published) == ("Jane Doe", "2023-05-02")


@pytest.mark.parametrize(("text", "title", "outlet", "published"), [
    ("Delhi records its highest temperature\nNDTV\n2024-05-28\n\nNEW DELHI — It was 49.9C on Tuesday.\n\nMore heat "
     "is due.", "Delhi records its highest temperature", "NDTV", "2024-05-28"),
    ("Delhi records its highest temperature\nMay 28, 2024\n\nIt was 49.9C on Tuesday.\n\nMore heat is due.",
     "Delhi records its highest temperature", None, "2024-05-28"),
    ("A headline an outlet wrote for search engines, packed with keywords about the Rotterdam port strike, shipping, "
     "Maersk, unions, dockers, wages and the Dutch economy, that goes on and on and on\nSource: Daily Network\n"
     "Date: 2024-03-13\n\nThe strike continues.", None, "Daily Network", "2024-03-13"),
])
def test_an_outlet_and_a_date_under_the_headline_are_its_metadata(text, title, outlet, published):
    draft = parse_one(text)
    assert (draft.title, draft.outlet, draft.published) == (title or text.split("\n")[0], outlet, published)
    assert not {"NDTV", "2024", "Source", "May 28"} & set(draft.body.replace(",", " ").split())


def test_a_standfirst_over_the_date_stays_the_text_s_and_a_folded_yaml_title_is_read():
    draft = parse_one("Rail strike called off\nUnions and operators agree a deal on pay\n2 May 2023\n\nThe strike is off.")
    assert (draft.title, draft.outlet, draft.published) == ("Rail strike called off", None, "2023-05-02")
    assert draft.body == "Unions and operators agree a deal on pay\n\nThe strike is off."
    folded = parse_one("---\ntitle: >-\n  Rail strike called off after unions\n  agree a deal\ndate: 2023-05-02\n---\n\n"
                       "The strike is off.", name="a.md")
    assert (folded.title, folded.published) == ("Rail strike called off after unions agree a deal", "2023-05-02")


def test_a_live_blog_s_headline_stands_over_its_time_stamped_entries():
    draft = parse_one("Election day live: polls open\n2 May 2023 07:00 Polls opened in the rain\n\n"
                      "2 May 2023 09:30 Turnout was 18 percent by mid-morning.")
    assert draft.title == "Election day live: polls open"
    assert draft.body.startswith("2 May 2023 07:00 Polls opened in the rain")  # each entry keeps its stamp
