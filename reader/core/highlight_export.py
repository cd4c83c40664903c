"""Highlights taken elsewhere: placed in their articles as they are now (`placed`), and
written as Markdown (grouped by article: its title, source, date and path; each passage a
quote, its note under it) or as JSON. `reader highlights` prints these, and the app copies
the same Markdown, so what is exported is what the app shows. Pure, no I/O but reading the
articles (`gather`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.anchoring import article_text, locate
from reader.core.article import Article, load_article
from reader.core.dates import day_label
from reader.core.decoding import clean
from reader.core.highlight_store import Highlight

__all__ = ["ArticleHighlights", "Placed", "gather", "json_rows", "markdown", "placed"]

NOT_PLACED = "(no longer found in the article; kept as it was quoted)"
# What Markdown reads as markup anywhere in a line, and at a line's start.
_INLINE = re.compile(r"([\\`*_\[\]<>|~#&!])")
_LINE_START = re.compile(r"^(\s*)(\d*)([-+=>.)])", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Placed:
    """A highlight and where it stands in its article now (None: it cannot be placed), and
    its passage as the article reads now (the kept quote when it cannot be placed)."""

    highlight: Highlight
    span: tuple[int, int] | None
    text: str


@dataclass(frozen=True, slots=True)
class ArticleHighlights:
    """An article and its highlights, in the order they stand in it (those that cannot be
    placed last)."""

    path: str
    title: str
    source: str | None
    date: str | None  # as the app shows it: "7 Dec 2026", "saved 7 Dec 2026"
    highlights: tuple[Placed, ...]


def placed(article: Article | None, highlights: Iterable[Highlight]) -> list[Placed]:
    """Each highlight placed on the article's text (none when the article is None or could
    not be read), in the order they stand in it, those that cannot be placed last."""
    text = article_text(article) if article is not None and article.error is None else None
    out: list[Placed] = []
    for highlight in highlights:
        span = locate(text, highlight.anchor) if text is not None else None
        shown = text[span[0] : span[1]] if text is not None and span else highlight.quote
        out.append(Placed(highlight, span, shown))
    out.sort(key=lambda p: (p.span is None, p.span or (0, 0), p.highlight.created))
    return out


def shown_date(article: Article) -> str | None:
    """The article's date as the list shows it."""
    if article.date is None:
        return None
    try:
        timestamp = article.date.timestamp()
    except (OverflowError, OSError, ValueError):
        return None
    return day_label(timestamp, stated=article.date_stated)


def of_article(
    path: str, article: Article | None, highlights: Iterable[Highlight]
) -> ArticleHighlights:
    """An article's highlights, placed, with what the export says of the article."""
    title = article.title if article is not None and not article.error else Path(path).name
    return ArticleHighlights(
        path=path,
        title=title,
        source=article.source if article is not None else None,
        date=shown_date(article) if article is not None and not article.error else None,
        highlights=tuple(placed(article, highlights)),
    )


def gather(by_path: dict[str, list[Highlight]]) -> list[ArticleHighlights]:
    """Each article's highlights, the articles read from their files (slow: not on the UI
    thread), in the order of their paths."""
    groups = []
    for path in sorted(by_path):
        article = load_article(Path(path)) if Path(path).is_file() else None
        groups.append(of_article(path, article, by_path[path]))
    return groups


def escape(text: str) -> str:
    """text with what Markdown would read as markup escaped, control characters removed."""
    text = _INLINE.sub(r"\\\1", clean(text))
    return _LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", text)


def markdown_of(group: ArticleHighlights, only: Iterable[str] | None = None) -> str:
    """One article's section: its heading, a line of its source, date and path, then each
    highlight (only those with the ids given, when given) as a quote with its note under it."""
    wanted = None if only is None else set(only)
    lines = [f"## {escape(group.title)}", ""]
    about = [escape(part) for part in (group.source, group.date) if part]
    about.append(escape(group.path))
    lines += [" · ".join(about), ""]
    for item in group.highlights:
        if wanted is not None and item.highlight.id not in wanted:
            continue
        for line in item.text.split("\n"):
            lines.append(f"> {escape(line)}".rstrip())
        if item.span is None:
            lines += [">", f"> *{NOT_PLACED}*"]
        lines.append("")
        if item.highlight.note:
            lines += [escape(item.highlight.note), ""]
    return "\n".join(lines)


def markdown(groups: Iterable[ArticleHighlights]) -> str:
    """Every article's highlights as one Markdown document."""
    sections = [markdown_of(group) for group in groups if group.highlights]
    if not sections:
        return ""
    return "# Highlights\n\n" + "\n".join(sections)


def json_rows(groups: Iterable[ArticleHighlights]) -> list[dict[str, Any]]:
    """Every article's highlights as JSON values: an object an article, its highlights in it."""
    return [
        {
            "path": group.path,
            "title": group.title,
            "source": group.source,
            "date": group.date,
            "highlights": [
                {
                    "id": item.highlight.id,
                    "quote": item.text,
                    "note": item.highlight.note,
                    "created": item.highlight.created,
                    "placed": item.span is not None,
                    "start": item.span[0] if item.span else None,
                    "end": item.span[1] if item.span else None,
                }
                for item in group.highlights
            ],
        }
        for group in groups
        if group.highlights
    ]
