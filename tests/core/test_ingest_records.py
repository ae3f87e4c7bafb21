import json

import pytest

from curator.core.ingest import RecordError, UnreadableFile, importer_for
from curator.core.ingest.records import parse_json, parse_json_lines, parse_table

ARTICLE = {
    "Headline": "Russia rejects US call",
    "Body": "MOSCOW: Russia on Thursday rejected a US call.\n\nAdvertisement\n\nLavrov said  so.",
    "publish_date": "November 30, 2017",
    "Link": "https://example.com/russia",
    "publisher": "The Daily",
    "authors": ["Jane Doe", "John Smith"],
    "lang": "en",
    "section": "World",
    "views": 12,
}


def test_a_record_naming_its_dateline_keeps_its_text_whole():
    # A Curator export names the dateline it took off: its text, read again, loses nothing more.
    lines = [{"title": "Talks", "body": "LONDON — The talks resumed on Monday.", "dateline": "PARIS"},
             {"title": "Agency", "text": "BERLIN (dpa) - Text after the dateline.", "dateline": "MUNICH"}]
    first, second = parse_json_lines("a.jsonl", "\n".join(map(json.dumps, lines)).encode()).drafts
    assert (first.dateline, first.body) == ("PARIS", "LONDON — The talks resumed on Monday.")
    assert (second.dateline, second.body) == ("MUNICH", "BERLIN (dpa) - Text after the dateline.")
    [third] = parse_json_lines("b.jsonl", json.dumps({"text": "LONDON — The talks resumed."}).encode()).drafts
    assert (third.dateline, third.body) == ("LONDON", "The talks resumed.")  # without one, it is read off the text


def test_registered_for_record_extensions():
    assert importer_for("a.json")[0] == "json"
    assert importer_for("a.JSONL")[0] == importer_for("a.ndjson")[0] == "jsonl"
    assert importer_for("a.csv")[0] == importer_for("a.tsv")[0] == "csv"


def test_json_object_is_one_article():
    data = json.dumps(ARTICLE).encode()
    [draft] = parse_json("a.json", data).drafts
    assert draft.title == "Russia rejects US call"
    assert draft.body == "Russia on Thursday rejected a US call.\n\nLavrov said so."
    assert draft.dateline == "MOSCOW"
    assert draft.published == "2017-11-30"
    assert draft.url == "https://example.com/russia"
    assert draft.outlet == "The Daily"
    assert draft.byline == "Jane Doe, John Smith"
    assert draft.language == "en"
    assert draft.metadata == {"section": "World", "views": 12}
    assert draft.record is None
    assert json.loads(draft.raw_text) == ARTICLE


def test_json_array_with_bad_items():
    data = json.dumps([{"text": "First article."}, 42, {"title": "No body"}, {"content": "Second article."}])
    result = parse_json("a.json", data.encode())
    assert [(d.record, d.body) for d in result.drafts] == [
        ("item 1", "First article."),
        ("item 4", "Second article."),
    ]
    assert [e.record for e in result.errors] == ["item 2", "item 3"]
    assert result.errors[0].reason == "not an object"
    assert result.errors[1].reason.startswith("no article text")


def test_json_wrapper_object():
    article = {
        "source": {"id": None, "name": "BBC News"},
        "publishedAt": "2017-11-30T09:15:00Z",
        "content": "Russia said no.",
    }
    data = {"status": "ok", "totalResults": 1, "articles": [article]}
    [draft] = parse_json("news.json", json.dumps(data).encode()).drafts
    assert (draft.outlet, draft.published, draft.body) == ("BBC News", "2017-11-30", "Russia said no.")
    assert draft.record == "item 1"


def test_json_title_is_derived_and_unreadable_dates_are_kept():
    record = {"story": "Russia said no. It said it twice.", "date": "last week"}
    [draft] = parse_json("a.json", json.dumps(record).encode()).drafts
    assert draft.title == "Russia said no"
    assert draft.published is None
    assert draft.metadata == {"date": "last week"}


