"""What scrape debris, photo captions, source lines, bylines and datelines look like.

The rules are data: tables of patterns, each matched against a WHOLE short block (fullmatch),
so a paragraph that merely mentions "source", "copyright" or "share" in a sentence is never
touched. They describe shapes, not phrases of one outlet: a copyright notice (the sign or the
word, a year, a holder), a line of contributors ("Reporting by <names>; Editing by <names>"),
a note that the article appeared elsewhere first (this article / the post <title> / it, a verb
of publishing marked "originally", "first" or "re-", where), the link back to it ("Read the
original <article> on <where>"), a share or follow widget (a blog's share box: its label, its
buttons marked "(Opens in new window)", its like button), a byline; a list whose every item
is debris is a row of buttons.
At the two ends of an article the page's furniture gathers: `classify` also reads the run of
blocks after the last paragraph of prose (short lines that are not sentences: headlines of a
"Read more" list, labels, links and addresses) as debris when the run holds at least one block
the rules above call debris (with the labels ending in ":" right before it), and the run before
the first paragraph (bylines, datelines, an audio player's "Listen · 4 min") as the header.
(dates.stated_date finds a date of publication written in the text.) Every pattern is linear
in the text: no two quantifiers can match the same characters in more than one way.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime

from reader.core.dates import UPDATE_LABEL, dateline, dates_in
from reader.core.piece import STRUCTURE_KINDS, Piece

SHORT_BLOCK_CHARS = 200  # only blocks shorter than this can be debris, source or caption
CAPTION_MAX_WORDS = 30
CAPTION_NEIGHBOUR_MAX_WORDS = 15


# ---------------------------------------------------------------------------------------
# The rules


# What a block may end with after what a rule matched. (A class of characters beyond Latin-1
# in more than two runs is a 64 K bitmap that re takes 0.35 ms to build: once, not once a rule.)
_TRAIL = r"[\s.!:…»›→↑▲^>|]*"
_compiled = functools.cache(re.compile)  # a pattern compiled at its first use


def _rule(pattern: str) -> str:
    """A rule that must cover a whole block, trailing punctuation allowed (IGNORECASE)."""
    return rf"(?:{pattern}){_TRAIL}"


def _whole(pattern: str) -> re.Pattern[str]:
    return re.compile(_rule(pattern), re.IGNORECASE)


_NEW_WINDOW = r"\(opens in (?:a )?new (?:window|tab)\)"
# Each a whole block (_rule), compiled as one pattern (_DEBRIS), not also one by one (a quarter
# of this module's compiling): debris_patterns() compiles them one by one (the tests).
DEBRIS_RULES: tuple[str, ...] = (
    r"source link",  # the scraper's link back to the original page
    r"about (?:the|this) author",  # heading of an author box
    r"(?:scroll|back) to top",  # page navigation button
    # widget: "Share this story on X", a share box's label and its names "Share this: X Email"
    (
        r"share (?:this|the)(?: (?:article|story|post|page))?"
        r"(?: (?:on|via) .{1,40}|\s*:\s*(?-i:[A-Z][\w.+-]*(?: [A-Z][\w.+-]*){0,7}))?"
    ),
    # share buttons: "Share on Facebook", "Share Twitter LinkedIn Email"
    r"share(?: on)? (?:facebook|twitter|x|linkedin|whatsapp|email|reddit)\b.{0,60}",
    # any tool button: a verb of sharing, what, and where: "Share via Email", "Send to a
    # friend", "Save", "Copy link", "Share this story on Bluesky"
    (
        r"(?:share|tweet|e-?mail|print|save|copy(?: the)? link|send|pin|post)"
        r"(?: (?:this|the) (?:article|story|post|page|link|video))?"
        r"(?: (?:on|via|to|by|with|in) \S+(?: \S+){0,3})?"
    ),
    # newsletter box: "Sign up for our newsletter", "Subscribe to the daily newsletter"
    r"(?:sign up|subscribe)(?: now)? (?:for|to) (?:our|the)\b.{0,60}?newsletters?\b.{0,80}",
    r"click here(?: (?:to|for)\b.{0,100})?",  # call to action
    # a share box's buttons, each a link marked as opening elsewhere: "Click to share on X
    # (Opens in new window) X", "Email a link to a friend (Opens in new window)"
    (
        r"(?:share (?:this|the)(?: \w+)?\s*:\s*)?(?:(?:click|tap) (?:here )?to )?"
        rf"(?:share|e-?mail|print|tweet|pin|save|post|send|copy|reblog|press this)\b[^()]{{0,60}}?"
        rf"{_NEW_WINDOW}(?:[^()]{{0,60}}?{_NEW_WINDOW})*(?: [\w.+-]+){{0,2}}"
    ),
    # a like button's text: "Like Loading...", "Be the first to like this", "12 bloggers like this"
    (
        r"(?:like this\s*:\s*)?(?:like\s+)?loading|be the first to like this"
        r"|\d{1,6} (?:bloggers?|people|others|readers) likes? this"
    ),
    # a link to the page copied: "Read the original article", "Read the full story here"
    (
        r"read (?:the |this )?(?:original|full)(?: (?:article|story|post|piece|report|version))?"
        r"(?: in [a-z]+)?(?: here)?"
    ),
    r"advertisement|advertising|sponsored(?: content)?",  # ad slot label
    # link lists: "Related:", "Related stories: <headline>"
    r"related(?: (?:articles?|stories|posts?|content|reading|coverage))?\s*:.{0,160}",
    r"follow us\b.{0,80}",  # social links
    r"(?:.{0,120}[.,;]\s*)?all rights reserved",  # copyright footer, sentence of its own
    # teaser links: "Read more", "Read more: <headline>", "Read more about ..."
    r"read (?:more|next)(?:\s*[:\-–—].{0,120}| (?:about|on|from|stories|articles)\b.{0,80})?",
    r"continue reading\b.{0,80}",  # teaser link
    r"(?:photo|image|picture|video|gallery)s?",  # a media label left without its media
    r"leave a (?:comment|reply)|(?:show |view )?\d* ?comments?",  # comment widget
    r"(?:print|email|tweet|pin it)(?: this (?:article|story|page))?",  # tool buttons
    r"tags?\s*:.{0,200}",  # tag list
    r"skip to (?:main )?content|listen to this article|\d+ min(?:ute)?s? read",
)

# A source line is debris too, but its named group "source" becomes Article.source.
_NAME = r"[A-Z0-9][\w.&'’-]*(?:\s+(?:[A-Z0-9&][\w.&'’-]*|of|the|and|for|de|du))*"
# (A note of first publication names a source too: see PUBLISHED_ELSEWHERE below.)
SOURCE_PATTERNS: tuple[re.Pattern[str], ...] = (
    _whole(r"source\s*:\s*(?P<source>\S.{0,78}?)"),  # "Source: Reuters"
    re.compile(rf"(?i:via)\s*:?\s+(?P<source>{_NAME})[\s.]*"),  # "via Reuters" alone on a line
    # the link back: "Read the original article on The Conversation", "... in Spanish at
    # example.org"; without a place it is debris (DEBRIS_RULES)
    re.compile(
        r"(?i:read\s+(?:the\s+|this\s+)?original(?:\s+(?:article|story|post|piece|version))?)"
        r"(?:\s+(?i:in)\s+[A-Z][a-z]+)?\s+(?i:on|at|in|from)\s+"
        rf"(?P<source>{_NAME}|[a-z0-9][\w-]*(?:\.[\w-]+)+)[\s.!:…»›→]*"
    ),
)

# A note that the article was published elsewhere first, found by its verb ("originally
# published on", "appeared first on", "republished from", ...); what precedes the verb must be
# its subject (nothing, "it", or "this article" / "the post <its title>" and an auxiliary),
# what follows names the source, up to a licence clause, a link back or the end.
PUBLISHED_ELSEWHERE = re.compile(
    r"\b(?:(?:originally|first)\s+(?:published|appeared|posted|ran|printed)"
    r"(?:\s+(?:first|originally))?"
    r"|(?:published|appeared|posted|ran)\s+(?:first|originally)"
    r"|re-?published|reprinted|syndicated|cross-?posted)"
    r"(?:\s+with\s+permission)?\s+(?:on|at|in|by|from|with)\s+(?:permission\s+(?:of|from)\s+)?",
    re.IGNORECASE,
)
_NOTE_SUBJECT = re.compile(
    r"(?:(?:this|the)\s+(?:article|story|post|piece|column|essay|interview)\b.*?"
    r"|it)?(?:\s+(?:was|is|has\s+been|had\s+been))?\s*",
    re.IGNORECASE | re.DOTALL,
)
_SOURCE_END = re.compile(r"\s+(?:under|with|and|as|where|on)\s|\s*[,;(|]|[.!?](?:\s|$)|\s*$")
SOURCE_MAX_CHARS = 80

# A copyright notice: the sign or the word, a year (or the sign), and the holder, who is the
# source when nothing names one; "All rights reserved" and more may follow.
COPYRIGHT = re.compile(
    r"(?:(?i:copyright)\s*(?P<sign>©|\([cC]\))?|(?P<sign2>©|\([cC]\)))\s*"
    r"(?P<year>(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?)?[\s,.]*"
    r"(?P<holder>[A-Z][\w.&'’-]*(?:\s+(?:[A-Z0-9][\w.&'’-]*|of|the|and|for|de|du|&))*)?"
)
_RIGHTS = re.compile(r"[\s.,]*(?:all\s+rights\s+reserved\b.*)?", re.IGNORECASE | re.DOTALL)

# People: capitalised words and the small words of names ("Ludwig van Beethoven").
_PERSON = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|van|von|de|der|da|del|la|le|bin|al))*"
_PEOPLE = rf"{_PERSON}(?:\s*(?:,|&|\band\b)\s*{_PERSON})*"
# Contributors: "Reporting by Jane Roe in Washington; Additional reporting by John Doe; Editing
# by Richard Roe", "Written and edited by ...", "(Graphics by ...)": roles by names, in places.
_ROLE = (
    r"(?i:(?:(?:additional|further)\s+)?(?:[a-z]+(?:ing|ed|en)|research|graphics?|photos?"
    r"|photography|illustrations?|video|design|production|translation|text|data)"
    r"(?:\s+and\s+[a-z]+(?:ing|ed|en))?)"
)
_CREDIT_CLAUSE = rf"{_ROLE}\s+(?i:by)\s+{_PEOPLE}(?:\s+(?i:in|from)\s+{_PERSON})?"
CREDIT_LINE = rf"\(?{_CREDIT_CLAUSE}(?:\s*[;|•·]\s*{_CREDIT_CLAUSE})*[\s.;)]*"
# A byline: "By Jane Roe, Chief Washington Correspondent", "BY JANE ROE AND JOHN DOE | Reuters"
BYLINE = rf"(?i:by)\s+(?P<names>{_PEOPLE})(?:\s*[|·•–—]\s*[^|·•]{{1,60}})?[\s.]*"
# Each match of either has "by" between spaces: they are compiled (_compiled) at the first
# block that has it, not at each article read (their 19 classes of names with "’", each a 64 K
# bitmap to build, took 6 of the 15 ms of compiling at each `reader search`).
_BY = re.compile(r"(?:^|\s)(?i:by)\s")
BYLINE_MAX_WORDS = 16
# A player or reading-time widget: a few words with a duration, not a sentence.
_DURATION = re.compile(
    r"\b\d{1,3}\s?(?:min(?:ute)?s?|sec(?:ond)?s?|hrs?|hours?)\b|\b\d{1,2}:\d{2}\b", re.I
)
WIDGET_MAX_WORDS = 8
# The end of a sentence, and what is a link or an address.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_LINK = re.compile(r"https?://\S|\bwww\.\w|[\w.+-]@[\w-]+\.\w")
_LABEL = re.compile(r"[A-Z][\w’'-]*(?:\s[A-Za-z][\w’'-]*){0,4}:\s+")
_SMALL_WORDS = frozenset("a an and as at by for from in of on or the to with".split())
TRAILER_MAX_WORDS = 20  # longer blocks at the end are prose
MAX_BUTTONS = 12  # a longer list is not a row of buttons
_ITEM_MARKER = re.compile(r"\s*(?:[-*+•‣◦▪]|\d{1,3}[.)]|\(\d{1,3}\)|#\.)\s+")
# News agencies: one named in the debris at an article's end is its source when nothing
# else names one ("Our Standards: The Thomson Reuters Trust Principles.").
NEWS_AGENCIES: tuple[str, ...] = (
    "Associated Press", "AP", "Reuters", "Agence France-Presse", "AFP", "Bloomberg",
    "United Press International", "UPI", "dpa", "EFE", "ANSA", "Kyodo", "Xinhua",
    "PA Media", "Press Association", "Canadian Press", "AAP", "TASS", "Yonhap", "Anadolu",
)  # fmt: skip
_AGENCY = re.compile(r"\b(?:" + "|".join(map(re.escape, NEWS_AGENCIES)) + r")\b")

# A name in a photo credit: capitalised words, and the small words names and agencies have.
_CREDIT_NAME = r"[A-Z][\w.'’&-]*(?:\s+(?:[A-Z][\w.'’&-]*|via|of|for|and|de|van|von|der|la|le))*"
# Photo credits: a short block that ENDS with one of these is a caption (re.search). Compiled
# as one pattern (_CAPTION), not also one by one: caption_patterns() does (the tests).
CAPTION_RULES: tuple[str, ...] = (
    # "(Andrew Harnik / Getty Images)", "(AP Photo/Evan Vucci, File)": names, a slash, names
    # (not "(Tcl/Tk, expat, etc)" nor a link "(http://example.org/Page)")
    rf"\({_CREDIT_NAME}\s?/\s?{_CREDIT_NAME}(?:,\s?[A-Z]\w*)?\)[\s.]*$",
    # "(Reuters)", "(Getty Images)", "(File photo)", "(Courtesy of the family)"
    (
        r"(?i:\((?:AP|AFP|EPA|Reuters|Getty Images|Shutterstock|Bloomberg|File(?: photo)?"
        r"|Courtesy\b[^()]{0,60}|Photo\b[^()]{0,60}|Image\b[^()]{0,60}|Credit\b[^()]{0,60})\)"
        r"[\s.]*$)"
    ),
    # "Photo by Jane Doe", "Image: NASA", "Photo credit: Jane Doe", at the start or after a
    # sentence
    (
        r"(?i:(?:^|[.!?]\s+)(?:photo(?:graph)?s? by|(?:(?:photo|image|picture|video|cover)\s+)?"
        r"(?:photo|image|picture|credit|courtesy)s?\s*:)\s*\S.{0,80}$)"
    ),
    # "... / Getty Images", "Joe Biden. Getty Images"
    r"(?:^|[./|:,—–-]\s*)(?:Getty Images|Shutterstock|AP Photo|Reuters|AFP)[\s.]*$",
)


_CAPTION = re.compile("|".join(f"(?:{rule})" for rule in CAPTION_RULES))
_DEBRIS = re.compile(_rule("|".join(f"(?:{p})" for p in DEBRIS_RULES)), re.IGNORECASE)


def debris_patterns() -> tuple[re.Pattern[str], ...]:
    """Each debris rule compiled on its own (what the tests look at one by one)."""
    return tuple(_whole(rule) for rule in DEBRIS_RULES)


def caption_patterns() -> tuple[re.Pattern[str], ...]:
    """Each photo credit rule compiled on its own (what the tests look at one by one)."""
    return tuple(map(re.compile, CAPTION_RULES))


# ---------------------------------------------------------------------------------------
# Applying them


@dataclass(slots=True)
class Found:
    """What classify learnt of an article besides the kind of each block."""

    source: str | None = None  # named by a source line or a note of first publication
    fallback_source: str | None = None  # a copyright holder, or an agency named at the end
    dateline: datetime | None = None
    byline: str | None = None


def classify(pieces: list[Piece]) -> Found:
    """Mark debris, source lines, bylines, datelines and captions (see the module's
    docstring); return the source, byline and dateline date they state."""
    found = Found()
    updated = False  # the dateline found is when the article changed, not when it appeared
    for piece in pieces:
        text = piece.text
        if piece.kind == "list" and _buttons(text):
            _remove(piece, "debris")
        if piece.kind in STRUCTURE_KINDS or len(text) >= SHORT_BLOCK_CHARS:
            continue
        if (source := _match_source(text)) is not None:
            _remove(piece, "source")
            found.source = found.source or source
        elif (holder := _copyright(text)) is not None:
            _remove(piece, "copyright")
            found.fallback_source = found.fallback_source or holder or None
        elif _DEBRIS.fullmatch(text) or (
            _BY.search(text) and _compiled(CREDIT_LINE).fullmatch(text)
        ):
            _remove(piece, "debris")
        elif (when := dateline(text)) is not None:
            _remove(piece, "dateline")
            # "Published ..." wins over "Updated ...", whichever comes first.
            if found.dateline is None or (updated and not UPDATE_LABEL.match(text)):
                found.dateline, updated = when, UPDATE_LABEL.match(text) is not None
        elif (
            piece.kind == "paragraph" and piece.words <= CAPTION_MAX_WORDS and _CAPTION.search(text)
        ):
            piece.kind = "credit"
    _header_zone(pieces, found)
    _trailer_zone(pieces, found)
    # A short fragment right beside a credited photo caption describes the same photo.
    kept = [p for p in pieces if p.kind != "removed"]
    for i, piece in enumerate(kept):
        if piece.kind != "paragraph" or piece.words > CAPTION_NEIGHBOUR_MAX_WORDS:
            continue
        neighbours = kept[max(0, i - 1) : i] + kept[i + 1 : i + 2]
        if any(n.kind == "credit" for n in neighbours):
            piece.kind = "caption"
    # A credit alone (no words of its own, no caption beside it) credits a photo that is not
    # there: "Image: Example / Getty Images".
    for i, piece in enumerate(kept):
        if piece.kind == "credit" and _credit_only(piece.text):
            neighbours = kept[max(0, i - 1) : i] + kept[i + 1 : i + 2]
            if not any(n.kind == "caption" for n in neighbours):
                _remove(piece, "credit")
    return found


def _remove(piece: Piece, why: str) -> None:
    piece.kind = "removed"
    piece.why = why


def _match_source(text: str) -> str | None:
    for rule in SOURCE_PATTERNS:
        match = rule.fullmatch(text)
        if match:
            value = match.group("source").strip(" .\"'“”‘’")
            if value:
                return value
    return _published_elsewhere(text)


def _published_elsewhere(text: str) -> str | None:
    """The source a note of first publication names, or None when text is not one."""
    verb = PUBLISHED_ELSEWHERE.search(text)
    if verb is None or not _NOTE_SUBJECT.fullmatch(text, 0, verb.start()):
        return None
    rest = text[verb.end() :]
    dates = dates_in(rest[:40])
    if dates and dates[0][0].start() == 0:
        return None  # "originally published Nov. 17, 2024": a dateline, not a source
    end = _SOURCE_END.search(rest)
    source = rest[: end.start() if end else len(rest)].strip(" .\"'“”‘’")
    return source if 0 < len(source) <= SOURCE_MAX_CHARS else None


def _copyright(text: str) -> str | None:
    """The holder of a copyright notice ("" when it names none), or None when text is not
    one: the sign, or the word and a year; then a holder, or only "All rights reserved"."""
    match = COPYRIGHT.match(text)
    if match is None or not (match.group("sign") or match.group("sign2") or match.group("year")):
        return None
    holder = (match.group("holder") or "").split(". ")[0].rstrip(".")
    if holder and _RIGHTS.fullmatch(text, match.start("holder")):
        holder = ""  # "Copyright 2020. All rights reserved."
    if not holder and not _RIGHTS.fullmatch(text, match.end()):
        return None
    return holder


def _buttons(text: str) -> bool:
    """A list whose every item is debris: a share box's buttons set as a list."""
    items = text.split("\n")
    return len(items) <= MAX_BUTTONS and all(
        len(item) < SHORT_BLOCK_CHARS and _DEBRIS.fullmatch(item, _item_start(item))
        for item in items
    )


