"""The caches on a typing search's path: kept term scores and kept article bodies give exactly
what computing afresh gives, stay bounded, and never outlive a change to the file or index."""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any

import pytest

from reader.core.corpus import scan
from reader.search import highlight, ranking, scoring
from reader.search.answer import Answer
from reader.search.service import SearchIndex

WORDS = "otter beaver heron salmon willow reed marsh delta estuary tide".split()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    root.mkdir()
    for i in range(120):
        words = [WORDS[(i * k) % len(WORDS)] for k in range(1, 30)]
        (root / f"a{i:03d}.txt").write_text(f"{WORDS[i % 10]} {i}\n\n{' '.join(words)}.\n")
    return root


QUERIES = ["otter", "otter beaver", "ott", "heron salmon willow", "title:otter", "tide~", "del"]


def ranked(ix: SearchIndex, query: str) -> list[tuple[str, float]]:
    return [(h.path, h.score) for h in ix.search(query, limit=30).hits]


def test_kept_term_scores_rank_exactly_as_fresh_ones(corpus: Path, tmp_path: Path) -> None:
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)
    ix.update(scan(corpus))
    first = {q: ranked(ix, q) for q in QUERIES}  # computes and keeps every term
    kept = ix._store.searcher().__dict__["_term_scores"]
    assert kept
    again = {q: ranked(ix, q) for q in reversed(QUERIES)}  # from what was kept
    assert again == first
    ix._store.close_searcher()  # a fresh searcher keeps nothing
    assert {q: ranked(ix, q) for q in QUERIES} == first
    ix.close()


def test_kept_term_scores_are_bounded(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scoring, "TERM_CACHE_POSTINGS", 150)
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)
    ix.update(scan(corpus))
    for q in QUERIES:
        ix.search(q)
    s = ix._store.searcher()
    kept = s.__dict__["_term_scores"]
    held = sum(len(ids) for ids, _ in kept.values())
    assert held == s.__dict__["_term_postings"]
    assert held <= 150 or len(kept) == 1
    ix.close()


def test_a_new_commit_starts_a_new_cache(corpus: Path, tmp_path: Path) -> None:
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)
    ix.update(scan(corpus))
    assert len(ix.search("zebra").hits) == 0
    ix.search("otter")
    (corpus / "z.txt").write_text("Zebra otter\n\nA zebra and an otter.\n")
    ix.update(scan(corpus))
    assert [Path(h.path).name for h in ix.search("zebra").hits] == ["z.txt"]
    assert "z.txt" in [Path(h.path).name for h in ix.search("otter", limit=200).hits]
    ix.close()


def test_a_kept_body_is_read_again_once_its_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nThe otter swims.\n")
    terms = frozenset({"otter"})
    assert "otter swims" in highlight.file_snippet(os.fspath(path), terms)[0]
    path.write_text("Title\n\nThe otter dives deep.\n")  # same second: size differs
    assert "otter dives" in highlight.file_snippet(os.fspath(path), terms)[0]
    path.unlink()
    assert highlight.file_snippet(os.fspath(path), terms)[0] == ""


