"""The catalog: a summary per article file, cached by (size, mtime): a warm start reads nothing.

What it learns is kept as it learns it: the provisional summaries of a first listing, the full
ones read after them, and those the search index made of the files it read (`learn`) are saved
every few seconds, each save a whole new file put in place of the old (a kill, or a closed
terminal, keeps the last one). A start shows what the cache holds at once, however little,
and reads the rest in the background.
"""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from reader.core.article import ArticleSummary, quick_summary, read_summary, unreadable_summary
from reader.core.corpus import FileStat
from reader.core.ordering import sort_summaries
from reader.core.paths import corpus_cache_dir

# 2: marshal of plain tuples (pickle of 100k objects took 1.5 s to load)
# 3: a big file's words counted as its article counts them, not estimated from its size;
#    words of headings, lists and code; the date a header states (Created:, Date:); the
#    source a copyright line or a note of first publication names
# 4: the same values as 3, one list a field (marshal loads 100,000 rows in 0.25 s, the same
#    values as eight lists in 0.03 s), in the order the list shows them (newest first): a
#    warm start neither sorts nor waits for the folder's scan to show them
# 5: as 4, and provisional summaries too (words NOT_COUNTED): a first listing is kept
log = logging.getLogger(__name__)

CACHE_VERSION = 5
_COLUMNS_VERSIONS = (4, CACHE_VERSION)  # one list a field, newest first (4 has no provisional)
_ROWS_VERSION = 3  # read too (the same summaries as rows in path order), then saved anew
_FIELDS = 8  # path, title, source, date, words, size, mtime, error
SAVE_SECONDS = 2.0  # what was learnt is saved this often at most...
SAVE_COST_FACTOR = 20  # ... and never more than a twentieth of the time goes to saving
STEP_SECONDS = 1.0  # how often the list so far is passed on while summaries are read
_TEMP_PREFIX = ".catalog-"
_TEMP_MAX_AGE = 3600.0  # a temporary file this old was left by a save cut short: removed
Progress = Callable[[int, int], None]
Step = Callable[[list[ArticleSummary]], None]


