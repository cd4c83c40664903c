"""The test collections the ranking benchmark runs on, each loaded into one shape.

Two kinds:
- judged: questions with human relevance judgements (`../shared/corpora/cisi`, `.../cacm`: a
  `docs/` folder, `queries.tsv`, `qrels.tsv`; see their SOURCE.md), scored by nDCG@10 and MAP;
- known-item: a headline search with exactly one right answer, scored by MRR and success@1:
  the PEPs (`../shared/corpora/peps`, query = the first four content words of a PEP's title) and
  a generated corpus (`bench.generate`, query = a word, or two, that stands in one title only).

Every collection is a folder of article files, so the product indexes exactly what a user
would point it at; the baselines get the same files as (title = line 1, body = the rest).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# READER_SHARED names the shared folder when it is not beside the repository (a worktree)
SHARED = Path(os.environ.get("READER_SHARED") or REPO.parent / "shared") / "corpora"

KNOWN_ITEMS = 150  # headline searches per known-item collection
QUICK_QUERIES = 15  # queries per collection in a quick run
GENERATED_ARTICLES = 3_000
GENERATED_QUICK = 1_000
GENERATED_SEED = 20251126

# A small list of English function words, the bench's own (so a change to the product's
# stop words cannot change which queries the known-item sets ask).
FUNCTION_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our out over own same she should
    so some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    via use using new""".split()
)

