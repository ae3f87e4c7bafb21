"""Text: cleaning, datelines, by-lines, titles, dates, paragraphs and folding, shared by every engine."""

from curator.core.text.acronyms import COMMON_ACRONYMS
from curator.core.text.bylines import read_byline, take_opening_byline
from curator.core.text.cells import neutralise_cell, restore_cell
from curator.core.text.cleaning import (
    BOILERPLATE_LINES,
    BUILT_IN_BOILERPLATE,
    Boilerplate,
    clean_article_text,
    clean_body,
    is_boilerplate,
    split_furniture,
    without_controls,
    without_invisibles,
)
from curator.core.text.datelines import split_dateline
from curator.core.text.dates import match_date, parse_date
from curator.core.text.derived import cached_rows
from curator.core.text.paragraphs import (
    PARAGRAPH_BREAK,
    paragraph_spans,
    split_paragraphs,
)
from curator.core.text.places import geonames, is_dateline_place
from curator.core.text.titles import derive_title, first_sentence, split_label
from curator.core.text.words import (
    INDIC_MARKS,
    UNSPACED_RUN,
    ascii_fold,
    ascii_words_only,
    count_words,
    fold_case,
    fold_word,
    has_indic_marks,
    has_unspaced_letters,
    normalize_for_matching,
    search_hits,
    search_words,
    searched_inside_texts,
    without_joiners,
    word_ids,
    word_spans,
    writes_non_joiners,
)

__all__ = [
    "COMMON_ACRONYMS", "BOILERPLATE_LINES", "BUILT_IN_BOILERPLATE", "Boilerplate", "clean_article_text", "clean_body",
    "split_furniture",
    "derive_title", "first_sentence", "geonames", "is_dateline_place", "split_label", "is_boilerplate", "match_date", "normalize_for_matching",
    "parse_date", "split_dateline", "PARAGRAPH_BREAK", "ascii_fold", "ascii_words_only", "count_words", "fold_case", "fold_word", "word_ids", "word_spans", "paragraph_spans", "split_paragraphs",
    "search_hits", "search_words", "searched_inside_texts", "without_joiners", "writes_non_joiners", "cached_rows", "UNSPACED_RUN", "has_unspaced_letters",
    "INDIC_MARKS", "has_indic_marks",
    "without_controls", "without_invisibles", "neutralise_cell", "restore_cell", "read_byline", "take_opening_byline",
]
