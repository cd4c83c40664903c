"""The work a search does at each keystroke, and a start's no-change check, counted (not
timed): the vocabulary read only by the searches that use it, each term looked up once a
segment, each article's words read once for its snippets, the index's segments opened once;
and the answers the same as without these savings (issue 25, item 5)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from whoosh.reading import SegmentReader

from reader.core.corpus import scan
from reader.search import analysis, highlight, postings, read_texts, text_words
from reader.search.service import SearchIndex
from tests.conftest import SEED

WORDS = "otter beaver heron salmon willow reed marsh delta estuary tide".split()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    root.mkdir()
    for i in range(60):
        words = [WORDS[(i * k) % len(WORDS)] for k in range(1, 30)]
        (root / f"a{i:03d}.txt").write_text(f"{WORDS[i % 10]} {i}\n\n{' '.join(words)}.\n")
    return root


def hits(ix: SearchIndex, query: str, *, typing: bool = False) -> list[tuple[str, float, str]]:
    found = ix.search(query, limit=30, typing=typing).hits
    return [(h.path, h.score, h.snippet) for h in found]


def test_only_searches_that_use_the_vocabulary_read_it(corpus: Path, tmp_path: Path) -> None:
    # Read at every searcher opened, it was megabytes of JSON at 100,000 articles for the
    # no-change check and for `reader search WORD`, which never use it.
    SearchIndex(corpus, tmp_path / "ix", procs=1).update(scan(corpus))
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)  # a new process: the index is built
    assert ix.update(scan(corpus)).added == 0
    assert hits(ix, "otter beaver")
    assert ix.vocabulary.loads == 0
    assert hits(ix, "ott", typing=True)  # a prefix completes from the vocabulary
    assert ix.vocabulary.loads == 1
    assert hits(ix, "tide~") and hits(ix, "del", typing=True)
    assert ix.vocabulary.loads == 1
    ix.close()


def test_the_no_change_check_opens_each_segment_once(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The quick check of the index opened a searcher of every segment, closed it, and the
    # stats check opened them all again.
    built = SearchIndex(corpus, tmp_path / "ix", procs=1)
    files = scan(corpus)
    for n in (20, 40, 60):  # an update a segment
        built.update(files[:n])
    built.close()
    opened: list[object] = []
    real = SegmentReader.__init__

    def counted(self: SegmentReader, *args: object, **kwargs: object) -> None:
        opened.append(self)
        real(self, *args, **kwargs)

    monkeypatch.setattr(SegmentReader, "__init__", counted)
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)
    assert ix.update(scan(corpus)).added == 0
    segments = len(ix._store.searcher().reader().leaf_readers())
    assert segments > 1 and len(opened) == segments
    assert hits(ix, "otter")
    ix.close()


def test_the_app_reads_the_vocabulary_before_the_first_key(corpus: Path, tmp_path: Path) -> None:
    SearchIndex(corpus, tmp_path / "ix", procs=1).update(scan(corpus))
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)
    ix.update(scan(corpus))
    ix.read_vocabulary()
    assert ix.vocabulary.loads == 1
    assert hits(ix, "ott", typing=True)
    assert ix.vocabulary.loads == 1
    ix.close()


def _lookups(ix: SearchIndex) -> int:
    s = ix._store.searcher()
    known = [r._terms._tindex for r, _ in s.reader().leaf_readers()]
    assert known and all(isinstance(k, postings.KnownTerms) for k in known)
    return sum(k.lookups for k in known)


QUERIES = ["otter", "otter beaver", "ott", "heron salmon willow", "title:otter", "tide~", "zzz"]


def test_each_term_is_looked_up_once_a_segment(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.search.writing.SPLIT_MIN_DOCS", 10)  # several segments
    ix = SearchIndex(corpus, tmp_path / "ix", procs=2)
    ix.update(scan(corpus))
    ix._store.close_searcher()
    first = {q: hits(ix, q) for q in QUERIES}
    looked_up = _lookups(ix)
    assert looked_up > 0
    assert {q: hits(ix, q) for q in reversed(QUERIES)} == first
    assert _lookups(ix) == looked_up  # every place was kept
    # ... and the answers are Whoosh's own lookups' answers
    monkeypatch.setattr(postings, "keep_term_places", lambda searcher: None)
    ix._store.close_searcher()
    assert {q: hits(ix, q) for q in QUERIES} == first
    ix.close()


def test_known_terms_are_bounded(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(postings, "KNOWN_TERMS", 5)
    ix = SearchIndex(corpus, tmp_path / "ix", procs=1)
    ix.update(scan(corpus))
    first = {q: hits(ix, q) for q in QUERIES}
    s = ix._store.searcher()
    assert all(len(r._terms._tindex._places) <= 5 for r, _ in s.reader().leaf_readers())
    assert {q: hits(ix, q) for q in QUERIES} == first
    ix.close()


TEXTS = [
    "The e-mail from the U.S. office: Python 3.14 ships ssize_t and foo_bar, co-op x.y.z; "
    "a..b ab.-cd __init__ -x- .5 naïve café Ünïcode résumé; the-end. ",
    "Otters and beavers swim; an otter's den, the beaver's dam, otters otter OTTER. ",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("limit", [None, 1, 2, 3, 50])
def test_spans_from_a_kept_text_are_term_spans(text: str, limit: int | None) -> None:
    text = text * 20  # long enough to be kept
    assert read_texts.SHORTEST <= len(text) <= read_texts.LONGEST
    vocab = sorted({t for t, _ in analysis.analyse("body", text)})
    rng = random.Random(7)
    for _ in range(40):
        terms = frozenset(rng.sample(vocab, rng.randint(1, len(vocab))) + ["zzz"])
        assert read_texts.spans_of(text, terms, limit) == text_words.term_spans(text, terms, limit)


def test_an_articles_words_are_read_once_for_its_snippets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Typing `o`, `ot`, `ott` asks each best hit's snippet again with other terms: the words
    # of its text were read through the analyzer each time.
    read_texts.forget()
    path = tmp_path / "a.txt"
    path.write_text("Otters\n\n" + "The otter and the beaver by the reed bed. " * 60)
    before = read_texts.reads
    made = [highlight.file_snippet(os.fspath(path), frozenset(t)) for t in (["otter"], ["beaver"])]
    assert read_texts.reads == before + 1
    monkeypatch.setattr(highlight, "spans_of", text_words.term_spans)  # read afresh each time
    assert made == [
        highlight.file_snippet(os.fspath(path), frozenset(t)) for t in (["otter"], ["beaver"])
    ]


def test_kept_texts_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    read_texts.forget()
    monkeypatch.setattr(read_texts, "CHARS_KEPT", 5_000)
    for n in range(10):
        read_texts.spans_of(f"{n} " + "otter beaver " * 200, frozenset({"otter"}))
    assert 0 < read_texts._kept <= 5_000 and len(read_texts._tables) == 1
    read_texts.forget()


def test_a_kept_texts_words_are_worked_out_as_searches_need_them() -> None:
    # A text's words are worked out when a search may hold them (a cold `reader search` read
    # every word of its ten hits through the analyzer); the spans stay term_spans' whatever
    # the order of the searches.
    read_texts.forget()
    text = SEED.read_text(encoding="utf-8")[: read_texts.LONGEST]
    vocab = sorted({t for t, _ in analysis.analyse("body", text)})
    read_texts.spans_of(text, frozenset({"missil"}))
    table = read_texts._tables[text]
    assert 0 < len(table.unread) < len(table.terms)  # "missiles" worked out, "Ukraine" not
    rng = random.Random(11)
    for _ in range(60):
        terms = frozenset(rng.sample(vocab, rng.randint(1, 4)))
        assert read_texts.spans_of(text, terms) == text_words.term_spans(text, terms)
    read_texts.forget()