@pytest.mark.parametrize("stamp, day", [(1710115200, "2024-03-11"), ("1710115200000", "2024-03-11"),
                                         (1710115200.25, "2024-03-11"), (12345, None), (7258118400, None)])
def test_a_unix_timestamp_is_a_date_in_plausible_years(stamp, day):
    [draft] = parse_json("a.json", json.dumps({"text": "Russia said no.", "date": stamp}).encode()).drafts
    assert draft.published == day
    assert draft.metadata == ({} if day else {"date": stamp})  # a number that is no date stays as written


def test_a_row_with_its_text_cell_empty_or_missing_says_the_text_is_empty():
    result = parse_table("t.csv", b"title,text,date\nA,,2024-01-01\nB\nC,Real text.,2024-01-02\n")
    assert [draft.title for draft in result.drafts] == ["C"]
    assert [(error.record, error.reason) for error in result.errors] == [
        ("row 2", "no article text: its text field is empty"), ("row 3", "no article text: its text field is empty")]


def test_json_nan_becomes_null():
    [draft] = parse_json("a.json", b'{"text": "Hello.", "score": NaN}').drafts
    assert draft.metadata == {}
    assert json.loads(draft.raw_text) == {"text": "Hello.", "score": None}


def test_invalid_json_file():
    with pytest.raises(UnreadableFile, match=r"^invalid JSON: Expecting value \(line 3, column 10\)$"):
        parse_json("a.json", b'[\n{"text": "a"},\n{"text": }\n]')
    with pytest.raises(UnreadableFile, match=r"^invalid JSON: Unterminated string \(line 1, column 10\)$"):
        parse_json("a.json", b'{"text": "a')


@pytest.mark.parametrize(
    "data, message",
    [
        (b"[]", "no articles found"),
        (b'"just a string"', "the JSON holds a string, not articles"),
        (b"null", "the JSON holds null, not articles"),
        (b'{"title": "no text here"}', "no article text"),
        (b"[" * 5000 + b"]" * 5000, "nested too deeply"),
    ],
)
def test_json_files_without_articles(data, message):
    with pytest.raises(UnreadableFile, match=message):
        parse_json("a.json", data)


def test_jsonl_bad_lines_do_not_stop_the_others():
    data = b'{"text": "One."}\n\n{"text": oops}\n[1, 2]\n{"body": ""}\n{"text": "Five.", "title": "T"}\r\n'
    result = parse_json_lines("a.jsonl", data)
    assert [(d.record, d.body) for d in result.drafts] == [("line 1", "One."), ("line 6", "Five.")]
    assert [(e.record, e.reason.split(":")[0]) for e in result.errors] == [
        ("line 3", "invalid JSON"),
        ("line 4", "not an object"),
        ("line 5", "no article text"),
    ]
    assert result.errors[0].reason == "invalid JSON: Expecting value (column 10)"


def test_jsonl_keeps_line_separators_inside_strings():
    [draft] = parse_json_lines("a.ndjson", '{"text": "One\u2028two."}\n'.encode()).drafts
    assert draft.body == "One\n\ntwo."  # a line separator, but not the end of the record


def test_csv():
    data = (
        "Title,Text,Date,URL,Source,Author,Dateline,Language,Extra\n"
        'Headline one,"MOSCOW: Body one, with a comma.\n\nSecond paragraph.",'
        "2017-11-30,https://a.example,AFP,Jo,,en,x\n"
        ",Body two.,30.11.2017,,,,LONDON,,\n"
    )
    result = parse_table("a.csv", data.encode())
    assert result.errors == []
    one, two = result.drafts
    assert (one.record, one.title, one.dateline, one.published) == ("row 2", "Headline one", "MOSCOW", "2017-11-30")
    assert one.body == "Body one, with a comma.\n\nSecond paragraph."
    assert (one.url, one.outlet, one.byline, one.language) == ("https://a.example", "AFP", "Jo", "en")
    assert one.metadata == {"Extra": "x"}
    assert json.loads(one.raw_text)["Title"] == "Headline one"
    assert (two.record, two.title, two.dateline, two.published) == ("row 3", "Body two", "LONDON", "2017-11-30")


