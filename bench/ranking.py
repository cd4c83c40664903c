"""Ranking quality on the CISI test collection: the product beside two plain baselines.

For every judged question of `../shared/corpora/cisi` (see its SOURCE.md) the same question is
run through three systems over the same 1,460 documents, and each ranking is scored against the
judgements with nDCG@10 and MAP over the top 100:

- reader: the product's own code path, as `reader search` uses it (`SearchIndex.update`, then
  `SearchIndex.search(text, limit=100)`);
- plain Whoosh: a title + body schema with Whoosh's default analyzer, the question's words
  OR'ed by `MultifieldParser`, default BM25F scoring;
- SQLite FTS5: `fts5(title, body, tokenize='porter')`, the words OR'ed, ranked by `bm25()`.

`python -m bench.ranking [--quick] [--cisi PATH]` prints the markdown section; `evaluate()`
returns it (None when the collection is absent). The `run_*` functions return the rankings per
query, for anyone tuning the search. Nothing is written under the collection: indexes live in
temporary folders (with `quick`, a per-user one in the temp dir, reused while nothing changed).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CISI = REPO.parent / "shared" / "corpora" / "cisi"

NDCG_DEPTH = 10
MAP_DEPTH = 100
QUICK_QUERIES = 15

Rankings = dict[int, list[str]]
"""Query number -> document numbers ("NNNN"), best first."""

_WORD_RE = re.compile(r"\w+")


# --- the collection ---------------------------------------------------------------------------


def load_queries(cisi: Path) -> dict[int, str]:
    """Query number -> its text."""
    queries: dict[int, str] = {}
    for line in (cisi / "queries.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, _, text = line.partition("\t")
            queries[int(qid)] = text.strip()
    return queries


def load_qrels(cisi: Path) -> dict[int, set[str]]:
    """Query number -> the documents judged relevant (only judged queries appear)."""
    qrels: dict[int, set[str]] = {}
    for line in (cisi / "qrels.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and (len(parts) < 3 or parts[2].strip() != "0"):
            qrels.setdefault(int(parts[0]), set()).add(parts[1].strip())
    return qrels


def judged_queries(cisi: Path, quick: bool = False) -> list[int]:
    """The judged query numbers, sorted; with `quick` a fixed spread of QUICK_QUERIES of them."""
    judged = sorted(set(load_qrels(cisi)) & set(load_queries(cisi)))
    if quick:
        step = max(1, len(judged) // QUICK_QUERIES)
        judged = judged[step // 2 :: step][:QUICK_QUERIES]
    return judged


def load_docs(cisi: Path) -> dict[str, tuple[str, str]]:
    """Document number -> (title, body): title is line 1, body the rest."""
    docs: dict[str, tuple[str, str]] = {}
    for path in sorted((cisi / "docs").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        title, _, body = text.partition("\n")
        docs[path.stem] = (title.strip(), body.strip())
    return docs


def words(text: str) -> list[str]:
    """The words of a question, lower-cased, in order (repeats kept), for the baselines."""
    return [w.lower() for w in _WORD_RE.findall(text)]


# --- metrics ----------------------------------------------------------------------------------


def ndcg_at(ranking: Sequence[str], relevant: Iterable[str], k: int = NDCG_DEPTH) -> float:
    """nDCG@k with binary gains and a log2(rank + 1) discount.

    The ideal ranking puts every judged relevant document first (so a query with fewer than k
    relevant documents can still reach 1.0). Repeated documents count once.
    """
    rel = set(relevant)
    if not rel:
        return 0.0
    dcg = sum(
        1.0 / math.log2(rank + 1) for rank, doc in enumerate(_unique(ranking)[:k], 1) if doc in rel
    )
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(k, len(rel)) + 1))
    return dcg / ideal


def average_precision(ranking: Sequence[str], relevant: Iterable[str], k: int = MAP_DEPTH) -> float:
    """Average precision over the top k, divided by the number of relevant documents."""
    rel = set(relevant)
    if not rel:
        return 0.0
    found = 0
    total = 0.0
    for rank, doc in enumerate(_unique(ranking)[:k], 1):
        if doc in rel:
            found += 1
            total += found / rank
    return total / len(rel)


def score(rankings: Mapping[int, Sequence[str]], qrels: Mapping[int, set[str]]) -> dict[str, float]:
    """Mean nDCG@10 and MAP@100 over the queries of `rankings`, and how many found nothing."""
    qids = list(rankings)
    if not qids:
        return {"ndcg": 0.0, "map": 0.0, "queries": 0, "empty": 0}
    ndcg = sum(ndcg_at(rankings[q], qrels.get(q, ())) for q in qids) / len(qids)
    ap = sum(average_precision(rankings[q], qrels.get(q, ())) for q in qids) / len(qids)
    empty = sum(1 for q in qids if not rankings[q])
    return {"ndcg": ndcg, "map": ap, "queries": len(qids), "empty": empty}


def per_query(
    rankings: Mapping[int, Sequence[str]], qrels: Mapping[int, set[str]]
) -> dict[int, tuple[float, float]]:
    """Query number -> (nDCG@10, AP@100), for comparing two runs query by query."""
    return {
        q: (ndcg_at(r, qrels.get(q, ())), average_precision(r, qrels.get(q, ())))
        for q, r in rankings.items()
    }


def _unique(ranking: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(ranking))


# --- index folders ----------------------------------------------------------------------------


def _fingerprint(cisi: Path, *extra: Path) -> str:
    """A key that changes when the documents (names, sizes, mtimes) or the given files change."""
    h = hashlib.sha256(os.fspath(cisi.resolve()).encode())
    for entry in sorted(os.scandir(cisi / "docs"), key=lambda e: e.name):
        st = entry.stat()
        h.update(f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for path in extra:
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.is_file() else b"-")
    return h.hexdigest()[:16]


def _index_dir(name: str, reuse: bool, key: str) -> AbstractContextManager[tuple[Path, bool]]:
    """A folder for an index: (path, fresh). Reused only with `reuse` and an unchanged key."""
    if not reuse:
        return _TempDir(name)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"reader-bench-{uid}" / f"cisi-{name}"
    stamp = folder / "KEY"
    if stamp.is_file() and stamp.read_text() == key:
        return nullcontext((folder / "index", False))
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "index").mkdir(parents=True)
    return _Stamped(folder, key)


class _TempDir(AbstractContextManager[tuple[Path, bool]]):
    def __init__(self, name: str) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix=f"reader-bench-{name}-")

    def __enter__(self) -> tuple[Path, bool]:
        return Path(self._tmp.name), True

    def __exit__(self, *exc: object) -> None:
        self._tmp.cleanup()


class _Stamped(AbstractContextManager[tuple[Path, bool]]):
    """A reusable folder: its key is written only once the index in it is complete."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = key

    def __enter__(self) -> tuple[Path, bool]:
        return self.folder / "index", True

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            (self.folder / "KEY").write_text(self.key)
        else:
            shutil.rmtree(self.folder, ignore_errors=True)


