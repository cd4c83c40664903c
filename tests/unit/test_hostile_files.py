"""Every hostile file goes through scan -> catalog -> index -> search -> load, and is listed."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import article as article_mod
from reader.core import catalog as catalog_mod
from reader.core.article import (
    QUICK_TITLE_BYTES,
    load_article,
    quick_summary,
    read_summary,
)
from reader.core.catalog import Catalog
from reader.core.corpus import scan
from reader.search.service import SearchIndex
from tests.hostile import (
    FULL_BIG_BYTES,
    LISTED,
    WORDS,
    build_hostile_corpus,
    readable,
    running_as_root,
)

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def bad_chars(text: str, *, newlines_ok: bool = False) -> list[str]:
    """Control characters, lone surrogates and bidi overrides: nothing a screen should get."""
    allowed = "\n" if newlines_ok else ""
    return [
        c
        for c in text
        if (unicodedata.category(c) in ("Cc", "Cs") and c not in allowed) or c in BIDI_CONTROLS
    ]


def name_of(root: Path, path: str) -> str:
    return os.path.relpath(path, root)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    return root, build_hostile_corpus(root)


@pytest.fixture(scope="module")
def indexed(
    hostile: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> SearchIndex:
    root, _ = hostile
    ix = SearchIndex(root, tmp_path_factory.mktemp("ix") / "index", procs=1)
    ix.update(scan(root))
    yield ix
    ix.close()


def test_every_file_is_found_by_the_scan(hostile: tuple[Path, dict[str, str]]) -> None:
    root, expected = hostile
    files = scan(root)
    assert sorted(name_of(root, f.path) for f in files) == sorted(expected)
    for f in files:
        want = expected[name_of(root, f.path)]
        scan_error = f.error
        if scan_error is not None:  # the scan knows only about links and non-files
            assert want == f"unreadable: {scan_error}"


@pytest.mark.parametrize("quick", [True, False], ids=["quick", "full"])
def test_every_file_lists_with_its_status(
    hostile: tuple[Path, dict[str, str]], tmp_path: Path, quick: bool
) -> None:
    root, expected = hostile
    summaries = Catalog(tmp_path / "catalog.pickle").summaries(scan(root), quick=quick)
    got = {
        name_of(root, s.path): LISTED if s.error is None else f"unreadable: {s.error}"
        for s in summaries
    }
    assert got == expected
    for s in summaries:
        assert s.title.strip(), s
        assert bad_chars(s.title) == [], (s.path, s.title)
        assert bad_chars(s.source or "") == []
        assert s.title == " ".join(s.title.split()), "a title is one line"


def test_titles_show_markup_and_names_literally(
    hostile: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, _ = hostile
    by_name = {
        name_of(root, s.path): s
        for s in Catalog(tmp_path / "c.pickle").summaries(scan(root), quick=False)
    }
    assert by_name["rich_markup.txt"].title.startswith("[bold]Markup[/] title [@click=app.quit]")
    assert by_name["escapes.txt"].title == "Red title escword"  # the OSC title set is gone
    assert by_name["empty.txt"].title == "empty"
    assert by_name["whitespace_only.txt"].title == "whitespace_only"
    assert by_name["image.txt"].title == "image.txt"
    assert by_name["dangling.txt"].title == "dangling.txt"
    assert by_name["utf16_no_bom.txt"].title == "UTF sixteen nobomword"
    assert by_name["cp1252.txt"].title == "Smart quotes cpwordone"
    assert "\u4e2d\u6587" in by_name["unicode.txt"].title
    assert len(by_name["one_long_line.txt"].title) <= 120


def test_every_file_loads_without_controls(hostile: tuple[Path, dict[str, str]]) -> None:
    root, expected = hostile
    for f in scan(root):
        name = name_of(root, f.path)
        article = load_article(Path(f.path))
        status = LISTED if article.error is None else f"unreadable: {article.error}"
        assert status == expected[name], name
        assert bad_chars(article.title) == [], name
        for block in article.blocks:  # (code, a list, a web page's links: a line each)
            assert bad_chars(block.text, newlines_ok=block.kind != "paragraph") == [], name
        assert bad_chars(article.markdown or "", newlines_ok=True) == [], name
        assert bad_chars(article.source or "") == []


def test_article_bodies_keep_markup_and_drop_escapes(hostile: tuple[Path, dict[str, str]]) -> None:
    root, _ = hostile
    markup = load_article(root / "rich_markup.txt")
    assert "[link=file:///etc/passwd]link to passwd[/link]" in markup.body_text
    escapes = load_article(root / "escapes.txt")
    text = escapes.title + escapes.body_text
    assert "PWNED" not in text and "evil.example" not in text
    assert "moves and bell here" in escapes.body_text
    wide = load_article(root / "unicode.txt")
    assert "\u202e" not in wide.body_text and "\u200b" not in wide.body_text
    assert "\u05e2\u05d1\u05e8\u05d9\u05ea" in wide.body_text  # RTL text itself is kept
    assert "\U0001f468\u200d\U0001f469\u200d\U0001f467" in wide.body_text  # ZWJ emoji kept
    assert load_article(root / "lone_cr.txt").paragraphs == ("First paragraph.", "Second.")
    assert load_article(root / "crlf.txt").paragraphs == ("First paragraph.", "Second.")


def test_every_file_is_indexed_and_searchable(
    hostile: tuple[Path, dict[str, str]], indexed: SearchIndex
) -> None:
    root, expected = hostile
    assert indexed.doc_count() == len(expected)
    for name in readable(expected):
        word = WORDS.get(name)
        if word is None:
            continue
        results = indexed.search(word)
        assert [name_of(root, h.path) for h in results.hits] == [name], word
        hit = results.hits[0]
        assert bad_chars(hit.title) == [] and bad_chars(hit.snippet) == [], name
        assert hit.path == os.path.join(root, name)  # the real path, even when not UTF-8


def test_unreadable_files_are_found_by_name(
    hostile: tuple[Path, dict[str, str]], indexed: SearchIndex
) -> None:
    root, _ = hostile
    for word, name in [("dangling", "dangling.txt"), ("nul_bytes", "nul_bytes.txt")]:
        assert [name_of(root, h.path) for h in indexed.search(word).hits] == [name]


@pytest.mark.parametrize(
    "query",
    ["committee", "harbour library", '"the budget"', "title:report", "*", "pwned", "escape"],
)
def test_searches_over_the_hostile_corpus_are_clean(indexed: SearchIndex, query: str) -> None:
    results = indexed.search(query, typing=True)
    assert results.message is None or "could not run" not in results.message
    for hit in results.hits:
        assert bad_chars(hit.title) == [] and bad_chars(hit.snippet) == []
        assert "PWNED" not in hit.title + hit.snippet


def test_an_update_of_the_hostile_corpus_finds_nothing_to_do(
    hostile: tuple[Path, dict[str, str]], indexed: SearchIndex
) -> None:
    root, expected = hostile
    stats = indexed.update(scan(root))
    assert (stats.added, stats.updated, stats.removed) == (0, 0, 0)
    assert stats.total == len(expected)


def test_a_name_that_is_not_utf8_is_removed_from_the_index(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    name = os.path.join(os.fsencode(root), b"caf\xe9 \xff.txt")
    with open(name, "wb") as fh:
        fh.write(b"Odd name oddnameword\n\nbody\n")
    (root / "plain.txt").write_text("Plain\n\nbody\n")  # the folder does not end up empty
    ix = SearchIndex(root, tmp_path / "ix", procs=1)
    assert ix.update(scan(root)).added == 2
    assert ix.search("oddnameword").hits[0].path == os.fsdecode(name)
    os.unlink(name)
    stats = ix.update(scan(root))
    assert stats.removed == 1 and stats.total == 1
    assert ix.search("oddnameword").hits == ()
    ix.close()


def test_a_permission_denied_file_is_listed_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod 0 cannot stop root, so the refusal is injected where the file is opened."""
    root = tmp_path / "c"
    root.mkdir()
    locked = root / "locked.txt"
    locked.write_text("Locked\n\nbody words\n")
    locked.chmod(0)
    if not running_as_root():
        assert load_article(locked).error == "permission denied"
    real_open = open

    def refuse(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(file) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(article_mod, "open", refuse, raising=False)
    files = scan(root)
    for quick in (True, False):
        [summary] = Catalog(None).summaries(files, quick=quick)
        assert summary.error == "permission denied" and summary.title == "locked.txt"
    assert load_article(locked).error == "permission denied"
    ix = SearchIndex(root, tmp_path / "ix", procs=1)
    stats = ix.update(files)
    assert (stats.total, stats.unreadable) == (1, 1)
    ix.close()


def test_files_that_change_after_listing_load_fresh_or_unreadable(tmp_path: Path) -> None:
    root = tmp_path / "c"
    build_hostile_corpus(root)
    files = scan(root)
    summaries = {s.path: s for s in Catalog(None).summaries(files)}
    deleted, truncated, rewritten, to_binary, to_folder = (
        root / n for n in ("crlf.txt", "cp1252.txt", "latin1.txt", "utf8_bom.txt", "lone_cr.txt")
    )
    deleted.unlink()
    truncated.write_bytes(b"")
    rewritten.write_bytes(b"A brand new title\n\n" + b"fresh words " * 20_000)
    to_binary.write_bytes(b"\x00" * 5000)
    to_folder.unlink()
    to_folder.mkdir()
    assert load_article(deleted).error == "file not found"
    assert load_article(truncated).error is None and load_article(truncated).blocks == ()
    assert load_article(rewritten).title == "A brand new title"
    assert load_article(to_binary).error == "binary file (contains NUL bytes)"
    assert load_article(to_folder).error == "is a directory"
    # the list's stale stat facts (old size, old mtime) never make a summary raise
    for path in (deleted, truncated, rewritten, to_binary, to_folder):
        old = summaries[str(path)]
        summary = read_summary(str(path), old.size, old.mtime)
        assert bad_chars(summary.title) == []
        if path == rewritten:
            assert summary.title == "A brand new title"
    # the index is updated from the stale scan: vanished files are indexed as unreadable
    ix = SearchIndex(root, tmp_path / "ix", procs=1)
    stats = ix.update(files)
    assert stats.total == len(files)
    assert ix.search("fresh").hits[0].path == str(rewritten)
    stats = ix.update(scan(root))
    assert stats.total == len(files) - 2  # the deleted file and the folder are gone
    ix.close()


def test_a_file_deleted_after_indexing_has_an_empty_snippet(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Gone soon\n\nvanishing words here\n")
    ix = SearchIndex(root, tmp_path / "ix", procs=1)
    ix.update(scan(root))
    (root / "a.txt").unlink()
    [hit] = ix.search("vanishing").hits
    assert hit.title == "Gone soon" and hit.snippet == ""
    ix.close()


@pytest.mark.slow
def test_a_folder_of_50000_empty_files_lists_and_lists_again_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "many"
    root.mkdir()
    base = os.fspath(root)
    for n in range(50_000):
        os.close(os.open(os.path.join(base, f"{n:05}.txt"), os.O_CREAT | os.O_WRONLY, 0o644))
    files = scan(root)
    catalog = Catalog(tmp_path / "catalog.pickle")
    summaries = catalog.summaries(files, quick=True)
    assert len(summaries) == 50_000
    assert {s.error for s in summaries} == {None}
    assert summaries[0].title.isdigit() and summaries[0].provisional  # words not counted yet
    full = catalog.summaries(files)
    assert len(full) == 50_000

    def no_reading(*args: object) -> None:
        raise AssertionError("a warm catalog read an article")

    monkeypatch.setattr(catalog_mod, "quick_summary", no_reading)
    monkeypatch.setattr(catalog_mod, "read_summary", no_reading)
    again = Catalog(tmp_path / "catalog.pickle").summaries(scan(root), quick=True)
    assert again == full


@pytest.mark.slow
def test_a_20_mb_article_lists_indexes_searches_and_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "big"
    expected = build_hostile_corpus(root, big_bytes=FULL_BIG_BYTES)
    big = root / "big_20mb.txt"
    assert big.stat().st_size >= FULL_BIG_BYTES - 4096
    files = scan(root)
    read: list[int] = []
    real_open = open

    class Counted:
        def __init__(self, f: Any) -> None:
            self.f = f

        def __enter__(self) -> Counted:
            return self

        def __exit__(self, *exc: object) -> None:
            self.f.close()

        def read(self, n: int = -1) -> bytes:
            data: bytes = self.f.read(n)
            read.append(len(data))
            return data

        def __getattr__(self, name: str) -> Any:
            return getattr(self.f, name)

    monkeypatch.setattr(
        article_mod, "open", lambda *a, **k: Counted(real_open(*a, **k)), raising=False
    )
    the_big = [f for f in files if f.path == str(big)]
    [first] = Catalog(None).summaries(the_big, quick=True)
    monkeypatch.undo()
    assert 0 < sum(read) <= QUICK_TITLE_BYTES, "the first listing reads only its start"
    assert first.title == "A very long report bigreportword" and first.error is None
    [summary] = Catalog(None).summaries(the_big)
    assert summary.title == "A very long report bigreportword" and summary.error is None
    ix = SearchIndex(root, tmp_path / "ix", procs=1)
    assert ix.update(files).total == len(expected)
    results = ix.search("bigreportword")
    assert [h.path for h in results.hits] == [str(big)]
    # its only match in what a snippet reads (the first 256 K characters) is the title: the
    # snippet is the article's opening (the marker at its end, 20 MB on, is read by neither)
    assert "bigreportword" in results.hits[0].title and results.hits[0].snippet
    article = load_article(big)
    assert article.error is None and article.word_count > 3_000_000
    assert summary.words == article.word_count  # the list counts words as the article does
    ix.close()


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=2000),
    name=st.binary(min_size=1, max_size=20).filter(lambda b: b"/" not in b and b"\x00" not in b),
)
def test_listing_any_bytes_under_any_name_never_raises(
    tmp_path: Path, data: bytes, name: bytes
) -> None:
    """The list's own readers (quick and full summaries) fuzzed; the parser is in test_article."""
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    path = os.path.join(os.fsencode(folder), name + b".txt")
    with open(path, "wb") as fh:
        fh.write(data)
    try:
        [stat] = [f for f in scan(folder) if f.path == os.fsdecode(path)]
        for summary in (
            quick_summary(stat.path, stat.size, stat.mtime),
            read_summary(stat.path, stat.size, stat.mtime),
        ):
            assert summary.title and bad_chars(summary.title) == []
            assert summary.title == " ".join(summary.title.split())
            assert bad_chars(summary.source or "") == []
    finally:
        os.unlink(path)
