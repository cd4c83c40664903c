"""Deterministic corpora of articles in the seed's shape, for the benchmark.

`python -m bench.generate N OUT [--seed S]` writes N articles under OUT, 1,000 to a subfolder:
a title line, an optional dateline ("Published November 17, 2024"), 6-14 paragraphs, one or two
photo captions ("Name Name. (First Last / Getty Images)" and a short line under it), and the
scraper's debris trailer ("This article was originally published on X", "Source link", ...).

Words follow a Zipf law over a vocabulary of about 50,000: real English words at the head (so
stop words and stemming behave as on real text), pronounceable made-up words in the tail, plus
a few topic words per article so that some words repeat within an article, and a handful of
fixed phrases ("prime minister") that phrase queries can find. Every article is a function of
(seed, number) only, so any one of them can be written again byte for byte (`article_text`).

Nothing here reads outside this file at run time. A marker file in OUT records (N, seed,
generator version); a later call with the same values reuses the folder as it is.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GENERATOR_VERSION = 1
DEFAULT_SEED = 20241117
PER_FOLDER = 1000
VOCABULARY_SIZE = 50_000
MARKER = ".bench-corpus.json"
TOPIC_LOW, TOPIC_HIGH = math.log(100), math.log(20_000)  # topic words: ranks log-uniform
# Mtimes and stated dates spread over these years (fixed, so runs agree byte for byte).
FIRST_DAY = 1_483_228_800  # 2017-01-01 UTC
LAST_DAY = 1_751_241_600  # 2025-06-30 UTC

# --- word lists (written for this generator) -----------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


# Function words, most frequent first: most are stop words for the index.
FUNCTION_WORDS = _words(
    """
the of and to a in that is was for on it with as he by at from his be this are have but not
they an or had which were their has been one we would there all will who more she if its
also them about into than can no other when some out what after only over so up could these
two new first may any him those then do most such her under between while before where
through during should because each against both since three many much very own same how
those just where until without among off four against upon whether around another still
"""
)

# Content words of news writing; mixed into the head of the ranking after the function words.
CONTENT_WORDS = _words(
    """
said people government year years state officials president time country police week city
told report percent minister million world public according last police security military
court support former plan public house week group national money election health company
market workers business war forces work party political family local month children women
local program economy leaders south north policy border region officials case news law
police force service water power school campaign public billion early city rights system
minister energy attack foreign told several data department history community decision video
result office level members federal campaign vote voters agency trade prices cost economic
global food climate change interest rates prime supreme white days hours level united
central bank union council committee investigation evidence statement spokesman weapons
missiles troops fighting strike strikes army navy defense ukraine russia china europe
american russian chinese european british french german officials analysts experts research
study scientists university hospital patients doctors disease vaccine virus cases students
teachers schools parents families homes housing rent building construction project projects
island coast river mountain storm weather rain heat fire fires flood drought crops farmers
prices inflation growth jobs unemployment wages tax taxes budget spending debt deficit loans
banks investors shares stocks oil gas coal electricity grid solar wind nuclear plant plants
factory factories cars vehicles electric battery batteries technology software internet
online social media platform users data privacy phone phones computer computers artificial
intelligence model models companies startup film music artist artists book books museum
festival season team teams game games player players coach league championship match goal
goals victory defeat fans stadium said says saying asked added noted warned called announced
expected reported released believe think know want need make made take took give gave find
found keep kept help helped show showed shows include included including continue continued
remain remained become became begin began leave left bring brought hold held turn turned
allow allowed provide provided lead led build built pay paid meet met move moved lose lost
win won open opened close closed start started end ended hope hoped try tried use used using
important major large small big long short high low recent local national international
military political economic financial public private new old young early late strong weak
clear free full hard easy possible likely different similar certain serious key critical
crucial limited severe significant potential current previous final main north south east
west northern southern eastern western region regional capital street road bridge airport
station border village town towns cities capital province morning evening night today
tomorrow yesterday weekend monday tuesday wednesday thursday friday saturday sunday january
february march april june july august september october november december spring summer
autumn winter decade decades century moment period
"""
)

# Fixed pairs that phrase queries can find; inserted now and then as they are.
PHRASES = (
    "prime minister",
    "white house",
    "supreme court",
    "interest rates",
    "climate change",
    "central bank",
    "artificial intelligence",
    "long-range missiles",
    "press conference",
    "human rights",
)

FIRST_NAMES = _words(
    """
