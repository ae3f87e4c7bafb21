import pytest

from curator.core.ingest import UnreadableFile, importer_for
from curator.core.ingest.html import parse

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <title>Russia rejects US call - The Daily</title>
  <meta property="og:title" content="Russia rejects US call">
  <meta property="og:site_name" content="The Daily">
  <meta name="author" content="Jane Doe">
  <meta name="description" content="Moscow says no.">
  <meta property="article:published_time" content="2017-11-30T10:00:00Z">
  <link rel="canonical" href="https://example.com/russia">
  <script>var tracking = "SCRIPT IN HEAD";</script>
  <style>p { color: red; }</style>
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/world">World</a></nav>
  <article>
    <h1>Russia rejects US call</h1>
    <p>MOSCOW (Reuters) - Russia on Thursday rejected a US call to cut ties with North Korea
       in response to Pyongyang's launch of an intercontinental ballistic missile.</p>
    <p>Advertisement</p>
    <script>document.write("SCRIPT IN BODY");</script>
    <p>"We see this negatively," Foreign Minister Sergei Lavrov told journalists in the
       Belarusian capital Minsk, Russian news agencies reported on Thursday.</p>
  </article>
  <footer>Copyright The Daily</footer>
</body>
</html>
"""


def parse_one(html, name="page.html"):
    result = parse(name, html.encode("utf-8") if isinstance(html, str) else html)
    [draft] = result.drafts
    return draft


def test_registered_for_html_extensions():
    for name in ("a.html", "a.HTM", "a.xhtml"):
        assert importer_for(name)[0] == "html"


def test_article_page():
    draft = parse_one(ARTICLE_PAGE)
    assert draft.title == "Russia rejects US call"
    assert draft.published == "2017-11-30"
    assert draft.outlet == "The Daily"
    assert draft.url == "https://example.com/russia"
    assert draft.byline == "Jane Doe"
    assert draft.language == "en-GB"
    assert draft.dateline == "MOSCOW (Reuters)"
    assert draft.body.startswith("Russia on Thursday rejected a US call to cut ties with North Korea in response")
    assert "Advertisement" not in draft.body
    assert "Foreign Minister Sergei Lavrov" in draft.body
    assert draft.metadata["description"] == "Moscow says no."
    assert draft.raw_text == ARTICLE_PAGE


def test_script_and_style_text_never_reach_the_body():
    draft = parse_one(ARTICLE_PAGE)
    assert "SCRIPT" not in draft.body
    assert "color" not in draft.body


def test_a_brief_page_keeps_its_paragraphs_and_drops_what_shows_without_scripts():
    draft = parse_one(
        "<html><head><title>Quake in Malatya kills 12</title></head><body><nav>Home | News | Login</nav>"
        "<article><h1>Quake in Malatya kills 12</h1><p>A magnitude 6.4 earthquake struck Malatya province in "
        "eastern Turkey on Monday, killing at least 12 people.</p><p>Thirty-four buildings collapsed.</p>"
        "<noscript>Enable JavaScript</noscript></article></body></html>")
    assert draft.title == "Quake in Malatya kills 12"
    assert draft.body.split("\n\n") == [
        "A magnitude 6.4 earthquake struck Malatya province in eastern Turkey on Monday, killing at least 12 people.",
        "Thirty-four buildings collapsed."]


def test_fallback_to_body_text_when_extraction_finds_nothing():
    draft = parse_one(
        "<html><body><script>var x = 'SCRIPT';</script><div>Hello <b>there</b> world</div>"
        "<div>Second block</div></body></html>"
    )
    assert "SCRIPT" not in draft.body
    assert "Hello there world" in draft.body
    assert "Second block" in draft.body
    assert draft.title == "Hello there world"


def test_fragment_without_html_element():
    draft = parse_one("<p>Just a fragment with some text.</p>")
    assert draft.body == "Just a fragment with some text."


def test_xhtml_with_xml_declaration():
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><head><title>Titre</title></head>'
        "<body><p>PARIS (AFP) - Le gouvernement a annoncé une réforme des retraites jeudi.</p></body></html>"
    )
    draft = parse_one(page, name="page.xhtml")
    assert draft.dateline == "PARIS (AFP)"
    assert draft.body == "Le gouvernement a annoncé une réforme des retraites jeudi."
    assert draft.language == "fr"


def test_malformed_html_does_not_crash():
    draft = parse_one("<html><body><p>Unclosed <b>bold <i>and <div>nested</p></span> text here.</body>")
    assert "nested" in draft.body


def test_latin_1_page():
    page = "<html><body><p>Caf\u00e9 owners were d\u00e9\u00e7us by the new rules, the mayor said.</p></body></html>"
    draft = parse_one(page.encode("latin-1"))
    assert "Café owners were déçus" in draft.body


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>Only a title</title></head><body></body></html>",
        b"<html><body><script>alert('only a script')</script></body></html>",
        b"<<<>>>",
        b"</html>",
    ],
)
def test_pages_without_text_are_unreadable(page):
    with pytest.raises(UnreadableFile, match="no article text found in the HTML"):
        parse("page.html", page)


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02binary\x00\x00"])
def test_empty_or_binary_file_is_unreadable(data):
    with pytest.raises(UnreadableFile):
        parse("page.html", data)


@pytest.mark.parametrize(("page", "published"), [
    # A year in the text, or the footer's, is no date.
    ("<html><head><title>Bridge news</title></head><body><p>The council approved the bridge on Monday. The "
     "plan was first proposed in 2009 by the mayor.</p><footer>Copyright 2024</footer></body></html>", None),
    # A date the markup states is kept, the first of January too; so is a whole date in a byline.
    ('<html><head><title>Bridge news</title><meta property="article:published_time" content="2022-01-01T10:00:00Z">'
     "</head><body><p>The council approved the bridge on Monday. The plan was first proposed in 2009.</p>"
     "</body></html>", "2022-01-01"),
    ('<html><head><title>Bridge news</title></head><body><article><h1>Bridge news</h1><time datetime="2022-11-14">'
     "Nov 14, 2022</time><p>The council approved the bridge on Monday, first proposed in 2009.</p></article>"
     "</body></html>", "2022-11-14"),
    ("<html><head><title>Bridge news</title></head><body><article><h1>Bridge news</h1><p>By Jane Doe | March 3, "
     "2021</p><p>The council approved the bridge on Monday, first proposed in 2009 by the mayor.</p></article>"
     "</body></html>", "2021-03-03"),
])
def test_the_date_is_one_the_page_states_never_a_year_from_its_text(page, published):
    assert parse("bridge.html", page.encode()).drafts[0].published == published


def test_a_page_nested_hundreds_deep_is_read_whole():
    page = ("<html><head><title>Deep</title></head><body><p>Opening paragraph.</p>" + "<div>" * 300
            + "<p>Nested main text.</p>" + "</div>" * 300 + "<p>Closing paragraph.</p></body></html>")
    body = parse("deep.html", page.encode()).drafts[0].body
    assert "Nested main text." in body and body.endswith("Closing paragraph.")


def test_a_page_nested_past_any_limit_is_refused_not_cut():
    page = ("<html><body><p>Opening paragraph.</p>" + "<div>" * 5000 + "<p>Nested main text.</p>"
            + "</div>" * 5000 + "</body></html>")
    with pytest.raises(UnreadableFile, match="nested too deeply"):
        parse("deeper.html", page.encode())


_WIND_FARM_TEXT = ("<p>The first turbine started turning this morning, the operator said in a statement to "
                   "reporters.</p><p>The minister arrived by boat and cut the ribbon at the harbour with the local "
                   "mayor.</p>")


@pytest.mark.parametrize("heading", ["WIND FARM OPENS!", "Wind  farm opens.", "Wind farm opens –"])
def test_a_title_repeated_at_the_top_of_the_text_is_dropped_however_it_is_written(heading):
    draft = parse_one('<html><head><title>Wind farm opens | The Daily</title><meta property="og:title" '
                      f'content="Wind farm opens"></head><body><article><h1>{heading}</h1>{_WIND_FARM_TEXT}'
                      "</article></body></html>")
    assert draft.title == "Wind farm opens"
    assert draft.body.startswith("The first turbine started turning this morning")


def test_a_live_blog_keeps_its_heading_out_of_the_body():
    draft = parse_one('<html><head><title>Wind farm opens: live updates - The Daily</title><meta property="og:title" '
                      'content="Wind farm opens: live updates"></head><body><article class="live-blog"><h1>Wind Farm '
                      "Opens: Live Updates</h1><p>10:15 The first turbine started turning this morning, the operator "
                      "said.</p><p>10:40 The minister arrived by boat and cut the ribbon at the harbour.</p></article>"
                      "</body></html>")
    assert draft.title == "Wind farm opens: live updates"
    assert draft.body.startswith("10:15 The first turbine started turning this morning")


@pytest.mark.parametrize("second", [
    '<div class="text">A second paragraph inside a div rather than a p element, also about the wind farm and the '
    "ministry's decision.</div>",
    "<div>A second paragraph inside a div rather than a p element, also about the wind farm and the ministry's "
    "decision.</div>",
])
def test_a_paragraph_in_a_div_is_kept(second):
    draft = parse_one("<html><head><title>T</title></head><body><article><h1>T</h1><p>First paragraph of reasonable "
                      "length about the wind farm and its turbines, long enough to count.</p>" + second +
                      "<p>Third paragraph with more text about the project and its schedule for next year.</p>"
                      "</article></body></html>")
    assert draft.body.split("\n\n") == [
        "First paragraph of reasonable length about the wind farm and its turbines, long enough to count.",
        "A second paragraph inside a div rather than a p element, also about the wind farm and the ministry's "
        "decision.",
        "Third paragraph with more text about the project and its schedule for next year."]


@pytest.mark.parametrize(("byline", "published"), [
    ("<p>By Jane Doe | May 2, 2023</p>", "2023-05-02"),
    ("<p>By Jane Doe, 2 May 2023 10:15</p>", "2023-05-02"),
    ('<p class="byline">By Jane Doe | May 2, 2023</p>', "2023-05-02"),
    ("<p>By Jane Doe</p>", None),
])
def test_a_byline_at_the_top_of_the_text_gives_the_names_and_the_date(byline, published):
    draft = parse_one("<html><head><title>Wind farm opens</title></head><body><article><h1>Wind farm opens</h1>"
                      f"{byline}{_WIND_FARM_TEXT}</article></body></html>")
    assert (draft.byline, draft.published) == ("Jane Doe", published)
    assert draft.body.startswith("The first turbine started turning this morning")
