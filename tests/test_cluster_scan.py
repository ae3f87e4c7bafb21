"""The cluster scan on a real two-process LocalCluster: the library scan's pairs and clusters exactly,
a clear error for bad input, and a sample reviewed in a library with its decisions exported."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

pytest.importorskip("dask.distributed")
pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")

from curator.cli import main
from curator.cluster.inputs import BadInput, Columns, list_parts
from curator.cluster.results import STORIES, read_results, write_results
from curator.cluster.review import SCAN_ID, export_decisions, import_scan
from curator.cluster.scan import ScanOptions, cluster_scan
from curator.core.dedupe import (
    Decision,
    decide_pair,
    duplicate_clusters,
    open_pairs,
    scan_duplicates,
)
from curator.core.ingest import import_paths
from curator.core.library import Library
from curator.core.stories import link_versions, scan_stories
from tests.corpus import generate_article

# Two outlets' reports of one story that share a single name: neither the copies nor the names find them.
COPPER_REPORTS = [
    {"doc": "copper-1", "body": "Copper fell to a three-month low on the London Metal Exchange as factory data from China "
     "showed demand for industrial metals cooling. Traders expect stockpiles to grow through the winter.",
     "headline": "Copper prices slide as China demand weakens", "day": "2022-11-14", "link": "https://a.example/copper",
     "site": "Metals Daily"},
    {"doc": "copper-2", "body": "Copper prices on the London Metal Exchange slid to a three-month low after weak Chinese "
     "factory figures.", "headline": "Metals: copper at three-month low", "day": "2022-11-15",
     "link": "https://b.example/copper", "site": "Market Wire"},
]
COLUMNS = Columns(id="doc", text="body", title="headline", date="day", url="link", source="site")


class Retelling(random.Random):
    """Chooses an original's person, place, organisation, topic and weekday (its first five choices),
    then writes the story in sentences of its own: a version of the story sharing no text."""

    def __init__(self, original: int, seed: float) -> None:
        super().__init__(seed)
        self.original = random.Random(original)
        self.replayed = 0

    def choice(self, seq):
        if self.replayed < 5:
            self.replayed += 1
            return self.original.choice(seq)
        return super().choice(seq)


def corpus(count: int, seed: int = 3) -> pd.DataFrame:
    """Articles, their copies (exact, trimmed, a paragraph dropped, re-cased) and retellings of their
    stories a day or two later, shuffled, with the stock sentences of generated news making many more
    candidates than pairs."""
    rng = random.Random(seed)
    originals = [{"doc": f"d{i}", "body": f"{a.dateline}: {a.body}", "headline": a.title, "day": a.published,
                  "link": a.url, "site": a.outlet}
                 for i, a in enumerate(generate_article(random.Random(seed * 100_003 + i), i) for i in range(count * 6 // 10))]
    rows = list(originals)
    while len(rows) < count * 7 // 10:
        number = rng.randrange(len(originals))
        retold = generate_article(Retelling(seed * 100_003 + number, rng.random()), len(rows))
        year, month, day = originals[number]["day"].split("-")
        rows.append({"doc": f"d{len(rows)}", "body": f"{retold.dateline}: {retold.body}", "headline": retold.title,
                     "day": f"{year}-{month}-{min(28, int(day) + rng.randint(0, 2)):02d}", "link": retold.url,
                     "site": retold.outlet})
    while len(rows) < count:
        original = rng.choice(originals)
        paragraphs = original["body"].split("\n\n")
        edit = rng.randrange(4)
        body = (original["body"] if edit == 0
                else "\n\n".join(paragraphs[:max(1, len(paragraphs) - rng.randint(1, 3))]) if edit == 1
                else "\n\n".join(p for i, p in enumerate(paragraphs) if i != rng.randrange(len(paragraphs)))
                if edit == 2 else original["body"].upper())
        rows.append({**original, "doc": f"d{len(rows)}", "body": body})
    rng.shuffle(rows)
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def scanned(client, tmp_path_factory):
    """2,002 articles in five Parquet files (the last two real reports of one story), scanned into a
    results folder with the story tier; the same rows as JSON Lines."""
    root = tmp_path_factory.mktemp("cluster")
    frame = pd.concat([corpus(2000), pd.DataFrame(COPPER_REPORTS)], ignore_index=True)
    (root / "in").mkdir()
    for number, start in enumerate(range(0, len(frame), 500)):
        frame.iloc[start:start + 500].to_parquet(root / "in" / f"part-{number}.parquet", index=False)
    # "date" is a column the importer reads as the date; the scan is told "day" is.
    frame.rename(columns={"day": "date"}).to_json(root / "articles.jsonl", orient="records", lines=True)
    inputs = [str(root / "in")]
    result = cluster_scan(client, list_parts(inputs), COLUMNS, ScanOptions(show_progress=False, stories=True))
    write_results(result, str(root / "out"), inputs, client.scheduler.address)
    return root


def test_the_cluster_scan_finds_exactly_the_library_scans_pairs_and_clusters(scanned, tmp_path):
    library = Library.open(tmp_path / "desktop.db")
    assert import_paths(library, [scanned / "articles.jsonl"]).imported == 2002
    scan_duplicates(library)
    doc = {article_id: json.loads(metadata)["doc"]
           for article_id, metadata in library.db.execute("SELECT id, metadata FROM articles")}
    desktop = {(doc[a], doc[b]): (score, kind, json.loads(reason))
               for a, b, score, kind, reason in library.db.execute("SELECT a, b, score, kind, reason FROM pairs")}
    summary, pairs, clusters = read_results(str(scanned / "out"))
    found = {(row.a, row.b): (row.score, row.kind, {"jaccard": row.jaccard, "containment": row.containment,
                                                     "ratio": row.ratio, "shingles": [row.shingles_a, row.shingles_b]})
             for row in pairs[pairs["kind"] != "related"].itertuples()}
    assert len(desktop) > 500 and found == desktop
    desktop_clusters = sorted(sorted(doc[i] for i in group) for group in duplicate_clusters(library))
    assert sorted(sorted(group["id"]) for _, group in clusters.groupby("cluster")) == desktop_clusters
    assert all(len(group) == group["size"].iloc[0] for _, group in clusters.groupby("cluster"))
    assert summary["counts"]["articles"] == 2002 and summary["counts"]["pairs"] == len(desktop)
    assert summary["counts"]["candidates"] > summary["counts"]["pairs"]
    assert summary["columns"]["text"] == "body" and summary["parameters"]["threshold"] == 0.5


def test_the_story_tier_finds_exactly_the_library_story_scans_related_pairs(scanned, tmp_path):
    library = Library.open(tmp_path / "stories.db")
    import_paths(library, [scanned / "articles.jsonl"])
    scan_duplicates(library)
    scan_stories(library)
    doc = {article_id: json.loads(metadata)["doc"]
           for article_id, metadata in library.db.execute("SELECT id, metadata FROM articles")}
    desktop = {(doc[a], doc[b]): (score, json.loads(reason)) for a, b, score, reason in library.db.execute(
        "SELECT a, b, score, reason FROM pairs WHERE kind = 'related'")}
    summary, pairs, _ = read_results(str(scanned / "out"))
    related = pairs[pairs["kind"] == "related"]
    found = {(row.a, row.b): (row.score, {"summary": row.summary, "text_similarity": row.text_similarity,
                                          "title_similarity": row.title_similarity,
                                          "shared_names": list(row.shared_names), "shared_terms": list(row.shared_terms),
                                          "days_apart": None if pd.isna(row.days_apart) else row.days_apart,
                                          "missing": list(row.missing), "closest": bool(row.closest)})
             for row in related.itertuples()}
    assert len(desktop) > 20 and found.keys() == desktop.keys()
    # Some are suggested for being each other's closest, with fewer names in common than others need.
    closest = [pair for pair, (_, reason) in desktop.items() if reason["closest"]]
    assert ("copper-1", "copper-2") in closest
    # Exactly the library's, but for the order of equally strong common terms (the library breaks
    # ties by where a term first appears in the whole library, a pair's comparison cannot).
    def tie_free(reason: dict) -> dict:
        return {**reason, "shared_terms": set(reason["shared_terms"]), "summary": reason["summary"].split("; ")[0]}

    assert {pair: (score, tie_free(reason)) for pair, (score, reason) in found.items()} == {
        pair: (score, tie_free(reason)) for pair, (score, reason) in desktop.items()}
    assert (related["related"] == related["score"]).all() and related["cluster"].isna().all()
    copies = pairs[pairs["kind"] != "related"]
    assert copies["related"].between(0, 1).all() and copies["related"].max() > 0.9
    assert summary["counts"]["related_pairs"] == len(desktop) and summary["timings_s"]["stories"] > 0
    _, _, stories = read_results(str(scanned / "out"), STORIES)
    story_of = dict(zip(stories["id"], stories["story"]))
    assert all(story_of[a] == story_of[b] for a, b in zip(pairs["a"], pairs["b"]))
    assert set(story_of) == set(pairs["a"]) | set(pairs["b"])


def test_the_story_tier_finds_the_same_pairs_with_its_partitions_in_several_blocks_of_columns(
        scanned, client, monkeypatch):
    """Each partition's rows meet the others a block of partitions at a time: with blocks of two
    partitions, then of one, each article's closest of all the blocks are still its closest of the whole."""
    from curator.cluster import stories

    _, pairs, _ = read_results(str(scanned / "out"))
    one_block = pairs[pairs["kind"] == "related"].set_index(["a", "b"])["score"].to_dict()
    for block_rows in (1000, 500):
        monkeypatch.setattr(stories, "BLOCK_ROWS", block_rows)
        assert len(stories._blocks([500, 500, 500, 500, 2])) == (3 if block_rows == 1000 else 5)
        result = cluster_scan(client, list_parts([str(scanned / "in")]), COLUMNS,
                              ScanOptions(show_progress=False, stories=True))
        related = pd.concat(result.related.frames())
        blocked = dict(zip(zip(related["id_a"], related["id_b"]), related["score"]))
        assert len(one_block) > 20 and blocked == one_block