def test_a_column_named_twice_is_read_from_the_first_and_the_others_kept():
    data = "title,text,text\nDup,The first text column holds the story.,A second column\n"
    (draft,) = parse_table("twice.csv", data.encode()).drafts
    assert draft.body == "The first text column holds the story."
    assert draft.metadata == {"text (2)": "A second column"}


def test_csv_delimiter_is_sniffed():
    [draft] = parse_table("a.csv", "headline;article\nA title;Text, with commas, but no semicolons.\n".encode()).drafts
    assert (draft.title, draft.body) == ("A title", "Text, with commas, but no semicolons.")


def test_tsv():
    [draft] = parse_table("a.tsv", b"title\tbody\nA title\tSome, text.\n").drafts
    assert (draft.title, draft.body) == ("A title", "Some, text.")


def test_csv_bad_rows_do_not_stop_the_others():
    data = 'title,text\nOne,Good one.\nTwo,"bad"quote\nThree,\n\nFour,Good four.,extra\nFive,Good five.\n'
    result = parse_table("a.csv", data.encode())
    assert [(d.record, d.body) for d in result.drafts] == [("row 2", "Good one."), ("row 7", "Good five.")]
    assert [e.record for e in result.errors] == ["row 3", "row 4", "row 6"]
    assert result.errors[0].reason.startswith("malformed row")
    assert result.errors[1].reason.startswith("no article text")
    assert result.errors[2].reason == "malformed row: 3 fields but the header has 2"


def test_csv_with_long_fields():
    body = "word " * 100_000
    [draft] = parse_table("a.csv", f'text\n"{body}"\n'.encode()).drafts
    assert len(draft.body) == len(body) - 1


def test_csv_cp1252():
    data = 'title,text\nCaf\u00e9,"\u201cQuoted\u201d text \u2014 in cp1252, with an \u20ac sign."\n'.encode("cp1252")
    [draft] = parse_table("a.csv", data).drafts
    assert draft.title == "Café"
    assert draft.body == "\u201cQuoted\u201d text \u2014 in cp1252, with an \u20ac sign."


def test_csv_utf16():
    [draft] = parse_table("a.csv", "title,text\nT,Hello there.\n".encode("utf-16")).drafts
    assert draft.body == "Hello there."


@pytest.mark.parametrize(
    "data, message",
    [
        (b"name,age\nBob,3\n", "no text column"),
        (b"title,text\n", "no rows after the header"),
        (b"", "empty file"),
        (b"\x00\x01\x02\x00binary", "binary"),
    ],
)
def test_unreadable_tables(data, message):
    with pytest.raises(UnreadableFile, match=message):
        parse_table("a.csv", data)


def test_record_errors_are_record_errors():
    result = parse_json_lines("a.jsonl", b"{}\n")
    assert result.errors == [RecordError("line 1", result.errors[0].reason)]
    assert result.drafts == []


def test_the_fields_of_common_news_dumps_are_read():
    # news-please, schema.org's NewsArticle, the Guardian's API and a newsroom spreadsheet name their fields so.
    news_please = {"title_rss": "Wind farm opens", "maintext": "The farm opened on Monday.",
                   "date_publish": "2023-05-02 10:15:00", "source_domain": "example.com", "authors": ["Jane Doe"]}
    schema_org = {"headline": "Wind farm opens", "articleBody": "The farm opened on Monday.",
                  "datePublished": "2023-05-02", "publisher": {"@type": "Organization", "name": "The Daily"}}
    guardian = {"webTitle": "Wind farm opens", "webUrl": "https://example.com/a", "webPublicationDate":
                "2023-05-02T10:15:00Z", "bodyText": "The farm opened on Monday."}
    drafts = [parse_json("a.json", json.dumps(record).encode()).drafts[0] for record in (news_please, schema_org, guardian)]
    assert [(d.title, d.body, d.published) for d in drafts] == [
        ("Wind farm opens", "The farm opened on Monday.", "2023-05-02")] * 3
    assert (drafts[0].outlet, drafts[0].byline, drafts[1].outlet, drafts[2].url) == (
        "example.com", "Jane Doe", "The Daily", "https://example.com/a")
    table = "Title,Article Text,Published Date,Publication,Autor,canonical_url\nWind,The farm opened.,2023-05-02,The Daily,Jane Doe,https://example.com/a\n"
    [row] = parse_table("a.csv", table.encode()).drafts
    assert (row.body, row.published, row.outlet, row.byline, row.url) == (
        "The farm opened.", "2023-05-02", "The Daily", "Jane Doe", "https://example.com/a")