Joe Anna Maria David Sarah James Laura Michael Elena Peter Olga Ahmed Fatima Chen Mei Raj
Priya Lucas Sofia Daniel Grace Omar Leila Tom Hannah Ivan Nadia Carlos Lucia Kenji Yuki
Samuel Ruth Pierre Claire Hans Greta Liam Emma Noah Ava Marco Giulia Pablo Isabel Ali Sara
"""
)

LAST_NAMES = _words(
    """
Smith Johnson Garcia Miller Davis Martinez Lopez Wilson Anderson Taylor Thomas Moore Martin
Lee Walker Hall Allen Young King Wright Scott Green Baker Adams Nelson Carter Mitchell
Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Rogers Reed
Cook Morgan Bell Murphy Bailey Rivera Cooper Richardson Cox Howard Ward Torres Peterson Gray
Ramirez
"""
)

AGENCIES = ("Getty Images", "AP Photo", "Reuters", "AFP", "Bloomberg", "EPA")
PLACES = (
    "the White House",
    "the Capitol",
    "city hall",
    "the United Nations",
    "a rally",
    "a press conference",
    "the airport",
    "the summit",
    "the courthouse",
    "the stadium",
)

# Thirty made-up outlets, in the forms scraped articles name them.
SOURCES = (
    "DailyLedger.com",
    "The Morning Courier",
    "NorthStarNews.com",
    "Harbor Times",
    "MetroWire.com",
    "The Evening Sentinel",
    "PlainsGazette.com",
    "Riverside Herald",
    "CapitalDispatch.com",
    "The Weekly Observer",
    "CoastlinePost.com",
    "Valley Tribune",
    "GlobalBrief.com",
    "The Civic Record",
    "SummitReport.com",
    "Lakeside Journal",
    "FrontierNews.com",
    "The Union Bulletin",
    "MarketPulse.com",
    "Highland Chronicle",
    "The Daily Signal Fire",
    "OpenPressWire.com",
    "Granite State Review",
    "TheBeaconOnline.com",
    "Central Standard",
    "WorldDesk.com",
    "The Pacific Monitor",
    "Heartland Examiner",
    "CityBeatNews.com",
    "The Atlantic Ledger",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBREVIATIONS = (
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)

_SINGLE_ONSETS = "b c d f g h j k l m n p r s t v w z b c d f g l m n p r s t"
_ONSETS = _words(_SINGLE_ONSETS + " br ch cl dr fl gr pl pr sh st tr") + [""] * 4
_VOWELS = _words("a e i o u a e i o u ai ea ou io y")
_CODAS = [""] * 12 + _words("n r l s t m nd st rk ng x")


# --- the vocabulary -------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """Words ranked by frequency, and the few named slices the benchmark queries use."""

    words: tuple[str, ...]
    content_start: int  # rank of the first content (non-function) word


def _pseudo_word(rnd: random.Random) -> str:
    syllables = rnd.choice((2, 2, 2, 2, 3, 3, 3, 4))
    parts = []
    for _ in range(syllables):
        parts.append(rnd.choice(_ONSETS) + rnd.choice(_VOWELS) + rnd.choice(_CODAS))
    return "".join(parts)


@lru_cache(maxsize=4)
def vocabulary(seed: int = DEFAULT_SEED, size: int = VOCABULARY_SIZE) -> Vocabulary:
    """The ranked vocabulary: function words and news words first, made-up words after."""
    rnd = random.Random(f"vocabulary-{seed}")
    function = list(dict.fromkeys(FUNCTION_WORDS))
    content = [w for w in dict.fromkeys(CONTENT_WORDS) if w not in function]
    rnd.shuffle(content)
    # Real text: the first few ranks are all function words, then they thin out.
    ranked = function[:10]
    rest_f, rest_c = function[10:], content
    while rest_f:
        ranked.append(rest_c.pop())
        ranked.extend(rest_f[:2])
        rest_f = rest_f[2:]
    ranked.extend(rest_c)
    seen = set(ranked)
    # Names, months and places appear inside sentences too: keep them out of the made-up words.
    seen.update(w.lower() for w in FIRST_NAMES + LAST_NAMES)
    while len(ranked) < size:
        word = _pseudo_word(rnd)
        if word not in seen and len(word) > 3:
            seen.add(word)
            ranked.append(word)
    return Vocabulary(tuple(ranked), content_start=10)


def content_word(vocab: Vocabulary, nth: int) -> str:
    """The nth most frequent word that is not a function word (a stop word of the index)."""
    function = set(FUNCTION_WORDS)
    count = 0
    for word in vocab.words:
        if word not in function:
            if count == nth:
                return word
            count += 1
    raise IndexError(nth)


# --- articles -------------------------------------------------------------------------------


class _Writer:
    """Builds the text of articles from one vocabulary; cheap per article."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.vocab = vocabulary(seed)
        self.words = self.vocab.words
        self.top = float(len(self.words) + 1)

    def _sentence(self, rnd: random.Random, topic: Sequence[str], length: int) -> str:
        words = self.words
        top = self.top
        r = rnd.random
        # P(rank k) ~ log((k + 2) / (k + 1)): a Zipf law with exponent about 1.
        out = [words[int(top ** r()) - 1] for _ in range(length)]
        for _ in range(length // 10):
            out[int(r() * length)] = topic[int(r() * len(topic))]
        roll = r()
        if roll < 0.12:
            out.insert(int(r() * length), PHRASES[int(r() * len(PHRASES))])
        elif roll < 0.22:
            first, last = FIRST_NAMES, LAST_NAMES
            name = f"{first[int(r() * len(first))]} {last[int(r() * len(last))]}"
            out.insert(int(r() * length), name)
        if length > 12 and r() < 0.4:
            at = 3 + int(r() * (length - 6))
            out[at] = out[at] + ","
        first = out[0]
        out[0] = first[:1].upper() + first[1:]
        return " ".join(out) + "."

    def _paragraph(self, rnd: random.Random, topic: Sequence[str]) -> str:
        count = rnd.randint(3, 6)
        return " ".join(self._sentence(rnd, topic, rnd.randint(8, 24)) for _ in range(count))

    def _name(self, rnd: random.Random) -> str:
        return f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}"

    def _title(self, rnd: random.Random, topic: Sequence[str]) -> str:
        words = [self.words[int(self.top ** rnd.random()) - 1] for _ in range(rnd.randint(6, 12))]
        for n in range(0, len(words), 3):
            words[n] = rnd.choice(topic)
        if rnd.random() < 0.3:
            words.insert(rnd.randrange(len(words)), self._name(rnd))
        title = " ".join(words)
        return title[:1].upper() + title[1:]

    def _captions(self, rnd: random.Random) -> list[str]:
        name = self._name(rnd)
        credit = f"{name}. ({self._name(rnd)} / {rnd.choice(AGENCIES)})"
        month = rnd.randrange(12)
        under = (
            f"{name} at {rnd.choice(PLACES)} on {MONTH_ABBREVIATIONS[month]} {rnd.randint(1, 28)}."
        )
        return [credit, under] if rnd.random() < 0.8 else [credit]

    def article(self, number: int, variant: int = 0) -> tuple[str, float]:
        """The text of article `number` and its modification time."""
        rnd = random.Random((self.seed * 1_000_003 + number) * 7 + variant)
        words = self.words
        # Topic words: mid-frequency words this article keeps coming back to.
        topic = [words[int(math.exp(rnd.uniform(TOPIC_LOW, TOPIC_HIGH)))] for _ in range(12)]
        day = rnd.uniform(FIRST_DAY, LAST_DAY)
        blocks = [self._title(rnd, topic), ""]
        dated = rnd.random() < 0.35
        if dated:
            stamp = time.gmtime(day)
            blocks.append(f"Published {MONTHS[stamp.tm_mon - 1]} {stamp.tm_mday}, {stamp.tm_year}")
        paragraphs = [self._paragraph(rnd, topic) for _ in range(rnd.randint(6, 14))]
        captions = self._captions(rnd)
        at = min(len(paragraphs), rnd.randint(2, 4))
        paragraphs[at:at] = captions
        if rnd.random() < 0.4:
            paragraphs[at + 3 : at + 3] = self._captions(rnd)[:1]
        blocks.extend(paragraphs)
        if rnd.random() < 0.85:
            source = SOURCES[int(len(SOURCES) * rnd.random() ** 1.5)]
            blocks.append(f"This article was originally published on {source}\n\n")
            blocks.append("Source link")
            if rnd.random() < 0.7:
                blocks.append("About The Author")
            if rnd.random() < 0.6:
                blocks.append("Scroll to Top")
        mtime = day + rnd.uniform(3600, 3 * 86400) if dated else day
        return "\n\n".join(blocks), mtime

    def big_article(self, target_bytes: int, number: int = 10**9) -> str:
        """One long article (many paragraphs) of about target_bytes, for the reading benchmark."""
        rnd = random.Random(self.seed * 31 + number)
        topic = [self.words[int(rnd.uniform(200, 20_000))] for _ in range(12)]
        blocks = [self._title(rnd, topic), ""]
        size = 0
        while size < target_bytes:
            paragraph = self._paragraph(rnd, topic)
            blocks.append(paragraph)
            size += len(paragraph) + 2
            if rnd.random() < 0.02:
                blocks.extend(self._captions(rnd))
        blocks.append("This article was originally published on DailyLedger.com")
        return "\n\n".join(blocks)