def test_a_sample_of_stories_is_reviewed_as_same_story_or_different_stories_and_exported(scanned, tmp_path):
    folder = str(scanned / "out")
    _, pairs, _ = read_results(folder)
    library = Library.open(tmp_path / "review.db")
    report = import_scan(library, folder, 30, "score", seed=1, groups="stories")
    assert len(report.clusters) == 30 and not report.errors and report.summary().startswith("Imported 30 stories: ")
    scan_id = {article_id: json.loads(metadata)[SCAN_ID]
               for article_id, metadata in library.db.execute("SELECT id, metadata FROM articles")}
    queue = [pair for pair in open_pairs(library) if pair["kind"] == "related"]
    sampled = set(scan_id.values())
    expected = pairs[(pairs["kind"] == "related") & pairs["a"].isin(sampled) & pairs["b"].isin(sampled)]
    assert len(queue) >= 2 and {(scan_id[p["a"]["id"]], scan_id[p["b"]["id"]]) for p in queue} == set(zip(expected["a"], expected["b"]))
    assert all(p["reason"]["summary"].startswith("shares ") for p in queue)

    same, different = queue[0], queue[-1]
    link_versions(library, same["a"]["id"], same["b"]["id"])
    decide_pair(library, different["a"]["id"], different["b"]["id"], Decision.NOT_DUPLICATE)
    assert export_decisions(library, tmp_path / "decisions.parquet") >= 2
    decisions = {(d["a"], d["b"]): (d["decision"], d["kind"]) for d in pq.read_table(tmp_path / "decisions.parquet").to_pylist()}
    assert decisions[scan_id[same["a"]["id"]], scan_id[same["b"]["id"]]] == ("linked", "related")
    assert decisions[scan_id[different["a"]["id"]], scan_id[different["b"]["id"]]] == ("not_duplicate", "related")


