"""Inputs built to hang or flood an import: pipes, devices and links to them in a folder, files larger than
their size on disk says, archives of many small bombs, and imports of many archives."""

import io
import os
import signal
import socket
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.core.ingest.importing import import_paths
from curator.core.ingest.sources import MB, ImportLimits, collect_sources, read_source

ARTICLE = "A headline for {name}\n\nA body paragraph long enough to be an article about {name}.\n"


class TookTooLong(Exception):
    pass


@contextmanager
def within(seconds: float):
    """Fail instead of hanging: an open() blocked on a pipe is interrupted by the alarm."""
    def alarm(signum, frame):
        raise TookTooLong(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def reasons_by_name(report) -> dict[str, str]:
    return {Path(problem.path).name: problem.reason for problem in report.errors}


# Pipes, devices and links ------------------------------------------------------------------------

def test_pipes_devices_and_links_to_them_are_refused_by_name_and_the_rest_imports(library, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE.format(name="good"))
    (tmp_path / "elsewhere.md").write_text(ARTICLE.format(name="linked"))
    (folder / "link.txt").symlink_to(tmp_path / "elsewhere.md")
    os.mkfifo(folder / "pipe.txt")
    (folder / "pipe-link.txt").symlink_to(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.zip")
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    os.mkfifo(folder / "pipe.unknown")  # never read, so only unsupported
    with within(20):
        report = import_paths(library, [folder])
    titles = sorted(library.article(article_id)["title"] for article_id in report.article_ids)
    assert titles == ["A headline for good"]
    reasons = reasons_by_name(report)
    assert reasons.pop("pipe.txt") == reasons.pop("pipe-link.txt") == reasons.pop("pipe.zip") == (
        "not a regular file (a pipe); not read")
    assert reasons.pop("zero.txt") == "not a regular file (a device); not read"
    assert "No such file" in reasons.pop("dangling.txt")
    assert reasons == {} and report.unsupported == [str(folder / "pipe.unknown")]
    # A link to a file outside the folder is not followed unless asked.
    assert [Path(link.path).name for link in report.links_not_followed] == ["link.txt"]
    with within(20):
        followed = import_paths(library, [folder], follow_links=True)
    assert [library.article(article_id)["title"] for article_id in followed.article_ids] == ["A headline for linked"]


def test_a_socket_and_an_explicitly_named_pipe_are_refused(library):
    with tempfile.TemporaryDirectory(dir="/tmp") as short:  # a socket's path must be short
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(f"{short}/s.txt")
        os.mkfifo(f"{short}/named.txt")
        try:
            with within(20):
                report = import_paths(library, [short, f"{short}/named.txt", "/dev/zero", "/dev/null"])
        finally:
            listener.close()
    reasons = [(Path(problem.path).name, problem.reason) for problem in report.errors]
    assert reasons == [("named.txt", "not a regular file (a pipe); not read"),
                       ("s.txt", "not a regular file (a socket); not read"),
                       ("named.txt", "not a regular file (a pipe); not read"),
                       ("zero", "not a regular file (a device); not read"),
                       ("null", "not a regular file (a device); not read")]
    assert report.imported == 0


def test_a_file_is_read_up_to_the_limit_whatever_its_size_on_disk_says(library, tmp_path):
    # /proc files say they are empty; this one holds a few hundred bytes.
    (tmp_path / "status.txt").symlink_to("/proc/self/status")
    assert (tmp_path / "status.txt").stat().st_size == 0
    report = import_paths(library, [tmp_path], limits=ImportLimits(max_file_bytes=100), follow_links=True)
    assert reasons_by_name(report) == {"status.txt": "file is larger than the 100 bytes import limit"}


def test_a_file_that_became_a_pipe_after_it_was_listed_is_not_opened(tmp_path):
    (tmp_path / "story.txt").write_text(ARTICLE.format(name="story"))
    [source] = collect_sources([tmp_path], ImportLimits()).sources
    (tmp_path / "story.txt").unlink()
    os.mkfifo(tmp_path / "story.txt")
    with within(20), pytest.raises(Exception, match="not a regular file \\(a pipe\\)"):
        read_source(source)


# Any folder of regular files, pipes and links: every item is listed or refused by name, none is opened
# unless it is a regular file, and nothing hangs.
KINDS = ("file", "pipe", "link to file", "link to pipe", "link to /dev/zero", "dangling link", "folder")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=8))
def test_the_walker_lists_regular_files_and_refuses_everything_else_by_name(kinds):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        regular, refused = set(), set()
        for index, kind in enumerate(kinds):
            path = root / f"item{index}.txt"
            if kind == "file":
                path.write_text(ARTICLE.format(name=index))
            elif kind == "pipe":
                os.mkfifo(path)
            elif kind == "link to file":
                (root / f"target{index}.dat").write_text(ARTICLE.format(name=index))
                path.symlink_to(root / f"target{index}.dat")
            elif kind == "link to pipe":
                os.mkfifo(root / f"pipe{index}.dat")  # unsupported by its name: never opened
                path.symlink_to(root / f"pipe{index}.dat")
            elif kind == "link to /dev/zero":
                path.symlink_to("/dev/zero")
            elif kind == "dangling link":
                path.symlink_to(root / "nowhere")
            else:
                (root / f"folder{index}").mkdir()
                (root / f"folder{index}" / "inner.txt").write_text(ARTICLE.format(name=index))
                regular.add(str(root / f"folder{index}" / "inner.txt"))
                continue
            (regular if kind in ("file", "link to file") else refused).add(str(path))
        with within(20):
            collected = collect_sources([root], ImportLimits())
            contents = [read_source(source) for source in collected.sources]
        assert {source.path for source in collected.sources} == regular
        assert {problem.path for problem in collected.problems} == refused
        assert not collected.links_not_followed  # a link to a device is refused as one, wherever it leads
        assert all(name.endswith(".dat") for name in collected.unsupported)
        assert all(content.startswith(b"A headline") for content in contents)


