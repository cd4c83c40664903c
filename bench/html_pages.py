"""Saved web pages read as articles, scored against Firefox's reader view (issue 28).

The shared set (../shared/corpora/html: a page NAME.html, and expected/NAME.txt and NAME.json,
Readability.js's text and metadata) is scored the way its SOURCE.md says: word-level F1 of the
article's text (lower case, \\w+ words, as a multiset), titles equal once lower-cased and
whitespace collapsed (a trailing " - Site" or " | Site" on either side may go), bylines right
when every word of the expected one (a leading "by" dropped) is in ours. The time is the
whole reading of a file (reader.core.article.load_article: decode, parse, extract), per page.

`python -m bench.html_pages [FOLDER] [-v]`: the table row, and with -v each page's scores.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.collections import SHARED

CORPUS = SHARED / "html"
WORD = re.compile(r"\w+")
SEPARATORS = (" - ", " | ", " – ", " — ")

# The libraries' figures on the same pages, from issue 28 (measured by the issue's author).
LIBRARIES = (
    ("readability-lxml 0.9", "0.976", "0.994", "93%", "32/42", "none given", "130 ms", "15 MB"),
    ("trafilatura 2.3.1", "0.962", "0.988", "93%", "35/42", "24/35", "92 ms", "70 MB"),
    ("resiliparse 2.0.1", "0.885", "0.945", "76%", "32/42", "none given", "14 ms", "18 MB"),
    ("newspaper4k 0.9.6", "0.801", "0.962", "69%", "30/42", "24/35", "195 ms", "53 MB"),
    ("boilerpy3 1.0.7", "0.789", "0.966", "60%", "32/42", "none given", "23 ms", "<1 MB"),
    ("goose3 3.1.22", "0.776", "0.946", "62%", "37/42", "22/35", "303 ms", "46 MB"),
    ("justext 3.0.2", "0.739", "0.923", "57%", "32/42", "none given", "34 ms", "14 MB"),
)
HEADER = (
    "| library (version) | mean F1 | median F1 | F1 >= 0.9 | titles | bylines "
    "| time a page (median) | install |\n|---|---|---|---|---|---|---|---|"
)


def f1(ours: str, expected: str) -> float:
    got = Counter(WORD.findall(ours.lower()))
    want = Counter(WORD.findall(expected.lower()))
    common = sum((got & want).values())
    if not common:
        return 1.0 if not got and not want else 0.0
    precision = common / sum(got.values())
    recall = common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def _title_forms(title: str) -> set[str]:
    text = " ".join(title.lower().split())
    forms = {text}
    for sep in SEPARATORS:
        if sep in text:
            forms.add(text.rsplit(sep, 1)[0].strip())
    return forms


def title_right(ours: str, expected: str) -> bool:
    return bool(_title_forms(ours) & _title_forms(expected))


def byline_right(ours: str, expected: str) -> bool:
    words = WORD.findall(re.sub(r"^\s*by\b", "", expected.strip(), flags=re.I).lower())
    have = set(WORD.findall(ours.lower()))
    return bool(words) and all(w in have for w in words)


@dataclass
class PageScore:
    name: str
    f1: float
    title: bool
    byline: bool | None  # None: no byline expected
    seconds: float


def score_page(page: Path, repeat: int = 3) -> PageScore:
    from reader.core.article import load_article
    from reader.core.showing import record

    seconds = float("inf")
    for _ in range(repeat):  # the best of a few: the machine is shared
        started = time.perf_counter()
        article = load_article(page)
        seconds = min(seconds, time.perf_counter() - started)
    ours = record(article)
    folder = page.parent / "expected"
    expected_text = (folder / f"{page.stem}.txt").read_text(encoding="utf-8")
    meta = json.loads((folder / f"{page.stem}.json").read_text(encoding="utf-8"))
    byline = meta.get("byline")
    return PageScore(
        page.stem,
        f1(str(ours["text"]), expected_text),
        title_right(str(ours["title"]), meta.get("title") or ""),
        byline_right(str(ours["byline"] or ""), byline) if byline else None,
        seconds,
    )


def score_all(folder: Path = CORPUS) -> list[PageScore] | None:
    """Every page's scores, or None when the shared set is not here."""
    if not (folder / "expected").is_dir():
        return None
    return [score_page(page) for page in sorted(folder.glob("*.html"))]


def row(scores: list[PageScore]) -> str:
    f1s = [s.f1 for s in scores]
    bylines = [s.byline for s in scores if s.byline is not None]
    good = sum(1 for v in f1s if v >= 0.9)
    ms = statistics.median(s.seconds for s in scores) * 1000
    return (
        f"| reader (selectolax 1.0) | {statistics.mean(f1s):.3f} | {statistics.median(f1s):.3f} "
        f"| {good * 100 // len(f1s)}% | {sum(s.title for s in scores)}/{len(scores)} "
        f"| {sum(bylines)}/{len(bylines)} | {ms:.0f} ms | 8 MB |"
    )


def table(scores: list[PageScore]) -> str:
    lines = [HEADER, row(scores)]
    lines += ["| " + " | ".join(cells) + " |" for cells in LIBRARIES]
    return "\n".join(lines)


def pages_section(folder: Path = CORPUS) -> list[str]:
    """The section of BENCHMARKS.md: our row beside the libraries' (bench/run.py's report)."""
    lines = ["## Saved web pages (issue 28)", ""]
    scores = score_all(folder)
    if scores is None:
        return [*lines, f"Skipped: the shared pages are not at {folder}.", ""]
    worst = sorted(scores, key=lambda s: s.f1)[:3]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return [
        *lines,
        f"{len(scores)} saved pages with Firefox's reader view's text and metadata "
        "(`../shared/corpora/html`, its SOURCE.md), scored as it says: word-level F1 of the "
        "text `reader show --json` gives, titles, bylines. Our time is the whole reading of "
        f"a file (decode, parse, extract), the best of 3, load average {load:.1f}; the "
        "libraries' figures are issue 28's, measured by its author on the same pages.",
        "",
        table(scores),
        "",
        "Lowest F1: " + ", ".join(f"{s.name} {s.f1:.3f}" for s in worst) + ".",
        "",
    ]


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv and not argv[0].startswith("-") else CORPUS
    scores = score_all(folder)
    if scores is None:
        print(f"skipped: no shared pages at {folder}")
        return 0
    if "-v" in argv:
        for s in sorted(scores, key=lambda s: s.f1):
            print(
                f"{s.name:28} f1 {s.f1:.3f} title {s.title!s:5} byline {s.byline!s:5} "
                f"{s.seconds * 1000:6.1f} ms"
            )
    print(table(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