def test_without_the_story_tier_there_are_copies_only_and_no_stories_to_sample(client, tmp_path):
    path = write(corpus(40), tmp_path / "in.parquet")
    result = cluster_scan(client, list_parts([path]), COLUMNS, ScanOptions(show_progress=False))
    write_results(result, str(tmp_path / "out"), [path], client.scheduler.address)
    _, pairs, _ = read_results(str(tmp_path / "out"))
    assert len(pairs) and "related" not in set(pairs["kind"]) and pairs["related"].isna().all()
    with pytest.raises(BadInput, match="was scanned without the story tier"):
        import_scan(Library.open(tmp_path / "x.db"), str(tmp_path / "out"), 2, groups="stories")


def test_a_sample_of_clusters_is_reviewed_in_a_library_and_its_decisions_exported(scanned, tmp_path):
    folder = str(scanned / "out")
    _, pairs, clusters = read_results(folder)
    library = Library.open(tmp_path / "review.db")
    report = import_scan(library, folder, 3, "largest")
    largest = clusters.sort_values(["size", "cluster"], ascending=[False, True])["cluster"].unique()[:3].tolist()
    assert report.clusters == sorted(largest) and not report.errors
    members = clusters[clusters["cluster"].isin(largest)]
    assert report.articles_imported == len(members)
    queue = open_pairs(library)
    scan_id = {article_id: json.loads(metadata)[SCAN_ID]
               for article_id, metadata in library.db.execute("SELECT id, metadata FROM articles")}
    expected = pairs[pairs["cluster"].isin(largest)]
    assert {(scan_id[p["a"]["id"]], scan_id[p["b"]["id"]]) for p in queue} == set(zip(expected["a"], expected["b"]))
    assert report.pairs_added == len(expected)

    # Another sample extends the library: the articles already there are not imported twice.
    again = import_scan(library, folder, 6, "largest")
    assert again.articles_present == len(members) and again.pairs_added == len(pairs[pairs["cluster"].isin(again.clusters)]) - len(expected)

    first = queue[0]
    decide_pair(library, first["a"]["id"], first["b"]["id"], Decision.NOT_DUPLICATE)
    assert export_decisions(library, tmp_path / "decisions.parquet") == 1
    decisions = pq.read_table(tmp_path / "decisions.parquet").to_pylist()
    assert [(d["a"], d["b"], d["decision"]) for d in decisions] == [
        (scan_id[first["a"]["id"]], scan_id[first["b"]["id"]], "not_duplicate")]


