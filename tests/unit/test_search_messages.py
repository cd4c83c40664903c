"""What a search says about its answer: only what is true of the hits it returns."""

from __future__ import annotations

import itertools
from pathlib import Path

from reader.core.corpus import scan
from reader.search.service import SearchIndex
from tests.unit.articles import write_corpus


def index_of(root: Path, tmp_path: Path) -> SearchIndex:
    search_index = SearchIndex(root, tmp_path / "index", procs=1)
    search_index.update(scan(root))
    return search_index


def test_closest_matches_are_announced_only_when_some_follow(tmp_path: Path) -> None:
    texts = {f"both{n}.txt": f"Both {n}\n\nalpha beta gamma{n}" for n in range(5)}
    texts |= {f"one{n}.txt": f"One {n}\n\nalpha delta{n}" for n in range(3)}
    search_index = index_of(write_corpus(tmp_path / "c", texts), tmp_path)
    r = search_index.search("alpha beta")
    assert [h.all_words for h in r.hits] == [True] * 5 + [False] * 3
    assert r.message == "5 articles have all 2 words; closest matches follow"
    shown = search_index.search("alpha beta", limit=3)  # only articles with both words fit
    assert all(h.all_words for h in shown.hits) and shown.all_words_total == 5
    assert shown.message is None
    search_index.close()


def test_counts_in_messages_have_thousands_separators(tmp_path: Path) -> None:
    letters = "abcdefghijk"
    words = ["te" + "".join(p) for p in itertools.product(letters, repeat=3)][:1200]
    texts = {"many.txt": "Many words\n\n" + " ".join(words)}
    texts |= {f"both{n:04}.txt": "Both\n\nalpha beta" for n in range(1001)}
    texts["one.txt"] = "One\n\nalpha only"
    search_index = index_of(write_corpus(tmp_path / "c", texts), tmp_path)
    assert search_index.search("te*").message == (
        "te* matches 1,200 words; searched the 30 most common"
    )
    r = search_index.search("alpha beta", limit=1010)
    assert r.message == "1,001 articles have all 2 words; closest matches follow"
    search_index.close()