def _doc_number(path: str) -> str:
    return Path(path).stem


# --- the three systems ------------------------------------------------------------------------


def run_product(
    cisi: Path | None = None,
    qids: Sequence[int] | None = None,
    *,
    reuse: bool = False,
    limit: int = MAP_DEPTH,
    search: Callable[[object, str, int], Sequence[object]] | None = None,
) -> Rankings:
    """The product's rankings: `SearchIndex(docs, tmp).update(scan(docs))`, then `search()`.

    `search(index, text, limit)` may replace the call to `index.search(text, limit=limit).hits`
    (to try a ranking change without editing reader/index.py); each hit needs a `.path`.
    """
    from reader.core.corpus import scan
    from reader.search.index import SearchIndex

    cisi = cisi or DEFAULT_CISI
    queries = load_queries(cisi)
    qids = list(qids) if qids is not None else judged_queries(cisi)
    docs = cisi / "docs"
    key = _fingerprint(cisi, *(REPO / "reader" / f for f in ("index.py", "query.py", "article.py")))
    with _index_dir("product", reuse, key) as (folder, _fresh):
        index = SearchIndex(docs, folder)
        try:
            index.update(scan(docs))
            out: Rankings = {}
            for q in qids:
                if search is not None:
                    hits = search(index, queries[q], limit)
                else:
                    hits = index.search(queries[q], limit=limit).hits
                out[q] = [_doc_number(h.path) for h in hits][:limit]  # type: ignore[attr-defined]
            return out
        finally:
            close = getattr(index, "close", None)
            if close is not None:
                close()


