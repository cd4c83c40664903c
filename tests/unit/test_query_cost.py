"""What one query may cost is bounded (issue 14): nesting, prefixes, fuzzy words, the number of
words and "did you mean" each have a cap, counted in work done (words expanded, words compared,
terms read), never in time; and whatever the caps, a complete search answers the same every
time."""

from __future__ import annotations

import inspect
import random
import string
import sys
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.core.corpus import scan
from reader.search.errors import QueryError
from reader.search.index import SearchIndex
from reader.search.query import MAX_DEPTH, parse

LETTERS = string.ascii_lowercase
BASES = 40  # made-up words of each first letter
VARIANTS = 4  # each with this many near forms (one letter changed)


def _vocabulary() -> list[list[str]]:
    """Groups of words: a made-up word and its variants one substitution away."""
    rnd = random.Random(14)
    groups: list[list[str]] = []
    seen: set[str] = set()
    for first in LETTERS:
        made = 0
        while made < BASES:
            base = first + "".join(rnd.choice("bdfgklmnprstvz" + "aeiou") for _ in range(6))
            forms = [base]
            for i in range(1, 1 + VARIANTS):
                forms.append(base[:i] + ("y" if base[i] != "y" else "x") + base[i + 1 :])
            if seen.isdisjoint(forms):
                seen.update(forms)
                groups.append(forms)
                made += 1
    return groups


GROUPS = _vocabulary()
BASE_WORDS = [g[0] for g in GROUPS]


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    """260 articles over 5,200 made-up words: every word in a few articles."""
    where = tmp_path_factory.mktemp("cost")
    root = where / "corpus"
    root.mkdir()
    words = [w for g in GROUPS for w in g]
    rnd = random.Random(15)
    for n in range(260):
        body = " ".join(words[(n * 20 + k) % len(words)] for k in range(20))
        body += " " + " ".join(rnd.sample(words, 60))
        title = " ".join(rnd.sample(BASE_WORDS, 3)).capitalize()
        (root / f"a{n:03}.txt").write_text(f"{title}\n\n{body}.\n", "utf-8")
    index = SearchIndex(root, where / "index", procs=1)
    index.update(scan(root))
    index.search("warm")  # loads the vocabulary
    yield index
    index.close()


# --- nesting: refused past MAX_DEPTH, nothing recurses far below it ---------------------------


def test_brackets_nested_too_deep_are_refused_with_a_message(ix: SearchIndex) -> None:
    deep = "(" * 400 + "committee OR museum" + ")" * 400
    r = ix.search(deep)
    assert r.message == "Brackets nested too deep (more than 32 levels)"
    assert isinstance(r.error, QueryError) and r.hits == ()
    assert ix.search("NOT " * 400 + "museum").message == "NOT nested too deep (more than 32 levels)"


def test_deeper_than_the_query_limit_ends_with_a_message(ix: SearchIndex) -> None:
    """10,000 brackets, NOTs, minus signs, a 5,000-word OR: an answer or a message, each."""
    base = BASE_WORDS[0]
    for text in (
        "(" * 10_000 + f"{base} OR museum" + ")" * 10_000,
        "NOT " * 10_000 + base,
        "-" * 10_000 + base,
        "-(" * 10_000 + base,
        f"{base} " + "-(" * 5_000 + base,
        " OR ".join(BASE_WORDS[i % len(BASE_WORDS)] for i in range(5_000)),
    ):
        for typing in (False, True):
            r = ix.search(text, typing=typing)
            assert r.message is not None, text[:40]
            assert "could not run" not in r.message, text[:40]
            assert r.error is None or "nested too deep" in r.message


def _nest(levels: int, opener: str, word: str) -> str:
    closer = ")" if "(" in opener else ""
    return opener * levels + word + closer * levels


@pytest.mark.parametrize("opener", ["(", "NOT ", "-(", "title:(", "(a OR "])
def test_the_deepest_query_accepted_searches_in_a_few_hundred_frames(
    ix: SearchIndex, opener: str
) -> None:
    """A query MAX_DEPTH levels deep is searched (complete and cut short), in a stack well
    short of Python's limit: nothing that walks the tree recurses a level at a time unbounded."""
    word = f"{BASE_WORDS[3]} OR {BASE_WORDS[4][:3]}* OR {BASE_WORDS[5]}~"
    text = _nest(MAX_DEPTH, opener, word)
    assert parse(text).refused is None
    assert parse(_nest(MAX_DEPTH + 1, opener, word)).refused
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 400)
    try:
        results = [ix.search(text), ix.search(text, typing=True, time_limit=0.2)]
    finally:
        sys.setrecursionlimit(old)
    for r in results:
        assert r.error is None, r.message


_OPENERS = st.sampled_from(["(", "NOT ", "-(", "title:(", "(x OR ", "NOT (", "+("])
_SOUP = st.lists(
    st.sampled_from(["(", ")", "NOT ", "-", "apple", BASE_WORDS[0], " OR ", " ", '"', "*", "~"]),
    max_size=40,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(_OPENERS, min_size=1, max_size=5),
    st.integers(0, 700),
    _SOUP,
    st.integers(0, 700),
    st.booleans(),
)
@example(["-("], 600, [], 0, False)
@example(["("], 900, ["apple", " OR ", "apple"], 900, True)
@example(["NOT "], 480, ["apple"], 0, False)
def test_any_nesting_searches_or_is_refused_never_fails(
    ix: SearchIndex, openers: list[str], depth: int, soup: list[str], closers: int, typing: bool
) -> None:
    text = "".join(openers[i % len(openers)] for i in range(depth))
    text += "".join(soup) + ")" * closers
    r = ix.search(text, typing=typing)
    assert r.error is None or (
        isinstance(r.error, QueryError) and r.message and "nested too deep" in r.message
    ), r.message
