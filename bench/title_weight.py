"""How much a headline's words should count: the title weight, chosen by leave-one-out.

For each candidate weight the product ranks every collection of bench/ranking.py; a figure is
the product's headline metric divided by the best baseline's on that collection (so
collections of different difficulty count alike). Leaving each collection out in turn, the
weight with the best mean ratio over the others is picked and its ratio on the left-out
collection reported: a weight that only suits one collection shows up as a poor held-out
figure. `python -m bench.title_weight [--weights 0,0.5,1]` prints the markdown section.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from unittest import mock

from bench.collections import Collection, available
from bench.ranking import headline_metric, score
from bench.systems import SYSTEMS, run_reader, tantivy_available

WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)


def figures(colls: Sequence[Collection], weights: Sequence[float]) -> dict[float, list[float]]:
    """weight -> the product's headline figure on each collection."""
    out: dict[float, list[float]] = {}
    for w in weights:
        with mock.patch("reader.search.compile.TITLE_WEIGHT", w):
            out[w] = [
                score(run_reader(c, reuse=True), c.relevant)[headline_metric(c)] for c in colls
            ]
    return out


def best_baselines(colls: Sequence[Collection]) -> list[float]:
    """The best baseline's headline figure on each collection."""
    names = [n for n in SYSTEMS if n != "reader" and (n != "tantivy" or tantivy_available())]
    return [
        max(score(SYSTEMS[n][1](c, reuse=True), c.relevant)[headline_metric(c)] for n in names)
        for c in colls
    ]


def report(colls: Sequence[Collection], figs: dict[float, list[float]], base: list[float]) -> str:
    """The table of figures, the ratios, and the leave-one-out choices."""
    names = [c.name for c in colls]
    lines = [
        "## Title weight, by leave-one-out",
        "",
        "The product's figure (nDCG@10 or MRR) at each title weight, and the best baseline's.",
        "",
        "| title weight | " + " | ".join(names) + " | mean ratio to best baseline |",
        "|---:|" + "---:|" * (len(names) + 1),
    ]
    ratios = {
        w: [f / b if b else 0.0 for f, b in zip(fs, base, strict=True)] for w, fs in figs.items()
    }
    for w, fs in figs.items():
        mean = sum(ratios[w]) / len(ratios[w])
        lines.append(f"| {w:g} | " + " | ".join(f"{f:.3f}" for f in fs) + f" | {mean:.3f} |")
    lines.append("| best baseline | " + " | ".join(f"{b:.3f}" for b in base) + " | 1.000 |")
    lines += ["", "| left out | weight chosen on the others | its ratio there |", "|---|---:|---:|"]
    for i, name in enumerate(names):
        pick = max(figs, key=lambda w: sum(r for j, r in enumerate(ratios[w]) if j != i))
        lines.append(f"| {name} | {pick:g} | {ratios[pick][i]:.3f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.title_weight")
    parser.add_argument("--weights", default=",".join(f"{w:g}" for w in WEIGHTS))
    args = parser.parse_args(argv)
    colls = available(False)
    weights = [float(w) for w in args.weights.split(",")]
    print(report(colls, figures(colls, weights), best_baselines(colls)), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
