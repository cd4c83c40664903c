"""Ranking quality: the product beside four baselines on every collection this machine has.

Judged collections (CISI, CACM questions) are scored with nDCG@10 (binary gains, log2 discount)
and MAP over the top 100; known-item collections (headline searches on the PEPs and on a
generated corpus, one right answer each) with the mean reciprocal rank over the top 100 and
success@1. The systems and collections are described in `bench/systems.py` and
`bench/collections.py`. The product's searches are complete: no time limit cuts them short.

`python -m bench.ranking [--quick] [--only NAME ...]` prints the markdown section; `evaluate()`
returns it.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Iterable, Mapping, Sequence

from bench.collections import QUICK_QUERIES, Collection, available
from bench.systems import DEPTH, SYSTEMS, Rankings, tantivy_available

NDCG_DEPTH = 10
MAP_DEPTH = DEPTH

__all__ = ["QUICK_QUERIES", "average_precision", "evaluate", "ndcg_at", "reciprocal_rank", "score"]


# --- metrics ----------------------------------------------------------------------------------


def _unique(ranking: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(ranking))


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


def reciprocal_rank(ranking: Sequence[str], relevant: Iterable[str], k: int = MAP_DEPTH) -> float:
    """1 / the rank of the first relevant document in the top k, else 0."""
    rel = set(relevant)
    for rank, doc in enumerate(_unique(ranking)[:k], 1):
        if doc in rel:
            return 1.0 / rank
    return 0.0


def score(
    rankings: Mapping[str, Sequence[str]], relevant: Mapping[str, set[str]]
) -> dict[str, float]:
    """Means over the queries: nDCG@10, MAP@100, MRR, success@1; and how many found nothing."""
    qids = list(rankings)
    n = len(qids)
    if not n:
        return {"ndcg": 0.0, "map": 0.0, "mrr": 0.0, "s1": 0.0, "queries": 0, "empty": 0}
    rel = {q: relevant.get(q, set()) for q in qids}
    rr = [reciprocal_rank(rankings[q], rel[q]) for q in qids]
    return {
        "ndcg": sum(ndcg_at(rankings[q], rel[q]) for q in qids) / n,
        "map": sum(average_precision(rankings[q], rel[q]) for q in qids) / n,
        "mrr": sum(rr) / n,
        "s1": sum(1 for r in rr if r == 1.0) / n,
        "queries": n,
        "empty": sum(1 for q in qids if not rankings[q]),
    }


def headline_metric(coll: Collection) -> str:
    """The figure a collection is compared on: nDCG@10 for questions, MRR for known items."""
    return "ndcg" if coll.kind == "judged" else "mrr"


# --- the run and the report -------------------------------------------------------------------


def run_all(
    colls: Sequence[Collection], systems: Sequence[str], *, reuse: bool
) -> dict[str, dict[str, dict[str, float]]]:
    """collection name -> system -> score, every system on every collection."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for coll in colls:
        out[coll.name] = {}
        for name in systems:
            started = time.perf_counter()
            rankings: Rankings = SYSTEMS[name][1](coll, reuse=reuse)
            out[coll.name][name] = score(rankings, coll.relevant)
            out[coll.name][name]["seconds"] = time.perf_counter() - started
    return out


def evaluate(quick: bool = False, only: Sequence[str] | None = None) -> str:
    """The ranking section for BENCHMARKS.md."""
    colls = [c for c in available(quick) if not only or c.name in only]
    systems = [s for s in SYSTEMS if s != "tantivy" or tantivy_available()]
    started = time.perf_counter()
    scores = run_all(colls, systems, reuse=quick)
    return format_report(colls, scores, quick=quick, seconds=time.perf_counter() - started)


def _delta(ours: float, theirs: float) -> str:
    return "n/a" if theirs == 0 else f"{100.0 * (ours - theirs) / theirs:+.1f}%"


