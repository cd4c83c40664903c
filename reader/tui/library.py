"""The folder being read: its scan and summaries, the live-folder poll, and the search index.

Each slow step (scanning, summarising, opening the reading state, polling, indexing) runs in a
worker of the host screen and ends in a message carrying what it made. The host's handlers pass
those messages to the `take_*` methods here, on the UI thread: a worker never sets what this
object holds.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import get_current_worker

from reader.core import logs, long_lived
from reader.core.article import ArticleSummary
from reader.core.catalog import Catalog, catalog_of
from reader.core.corpus import FileStat, indexing_note, scan
from reader.core.highlights import Highlights
from reader.core.moves import Moves
from reader.core.paths import corpus_cache_dir
from reader.core.state import ReadingState
from reader.core.tags import Tags
from reader.core.watcher import FolderWatcher
from reader.search.errors import FolderEmptiedError, IndexBusyError
from reader.search.results import UpdateStats

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # imported by the index's worker: the first screen does without it (70 ms)
    from reader.search.service import SearchIndex

POLL_SECONDS = 3.0  # how often the folder is looked at for new, changed, removed articles
POLL_COST_FACTOR = 10  # ... but never more than a tenth of the time goes to looking


@dataclass
class CatalogLoaded(Message):
    """The corpus scan and summaries are ready (final=False: some are provisional, or the
    folder is still being scanned)."""

    summaries: list[ArticleSummary]
    files: list[FileStat] | None  # None: the cache's list, shown while the folder is scanned
    final: bool = True
    catalog: Catalog | None = None  # the summaries' cache, made with the first scan
    state: ReadingState | None = None  # the reading state, opened with the first scan
    tags: Tags | None = None  # the articles' tags (in the state's database), opened with it
    changed: bool = False  # a later look at the folder found articles added, changed, removed
    edited: frozenset[str] = frozenset()  # the paths of those changed (a later look's)
    deleted: frozenset[str] = frozenset()  # and of those removed
    highlights: Highlights | None = None  # the highlights and notes, opened with the tags


@dataclass
class FolderPolled(Message):
    """The folder was looked at for changes; it took this long."""

    seconds: float
    problem: str | None = None  # why the folder could not be looked at (gone, unreadable)
    index_gone: str | None = None  # what became of the index folder ("was deleted"), if gone
    index_writable: bool = False  # the index folder can be written again (asked when it could not)


@dataclass
class IndexOpened(Message):
    """The search index is open: it answers searches while the update goes on."""

    index: SearchIndex


@dataclass
class IndexProgressed(Message):
    """The index update made progress."""

    done: int
    total: int
    anew: str | None = None  # what became of the index folder, now built anew
    committed: bool = False  # a batch was just committed: searches find more


@dataclass
class IndexUpdated(Message):
    """The index is up to date (or could not be brought up to date: error says why)."""

    stats: UpdateStats | None
    error: str | None = None
    unwritable: bool = False  # the index folder could not be written


class Library:
    """The articles of one folder and their search index, kept current in the background."""

    def __init__(
        self, host: DOMNode, root: Path, extensions: tuple[str, ...], index_dir: Path | None
    ) -> None:
        self._host = host  # runs the workers and receives their messages
        self.root = root
        self.extensions = extensions
        self.cache_dir = corpus_cache_dir(root)
        self.index_dir = index_dir or self.cache_dir / "index"
        self.files: list[FileStat] = []
        self.scanned = False  # files holds the folder's scan (not yet while the cache's list
        # is shown)
        self._rebuild_asked = False  # a rebuild asked for before the scan ended
        self.summaries: list[ArticleSummary] = []
        self.listed = False  # the first list of articles (maybe empty) is in: until then, keys
        # typed wait for it (typed ahead of the list they are meant for)
        self.by_path: dict[str, ArticleSummary] = {}
        self.catalog: Catalog | None = None
        self.watcher: FolderWatcher | None = None
        self.index: SearchIndex | None = None
        self.indexing = False
        self.progress: tuple[int, int] | None = None  # files indexed, of how many, while indexing
        self.index_note: str | None = None  # why search is limited, or what the update repaired
        self.rebuilding: str | None = None  # why the index is being built anew, while it is
        self.unwritable = False  # the last update could not write the index: retried when it can
        self.folder_note: str | None = None  # why the folder can't be looked at just now

    # --- the catalog ------------------------------------------------------------------------

    def load(self) -> None:
        """Scan the folder and summarise every article, in a worker."""
        self._host.run_worker(
            self._load, name="load_catalog", group="catalog", thread=True, exclusive=True
        )

    def _load(self) -> None:
        worker = get_current_worker()
        post = self._host.post_message
        state = ReadingState(self.root)
        tags = Tags(state.path)
        highlights = Highlights(state.path)
        catalog = catalog_of(self.root)
        # First the list as it was last time, from the cache (a scan of 100,000 files takes
        # longer than showing them); then the folder's scan says what changed.
        with long_lived.building():
            shown = catalog.cached()
        if shown is not None:
            long_lived.keep()  # the list, as long as the app (long_lived.py)
            post(CatalogLoaded(shown, None, False, catalog, state, tags, highlights=highlights))
        with long_lived.building():
            files = scan(self.root, self.extensions)
            # Marks, tags and highlights follow a moved or renamed article (by content hash,
            # taken once).
            Moves(state, tags, highlights).follow(files)
            # Then the list as the folder is (new files titled from their first line), then
            # the index starts, then the full summaries of new files replace the provisional
            # ones.
            summaries = catalog.summaries(files, quick=True)
        long_lived.keep()  # and the files
        final = not catalog.stale
        if shown is None:
            post(
                CatalogLoaded(summaries, files, final, catalog, state, tags, highlights=highlights)
            )
        else:
            post(CatalogLoaded(summaries, files, final))
        if not final and not worker.is_cancelled:
            # The full summaries, the newest first, shown as they come and kept as they come
            # (a session ended early leaves them to the next start).
            def step(so_far: list[ArticleSummary]) -> None:
                post(CatalogLoaded(so_far, files, final=False))

            summaries = catalog.summaries(files, cancelled=lambda: worker.is_cancelled, step=step)
            if not worker.is_cancelled:
                long_lived.keep()
                post(CatalogLoaded(summaries, files))

    def take_catalog(self, message: CatalogLoaded) -> tuple[bool, bool, bool]:
        """Keep what the scan found. Says whether it is the first list of articles, whether
        the list differs from the one before, and whether it comes with the folder's first
        scan."""
        first = not self.summaries
        self.listed = True
        changed = message.summaries is not self.summaries
        first_scan = message.files is not None and not self.scanned
        if message.files is not None:
            self.files = message.files
            self.scanned = True
        if changed:
            self.summaries = message.summaries
            self.by_path = {s.path: s for s in self.summaries}
        if message.catalog is not None:
            self.catalog = message.catalog
        return first, changed, first_scan

    # --- a live folder ----------------------------------------------------------------------

    def watch(self) -> None:
        """Start looking at the folder for changes every few seconds (once)."""
        if self.watcher is None:
            self.watcher = FolderWatcher(self.root, self.extensions, known=self.files)
            self._host.set_timer(POLL_SECONDS, self.poll)

    def poll(self) -> None:
        """Look for articles added, changed or removed since the last look (stat only)."""
        if self.watcher is not None and self.catalog is not None:
            work = partial(self._poll, self.watcher, self.catalog)
            self._host.run_worker(
                work,
                name="poll_folder",
                group="watch",
                description="look at the folder",
                thread=True,
                exclusive=True,
            )

    def _poll(self, watcher: FolderWatcher, catalog: Catalog) -> None:
        started = time.monotonic()
        changes = watcher.poll()
        if changes:
            summaries = catalog.summaries(changes.files)
            edited = frozenset(f.path for f in changes.changed)
            self._host.post_message(
                CatalogLoaded(
                    summaries,
                    changes.files,
                    changed=True,
                    edited=edited,
                    deleted=frozenset(changes.removed),
                )
            )
        gone = None if self.index is None else self.index.vanished()
        writable = self.unwritable and os.access(self.index_dir, os.W_OK)
        seconds = time.monotonic() - started
        self._host.post_message(FolderPolled(seconds, watcher.error, gone, writable))

    def poll_again(self, message: FolderPolled) -> bool:
        """Look again in a few seconds (a folder that takes long to scan is looked at less
        often); True when what is said about the folder changed."""
        note = None
        if message.problem is not None:
            note = (
                f"Can't see the folder ({message.problem}): showing its articles as they were; "
                "they update when it is back"
            )
        said, self.folder_note = self.folder_note != note, note
        if message.index_gone is not None and not self.indexing:
            log.info("The search index folder %s %s", self.index_dir, message.index_gone)
            self.rebuilding = f"The search index folder {message.index_gone}"
            self.index_note = f"{self.rebuilding}: rebuilding it"
            self.update_index()
            said = True
        elif self.unwritable and message.index_writable and not self.indexing:
            log.info("The search index in %s can be written again", self.index_dir)
            self.update_index()
        self._host.set_timer(max(POLL_SECONDS, POLL_COST_FACTOR * message.seconds), self.poll)
        return said

    # --- the index --------------------------------------------------------------------------

    def update_index(self, *, rebuild: bool = False) -> None:
        """Bring the index up to date with the files, in a worker that reports progress."""
        if not self.scanned:  # not before the folder's scan: its end starts the update
            self._rebuild_asked = self._rebuild_asked or rebuild
            return
        rebuild, self._rebuild_asked = rebuild or self._rebuild_asked, False
        self.indexing = True  # from now until IndexUpdated: search answers over a partial index
        self.progress = None
        learn = self.catalog.learn if self.catalog is not None else None  # what the index reads
        work = partial(self._update_index, self.index, list(self.files), rebuild, learn)
        # A description, else Textual makes one with repr(work), on the UI thread: the repr of
        # every file (0.23 s at 100,000 articles, the screen held meanwhile).
        self._host.run_worker(
            work,
            name="update_index",
            group="index",
            description="update the search index",
            thread=True,
            exclusive=True,
        )

    def _update_index(
        self,
        index: SearchIndex | None,
        files: list[FileStat],
        rebuild: bool,
        learn: Callable[[list[ArticleSummary]], None] | None,
    ) -> None:
        worker = get_current_worker()
        post = self._host.post_message

        last = (0, 0)  # the update's progress as last posted (this thread's own)

        def progress(done: int, total: int, committed: bool = False) -> None:
            nonlocal last
            last = (done, total)
            post(IndexProgressed(done, total, index.starting_anew if index else None, committed))

        def summarised(summaries: list[ArticleSummary]) -> None:  # a batch committed
            if learn is not None:
                learn(summaries)
            if summaries:
                progress(*last, committed=True)

        first = index is None
        try:
            if index is None:
                from reader.search.service import SearchIndex  # (see the imports above)

                index = SearchIndex(self.root, self.index_dir)
                post(IndexOpened(index))
            stats = index.update(
                files,
                progress=progress,
                cancelled=lambda: worker.is_cancelled,
                rebuild=rebuild,
                summarised=summarised,
            )
        except IndexBusyError as exc:
            log.info("The index of %s is not updated: %s", self.root, exc)
            post(IndexUpdated(None, f"{exc}: search works on what is indexed so far"))
        except FolderEmptiedError as exc:
            log.info("The index of %s is not updated: %s", self.root, exc)
            post(IndexUpdated(None, str(exc)))
        except OSError as exc:  # IndexUnavailableError: the index folder cannot be written
            log.warning("The index of %s could not be updated", self.root, exc_info=True)
            reason = getattr(exc, "reason", exc.strerror)
            said = f"Can't write the search index ({reason}): searches use the last index"
            if index is None or index.problem is not None:  # no index to search at all
                said = index.problem if index and index.problem else f"Search is limited: {exc}"
            post(IndexUpdated(None, said, unwritable=True))
        except Exception as exc:  # a mistake of reader's: the app goes on, the index as it is
            log.error("Updating the index of %s failed", self.root, exc_info=True)
            name = type(exc).__name__
            post(IndexUpdated(None, f"Indexing failed unexpectedly ({name}); {logs.details()}"))
        else:
            index.read_vocabulary()  # not at the first key typed
            # nor debris's patterns (70 ms to compile), at the first snippet or preview
            import reader.core.debris  # noqa: F401

            if first:
                long_lived.keep()  # the index's searcher and vocabulary, as long as the app
            post(IndexUpdated(stats))

    def take_index(self, message: IndexOpened) -> None:
        """Search with the index just opened (the first, should two updates race to open it)."""
        if self.index is None:
            self.index = message.index

    def progressed(self, message: IndexProgressed) -> str:
        """The index update has done so many files: what the status line says."""
        self.indexing = True
        self.progress = (message.done, message.total)
        self.rebuilding = message.anew or self.rebuilding
        if self.rebuilding:
            return f"{self.rebuilding}: rebuilding it"
        return indexing_note(message.total)

    def take_update(self, message: IndexUpdated) -> None:
        """Note that the update ended, and what is worth saying about it."""
        self.indexing = False
        self.progress = None
        self.rebuilding = None
        self.unwritable = message.unwritable
        self.index_note = message.error or (message.stats.notice if message.stats else None)

    def close(self) -> None:
        """Let go of the index."""
        if self.index is not None:
            self.index.close()