@lru_cache(maxsize=4)
def _writer(seed: int) -> _Writer:
    return _Writer(seed)


def article_text(number: int, seed: int = DEFAULT_SEED, variant: int = 0) -> tuple[str, float]:
    """Article `number` of the corpus of this seed (variant > 0: an edited version)."""
    return _writer(seed).article(number, variant)


def article_path(out: Path, number: int, seed: int = DEFAULT_SEED) -> Path:
    """Where article `number` lives under out."""
    tag = random.Random(seed * 1_000_003 + number).getrandbits(64)
    return out / f"{number // PER_FOLDER:04d}" / f"{number:06d}_{tag:016x}.txt"


def write_article(out: Path, number: int, seed: int = DEFAULT_SEED, variant: int = 0) -> Path:
    """(Re)write article `number` with its own modification time; returns its path."""
    text, mtime = article_text(number, seed, variant)
    path = article_path(out, number, seed)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    if variant:
        mtime = max(time.time(), mtime + 1)
    os.utime(path, (mtime, mtime))
    return path


def _write_folder(out: str, first: int, last: int, seed: int) -> int:
    root = Path(out)
    (root / f"{first // PER_FOLDER:04d}").mkdir(parents=True, exist_ok=True)
    written = 0
    for number in range(first, last):
        path = write_article(root, number, seed)
        written += path.stat().st_size
    return written


