"""SearchIndex, the one door to the search layer: update the index of a corpus, search it, find
related articles, make snippets. What comes back (SearchResults, SearchHit, UpdateStats) is
in results.py, re-exported here.

search() and related() never raise: a search that could not run returns results whose
`error` says why (errors.py), and the log has its traceback. update() raises IndexBusyError
or IndexUnavailableError. The query answered on the open searcher is answer.py's.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core import article as article_mod
from reader.core import paths as config
from reader.core.corpus import FileStat
from reader.core.query_limits import MAX_LEVELS
from reader.search import documents, failures, stat_cache
from reader.search.analysis import path_term
from reader.search.answer import Answer, empty, said_before
from reader.search.compile import key_terms_query
from reader.search.documents import Todo
from reader.search.errors import FolderEmptiedError, IndexUnavailableError, QueryError, SearchError
from reader.search.highlight import SNIPPET_EAGER, file_snippet
from reader.search.parsed import Level, ParsedQuery, parse_query
from reader.search.prepared import Said, matched
from reader.search.ranking import top_docs
from reader.search.results import SearchHit as SearchHit  # re-exported
from reader.search.results import SearchResults as SearchResults
from reader.search.results import UpdateStats as UpdateStats
from reader.search.spelling import Vocabulary
from reader.search.store import Store
from reader.search.top_list import TopList, top_key

if TYPE_CHECKING:  # the writer's 16 ms of imports: only when an update writes (_write)
    from reader.search import writing

RELATED_TERMS = 12  # key terms of an article that find the ones like it
# What a search typed keystroke by keystroke may take before it answers with what it found
# (the complete answer follows once typing pauses); every other search is complete.
TYPING_TIME_LIMIT = 0.2
# Each level of `a | b | c` is searched completely before the next: a pasted table of
# thousands of `|` held the index for seconds whatever the time limit.
_TOO_MANY_LEVELS = f"Too many | levels to search within (more than {MAX_LEVELS})"

log = logging.getLogger(__name__)


class SearchIndex:
    """The index of one corpus, kept in the cache folder, searched from any thread."""

    def __init__(self, root: Path, index_dir: Path | None = None, *, procs: int = 2) -> None:
        self.root = Path(os.path.abspath(os.fspath(root)))
        self.procs = procs
        self._store = Store(index_dir or (config.corpus_cache_dir(self.root) / "index"))
        self._lock = self._store.lock
        self._update_lock = threading.Lock()
        self._suspect = False  # a search failed reading the index: check it at the next update
        self.starting_anew: str | None = None  # what became of the index folder this update
        # The articles the outer levels of the last narrowed search match (`a | b`), kept while
        # the searcher is the same (each keystroke of the inner level reuses them)
        self._within: tuple[Any, tuple[str, ...], set[int] | None, Said] | None = None
        self._tops = TopList()  # the answers to one-letter prefixes (top_list.py)

    @property
    def index_dir(self) -> Path:
        return self._store.index_dir

    @property
    def vocabulary(self) -> Vocabulary:
        return self._store.vocabulary

    @property
    def problem(self) -> str | None:
        """Why search is limited (said instead of searching), or None."""
        return self._store.problem

    def vanished(self) -> str | None:
        """What became of the index folder under the open index ("was deleted"), or None."""
        return self._store.vanished()

    def doc_count(self) -> int:
        """How many articles the index holds (0 when it cannot be read)."""
        with self._lock:
            try:
                s = self._store.searcher()
                return s.doc_count() if s is not None else 0
            except Exception as exc:  # a count is never worth an error
                self._failed("Counting the articles", exc)
                return 0

    def close(self) -> None:
        """Release the searcher and the index."""
        self._store.close()

    def read_vocabulary(self) -> None:
        """Read the vocabulary now if it changed, not at the first prefix typed (the app)."""
        self._store.read_vocabulary()

    def indexed_stats(self) -> dict[str, tuple[int, float]]:
        """path -> (size, mtime) of every indexed article."""
        with self._lock:
            s = self._store.searcher()
            if s is None:
                return {}
            return stat_cache.indexed(s, self.index_dir)

    def update(
        self,
        files: Sequence[FileStat],
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        rebuild: bool = False,
        summarised: writing.Summarised = None,
    ) -> UpdateStats:
        """Bring the index in line with files (by stat), committing in batches; summarised
        is given the list's summaries of the files read (for the catalog). Raises
        IndexBusyError when another process is writing, IndexUnavailableError (an OSError)
        when the index folder cannot be written; what is indexed stays searchable."""
        started = time.perf_counter()
        self.starting_anew = None
        for attempt in (1, 2):
            try:
                stats = self._update(files, progress, cancelled, rebuild, summarised)
                break
            except IndexUnavailableError:
                raise
            except OSError as exc:
                gone = self._store.vanished()
                if attempt == 1 and gone is not None:
                    log.warning("The index folder went away while it was written", exc_info=exc)
                    continue  # from nothing, once more
                reason = exc.strerror or str(exc)
                reason = reason[:1].lower() + reason[1:]  # not the path's case
                message = f"cannot write the search index in {self.index_dir} ({reason})"
                if gone is not None:
                    message = f"the search index folder {gone} while it was written"
                if self._store.ix is None:
                    self._store.problem = f"Search is unavailable: {message}"
                raise IndexUnavailableError(message, reason) from exc
        log.info(
            "The index of %s updated in %.2f s: %s",
            self.root,
            time.perf_counter() - started,
            stats,
        )
        return stats

    def _update(
        self,
        files: Sequence[FileStat],
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
        rebuild: bool,
        summarised: writing.Summarised,
    ) -> UpdateStats:
        store = self._store
        with self._update_lock:
            store.set_aside = None
            gone = store.start_anew_if_vanished()
            self.starting_anew = gone or self.starting_anew
            if rebuild:
                store.reset()
            elif self._suspect:
                self._suspect = False
                store.reset_if_damaged()
            store.open(create=True)
            store.problem = None
            notice = None
            if store.set_aside is not None:
                notice = f"The search index was {store.set_aside}: set aside and rebuilt"
            if gone is not None:
                notice = f"{gone}: rebuilt"
            with self._lock:  # the stats saved for the generation read (the no-change check)
                s = store.searcher()
                saved = None if rebuild or s is None else stat_cache.saved_in(s, self.index_dir)
            if saved is not None:
                in_place = stat_cache.changed_in_place(saved, files)
                if in_place == []:  # nothing changed
                    return UpdateStats(
                        added=0, updated=0, removed=0, unreadable=0, total=len(files), notice=notice
                    )
                if in_place is not None:  # the same paths, some files changed: no maps needed
                    return self._rewrite(saved, in_place, progress, cancelled, notice, summarised)
            indexed = self.indexed_stats()
            if not files and indexed and not rebuild:
                raise FolderEmptiedError(
                    f"{self.root} holds no articles now, where the index has "
                    f"{len(indexed):,}: the index is kept as it was"
                )
            todo, removed = documents.changes(indexed, files)
            if progress:
                progress(0, len(todo))
            if not todo and not removed:
                return UpdateStats(
                    added=0, updated=0, removed=0, unreadable=0, total=len(indexed), notice=notice
                )
            at = len(indexed)
            done, unreadable = self._write(todo, removed, at, progress, cancelled, summarised)
            self._keep_stats(indexed, removed, todo[:done])
            updated = sum(1 for _, upd in todo[:done] if upd)
            added = done - updated
            return UpdateStats(
                added=added,
                updated=updated,
                removed=len(removed),
                unreadable=unreadable,
                total=self.doc_count(),
                notice=notice,
            )

    def _write(
        self,
        todo: Todo,
        removed: list[str],
        indexed: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
        summarised: writing.Summarised,
    ) -> tuple[int, int]:
        """writing.write to an index of `indexed` articles: (files done, unreadable)."""
        from reader.search import writing  # (imported only by an update that writes)

        with self._lock:
            vocab = self._store.vocabulary
            vocab.load()
        stat_cache.forget(self.index_dir)  # until the outcome is known
        return writing.write(
            self._store, self.procs, todo, removed, vocab, indexed, progress, cancelled, summarised
        )

    def _rewrite(
        self,
        saved: stat_cache.Saved,
        in_place: list[tuple[int, FileStat]],
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
        notice: str | None,
        summarised: writing.Summarised,
    ) -> UpdateStats:
        """Index anew the files changed in place (none added or removed, see update)."""
        todo: Todo = [(f, True) for _, f in in_place]
        if progress:
            progress(0, len(todo))
        done, unreadable = self._write(todo, [], len(saved), progress, cancelled, summarised)
        with self._lock:
            s = self._store.searcher()  # reopened on the update's last commit
            if s is not None:
                stat_cache.keep_in_place(s, self.index_dir, saved, in_place[:done])
        return UpdateStats(
            added=0,
            updated=done,
            removed=0,
            unreadable=unreadable,
            total=self.doc_count(),
            notice=notice,
        )

    def _keep_stats(self, indexed: stat_cache.Stats, removed: list[str], done: Todo) -> None:
        """Save the stats the index holds after an update, for the next no-change check."""
        with self._lock:
            s = self._store.searcher()  # reopened on the update's last commit
            if s is not None:
                stat_cache.keep(s, self.index_dir, indexed, removed, [f for f, _ in done])

    # -- searching

    def snippets(
        self, paths: Iterable[str], terms: Iterable[str]
    ) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
        """(snippet, spans) of each article, as SearchHit has them, for the analysed terms of a
        search (SearchResults.terms): the hits that search() left without one. Reads the files
        (about 0.3 ms each); call it from a worker, a screenful at a time. Never raises."""
        frozen = frozenset(terms)
        out: list[tuple[str, tuple[tuple[int, int], ...]]] = []
        failed = 0
        for path in paths:
            try:
                out.append(file_snippet(path, frozen))
            except Exception:  # a mistake of ours (an unreadable file has no snippet): logged
                if not failed:
                    log.exception("A snippet of %s could not be made", path)
                failed += 1
                out.append(("", ()))
        if failed > 1:
            log.error("%d snippets in all could not be made", failed)
        return out

    def related(self, path: str, *, limit: int = 20) -> SearchResults:
        """The articles most like the one at path: its key terms (Bo1) searched as a query.

        Reads the article (the body is not stored); never raises."""
        article = article_mod.load_article(Path(path))
        text = f"{article.title}\n\n{article.body_text}"
        label = f"like: {article.title}"
        try:
            with self._lock:
                s = self._store.searcher()
                if s is None:
                    return empty(label, self.problem or "The index is not built yet")
                docnum = s.document_number(path=path_term(path))
                if docnum is None or not text.strip():
                    return empty(label, "This article is not in the index yet")
                keys = s.key_terms_from_text("body", text, numterms=RELATED_TERMS)
                terms = frozenset(word for word, _ in keys)
                # Whoosh's more_like, but complete and with ties in path order.
                top, _, _ = top_docs(s, key_terms_query("body", keys), limit + 1, math.inf)
                answer = Answer(s, self.vocabulary, limit)
                hits = tuple(
                    answer.hit(s.stored_fields(d), score, terms, False)
                    for score, d in top
                    if d != docnum
                )[:limit]
        except Exception as exc:  # never worth a crash: said, logged, the index checked if due
            return empty(label, *self._failed("Finding related articles", exc))
        message = f"Articles like “{article.title}”" if hits else "No article is like this one"
        return SearchResults(
            query=label, hits=hits, total=len(hits), all_words_total=0, message=message, terms=terms
        )

    def search(
        self,
        query: str | ParsedQuery,
        *,
        limit: int = 50,
        typing: bool = False,
        time_limit: float | None = None,
        snippets: int | None = None,
    ) -> SearchResults:
        """Ranked hits for any query text, or for a query parsed (parsed.parse_query: its
        words; its tag words are the caller's to apply, as tagged.search_within does); never
        raises. Complete unless `time_limit` (seconds) is given: then the search may stop
        early and answer with the best matches found (`cut_short`, `partial`), which is only
        for the search run at each keystroke (TYPING_TIME_LIMIT). `typing` reads the last
        word as a prefix (a query parsed says itself whether it is being typed); a one-letter
        prefix's complete answer is kept (top_list.py). Equal scores are ranked by path, the
        same on every build of the same files. A `|` narrows (narrowing.cut_levels):
        `ukraine | missiles` ranks the articles that match "missiles" among those that
        "ukraine" matches (`matching`). Only the first `snippets` hits get their snippet (each
        re-reads its file): by default SNIPPET_EAGER (a screenful) when typing, all of them
        otherwise; the others have snippet "" and no spans (`snippets(paths, results.terms)`
        makes them). A search that could not run has `error` set, and its traceback is
        logged; which error, and what it says, is failures.py's (a query refused, the index
        damaged, a mistake of reader's).
        """
        text = query if isinstance(query, str) else query.text
        started = time.perf_counter()
        anew = self._store.started_anew
        try:
            if isinstance(query, str):
                query = parse_query(query, typing=typing)
            typing = query.typing
            outer = query.outer
            if len(outer) >= MAX_LEVELS:
                return empty(text, _TOO_MANY_LEVELS, QueryError(_TOO_MANY_LEVELS))
            if snippets is None:
                snippets = SNIPPET_EAGER if typing else limit
            parsed = query.inner.tree  # the one parse of its words, here if not made before
            if parsed.refused is not None:
                return empty(text, parsed.refused, QueryError(parsed.refused))
            top = top_key(query, limit, snippets)
            with self._lock:
                s = self._store.searcher()
                if s is None:
                    return empty(text, self.problem or "The index is not built yet")
                if top is not None and (kept := self._tops.get(s, top)) is not None:
                    return kept
                deadline = math.inf if time_limit is None else time.monotonic() + time_limit
                answer = Answer(s, self.vocabulary, snippets)
                within, said = self._within_set(s, outer)
                results = answer.of(
                    text,
                    parsed,
                    limit=max(1, limit),
                    deadline=deadline,
                    within=within,
                    outer=outer,
                    typing=typing,
                )
                results = said_before(results, said)
                if top is not None:
                    self._tops.keep(s, top, results)
            ms = (time.perf_counter() - started) * 1000
            log.debug(
                "Search %r: %d of %d hits in %.1f ms", text, len(results.hits), results.total, ms
            )
            return results
        except Exception as exc:  # a query must never crash the caller: said and logged
            return empty(text, *self._failed("The search", exc, anew))

    def _failed(
        self, what: str, exc: Exception, anew: int | None = None
    ) -> tuple[str, SearchError]:
        """What a failure of a search (or count) says, and its error (failures.judged)."""
        message, error, suspect = failures.judged(what, exc, self._store, anew)
        if suspect:  # reading the index failed: the next update checks it all
            with self._lock:
                self._store.close_searcher()
                self._suspect = True
        return message, error

    def matching(self, query: str | ParsedQuery) -> frozenset[str]:
        """The paths of the articles a search of query (its words) matches: those with every
        word, or, when no article has them all, the closest matches; `|` narrows as in
        search(). This is what `a | b` narrows b to, and what a saved search counts. Complete,
        whatever it takes (reads every match's stored path): call it from a worker. Never
        raises: a query that cannot run matches nothing."""
        try:
            levels = (parse_query(query) if isinstance(query, str) else query).searched
            if not levels or len(levels) > MAX_LEVELS:
                return frozenset()
            with self._lock:
                s = self._store.searcher()
                if s is None:
                    return frozenset()
                within, _ = self._within_set(s, levels[:-1])
                found = matched(s, self.vocabulary, levels[-1].tree, within)
                docs = within if found is None else found
                if docs is None:
                    return frozenset()
                return frozenset(str(s.stored_fields(d).get("path", "")) for d in docs)
        except Exception as exc:  # a count is never worth an error: logged, matches nothing
            self._failed("Matching a search", exc)
            return frozenset()

    def _within_set(self, s: Any, outer: tuple[Level, ...]) -> tuple[set[int] | None, Said]:
        """The documents every outer level matches (None: no restriction), and what their
        bounds left out, from the cache while the searcher and the levels' words are the same."""
        if not outer:
            return None, Said()
        key = tuple(level.words for level in outer)
        cached = self._within
        if cached is not None and cached[0] is s and cached[1] == key:
            return cached[2], cached[3]
        within: set[int] | None = None
        said = Said()
        for level in outer:
            found = matched(s, self.vocabulary, level.tree, within, said)
            if found is not None:
                within = found
        self._within = (s, key, within, said)
        return within, said