def whoosh_schema():  # type: ignore[no-untyped-def]
    """The plain baseline's schema: Whoosh defaults (TEXT = StandardAnalyzer)."""
    from whoosh.fields import ID, TEXT, Schema

    return Schema(doc=ID(stored=True, unique=True), title=TEXT, body=TEXT)


def build_whoosh(cisi: Path, folder: Path, schema=None):  # type: ignore[no-untyped-def]
    """Index the documents with plain Whoosh into `folder`; returns the index."""
    from whoosh import index as windex

    ix = windex.create_in(os.fspath(folder), schema or whoosh_schema())
    writer = ix.writer()
    for doc, (title, body) in load_docs(cisi).items():
        writer.add_document(doc=doc, title=title, body=body)
    writer.commit()
    return ix


def run_whoosh(
    cisi: Path | None = None,
    qids: Sequence[int] | None = None,
    *,
    reuse: bool = False,
    limit: int = MAP_DEPTH,
    weighting=None,  # type: ignore[no-untyped-def]
) -> Rankings:
    """Plain Whoosh: title + body, default analyzer, words OR'ed, BM25F (or `weighting`)."""
    from whoosh import index as windex
    from whoosh.qparser import MultifieldParser, OrGroup

    cisi = cisi or DEFAULT_CISI
    queries = load_queries(cisi)
    qids = list(qids) if qids is not None else judged_queries(cisi)
    with _index_dir("whoosh", reuse, _fingerprint(cisi)) as (folder, fresh):
        ix = build_whoosh(cisi, folder) if fresh else windex.open_dir(os.fspath(folder))
        parser = MultifieldParser(["title", "body"], ix.schema, group=OrGroup)
        out: Rankings = {}
        searcher = ix.searcher(weighting=weighting) if weighting else ix.searcher()
        with searcher:
            for q in qids:
                # The words alone, so "?" or "*" in a question cannot become a wildcard.
                query = parser.parse(" ".join(words(queries[q])))
                out[q] = [hit["doc"] for hit in searcher.search(query, limit=limit)]
        ix.close()
        return out


def fts5_query(text: str) -> str:
    """The question's words OR'ed, each quoted so no word reads as FTS5 syntax."""
    return " OR ".join(f'"{w}"' for w in words(text))


def run_fts5(
    cisi: Path | None = None, qids: Sequence[int] | None = None, *, limit: int = MAP_DEPTH
) -> Rankings:
    """SQLite FTS5: porter tokenizer, words OR'ed, ranked by bm25() (an in-memory table)."""
    cisi = cisi or DEFAULT_CISI
    queries = load_queries(cisi)
    qids = list(qids) if qids is not None else judged_queries(cisi)
    con = sqlite3.connect(":memory:")
    try:
        con.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(doc UNINDEXED, title, body, tokenize='porter')"
        )
        con.executemany(
            "INSERT INTO docs (doc, title, body) VALUES (?, ?, ?)",
            ((doc, title, body) for doc, (title, body) in load_docs(cisi).items()),
        )
        out: Rankings = {}
        for q in qids:
            match = fts5_query(queries[q])
            if not match:
                out[q] = []
                continue
            rows = con.execute(
                "SELECT doc FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                (match, limit),
            )
            out[q] = [row[0] for row in rows]
        return out
    finally:
        con.close()


