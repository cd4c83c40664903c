"""A search that fails is told for what it is: damaged index files (checked, rebuilt if so), a
query the engine cannot take, or a mistake of reader's own, logged with its traceback and never
taken for a damaged index."""

from __future__ import annotations

import errno
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import cli
from reader.core import logs
from reader.core.corpus import scan
from reader.search import answer, parsed, service, store
from reader.search.analysis import GapPositions
from reader.search.errors import IndexDamagedError, QueryError, SearchFailedError
from reader.search.service import SearchIndex
from reader.search.store import damaged_by


@pytest.fixture
def ix(small_corpus: Path, tmp_path: Path) -> Iterator[SearchIndex]:
    index = SearchIndex(small_corpus, tmp_path / "ix", procs=1)
    index.update(scan(small_corpus))
    yield index
    index.close()


@pytest.fixture
def deep_checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each check of the index made (True: every posting read, the repair after a failed
    search)."""
    made: list[bool] = []
    real = store.check_index

    def check(found: object, *, deep: bool) -> None:
        made.append(deep)
        real(found, deep=deep)

    monkeypatch.setattr(store, "check_index", check)
    return made


def raised(error: BaseException) -> BaseException:
    """error with the traceback of being raised here, in reader's tests (not Whoosh)."""
    try:
        raise error
    except BaseException as exc:
        return exc


def raised_in_whoosh() -> BaseException:
    """What Whoosh's own code raises on bytes that are not what it wrote."""
    from whoosh.filedb.structfile import StructFile

    try:
        StructFile(None).read_varint()  # type: ignore[arg-type]
    except Exception as exc:
        return exc
    raise AssertionError("Whoosh took None for a file")


def test_what_means_a_damaged_index() -> None:
    for error in (
        OSError(errno.EIO, "Input/output error"),
        EOFError(),
        UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
    ):
        assert damaged_by(raised(error)), error
    assert damaged_by(raised_in_whoosh())  # an AttributeError, but of Whoosh reading
    try:
        list(GapPositions.positions(b"\x00garbage"))  # our own posting format, decoded
    except ValueError as exc:
        assert damaged_by(exc)
    for error in (
        TypeError("a mistake"),
        AttributeError("a mistake"),
        KeyError("a mistake"),
        AssertionError("a mistake"),
        NameError("a mistake"),
        ZeroDivisionError("a mistake"),
        RecursionError("a query nested too deep"),
    ):
        assert not damaged_by(raised(error)), error


