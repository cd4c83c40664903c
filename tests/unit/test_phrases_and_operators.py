"""Quoted means exact; operators hold while plain words relax (issue 12).

A quoted phrase matches its words as written, in that order, next to each other: case and
accents folded, stop words counted, no stemming, no gaps. NOT/-word, field:, quoted phrases,
prefixes, fuzzy words and bracketed ORs hold (required or excluded) while the plain words of the
same query still fall back to the closest matches; a character that cannot be an operator where
it stands is punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.article import load_article
from reader.core.corpus import scan
from reader.search.query import Group, Not, Phrase, Word, parse
from reader.search.results import SearchResults
from reader.search.service import SearchIndex
from tests.conftest import SHARED

ARTICLES = {
    "zen.txt": (
        "The Zen of Python\n\nBeautiful is better than ugly. There should be one obvious way "
        "to do it, and it is not always easy.\n"
    ),
    # Looser variants of zen.txt's lines: a gap, other words between, a stem, another order.
    "loose.txt": (
        "Python notes\n\nThere should be, in our view, one way. The zen of the python is calm; "
        "there should really be one answer. Is it not so? Not it is.\n"
    ),
    "strike.txt": "Union news\n\nWorkers strike today over pay and calm returns slowly.\n",
    "strikes.txt": "Workers plan strikes\n\nThe strikes would go on all week, the union said.\n",
    "hamlet.txt": "Hamlet\n\nTo be, or not to be, that is the question.\n",
    "resume.txt": "How to write a résumé\n\nA good Résumé is short. Café owners read them.\n",
    "fruit.txt": "Fruit basket\n\napple banana cherry\n",
    "fruit2.txt": "Fruit salad\n\napple banana and more\n",
    "durian.txt": "Strong smells\n\napple durian and banana\n",
    "kiwi.txt": "Green things\n\nbanana kiwi\n",
    "heat.txt": "Engine notes\n\nThe heat transfers slowly through the wall.\n",
}


def names(results: SearchResults) -> list[str]:
    return [Path(h.path).name for h in results.hits]


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    where = tmp_path_factory.mktemp("phrases")
    root = where / "corpus"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, "utf-8")
    index = SearchIndex(root, where / "index", procs=1)
    index.update(scan(root))
    yield index
    index.close()


# --- quoted means exact -------------------------------------------------------------------------


def test_stop_words_count_and_gaps_do_not_match(ix: SearchIndex) -> None:
    # loose.txt has "there should be, in our view, one" and "there should really be one".
    assert names(ix.search('"there should be one"')) == ["zen.txt"]
    assert names(ix.search('"the zen of python"')) == ["zen.txt"]  # loose: "zen of the python"
    assert names(ix.search('"zen of the python"')) == ["loose.txt"]


def test_order_matters(ix: SearchIndex) -> None:
    assert names(ix.search('"it is not"')) == ["zen.txt"]
    assert names(ix.search('"is it not"')) == ["loose.txt"]
    assert names(ix.search('"not it is"')) == ["loose.txt"]
    assert ix.search('"python zen"').hits == ()


def test_no_stemming(ix: SearchIndex) -> None:
    assert names(ix.search('"workers strike"')) == ["strike.txt"]
    assert names(ix.search('"plan strikes"')) == ["strikes.txt"]
    assert ix.search('"plan strike"').hits == ()
    assert ix.search('"workers strikes"').hits == ()  # "plan" stands between them
    # Without quotes, the words match loosely (stems, any order).
    assert set(names(ix.search("workers strike"))) == {"strike.txt", "strikes.txt"}


def test_case_and_accents_are_folded(ix: SearchIndex) -> None:
    for query in ('"resume is short"', '"RÉSUMÉ IS SHORT"', '"a good résumé"', '"cafe owners"'):
        assert names(ix.search(query)) == ["resume.txt"], query


def test_a_phrase_of_stop_words_only_works(ix: SearchIndex) -> None:
    r = ix.search('"to be or not to be"')
    assert names(r) == ["hamlet.txt"] and r.message is None
    assert names(ix.search('"that is the"')) == ["hamlet.txt"]
    assert ix.search('"to be to be"').hits == ()


def test_a_phrase_spans_no_title_and_text(ix: SearchIndex) -> None:
    # zen.txt is "The Zen of Python" then "Beautiful is ...": no phrase joins the two.
    assert ix.search('"python beautiful"').hits == ()
    assert names(ix.search('"zen of python"')) == ["zen.txt"]


def test_a_title_phrase_is_exact_in_the_title(ix: SearchIndex) -> None:
    assert names(ix.search('title:"zen of python"')) == ["zen.txt"]
    assert names(ix.search('title:"the zen of python"')) == ["zen.txt"]
    assert names(ix.search('title:"how to write"')) == ["resume.txt"]
    assert ix.search('title:"python zen"').hits == ()
    assert ix.search('title:"workers plan strike"').hits == ()  # the title says "strikes"
    # Words of the text are not in the title.
    assert ix.search('title:"beautiful is better"').hits == ()
    assert names(ix.search('"beautiful is better"')) == ["zen.txt"]


def test_a_phrase_stays_required_beside_words_that_relax(ix: SearchIndex) -> None:
    # zen.txt holds the phrase and "beautiful"; loose.txt has the other words, not the phrase.
    r = ix.search('"the zen of python" beautiful calm')
    assert names(r) == ["zen.txt"]
    assert r.fallback and r.all_words_total == 0
    assert r.message == "No article has all 6 words; closest matches below"


def test_the_exact_match_ranks_above_looser_ones(ix: SearchIndex) -> None:
    # No article holds the phrase together with "calm" or "view": the closest matches then
    # include looser ones, and the one with the words as written comes first.
    r = ix.search('"there should be one" calm view')
    assert names(r)[0] == "zen.txt"
    assert "loose.txt" in names(r)
    assert r.fallback and r.all_words_total == 0
    assert r.message == "No article has all 6 words; closest matches below"
    assert not r.hits[0].all_words


def test_a_looser_hold_of_the_phrase_ranks_next(ix: SearchIndex) -> None:
    # No article has "worker plans strikes" as written; strikes.txt has "Workers plan
    # strikes" (the same words but for their forms), strike.txt more of the other words.
    r = ix.search('"worker plans strikes" union pay')
    assert names(r)[:2] == ["strikes.txt", "strike.txt"]
    assert r.fallback and r.all_words_total == 0


def test_a_hyphenated_word_unquoted_matches_its_parts_in_any_form(ix: SearchIndex) -> None:
    # Its parts next to each other, each with its stem (heat.txt: "heat transfers").
    assert names(ix.search("heat-transfer")) == ["heat.txt"]
    assert names(ix.search("heat-transfers")) == ["heat.txt"]
    assert ix.search('"heat transfer"').hits == ()
    assert names(ix.search('"heat transfers"')) == ["heat.txt"]


def test_a_phrase_nobody_holds_finds_nothing_and_says_why(ix: SearchIndex) -> None:
    r = ix.search('"zen of pythons"')
    assert r.hits == () and r.message and "word for word" in r.message


def test_the_phrase_is_highlighted_as_a_whole(ix: SearchIndex) -> None:
    r = ix.search('"there should be one"')
    assert "there should be one" in r.terms
    hit = r.hits[0]
    assert [hit.snippet[s:e] for s, e in hit.snippet_spans] == ["There should be one"]
    accented = ix.search('"good resume is"').hits[0]
    assert [accented.snippet[s:e] for s, e in accented.snippet_spans] == ["good Résumé is"]


# --- operators hold, plain words relax ----------------------------------------------------------


def test_a_minus_word_stays_excluded_while_the_words_relax(ix: SearchIndex) -> None:
    r = ix.search("apple banana cherry -durian")
    assert names(r)[0] == "fruit.txt" and r.all_words_total == 1
    assert "durian.txt" not in names(r)
    assert set(names(r)) == {"fruit.txt", "fruit2.txt", "kiwi.txt"}
    assert r.message == "1 article has all 3 words; closest matches follow"
    none = ix.search("apple zzzq -durian")
    assert set(names(none)) == {"fruit.txt", "fruit2.txt"}
    assert none.message == "No article has all 2 words; closest matches below"
    assert names(ix.search("apple NOT durian zzzq")) == names(none)


def test_a_field_word_stays_required_while_the_words_relax(ix: SearchIndex) -> None:
    r = ix.search("title:fruit cherry kiwi")
    assert names(r) == ["fruit.txt", "fruit2.txt"]  # kiwi.txt has kiwi, not the title
    assert r.fallback and r.all_words_total == 0
    assert names(ix.search("-title:fruit apple banana")) == ["durian.txt", "kiwi.txt"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("+durian apple banana cherry", ["durian.txt"]),
        ("dur* apple cherry", ["durian.txt"]),
        ("durain~ apple cherry", ["durian.txt"]),
        ("(durian OR kiwi) cherry", ["durian.txt", "kiwi.txt"]),
    ],
)
def test_plus_prefix_fuzzy_and_brackets_hold(
    ix: SearchIndex, query: str, expected: list[str]
) -> None:
    r = ix.search(query)
    assert sorted(names(r)) == expected
    assert r.hits and r.fallback  # no article has every word: the plain ones relaxed


def test_a_fuzzy_distance_past_two_is_two_never_a_phrase(ix: SearchIndex) -> None:
    """`dorain` is two edits from "durian": `~10` searches it within two, not "dorain 10"."""
    assert ix.search("dorain~").hits == ()
    r = ix.search("dorain~10")
    assert names(r) == ["durian.txt"]
    assert r.message == "A fuzzy word is at most 2 edits away: dorain~10 read as dorain~2"


def test_nearness_after_a_phrase_keeps_the_phrase_exact_and_says_so(ix: SearchIndex) -> None:
    exact = ix.search('"apple banana"')
    near = ix.search('"apple banana"~3')
    assert names(near) == names(exact) and sorted(names(near)) == ["fruit.txt", "fruit2.txt"]
    assert not near.fallback
    assert near.message == (
        '"…"~3 (words near each other) is not supported: the phrase is as written'
    )


def test_an_or_at_the_top_stays_one_strict_query(ix: SearchIndex) -> None:
    assert sorted(names(ix.search("cherry OR kiwi"))) == ["fruit.txt", "kiwi.txt"]
    assert ix.search("zzzq OR qqqz").hits == ()


def test_only_exclusions_ask_for_a_word(ix: SearchIndex) -> None:
    r = ix.search("-apple -banana")
    assert r.hits == () and r.message and "Add a word" in r.message


# --- punctuation that cannot be an operator -----------------------------------------------------


def test_characters_that_cannot_be_operators_are_punctuation() -> None:
    words = Group("and", (Word("apple"), Word("banana")))
    for query in (
        "apple * banana",
        "apple + banana",
        "apple - banana",
        "apple ? banana",
        "apple *, banana",
        "apple +.) banana",
        "*apple* banana",
        "apple ~ banana",
    ):
        p = parse(query)
        assert p.plain and p.node == words, query  # fmt: skip
    # A sign before a digit is a number's.
    assert parse("apple -5").node == Group("and", (Word("apple"), Word("5")))
    # Still operators where they can be.
    assert parse("apple -banana").node == Group("and", (Word("apple"), Not(Word("banana"))))
    assert parse("apple +banana").node == Group(
        "and", (Word("apple"), Word("banana", required=True))
    )
    assert parse('apple -"banana split"').node == Group(
        "and", (Word("apple"), Not(Phrase("banana split")))
    )


CACM_39 = (
    "What does type compatibility mean in languages that allow programmer defined types? (You "
    'might want to restrict this to "extensible" languages that allow definition of abstract '
    "data types or programmer-supplied definitions of operators like *, +.)"
)


@pytest.mark.parametrize(
    "question",
    [
        CACM_39,
        "Which fruit goes with -dash and -zzzq in a basket?",
        "apple * banana",
        "apple + banana",
        "apple - banana",
        "apple ? banana",
        "what is a basket (of fruit) like *, +.)",
        'a "lone quote and -minus words about a banana',
    ],
)
def test_pasted_questions_sharing_a_word_are_never_empty(tmp_path: Path, question: str) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "types.txt").write_text(
        "Type systems\n\nAbstract data types and programmer defined types in languages.\n"
    )
    for name, text in ARTICLES.items():
        (root / name).write_text(text, "utf-8")
    index = SearchIndex(root, tmp_path / "ix", procs=1)
    index.update(scan(root))
    r = index.search(question)
    assert r.hits, (question, r.message)
    if question == CACM_39:
        assert names(r)[0] == "types.txt"
    index.close()


_SHARED = ["apple", "banana", "zen", "python", "strikes", "union", "résumé", "cherry"]
_STRAY = ["*", "+", "-", "?", "*,", "+.)", "(", ")", "-5", "~", "-zzzq", "NOT zzzq", "the", "of"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(_SHARED), min_size=1, max_size=6),
    st.lists(st.sampled_from(_STRAY), max_size=8),
    st.randoms(use_true_random=False),
    st.booleans(),
)
def test_no_question_sharing_a_word_and_breaking_no_operator_is_empty(
    ix: SearchIndex, real: list[str], stray: list[str], rnd: object, typing: bool
) -> None:
    words = real + stray
    rnd.shuffle(words)  # type: ignore[attr-defined]
    text = " ".join(words) + "?"  # a question: no word is being typed
    r = ix.search(text, typing=typing)
    assert r.hits, (text, r.message)


# --- the PEPs, when this machine has them -------------------------------------------------------

PEPS = SHARED / "corpora" / "peps"


@pytest.mark.skipif(not PEPS.is_dir(), reason="no PEPs in ../shared/corpora/peps")
def test_there_should_be_one_finds_exactly_the_peps_holding_it(tmp_path: Path) -> None:
    index = SearchIndex(PEPS, tmp_path / "ix")
    index.update(scan(PEPS))
    # Word for word as the index reads the articles: words apart only by what is not a word.
    pattern = re.compile(r"(?<![\w.-])there\W+should\W+be\W+one(?![\w]|[.-]\w)", re.IGNORECASE)
    expected = set()
    for path in sorted(PEPS.glob("*.txt")):
        art = load_article(path)
        if pattern.search(f"{art.title}\n\n{art.body_text}"):
            expected.add(path.name)
    r = index.search('"there should be one"', limit=1000)
    assert len(expected) >= 5
    assert set(names(r)) == expected
    index.close()
