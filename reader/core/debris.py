"""What scrape debris, photo captions, source lines and datelines look like, and finding them.

The rules are data: tables of patterns, each matched against a WHOLE short block (fullmatch,
case-insensitive), so a paragraph that merely mentions "source" or "about the author" in a
sentence is never touched. `classify` applies them to the blocks of an article body;
`stated_date` finds a date of publication written in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

STRUCTURE_KINDS = frozenset({"heading", "code", "list"})  # what the rules here never touch
SHORT_BLOCK_CHARS = 200  # only blocks shorter than this can be debris, source or caption
CAPTION_MAX_WORDS = 30
CAPTION_NEIGHBOUR_MAX_WORDS = 15
DATE_SEARCH_BLOCKS = 3  # blocks at each end of the body searched for a stated date
DATE_UNLABELLED_LEAD = 60  # an unlabelled date counts only this near a block's start


@dataclass(slots=True)
class Piece:
    """A body block while it is being classified."""

    raw: str  # the block as written (Markdown source for .md files)
    text: str  # whitespace collapsed, markup stripped
    words: int
    kind: str = "paragraph"  # paragraph | heading | code | list | caption | credit | removed
    level: int = 0  # a heading's level, 1 the highest


# ---------------------------------------------------------------------------------------
# The rules


def _whole(pattern: str) -> re.Pattern[str]:
    """Compile a rule that must cover a whole block, trailing punctuation allowed."""
    return re.compile(rf"(?:{pattern})[\s.!:…»›→↑▲^>|]*", re.IGNORECASE)


DEBRIS_PATTERNS: tuple[re.Pattern[str], ...] = (
    _whole(r"source link"),  # the scraper's link back to the original page
    _whole(r"about (?:the|this) author"),  # heading of an author box
    _whole(r"(?:scroll|back) to top"),  # page navigation button
    _whole(r"share (?:this|the) (?:article|story|post|page)(?: (?:on|via) .{1,40})?"),  # widget
    # share buttons: "Share on Facebook", "Share Twitter LinkedIn Email"
    _whole(r"share(?: on)? (?:facebook|twitter|x|linkedin|whatsapp|email|reddit)\b.{0,60}"),
    # newsletter box: "Sign up for our newsletter", "Subscribe to the daily newsletter"
    _whole(r"(?:sign up|subscribe)(?: now)? (?:for|to) (?:our|the)\b.{0,60}?newsletters?\b.{0,80}"),
    _whole(r"click here(?: (?:to|for)\b.{0,100})?"),  # call to action
    _whole(r"advertisement|advertising|sponsored(?: content)?"),  # ad slot label
    # link lists: "Related:", "Related stories: <headline>"
    _whole(r"related(?: (?:articles?|stories|posts?|content|reading|coverage))?\s*:.{0,160}"),
    _whole(r"follow us\b.{0,80}"),  # social links
    _whole(r"(?:©|\(c\)|copyright)\s*©?\s*\d{4}\b.{0,120}"),  # copyright footer
    _whole(r"(?:.{0,120}[.,;]\s*)?all rights reserved"),  # copyright footer, sentence of its own
    # teaser links: "Read more", "Read more: <headline>", "Read more about ..."
    _whole(
        r"read (?:more|next)(?:\s*[:\-–—].{0,120}| (?:about|on|from|stories|articles)\b.{0,80})?"
    ),
    _whole(r"continue reading\b.{0,80}"),  # teaser link
    _whole(r"(?:photo|image|picture|video|gallery)s?"),  # a media label left without its media
    _whole(r"leave a (?:comment|reply)|(?:show |view )?\d* ?comments?"),  # comment widget
    _whole(r"(?:print|email|tweet|pin it)(?: this (?:article|story|page))?"),  # tool buttons
    _whole(r"tags?\s*:.{0,200}"),  # tag list
    _whole(r"skip to (?:main )?content|listen to this article|\d+ min(?:ute)?s? read"),
)

# A source line is debris too, but its named group "source" becomes Article.source.
_NAME = r"[A-Z0-9][\w.&'’-]*(?:\s+(?:[A-Z0-9&][\w.&'’-]*|of|the|and|for|de|du))*"
SOURCE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "This article was originally published on NBCNews.com", "First appeared in The Atlantic"
    _whole(
        r"(?:(?:this|the) (?:article|story|post|piece) (?:(?:was|is|has been) )?|it )?"
        r"(?:originally|first) (?:published|appeared|posted|ran) (?:on|at|in|by) "
        r"(?P<source>\S.{0,78}?)"
    ),
    _whole(r"source\s*:\s*(?P<source>\S.{0,78}?)"),  # "Source: Reuters"
    re.compile(rf"(?i:via)\s*:?\s+(?P<source>{_NAME})[\s.]*"),  # "via Reuters" alone on a line
)

# Photo credits: a short block that ENDS with one of these is a caption (re.search).
CAPTION_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "(Andrew Harnik / Getty Images)", "(AP Photo/Evan Vucci)": a name, a slash, a name
    re.compile(r"\([^()]{0,80}/\s?[A-Z][^()]{0,80}\)[\s.]*$"),
    # "(Reuters)", "(Getty Images)", "(File photo)", "(Courtesy of the family)"
    re.compile(
        r"\((?:AP|AFP|EPA|Reuters|Getty Images|Shutterstock|Bloomberg|File(?: photo)?"
        r"|Courtesy\b[^()]{0,60}|Photo\b[^()]{0,60}|Image\b[^()]{0,60}|Credit\b[^()]{0,60})\)[\s.]*$",
        re.IGNORECASE,
    ),
    # "Photo by Jane Doe", "Image: NASA", "Credit: Jane Doe", at the start or after a sentence
    re.compile(
        r"(?:^|[.!?]\s+)(?:photo(?:graph)?s? by|(?:photo|image|picture|credit)s?\s*:)\s*\S.{0,80}$",
        re.IGNORECASE,
    ),
    # "... / Getty Images", "Joe Biden. Getty Images"
    re.compile(r"(?:^|[./|:,—–-]\s*)(?:Getty Images|Shutterstock|AP Photo|Reuters|AFP)[\s.]*$"),
)

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
_UPDATE_LABEL = re.compile(r"\W*(?:last\s+)?(?:updated|modified)\b", re.IGNORECASE)
_DATE_LABEL = re.compile(
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

_CAPTION = re.compile(
    "|".join(
        f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})"
        for p in CAPTION_PATTERNS
    )
)
_DEBRIS = re.compile("|".join(f"(?:{p.pattern})" for p in DEBRIS_PATTERNS), re.IGNORECASE)


# ---------------------------------------------------------------------------------------
# Applying them


def classify(pieces: list[Piece]) -> tuple[str | None, datetime | None]:
    """Mark debris, source lines, datelines and captions; return (source, dateline date)."""
    source: str | None = None
    dateline: datetime | None = None
    updated = False  # the dateline found is when the article changed, not when it appeared
    for piece in pieces:
        text = piece.text
        if piece.kind in STRUCTURE_KINDS or len(text) >= SHORT_BLOCK_CHARS:
            continue
        found = _match_source(text)
        if found is not None:
            piece.kind = "removed"
            source = source or found
        elif _DEBRIS.fullmatch(text):
            piece.kind = "removed"
        elif (when := _dateline(text)) is not None:
            piece.kind = "removed"
            # "Published ..." wins over "Updated ...", whichever comes first.
            if dateline is None or (updated and not _UPDATE_LABEL.match(text)):
                dateline, updated = when, _UPDATE_LABEL.match(text) is not None
        elif (
            piece.kind == "paragraph" and piece.words <= CAPTION_MAX_WORDS and _CAPTION.search(text)
        ):
            piece.kind = "credit"
    # A short fragment right beside a credited photo caption describes the same photo.
    kept = [p for p in pieces if p.kind != "removed"]
    for i, piece in enumerate(kept):
        if piece.kind != "paragraph" or piece.words > CAPTION_NEIGHBOUR_MAX_WORDS:
            continue
        neighbours = kept[max(0, i - 1) : i] + kept[i + 1 : i + 2]
        if any(n.kind == "credit" for n in neighbours):
            piece.kind = "caption"
    return source, dateline


def _match_source(text: str) -> str | None:
    for rule in SOURCE_PATTERNS:
        match = rule.fullmatch(text)
        if match:
            value = match.group("source").strip(" .\"'“”‘’")
            if value:
                return value
    return None


def _dates(text: str) -> list[tuple[re.Match[str], datetime]]:
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


def _dateline(text: str) -> datetime | None:
    """The date of a block that is nothing but a dateline ("Published Nov. 17, 2024")."""
    found = _dates(text)
    if not found:
        return None
    rest = text
    for match, _ in reversed(found):
        rest = rest[: match.start()] + " " + rest[match.end() :]
    return found[0][1] if _DATELINE_REST.fullmatch(rest) else None


def stated_date(pieces: list[Piece]) -> datetime | None:
    """A date stated in the first or last few blocks with a label ("Published on ..."), or
    at the very start of the first block (a dateline: "KYIV, Nov. 17, 2024 — ...").

    Dates elsewhere in the text are what the article is about, not when it was written."""
    count = DATE_SEARCH_BLOCKS
    prose = [p for p in pieces if p.kind not in STRUCTURE_KINDS]
    candidates = prose[:count] + prose[max(count, len(prose) - count) :]
    for n, piece in enumerate(candidates):
        for match, when in _dates(piece.text[:1000]):
            before = piece.text[max(0, match.start() - 40) : match.start()]
            lead = n == 0 and piece is prose[0] and match.start() < DATE_UNLABELLED_LEAD
            if lead or _DATE_LABEL.search(before):
                return when
    return None


def field_date(fields: list[tuple[str, str]]) -> tuple[str, datetime] | None:
    """The key and date of the header field that best says when the article was written
    (Published, Date, Created, ... before Updated, Last-Modified), or None."""
    for keys in DATE_FIELD_KEYS:
        for key, value in fields:
            if key.casefold() in keys:
                found = _dates(value)
                if found:
                    return key, found[0][1]
    return None
