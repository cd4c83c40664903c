"""The Textual app: composes the panes, runs the slow work in workers, routes messages."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, ProgressBar, Static
from textual.worker import get_current_worker

from reader.core.article import Article, ArticleSummary, load_article
from reader.core.catalog import Catalog
from reader.core.corpus import FileStat, scan
from reader.core.ordering import (
    BROWSE_SORTS,
    RELEVANCE,
    SORT_LABELS,
    ListFilter,
    next_sort,
    sort_pairs,
    sort_summaries,
    sources,
)
from reader.core.paths import corpus_cache_dir, write_crash_log
from reader.core.resources import styles_dir
from reader.core.settings import Settings
from reader.core.state import ReadingState
from reader.core.watcher import FolderWatcher
from reader.search.index import IndexBusyError, SearchHit, SearchIndex, SearchResults
from reader.tui.commands import ReaderCommands
from reader.tui.messages import (
    ArticleLoaded,
    CatalogLoaded,
    FolderPolled,
    IndexProgressed,
    IndexUpdated,
    SearchFinished,
    SnippetsMade,
)
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.filter_screen import FilterScreen
from reader.tui.widgets.help_screen import HelpScreen
from reader.tui.widgets.search_bar import SearchBar


@dataclass
class SearchState:
    """What the search pane holds: the query being answered and what came back."""

    generation: int = 0
    query: str = ""
    results: SearchResults | None = None
    browse_path: str | None = None  # the article selected before the search, restored by Esc


RELATED = "\x00related:"  # the query of a related-articles list (never typed: NUL is cleaned)
PREVIEW_DELAY = 0.15  # seconds the results must stay put before their top hit is shown
EXIT_GRACE_SECONDS = 3.0  # after SIGTERM or SIGHUP, how long a normal exit may take
POLL_SECONDS = 3.0  # how often the folder is looked at for new, changed, removed articles
POLL_COST_FACTOR = 10  # ... but never more than a tenth of the time goes to looking
SNIPPET_LEAD = 24  # characters kept before the first match, so it shows in a narrow list


_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)


def source_link(article: Article) -> str | None:
    """The article's source link: a URL in its text, else its source when that is a domain."""
    for text in (article.markdown or "", *(b.text for b in article.blocks)):
        found = _URL.search(text)
        if found:
            return found.group(0).rstrip(".,;:")
    if article.source and _DOMAIN.fullmatch(article.source):
        return f"https://{article.source}"
    return None


def snippet_text(hit: SearchHit) -> Text:
    """A hit's snippet on one line, its matched words marked, starting near the first match."""
    text = Text(hit.snippet.replace("\n", " "))
    for start, end in hit.snippet_spans:
        text.stylize("bold reverse", start, end)
    if hit.snippet_spans:
        first = min(start for start, _ in hit.snippet_spans)
        if first > SNIPPET_LEAD:
            cut = hit.snippet.rfind(" ", 0, first - SNIPPET_LEAD) + 1 or first - SNIPPET_LEAD
            text = Text("…") + text[cut:]
    return text


# Textual binds the palette itself; this only lists it on the help screen.
PALETTE_BINDING = Binding(
    App.COMMAND_PALETTE_BINDING,
    "command_palette",
    "Command palette (every action)",
    key_display=App.COMMAND_PALETTE_DISPLAY,
)