_WORD_RE = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, in order (repeats kept)."""
    return [w.lower() for w in _WORD_RE.findall(text)]


@dataclass(frozen=True)
class Collection:
    """Articles, queries and their right answers. Document ids are paths relative to `docs`."""

    name: str
    kind: str  # "judged" or "known"
    docs: Path
    queries: dict[str, str]  # query id -> text
    relevant: dict[str, set[str]]  # query id -> relevant document ids

    def articles(self) -> dict[str, tuple[str, str]]:
        """Document id -> (title, body): title is line 1, body the rest."""
        out: dict[str, tuple[str, str]] = {}
        for path in sorted(self.docs.rglob("*")):
            if path.is_file() and path.suffix in (".txt", ".md"):
                text = path.read_text(encoding="utf-8", errors="replace")
                title, _, body = text.partition("\n")
                out[self.doc_id(path)] = (title.strip(), body.strip())
        return out

    def doc_id(self, path: str | Path) -> str:
        """A document's id from its path (absolute or relative to `docs`)."""
        p = Path(path)
        return (p.relative_to(self.docs) if p.is_absolute() else p).as_posix()

    def subset(self, n: int) -> Collection:
        """A fixed spread of n of the queries (for quick runs)."""
        qids = list(self.queries)
        step = max(1, len(qids) // n)
        keep = qids[step // 2 :: step][:n]
        return Collection(
            self.name,
            self.kind,
            self.docs,
            {q: self.queries[q] for q in keep},
            {q: self.relevant[q] for q in keep},
        )


def judged(folder: Path, name: str) -> Collection | None:
    """A judged collection (CISI, CACM layout); None when it is absent."""
    if not (folder / "qrels.tsv").is_file() or not (folder / "docs").is_dir():
        return None
    queries: dict[str, str] = {}
    for line in (folder / "queries.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, _, text = line.partition("\t")
            queries[str(int(qid))] = text.strip()
    relevant: dict[str, set[str]] = {}
    for line in (folder / "qrels.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and (len(parts) < 3 or parts[2].strip() != "0"):
            relevant.setdefault(str(int(parts[0])), set()).add(parts[1].strip() + ".txt")
    qids = sorted(set(queries) & set(relevant), key=int)
    return Collection(
        name,
        "judged",
        folder / "docs",
        {q: queries[q] for q in qids},
        {q: relevant[q] for q in qids},
    )


def headline_words(title: str, n: int = 4) -> list[str]:
    """The first n content words of a headline: no function words, no numbers."""
    return [w for w in words(title) if w not in FUNCTION_WORDS and not w.isdigit()][:n]


# A word as a person types a remembered headline: letters, digits, apostrophes and hyphens
# ("Python 3.8 Release Schedule" -> python 3 8 release; "What's New" -> what's new).
_TYPED_RE = re.compile(r"(?:[^\W_]|['-])+")


def typed_words(title: str, n: int = 4) -> list[str]:
    """The first n content words of a headline as a person types it from memory: split at
    anything that is not a letter, digit, apostrophe or hyphen (so a version's digits are
    words), lower-cased, no function words."""
    found = (w.strip("'-").lower() for w in _TYPED_RE.findall(title))
    return [w for w in found if w and w not in FUNCTION_WORDS][:n]


def peps(folder: Path, n: int = KNOWN_ITEMS, *, typed: bool = False) -> Collection | None:
    """Known-item searches on the PEPs: the first four content words of n titles' headlines
    (headline_words: no numbers; with typed, typed_words: "python 3 8 release").

    A PEP's line 1 reads "PEP 8 – Style Guide for Python Code"; the "PEP 8 –" part is what a
    user would not type. The n PEPs are a fixed spread over the sorted files, skipping titles
    with fewer than two content words.
    """
    files = sorted(folder.glob("pep-*.txt"))
    if not files:
        return None
    candidates: list[tuple[str, str]] = []
    for path in files:
        with path.open(encoding="utf-8", errors="replace") as fh:
            title = fh.readline()
        headline = re.sub(r"^\s*PEP\s+\d+\s*[-–—:]\s*", "", title)
        query = typed_words(headline) if typed else headline_words(headline)
        if len(query) >= 2:
            candidates.append((path.name, " ".join(query)))
    step = max(1, len(candidates) // n)
    chosen = candidates[::step][:n]
    return Collection(
        "PEPs typed" if typed else "PEPs",
        "known",
        folder,
        {f"{i + 1}": q for i, (_, q) in enumerate(chosen)},
        {f"{i + 1}": {name} for i, (name, _) in enumerate(chosen)},
    )


def generated(count: int, n: int = KNOWN_ITEMS, folder: Path | None = None) -> Collection:
    """Known-item searches on a generated corpus: words found in exactly one headline.

    Half the queries are one such word; the other half two words of one title whose pair
    stands in no other title (each word alone may be common). The corpus is written once to a
    per-user folder in the temp dir and reused.
    """
    from bench.generate import generate

    if folder is None:
        uid = os.getuid() if hasattr(os, "getuid") else 0
        folder = Path(tempfile.gettempdir()) / f"reader-bench-{uid}" / f"generated-{count}"
    generate(count, folder, GENERATED_SEED)
    coll = Collection("generated", "known", folder, {}, {})
    titles: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.txt")):
        with path.open(encoding="utf-8") as fh:
            title_words = [w for w in words(fh.readline()) if w not in FUNCTION_WORDS]
        titles[coll.doc_id(path)] = list(dict.fromkeys(title_words))
    single = Counter(w for ws in titles.values() for w in ws)
    pairs = Counter((a, b) for ws in titles.values() for i, a in enumerate(ws) for b in ws[i + 1 :])
    ones: list[tuple[str, str]] = []
    twos: list[tuple[str, str]] = []
    for doc, ws in titles.items():
        unique = [w for w in ws if single[w] == 1 and len(w) > 3]
        if unique:
            ones.append((doc, unique[0]))
        common = [w for w in ws if single[w] > 1]
        pair = next(
            ((a, b) for i, a in enumerate(common) for b in common[i + 1 :] if pairs[(a, b)] == 1),
            None,
        )
        if pair:
            twos.append((doc, " ".join(pair)))
    half = n // 2
    picked = _spread(ones, half) + _spread(twos, n - half)
    return Collection(
        "generated",
        "known",
        folder,
        {f"{i + 1}": q for i, (_, q) in enumerate(picked)},
        {f"{i + 1}": {doc} for i, (doc, _) in enumerate(picked)},
    )


def _spread(items: list[tuple[str, str]], n: int) -> list[tuple[str, str]]:
    step = max(1, len(items) // max(1, n))
    return items[::step][:n]


def available(quick: bool = False) -> list[Collection]:
    """Every collection present on this machine (the generated one always is)."""
    found = [
        judged(SHARED / "cisi", "CISI"),
        judged(SHARED / "cacm", "CACM"),
        peps(SHARED / "peps"),
        peps(SHARED / "peps", typed=True),
        generated(GENERATED_QUICK if quick else GENERATED_ARTICLES),
    ]
    colls = [c for c in found if c is not None]
    return [c.subset(QUICK_QUERIES) for c in colls] if quick else colls
