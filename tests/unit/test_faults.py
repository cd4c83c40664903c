"""Fault injection: broken indexes, stale locks, two processes, kill -9, unwritable caches,
full disks, and a corpus that is never written to (and may be read-only)."""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from reader import cli
from reader.core import paths as config
from reader.core.article import load_article
from reader.core.catalog import Catalog
from reader.core.corpus import scan
from reader.search import prepared, store, writing
from reader.search.errors import (
    IndexBusyError,
    IndexDamagedError,
    IndexUnavailableError,
    QueryError,
)
from reader.search.results import SearchResults
from reader.search.service import SearchIndex
from reader.search.store import VERSION_FILE
from tests.hostile import build_hostile_corpus
from tests.unit.articles import ARTICLES, write_corpus

REPO = Path(__file__).resolve().parents[2]


def names(results: SearchResults) -> list[str]:
    return [Path(h.path).name for h in results.hits]


def built(corpus: Path, where: Path) -> None:
    ix = SearchIndex(corpus, where, procs=1)
    ix.update(scan(corpus))
    ix.close()


def segment_files(where: Path, suffix: str) -> list[Path]:
    """The index's files ending with suffix; a segment's part may be inside a compound .seg."""
    found = [
        p
        for p in where.iterdir()
        if p.name.startswith(("MAIN_", "_MAIN_")) and p.name.endswith(suffix)
    ]
    if not found and suffix != ".toc":
        found = list(where.glob("MAIN_*.seg"))
    assert found, f"no *{suffix} in {sorted(p.name for p in where.iterdir())}"
    return found


def truncate(suffix: str) -> Callable[[Path], None]:
    def damage(where: Path) -> None:
        for p in segment_files(where, suffix):
            p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])

    return damage


def cut_end(suffix: str) -> Callable[[Path], None]:
    """Its last bytes cut off, past anything the quick check at open reads (file_sizes)."""

    def damage(where: Path) -> None:
        for p in segment_files(where, suffix):
            p.write_bytes(p.read_bytes()[:-8])

    return damage


def garbage(suffix: str) -> Callable[[Path], None]:
    def damage(where: Path) -> None:
        for p in segment_files(where, suffix):
            p.write_bytes(os.urandom(max(64, p.stat().st_size)))

    return damage


def delete_toc(where: Path) -> None:
    for p in segment_files(where, ".toc"):
        p.unlink()


def toc_of_another_whoosh(where: Path) -> None:
    """The TOC's format number (after three size varints and the -12345 marker) changed."""
    [toc] = where.glob("_MAIN_*.toc")
    data = bytearray(toc.read_bytes())
    data[7:11] = (-999).to_bytes(4, "big", signed=True)
    toc.write_bytes(bytes(data))


def index_of_another_schema(where: Path) -> None:
    """A valid Whoosh index, written by some other program with another schema."""
    from whoosh import fields
    from whoosh import index as windex

    for p in list(where.iterdir()):
        if p.name.startswith(("MAIN_", "_MAIN_")) and "WRITELOCK" not in p.name:
            p.unlink()
    other = windex.create_in(str(where), fields.Schema(foo=fields.TEXT(stored=True)), "MAIN")
    writer = other.writer()
    writer.add_document(foo="kursk kursk")
    writer.commit()


