"""Whatever the bytes, an importer returns drafts or raises UnreadableFile: never anything else."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.core.ingest import ParseResult, UnreadableFile, importer_for, supported_extensions

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text shaped a little like each format, so the fuzz reaches past the first syntax check.
_words = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
_SHAPED_TEXT = st.one_of(
    st.text(),
    st.lists(_words, max_size=8).map("\n".join),
    st.lists(_words, max_size=8).map(lambda cells: "title,text\n" + ",".join(cells)),
    st.lists(_words, max_size=4).map(lambda parts: '{"text": "' + '", "'.join(parts) + '"}'),
    st.lists(_words, max_size=6).map(lambda parts: "<html><body><p>" + "</p><p>".join(parts)),
    st.lists(_words, max_size=6).map(lambda parts: "Title: " + "\n\n".join(parts)),
)


def check(extension, data):
    name = "fuzz" + extension
    _, parse = importer_for(name)
    try:
        result = parse(name, data)
    except UnreadableFile as error:
        assert str(error)
        return
    assert isinstance(result, ParseResult)
    for draft in result.drafts:
        assert draft.title.strip()
        assert draft.body.strip()
    for error in result.errors:
        assert error.reason


@pytest.mark.parametrize("extension", supported_extensions())
@FUZZ
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(extension, data):
    check(extension, data)


@pytest.mark.parametrize("extension", supported_extensions())
@FUZZ
@given(text=_SHAPED_TEXT, encoding=st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"]))
def test_arbitrary_text(extension, text, encoding):
    check(extension, text.encode(encoding, errors="replace"))