def test_clusters_can_be_sampled_at_random_and_across_score_bands(scanned, tmp_path):
    library = Library.open(tmp_path / "sample.db")
    by_score = import_scan(library, str(scanned / "out"), 4, "score", seed=1)
    assert len(by_score.clusters) == 4 and by_score.pairs_added > 0
    random_pick = import_scan(library, str(scanned / "out"), 4, "random", seed=2)
    assert len(random_pick.clusters) == 4


def write(frame: pd.DataFrame, path) -> str:
    frame.to_parquet(path, index=False)
    return str(path)


@pytest.mark.parametrize("frame, columns, message", [
    (pd.DataFrame({"doc": ["a"], "content": ["Some text."]}), COLUMNS, "has no column 'body' for the text"),
    (pd.DataFrame({"doc": ["a", "b"], "body": [1, 2]}), COLUMNS, "column 'body' of"),
    (pd.DataFrame({"doc": pd.Series([], dtype=str), "body": pd.Series([], dtype=str)}), COLUMNS,
     "holds no articles (an empty partition)"),
    (pd.DataFrame({"doc": ["a", None], "body": ["Some text.", "More text."]}), COLUMNS, "article 2 has no id"),
])
def test_bad_parquet_input_is_one_clear_error_naming_the_file_and_column(client, tmp_path, frame, columns, message):
    good = write(corpus(20), tmp_path / "a-good.parquet")
    bad = write(frame, tmp_path / "b-bad.parquet")
    with pytest.raises(BadInput) as raised:
        cluster_scan(client, list_parts([good, bad]), columns, ScanOptions(show_progress=False))
    assert message in str(raised.value) and "b-bad.parquet" in str(raised.value)
    assert "\n" not in str(raised.value)


