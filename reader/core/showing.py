"""One article as the app reads it, as a record: what `reader show` prints (and the benchmark
scores). The text is every block in reading order (headings, paragraphs, lists, code,
captions), without a web page's list of links, which comes apart under `links`."""

from __future__ import annotations

from reader.core.article import Article


def record(article: Article) -> dict[str, object]:
    """{"title", "byline", "source", "date", "text", "links"} of an article (date ISO 8601 when
    the article states one, else None)."""
    blocks = article.blocks[: len(article.blocks) - len(article.links)]
    return {
        "title": article.title,
        "byline": article.byline,
        "source": article.source,
        "date": article.date.isoformat() if article.date_stated and article.date else None,
        "text": "\n\n".join(b.text for b in blocks),
        "links": [{"text": t, "target": u} for t, u in article.links if u],
    }