def test_kept_bodies_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "Otter number 10."  # as each article below is read
    monkeypatch.setattr(highlight, "BODY_CACHE_CHARS", 5 * len(body))
    monkeypatch.setattr(highlight, "_bodies", type(highlight._bodies)())
    monkeypatch.setattr(highlight, "_bodies_chars", 0)
    for i in range(10, 22):
        p = tmp_path / f"{i}.txt"
        p.write_text(f"T\n\nOtter number {i}.\n")
        highlight.file_snippet(os.fspath(p), frozenset({"otter"}))
        highlight.file_snippet(os.fspath(p), frozenset({"otter"}))  # kept once
    kept = [b for _, b in highlight._bodies.values()]
    assert kept == [f"Otter number {i}." for i in range(17, 22)]
    assert highlight._bodies_chars == 5 * len(body)
    big = tmp_path / "big.txt"
    big.write_text("T\n\n" + "otter " * (highlight.BODY_CACHE_LARGEST // 3))
    highlight.file_snippet(os.fspath(big), frozenset({"otter"}))
    # a snippet reads a file's first SNIPPET_READ characters: what is kept of it is no more
    assert len(highlight._bodies[os.fspath(big)][1]) <= highlight.BODY_CACHE_LARGEST


@pytest.mark.parametrize("procs", [1, 2])
def test_the_vocabulary_changes_only_under_the_lock_searches_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, procs: int
) -> None:
    """Searches read the vocabulary (fuzzy words, prefixes, did you mean) holding the store's
    lock; an update that counted words in without it made a search fail mid-read ("dictionary
    changed size during iteration"), which then passed for a damaged index."""
    from reader.search import spelling, writing

    monkeypatch.setattr(writing, "SPLIT_MIN_DOCS", 10)
    root = tmp_path / "c"
    root.mkdir()
    for i in range(40):
        (root / f"a{i}.txt").write_text(f"Title {i}\n\nWords {WORDS[i % 10]} number{i}.\n")
    ix = SearchIndex(root, tmp_path / "ix", procs=procs)
    outside: list[str] = []
    for name in ("add", "add_counts"):
        real = getattr(spelling.Vocabulary, name)

        def checked(self: object, *args: object, _real: object = real, _name: str = name) -> None:
            if not ix._store.lock._is_owned():  # type: ignore[attr-defined]
                outside.append(_name)
            _real(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(spelling.Vocabulary, name, checked)
    ix.update(scan(root))
    assert ix.search("number7").hits
    assert outside == []
    ix.close()


def test_ranking_many_words_holds_few_of_their_document_sets(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A word's documents are a set of up to every article (7 MB at 100,000): a question of a
    # dozen words must not hold a dozen of them at once.
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)
    ix.update(scan(corpus))
    query = "otter beaver heron salmon willow reed marsh"
    before = ranked(ix, query)
    live: list[weakref.ref[set[int]]] = []
    most = 0
    add_scores = ranking._add_scores

    class Docs(set[int]):
        pass

    def counted(*args: Any, **kwargs: Any) -> set[int]:
        nonlocal most
        most = max(most, sum(1 for ref in live if ref() is not None))
        docs = Docs(add_scores(*args, **kwargs))
        live.append(weakref.ref(docs))
        return docs

    monkeypatch.setattr(ranking, "_add_scores", counted)
    assert ranked(ix, query) == before
    assert 0 < most <= 2
    ix.close()


def test_a_one_letter_prefix_is_ranked_once_a_searcher(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)
    ix.update(scan(corpus))
    ranked_now = []
    of = Answer.of

    def counted(self: Answer, text: str, *args: Any, **kwargs: Any) -> Any:
        ranked_now.append(text)
        return of(self, text, *args, **kwargs)

    monkeypatch.setattr(Answer, "of", counted)
    first = ix.search("o", typing=True)
    assert first.hits and ranked_now == ["o"]
    assert ix.search("o", typing=True) == first  # the first key of a search, typed again
    assert ranked_now == ["o"]
    ix.search("h", typing=True)
    ix.search("o ", typing=True)  # a whole word: another search
    ix.search("ot", typing=True)
    assert ranked_now == ["o", "h", "o ", "ot"]
    ix._store.close_searcher()  # a new searcher keeps nothing, and ranks the same
    assert ix.search("o", typing=True) == first
    assert ranked_now[-1] == "o"
    ix.close()


def test_a_kept_one_letter_answer_goes_with_a_change_to_the_index(
    corpus: Path, tmp_path: Path
) -> None:
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)
    ix.update(scan(corpus))
    assert not ix.search("z", typing=True).hits
    (corpus / "z.txt").write_text("Zebra\n\nA zebra.\n")
    ix.update(scan(corpus))
    assert [Path(h.path).name for h in ix.search("z", typing=True).hits] == ["z.txt"]
    ix.close()