# --- the report -------------------------------------------------------------------------------

SYSTEMS: tuple[tuple[str, str], ...] = (
    ("reader", "reader (the product's search)"),
    ("whoosh", "plain Whoosh (BM25F, title + body, OR)"),
    ("fts5", "SQLite FTS5 (porter, bm25, OR)"),
)


def evaluate(quick: bool = False, cisi: Path | None = None) -> str | None:
    """The ranking section for BENCHMARKS.md, or None when the collection is absent."""
    cisi = Path(cisi) if cisi is not None else DEFAULT_CISI
    if not (cisi / "qrels.tsv").is_file() or not (cisi / "docs").is_dir():
        return None
    qrels = load_qrels(cisi)
    qids = judged_queries(cisi, quick=quick)
    started = time.perf_counter()
    runs: dict[str, Rankings] = {
        "reader": run_product(cisi, qids, reuse=quick),
        "whoosh": run_whoosh(cisi, qids, reuse=quick),
        "fts5": run_fts5(cisi, qids),
    }
    elapsed = time.perf_counter() - started
    scores = {name: score(r, qrels) for name, r in runs.items()}
    return format_table(scores, quick=quick, n_docs=len(os.listdir(cisi / "docs")), seconds=elapsed)


def format_table(
    scores: Mapping[str, Mapping[str, float]],
    *,
    quick: bool = False,
    n_docs: int = 0,
    seconds: float | None = None,
) -> str:
    """The markdown section: a heading, a line on what was run, the table, the verdict."""
    n_queries = max((int(s["queries"]) for s in scores.values()), default=0)
    lines = [
        "## Ranking quality: CISI" + (" (quick subset)" if quick else ""),
        "",
        f"{n_docs:,} abstracts, {n_queries} judged questions"
        + (" (a fixed subset; the full run uses all 76)" if quick else "")
        + "; nDCG@10 (binary gains, log2 discount) and MAP over the top 100, "
        "means over the questions"
        + (f"; run took {seconds:.1f} s" if seconds is not None else "")
        + ".",
        "",
        "| system | nDCG@10 | MAP@100 | queries |",
        "|---|---:|---:|---:|",
    ]
    for name, label in SYSTEMS:
        if name in scores:
            s = scores[name]
            lines.append(f"| {label} | {s['ndcg']:.3f} | {s['map']:.3f} | {int(s['queries'])} |")
    empty = [
        f"{dict(SYSTEMS)[n].split(' (')[0]} {int(scores[n].get('empty', 0))}"
        for n, _ in SYSTEMS
        if n in scores
    ]
    lines += ["", "Questions with no result at all: " + ", ".join(empty) + "."]
    baselines = {n: s for n, s in scores.items() if n != "reader"}
    if baselines and "reader" in scores:
        best = max(baselines, key=lambda n: (baselines[n]["ndcg"], baselines[n]["map"]))
        ours, theirs = scores["reader"], baselines[best]
        label = dict(SYSTEMS)[best]
        lines += [
            "",
            f"Best baseline: {label}, nDCG@10 {theirs['ndcg']:.3f}. reader: "
            f"{_delta(ours['ndcg'], theirs['ndcg'])} nDCG@10, "
            f"{_delta(ours['map'], theirs['map'])} MAP@100 against it.",
        ]
    return "\n".join(lines) + "\n"


def _delta(ours: float, theirs: float) -> str:
    if theirs == 0:
        return "n/a"
    return f"{100.0 * (ours - theirs) / theirs:+.1f}%"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ranking", description="Ranking quality on CISI."
    )
    parser.add_argument("--quick", action="store_true", help="a fixed subset of the questions")
    parser.add_argument("--cisi", type=Path, default=None, help="the collection's folder")
    args = parser.parse_args(argv)
    section = evaluate(quick=args.quick, cisi=args.cisi)
    if section is None:
        where = args.cisi or DEFAULT_CISI
        print(f"ranking: skipped, no CISI collection at {where}", file=sys.stderr)
        return 0
    print(section, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
