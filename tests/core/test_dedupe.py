import pytest

from curator.core.dedupe import scan as dedupe
from curator.core.dedupe import sketch as shingles
from curator.core.dedupe.scan import scan_duplicates
from curator.core.dedupe.pairs import Decision, PairError, count_open_pairs, decide_pair, duplicate_clusters, explain_pair, open_pairs
from curator.core.dedupe.scoring import compare_bodies
from curator.core.ingest.importing import import_paths
from curator.core.ingest.samples import sample_paths
from tests.corpus import generate_articles
from tests.factories import add_article, forget_sketches, merge_into

STORY = [
    "Russia on Thursday rejected a US call to cut ties with North Korea in response to Pyongyang's launch of a missile.",
    "\"We see this negatively,\" Foreign Minister Sergei Lavrov told journalists in the Belarusian capital Minsk.",
    "He accused the United States of seeking to provoke the regime and asked whether Washington planned to destroy it.",
    "The Kremlin on Wednesday called the latest missile test a provocative action and appealed for calm on all sides.",
    "Russian President Vladimir Putin has emerged as one of the most strident voices against punishing Pyongyang.",
    "The United States earlier this year pressed for a full oil embargo but dropped it after resistance from China.",
]


def test_seed_pair_is_found_with_a_high_score_and_reasons(library):
    import_paths(library, sample_paths())
    report = scan_duplicates(library)
    assert (report.new_articles, report.pairs_added) == (2, 1)
    (pair,) = open_pairs(library, explained=True)
    assert pair["score"] >= 0.7 and pair["kind"] in {"contained", "near"}
    reason = pair["reason"]
    assert reason["containment"] > 0.8 and 0 < reason["jaccard"] < reason["containment"]
    body_a = library.article(pair["a"]["id"])["body"]
    body_b = library.article(pair["b"]["id"])["body"]
    longest = reason["passages"][0]
    assert body_a[slice(*longest["a"])].split() == body_b[slice(*longest["b"])].split()
    assert longest["words"] >= 30
    only_a = [body_a[s:e] for s, e in reason["only_a"]]
    assert any(p.startswith("Lavrov pointed to Washington's plans") for p in only_a)
    assert any(p.startswith("\"The impression is that everything") for p in only_a)
    assert reason["shared_paragraphs"][1] >= 10
    assert "contained in A" in reason["summary"] and "A adds" in reason["summary"]
    assert pair["a"]["source"].endswith("russia-rejects-us-call-to-cut-ties-1.txt")


def test_exact_copy_differing_in_case_spacing_and_quotes():
    body = "\n\n".join(STORY)
    verdict = compare_bodies(body, body.upper().replace('"', "“").replace(" ", "  "))
    assert (verdict.kind, verdict.score) == ("exact", 1.0)


def test_abridged_copy_is_contained_even_with_low_jaccard():
    verdict = compare_bodies("\n\n".join(STORY), "\n\n".join(STORY[:3]))
    assert verdict.kind == "contained" and verdict.score >= 0.7
    assert verdict.reason["jaccard"] < 0.6 and verdict.reason["containment"] > 0.95
    assert "B is 100% contained in A; A adds 3 paragraphs" == verdict.reason["summary"]


def test_edited_copy_is_near():
    edited = list(STORY)
    edited[1] = edited[1].replace("journalists", "reporters").replace("capital", "city")
    edited[4], edited[5] = edited[5], edited[4]  # paragraphs swapped
    verdict = compare_bodies("\n\n".join(STORY), "MOSCOW: " + "\n\n".join(edited))
    assert verdict.kind == "near" and verdict.score >= 0.7
    assert verdict.reason["only_a"] == [] or len(verdict.reason["only_a"]) == 1


def test_same_topic_different_text_is_not_a_duplicate(library):
    add_article(library, "\n\n".join(STORY))
    add_article(library, "\n\n".join([
        "Sergei Lavrov met North Korean officials in Minsk on Thursday to discuss the missile launch.",
        "The Russian foreign minister said Moscow opposed new sanctions on Pyongyang and wanted talks.",
        "Washington has urged China and Russia to cut trade with North Korea after the latest test.",
        "Vladimir Putin told reporters the Kremlin would not support an oil embargo on the isolated country.",
    ]))
    for article in generate_articles(40, seed=11):
        add_article(library, article.body)
    assert scan_duplicates(library).pairs_added == 0


def test_incremental_scan_indexes_only_new_articles(library, monkeypatch):
    first = add_article(library, "\n\n".join(STORY))
    for article in generate_articles(20, seed=2):
        add_article(library, article.body)
    assert scan_duplicates(library).new_articles == 21
    signed = []
    real_signature = shingles.signature
    monkeypatch.setattr(dedupe, "signature", lambda s: signed.append(len(s)) or real_signature(s))
    copy = add_article(library, "\n\n".join(STORY[:4]))
    report = scan_duplicates(library)
    assert report.new_articles == 1 and len(signed) == 1
    assert report.added == [(first, copy)]
    assert scan_duplicates(library).new_articles == 0


