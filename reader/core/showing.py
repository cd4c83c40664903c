"""One article as the app reads it: what `reader show FILE` prints (and the benchmark scores),
for any kind of file. The text is every block in reading order (headings, paragraphs, lists,
code, captions) without a web page's list of links, which comes apart (`links`)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from reader.core.article import Article, load_article
from reader.core.dates import day_label

# What JSON leaves raw in a string that must not reach a terminal or a strict JSON reader:
# DEL and C1 controls (U+009B is a CSI to some terminals), lone surrogates (bytes of a name
# that is not UTF-8, kept by surrogateescape), and bidi and zero-width format characters.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def json_text(value: object) -> str:
    """JSON for a terminal and for any reader: readable Unicode, the unsafe escaped as \\uXXXX
    (which every JSON reader turns back into the same string)."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def record(article: Article) -> dict[str, object]:
    """{"title", "byline", "source", "date", "text", "links"} of an article: date in ISO 8601
    when the article states one (else None), links as {"text", "target"}."""
    blocks = article.blocks[:-1] if article.links else article.blocks  # (the links' list)
    return {
        "title": article.title,
        "byline": article.byline,
        "source": article.source,
        "date": article.date.isoformat() if article.date_stated and article.date else None,
        "text": "\n\n".join(b.text for b in blocks),
        "links": [{"text": t, "target": u} for t, u in article.links],
    }


def read_for_show(path: Path) -> dict[str, object]:
    """The record of the article in the file at path; RuntimeError with the reason, for one
    line, when it cannot be read (every string in it is cleaned, as the app shows it)."""
    article = load_article(path)
    if article.error is not None:
        raise RuntimeError(f"{article.title}: {article.error}")
    return record(article)


def as_text(found: dict[str, object]) -> str:
    """A record as plain text: the title, a line of byline, source and date (the day, as the
    app says it), the text, and the links numbered."""
    date = found["date"]
    day = day_label(datetime.fromisoformat(date).timestamp()) if isinstance(date, str) else None
    about = " · ".join(str(v) for v in (found["byline"], found["source"], day) if v)
    parts = [str(found["title"]), *([about] if about else []), str(found["text"])]
    links = found["links"]
    if isinstance(links, list) and links:
        listed = (f"[{n}] {link['text']}: {link['target']}" for n, link in enumerate(links, 1))
        parts.append("Links:\n" + "\n".join(listed))
    return "\n\n".join(part for part in parts if part)
