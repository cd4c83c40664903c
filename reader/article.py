"""Turn any file into an Article: decoding, title, paragraphs, captions, source, date, debris.

Pure functions; no Textual import. INTERFACE STUB: bodies are being written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

WORDS_PER_MINUTE = 230


class UnreadableError(Exception):
    """A file that cannot be shown as text; str(exc) is the reason, for the user."""


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of the body in reading order."""

    kind: Literal["paragraph", "caption"]
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed article. All strings are already free of control characters."""

    title: str
    blocks: tuple[Block, ...]
    source: str | None
    date: datetime | None
    date_stated: bool  # True when the date came from the text, False when from mtime
    word_count: int
    path: Path | None = None
    markdown: str | None = None  # the cleaned body as Markdown, for .md files
    error: str | None = None  # set when the file is unreadable; then blocks is empty
    size: int = 0

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "paragraph")

    @property
    def captions(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "caption")

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / WORDS_PER_MINUTE)) if self.word_count else 0

    @property
    def body_text(self) -> str:
        """Paragraphs (not captions) joined by blank lines: what the index reads."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the list needs of a file, cheap to compute and to cache."""

    path: str
    title: str
    source: str | None
    date: float  # POSIX timestamp: stated date when found, else mtime
    words: int
    size: int
    mtime: float
    error: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
