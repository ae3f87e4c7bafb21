"""What a file says reaches the library as it said it: encodings read the likeliest way (and a guess
named as one), numbers kept as written, no NUL in a body, "COVID-19" kept whole."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.export import ExportFormat, export_library
from curator.core.ingest.base import decode_text, is_doubtful
from curator.core.ingest.importing import import_paths
from curator.core.ingest.plain_text import parse
from curator.core.ingest.records import parse_json, parse_json_lines
from curator.core.text import split_dateline


def _refuse_constant(name: str) -> None:
    raise AssertionError(f"{name} is not JSON")


def test_invalid_utf8_in_english_is_read_as_cp1252_and_called_a_guess():
    text, encoding = decode_text(b"Markets fell on Monday \xff and \xfe again, traders said in London.\n")
    assert text == "Markets fell on Monday ÿ and þ again, traders said in London.\n"
    assert encoding.startswith("cp1252 (doubtful: could be ") and is_doubtful(encoding)


def test_a_cp1252_naive_is_not_read_as_a_cp1250_look_alike():
    text, encoding = decode_text("The naïve plan of the café owners.\n".encode("cp1252"))
    assert text == "The naïve plan of the café owners.\n" and encoding.startswith("cp1252")


@pytest.mark.parametrize(("text", "code_page"), [
    ("Москва отклонила призыв США разорвать связи с Северной Кореей, заявил министр.\n", "cp1251"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy. Naďa šla do města koupit chléb.\n", "cp1250"),
    ("Die Bürger in München äußerten sich über die Größe der Straße am Donnerstag.\n", "cp1252"),
])
def test_text_only_one_code_page_reads_is_read_with_it_and_not_doubted(text, code_page):
    assert decode_text(text.encode(code_page)) == (text, code_page)


def test_utf8_with_one_bad_byte_stays_utf8_and_says_so():
    data = "Café society in São Paulo — déjà vu, the mayor said.\n".encode() * 3 + b"End \xff.\n"
    text, encoding = decode_text(data)
    assert text.startswith("Café society in São Paulo — déjà vu") and text.endswith("End \ufffd.\n")
    assert encoding == "utf-8 (doubtful: 1 invalid byte replaced)"


_WESTERN_WORDS = ["naïve", "café", "crème", "brûlée", "señor", "Größe", "déjà", "façade", "Zürich", "São",
                  "Ångström", "smörgåsbord", "€20", "“quoted”", "—", "the", "market", "said", "on", "Monday"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WESTERN_WORDS), min_size=4, max_size=40))
def test_western_european_text_in_cp1252_reads_back_exactly(words):
    text = "Report: " + " ".join(words) + ".\n"
    decoded, encoding = decode_text(text.encode("cp1252"))
    assert decoded == text
    if not text.isascii():
        assert encoding.startswith("cp1252")


@settings(max_examples=40, deadline=None)
@given(position=st.integers(min_value=8200, max_value=20_000), nuls=st.integers(min_value=1, max_value=3))
def test_a_nul_past_the_first_8_kb_never_reaches_the_body(position, nuls):
    words = ("Word after word of a long article. " * 700).encode()
    data = b"Headline\n\n" + words[:position] + b"\x00" * nuls + words[position:]
    [draft] = parse("long.txt", data).drafts
    assert "\x00" not in draft.body and "\x00" not in draft.title
    assert draft.body.replace("\n\n", " ").count("Word after word") == 700


def test_a_json_escaped_nul_never_reaches_the_body_or_the_title():
    [draft] = parse_json("a.json", b'{"title": "A\\u0000B", "text": "Body \\u0000text."}').drafts
    assert (draft.title, draft.body) == ("AB", "Body text.")


def test_a_number_too_large_for_a_float_is_kept_as_written(tmp_path, library):
    source = tmp_path / "records.jsonl"
    source.write_text('{"text": "Body.", "score": 1e400, "weight": -2.5e999, "share": 0.5}\n')
    [draft] = parse_json_lines(source.name, source.read_bytes()).drafts
    assert draft.metadata == {"score": "1e400", "weight": "-2.5e999", "share": 0.5}
    [article_id] = import_paths(library, [source]).article_ids
    stored = library.db.execute("SELECT metadata FROM articles WHERE id = ?", [article_id]).fetchone()[0]
    assert json.loads(stored, parse_constant=_refuse_constant)["score"] == "1e400"
    export_library(library, tmp_path / "out.jsonl", ExportFormat.JSONL)
    [line] = (tmp_path / "out.jsonl").read_text().splitlines()
    assert json.loads(line, parse_constant=_refuse_constant)["metadata"]["score"] == "1e400"


def test_an_import_lists_the_files_read_in_a_doubtful_encoding(tmp_path, library):
    (tmp_path / "sure.txt").write_text("Headline\n\nA plain UTF-8 body.\n")
    (tmp_path / "guess.txt").write_bytes("Headline\n\nThe naïve plan.\n".encode("cp1252"))
    report = import_paths(library, [tmp_path])
    assert [problem.path for problem in report.doubtful] == [str(tmp_path / "guess.txt")]
    assert report.doubtful[0].reason.startswith("read as cp1252 (doubtful: could be ")
    assert "1 read in a doubtful encoding" in report.summary()
    encodings = {row["path"]: row["encoding"] for row in library.db.query("SELECT path, encoding FROM files")}
    assert encodings[str(tmp_path / "sure.txt")] == "utf-8"
    assert is_doubtful(encodings[str(tmp_path / "guess.txt")])


@pytest.mark.parametrize("opening", ["COVID-19 cases surge", "MH-17 report is due", "LONDON-based lender grows",
                                     "G7-led talks stall"])
def test_a_capitalised_word_hyphenated_to_what_follows_is_no_dateline(opening):
    assert split_dateline(opening) == (None, opening)


@pytest.mark.parametrize(("opening", "dateline", "rest"), [
    ("MOSCOW-Russia said no.", "MOSCOW", "Russia said no."),
    ("MOSCOW - Russia said no.", "MOSCOW", "Russia said no."),
    ("WASHINGTON--The talks ended.", "WASHINGTON", "The talks ended."),
])
def test_a_dateline_before_a_sentence_is_still_taken_off(opening, dateline, rest):
    assert split_dateline(opening) == (dateline, rest)


def test_a_covid_headline_keeps_its_name():
    [draft] = parse("a.txt", b"COVID-19 cases surge\n\nHospitals filled up across the region on Monday.\n").drafts
    assert (draft.title, draft.dateline) == ("COVID-19 cases surge", None)
