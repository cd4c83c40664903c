"""The query parser: any text reads as a tree of words, phrases and operators."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search.query import MAX_DEPTH, Group, Not, Phrase, Word, normalize, parse


def test_plain_words_are_an_and_group_and_plain() -> None:
    p = parse("ukraine war")
    assert p.plain
    assert p.node == Group("and", (Word("ukraine"), Word("war")))


def test_typing_makes_the_last_word_a_prefix_unless_a_space_follows() -> None:
    assert parse("ukr", typing=True).node == Word("ukr", prefix=True)
    assert parse("ukr", typing=True).plain
    assert parse("ukr ", typing=True).node == Word("ukr")
    assert parse("ukr", typing=False).node == Word("ukr")
    # A word ended by punctuation is finished.
    assert parse("what is it?", typing=True).node == Group(
        "and", (Word("what"), Word("is"), Word("it"))
    )


def test_operators() -> None:
    p = parse('"heat transfer" -foo OR bar title:kursk')
    assert not p.plain
    assert p.node == Group(
        "and",
        (
            Phrase("heat transfer"),
            Group("or", (Not(Word("foo")), Word("bar"))),
            Word("kursk", field="title", required=True),
        ),
    )
    assert parse("a NOT b").node == Group("and", (Word("a"), Not(Word("b"))))
    assert parse("source:(nbc OR cnn)").node == Group(
        "or",
        (Word("nbc", field="source", required=True), Word("cnn", field="source", required=True)),
    )


def test_prefix_and_fuzzy() -> None:
    # Typed with an operator, a word holds (plain words may fall back); the word being
    # typed is a prefix but a plain word.
    assert parse("pre*").node == Word("pre", prefix=True, required=True)
    assert parse("kursk~").node == Word("kursk", fuzzy=1, required=True)
    assert parse("kursk~2").node == Word("kursk", fuzzy=2, required=True)
    assert parse("pre", typing=True).node == Word("pre", prefix=True)
    assert not parse("pre*").plain


def test_a_hyphen_inside_a_word_is_never_not() -> None:
    p = parse("heat-transfer COVID-19 e-mail non-linear")
    assert p.plain
    assert p.node == Group(
        "and", (Word("heat-transfer"), Word("COVID-19"), Word("e-mail"), Word("non-linear"))
    )


def test_question_marks_and_dots_end_words() -> None:
    p = parse("why is the sky blue?")
    assert p.plain
    assert isinstance(p.node, Group)
    assert p.node.children[-1] == Word("blue")
    assert parse("U.S. policy.").node == Group("and", (Word("U.S"), Word("policy")))


def test_typographic_quotes_and_apostrophes() -> None:
    assert normalize("Biden\u2019s \u201cwar\u201d") == 'Biden\'s "war"'
    assert parse("\u201clong range\u201d").node == Phrase("long range")


def test_a_pasted_question_reads_brackets_and_stray_quotes_as_punctuation() -> None:
    p = parse('What is MEDLARS (Medical Literature Analysis)? How (i.e., the "system) works?')
    assert p.plain and not p.notes
    assert isinstance(p.node, Group)
    assert all(isinstance(c, Word) for c in p.node.children)
    texts = [c.text for c in p.node.children if isinstance(c, Word)]
    assert texts == [
        "What", "is", "MEDLARS", "Medical", "Literature", "Analysis", "How", "i.e", "the",
        "system", "works",
    ]  # fmt: skip
    assert parse("(MEDLARS)?").node == Word("MEDLARS")
    # A pair of quotes around one word is no phrase; around words, a phrase that stays plain.
    assert parse('the "relevance" of it').node == Group(
        "and", (Word("the"), Word("relevance"), Word("of"), Word("it"))
    )
    q = parse('what is an "electronic filing machine," anyway')
    assert q.plain
    assert q.node == Group(
        "and",
        (
            Word("what"),
            Word("is"),
            Word("an"),
            Phrase("electronic filing machine,"),
            Word("anyway"),
        ),
    )


def test_operators_keep_brackets_and_quotes() -> None:
    p = parse("missiles (kursk OR kyiv)")
    assert not p.plain
    assert p.node == Group("and", (Word("missiles"), Group("or", (Word("kursk"), Word("kyiv")))))
    assert not parse("+kursk missiles").plain
    assert not parse("title:(a b) c").plain
    assert not parse('"heat transfer" -foo').plain


def test_unknown_fields_are_words() -> None:
    p = parse("foo:bar")
    assert p.plain
    assert p.node == Group("and", (Word("foo"), Word("bar")))


def test_degenerate_inputs_parse_with_notes() -> None:
    assert parse("NOT").node is None
    assert parse("NOT").notes
    assert parse("AND").node is None
    assert parse("*").node is None
    assert parse("?").node is None
    assert parse("title:").node == Word("title")
    # A lone quote is punctuation, with operators too (a phrase is exact; what follows a
    # stray quote in a pasted question need not be).
    assert parse('"unbalanced').node == Word("unbalanced")
    assert parse('"unbalanced').plain
    assert parse('-x "unbalanced').node == Group("and", (Not(Word("x")), Word("unbalanced")))
    assert parse("((a").node == Word("a")
    assert parse("a))").node == Word("a")
    long = parse("word " * 3000)
    assert long.notes


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.booleans())
def test_any_text_parses(text: str, typing: bool) -> None:
    p = parse(text, typing=typing)
    assert p.node is None or isinstance(p.node, Word | Phrase | Not | Group)


def test_brackets_and_nots_past_the_depth_limit_refuse_the_query() -> None:
    for opener, closer, what in (
        ("(", ")", "Brackets"),
        ("NOT ", "", "NOT"),
        ("-(", ")", "Brackets"),
    ):
        ok = parse(opener * MAX_DEPTH + "a OR b" + closer * MAX_DEPTH)
        assert ok.refused is None and ok.node is not None
        deep = parse(opener * (MAX_DEPTH + 1) + "a OR b" + closer * (MAX_DEPTH + 1))
        assert deep.node is None
        assert deep.refused == f"{what} nested too deep (more than 32 levels)"
        assert deep.notes == (deep.refused,)
    # Brackets side by side are no deeper: only brackets inside brackets count.
    assert parse(" ".join(["(a OR b)"] * 60)).refused is None
    # Without operators brackets are punctuation, however many.
    p = parse("(" * 400 + "a b" + ")" * 400)
    assert p.refused is None and p.node == Group("and", (Word("a"), Word("b")))


def test_a_fuzzy_distance_past_two_reads_as_two_never_a_phrase() -> None:
    p = parse("kursk~10")
    assert p.node == Word("kursk", fuzzy=2, required=True)
    assert p.notes == ("A fuzzy word is at most 2 edits away: kursk~10 read as kursk~2",)
    assert parse("kursk~" + "9" * 1500).node == Word("kursk", fuzzy=2, required=True)
    assert not parse("kursk~2").notes and not parse("kursk~").notes
    # Typed last, `~2` ends the word as `~` does: a fuzzy word, no prefix.
    assert parse("kursk~2", typing=True).node == Word("kursk", fuzzy=2, required=True)
    assert parse("kursk~10", typing=True).node == Word("kursk", fuzzy=2, required=True)


def test_nearness_after_a_quoted_phrase_is_noted_and_the_phrase_kept_exact() -> None:
    note = '"…"~3 (words near each other) is not supported: the phrase is as written'
    for text in ('"heat transfer"~3', '-x "heat transfer"~3', '("heat transfer"~3 OR y)'):
        p = parse(text)
        assert p.notes == (note,), text
        assert "3" not in str(p.node), text
    assert parse('"heat transfer"~3').node == Phrase("heat transfer")
