"""Search within results: `a | b` ranks b's matches among a's (the search layer's part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.corpus import scan
from reader.search.narrowing import join_chain, split_chain, step_back
from reader.search.parsed import parse_query
from reader.search.query import parse
from reader.search.service import SearchIndex

ARTICLES = {
    "a_both.txt": "Kyiv report\n\nUkraine asked for missiles.\n",
    "b_missiles_only.txt": "Arms race\n\nMissiles, missiles and more missiles everywhere.\n",
    "c_ukraine_only.txt": "Harvest\n\nUkraine grows wheat and sunflowers.\n",
    "d_both_often.txt": "Deliveries\n\nUkraine got missiles: missiles by train, missiles by air.\n",
    "e_war.txt": "Front line\n\nThe war in Ukraine: rockets and missiles at night.\n",
}


@pytest.fixture
def ix(tmp_path: Path) -> SearchIndex:
    root = tmp_path / "corpus"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, "utf-8")
    index = SearchIndex(root, tmp_path / "index", procs=1)
    index.update(scan(root))
    return index


def names(results: object) -> list[str]:
    return [Path(hit.path).name for hit in results.hits]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("ukraine | missiles", ["ukraine", "missiles"]),
        ("ukraine|missiles|night", ["ukraine", "missiles", "night"]),
        ("ukraine |", ["ukraine"]),
        ("| ukraine", ["ukraine"]),
        ("ukraine || missiles", ["ukraine || missiles"]),  # || is OR
        ('"a | b" | c', ['"a | b"', "c"]),  # a quoted | is text
        ("\u201ca | b\u201d | c", ["\u201ca | b\u201d", "c"]),
        (" | | ", []),
        ("", []),
    ],
)
def test_split_chain(text: str, levels: list[str]) -> None:
    assert split_chain(text) == levels


def test_join_chain_splits_back() -> None:
    levels = ["ukraine", "missiles OR rockets", '"long range"']
    assert split_chain(join_chain(levels)) == levels


def test_inner_query_is_restricted_to_the_outer_matches(ix: SearchIndex) -> None:
    plain = names(ix.search("missiles"))
    assert "b_missiles_only.txt" in plain
    narrowed = names(ix.search("ukraine | missiles"))
    assert set(narrowed) == {"a_both.txt", "d_both_often.txt", "e_war.txt"}
    # ranked by the inner query: in the order the plain search of "missiles" gives them
    assert narrowed == [name for name in plain if name in narrowed]
    assert narrowed[0] == "d_both_often.txt"
    results = ix.search("ukraine | missiles")
    assert results.total == results.all_words_total == 3
    assert results.query == "ukraine | missiles"


def test_each_level_narrows_further(ix: SearchIndex) -> None:
    assert names(ix.search("ukraine | missiles | night")) == ["e_war.txt"]
    assert names(ix.search("ukraine | sunflowers | missiles")) == []


def test_outer_level_of_several_words_keeps_the_articles_with_all_of_them(
    ix: SearchIndex,
) -> None:
    # "war ukraine": e has both; the closest matches (ukraine alone) are not kept
    assert names(ix.search("war ukraine | missiles")) == ["e_war.txt"]
    # no article has every word: the closest matches are what is narrowed
    assert set(names(ix.search("sunflowers trains | ukraine"))) == {
        "a_both.txt",
        "c_ukraine_only.txt",
        "d_both_often.txt",
        "e_war.txt",
    } & set(names(ix.search("sunflowers trains")))


def test_an_or_at_the_top_is_restricted_too(ix: SearchIndex) -> None:
    for limit in (None, 10.0):  # complete, and under a keystroke's time limit
        results = ix.search("ukraine | rockets OR train", typing=True, time_limit=limit)
        assert set(names(results)) == {"d_both_often.txt", "e_war.txt"}
        assert results.total == 2
        results = ix.search("wheat | rockets OR train", time_limit=limit)
        assert names(results) == [] and results.total == 0


def test_typing_reads_only_the_inner_last_word_as_a_prefix(ix: SearchIndex) -> None:
    assert set(names(ix.search("ukraine | miss", typing=True))) == {
        "a_both.txt",
        "d_both_often.txt",
        "e_war.txt",
    }
    # a level closed by | is whole: "ukr" is no word of any article, so nothing is left
    assert names(ix.search("ukr | missiles", typing=True)) == []
    assert names(ix.search("ukr", typing=True))  # where, typed last, it is a prefix


def test_a_level_with_nothing_to_search_restricts_nothing(ix: SearchIndex) -> None:
    assert names(ix.search("the | missiles")) == names(ix.search("missiles"))


def test_did_you_mean_keeps_the_outer_levels(ix: SearchIndex) -> None:
    assert ix.search("ukraine | misiles").suggestion == "ukraine | missiles"


def test_matching_is_every_match_not_only_the_first_page(ix: SearchIndex) -> None:
    paths = ix.matching("missiles")
    assert {Path(p).name for p in paths} == {
        "a_both.txt",
        "b_missiles_only.txt",
        "d_both_often.txt",
        "e_war.txt",
    }
    assert len(ix.search("missiles", limit=1).hits) == 1
    assert {Path(p).name for p in ix.matching("ukraine | missiles | night")} == {"e_war.txt"}
    assert ix.matching("") == frozenset()
    assert ix.matching("zzzz") == frozenset()


def test_a_changed_index_is_narrowed_anew(ix: SearchIndex, tmp_path: Path) -> None:
    assert names(ix.search("ukraine | missiles | night")) == ["e_war.txt"]
    (ix.root / "f_new.txt").write_text("Night raid\n\nUkraine: missiles at night.\n", "utf-8")
    ix.update(scan(ix.root))
    assert set(names(ix.search("ukraine | missiles | night"))) == {"e_war.txt", "f_new.txt"}


@pytest.mark.parametrize(
    ("text", "outer", "inner"),
    [
        ("ukr ", [], "ukr "),  # a space after the word typed: it is whole
        ("ukr", [], "ukr"),
        ("ukraine | miss", ["ukraine"], " miss"),
        ("ukraine | missiles |", ["ukraine"], " missiles  "),
        ("ukraine |  ", [], "ukraine  "),
        ("", [], ""),
    ],
)
def test_outer_and_inner(text: str, outer: list[str], inner: str) -> None:
    """The levels searched before the innermost, and the innermost as the parser reads it: a
    level closed by `|` is whole (a space after it), the one being typed as typed."""
    query = parse_query(text, typing=True)
    assert [level.words for level in query.outer] == outer
    assert query.inner.tree == parse(inner, typing=True)


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("ukraine | missiles | night", "ukraine | missiles"),
        ("ukraine | missiles", "ukraine"),
        ("ukraine | ", "ukraine"),  # right after the narrowing key
        ("ukraine", None),
        ("ukraine || russia", None),
        ("| ukraine", None),
        ("", None),
    ],
)
def test_step_back(text: str, back: str | None) -> None:
    assert step_back(text) == back


def test_an_outer_level_matching_nothing_leaves_nothing(ix: SearchIndex) -> None:
    """Whoosh reads an empty filter as no filter: the complete search of an OR inside an outer
    level that matches nothing must still find nothing, as the typing search does."""
    for query in ("zzqx | missiles OR rockets", "zzqx | missiles"):
        assert ix.search(query).hits == ()
        assert ix.search(query, typing=True, time_limit=0.2).hits == ()


def test_a_chain_of_too_many_levels_is_refused(ix: SearchIndex) -> None:
    """Every outer level is searched completely: a pasted table of 5,000 `|` held the index
    for seconds. Past MAX_LEVELS the query is refused with a message, counted by levels."""
    from reader.core.query_limits import MAX_LEVELS
    from reader.search.errors import QueryError

    deep = " | ".join(["ukraine"] * MAX_LEVELS)
    assert ix.search(deep).error is None
    results = ix.search(" | ".join(["ukraine"] * (MAX_LEVELS + 1)))
    assert isinstance(results.error, QueryError) and "Too many" in (results.message or "")
    assert results.hits == ()
    assert ix.matching(" | ".join(["ukraine"] * 5_000)) == frozenset()
