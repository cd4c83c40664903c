"""The index folder deleted, replaced by a file, emptied or made read-only under an open
index: the index is built anew (or the last one searched) and what happened is said in one
line, never as damage nor as the user's files' fault (issue 23)."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from reader import cli
from reader.core import paths
from reader.core.corpus import scan
from reader.search.errors import IndexUnavailableError
from reader.search.service import SearchIndex
from reader.search.store import Store
from tests.unit.articles import ARTICLES, write_corpus


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Path, Path, SearchIndex]:
    corpus = write_corpus(tmp_path / "corpus")
    where = tmp_path / "ix"
    ix = SearchIndex(corpus, where, procs=1)
    ix.update(scan(corpus))
    assert ix.search("kursk").hits
    return corpus, where, ix


def gone_as(where: Path, how: str) -> None:
    shutil.rmtree(where)
    if how == "replaced by a file":
        where.write_text("not an index")
    elif how == "emptied":
        where.mkdir()


@pytest.mark.parametrize("how", ["deleted", "replaced by a file", "emptied"])
def test_an_index_folder_gone_is_said_and_built_anew(
    indexed: tuple[Path, Path, SearchIndex], how: str, caplog: pytest.LogCaptureFixture
) -> None:
    corpus, where, ix = indexed
    gone_as(where, how)
    failed = ix.search("kursk")
    assert failed.message == f"The search index folder was {how}: rebuilding it"
    assert ix.vanished() == f"was {how}"
    stats = ix.update(scan(corpus))
    assert stats.notice == f"The search index folder was {how}: rebuilt"
    assert stats.added == len(ARTICLES) and ix.search("kursk").hits
    assert ix.vanished() is None
    if how == "replaced by a file":  # set aside, not thrown away
        assert where.with_name("ix.broken").read_text() == "not an index"
    assert f"The search index folder {where} was {how}: building it anew" in caplog.text
    assert "damaged" not in caplog.text
    ix.close()


def test_an_index_folder_gone_before_any_search_is_built_anew(
    indexed: tuple[Path, Path, SearchIndex],
) -> None:
    corpus, where, ix = indexed
    shutil.rmtree(where)
    (corpus / "new.txt").write_text("New\n\nzanzibar\n")
    stats = ix.update(scan(corpus))
    assert stats.notice == "The search index folder was deleted: rebuilt"
    assert ix.search("zanzibar").hits and ix.search("kursk").hits
    ix.close()


def test_an_index_folder_deleted_while_it_is_written_is_written_again(
    indexed: tuple[Path, Path, SearchIndex],
) -> None:
    corpus, where, ix = indexed
    (corpus / "new.txt").write_text("New\n\nzanzibar\n")
    deleted = []

    def progress(done: int, total: int) -> None:
        if not deleted:  # once: the update starts writing into a folder that is gone
            shutil.rmtree(where)
            deleted.append(done)

    stats = ix.update(scan(corpus), progress=progress)
    assert deleted and stats.notice == "The search index folder was deleted: rebuilt"
    assert stats.total == len(ARTICLES) + 1 and ix.search("zanzibar").hits
    ix.close()


def test_reader_index_says_the_folder_was_deleted_and_rebuilds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    assert cli.main(["index", str(corpus)]) == 0
    capsys.readouterr()
    where = paths.corpus_cache_dir(corpus) / "index"
    real = SearchIndex.update

    def deleting(self: SearchIndex, files, **kwargs):  # type: ignore[no-untyped-def]
        self.doc_count()  # the index open, as a run that has begun
        shutil.rmtree(where)
        return real(self, files, **kwargs)

    monkeypatch.setattr(SearchIndex, "update", deleting)
    assert cli.main(["index", str(corpus)]) == 0
    out, err = capsys.readouterr()
    assert err == "reader: The search index folder was deleted: rebuilt\n"
    assert out.startswith(f"{len(ARTICLES)} articles indexed: {len(ARTICLES)} added")


def test_a_read_only_index_folder_keeps_the_last_index_searchable(
    indexed: tuple[Path, Path, SearchIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, where, ix = indexed
    real = FileStorage.create_file

    def refused(storage, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.EROFS, "Read-only file system", name)

    monkeypatch.setattr(FileStorage, "create_file", refused)
    (corpus / "new.txt").write_text("New\n\nzanzibar\n")
    with pytest.raises(IndexUnavailableError) as raised:
        ix.update(scan(corpus))
    assert raised.value.reason == "read-only file system"
    assert str(raised.value) == f"cannot write the search index in {where} (read-only file system)"
    assert ix.search("kursk").hits and ix.vanished() is None  # the last index, as it was
    monkeypatch.setattr(FileStorage, "create_file", real)
    assert ix.update(scan(corpus)).added == 1 and ix.search("zanzibar").hits
    ix.close()


def test_a_search_failing_as_the_folder_is_built_anew_says_what_happened(
    indexed: tuple[Path, Path, SearchIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search fails on the folder replaced by a file; before its failure is judged, the
    update (another thread, in the app) has set the file aside and built a new index, so the
    folder no longer says what happened: the search still says it, not "could not be read"
    (seen in the app under load, test_index_folder_ui)."""
    corpus, where, ix = indexed
    assert ix.search("kursk").hits
    gone_as(where, "replaced by a file")
    store = ix._store
    real = Store.searcher

    def searcher_then_update(self: Store) -> object:
        try:
            return real(self)
        finally:  # what the update thread does meanwhile
            monkeypatch.setattr(Store, "searcher", real)
            self.start_anew_if_vanished()
            self.open(create=True)

    monkeypatch.setattr(Store, "searcher", searcher_then_update)
    failed = ix.search("kursk")
    assert store.vanished() is None  # a new, empty index is there now
    assert failed.message == "The search index folder was replaced by a file: rebuilding it"
    ix.close()