# Archives ---------------------------------------------------------------------------------------------

def zip_bytes(entries: dict[str, str] | dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def write_zip(path: Path, entries: dict[str, str] | dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    path.write_bytes(zip_bytes(entries, compression))
    return path


def test_many_small_highly_compressed_entries_are_refused_and_the_rest_imports(library, tmp_path):
    padding = "word " * 40_000  # 200 KB that deflate squeezes about 900 times
    entries = {f"bomb{index:02d}.txt": f"Title {index}\n\n{padding}" for index in range(30)}
    archive = write_zip(tmp_path / "bombs.zip", {**entries, "fine.txt": ARTICLE.format(name="fine")})
    assert archive.stat().st_size < 100_000
    report = import_paths(library, [archive])
    assert report.imported == 1 and len(report.errors) == 30
    assert all("possible zip bomb" in problem.reason for problem in report.errors)
    assert library.db.execute("SELECT sum(length(body)) FROM articles").fetchone()[0] < 1_000


def test_every_archive_of_an_import_spends_one_budget(library, tmp_path):
    body = "Budget article {0}\n\n" + "text " * 60_000  # 300 KB each, stored: no bomb, only size
    archives = [write_zip(tmp_path / f"part{n}.zip", {f"a{n}.txt": body.format(n)}, zipfile.ZIP_STORED)
                for n in range(3)]
    plain = tmp_path / "plain.txt"
    plain.write_text(ARTICLE.format(name="plain"))
    limits = ImportLimits(max_import_expanded_bytes=int(0.7 * MB))
    report = import_paths(library, [*archives, plain], limits=limits)
    assert report.imported == 3  # two archives, then the plain file, which no archive budget counts
    [problem] = report.errors
    assert problem.path == f"{archives[2]}!/a2.txt"
    assert problem.reason == "this import's archives expanded beyond the 0.7 MB size limit (possible zip bomb); " \
                             "not imported"


def test_an_import_holds_a_limited_number_of_archive_entries(library, tmp_path):
    first = write_zip(tmp_path / "first.zip", {f"a{n}.txt": ARTICLE.format(name=f"a{n}") for n in range(3)})
    second = write_zip(tmp_path / "second.zip", {f"b{n}.txt": ARTICLE.format(name=f"b{n}") for n in range(3)})
    report = import_paths(library, [first, second], limits=ImportLimits(max_import_entries=5))
    assert report.imported == 3
    assert [(problem.path, problem.reason) for problem in report.errors] == [
        (str(second), "with this one, this import's archives would hold more than 5 entries; not opened")]


def test_archives_inside_an_archive_spend_its_budget(library, tmp_path):
    inner = zip_bytes({f"deep{n}.txt": f"Deep {n}\n\n" + "text " * 60_000 for n in range(3)}, zipfile.ZIP_STORED)
    outer = write_zip(tmp_path / "outer.zip", {"inner.zip": inner}, zipfile.ZIP_STORED)
    report = import_paths(library, [outer], limits=ImportLimits(max_archive_expanded_bytes=int(1.3 * MB)))
    # The inner archive (900 KB) is read whole to be opened, which leaves room for one of its entries.
    assert report.imported == 1
    assert [problem.reason for problem in report.errors] == [
        "this archive expanded beyond the 1.3 MB size limit (possible zip bomb); not imported"] * 2


def test_a_lone_surrogate_in_json_is_read_as_a_replacement_character_and_the_batch_imports(library, tmp_path):
    folder = tmp_path / "surrogates"
    folder.mkdir()
    (folder / "lone.json").write_text('{"title": "Lone \\ud800 title", "text": "Officials said on Monday the '
                                      'bridge opens next spring \\udfff, and more words follow here."}')
    (folder / "pair.json").write_text('{"title": "A pair \\ud83d\\ude00 makes one", "text": "Fans cheered as the '
                                      'team won the final on Sunday night in the capital city."}')
    (folder / "good.txt").write_text(ARTICLE.format(name="good"))
    report = import_paths(library, [folder])
    assert report.files_imported == 3 and not report.errors
    titles = sorted(row[0] for row in library.db.execute("SELECT title FROM articles"))
    assert titles == ["A headline for good", "A pair \U0001F600 makes one", "Lone \ufffd title"]
    assert "\ufffd, and more" in library.db.execute("SELECT body FROM articles WHERE title LIKE 'Lone%'").fetchone()[0]


@pytest.mark.skipif(os.uname().sysname != "Linux", reason="file names of any bytes: Linux file systems")
def test_a_file_name_that_is_not_utf8_is_stored_with_its_bytes_escaped(library, tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "plain.txt").write_text(ARTICLE.format(name="plain"))
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "w") as named:
        named.write(ARTICLE.format(name="latin"))
    report = import_paths(library, [folder])
    assert report.files_imported == 2 and not report.errors
    paths = sorted(row[0] for row in library.db.execute("SELECT path FROM files"))
    assert paths == [str(folder / "caf\\xe9.txt"), str(folder / "plain.txt")]


def test_control_characters_are_dropped_from_titles_and_text(library, tmp_path):
    # An escape sequence in a title would recolour, retitle or clear the terminal that lists it.
    (tmp_path / "escapes.txt").write_text("Evil \x1b]0;PWNED\x07title \x1b[31mred\n\nBody with \x1b[2J an escape "
                                          "and\ttabs, kept, in enough words to be an article.\n")
    import_paths(library, [tmp_path / "escapes.txt"])
    title, body = library.db.execute("SELECT title, body FROM articles").fetchone()
    assert title == "Evil ]0;PWNEDtitle [31mred"
    assert body == "Body with [2J an escape and tabs, kept, in enough words to be an article."


def test_a_link_inside_an_archive_is_listed_not_imported(library, tmp_path):
    archive = tmp_path / "links.zip"
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("story.txt", ARTICLE.format(name="story"))
        link = zipfile.ZipInfo("passwd.txt")
        link.create_system = 3  # Unix: the mode's high bits say what the entry is
        link.external_attr = (0o120777 << 16)  # a symbolic link, its content the path it names
        written.writestr(link, "/etc/passwd")
    report = import_paths(library, [archive])
    assert report.files_imported == 1 and not report.errors
    assert [(problem.path, problem.reason) for problem in report.links_not_followed] == [
        (f"{archive}!/passwd.txt", "a link inside the archive; not followed")]
    assert [row[0] for row in library.db.execute("SELECT title FROM articles")] == ["A headline for story"]


def test_an_encrypted_entry_is_named_as_encrypted(library, tmp_path):
    archive = tmp_path / "locked.zip"
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("open.txt", ARTICLE.format(name="open"))
        written.writestr("locked.txt", ARTICLE.format(name="locked"))
    # Marked encrypted in both its headers (zipfile writes no encryption): no reader gets its text without a password.
    data = bytearray(archive.read_bytes())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        header = data.rfind(signature)
        data[header + flags_at] |= 0x1
    archive.write_bytes(bytes(data))
    report = import_paths(library, [archive])
    assert report.files_imported == 1
    assert [(problem.path, problem.reason) for problem in report.errors] == [
        (f"{archive}!/locked.txt", "the archive entry is encrypted (a password is needed); not imported")]
