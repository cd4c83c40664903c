"""What the index holds of each article: the fields of one file's document (document), and
which files an update writes and which articles it removes (changes). No Whoosh.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.core import article as article_mod
from reader.core.corpus import FileStat
from reader.core.decoding import clean
from reader.search.analysis import path_term

Todo = list[tuple[FileStat, bool]]  # files to index, and whether each replaces an indexed one


def document(f: FileStat) -> dict[str, Any]:
    """The fields of one file, read through the article model."""
    path = Path(f.path)
    doc: dict[str, Any] = {"path": path_term(f.path), "size": f.size, "mtime": f.mtime}
    if doc["path"] != f.path:
        doc["_stored_path"] = f.path
    art = article_mod.load_article(path)  # never raises: a file that fails has `error`
    if art.error:
        # the name, cleaned: a file name may hold escapes, newlines or undecodable bytes
        doc["title"] = " ".join(clean(path.stem).split()) or "Untitled"
        doc["_unreadable"] = True
        doc["body"] = doc["title_exact"] = doc["title"]
        doc["exact"] = (doc["title"],)
        return doc
    doc["title"] = doc["title_exact"] = art.title or path.stem
    # The header's author and fields (PEP: Author, Status, ...) are found too, not shown in text.
    front = "\n".join(v for v in (art.byline, *(value for _, value in art.header)) if v)
    doc["body"] = f"{doc['title']}\n\n{front}\n\n{art.body_text}"
    doc["exact"] = (doc["title"], front, art.body_text)
    if art.source:
        doc["source"] = art.source
    if art.date is not None:
        with contextlib.suppress(OverflowError, OSError, ValueError):
            doc["date"] = float(art.date.timestamp())
    return doc


def changes(
    indexed: dict[str, tuple[int, float]], files: Sequence[FileStat]
) -> tuple[Todo, list[str]]:
    """What to write to bring an index of `indexed` (path -> size, mtime) in line with files:
    the files new or changed (by stat), and the paths of the articles gone."""
    wanted = {f.path: f for f in files}
    removed = [p for p in indexed if p not in wanted]
    todo: Todo = []
    for f in wanted.values():
        old = indexed.get(f.path)
        if old is None:
            todo.append((f, False))
        elif old != (f.size, f.mtime):
            todo.append((f, True))
    return todo, removed
