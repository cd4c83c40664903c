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

# The text of an article indexed: its first million characters (about 160,000 words, longer
# than nearly any article; a whole novel is not). The rest is shown but not searchable. The
# cost of indexing grows with the words: a file of one word a million times took about 60 s to
# index, and held up every file after it.
MAX_INDEXED_CHARS = 1_000_000


def document(f: FileStat) -> dict[str, Any]:
    """The fields of one file, read through the article model; and under `_summary` (not a
    field: the writer takes it out) the list's summary of it, when the file was parsed whole.
    """
    path = Path(f.path)
    doc: dict[str, Any] = {"path": path_term(f.path), "size": f.size, "mtime": f.mtime}
    if doc["path"] != f.path:
        doc["_stored_path"] = f.path
    # never raises: a file that fails has `error`. Parsed only as far as is indexed (markup
    # and debris taken out, the text is shorter than the file's).
    parsed = MAX_INDEXED_CHARS + MAX_INDEXED_CHARS // 4
    art = article_mod.load_article(path, chars=parsed)
    if art.error or art.size <= parsed:  # (a file has as many bytes as characters, or more)
        # what the list shows of it, as read_summary makes it: the catalog need not read it
        doc["_summary"] = article_mod.summary_of(art, f.path, f.size, f.mtime)
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
    text = indexed_text(art.body_text, MAX_INDEXED_CHARS)
    doc["body"] = f"{doc['title']}\n\n{front}\n\n{text}"
    doc["exact"] = (doc["title"], front, text)
    if art.source:
        doc["source"] = art.source
    if art.date is not None:
        with contextlib.suppress(OverflowError, OSError, ValueError):
            doc["date"] = float(art.date.timestamp())
    return doc


def indexed_text(text: str, limit: int = MAX_INDEXED_CHARS) -> str:
    """The part of an article's text that is indexed: its first `limit` characters, cut
    where a word ends (a word longer than the whole limit is cut inside)."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(" ", 0, limit + 1), text.rfind("\n", 0, limit + 1))
    return text[: cut if cut > 0 else limit]


def changes(
    indexed: dict[str, tuple[int, float]], files: Sequence[FileStat]
) -> tuple[Todo, list[str]]:
    """What to write to bring an index of `indexed` (path -> size, mtime) in line with files:
    the files new or changed (by stat), smallest first (by order of size), and the paths of
    the articles gone.

    Smallest first: the small files of a folder are searchable within moments of a first
    index, not after its biggest files (a write commits its batch before a big file, see
    writing.BATCH_BYTES)."""
    wanted = {f.path: f for f in files}
    removed = [p for p in indexed if p not in wanted]
    todo: Todo = []
    for f in wanted.values():
        old = indexed.get(f.path)
        if old is None:
            todo.append((f, False))
        elif old != (f.size, f.mtime):
            todo.append((f, True))
    todo.sort(key=lambda item: (size_order(item[0].size), item[0].path))
    return todo, removed


def size_order(size: int) -> int:
    """Which order of size a file is of, by powers of 16 (under 16 bytes, under 256, under
    4 KB, ...): smaller ones are indexed first, in path order within one order of size, so a
    folder of like files is indexed as it always was (the same batches, the same scores)."""
    return max(0, size.bit_length() - 1) // 4
