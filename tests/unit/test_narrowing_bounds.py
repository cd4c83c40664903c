"""`|` with 8 levels of costly prefixes (issue 23, "not tried yet"): the answer is the articles
every level matches, and what the prefix bounds left out of the levels before the `|` is said,
as the innermost level's is."""

from __future__ import annotations

import pytest

from reader.core.corpus import scan
from reader.search.compile import PREFIX_SHORT_CAPS
from reader.search.service import SearchIndex

LETTERS = "abcdefgh"
WORDS = 30  # words a letter starts, more than a one-letter prefix searches
CHAIN = " | ".join(f"{letter}*" for letter in LETTERS)


def text_of(n: int) -> str:
    """Article n: for each letter, a few of the WORDS words it starts (article 0 none of 'h')."""
    words = [
        f"{letter}{chr(97 + (n + k) % 26)}{chr(97 + (n * 7 + k) % 26)}x"
        for letter in (LETTERS if n else LETTERS[:-1])
        for k in range(3)
    ]
    return f"Article {n}\n\n{' '.join(words)}.\n"


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    tmp = tmp_path_factory.mktemp("chain")
    root = tmp / "corpus"
    root.mkdir()
    for n in range(60):
        (root / f"a{n:02}.txt").write_text(text_of(n), "utf-8")
    index = SearchIndex(root, tmp / "index", procs=1)
    index.update(scan(root))
    return index


def test_each_level_of_a_chain_of_prefixes_narrows(ix: SearchIndex) -> None:
    results = ix.search(CHAIN, limit=100)
    every = set.intersection(*(set(ix.matching(f"{letter}*")) for letter in LETTERS))
    assert {hit.path for hit in results.hits} == every
    assert set(ix.matching(CHAIN)) == every
    assert not any(hit.path.endswith("a00.txt") for hit in results.hits)  # no h* word


def test_the_bounds_of_the_levels_before_the_pipe_are_said(ix: SearchIndex) -> None:
    """Each one-letter prefix searches its PREFIX_SHORT_CAPS[1] commonest words; the status
    line (and `reader search`'s "Partial results") said so of the innermost level alone."""
    cap = PREFIX_SHORT_CAPS[1]
    results = ix.search(CHAIN)
    assert results.partial
    message = results.message or ""
    inner, before = message.split(" · ")
    assert inner.startswith("h* matches") and f"searched the {cap} most common" in inner
    assert before.startswith("before |: a* matches")
    assert before.endswith(f"searched the {cap} most common (and 6 more)")
    alone = ix.search("a* | article")  # only an outer level cut
    assert alone.partial and (alone.message or "").startswith("before |: a* matches")
    whole = ix.search("article | h*")  # the outer level whole: said as before
    assert "before |" not in (whole.message or "")
