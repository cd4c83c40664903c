"""What a page says of itself: title, byline, site name, date and address, by precedence.

A page states its metadata in several places at once; the most deliberate wins: JSON-LD
(schema.org `headline`, `author`, `datePublished`, `publisher`), then OpenGraph and article
meta tags (`og:title`, `article:author`, `og:site_name`, `article:published_time`), then the
plain ones (`<meta name="author">`, Dublin Core, Twitter cards), then the <title> with the
site's name taken off it. The canonical <link> (or og:url) is the page's address.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from reader.core.html.tree import Page
from reader.core.saved_pages import plain_title

# The schema.org types of an article (NewsArticle, BlogPosting, ScholarlyArticle, Report,
# APIReference, ...); a WebPage's or WebSite's name is often the site's.
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|APIReference", re.I)
_URL = re.compile(r"^(?:https?:)?//|^www\.", re.I)
_CDATA = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")
_BY = re.compile(r"^\s*by[:\s]+", re.I)


@dataclass
class Meta:
    title: str = ""
    byline: str = ""
    site: str = ""
    date: datetime | None = None
    url: str = ""
    title_from_head: bool = False  # the title came from <title>: its site part may remain


def read_meta(page: Page) -> Meta:
    """The page's metadata, each field from its best source."""
    tags: dict[str, str] = {}
    for meta in page.metas:
        content = " ".join((meta.get("content") or "").split())
        if not content:
            continue
        for key in (meta.get("property") or "").split():
            tags.setdefault(key.lower(), content)
        for key in (meta.get("name") or "").split():  # article:* is a property, never a name
            if not key.lower().startswith("article:"):
                tags.setdefault(key.lower(), content)
        if meta.get("itemprop"):
            tags.setdefault("itemprop:" + meta["itemprop"].lower(), content)
    ld = _json_ld(page.json_ld)
    head_title = " ".join(page.title.split())
    found = Meta()
    found.title = _first(
        _title_of_ld(ld, head_title),
        tags.get("og:title"),
        tags.get("dc:title"),
        tags.get("dcterm:title"),
        tags.get("twitter:title"),
        tags.get("parsely-title"),
        tags.get("sailthru.title"),
    )
    if not found.title:
        found.title, found.title_from_head = plain_title(head_title), True
    found.byline = _first(
        _names(ld.get("author")),
        tags.get("dc:creator"),
        tags.get("dcterm:creator"),
        tags.get("author"),
        tags.get("parsely-author"),
        tags.get("sailthru.author"),
        *(v for k, v in tags.items() if k == "article:author" and not _URL.match(v)),
        tags.get("itemprop:author"),
    )
    found.byline = _BY.sub("", found.byline)
    found.site = _first(_names(ld.get("publisher")), tags.get("og:site_name"))
    found.date = _date(
        _first(
            _text(ld.get("datePublished")),
            tags.get("article:published_time"),
            tags.get("parsely-pub-date"),
            tags.get("dc:date"),
            tags.get("dcterm:date"),
            tags.get("date"),
            tags.get("itemprop:datepublished"),
        )
    )
    canonical = next((link.get("href", "") for link in page.links if _rel(link, "canonical")), "")
    found.url = _first(canonical, tags.get("og:url"), _text(ld.get("url")))
    return found


def _rel(link: dict[str, str], name: str) -> bool:
    return name in (link.get("rel") or "").lower().split()


def _first(*values: str | None) -> str:
    for value in values:
        if value and value.strip():
            return " ".join(value.split())
    return ""


def _json_ld(blocks: list[str]) -> dict[str, object]:
    """The article object of the page's JSON-LD (the first of an article type), or {}."""
    found: dict[str, object] = {}
    for raw in blocks:
        try:
            data = json.loads(_CDATA.sub("", raw))
        except (ValueError, RecursionError):
            continue
        stack: list[object] = [data]
        seen = 0
        while stack and seen < 200:
            item = stack.pop(0)
            seen += 1
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                typed = any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds)
                if typed and (not found or ("headline" in item and "headline" not in found)):
                    found = item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return found


def _title_of_ld(ld: dict[str, object], head_title: str) -> str:
    """JSON-LD's headline, or its name; when both are given and differ, the one nearer the
    page's <title>."""
    headline, name = _text(ld.get("headline")), _text(ld.get("name"))
    if headline and name and headline != name:
        return name if _near(name, head_title) > _near(headline, head_title) else headline
    return headline or name


def _near(a: str, b: str) -> float:
    words_a, words_b = set(a.lower().split()), set(b.lower().split())
    return len(words_a & words_b) / max(1, len(words_a | words_b))


def _text(value: object) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list) and value and isinstance(value[0], str):
        return " ".join(value[0].split())
    return ""


def _names(value: object) -> str:
    """The names in a JSON-LD author or publisher (a string, an object, or a list of them)."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:20]:
        if isinstance(item, dict):
            item = item.get("name")
        name = _text(item)
        if name and not _URL.match(name) and name not in names:
            names.append(name)
    return ", ".join(names)


def _date(value: str) -> datetime | None:
    """An ISO 8601 date or time (what metadata holds), naive in local time; None if not."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    for candidate in (text, text[:19], text[:10]):
        try:
            when = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        if when.tzinfo is not None:
            when = when.astimezone().replace(tzinfo=None)
        return when
    return None