def test_a_mistake_in_the_search_is_logged_and_no_damaged_index(
    ix: SearchIndex,
    xdg_dirs: Path,
    deep_checks: list[bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log_file = logs.configure()
    assert log_file is not None

    def broken(*args: object, **kwargs: object) -> object:
        raise TypeError("hit() missing 1 required positional argument")

    real_hit = answer.Answer.hit
    monkeypatch.setattr(answer.Answer, "hit", broken)
    failed = ix.search("storms")
    assert isinstance(failed.error, SearchFailedError)
    assert not isinstance(failed.error, IndexDamagedError | QueryError)
    assert failed.message == (
        f"The search failed unexpectedly (TypeError); details are in {log_file}"
    )
    assert "index" not in failed.message.replace(str(log_file), "")
    text = log_file.read_text()
    assert "ERROR reader.search.failures [" in text
    assert "The search failed on an unexpected error" in text
    assert "Traceback (most recent call last)" in text and "in broken" in text
    assert "TypeError: hit() missing 1 required positional argument" in text
    monkeypatch.setattr(answer.Answer, "hit", real_hit)
    stats = ix.update(scan(ix.root))
    assert True not in deep_checks, "a repair was started for a mistake of reader's"
    assert stats.notice is None
    assert ix.search("storms").error is None


@pytest.mark.parametrize("error", [AttributeError, KeyError, AssertionError, NameError])
def test_no_mistake_is_a_damaged_index(
    ix: SearchIndex,
    deep_checks: list[bool],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    error: type[Exception],
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise error("a mistake")

    real_parse = parsed.parse
    monkeypatch.setattr(parsed, "parse", broken)  # the parser's mistake too (a level's words)
    parsed.parse_query.cache_clear()  # (a query parsed before is kept, its words' tree too)
    failed = ix.search("storms")
    assert isinstance(failed.error, SearchFailedError)
    assert failed.message is not None and failed.message.startswith(
        f"The search failed unexpectedly ({error.__name__}); "
    )
    assert [r.exc_info[0] for r in caplog.records if r.exc_info] == [error]
    monkeypatch.setattr(parsed, "parse", real_parse)
    ix.update(scan(ix.root))
    assert True not in deep_checks


def test_related_and_matching_log_a_mistake_and_blame_no_index(
    ix: SearchIndex,
    deep_checks: list[bool],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise TypeError("a mistake")

    path = str(ix.root / "a_ukraine.txt")  # c_markets.txt is like it
    real_hit, real_matched = answer.Answer.hit, service.matched
    monkeypatch.setattr(answer.Answer, "hit", broken)
    related = ix.related(path)
    assert isinstance(related.error, SearchFailedError)
    assert related.message is not None
    assert related.message.startswith("Finding related articles failed unexpectedly (TypeError)")
    monkeypatch.setattr(service, "matched", broken)
    assert ix.matching("storms | rain") == frozenset()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        "Finding related articles failed on an unexpected error",
        "Matching a search failed on an unexpected error",
    ]
    assert all(r.exc_info and r.exc_info[0] is TypeError for r in errors)
    monkeypatch.setattr(answer.Answer, "hit", real_hit)
    monkeypatch.setattr(service, "matched", real_matched)
    ix.update(scan(ix.root))
    assert True not in deep_checks


def test_a_failed_read_of_the_index_is_logged_and_checked(
    ix: SearchIndex,
    deep_checks: list[bool],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def unreadable(*args: object, **kwargs: object) -> object:
        raise OSError(errno.EIO, "Input/output error")

    real_hit = answer.Answer.hit
    monkeypatch.setattr(answer.Answer, "hit", unreadable)
    failed = ix.search("storms")
    assert isinstance(failed.error, IndexDamagedError)
    assert failed.message == "The search index could not be read (OSError)"
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert record.getMessage() == "The search failed reading the index; it will be checked"
    assert record.exc_info is not None and record.exc_info[0] is OSError
    monkeypatch.setattr(answer.Answer, "hit", real_hit)
    stats = ix.update(scan(ix.root))
    assert deep_checks[-1] is True, "the index read all after a failed read"
    assert stats.notice is None, "a sound index is kept"


def test_snippets_that_fail_are_logged_once(
    ix: SearchIndex, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise TypeError("a mistake")

    monkeypatch.setattr(service, "file_snippet", broken)
    paths = [str(p) for p in sorted(ix.root.iterdir())]
    assert ix.snippets(paths, ["storm"]) == [("", ())] * len(paths)
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1 and tracebacks[0].exc_info[0] is TypeError  # type: ignore[index]
    assert f"{len(paths)} snippets in all could not be made" in caplog.text


def test_a_read_that_fails_again_on_an_index_found_sound_is_checked_once(
    ix: SearchIndex, deep_checks: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(*args: object, **kwargs: object) -> object:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(answer.Answer, "hit", unreadable)
    assert isinstance(ix.search("storms").error, IndexDamagedError)
    ix.update(scan(ix.root))
    assert deep_checks.count(True) == 1
    again = ix.search("storms")
    assert isinstance(again.error, SearchFailedError), "a check due again, after every search"
    assert again.message is not None
    assert again.message.startswith("The search index could not be read (OSError); ")
    ix.update(scan(ix.root))
    assert deep_checks.count(True) == 1
    (ix.root / "new.txt").write_text("New\n\nA new article about storms.\n")
    ix.update(scan(ix.root))  # the index changed since its check: a failed read is checked
    assert isinstance(ix.search("storms").error, IndexDamagedError)


def test_reader_search_says_a_mistake_in_one_line_and_exits_1(
    small_corpus: Path, xdg_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise TypeError("a mistake of ours")

    monkeypatch.setattr(answer.Answer, "hit", broken)
    assert cli.main(["search", "kyiv", "-C", str(small_corpus)]) == cli.EXIT_RUNTIME
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == (
        f"The search failed unexpectedly (TypeError); details are in {logs.log_path()}"
    )
    assert "TypeError: a mistake of ours" in logs.log_path().read_text()
