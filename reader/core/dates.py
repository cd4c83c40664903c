"""Dates written in text: the patterns of a date with a year ("2024-11-17", "Nov. 17, 2024",
"17 November 2024", "23-Mar-2011"), the dates a line holds (dates_in), a line that is nothing
but a dateline (dateline), and the header field that says when an article was written
(field_date), and the date of publication an article's text states (stated_date).
Every pattern is linear in the text, as debris.py's are.
"""

from __future__ import annotations

import re
import time
from datetime import datetime

from reader.core.piece import STRUCTURE_KINDS, Piece

DATE_SEARCH_BLOCKS = 3  # blocks at each end of the body searched for a stated date
DATE_UNLABELLED_LEAD = 60  # an unlabelled date counts only this near a block's start

_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# A stated date needs a year: "Oct. 4." alone is not a date of publication.
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])"),  # 2024-11-17
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})-{_MONTH}-(?P<y>\d{{4}})\b", re.I),  # 23-Mar-2011 (PEPs)
)
# Header fields that state when the article was written, best first; then when it changed.
DATE_FIELD_KEYS: tuple[frozenset[str], ...] = (
    frozenset({"published", "date published", "publication date", "date", "pubdate"}),
    frozenset({"created", "posted", "issued", "written"}),
    frozenset({"updated", "last updated", "modified", "last-modified", "last modified"}),
)
_YEAR = re.compile(r"\d{4}")
UPDATE_LABEL = re.compile(r"\W*(?:last\s+)?(?:updated|modified)\b", re.IGNORECASE)
DATE_LABEL = re.compile(
    r"\b(?:published|updated|posted|modified|date[d]?)\b(?:\s+on)?\s*:?\s*$", re.IGNORECASE
)
# What may surround the dates of a line that is only a dateline ("Updated: Nov. 17, 2024, 3:05 PM")
_DATELINE_REST = re.compile(
    r"(?:(?:last\s+)?(?:published|updated|posted|modified|dated?)\b|\bon\b|\bat\b"
    r"|\d{1,2}:\d{2}(?::\d{2})?|[ap]\.?m\b\.?|\b(?:utc|gmt|e[sd]t|p[sd]t|c[sd]t|bst|cest?|et|pt)\b"
    r"|[\s|•·,:;\-–—.()])*",
    re.IGNORECASE,
)
_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def dates_in(text: str) -> list[tuple[re.Match[str], datetime]]:
    if _YEAR.search(text) is None:  # every stated date has a year; most blocks have none
        return []
    found = []
    for rule in DATE_PATTERNS:
        for match in rule.finditer(text):
            when = _to_date(match)
            if when is not None:
                found.append((match, when))
    found.sort(key=lambda item: item[0].start())
    return found


def _to_date(match: re.Match[str]) -> datetime | None:
    groups = match.groupdict()
    month = _MONTH_NUMBERS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
    try:
        year = int(groups["y"])
        if not 1900 <= year <= 2100:
            return None
        return datetime(year, month, int(groups["d"]))
    except ValueError:
        return None


def dateline(text: str) -> datetime | None:
    """The date of a block that is nothing but a dateline ("Published Nov. 17, 2024")."""
    found = dates_in(text)
    if not found:
        return None
    rest = text
    for match, _ in reversed(found):
        rest = rest[: match.start()] + " " + rest[match.end() :]
    return found[0][1] if _DATELINE_REST.fullmatch(rest) else None


def field_date(fields: list[tuple[str, str]]) -> tuple[str, datetime] | None:
    """The key and date of the header field that best says when the article was written
    (Published, Date, Created, ... before Updated, Last-Modified), or None."""
    for keys in DATE_FIELD_KEYS:
        for key, value in fields:
            if key.casefold() in keys:
                found = dates_in(value)
                if found:
                    return key, found[0][1]
    return None


def day_label(timestamp: float, *, stated: bool = True) -> str | None:
    """A day as the app says it ("1 Feb 2016"), in local time; a date the article does not
    state is its file's time, said as such ("saved 7 Dec 2026"). None for a time the
    platform cannot place."""
    try:
        day = time.strftime("%-d %b %Y", time.localtime(timestamp))
    except (OverflowError, OSError, ValueError):
        return None
    return day if stated else f"saved {day}"


def file_date(mtime: float | None) -> datetime | None:
    """A file's time as a date, None when there is none or the platform cannot place it."""
    if mtime is None:
        return None
    try:
        return datetime.fromtimestamp(mtime)
    except (OverflowError, OSError, ValueError):
        return None


def stated_date(pieces: list[Piece]) -> datetime | None:
    """A date stated in the first or last few blocks with a label ("Published on ..."), or
    at the very start of the first block (a dateline: "KYIV, Nov. 17, 2024 — ...").

    Dates elsewhere in the text are what the article is about, not when it was written."""
    count = DATE_SEARCH_BLOCKS
    prose = [p for p in pieces if p.kind not in STRUCTURE_KINDS]
    candidates = prose[:count] + prose[max(count, len(prose) - count) :]
    for n, piece in enumerate(candidates):
        for match, when in dates_in(piece.text[:1000]):
            before = piece.text[max(0, match.start() - 40) : match.start()]
            lead = n == 0 and piece is prose[0] and match.start() < DATE_UNLABELLED_LEAD
            if lead or DATE_LABEL.search(before):
                return when
    return None