def _item_start(item: str) -> int:
    """Where a list item's text starts, after its marker."""
    marker = _ITEM_MARKER.match(item)
    return marker.end() if marker else 0


def _credit_only(text: str) -> bool:
    """A credit with no caption of its own: the credit starts the block."""
    match = _CAPTION.search(text)
    return match is not None and not any(c.isalnum() for c in text[: match.start()])


def _prose(text: str) -> bool:
    """A sentence (or more): ends like one, and is no label over a title-cased name."""
    if not _SENTENCE_END.search(text):
        return False
    label = _LABEL.match(text)
    if label is None:
        return True
    words = [w for w in text[label.end() :].split() if any(c.isalpha() for c in w)]
    big = [w for w in words if w.casefold() not in _SMALL_WORDS]
    return not big or sum(w[0].isupper() for w in big) < 0.75 * len(big)


def _widget(text: str) -> bool:
    """A player or reading-time widget: "Listen to this article · 4 min", "5 min read"."""
    return (
        len(text.split()) <= WIDGET_MAX_WORDS
        and _DURATION.search(text) is not None
        and not _SENTENCE_END.search(text)
    )


def _header_zone(pieces: list[Piece], found: Found) -> None:
    """Before the first paragraph of prose: bylines (into found.byline) and widgets go."""
    for piece in pieces:
        if piece.kind in ("removed", "caption", "credit"):
            continue
        text = piece.text
        if piece.kind != "paragraph" or len(text) >= SHORT_BLOCK_CHARS:
            return
        names = None
        if piece.words <= BYLINE_MAX_WORDS and _BY.match(text):
            names = _compiled(BYLINE).fullmatch(text)
        if names is not None:
            _remove(piece, "byline")
            found.byline = found.byline or " ".join(names.group("names").split())
        elif _widget(text):
            _remove(piece, "widget")
        else:
            return