@pytest.mark.parametrize(
    "damage",
    [
        truncate(".pst"),
        truncate(".trm"),
        truncate("_stored.col"),
        cut_end(".pst"),
        garbage(".pst"),
        garbage(".trm"),
        garbage("_stored.col"),
        truncate(".toc"),
        garbage(".toc"),
        delete_toc,
        toc_of_another_whoosh,
        index_of_another_schema,
    ],
    ids=[
        "truncated-postings",
        "truncated-terms",
        "truncated-stored",
        "postings-end-cut",
        "garbage-postings",
        "garbage-terms",
        "garbage-stored",
        "truncated-toc",
        "garbage-toc",
        "missing-toc",
        "toc-of-another-whoosh",
        "another-schema",
    ],
)
def test_a_damaged_index_is_detected_set_aside_and_rebuilt(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    where = tmp_path / "ix"
    built(corpus, where)
    damage(where)
    ix = SearchIndex(corpus, where, procs=1)
    before = ix.search("kursk")  # never raises: a plain message instead
    assert before.hits == ()
    assert before.message is not None
    stats = ix.update(scan(corpus))
    assert stats.total == len(ARTICLES)
    assert names(ix.search("kursk"))[0] == "kursk.txt"
    if damage is not delete_toc:  # without a TOC there is no index, only leftovers
        assert stats.notice == "The search index was damaged: set aside and rebuilt"
    assert (tmp_path / "ix.broken").is_dir(), "the damaged index is kept aside, not deleted"
    ix.close()


WHOOSH_ERRORS = ("Exception", "CorruptIndexError")


def test_damage_missed_at_open_is_found_after_a_search_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damage the quick check at open misses (here: the quick check is skipped) makes a
    search fail; the next update then reads every posting list and rebuilds."""
    corpus = write_corpus(tmp_path / "corpus")
    where = tmp_path / "ix"
    built(corpus, where)
    garbage(".pst")(where)
    real_check = store.check_index
    monkeypatch.setattr(
        store, "check_index", lambda ix, *, deep: real_check(ix, deep=True) if deep else None
    )
    ix = SearchIndex(corpus, where, procs=1)
    # A phrase of a word in most articles: its postings are in the postings file (a word of
    # one or two articles keeps them in the terms file, term_writer.TermWriter.INLINE_MAX).
    failed = ix.search('"the president"')
    message = failed.message
    # Whoosh's error for a bad block: Exception ("Block tag error") in 2.7, CorruptIndexError
    # in whoosh3
    assert message in {f"The search index could not be read ({name})" for name in WHOOSH_ERRORS}
    assert isinstance(failed.error, IndexDamagedError) and str(failed.error) == message
    stats = ix.update(scan(corpus))
    assert stats.notice == "The search index was damaged: set aside and rebuilt"
    assert names(ix.search("kursk"))[0] == "kursk.txt"
    ix.close()


def test_a_failed_search_on_a_sound_index_does_not_rebuild_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    where = tmp_path / "ix"
    ix = SearchIndex(corpus, where, procs=1)
    ix.update(scan(corpus))
    real_rank = prepared.rank

    def unreadable(*args: object, **kwargs: object) -> object:
        raise OSError(errno.EIO, "Input/output error")  # a read of the index fails, once

    monkeypatch.setattr(prepared, "rank", unreadable)
    failed = ix.search("kursk")
    assert failed.message == "The search index could not be read (OSError)"
    assert isinstance(failed.error, IndexDamagedError)
    monkeypatch.setattr(prepared, "rank", real_rank)
    stats = ix.update(scan(corpus))
    assert stats.notice is None and stats.added == 0
    assert not (tmp_path / "ix.broken").exists()
    assert names(ix.search("kursk"))[0] == "kursk.txt"
    ix.close()


def test_a_query_the_engine_cannot_handle_is_a_query_error_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query refused (nested too deep) or that recurses in the engine says nothing about the
    index: its error is a QueryError and the next update does not read it all."""
    corpus = write_corpus(tmp_path / "corpus")
    where = tmp_path / "ix"
    ix = SearchIndex(corpus, where, procs=1)
    ix.update(scan(corpus))
    deep_checks: list[bool] = []
    real_check = store.check_index

    def check(found: object, *, deep: bool) -> None:
        deep_checks.append(deep)
        real_check(found, deep=deep)

    monkeypatch.setattr(store, "check_index", check)
    nested = "(" * 900 + "kursk OR strikes" + ")" * 900
    failed = ix.search(nested)
    assert failed.message == "Brackets nested too deep (more than 32 levels)"
    assert isinstance(failed.error, QueryError) and str(failed.error) == failed.message
    real_rank = prepared.rank

    def too_deep(*args: object, **kwargs: object) -> object:
        raise RecursionError

    monkeypatch.setattr(prepared, "rank", too_deep)  # the engine recursing, not the parser
    assert isinstance(ix.search("kursk").error, QueryError)
    monkeypatch.setattr(prepared, "rank", real_rank)
    stats = ix.update(scan(corpus))
    assert stats.notice is None and stats.added == 0
    assert True not in deep_checks
    ok = ix.search("kursk")
    assert ok.error is None and names(ok)[0] == "kursk.txt"
    ix.close()


def test_an_index_of_an_older_reader_is_rebuilt_with_a_notice(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    where = tmp_path / "ix"
    built(corpus, where)
    (where / VERSION_FILE).write_text('{"schema": 1}')
    ix = SearchIndex(corpus, where, procs=1)
    assert ix.search("kursk").message == (
        "The search index is from another version of reader; it will be rebuilt"
    )
    stats = ix.update(scan(corpus))
    assert stats.notice and "another version of reader" in stats.notice
    assert stats.total == len(ARTICLES)
    ix.close()


# --- locks and processes ---------------------------------------------------------------------


def python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_lock_left_by_a_killed_process_is_recovered(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    where = tmp_path / "ix"
    built(corpus, where)
    holder = python(
        """
        import sys
        from whoosh import index
        writer = index.open_dir(sys.argv[1], indexname="MAIN").writer()
        writer.add_document(path="/half-written", title="never committed")
        print("locked", flush=True)
        sys.stdin.readline()
        """,
        str(where),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        ix = SearchIndex(corpus, where, procs=1)
        with pytest.raises(IndexBusyError):
            ix.update(scan(corpus)[:3])
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        assert (where / "MAIN_WRITELOCK").exists()  # the file stays; the OS freed the lock
        (corpus / "new.txt").write_text("Fresh\n\nnewly added words\n")
        stats = ix.update(scan(corpus))
        assert stats.added == 1 and stats.total == len(ARTICLES) + 1
        assert ix.search("never committed").hits == ()
        ix.close()
    finally:
        holder.kill()
        holder.wait()


def test_two_processes_on_one_corpus_one_writes_the_other_reads(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    where = tmp_path / "ix"
    ix = SearchIndex(corpus, where, procs=1)
    ix.update(scan(corpus)[:4])
    (corpus / "later.txt").write_text("Later\n\nzanzibar arrives later\n")
    writer = python(
        """
        import sys
        from pathlib import Path
        from reader.search import service, writing
        from reader.core.corpus import scan
        original = writing.document
        def slow(f):
            print("indexing", flush=True)
            sys.stdin.readline()  # the parent says when to go on
            return original(f)
        writing.document = slow
        ix = service.SearchIndex(Path(sys.argv[1]), Path(sys.argv[2]), procs=1)
        print(ix.update(scan(Path(sys.argv[1]))).total, flush=True)
        """,
        str(corpus),
        str(where),
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "indexing"
        with pytest.raises(IndexBusyError, match="Another reader is indexing"):
            ix.update(scan(corpus))
        indexed = ix.doc_count()
        assert indexed == 4
        results = ix.search("missiles OR volcano OR strikes OR kursk")
        assert results.message is None and len(results.hits) >= 1
        out, err = writer.communicate("\n", timeout=60)
        assert writer.returncode == 0, err
        assert out.split()[-1] == str(len(ARTICLES) + 1)
        assert names(ix.search("zanzibar")) == ["later.txt"]  # the reader sees the commit
        stats = ix.update(scan(corpus))
        assert (stats.added, stats.total) == (0, len(ARTICLES) + 1)
    finally:
        writer.kill()
        writer.wait()
        ix.close()


def corpus_of(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for n in range(count):
        words = " ".join(f"w{(n * 7 + j) % 997}" for j in range(60))
        (folder / f"a{n:04}.txt").write_text(f"Article {n}\n\n{words} common\n")
    return folder


@pytest.mark.slow
def test_kill_9_in_the_middle_of_reader_index_leaves_a_usable_index(tmp_path: Path) -> None:
    first = writing.SPLIT_FIRST_BATCH  # articles in the first commit
    corpus = corpus_of(tmp_path / "many", first + 200)  # two commits
    # `reader index`, held after its first commit until it is killed: in the middle of the
    # update however fast the machine is
    run = python(
        """
        import sys
        from reader import cli
        from reader.search import writing
        commit = writing._commit_segments
        def commit_and_hold(*args):
            commit(*args)
            print("committed", flush=True)
            sys.stdin.readline()  # until the kill
        writing._commit_segments = commit_and_hold
        cli.main(["index", sys.argv[1]])
        """,
        str(corpus),
    )
    try:
        assert run.stdout is not None and run.stdout.readline().strip() == "committed"
        os.kill(run.pid, signal.SIGKILL)
        assert run.wait(10) == -signal.SIGKILL
    finally:
        if run.poll() is None:
            run.kill()
        run.communicate()
    ix = SearchIndex(corpus)
    partial = ix.doc_count()
    assert partial == first  # the first commit, whole
    assert ix.search("common").total == partial  # what was committed is searchable
    ix.close()
    command = [sys.executable, "-m", "reader", "index", str(corpus)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{first + 200:,} articles indexed:"), done.stdout
    assert "200 added" in done.stdout
    assert "Traceback" not in done.stderr
    again = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert again.stdout.startswith(f"{first + 200:,} articles indexed: 0 added, 0 updated, 0 ")


# --- unwritable cache, full disk ---------------------------------------------------------------


@pytest.fixture
def cache_is_a_file(xdg_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """XDG_CACHE_HOME names a regular file: nothing can be created under it, even by root."""
    blocker = xdg_dirs / "cache-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    return blocker


def test_an_unwritable_cache_still_lists_and_reads(tmp_path: Path, cache_is_a_file: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    files = scan(corpus)
    catalog = Catalog(config.corpus_cache_dir(corpus) / "catalog.pickle")
    summaries = catalog.summaries(files)
    assert len(summaries) == len(ARTICLES) and all(s.error is None for s in summaries)
    assert catalog.cache_error is not None and "could not save" in catalog.cache_error
    assert load_article(corpus / "kursk.txt").error is None
    ix = SearchIndex(corpus)
    with pytest.raises(IndexUnavailableError) as caught:
        ix.update(files)
    assert isinstance(caught.value, OSError)
    assert "cannot write the search index in" in str(caught.value)
    assert "not a directory" in str(caught.value)
    results = ix.search("kursk")
    assert results.hits == ()
    assert results.message is not None and results.message.startswith("Search is unavailable")
    ix.close()


def test_reader_index_with_an_unwritable_cache_is_one_line(
    tmp_path: Path, cache_is_a_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    assert cli.main(["index", str(corpus)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: cannot write the search index in")
    assert len(err.strip().splitlines()) == 1


class DiskFull:
    """Every new file Whoosh (or the catalog) creates fails with ENOSPC while on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.on = False
        real_create = FileStorage.create_file
        real_mkstemp = __import__("tempfile").mkstemp

        def create_file(storage, name, *args, **kwargs):  # type: ignore[no-untyped-def]
            if self.on:
                raise OSError(errno.ENOSPC, "No space left on device", name)
            return real_create(storage, name, *args, **kwargs)

        def mkstemp(*args, **kwargs):  # type: ignore[no-untyped-def]
            if self.on:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_mkstemp(*args, **kwargs)

        monkeypatch.setattr(FileStorage, "create_file", create_file)
        monkeypatch.setattr("reader.core.catalog.tempfile.mkstemp", mkstemp)


def test_a_full_disk_keeps_what_is_indexed_and_releases_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    disk = DiskFull(monkeypatch)
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)
    ix.update(scan(corpus)[:5])
    before = ix.doc_count()
    disk.on = True
    with pytest.raises(IndexUnavailableError, match="no space left on device"):
        ix.update(scan(corpus))
    assert ix.doc_count() == before  # the last commit is intact and searchable
    assert ix.search("kursk").message is None
    catalog = Catalog(tmp_path / "catalog.pickle")
    assert len(catalog.summaries(scan(corpus))) == len(ARTICLES)
    assert catalog.cache_error == "could not save the catalog cache: No space left on device"
    disk.on = False
    # the failed commit released the write lock: the same process updates at once
    assert ix.update(scan(corpus)).total == len(ARTICLES)
    assert names(ix.search("kursk"))[0] == "kursk.txt"
    ix.close()


def test_a_full_disk_while_creating_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    corpus = write_corpus(tmp_path / "corpus")
    disk = DiskFull(monkeypatch)
    disk.on = True
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)
    with pytest.raises(IndexUnavailableError):
        ix.update(scan(corpus))
    assert ix.search("kursk").hits == ()
    disk.on = False
    assert ix.update(scan(corpus)).total == len(ARTICLES)
    ix.close()


# --- the corpus is never written to ----------------------------------------------------------


def snapshot(root: Path) -> dict[bytes, tuple[int, int, int, str]]:
    """Every entry under root (links not followed): mode, size, mtime and content digest."""
    found: dict[bytes, tuple[int, int, int, str]] = {}
    base = os.fsencode(root)
    for folder, dirs, files in os.walk(base):
        for name in dirs + files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            digest = ""
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as fh:
                    digest = hashlib.sha256(fh.read()).hexdigest()
            found[os.path.relpath(path, base)] = (st.st_mode, st.st_size, st.st_mtime_ns, digest)
    return found


def everything(corpus: Path) -> None:
    """A full run without the app: list, summarise, index, search, read, and the CLI."""
    files = scan(corpus)
    Catalog(config.corpus_cache_dir(corpus) / "catalog.pickle").summaries(files, quick=True)
    Catalog(config.corpus_cache_dir(corpus) / "catalog.pickle").summaries(files)
    ix = SearchIndex(corpus)
    ix.update(files)
    for query in ("committee", "markupword", '"harbour project"', "t*", "nothing-matches-this"):
        ix.search(query, typing=True)
    ix.update(files, rebuild=True)
    ix.close()
    for f in files:
        load_article(Path(f.path))
    assert cli.main(["index", str(corpus)]) == 0
    assert cli.main(["search", "committee", "-C", str(corpus), "--json"]) == 0


@pytest.fixture
def hostile_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    build_hostile_corpus(root)
    return root


def test_the_corpus_is_never_written_to(hostile_corpus: Path, capsys) -> None:
    before = snapshot(hostile_corpus)
    everything(hostile_corpus)
    assert snapshot(hostile_corpus) == before


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], list[str]]]:
    """Make a folder behave like a read-only file system (root ignores chmod, so every
    writing call on a path inside it fails with EROFS); returns the attempts made."""
    attempts: list[str] = []
    roots: list[bytes] = []

    def inside(path: object) -> bool:
        try:
            full = os.path.abspath(os.fsencode(path))  # type: ignore[arg-type]
        except TypeError:
            return False
        return any(full == r or full.startswith(r + b"/") for r in roots)

    def refuse(what: str, path: object) -> None:
        attempts.append(f"{what} {path!r}")
        raise OSError(errno.EROFS, "Read-only file system", path)

    real_open = builtins.open

    def guarded_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(file, (str, bytes, os.PathLike)) and inside(file) and set(mode) & set("wax+"):
            refuse("open", file)
        return real_open(file, mode, *args, **kwargs)

    real_os_open = os.open

    def guarded_os_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
        if inside(path) and flags & writing:
            refuse("os.open", path)
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    for name in ("mkdir", "makedirs", "unlink", "remove", "rmdir", "utime", "chmod", "truncate"):
        real = getattr(os, name)

        def guarded(path, *args, _real=real, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            if inside(path):
                refuse(_name, path)
            return _real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, guarded)
    for name in ("replace", "rename"):
        real = getattr(os, name)

        def guarded2(src, dst, *args, _real=real, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            if inside(src) or inside(dst):
                refuse(_name, dst)
            return _real(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, name, guarded2)

    def protect(root: Path) -> list[str]:
        roots.append(os.path.abspath(os.fsencode(root)))
        return attempts

    yield protect


def test_a_read_only_corpus_works_fully(hostile_corpus: Path, read_only, capsys) -> None:
    attempts = read_only(hostile_corpus)
    before = snapshot(hostile_corpus)
    everything(hostile_corpus)
    out = capsys.readouterr().out
    assert "rich_markup.txt" in out or "committee" in out.lower() or out.startswith("[")
    assert attempts == []
    assert snapshot(hostile_corpus) == before
    ix = SearchIndex(hostile_corpus)
    assert names(ix.search("markupword")) == ["rich_markup.txt"]
    ix.close()