def test_two_articles_with_one_id_are_refused_even_a_number_and_its_digits_as_text(client, tmp_path):
    (tmp_path / "a.jsonl").write_text('{"doc": "7", "body": "A quake shook the coast this morning."}\n')
    (tmp_path / "b.jsonl").write_text('{"doc": 7, "body": "The central bank held its rate again today."}\n')
    with pytest.raises(BadInput, match="the id '7' is given to 2 articles"):
        cluster_scan(client, list_parts([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]), COLUMNS,
                     ScanOptions(show_progress=False))


def test_bad_json_lines_name_the_record(client, tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text('{"doc": "a", "body": "Some text here."}\n{"doc": "b", "body": ["not", "text"]}\n')
    with pytest.raises(BadInput, match=r"articles.jsonl: field 'body' of the record at byte 40 is list, not text"):
        cluster_scan(client, list_parts([str(path)]), COLUMNS, ScanOptions(show_progress=False))


def test_an_empty_partition_can_be_skipped(client, tmp_path):
    good = write(corpus(20), tmp_path / "a.parquet")
    empty = write(pd.DataFrame({"doc": pd.Series([], dtype=str), "body": pd.Series([], dtype=str)}), tmp_path / "b.parquet")
    result = cluster_scan(client, list_parts([good, empty]), COLUMNS, ScanOptions(skip_empty=True, show_progress=False))
    assert result.counts["articles"] == 20 and result.counts["parts"] == 2


def test_the_command_reports_a_missing_column_in_one_line_before_starting_a_cluster(tmp_path, capsys):
    path = write(pd.DataFrame({"id": ["a"], "content": ["Text."]}), tmp_path / "in.parquet")
    assert main(["cluster-scan", path, "--out", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("curator cluster-scan: ") and "has no column 'text'" in error
    assert error.count("\n") == 1 and not (tmp_path / "out").exists()


def test_bad_input_found_on_the_cluster_is_one_line_on_the_terminal(tmp_path, capfd):
    good = write(corpus(20), tmp_path / "a.parquet")
    (tmp_path / "b.jsonl").write_text("")
    assert main(["cluster-scan", good, str(tmp_path / "b.jsonl"), "--out", str(tmp_path / "out"), "--quiet",
                 "--workers", "1", "--id", "doc", "--text", "body"]) == 1
    error = capfd.readouterr().err  # the workers' own output included
    assert error.startswith("curator cluster-scan: ") and "holds no articles" in error and error.count("\n") == 1


def test_the_command_shows_progress_through_the_story_tier_and_says_what_it_found(tmp_path, capsys):
    """The story tier takes most of a large scan's time: its reading and its tiles have bars of their own."""
    path = write(corpus(40), tmp_path / "in.parquet")
    assert main(["cluster-scan", path, "--out", str(tmp_path / "out"), "--stories", "--workers", "1",
                 "--id", "doc", "--text", "body", "--title", "headline", "--date", "day"]) == 0
    out = capsys.readouterr().out
    bars = [line.rstrip("\r").split("\r")[-1] for line in out.split("\n") if "Completed" in line]
    assert len(bars) == 5 and all("100% Completed" in bar for bar in bars)  # the copy stages' articles, candidates and verified pairs; the texts and the tiles
    last = out.strip().splitlines()[-1]
    assert last.startswith("Scanned 40 articles in ") and "same-story pairs; results in " in last


def test_the_app_and_the_cli_start_without_the_cluster_extra(tmp_path):
    hide = "import sys; sys.modules.update(dict.fromkeys(['dask', 'distributed', 'pyarrow', 'pandas', 'fsspec']));"
    code = (hide + "import curator.cli, curator.ui.app; from curator.cli import main; "
            f"code = main(['--db', r'{tmp_path / 'x.db'}', 'cluster-scan', 'in.parquet', '--out', 'out']); "
            "print(code); print(sorted(m for m in sys.modules if m.startswith('curator.cluster.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[:2] == ["1", "['curator.cluster.commands']"]
    assert "needs the cluster extra" in result.stderr and "pip install 'curator[cluster]'" in result.stderr


def test_import_scan_reads_a_local_results_folder_only(tmp_path):
    with pytest.raises(BadInput, match="is not on this machine"):
        import_scan(Library.open(tmp_path / "x.db"), "s3://bucket/scan", 5)
    with pytest.raises(BadInput, match="is not a cluster scan's results folder"):
        import_scan(Library.open(tmp_path / "y.db"), str(tmp_path), 5)


def test_the_review_commands_import_a_sample_and_export_its_decisions(scanned, tmp_path, capsys):
    db = str(tmp_path / "cli.db")
    assert main(["--db", db, "import-scan", str(scanned / "out"), "--sample", "2", "--by", "random"]) == 0
    assert capsys.readouterr().out.startswith("Imported 2 clusters: ")
    assert main(["--db", db, "export-decisions", str(tmp_path / "decisions.parquet")]) == 0
    assert capsys.readouterr().out == f"Wrote 0 decisions to {tmp_path / 'decisions.parquet'}.\n"
    assert pq.read_table(tmp_path / "decisions.parquet").column_names == ["a", "b", "decision", "kind", "score",
                                                                          "decided_at"]
    # Never over the library, or a file SQLite keeps beside it, or a device: refused as an export is.
    for target in (db, db + "-wal", "/dev/null", str(tmp_path)):
        assert main(["--db", db, "export-decisions", target]) == 1
        assert capsys.readouterr().err.count("\n") == 1
    assert main(["--db", db, "articles"]) == 0 and capsys.readouterr().out.strip().endswith("articles")


def test_a_scan_without_the_optional_columns_is_sampled_into_a_library(client, tmp_path):
    frame = corpus(40).drop(columns=["link", "site"])
    frame.loc[frame.index[:5], "headline"] = None  # a title missing here and there
    path = write(frame, tmp_path / "in.parquet")
    columns = Columns(id="doc", text="body", title="headline", date="day")
    write_results(cluster_scan(client, list_parts([path]), columns, ScanOptions(show_progress=False)),
                  str(tmp_path / "out"), [path], client.scheduler.address)
    report = import_scan(Library.open(tmp_path / "review.db"), str(tmp_path / "out"), 3)
    assert report.articles_imported > 0 and not report.errors


def test_related_pairs_written_a_few_rows_at_a_time_are_the_same_rows(scanned, client, tmp_path, monkeypatch):
    """The related pairs come from the tiles that scored them and are written in batches, never all held at once."""
    from curator.cluster import results, stories

    _, whole, _ = read_results(str(scanned / "out"))
    monkeypatch.setattr(results, "ROWS_PER_WRITE", 7)
    monkeypatch.setattr(stories, "FETCHED_TOGETHER", 2)
    result = cluster_scan(client, list_parts([str(scanned / "in")]), COLUMNS, ScanOptions(show_progress=False, stories=True))
    assert len(result.related.parts) > 2
    fetched, fetched_at_writes = [], []
    frames = result.related.frames
    monkeypatch.setattr(result.related, "frames", lambda: (fetched.append(frame) or frame for frame in frames()))
    pair_table = results._pair_table
    monkeypatch.setattr(results, "_pair_table", lambda *args: fetched_at_writes.append(len(fetched)) or pair_table(*args))
    write_results(result, str(tmp_path / "out"), [str(scanned / "in")], client.scheduler.address)
    # The copies, then each batch of related pairs as soon as it is fetched: never every tile's first.
    assert fetched_at_writes[0] == 0 and fetched_at_writes[1] < len(result.related.parts) == len(fetched)
    _, batched, _ = read_results(str(tmp_path / "out"))
    assert pq.ParquetFile(tmp_path / "out" / "pairs.parquet").metadata.num_row_groups > 3
    ordered = ["a", "b", "kind"]
    pd.testing.assert_frame_equal(batched.sort_values(ordered, ignore_index=True),
                                  whole.sort_values(ordered, ignore_index=True))