def test_decisions_survive_a_rescan(library):
    a = add_article(library, "\n\n".join(STORY))
    b = add_article(library, "\n\n".join(STORY[:4]))
    scan_duplicates(library)
    changes = decide_pair(library, b, a, Decision.NOT_DUPLICATE)
    assert changes.pairs == ((a, b),)
    forget_sketches(library)  # force everything to be rescanned
    assert scan_duplicates(library).pairs_added == 0
    assert count_open_pairs(library) == 0
    status = library.db.execute("SELECT status FROM pairs").fetchone()[0]
    assert status == "not_duplicate"
    ops = [row["op"] for row in library.history()]
    assert ops[:2] == ["scan_duplicates", "decide_pair"]


def test_deciding_an_unknown_pair_raises(library):
    with pytest.raises(PairError):
        decide_pair(library, 1, 2, Decision.SKIP)


def test_five_copies_form_one_cluster(library):
    ids = [add_article(library, "\n\n".join(STORY[: 6 - (i % 3)])) for i in range(5)]
    other = [add_article(library, "\n\n".join(STORY[:2]) + " unrelated " + a.body)
             for a in generate_articles(2, seed=9)]
    scan_duplicates(library)
    clusters = duplicate_clusters(library)
    assert clusters[0] == ids or set(ids) <= set(clusters[0])
    assert all(len(c) >= 2 for c in clusters) and other


def test_pairs_are_listed_a_block_at_a_time_in_queue_order(library, monkeypatch):
    from curator.core.dedupe import pairs as listing

    for i in range(5):
        add_article(library, "\n\n".join(STORY[: 6 - (i % 3)]))
    scan_duplicates(library)
    whole = open_pairs(library)
    monkeypatch.setattr(listing, "LISTING_BLOCK", 3)
    assert len(whole) == 10 and open_pairs(library) == whole
    assert list(listing.iter_open_pairs(library, limit=4)) == whole[:4]


def test_cancelled_scan_writes_nothing(library):
    add_article(library, "\n\n".join(STORY))
    add_article(library, "\n\n".join(STORY))
    report = scan_duplicates(library, cancelled=lambda: True)
    assert report.cancelled
    assert library.db["dedupe_index"].count == 0 and library.db["pairs"].count == 0


def test_merged_away_articles_are_not_scanned(library):
    kept = add_article(library, "\n\n".join(STORY))
    merge_into(library, kept, [add_article(library, "\n\n".join(STORY), title="t")])
    assert scan_duplicates(library).pairs_added == 0


def test_an_article_merged_away_after_indexing_is_no_longer_a_candidate(library):
    indexed = add_article(library, "\n\n".join(STORY))
    unrelated = add_article(library, generate_articles(1, seed=9)[0].body)
    scan_duplicates(library)
    merge_into(library, unrelated, [indexed])  # the kept article's text stays as it is
    add_article(library, "\n\n".join(STORY))  # an exact copy
    add_article(library, "\n\n".join(STORY[:4]))  # an abridged copy
    report = scan_duplicates(library)
    assert indexed not in {i for pair in report.added for i in pair}
    assert report.pairs_added == 1  # the two new copies still pair with each other


def test_a_stored_pair_is_explained_on_demand(library):
    a = add_article(library, "\n\n".join(STORY))
    b = add_article(library, "\n\n".join(STORY[:3]))
    scan_duplicates(library)
    (stored,) = open_pairs(library)
    assert "passages" not in stored["reason"]  # a scan stores only the score components
    reason = explain_pair(library, b, a)
    assert reason["summary"] == "B is 100% contained in A; A adds 3 paragraphs"
    assert len(reason["only_a"]) == 3 and reason["only_b"] == []
    with pytest.raises(PairError):
        explain_pair(library, a, 999)


def stored_pairs(library):
    return library.db.execute("SELECT a, b, score, kind, reason FROM pairs ORDER BY a, b").fetchall()


def test_pairs_compared_in_worker_processes_are_those_compared_here(tmp_path, monkeypatch):
    from curator.core.library.store import Library

    monkeypatch.setattr(dedupe, "VERIFY_SLICE", 4)  # several slices for each worker
    found = []
    for parallel in (False, True):
        monkeypatch.setattr(dedupe, "PARALLEL_MIN_PAIRS", 1 if parallel else 10**9)
        library = Library.open(tmp_path / f"{parallel}.db")
        for i in range(8):
            add_article(library, "\n\n".join(STORY[: 6 - (i % 4)]))
        for article in generate_articles(6, seed=4):
            add_article(library, "\n\n".join(STORY[:3]) + "\n\n" + article.body)
        assert scan_duplicates(library).pairs_added > 28
        found.append(stored_pairs(library))
        library.close()
    assert found[0] == found[1]


