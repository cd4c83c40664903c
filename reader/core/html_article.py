"""A saved web page's bytes -> an Article, like any other file's (article.load_article calls
this for .html and .htm): its title, byline, site name as the source, date, the article's
blocks, and the links in it listed at the end, numbered, in one caption block (Article.links
holds them too)."""

from __future__ import annotations

from pathlib import Path

from reader.core.article import TEXT_KINDS, Article, Block, BlockKind
from reader.core.dates import file_date
from reader.core.decoding import clean
from reader.core.html import extract

_KINDS: dict[str, BlockKind] = {
    "paragraph": "paragraph",
    "heading": "heading",
    "code": "code",
    "list": "list",
    "caption": "caption",
}


def html_article(
    data: bytes,
    path: Path,
    mtime: float | None,
    *,
    chars: int | None = None,
    blocks: int | None = None,
) -> Article:
    """The article of a saved page (UnreadableError when the bytes are not text at all).

    chars and blocks bound what is kept as load_article's do, counted on the article's text
    (not on the page's markup), and Article.cut says so."""
    page = extract(data)
    kept: list[Block] = []
    cut = page.cut
    total = 0
    for kind, text, level in page.blocks:
        text = clean(text) if kind in ("code", "list") else " ".join(clean(text).split())
        if blocks is not None and len(kept) >= blocks:
            cut = f"its first {blocks:,} blocks"
            break
        if chars is not None and total + len(text) > chars:
            cut = f"its first {chars:,} characters"
            break
        total += len(text) + 2
        kept.append(Block(_KINDS.get(kind, "paragraph"), text, level))
    links = tuple((clean(t), "".join(clean(u).split())) for t, u in page.links)
    if links:  # one block, the last: the list of the links' targets, numbered
        listed = (f"[{n}] {text}: {target}" for n, (text, target) in enumerate(links, 1))
        kept.append(Block("caption", "\n".join(("Links in this article:", *listed))))
    title = " ".join(clean(page.title).split()) or " ".join(clean(path.stem).split()) or "Untitled"
    date = page.date
    header = (("Address", clean(page.url)),) if page.url else ()
    return Article(
        title=title,
        blocks=tuple(kept),
        source=" ".join(clean(page.source).split()) or None,
        date=date if date is not None else file_date(mtime),
        date_stated=date is not None,
        word_count=sum(len(b.text.split()) for b in kept if b.kind in TEXT_KINDS),
        path=path,
        size=len(data),
        byline=" ".join(clean(page.byline).split()) or None,
        header=header,
        cut=cut,
        links=links,
    )
