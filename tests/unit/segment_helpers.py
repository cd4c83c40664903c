"""Documents, segments and what a segment holds, for the tests of the segment writers
(test_fast_segments, test_joined)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import index as windex

from reader.core.corpus import scan
from reader.search.analysis import make_schema
from reader.search.documents import document

# Words of every kind the tokenizer treats apart: hyphens, underscores, dots, accents, stop
# words, digits, capitals; a word repeated far apart (gaps over 255 and 65,535 positions).
_KINDS = (
    "The e-mail of the U.S. office (COVID-19) named asyncio.Future and ssize_t; "
    "Python 3.8 and 3.14 came, café naïve Zoë, x-ray-vision well-known-long-name "
    "a.b-c.d 8.8 re-re re_re -- __init__ state-of-the-art ... it's don't 'quoted' "
)
TEXTS = {
    "kinds.txt": f"Kinds of words: e-mail\n\n{_KINDS * 3}",
    "long.txt": "A long one\n\n" + "filler " * 300 + "rare " + "padding " * 70_000 + "rare end",
    "plain.md": "# Plain title\n\nJust a few plain words, and the title again: plain title.",
    "empty.txt": "",
    "source.txt": "Title: Sourced piece\nSource: NBC News\nDate: 2021-03-04\n\nThe text, sourced.",
    "many.txt": "Many\n\n" + " ".join(f"w{n % 300} v{n % 7}-{n % 11}" for n in range(3000)),
}


def write_segment_corpus(root: Path) -> Path:
    """TEXTS, and 80 notes mixing the queries' words in varied measure."""
    for name, text in TEXTS.items():
        (root / name).write_text(text, "utf-8")
    for n in range(80):
        words = [w for i, w in enumerate(_TOPICS) if (n >> (i % 7)) & 1 or (n + i) % 5 == 0]
        body = " ".join(f"{w} " * (1 + (n + i) % 4) + "and some more" for i, w in enumerate(words))
        (root / f"note_{n:02d}.txt").write_text(f"Note {words[0]} {n}\n\n{body}.\n", "utf-8")
    return root


def _docs(root: Path) -> list[dict[str, Any]]:
    docs = []
    for f in scan(root):
        doc = document(f)
        doc.pop("_unreadable", None)
        doc.pop("_summary", None)
        docs.append(doc)
    return docs


_TOPICS = "office python title rare plain source text art state e-mail naive w12 v3-4".split()


def _segment(where: Path, cls: type, docs: list[dict[str, Any]]) -> Any:
    where.mkdir()
    ix = windex.create_in(str(where), make_schema(), "MAIN")
    writer = cls(ix, compound=False)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return ix


def _contents(ix: Any) -> dict[str, Any]:
    """Everything a reader reads of a one-segment index, term by term."""
    out: dict[str, Any] = {}
    with ix.searcher() as s:
        r = s.reader()
        out["stored"] = list(r.all_stored_fields())
        for name, field in r.schema.items():
            if not field.indexed:
                continue
            out[f"lengths:{name}"] = [r.doc_field_length(d, name) for d in range(r.doc_count())]
            for term in r.lexicon(name):
                info = r.term_info(name, term)
                m = r.postings(name, term)
                posts = []
                while m.is_active():
                    posts.append((m.id(), m.weight(), m.value() or b""))
                    m.next()
                out[f"{name}:{term!r}"] = (
                    posts,
                    info.weight(),
                    info.doc_frequency(),
                    info.min_length(),
                    info.max_length(),
                    info.max_weight(),
                    info.min_id(),
                    info.max_id(),
                )
    return out