def test_a_text_given_as_a_list_of_paragraphs_keeps_them_apart():
    record = {"title": "Wind farm opens", "text": ["The farm opened on Monday.", "It has eleven turbines."]}
    [draft] = parse_json("a.json", json.dumps(record).encode()).drafts
    assert draft.body == "The farm opened on Monday.\n\nIt has eleven turbines."


def test_a_text_written_as_html_is_read_as_its_words():
    # A WordPress REST dump: the title and the text are objects, the text is HTML, the title has entities.
    record = {"title": {"rendered": "Europe&#8217;s wind &amp; sun"},
              "content": {"rendered": "<p>The farm opened on <em>Monday</em>.</p>\n<p>It has eleven<br>turbines &amp; a pier.</p><script>track()</script>",
                          "protected": False},
              "link": "https://example.com/a"}
    [draft] = parse_json("a.json", json.dumps(record).encode()).drafts
    assert draft.title == "Europe\u2019s wind & sun"
    assert draft.body == "The farm opened on Monday.\n\nIt has eleven turbines & a pier."
    [prose] = parse_json("b.json", json.dumps({"text": "When x < y and y > z, <b is not a tag."}).encode()).drafts
    assert prose.body == "When x < y and y > z, <b is not a tag."


def test_newsapi_records_without_their_text():
    articles = [
        {"source": {"id": None, "name": "[Removed]"}, "title": "[Removed]", "content": "[Removed]"},
        {"source": {"name": "BBC News"}, "title": "Wind farm opens", "description": "A farm opened.",
         "content": "The farm opened on Monday with eleven turbines\u2026 [+2841 chars]"},
        {"source": {"name": "BBC News"}, "title": "Solar park", "description": "A solar park opened.", "content": None},
    ]
    result = parse_json("a.json", json.dumps({"status": "ok", "articles": articles}).encode())
    assert [(error.record, error.reason) for error in result.errors] == [
        ("item 1", "no article text: the source removed it (the record says [Removed])")]
    assert [draft.body for draft in result.drafts] == [
        "The farm opened on Monday with eleven turbines\u2026", "A solar park opened."]
    assert "description" not in result.drafts[1].metadata  # it is the text, not kept twice


def test_a_table_saved_by_excel_with_its_separator_line():
    data = "sep=;\r\ntitle;text;date\r\nWind;The farm opened, at last.;02.05.2023\r\n".encode()
    [draft] = parse_table("a.csv", data).drafts
    assert (draft.title, draft.body) == ("Wind", "The farm opened, at last.")


def test_a_byline_and_a_date_above_the_text_are_the_record_s_fields():
    record = {"title": "Wind farm opens", "date": "soon",
              "text": "By Jane Doe\nUpdated: May 2, 2023 10:15\n\nThe farm opened on Monday.\n\nIt has eleven turbines."}
    [draft] = parse_json("a.json", json.dumps(record).encode()).drafts
    assert (draft.byline, draft.published) == ("Jane Doe", "2023-05-02")
    assert draft.body == "The farm opened on Monday.\n\nIt has eleven turbines."
    assert draft.metadata == {"date": "soon"}  # the field that could not be read, kept as written
    named = {"title": "Wind farm opens", "author": "J. Doe (Reuters)", "text": "By Jane Doe\n\nThe farm opened."}
    [draft] = parse_json("b.json", json.dumps(named).encode()).drafts
    assert (draft.byline, draft.body) == ("J. Doe (Reuters)", "The farm opened.")


