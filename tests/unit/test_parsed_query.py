"""A query parsed once (search/parsed.py): its `|` levels, the tag: words of each, and the
words' trees; the level cut, the tag words and the word parser read quotes alike."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search.narrowing import cut_levels, join_chain, split_chain
from reader.search.parsed import ParsedQuery, parse_query
from reader.search.query import QUOTES, Group, Node, Not, Phrase, Word, normalize, parse


def words(query: ParsedQuery) -> str:
    """The levels with words, as a chain shows them."""
    return join_chain([level.words for level in query.searched])


# -- the tag: words of a query ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text", "include", "exclude"),
    [
        ("ukraine missiles", "ukraine missiles", (), ()),
        ("ukraine tag:war", "ukraine", ("war",), ()),
        ("tag:war", "", ("war",), ()),
        ("TAG:War ukraine", "ukraine", ("war",), ()),
        ("ukraine -tag:opinion", "ukraine", (), ("opinion",)),
        ("ukraine NOT tag:opinion", "ukraine", (), ("opinion",)),
        ("ukraine AND tag:war", "ukraine", ("war",), ()),
        ("tag:war OR tag:peace", "", ("war", "peace"), ()),
        ('tag:"war"', "", ("war",), ()),
        ('"say tag:war now" kyiv', '"say tag:war now" kyiv', (), ()),
        ("ukraine tag:", "ukraine", (), ()),
        ("ukraine tag:war tag:war", "ukraine", ("war",), ()),
        ("title:biden tag:war", "title:biden", ("war",), ()),
    ],
)
def test_tag_words_are_taken_out_of_the_query(
    query: str, text: str, include: tuple[str, ...], exclude: tuple[str, ...]
) -> None:
    parsed = parse_query(query)
    assert (words(parsed), parsed.include, parsed.exclude) == (text, include, exclude)


@pytest.mark.parametrize(
    ("typed", "text", "closed"),
    [
        ("missiles|tag:war", "missiles", True),  # the inner level was tags alone: whole words
        ("missiles | tag:war", "missiles", True),
        ("tag:war|missiles", "missiles", False),
        ("tag:war | missiles", "missiles", False),
        ("ukraine|tag:war missiles", "ukraine | missiles", False),
        ("ukraine | missiles tag:war", "ukraine | missiles", True),  # a tag word after it
        ("ukraine|tag:war|missiles", "ukraine | missiles", False),
    ],
)
def test_tag_words_are_found_in_every_level_with_or_without_spaces(
    typed: str, text: str, closed: bool
) -> None:
    query = parse_query(typed, typing=True)
    assert (words(query), query.include, query.exclude) == (text, ("war",), ())
    last = query.inner.words.split()[-1]
    assert query.inner.tree.node == Word(last, prefix=not closed)
    recalled = parse_query(join_chain(split_chain(typed)))  # as the history gives it back
    assert (words(recalled), recalled.include) == (text, ("war",))


@pytest.mark.parametrize(
    ("query", "text", "include", "exclude"),
    [
        # a quoted tag is the words up to the closing quote, spaces made hyphens as the tag
        # dialog keeps them (it was the tag "a" and a stray word `reads"`)
        ('tag:"long reads"', "", ("long-reads",), ()),
        ("tag:\u201clong reads\u201d kyiv", "kyiv", ("long-reads",), ()),
        ('missiles -tag:"op  ed" OR kyiv', "missiles kyiv", (), ("op-ed",)),
        ('NOT tag:"op ed" missiles', "missiles", (), ("op-ed",)),
        ('tag:"long reads', "", ("long-reads",), ()),  # being typed: to the end
        ('tag:"war"peace', "peace", ("war",), ()),
        ('tag:"" kyiv', "kyiv", (), ()),
        # odd tags are tags, as written (a tag may hold them): never markup, nor a pattern
        ("tag:*", "", ("*",), ()),
        ("tag:[bold]", "", ("[bold]",), ()),
        ("tag:[@click=app.quit]q", "", ("[@click=app.quit]q",), ()),
        ("tag:\u00dcBER", "", ("\u00fcber",), ()),
        ("tag:U\u0308ber", "", ("\u00fcber",), ()),  # decomposed, composed as kept
        ("tag:" + "x" * 10_000, "", ("x" * 40,), ()),  # as long as a tag can be
        ("-tag:", "", (), ()),
        ("-tag: kyiv", "kyiv", (), ()),
    ],
)
def test_odd_tag_words(
    query: str, text: str, include: tuple[str, ...], exclude: tuple[str, ...]
) -> None:
    parsed = parse_query(query)
    spaced = " ".join(words(parsed).split())  # (the spaces around a tag word stay as typed)
    assert (spaced, parsed.include, parsed.exclude) == (text, include, exclude)


def test_thousands_of_tag_words_are_each_read_once() -> None:
    typed = " ".join(f'-tag:t{n} OR tag:"a {n}"' for n in range(3_000))
    parsed = parse_query(typed, typing=True)
    assert parsed.exclude == tuple(f"t{n}" for n in range(3_000))
    assert parsed.include == tuple(f"a-{n}" for n in range(3_000))
    assert not parsed.has_words
    assert parse_query(typed, typing=True) is parsed  # asked again at each key: read once


def test_an_excluded_tag_before_a_pipe_is_not_part_of_the_tag() -> None:
    query = parse_query("-tag:opinion|ukraine")
    assert (words(query), query.include, query.exclude) == ("ukraine", (), ("opinion",))


def test_a_query_without_tags_is_left_exactly_as_typed() -> None:
    query = parse_query("  ukraine  ")
    assert query.inner.text == "  ukraine  "  # the parser sees what was typed
    assert not query.tagged and query.has_words


def test_a_tag_query_keeps_articles_with_every_tag_and_none_excluded() -> None:
    query = parse_query("tag:war tag:kyiv -tag:opinion")
    assert query.keeps({"war", "kyiv"})
    assert not query.keeps({"war"})
    assert not query.keeps({"war", "kyiv", "opinion"})
    assert query.describe() == "tagged war and kyiv, not tagged opinion"
    assert not query.has_words


def test_a_word_before_a_tag_word_is_whole_while_typing() -> None:
    """A space, a `|` or a tag word after a word ends it: only the word typed last is a
    prefix (it was read as `war*` when a tag word came after it, and found "warsaw")."""
    assert parse_query("war tag:keep", typing=True).inner.tree.node == Word("war")
    assert parse_query("tag:keep war", typing=True).inner.tree.node == Word("war", prefix=True)
    assert parse_query("tag:keep | war ", typing=True).inner.tree.node == Word("war")


def test_a_tag_word_being_typed_is_not_searched_as_words() -> None:
    """`ukraine tag:` (the tag not typed yet) searches ukraine, not the word "tag" too."""
    query = parse_query("ukraine tag:", typing=True)
    assert not query.tagged
    assert query.inner.tree.node == Word("ukraine")


# -- quotes: one rule for the levels, the tag words and the word parser -------------------------


def test_a_tag_word_inside_typographic_quotes_is_the_phrase_s() -> None:
    """Typographic quotes make a phrase as plain ones do, for the tag words too: the tag word
    inside was taken out (and “say ... now” searched as two loose words)."""
    for opening, closing in [("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ('"', "\u201d")]:
        query = parse_query(f"{opening}say tag:war now{closing} kyiv")
        assert not query.tagged
        assert query.inner.tree.node == Group("and", (Phrase("say tag:war now"), Word("kyiv")))


@given(st.characters())
def test_a_character_is_a_quote_to_the_cut_exactly_when_the_parser_reads_one(c: str) -> None:
    assert (c in QUOTES) == (normalize(c) == '"')


@given(st.text())
def test_the_cut_keeps_every_character_and_closes_each_quote_in_its_level(text: str) -> None:
    levels = cut_levels(text)
    assert "|".join(levels) == text
    for level in levels[:-1]:  # a quote opened in a level is closed in it (or is the last)
        assert sum(c in QUOTES for c in level) % 2 == 0
    assert sum(c in QUOTES for c in text) == normalize(text).count('"')


def _phrases(node: Node | None) -> list[str]:
    if isinstance(node, Phrase):
        return [node.text]
    if isinstance(node, Not):
        return _phrases(node.child)
    if isinstance(node, Group):
        return [p for child in node.children for p in _phrases(child)]
    return []


_PIECES = st.text(alphabet=f"ab |()'{QUOTES}\u2019", max_size=30)


@settings(max_examples=300)
@given(_PIECES, st.sampled_from(["", "+zz "]))
def test_the_levels_never_cut_a_phrase_nor_make_one(text: str, operator: str) -> None:
    """The phrases the word parser reads in the whole text are those it reads in its levels,
    in order: a `|` inside quotes never cuts, and a quote never pairs across a `|`. With no
    operator the query is plain (a quote is a phrase around two words or more); "+zz" makes
    it one with operators (a quote is a phrase around anything)."""
    whole = _phrases(parse(operator + text).node)
    cut = [p for level in cut_levels(text) for p in _phrases(parse(operator + level).node)]
    assert whole == cut


@settings(max_examples=300)
@given(
    st.sampled_from(QUOTES),
    st.sampled_from(QUOTES),
    st.lists(st.sampled_from(["tag:war", "-tag:x", "NOT", "|", "a|b", "say", "OR"]), max_size=6),
)
def test_what_is_between_quotes_is_one_phrase_of_one_level(
    opening: str, closing: str, inside: list[str]
) -> None:
    """No `|` between quotes cuts the query, and no tag word between them is taken out."""
    query = parse_query(f"{opening}one {' '.join(inside)} two{closing}")
    assert len(query.levels) == 1 and not query.tagged
    assert isinstance(query.inner.tree.node, Phrase)
