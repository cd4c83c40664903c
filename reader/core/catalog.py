"""The catalog: a summary per article file, cached by (size, mtime): a warm start reads nothing."""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reader.core.article import ArticleSummary, quick_summary, read_summary, unreadable_summary
from reader.core.corpus import FileStat
from reader.core.ordering import sort_summaries

# 2: marshal of plain tuples (pickle of 100k objects took 1.5 s to load)
# 3: a big file's words counted as its article counts them, not estimated from its size;
#    words of headings, lists and code; the date a header states (Created:, Date:); the
#    source a copyright line or a note of first publication names
# 4: the same values as 3, one list a field (marshal loads 100,000 rows in 0.25 s, the same
#    values as eight lists in 0.03 s), in the order the list shows them (newest first): a
#    warm start neither sorts nor waits for the folder's scan to show them
log = logging.getLogger(__name__)

CACHE_VERSION = 4
_ROWS_VERSION = 3  # read too (the same summaries as rows in path order), then saved as 4
_FIELDS = 8  # path, title, source, date, words, size, mtime, error
Progress = Callable[[int, int], None]


class Catalog:
    """Summaries of a corpus's articles, read once and cached in the corpus's cache folder."""

    def __init__(self, cache_file: Path | None) -> None:
        self.cache_file = cache_file
        self._loaded: dict[str, ArticleSummary] | None = None
        # The summaries newest first, as last shown or saved; None until the cache is read.
        self._ordered: list[ArticleSummary] | None = None
        self._resave = False  # the cache was of the older format: save it in the new one
        self.cache_error: str | None = None
        self.stale = 0  # files the last quick call could only summarise provisionally

    def _read_cache(self) -> list[ArticleSummary]:
        """The summaries the cache holds (newest first when it is of this version)."""
        if self.cache_file is None:
            return []
        try:
            with open(self.cache_file, "rb") as fh:
                # (marshal.load(fh) reads in small pieces: 6x slower than one read)
                version, data = marshal.loads(fh.read())
            if version == CACHE_VERSION:
                if len(data) != _FIELDS or len({len(column) for column in data}) != 1:
                    return []
                return list(map(ArticleSummary, *data))
            if version == _ROWS_VERSION:
                self._resave = True
                rows = [ArticleSummary(*row) for row in data]
                return sort_summaries(rows, "date")
            return []
        except FileNotFoundError:
            return []
        # What a cache cut short or of garbage raises (marshal: EOFError, ValueError,
        # TypeError; rows of the wrong shape: TypeError): only a slower start, it is rebuilt.
        except (OSError, EOFError, ValueError, TypeError):
            log.warning(
                "The catalog cache %s is unreadable; rebuilt", self.cache_file, exc_info=True
            )
            return []

    def _cache(self) -> dict[str, ArticleSummary]:
        if self._loaded is None:
            if self._ordered is None:
                self._ordered = self._read_cache()
            self._loaded = {s.path: s for s in self._ordered}
        return self._loaded

    def cached(self) -> list[ArticleSummary] | None:
        """The summaries the cache holds, newest first, without looking at the folder: what
        the list showed last time, to show again while the folder is scanned (summaries()
        then says what changed). None when there is no cache of this version, or it is empty.
        """
        if self._ordered is None:
            self._ordered = self._read_cache()
        if self._resave or not self._ordered:
            return None
        return self._ordered

    def summaries(
        self,
        files: Sequence[FileStat],
        *,
        quick: bool = False,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[ArticleSummary]:
        """A summary for each file, newest first; unchanged files come from the cache.

        When no file changed since the last call (or since the cache was saved), the list
        that call returned (or cached() gave) comes back itself: the same object.

        With quick=True, files not in the cache get a provisional summary from their first
        line (see `stale`), nothing is saved, and the call costs a fraction of a second even
        for thousands of new files; call again without quick for the real summaries.
        """
        cached = self._cache()
        result: list[ArticleSummary] = []
        fresh = 0
        hits = 0
        self.stale = 0
        total = len(files)
        for n, stat in enumerate(files, 1):
            if stat.error is not None:  # the scan already knows it cannot be read
                result.append(unreadable_summary(stat.path, stat.size, stat.mtime, stat.error))
                continue
            hit = cached.get(stat.path)
            if hit is not None and hit.size == stat.size and hit.mtime == stat.mtime:
                result.append(hit)
                hits += 1
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
        ordered = self._ordered
        if hits == total == len(cached) and ordered is not None and len(ordered) == total:
            # Every file is a cached summary, and the cache holds no other: the same list.
            if self._resave:  # (of the older format: saved in this one, even when quick)
                self._resave = False
                self._save(ordered)
            return ordered
        ordered = sort_summaries(result, "date")
        if not quick:
            self._loaded = {s.path: s for s in result}
            self._ordered = ordered
            if fresh or len(cached) != len(result) or self._resave:
                self._resave = False
                self._save(ordered)
        return ordered

    def _save(self, ordered: Sequence[ArticleSummary]) -> None:
        if self.cache_file is None:
            return
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache_file.parent, prefix=".catalog-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    marshal.dump((CACHE_VERSION, _columns(ordered)), fh)
                os.replace(tmp, self.cache_file)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as exc:
            log.warning("The catalog cache %s could not be saved", self.cache_file, exc_info=True)
            self.cache_error = f"could not save the catalog cache: {exc.strerror or exc}"


def _columns(summaries: Sequence[ArticleSummary]) -> list[list[Any]]:
    """Summaries as plain values, one list a field, for the cache."""
    return [
        [s.path for s in summaries],
        [s.title for s in summaries],
        [s.source for s in summaries],
        [s.date for s in summaries],
        [s.words for s in summaries],
        [s.size for s in summaries],
        [s.mtime for s in summaries],
        [s.error for s in summaries],
    ]