def _trailer_zone(pieces: list[Piece], found: Found) -> None:
    """After the last paragraph of prose, from the first block the rules call debris on: the
    rest of the run of debris and short lines that are not sentences (headlines, labels,
    links, addresses) goes; a news agency named there is the source when nothing else names
    one. Short lines before that first debris stay (a list, a quotation ending the text)."""
    run: list[Piece] = []
    for piece in reversed(pieces):
        if piece.kind == "removed":
            if piece.why in ("dateline", "byline", "widget"):
                break  # the header's: the article is all header and trailer
            run.append(piece)
            continue
        text = piece.text
        if (
            piece.kind != "paragraph"
            or len(text) >= SHORT_BLOCK_CHARS
            or piece.words > TRAILER_MAX_WORDS
            or (_prose(text) and not _LINK.search(text))
        ):
            break
        run.append(piece)
    run.reverse()
    first = next((n for n, piece in enumerate(run) if piece.kind == "removed"), None)
    if first is None:
        return
    while first > 0 and run[first - 1].text.endswith(":"):
        first -= 1  # a label introduces the debris after it: "Like this:", "More:"
    for piece in run[first:]:
        if piece.kind != "removed":
            _remove(piece, "trailer")
    if found.fallback_source is None:
        for piece in reversed(run[first:]):
            agency = _AGENCY.search(piece.text)
            if agency is not None:
                found.fallback_source = agency.group(0)
                break