class Catalog:
    """Summaries of a corpus's articles, read once and cached in the corpus's cache folder.

    Used from more than one thread (the list's worker, the index's): what it knows, and its
    saves, are behind one lock.
    """

    def __init__(self, cache_file: Path | None) -> None:
        self.cache_file = cache_file
        self._lock = threading.RLock()
        self._known: dict[str, ArticleSummary] | None = None  # by path; provisional ones too
        # The summaries newest first, as last shown or saved; None until the cache is read.
        self._ordered: list[ArticleSummary] | None = None
        self._resave = False  # the cache was of the older format: save it in the new one
        self._unsaved = 0  # summaries learnt since the last save
        self._reordered = False  # summaries learnt since self._ordered was made
        self._saved_at = time.monotonic()
        self._save_cost = 0.0  # how long the last save took
        self.cache_error: str | None = None
        self.stale = 0  # provisional summaries in the list the last call gave

    # --- the cache file ---------------------------------------------------------------------

    def _read_cache(self) -> list[ArticleSummary]:
        """The summaries the cache holds (newest first when it is of this version)."""
        if self.cache_file is None:
            return []
        try:
            with open(self.cache_file, "rb") as fh:
                # (marshal.load(fh) reads in small pieces: 6x slower than one read)
                version, data = marshal.loads(fh.read())
            if version in _COLUMNS_VERSIONS:
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
        with self._lock:
            if self._known is None:
                if self._ordered is None:
                    self._ordered = self._read_cache()
                self._known = {s.path: s for s in self._ordered}
            return self._known

    def cached(self) -> list[ArticleSummary] | None:
        """The summaries the cache holds, newest first, without looking at the folder: what
        the list showed last time (or as much of it as was learnt), to show again while the
        folder is scanned (summaries() then says what changed). None when there is no cache
        of this version, or it is empty.
        """
        with self._lock:
            if self._ordered is None:
                self._ordered = self._read_cache()
            if self._resave or not self._ordered:
                return None
            return self._ordered

    # --- summaries ----------------------------------------------------------------------------

    def summaries(
        self,
        files: Sequence[FileStat],
        *,
        quick: bool = False,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        step: Step | None = None,
    ) -> list[ArticleSummary]:
        """A summary for each file, newest first; unchanged files come from the cache.

        When no file changed since the last call (or since the cache was saved), the list
        that call returned (or cached() gave) comes back itself: the same object.

        With quick=True, files the catalog has no summary of get a provisional one from their
        first line (see `stale`): a fraction of a second even for thousands of new files.
        Without, every file not summarised in full is read, the newest first, and `step` is
        given the list so far every STEP_SECONDS. Either way what is learnt is saved as it
        goes (see the module's note); a cancelled call saves what it read and returns it.
        """
        known = self._cache()
        result: list[ArticleSummary | None] = []
        todo: list[int] = []  # where result needs a summary read in full
        learnt = 0
        for stat in files:
            hit = known.get(stat.path)
            if hit is not None and hit.size == stat.size and hit.mtime == stat.mtime:
                if hit.provisional and not quick:
                    todo.append(len(result))
                result.append(hit)
                continue
            if stat.error is not None:  # the scan already knows it cannot be read
                made = unreadable_summary(stat.path, stat.size, stat.mtime, stat.error)
            elif quick:
                made = quick_summary(stat.path, stat.size, stat.mtime)
            else:
                todo.append(len(result))
                result.append(None)
                continue
            result.append(made)
            self.learn((made,))
            learnt += 1
        if todo:
            todo.sort(key=lambda n: -files[n].mtime)  # the top of the list first
            if not self._read(files, result, todo, progress, cancelled, step):
                self.flush()
                return sort_summaries([s for s in result if s is not None], "date")
        done = [s for s in result if s is not None]
        self.stale = sum(1 for s in done if s.provisional)
        with self._lock:
            ordered = self._ordered
            known = self._cache()
            gone = len(known) != len(done)  # (known holds every file's summary, and more)
            same = not (learnt or todo or gone or self._reordered)
            if same and ordered is not None and len(ordered) == len(done):
                # Every file is a cached summary, and the cache holds no other: the same list.
                if self._resave or self._unsaved:  # (an older format: saved anew, even quick)
                    self._save()
                return ordered
            ordered = sort_summaries(done, "date")
            if gone:
                self._known = {s.path: s for s in done}
            self._ordered = ordered
            self._reordered = False
            if gone or self._resave or self._unsaved:
                self._save()
            return ordered

    def _read(
        self,
        files: Sequence[FileStat],
        result: list[ArticleSummary | None],
        todo: list[int],
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
        step: Step | None,
    ) -> bool:
        """Read in full the files at todo into result; False when cancelled on the way."""
        known = self._cache()
        shown_at = time.monotonic()
        for n, at in enumerate(todo, 1):
            if cancelled is not None and cancelled():
                return False
            stat = files[at]
            made = known.get(stat.path)  # the index may have summarised it meanwhile
            if (
                made is None
                or made.provisional
                or (made.size, made.mtime) != (stat.size, stat.mtime)
            ):
                made = read_summary(stat.path, stat.size, stat.mtime)
                self.learn((made,))
            result[at] = made
            if progress is not None and n % 200 == 0:
                progress(n, len(todo))
            if step is not None and time.monotonic() - shown_at >= STEP_SECONDS:
                step(sort_summaries([s for s in result if s is not None], "date"))
                shown_at = time.monotonic()
        return True

    def learn(self, summaries: Iterable[ArticleSummary]) -> None:
        """Keep these summaries (made elsewhere: the search index reads every file too), each
        for the file's size and time it was made of; saved with the next save. From any
        thread."""
        with self._lock:
            known = self._cache()
            for made in summaries:
                had = known.get(made.path)
                if had is None or had.provisional or _stat(had) != _stat(made):
                    known[made.path] = made
                    self._unsaved += 1
                    self._reordered = True
            due = max(SAVE_SECONDS, SAVE_COST_FACTOR * self._save_cost)
            if self._unsaved and time.monotonic() - self._saved_at >= due:
                self._save_known()

    def flush(self) -> None:
        """Save what was learnt and not saved yet."""
        with self._lock:
            if self._unsaved:
                self._save_known()

    def _save_known(self) -> None:
        """Save every summary known, newest first (the list a start shows at once)."""
        self._ordered = sort_summaries(list(self._cache().values()), "date")
        self._reordered = False
        self._save()

    def _save(self) -> None:
        """Put the summaries newest first (self._ordered) in place of the cache, whole."""
        self._resave = False
        self._unsaved = 0
        started = time.perf_counter()  # (what it costs, however a test's clock runs)
        try:
            self._write(self._ordered or [])
        finally:
            self._save_cost = time.perf_counter() - started
            self._saved_at = time.monotonic()

    def _write(self, ordered: Sequence[ArticleSummary]) -> None:
        if self.cache_file is None:
            return
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache_file.parent, prefix=_TEMP_PREFIX)
            try:
                with os.fdopen(fd, "wb") as fh:
                    marshal.dump((CACHE_VERSION, _columns(ordered)), fh)
                os.replace(tmp, self.cache_file)
            except BaseException:
                os.unlink(tmp)
                raise
            self.cache_error = None
        except OSError as exc:
            log.warning("The catalog cache %s could not be saved", self.cache_file, exc_info=True)
            self.cache_error = f"could not save the catalog cache: {exc.strerror or exc}"
        _remove_leftovers(self.cache_file.parent)


def _stat(summary: ArticleSummary) -> tuple[int, float]:
    return summary.size, summary.mtime


def catalog_of(root: Path) -> Catalog:
    """The catalog of the folder at root, cached in the folder's cache folder (the app's list
    and `reader index` share it)."""
    return Catalog(corpus_cache_dir(root) / "catalog.pickle")


def _remove_leftovers(folder: Path) -> None:
    """Remove the temporary files of saves cut short (a kill between write and rename), once
    they are old enough that no other process can still be writing one."""
    now = time.time()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(_TEMP_PREFIX):
                    try:
                        if now - entry.stat().st_mtime > _TEMP_MAX_AGE:
                            os.unlink(entry.path)
                    except FileNotFoundError:
                        pass
    except OSError:
        log.info("Could not look for leftover catalog files in %s", folder, exc_info=True)


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