class ReaderApp(App[None]):
    """Two panes, the article list and the article, with a search box above them."""

    CSS_PATH = str(styles_dir() / "reader.tcss")
    COMMANDS = App.COMMANDS | {ReaderCommands}
    TITLE = "reader"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="app.interrupt"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("slash", "search", "Search", id="app.search"),
        Binding("escape", "back", "Back", id="app.back"),
        Binding("o", "cycle_sort", "Sort", id="app.sort"),
        Binding("f", "filter", "Filter", id="app.filter"),
        Binding("r", "related", "Related", id="app.related"),
        Binding("m", "toggle_read", "Read/unread", id="app.toggle_read"),
        Binding("s", "toggle_star", "Star", id="app.toggle_star"),
        Binding("tab", "focus_next", "Next pane", show=False, id="app.next_pane"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="app.previous_pane"),
    ]

    def __init__(
        self,
        root: Path,
        *,
        index_dir: Path | None = None,
        settings: Settings | None = None,
        notices: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.root = root
        self.settings = settings or Settings()
        self.notices = list(notices)  # said once the app is up (e.g. config.toml problems)
        self.state: ReadingState | None = None
        self.catalog: Catalog | None = None
        self.watcher: FolderWatcher | None = None
        self.cache_dir = corpus_cache_dir(root)
        self.index_dir = index_dir or self.cache_dir / "index"
        self.summaries: list[ArticleSummary] = []
        self.by_path: dict[str, ArticleSummary] = {}
        self.files: list[FileStat] = []
        self.index: SearchIndex | None = None
        self.indexing = False
        self.index_note: str | None = None
        self.search_state = SearchState()
        self.browse_sort = "date"
        self.list_filter = ListFilter()
        self.restored = False  # the last session's selection, order and theme are applied
        self.search_sort = RELEVANCE
        self._search_lock = threading.Lock()
        self._search_request: tuple[SearchIndex, str, int] | None = None
        self._search_running = False
        self.article_generation = 0

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        yield SearchBar(id="search")
        with Horizontal(id="panes"):
            yield ArticleList(id="list")
            yield ArticleView(id="view")
        with Horizontal(id="status-bar"):
            yield Static(id="status")
            yield ProgressBar(id="progress", show_eta=False)
        yield Footer()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def _exit_on_signal(self, signum: int) -> None:
        """End the app the normal way; if that cannot finish (a closed terminal can leave the
        exit waiting on a tty that is gone), end the process shortly after. The reading state
        is saved as it changes, so nothing is lost."""
        with contextlib.suppress(Exception):  # a dialog may be up: nothing to save then
            self._save_position()
        self.exit(return_code=128 + signum)
        watchdog = threading.Timer(EXIT_GRACE_SECONDS, os._exit, args=(128 + signum,))
        watchdog.daemon = True
        watchdog.start()

    def on_mount(self) -> None:
        self.article_view.max_reading_width = self.settings.reading_width
        # A kill or a closed terminal window ends the app the normal way, so the terminal
        # is left as it was found.
        loop = asyncio.get_running_loop()
        for signum in self.EXIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._exit_on_signal, signum)
        self.article_list.empty_text = "Reading the folder…"
        self.article_list.border_title = "Articles"
        self.article_view.border_title = "Article"
        self.query_one("#progress").display = False
        self.article_list.focus()
        self._update_header()
        self.load_catalog()

    def _update_header(self) -> None:
        header = Text()
        header.append(" reader ", style="bold reverse")
        header.append("  ")
        header.append(self.root.name or str(self.root))
        count = len(self.summaries)
        header.append(f"  ·  {count:,} article{'s' if count != 1 else ''}", style="bold")
        sort = self.search_sort if self.search_state.query else self.browse_sort
        header.append(f"  ·  {SORT_LABELS[sort]}", style="dim")
        if self.list_filter.active:
            header.append("  ·  showing ", style="dim")
            header.append(self.list_filter.describe(), style="bold")
        self.query_one("#header", Static).update(header)

    def _idle_status(self) -> str:
        """What the status line says when nothing is going on: notices worth keeping."""
        return " · ".join(note for note in (self.index_note, *self.notices) if note)

    def set_status(self, text: Text | str) -> None:
        """Show a line of status (search counts, index progress, messages) at the bottom."""
        self.query_one("#status", Static).update(Text(text) if isinstance(text, str) else text)

    # --- the catalog and the index ----------------------------------------------------------

    @work(thread=True, exclusive=True, group="catalog")
    def load_catalog(self) -> None:
        """Scan the corpus and read (or recall) a summary of every article."""
        worker = get_current_worker()
        state = ReadingState(self.root)
        files = scan(self.root, self.settings.extensions)
        state.reconcile(files)  # marks follow a moved or renamed article (by content hash)
        catalog = self.catalog = Catalog(self.cache_dir / "catalog.pickle")
        # First the list, at once (new files titled from their first line), then the index
        # starts, then the full summaries of new files replace the provisional ones.
        summaries = catalog.summaries(files, quick=True)
        self.files = files
        self.post_message(CatalogLoaded(summaries, final=not catalog.stale, state=state))
        if catalog.stale and not worker.is_cancelled:
            summaries = catalog.summaries(files, cancelled=lambda: worker.is_cancelled)
            if not worker.is_cancelled:
                self.post_message(CatalogLoaded(summaries, final=True))

    @on(CatalogLoaded)
    def _catalog_loaded(self, message: CatalogLoaded) -> None:
        first = not self.summaries and not self.by_path
        if message.state is not None:
            self._use_state(message.state)
        self.summaries = message.summaries
        self.by_path = {s.path: s for s in self.summaries}
        self._update_header()
        if not self.search_state.query:
            current = self.article_list.current
            path = current.path if current is not None and not first else None
            if first and self.state is not None:
                path = self.state.last_selected
            self._show_browse(path)
        if first or message.changed:
            self.update_index(list(self.files))
        if message.final and self.watcher is None:
            self.watcher = FolderWatcher(self.root, self.settings.extensions, known=self.files)
            self.set_timer(POLL_SECONDS, self.poll_folder)

    # --- a live folder ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="watch")
    def poll_folder(self) -> None:
        """Look for articles added, changed or removed since the last look (stat only)."""
        if self.watcher is None or self.catalog is None:
            return
        started = time.monotonic()
        changes = self.watcher.poll()
        if changes:
            summaries = self.catalog.summaries(changes.files)
            self.files = changes.files
            self.post_message(CatalogLoaded(summaries, changed=True))
        self.post_message(FolderPolled(time.monotonic() - started))

    @on(FolderPolled)
    def _folder_polled(self, message: FolderPolled) -> None:
        # Look again in a few seconds; a folder that takes long to scan is looked at less often.
        self.set_timer(max(POLL_SECONDS, POLL_COST_FACTOR * message.seconds), self.poll_folder)

    @work(thread=True, exclusive=True, group="index")
    def update_index(self, files: list[FileStat], rebuild: bool = False) -> None:
        """Bring the index up to date with the files, reporting progress."""
        worker = get_current_worker()
        try:
            if self.index is None:
                self.index = SearchIndex(self.root, self.index_dir)
            stats = self.index.update(
                files,
                progress=lambda done, total: self.post_message(IndexProgressed(done, total)),
                cancelled=lambda: worker.is_cancelled,
                rebuild=rebuild,
            )
        except IndexBusyError as exc:
            self.post_message(IndexUpdated(None, str(exc)))
        except OSError as exc:
            self.post_message(IndexUpdated(None, f"Search is limited: {exc.strerror or exc}"))
        except Exception as exc:  # the reader keeps working without a fresh index
            self.post_message(IndexUpdated(None, f"Search is limited: {type(exc).__name__}"))
        else:
            self.post_message(IndexUpdated(stats))

    @on(IndexProgressed)
    def _index_progressed(self, message: IndexProgressed) -> None:
        self.indexing = True
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=max(message.total, 1), progress=message.done)
        if not self.search_state.query:
            self.set_status(f"Indexing {message.done:,} of {message.total:,} articles…")

    @on(IndexUpdated)
    def _index_updated(self, message: IndexUpdated) -> None:
        self.indexing = False
        self.query_one("#progress").display = False
        self.index_note = message.error or (message.stats.notice if message.stats else None)
        if self.index_note or not self.search_state.query:
            self.set_status(self._idle_status())
        if self.search_state.query:
            self._start_search(self.search_state.query)

    # --- reading state ----------------------------------------------------------------------

    def _use_state(self, state: ReadingState) -> None:
        """Take the reading state: marks in the list, and the last session's order and theme."""
        self.state = state
        self.article_list.marks = state
        if state.sort in BROWSE_SORTS:
            self.browse_sort = state.sort
        theme = self.settings.theme or state.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        elif theme:
            self.notices.append(f"Unknown theme {theme!r}: keeping {self.theme}")
        if state.error:
            self.notices.append(state.error)
        self.restored = True
        if self.notices:
            self.set_status(self._idle_status())

    def watch_theme(self, theme: str) -> None:
        if self.restored and self.state is not None:
            self.state.theme = theme

    def _current_path(self) -> str | None:
        article = self.article_view.article
        if article is not None and article.path is not None:
            return str(article.path)
        current = self.article_list.current
        return current.path if current is not None else None

    def action_toggle_read(self) -> None:
        """Mark the current article read or unread."""
        path = self._current_path()
        if path is not None and self.state is not None:
            read = self.state.toggle_read(path)
            self.article_list.refresh()
            self.notify("Marked read" if read else "Marked unread", timeout=1.5)

    def action_toggle_star(self) -> None:
        """Star the current article, or take its star away."""
        path = self._current_path()
        if path is not None and self.state is not None:
            starred = self.state.toggle_star(path)
            self.article_list.refresh()
            self.notify("Starred" if starred else "Star removed", timeout=1.5)

    def _save_position(self) -> None:
        """Remember where the open article was being read."""
        view = self.article_view
        if self.state is None or view.article is None or view.article.path is None:
            return
        path = str(view.article.path)
        line = round(view.scroll_y)
        if self.state.position(path) != line and not view.matches:
            self.state.set_position(path, line)

    # --- reading ----------------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, message: ArticleList.Highlighted) -> None:
        self.article_generation += 1
        generation = self.article_generation
        if self.search_bar.has_focus:
            # While typing, each keystroke's top hit would be laid out in turn: preview only
            # the one the results settle on.
            self.set_timer(
                PREVIEW_DELAY, lambda: self._preview(message.summary, generation), name="preview"
            )
        else:
            self.read_article(message.summary, generation)

    def _preview(self, summary: ArticleSummary, generation: int) -> None:
        if generation == self.article_generation:
            self.read_article(summary, generation)

    @on(ArticleList.Chosen)
    def _article_chosen(self, message: ArticleList.Chosen) -> None:
        view = self.article_view
        if (
            view.article is None
            or view.article.path is None
            or str(view.article.path) != message.summary.path
        ):
            self.article_generation += 1
            self.read_article(message.summary, self.article_generation)
        if self.state is not None and self.settings.mark_read_on_open:
            self.state.set_read(message.summary.path)
            self.article_list.refresh()
        # In a narrow terminal the view is hidden until it is the pane being read.
        self.query_one("#panes").add_class("reading")
        self.call_after_refresh(view.focus)

    @work(thread=True, exclusive=True, group="article")
    def read_article(self, summary: ArticleSummary, generation: int) -> None:
        """Read and parse one article off the UI thread."""
        self.post_message(ArticleLoaded(load_article(Path(summary.path)), generation))

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        if message.generation != self.article_generation:
            return
        results = self.search_state.results
        terms = results.terms if results is not None and self.search_state.query else frozenset()
        self._save_position()
        path = message.article.path
        position = self.state.position(str(path)) if self.state and path else 0
        self.article_view.show(message.article, terms, position)
        if self.state is not None and path is not None:
            self.state.last_selected = str(path)

    # --- searching --------------------------------------------------------------------------

    def action_search(self) -> None:
        self.search_bar.focus()

    @on(SearchBar.Changed)
    def _query_changed(self, event: SearchBar.Changed) -> None:
        query = event.value
        state = self.search_state
        if query.strip() and not state.query.strip() and state.browse_path is None:
            current = self.article_list.current
            state.browse_path = current.path if current else None
        if not query.strip():
            if state.query and not state.query.startswith(RELATED):
                self._end_search()
            return
        state.query = query
        self._start_search(query)

    def _start_search(self, query: str) -> None:
        self.search_state.generation += 1
        if self.search_state.generation == 1 or self.search_state.results is None:
            self._update_header()  # the order shown becomes the search's
        if self.index is None:
            self.set_status("The index is not ready yet…")
            return
        # One search thread at a time, always on the newest query: keys typed while a search
        # runs replace each other, so a fast typist never queues up stale searches.
        with self._search_lock:
            self._search_request = (self.index, query, self.search_state.generation)
            if self._search_running:
                return
            self._search_running = True
        self.run_searches()

    @work(thread=True, group="search")
    def run_searches(self) -> None:
        """Answer the newest query until none is waiting; each answer carries its generation."""
        while True:
            with self._search_lock:
                request, self._search_request = self._search_request, None
                if request is None:
                    self._search_running = False
                    return
            index, query, generation = request
            results = index.search(query, typing=True)
            self.post_message(SearchFinished(results, generation))

    def action_related(self) -> None:
        """List the articles most like the one open (or under the cursor)."""
        path = self._current_path()
        if path is None or self.index is None:
            return
        state = self.search_state
        if not state.query and state.browse_path is None:
            state.browse_path = path
        state.generation += 1
        state.query = RELATED + path
        self.search_bar.value = ""
        self.find_related(self.index, path, state.generation)

    @work(thread=True, exclusive=True, group="related")
    def find_related(self, index: SearchIndex, path: str, generation: int) -> None:
        """Ask the index for the articles like this one, off the UI thread."""
        self.post_message(SearchFinished(index.related(path), generation))

    @work(thread=True, exclusive=True, group="snippets")
    def fill_snippets(self, index: SearchIndex, results: SearchResults, generation: int) -> None:
        """Snippets for the hits the search left without one (it makes a screenful)."""
        missing = [hit.path for hit in results.hits if not hit.snippet]
        made = dict(zip(missing, index.snippets(missing, results.terms), strict=True))
        self.post_message(SnippetsMade(made, generation))

    @on(SnippetsMade)
    def _snippets_made(self, message: SnippetsMade) -> None:
        state = self.search_state
        if message.generation != state.generation or state.results is None:
            return
        hits = tuple(
            replace(hit, snippet=made[0], snippet_spans=made[1])
            if (made := message.snippets.get(hit.path))
            else hit
            for hit in state.results.hits
        )
        state.results = replace(state.results, hits=hits)
        current = self.article_list.current
        self._show_results()
        if current is not None:
            self.article_list.cursor = self.article_list.index_of(current.path) or 0

    @on(SearchFinished)
    def _search_finished(self, message: SearchFinished) -> None:
        state = self.search_state
        if message.generation != state.generation or not state.query.strip():
            return  # a newer query was typed: a stale answer never wins
        results = message.results
        state.results = results
        if (results.message or "").startswith("The search could not run") and not self.indexing:
            self.update_index(list(self.files))  # the index checks itself and repairs damage
        self._show_results()
        if self.index is not None and any(not hit.snippet for hit in results.hits):
            # Off the typing path: only once the results have stayed put for a moment.
            index, generation = self.index, message.generation
            self.set_timer(
                PREVIEW_DELAY,
                lambda: (
                    generation == self.search_state.generation
                    and self.fill_snippets(index, results, generation)
                ),
            )
        self.set_status(self._results_status(results))
        self.search_bar.set_did_you_mean(results.suggestion)
        if not results.hits:
            self.article_view.set_terms(frozenset())

    def _show_results(self) -> None:
        """The search results in the list, in the chosen order."""
        results = self.search_state.results
        hits = results.hits if results is not None else ()
        pairs = [(self._summary_for(hit), snippet_text(hit)) for hit in hits]
        if self.list_filter.active:
            pairs = [pair for pair in pairs if self._keep(pair[0])]
        pairs = sort_pairs(pairs, self.search_sort)
        self.article_list.set_rows(
            [summary for summary, _ in pairs],
            [snippet for _, snippet in pairs],
            empty_text="No article matches.",
        )

    def _keep(self, summary: ArticleSummary) -> bool:
        state = self.state
        if state is None:
            return not self.list_filter.starred
        return self.list_filter.keep(summary, state.is_read, state.is_starred)

    def _browse_rows(self) -> list[ArticleSummary]:
        """The full list, filtered, in the chosen order (the catalog comes newest first)."""
        rows = self.summaries
        if self.list_filter.active:
            rows = [s for s in rows if self._keep(s)]
        if self.browse_sort == "date":
            return rows
        return sort_summaries(rows, self.browse_sort)

    def action_filter(self) -> None:
        """Choose what the list shows: unread, starred, one source."""
        self.push_screen(FilterScreen(self.list_filter, sources(self.summaries)), self._set_filter)

    def _set_filter(self, chosen: ListFilter | None) -> None:
        if chosen is None or chosen == self.list_filter:
            return
        self.list_filter = chosen
        current = self.article_list.current
        if self.search_state.query:
            self._show_results()
        else:
            self._show_browse(current.path if current else None)
        self._update_header()

    def _show_browse(self, path: str | None) -> None:
        """The full list, with the cursor on the article at path (or the first)."""
        rows = self._browse_rows()
        cursor = 0
        if path is not None:
            cursor = next((n for n, s in enumerate(rows) if s.path == path), 0)
        self.article_list.set_rows(rows, cursor=cursor, empty_text=f"No articles in {self.root}.")

    def action_rebuild_index(self) -> None:
        """Throw the index away and build it again, in the background."""
        self.update_index(list(self.files), rebuild=True)
        self.set_status("Rebuilding the search index…")

    def action_sort_by(self, sort: str) -> None:
        """Order the list by one key (from the palette)."""
        if self.search_state.query:
            self.search_sort = sort
            self._show_results()
        else:
            self.browse_sort = sort
            current = self.article_list.current
            self._show_browse(current.path if current else None)
            if self.state is not None:
                self.state.sort = sort
        self._update_header()

    def action_filter_to(self, which: str) -> None:
        """Unread only, starred only, or all articles (from the palette)."""
        f = self.list_filter
        chosen = {
            "unread": ListFilter(True, f.starred, f.source),
            "starred": ListFilter(f.unread, True, f.source),
        }.get(which, ListFilter())
        self._set_filter(chosen)

    def action_mark_all_read(self) -> None:
        """Mark every article the list shows as read."""
        if self.state is not None:
            self._mark_all_read(self.state, [s.path for s in self.article_list.summaries])

    @work(thread=True, group="marks")
    def _mark_all_read(self, state: ReadingState, paths: list[str]) -> None:
        state.mark_all_read(paths)  # hashes each file, so off the UI thread
        self.call_from_thread(self.article_list.refresh)
        self.call_from_thread(self.notify, f"Marked {len(paths):,} articles read", timeout=2)

    def action_open_external(self, variable: str) -> None:
        """Open the current article's file in $EDITOR or $PAGER, then come back."""
        path = self._current_path()
        default = "less" if variable == "PAGER" else "vi"
        command = shlex.split(os.environ.get(variable) or default)
        if path is None or not command:
            return
        try:
            with self.suspend():
                subprocess.run([*command, path], check=False)
        except (OSError, SuspendNotSupported) as exc:
            self.notify(f"Could not open it in ${variable}: {exc}", severity="error")
        self.refresh()

    def action_copy(self, what: str) -> None:
        """Copy the current article's title, path or text to the clipboard (OSC 52)."""
        article = self.article_view.article
        if article is None:
            return
        text = {
            "title": article.title,
            "path": str(article.path or ""),
            "text": "\n\n".join([article.title, *(b.text for b in article.blocks)]),
        }[what]
        self.copy_to_clipboard(text)
        self.notify(f"Copied the {what}", timeout=1.5)

    def action_open_source(self) -> None:
        """Open the article's source link in the browser, when it has one."""
        article = self.article_view.article
        url = source_link(article) if article is not None else None
        if url is None:
            self.notify("This article has no source link", severity="warning")
            return
        self.open_url(url)

    def action_cycle_sort(self) -> None:
        """The next order of the list (relevance is one of them while searching)."""
        current = self.article_list.current
        if self.search_state.query:
            self.search_sort = next_sort(self.search_sort, searching=True)
            self._show_results()
            if current is not None:
                self.article_list.cursor = self.article_list.index_of(current.path) or 0
        else:
            self.browse_sort = next_sort(self.browse_sort, searching=False)
            self._show_browse(current.path if current else None)
            if self.state is not None:
                self.state.sort = self.browse_sort
        self._update_header()

    def _summary_for(self, hit: SearchHit) -> ArticleSummary:
        summary = self.by_path.get(hit.path)
        if summary is not None:
            return summary
        return ArticleSummary(hit.path, hit.title, hit.source, hit.date or 0.0, 0, 0, 0.0)

    def _results_status(self, results: SearchResults) -> Text:
        status = Text()
        if self.search_state.query.startswith(RELATED):
            return Text(results.message or "")
        if results.all_words_total or not results.fallback:
            n = results.all_words_total
            status.append(f"{n:,} article{'s' if n != 1 else ''} match", style="bold")
        if results.message:
            if status:
                status.append(" · ")
            status.append(results.message)
        if results.partial:
            status.append(" · partial results (query cut short)", style="italic")
        if self.indexing:
            status.append(" · still indexing", style="italic")
        if results.suggestion:
            status.append(" · Did you mean: ")
            status.append(results.suggestion, style="bold underline")
            status.append(" (Ctrl+Y)")
        return status

    @on(SearchBar.Submitted)
    def _query_submitted(self, event: SearchBar.Submitted) -> None:
        if self.article_list.current is not None and self.search_state.query.strip():
            self.article_list.cursor = 0
            self.article_list.action_choose()

    @on(SearchBar.ToResults)
    def _to_results(self) -> None:
        self.article_list.focus()

    @on(SearchBar.Cancelled)
    def _search_cancelled(self) -> None:
        self.search_bar.value = ""
        self._end_search()
        self.article_list.focus()

    def _end_search(self) -> None:
        state = self.search_state
        state.generation += 1
        state.query = ""
        state.results = None
        path, state.browse_path = state.browse_path, None
        self.search_bar.set_did_you_mean(None)
        self._show_browse(path)
        self._update_header()
        self.article_view.set_terms(frozenset())
        self.set_status(self._idle_status())

    # --- moving around ----------------------------------------------------------------------

    def action_back(self) -> None:
        if self.article_view.has_focus:
            self.query_one("#panes").remove_class("reading")
            self.call_after_refresh(self.article_list.focus)
        elif self.search_state.query:
            self._search_cancelled()

    def action_help(self) -> None:
        sections = [
            ("Anywhere", [*self.BINDINGS, PALETTE_BINDING]),
            ("Article list", ArticleList.BINDINGS),
            ("Article", ArticleView.BINDINGS),
            ("Search box", SearchBar.BINDINGS),
        ]
        self.push_screen(HelpScreen(sections))

    def on_resize(self, event: events.Resize) -> None:
        # Small terminals: one pane at a time, and a slimmer search box.
        self.screen.set_class(event.size.width < 70, "-narrow")
        self.screen.set_class(event.size.height < 20, "-short")

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        self.query_one("#panes").set_class(isinstance(event.widget, ArticleView), "reading")

    def _fatal_error(self) -> None:
        # Textual's hook for an unhandled exception prints a full traceback with locals;
        # a user gets one line and the details go to a log file instead.
        error = sys.exc_info()[1] or self._exception
        details = "".join(traceback.format_exception(error)) if error else "unknown error"
        log = write_crash_log(details)
        where = f"details are in {log}" if log else "the details could not be saved"
        name = type(error).__name__ if error else "error"
        message = f"reader stopped on an unexpected error ({name}); {where}"
        self.panic(Text(message))  # one line, soft-wrapped by a narrow terminal

    async def action_quit(self) -> None:
        self._save_position()  # while the view is still there to ask
        await super().action_quit()

    def on_unmount(self) -> None:
        if self.state is not None:
            self.state.close()
        with contextlib.suppress(Exception):
            loop = asyncio.get_running_loop()
            for signum in self.EXIT_SIGNALS:
                loop.remove_signal_handler(signum)
        if self.index is not None:
            self.index.close()
