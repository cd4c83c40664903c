"""The catalog: a summary per article file, cached by (size, mtime): a warm start reads nothing."""

from __future__ import annotations

import marshal
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from reader.core.article import ArticleSummary, quick_summary, read_summary, unreadable_summary
from reader.core.corpus import FileStat
from reader.core.ordering import sort_summaries

# 2: marshal of plain tuples (pickle of 100k objects took 1.5 s to load)
# 3: a big file's words counted as its article counts them, not estimated from its size;
#    words of headings, lists and code; the date a header states (Created:, Date:); the
#    source a copyright line or a note of first publication names
CACHE_VERSION = 3
Progress = Callable[[int, int], None]


class Catalog:
    """Summaries of a corpus's articles, read once and cached in the corpus's cache folder."""

    def __init__(self, cache_file: Path | None) -> None:
        self.cache_file = cache_file
        self._loaded: dict[str, ArticleSummary] | None = None
        self.cache_error: str | None = None
        self.stale = 0  # files the last quick call could only summarise provisionally

    def _load_cache(self) -> dict[str, ArticleSummary]:
        if self.cache_file is None:
            return {}
        try:
            with open(self.cache_file, "rb") as fh:
                version, rows = marshal.load(fh)
            if version != CACHE_VERSION:
                return {}
            return {row[0]: ArticleSummary(*row) for row in rows}
        except FileNotFoundError:
            return {}
        except Exception:  # a broken cache is only a slower start: rebuild it
            return {}

    def summaries(
        self,
        files: Sequence[FileStat],
        *,
        quick: bool = False,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[ArticleSummary]:
        """A summary for each file, newest first; unchanged files come from the cache.

        With quick=True, files not in the cache get a provisional summary from their first
        line (see `stale`), nothing is saved, and the call costs a fraction of a second even
        for thousands of new files; call again without quick for the real summaries.
        """
        if self._loaded is None:
            self._loaded = self._load_cache()
        cached = self._loaded
        result: list[ArticleSummary] = []
        fresh = 0
        self.stale = 0
        total = len(files)
        for n, stat in enumerate(files, 1):
            if stat.error is not None:  # the scan already knows it cannot be read
                result.append(unreadable_summary(stat.path, stat.size, stat.mtime, stat.error))
                continue
            hit = cached.get(stat.path)
            if hit is not None and hit.size == stat.size and hit.mtime == stat.mtime:
                result.append(hit)
                continue
            if quick:
                result.append(quick_summary(stat.path, stat.size, stat.mtime))
                self.stale += 1
                continue
            result.append(read_summary(stat.path, stat.size, stat.mtime))
            fresh += 1
            if fresh % 200 == 0:
                if progress is not None:
                    progress(n, total)
                if cancelled is not None and cancelled():
                    return result
        if not quick:
            self._loaded = {s.path: s for s in result}
            if fresh or len(cached) != len(result):
                self._save()
        return sort_summaries(result, "date")

    def _save(self) -> None:
        if self.cache_file is None:
            return
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache_file.parent, prefix=".catalog-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    marshal.dump(
                        (CACHE_VERSION, [_row(s) for s in (self._loaded or {}).values()]), fh
                    )
                os.replace(tmp, self.cache_file)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as exc:
            self.cache_error = f"could not save the catalog cache: {exc.strerror or exc}"


def _row(s: ArticleSummary) -> tuple[str, str, str | None, float, int, int, float, str | None]:
    """A summary as plain values, for the cache."""
    return (s.path, s.title, s.source, s.date, s.words, s.size, s.mtime, s.error)