def test_a_scan_comparing_in_worker_processes_is_cancelled_between_slices(tmp_path, monkeypatch):
    from curator.core.library.store import Library

    monkeypatch.setattr(dedupe, "VERIFY_SLICE", 2)
    monkeypatch.setattr(dedupe, "PARALLEL_MIN_PAIRS", 1)
    library = Library.open(tmp_path / "library.db")
    for i in range(8):
        add_article(library, "\n\n".join(STORY[: 6 - (i % 4)]))
    slices_seen = []

    def after_two_slices(done, total, phase):
        if phase == "Comparing candidate pairs":
            slices_seen.append(done)

    report = scan_duplicates(library, progress=after_two_slices, cancelled=lambda: len(slices_seen) >= 2)
    assert report.cancelled and len(slices_seen) == 2
    assert library.db["pairs"].count == 0 and library.db["dedupe_index"].count == 0


def test_comparing_candidate_pairs_reports_each_slice_as_it_is_done_up_to_every_pair(library, monkeypatch):
    monkeypatch.setattr(dedupe, "VERIFY_SLICE", 2)
    for i in range(6):
        add_article(library, "\n\n".join(STORY[: 6 - (i % 3)]))
    compared = []
    scan_duplicates(library, progress=lambda done, total, phase: compared.append((done, total))
                    if phase == "Comparing candidate pairs" else None)
    total = compared[0][1]
    assert total > 2 and [done for done, _ in compared] == [min(n, total) for n in range(2, total + 2, 2)]


# A Persian report spelt as a Persian keyboard writes it, with zero-width non-joiners inside words.
PERSIAN = "\n\n".join([
    "وزیر اقتصاد روز پنجشنبه گفت که دولت می\u200cخواهد قیمت\u200cها را در هفته\u200cهای آینده ثابت نگه دارد.",
    "او به خبرنگاران گفت این تصمیم برای کمک به خانواده\u200cها گرفته شده است و بانک مرکزی از آن حمایت می\u200cکند.",
    "نمایندگان مجلس خواستار گزارش کامل درباره هزینه\u200cهای این طرح شدند و گفتند که پاسخ دولت کافی نیست.",
])


def test_a_persian_copy_differing_only_in_non_joiners_is_an_exact_copy():
    verdict = compare_bodies(PERSIAN, PERSIAN.replace("\u200c", ""))
    assert (verdict.kind, verdict.score) == ("exact", 1.0)
    assert verdict.reason["only_a"] == verdict.reason["only_b"] == []


SINHALA = "\n\n".join([
    "ශ්\u200dරී ලංකා මහ බැංකුව අද පොලී අනුපාත වෙනස් නොකිරීමට තීරණය කළේය.",
    "මෙම තීරණය ආර්ථිකයේ ස්ථාවරත්වය සඳහා වැදගත් බව බැංකුවේ ප්\u200dරකාශකයෙක් පැවසීය.",
    "ශ්\u200dරී ලංකාවේ උද්ධමනය පසුගිය මාසයේ අඩු වූ බව සංඛ්\u200dයාලේඛන පෙන්වයි.",
])


@pytest.mark.parametrize(("title", "body", "joiner"), [
    ("گزارش اقتصادی", PERSIAN, "\u200c"),  # Persian writes non-joiners inside words
    ("ආර්ථික වාර්තාව", SINHALA, "\u200d"),  # Sinhala joins touching letters with joiners
])
def test_imported_copies_differing_only_in_joiners_keep_their_spelling_and_pair_as_exact(
        library, tmp_path, title, body, joiner):
    (tmp_path / "with.txt").write_text(f"{title}\n\n{body}", encoding="utf-8")
    (tmp_path / "without.txt").write_text(f"{title}\n\n{body}".replace(joiner, ""), encoding="utf-8")
    ids = import_paths(library, [tmp_path / "with.txt", tmp_path / "without.txt"]).article_ids
    bodies = {library.article(article_id)["body"].count(joiner) for article_id in ids}
    assert bodies == {0, body.count(joiner)}  # the body keeps the spelling it was written in
    assert scan_duplicates(library).pairs_added == 1
    (pair,) = open_pairs(library)
    assert (pair["kind"], pair["score"]) == ("exact", 1.0)


def test_the_scans_count_of_open_copy_suggestions_reads_the_queue_index_alone(library):
    """The count ends every scan: looking up each open pair's kind took 390 ms in a 100k library."""
    import_paths(library, sample_paths())
    statements: list[str] = []
    library.db.conn.set_trace_callback(statements.append)
    report = scan_duplicates(library)
    library.db.conn.set_trace_callback(None)
    [count] = [sql for sql in statements if sql.startswith("SELECT count(*) FROM pairs WHERE status")]
    plan = " ".join(row[3] for row in library.db.execute(f"EXPLAIN QUERY PLAN {count}"))
    assert "USING INDEX pairs_in_queue_order (status=? AND <expr>=?" in plan, plan
    assert report.open_pairs == library.db.execute(count).fetchone()[0] == 1