def test_api_answers_with_the_articles_and_their_text_wrapped_are_read():
    guardian = {"response": {"status": "ok", "total": 2, "results": [
        {"id": "world/1", "webPublicationDate": "2023-05-02T10:15:00Z", "webTitle": "Wind farm opens",
         "webUrl": "https://example.com/1", "fields": {"byline": "Jane Doe", "body": "<p>The farm opened.</p>"}},
        {"id": "world/2", "webTitle": "Solar park", "fields": {"bodyText": "The park opened."}}]}}
    result = parse_json("guardian.json", json.dumps(guardian).encode())
    assert [(d.title, d.body, d.published, d.byline, d.url) for d in result.drafts] == [
        ("Wind farm opens", "The farm opened.", "2023-05-02", "Jane Doe", "https://example.com/1"),
        ("Solar park", "The park opened.", None, None, None)]
    assert result.drafts[0].metadata == {"id": "world/1"}
    assert json.loads(result.drafts[1].raw_text)["fields"] == {"bodyText": "The park opened."}  # as it was
    elastic = {"hits": {"total": 1, "hits": [{"_id": "7", "_source": {"title": "T", "content": "The text.", "_id": "x"}}]}}
    [draft] = parse_json("es.json", json.dumps(elastic).encode()).drafts
    assert (draft.title, draft.body, draft.metadata) == ("T", "The text.", {"_id": "7", "_source._id": "x"})


def test_what_an_article_object_holds_is_told_from_a_list_of_articles():
    # A page of records under "content" (a Spring API's), and one article whose authors are a list of objects.
    page = {"content": [{"title": "Rail strike off", "text": "The strike was called off."},
                        {"title": "Floods", "text": "Warnings were issued."}], "totalElements": 2}
    assert [d.title for d in parse_json("page.json", json.dumps(page).encode()).drafts] == ["Rail strike off", "Floods"]
    article = {"headline": "Rail strike off", "description": "The strike was called off on Tuesday night.",
               "author": [{"@type": "Person", "name": "Jane Doe"}]}
    [draft] = parse_json("one.json", json.dumps(article).encode()).drafts
    assert (draft.title, draft.byline, draft.body) == ("Rail strike off", "Jane Doe", "The strike was called off on Tuesday night.")
    feed = {"version": "https://jsonfeed.org/version/1.1", "items": [
        {"title": "Rail", "summary": "A deal.", "content_html": "<p>The strike was called off.</p><p>Trains run.</p>"}]}
    [item] = parse_json("feed.json", json.dumps(feed).encode()).drafts
    assert item.body == "The strike was called off.\n\nTrains run."


def test_angle_brackets_in_prose_are_no_markup_and_a_table_s_cells_stay_apart():
    lines = [{"title": "Library", "text": "Write to Paul Smith <p.smith@example.org> with questions."},
             {"title": "Bug", "text": "The bug appeared only when a<b and b>c held."},
             {"title": "Results", "text": "<table><tr><td>Rovers</td><td>3-1</td><td>United</td></tr></table><p>Next.</p>"}]
    drafts = parse_json_lines("a.jsonl", "\n".join(map(json.dumps, lines)).encode()).drafts
    assert [d.body for d in drafts] == ["Write to Paul Smith <p.smith@example.org> with questions.",
                                        "The bug appeared only when a<b and b>c held.", "Rovers 3-1 United\n\nNext."]


@pytest.mark.parametrize("opening", ["By Friday, 5 May 2023 at 17:00 all applications must be in",
                                     "BY THE NUMBERS", "2 May 2023 07:00 Polls opened across the country"])
def test_a_text_opening_like_a_byline_or_a_date_keeps_its_words(opening):
    [draft] = parse_json("a.json", json.dumps({"title": "T", "text": f"{opening}\n\nThe rest."}).encode()).drafts
    assert draft.body == f"{opening}\n\nThe rest." and draft.byline is None