def _marker(count: int, seed: int) -> dict[str, int]:
    return {"count": count, "seed": seed, "version": GENERATOR_VERSION}


def corpus_ready(out: Path, count: int, seed: int = DEFAULT_SEED) -> bool:
    """True when out already holds this corpus (by its marker file)."""
    try:
        return json.loads((out / MARKER).read_text("utf-8")) == _marker(count, seed)
    except (OSError, ValueError):
        return False


def generate(
    count: int, out: Path, seed: int = DEFAULT_SEED, *, workers: int | None = None
) -> bool:
    """Write the corpus of `count` articles under out; False when it was already there."""
    out = Path(out)
    if corpus_ready(out, count, seed):
        return False
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).unlink(missing_ok=True)
    for old in out.iterdir():  # a corpus of another size or seed: clear it first
        if old.is_dir() and old.name.isdigit():
            for f in old.iterdir():
                f.unlink()
            old.rmdir()
    chunks = [(n, min(n + PER_FOLDER, count)) for n in range(0, count, PER_FOLDER)]
    workers = workers or min(len(chunks), os.cpu_count() or 1)
    vocabulary(seed)  # build once before forking
    if workers <= 1 or len(chunks) <= 1:
        for first, last in chunks:
            _write_folder(os.fspath(out), first, last, seed)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            jobs = [pool.submit(_write_folder, os.fspath(out), a, b, seed) for a, b in chunks]
            for job in jobs:
                job.result()
    (out / MARKER).write_text(json.dumps(_marker(count, seed)), "utf-8")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("count", type=int, help="how many articles")
    parser.add_argument("out", type=Path, help="the folder to write them under")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    made = generate(args.count, args.out, args.seed)
    took = time.perf_counter() - started
    verb = "wrote" if made else "reused"
    print(f"{verb} {args.count:,} articles in {args.out} ({took:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
