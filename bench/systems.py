"""The search systems the ranking benchmark compares, each over the same article files.

- reader: the product's own code path, as `reader search` uses it (`SearchIndex.update`, then a
  complete `SearchIndex.search`, never cut short by a time limit);
- plain Whoosh: title + body, Whoosh's default analyzer, words OR'ed, default BM25F;
- Whoosh stemming + title x2: the same with StemmingAnalyzer and the title field boosted 2x;
- SQLite FTS5: `fts5(title, body, tokenize='porter')`, words OR'ed, ranked by `bm25()`;
- tantivy: title + body with its English stemmer, words OR'ed, its BM25 (skipped when the
  `tantivy` package, a bench-only extra, is not installed).

Each `run_*` returns query id -> document ids (paths relative to the collection), best first.
Indexes live in temporary folders; with `reuse`, in a per-user folder of the temp dir keyed by
the files (and, for reader, its source), rebuilt when either changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.collections import REPO, Collection, words

DEPTH = 100

Rankings = dict[str, list[str]]


def _fingerprint(coll: Collection, *sources: Path) -> str:
    h = hashlib.sha256(os.fspath(coll.docs.resolve()).encode())
    for path in sorted(coll.docs.rglob("*")):
        if path.is_file():
            st = path.stat()
            h.update(f"{path.relative_to(coll.docs)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for source in sources:
        for path in sorted(source.rglob("*.py")) if source.is_dir() else [source]:
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


@contextmanager
def _index_dir(
    system: str, coll: Collection, reuse: bool, *sources: Path
) -> Iterator[tuple[Path, bool]]:
    """A folder for an index: (path, fresh). Reused only with `reuse` and unchanged inputs."""
    if not reuse:
        with tempfile.TemporaryDirectory(prefix=f"reader-bench-{system}-") as tmp:
            yield Path(tmp), True
        return
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"reader-bench-{uid}" / f"{coll.name}-{system}"
    key = _fingerprint(coll, *sources)
    stamp = folder / "KEY"
    if stamp.is_file() and stamp.read_text() == key:
        yield folder / "index", False
        return
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "index").mkdir(parents=True)
    try:
        yield folder / "index", True
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    stamp.write_text(key)


def run_reader(
    coll: Collection,
    *,
    reuse: bool = False,
    search: Callable[[Any, str, int], Any] | None = None,
) -> Rankings:
    """The product's rankings. `search(index, text, limit)` may replace the call (for tuning)."""
    from reader.core.corpus import scan
    from reader.search.service import SearchIndex

    with _index_dir("reader", coll, reuse, REPO / "reader") as (folder, _fresh):
        index = SearchIndex(coll.docs, folder)
        try:
            index.update(scan(coll.docs))
            out: Rankings = {}
            for qid, text in coll.queries.items():
                if search is not None:
                    hits = search(index, text, DEPTH)
                else:
                    hits = index.search(text, limit=DEPTH).hits  # complete: no time limit
                out[qid] = [coll.doc_id(h.path) for h in hits][:DEPTH]
            return out
        finally:
            index.close()


def _whoosh(
    coll: Collection, reuse: bool, name: str, stemming: bool, title_boost: float
) -> Rankings:
    from whoosh import index as windex
    from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import MultifieldParser, OrGroup

    analyzer = StemmingAnalyzer() if stemming else StandardAnalyzer()
    with _index_dir(name, coll, reuse) as (folder, fresh):
        if fresh:
            schema = Schema(
                doc=ID(stored=True, unique=True),
                title=TEXT(analyzer=analyzer),
                body=TEXT(analyzer=analyzer),
            )
            ix = windex.create_in(os.fspath(folder), schema)
            writer = ix.writer()
            for doc, (title, body) in coll.articles().items():
                writer.add_document(doc=doc, title=title, body=body)
            writer.commit()
        else:
            ix = windex.open_dir(os.fspath(folder))
        boosts = {"title": title_boost} if title_boost != 1.0 else None
        parser = MultifieldParser(["title", "body"], ix.schema, group=OrGroup, fieldboosts=boosts)
        out: Rankings = {}
        with ix.searcher() as searcher:
            for qid, text in coll.queries.items():
                # The words alone, so "?" or "*" in a question cannot become a wildcard.
                query = parser.parse(" ".join(words(text)))
                out[qid] = [hit["doc"] for hit in searcher.search(query, limit=DEPTH)]
        ix.close()
        return out


def run_whoosh(coll: Collection, *, reuse: bool = False) -> Rankings:
    """Plain Whoosh: default analyzer, title + body, words OR'ed, BM25F."""
    return _whoosh(coll, reuse, "whoosh", stemming=False, title_boost=1.0)


def run_whoosh_stem_title(coll: Collection, *, reuse: bool = False) -> Rankings:
    """Whoosh with stemming and the title weighted 2x."""
    return _whoosh(coll, reuse, "whoosh-stem", stemming=True, title_boost=2.0)


def fts5_query(text: str) -> str:
    """The words OR'ed, each quoted so no word reads as FTS5 syntax."""
    return " OR ".join(f'"{w}"' for w in words(text))


def run_fts5(coll: Collection, *, reuse: bool = False) -> Rankings:
    """SQLite FTS5: porter tokenizer, words OR'ed, ranked by bm25() (an in-memory table)."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(doc UNINDEXED, title, body, tokenize='porter')"
        )
        con.executemany(
            "INSERT INTO docs (doc, title, body) VALUES (?, ?, ?)",
            ((doc, title, body) for doc, (title, body) in coll.articles().items()),
        )
        out: Rankings = {}
        for qid, text in coll.queries.items():
            match = fts5_query(text)
            rows = (
                con.execute(
                    "SELECT doc FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                    (match, DEPTH),
                )
                if match
                else []
            )
            out[qid] = [row[0] for row in rows]
        return out
    finally:
        con.close()


def tantivy_available() -> bool:
    """True when the bench-only `tantivy` package is installed."""
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


def run_tantivy(coll: Collection, *, reuse: bool = False) -> Rankings:
    """tantivy: title + body with the en_stem tokenizer, words OR'ed, BM25 (in memory)."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("doc", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=False, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=False, tokenizer_name="en_stem")
    schema = builder.build()
    index = tantivy.Index(schema)
    writer = index.writer(heap_size=128_000_000, num_threads=1)
    for doc, (title, body) in coll.articles().items():
        writer.add_document(tantivy.Document(doc=doc, title=title, body=body))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    out: Rankings = {}
    for qid, text in coll.queries.items():
        terms = words(text)
        if not terms:
            out[qid] = []
            continue
        query = index.parse_query(" OR ".join(f'"{w}"' for w in terms), ["title", "body"])
        hits = searcher.search(query, DEPTH).hits
        out[qid] = [searcher.doc(address)["doc"][0] for _score, address in hits]
    return out


SYSTEMS: dict[str, tuple[str, Callable[..., Rankings]]] = {
    "reader": ("reader (the product's search)", run_reader),
    "whoosh": ("plain Whoosh (BM25F, title + body, OR)", run_whoosh),
    "whoosh-stem": ("Whoosh stemming + title x2", run_whoosh_stem_title),
    "fts5": ("SQLite FTS5 (porter, bm25, OR)", run_fts5),
    "tantivy": ("tantivy (en_stem, BM25, OR)", run_tantivy),
}
