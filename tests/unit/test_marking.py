"""What a search marks and counts in a text is what the index reads there (issue 24 items 1,
2, 4; issue 23 item 6): words inside dotted names, title-only terms kept to the title, snippets
cut at word boundaries, and a snippet's bounded read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.core import article as article_mod
from reader.core.corpus import scan
from reader.search import highlight
from reader.search.analysis import ANALYZER, EXACT_ANALYZER, analyse
from reader.search.highlight import field_terms, file_snippet, highlight_spans, make_snippet
from reader.search.service import SearchIndex
from reader.search.text_words import read_words

DOTTED = (
    "Use asyncio.get_child_watcher() or asyncio.Future; watcher = asyncio.FastChildWatcher()."
    " Plain asyncio too."
)
MIXED = (
    "The e-mail of asyncio.get_child_watcher() in the U.S. café: ssize_t, heat-transfer,"
    " Running runs *Trojan* 3.14 and PyUnicode_Export.  Ünïcödé words, x, a-b-c-d."
)


def marked(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_words_inside_dotted_names_are_marked() -> None:
    spans = highlight_spans(DOTTED, frozenset({"asyncio"}))
    assert marked(DOTTED, spans) == ["asyncio"] * 4
    # the dotted name itself still marks as a whole
    whole = highlight_spans(DOTTED, frozenset(t for t, _ in analyse("body", "asyncio.Future")))
    assert marked(DOTTED, whole) == ["asyncio.Future"]


@pytest.mark.parametrize("text", [DOTTED, MIXED, MIXED.encode("ascii", "ignore").decode()])
def test_marking_reads_every_word_the_index_reads(text: str) -> None:
    """Each term the body's analyzer gives, where it gives it, is read for marking (the
    parts of dotted names besides); the exact field's reading is its analyzer's, positions
    and all (phrases are found by them)."""
    indexed = {(t.text, t.startchar, t.endchar) for t in ANALYZER(text, chars=True, mode="index")}
    read = {(term, s, e) for term, _, s, e in read_words(text)}
    assert indexed <= read
    exact = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in EXACT_ANALYZER(text, positions=True, chars=True, mode="index")
    ]
    assert list(read_words(text, exact=True)) == exact
    # and what is marked for a term is where the index holds it
    for term, s, e in indexed:
        assert (s, e) in highlight_spans(text, frozenset({term})) or any(
            a <= s and e <= b for a, b in highlight_spans(text, frozenset({term}))
        )


def test_phrases_follow_the_index_positions() -> None:
    text = "Send an e-mail address, or an email address; not e mail."
    assert marked(text, highlight_spans(text, frozenset({"e mail address"}))) == ["e-mail address"]
    assert marked(text, highlight_spans(text, frozenset({"email address"}))) == ["email address"]


def test_title_only_terms_are_marked_in_the_title_only() -> None:
    terms = frozenset({"title:python code", "lambda"})
    body = "Python code is read more often than written. Use a lambda rarely."
    assert marked(body, highlight_spans(body, terms)) == ["lambda"]
    title = "Style Guide for Python Code"
    assert marked(title, highlight_spans(title, terms, "title")) == ["Python Code"]
    assert field_terms(terms, "body") == frozenset({"lambda"})


@pytest.fixture
def pep8_like(tmp_path: Path) -> SearchIndex:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "pep8.txt").write_text(
        "Style Guide for Python Code\n\nPython code is read more often than it is written."
        "\n\nAlways use a def statement instead of binding a lambda to a name.\n",
        encoding="utf-8",
    )
    index = SearchIndex(folder, tmp_path / "index", procs=1)
    index.update(scan(folder))
    yield index
    index.close()


def test_a_title_restricted_search_marks_its_terms_for_the_title(pep8_like: SearchIndex) -> None:
    results = pep8_like.search('title:"python code" lambda')
    assert len(results.hits) == 1
    assert results.terms == frozenset({"title:python code", "lambda"})
    snippet, spans = results.hits[0].snippet, results.hits[0].snippet_spans
    assert [snippet[s:e] for s, e in spans] == ["lambda"]  # not "Python code" in the text


def whole_words_of(snippet: str, text: str) -> bool:
    """Whether each word of the snippet (its ellipses aside) stands whole in text."""
    words = set(text.split())
    return all(w in words for w in snippet.replace("\u2026", " ").split())


def test_a_snippet_starts_and_ends_at_word_boundaries() -> None:
    # The match 47 characters in: the snippet's start, 40 before it, fell inside "Abstract".
    text = "Abstract\n\nThis PEP proposes a way to defer the lazy imports of modules."
    snippet, spans = make_snippet(text, frozenset({"lazi"}))
    assert whole_words_of(snippet, text)
    assert [snippet[s:e] for s, e in spans] == ["lazy"]
    long = ("Lines\nof words\n" * 40) + "a lazy word\n" + ("and\nmore words\n" * 40)
    for terms in (frozenset({"lazi"}), frozenset({"word"}), frozenset()):
        snippet, _ = make_snippet(long, terms)
        assert whole_words_of(snippet, long), snippet


def test_a_snippet_reads_a_bounded_part_of_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "zebras.txt"
    path.write_text("Zebras\n\n" + "zebra " * 100_000 + "\n", encoding="utf-8")
    asked: list[int | None] = []
    load = article_mod.load_article

    def spy(p: Path, *, chars: int | None = None) -> article_mod.Article:
        asked.append(chars)
        return load(p, chars=chars)

    monkeypatch.setattr(article_mod, "load_article", spy)
    snippet, spans = file_snippet(str(path), frozenset({"zebra"}))
    assert asked == [highlight.SNIPPET_READ]
    assert snippet.startswith("zebra zebra") and spans  # the text, not only its first line


def test_a_bounded_parse_keeps_the_text_of_a_long_line(tmp_path: Path) -> None:
    path = tmp_path / "zebras.txt"
    path.write_text("Zebras\n\n" + "zebra " * 10_000 + "\n", encoding="utf-8")
    body = article_mod.load_article(path, chars=1_000).body_text
    assert 900 <= len(body) <= 1_000 and re.fullmatch(r"(zebra ?)+", body)
