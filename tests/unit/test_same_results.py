"""The same query gives the same results however busy the machine and however the index was
built: only a search given a time limit (the one run at each keystroke) may be cut short, and
equal scores are ranked by path, not by the order a build happened to write documents in."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex

from reader.cli import main
from reader.core.corpus import scan
from reader.search import documents, ranking, service, writing
from reader.search.service import SearchIndex
from tests.clock import SlowClock

QUESTION = (
    "What lists of words useful for indexing or classifying material are available? "
    "How are they constructed, and how are thesauri of terms kept up to date?"
)
TOPICS = ["indexing", "thesauri", "classifying", "material", "lists", "words", "terms", "date"]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """60 articles sharing a question's words in many mixes, and 12 exact duplicates."""
    root = tmp_path / "corpus"
    root.mkdir()
    for n, combo in enumerate(itertools.islice(itertools.combinations(TOPICS, 3), 60)):
        body = " ".join(f"{w} " * (1 + (n + i) % 3) for i, w in enumerate(combo))
        (root / f"doc_{n:02d}.txt").write_text(f"Note {n}\n\nAbout {body} and more.\n")
    for n in range(12):
        (root / f"twin_{(n * 7) % 12:02d}.txt").write_text(
            "Thesauri kept up to date\n\nHow thesauri are kept up to date.\n"
        )
    return root


def _cli_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert main(args) == 0
    return list(json.loads(capsys.readouterr().out))


def test_the_cli_ranks_completely_on_a_slow_clock(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["search", QUESTION, "-C", str(corpus), "-n", "20", "--json"]
    quiet = _cli_json(args, capsys)
    assert len(quiet) == 20
    monkeypatch.setattr(ranking, "time", SlowClock())
    monkeypatch.setattr(service, "time", SlowClock())
    busy = _cli_json(args, capsys)
    assert [(h["path"], h["score"]) for h in busy] == [(h["path"], h["score"]) for h in quiet]
    assert "cut short" not in capsys.readouterr().err


def test_a_time_limit_is_what_cuts_a_search_short(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)
    ix.update(scan(corpus))
    complete = ix.search(QUESTION, limit=20)
    assert not complete.partial and not complete.cut_short
    monkeypatch.setattr(ranking, "time", SlowClock())
    monkeypatch.setattr(service, "time", SlowClock())
    rushed = ix.search(QUESTION, limit=20, time_limit=service.TYPING_TIME_LIMIT)
    assert rushed.cut_short and rushed.partial and rushed.message
    again = ix.search(QUESTION, limit=20)
    assert [h.path for h in again.hits] == [h.path for h in complete.hits]
    assert not again.cut_short
    ix.close()


def doc_order(index_dir: Path) -> list[str]:
    """The paths of an index's documents in the order of their numbers."""
    with windex.open_dir(str(index_dir)).searcher() as s:
        return [d["path"] for d in s.reader().all_stored_fields()]


def test_two_builds_of_the_same_files_rank_ties_alike(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = scan(corpus)
    first = SearchIndex(corpus, tmp_path / "one", procs=1)
    first.update(files)
    second = SearchIndex(corpus, tmp_path / "two", procs=1)
    in_order = documents.changes

    def reversed_changes(*args: Any) -> tuple[documents.Todo, list[str]]:
        todo, removed = in_order(*args)
        return todo[::-1], removed

    monkeypatch.setattr(documents, "changes", reversed_changes)  # (it orders them by size)
    second.update(files)
    monkeypatch.undo()
    # The builds numbered the documents in opposite orders...
    assert doc_order(tmp_path / "one") == list(reversed(doc_order(tmp_path / "two")))
    for query in ("thesauri kept up to date", "thesauri", "title:thesauri OR indexing"):
        a, b = first.search(query, limit=8), second.search(query, limit=8)
        # ...yet rank alike.
        assert [(h.path, h.score) for h in a.hits] == [(h.path, h.score) for h in b.hits]
    # The twelve twins tie at the top: the first eight by path are kept, in path order.
    twins = [Path(h.path).name for h in first.search("thesauri kept up to date", limit=8).hits]
    assert twins == [f"twin_{n:02d}.txt" for n in range(8)]
    one_path = str(corpus / "doc_00.txt")
    assert [h.path for h in first.related(one_path).hits] == [
        h.path for h in second.related(one_path).hits
    ]
    first.close()
    second.close()


def test_a_prefix_that_completes_to_nothing_is_a_whole_word(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Ukraine talks\n\nBiden's envoy met Ukraine's leaders.\n")
    ix = SearchIndex(root, tmp_path / "ix", procs=1)
    ix.update(scan(root))
    assert ix.search("Biden's", typing=True).hits  # "biden's*" completes to nothing
    typed = ix.search("ukrane", typing=True)  # a misspelling, still being typed
    assert typed.suggestion == "ukraine"
    assert ix.search("ukra", typing=True).hits  # a real prefix stays a prefix
    ix.close()


def _build(
    corpus: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, *, procs: int, batch: int
) -> SearchIndex:
    """An index of corpus built in batches of `batch` files, no clock deciding where one ends:
    with procs=2, a segment of `batch` files each, never merged (one child process takes a
    whole batch); with procs=1, batches of batch, 2 x batch, 4 x batch ... merged at the end."""
    with monkeypatch.context() as m:
        m.setattr(writing, "BATCH_SECONDS", math.inf)
        m.setattr(writing, "BATCH_DOCS", batch)
        m.setattr(writing, "SPLIT_MIN_DOCS", 1)
        m.setattr(writing, "SPLIT_FIRST_BATCH", batch)
        m.setattr(writing, "SPLIT_MAX_BATCH", batch)
        m.setattr(writing, "SPLIT_CHUNK", 1_000_000)
        built = SearchIndex(corpus, folder, procs=procs)
        built.update(scan(corpus))
    return built


def test_builds_split_any_way_score_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same files give the same scores to the last bit whichever segments hold them: the
    index's statistics are sums of per-document values (a merge once made its field lengths
    the rounded ones, and a build merged some batches and not others)."""
    root = tmp_path / "c"
    root.mkdir()
    filler = "alpha beta gamma delta epsilon zeta eta theta iota kappa".split()
    for n in range(23):
        words = [TOPICS[(n * k) % len(TOPICS)] for k in range(1, 2 + n % 5)]
        body = " ".join(words + [filler[(n + i) % 10] for i in range(15 + 13 * n)])
        (root / f"n{n:02d}.txt").write_text(f"Note {n} {TOPICS[n % 8]}\n\n{body}.\n")
    builds = [(2, 1), (2, 2), (2, 7), (2, 23), (1, 1), (1, 7), (1, 23)]
    queries = [QUESTION, "thesauri", "title:indexing OR material", '"gamma delta" lists']
    queries.append("lists -words")
    seen: dict[str, list[tuple[str, float]]] = {}
    for procs, batch in builds:
        built = _build(
            root, tmp_path / f"ix-{procs}-{batch}", monkeypatch, procs=procs, batch=batch
        )
        for q in queries:
            hits = [(h.path, h.score) for h in built.search(q, limit=30).hits]
            assert hits, q
            assert seen.setdefault(q, hits) == hits, (procs, batch, q)
        built.close()