def format_report(
    colls: Sequence[Collection],
    scores: Mapping[str, Mapping[str, Mapping[str, float]]],
    *,
    quick: bool = False,
    seconds: float | None = None,
) -> str:
    """The markdown section: a summary table, then one table per collection."""
    systems = [s for s in SYSTEMS if any(s in scores[c.name] for c in colls)]
    lines = [
        "## Ranking quality" + (" (quick subset)" if quick else ""),
        "",
        "Each collection's headline figure: nDCG@10 for questions with judgements, MRR for "
        "known-item (headline) searches. Every system gets the same files; the product's "
        "searches are complete (no time limit)"
        + (f"; the run took {seconds:.0f} s" if seconds is not None else "")
        + (f"; a fixed subset of {QUICK_QUERIES} queries per collection" if quick else "")
        + ".",
        "",
        "| system | " + " | ".join(c.name for c in colls) + " | mean |",
        "|---|" + "---:|" * (len(colls) + 1),
    ]
    means: dict[str, float] = {}
    for name in systems:
        figures = [scores[c.name][name][headline_metric(c)] for c in colls]
        means[name] = sum(figures) / len(figures) if figures else 0.0
        cells = " | ".join(f"{f:.3f}" for f in figures)
        lines.append(f"| {SYSTEMS[name][0]} | {cells} | {means[name]:.3f} |")
    baselines = [s for s in systems if s != "reader"]
    if "reader" in systems and baselines:
        lines.append("")
        for c in colls:
            m = headline_metric(c)
            best = max(baselines, key=lambda s: scores[c.name][s][m])
            ours, theirs = scores[c.name]["reader"][m], scores[c.name][best][m]
            lines.append(
                f"- {c.name}: reader {ours:.3f}, best baseline {SYSTEMS[best][0]} {theirs:.3f} "
                f"({_delta(ours, theirs)})."
            )
        best_mean = max(baselines, key=lambda s: means[s])
        lines.append(
            f"- Mean: reader {means['reader']:.3f}, best baseline {SYSTEMS[best_mean][0]} "
            f"{means[best_mean]:.3f} ({_delta(means['reader'], means[best_mean])})."
        )
    for c in colls:
        lines += ["", f"### {c.name}", "", _describe(c), ""]
        if c.kind == "judged":
            lines += ["| system | nDCG@10 | MAP@100 | empty | s |", "|---|---:|---:|---:|---:|"]
            keys = ("ndcg", "map")
        else:
            lines += ["| system | MRR | success@1 | empty | s |", "|---|---:|---:|---:|---:|"]
            keys = ("mrr", "s1")
        for name in systems:
            s = scores[c.name][name]
            lines.append(
                f"| {SYSTEMS[name][0]} | {s[keys[0]]:.3f} | {s[keys[1]]:.3f} "
                f"| {int(s['empty'])} | {s.get('seconds', 0.0):.1f} |"
            )
    return "\n".join(lines) + "\n"


def _describe(c: Collection) -> str:
    n_docs = sum(1 for p in c.docs.rglob("*.txt"))
    if c.kind == "judged":
        return f"{n_docs:,} documents, {len(c.queries)} judged questions."
    if c.name == "PEPs":
        return (
            f"{n_docs:,} PEPs; {len(c.queries)} searches, each the first four content words of "
            "one PEP's title (lower-cased), that PEP the one right answer."
        )
    if c.name == "PEPs typed":
        return (
            f"{n_docs:,} PEPs; {len(c.queries)} searches, each the first four content words of "
            "one PEP's title as a person types them (split at anything not a letter, digit, "
            "apostrophe or hyphen: `python 3 8 release`), that PEP the one right answer."
        )
    return (
        f"{n_docs:,} generated articles; {len(c.queries)} searches, each a word (or a pair of "
        "words) found in one headline only, that article the one right answer."
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ranking", description="Ranking quality on every collection."
    )
    parser.add_argument("--quick", action="store_true", help="a fixed subset of the queries")
    parser.add_argument(
        "--only", nargs="*", help="collection names (CISI, CACM, PEPs, 'PEPs typed', generated)"
    )
    args = parser.parse_args(argv)
    if not tantivy_available():
        print(
            "ranking: tantivy is not installed (pip install '.[bench]'); skipped", file=sys.stderr
        )
    print(evaluate(quick=args.quick, only=args.only), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
