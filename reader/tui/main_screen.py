"""The main screen: the search box above the two panes (the article list and the article), a
status line and the footer.

It composes them, owns their keys, and routes the messages: from the widgets (a query typed,
a row highlighted) and from the workers of the folder (`Library`) and of the search
(`SearchSession`), whose state changes only here, in the handlers, on the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer

from reader.core.article import ArticleSummary
from reader.core.corpus import big_index_note
from reader.core.ordering import ListFilter, sources
from reader.core.settings import Settings
from reader.core.state import ReadingState
from reader.core.state_store import CLOSE_SECONDS
from reader.core.tags import Tags
from reader.core.undo import UndoHistory
from reader.tui import external
from reader.tui.browse import ListOrder
from reader.tui.commands import ReaderCommands
from reader.tui.library import (
    CatalogLoaded,
    FolderPolled,
    IndexOpened,
    IndexProgressed,
    IndexUpdated,
    Library,
)
from reader.tui.marking import MarkingScreen
from reader.tui.reading_keys import READING_BINDINGS, ReadingKeys
from reader.tui.remembered import RememberingScreen
from reader.tui.search_session import (
    SETTLE_SECONDS,
    SearchSession,
)
from reader.tui.searching import unranked
from reader.tui.widgets.article_list import ArticleList, ResultRow
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.filter_screen import FilterScreen
from reader.tui.widgets.reading_panes import ReadingPanes
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.status_bar import StatusBar
from reader.tui.widgets.text_line import TextLine

MARK_HELP = "Mark the current article read or unread"
STAR_HELP = "Star the current article or take the star away"
RELATED_HELP = "Articles most like the open one"
TAG_HELP = "Add or remove tags on the current article"
UNDO_HELP = "Undo the last change of marks or tags (the last ten, one by one)"


class MainScreen(MarkingScreen, RememberingScreen, ReadingKeys):
    """The article list and the article, with a search box above them."""

    AUTO_FOCUS = "#list"
    COMMANDS = {ReaderCommands}
    # Small terminals: one pane at a time (narrow), and a slimmer search box (short).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        # Quit and help are the app's actions. Their keys are declared here, first, because the
        # footer lists a screen's keys before the app's, and it has always shown these first.
        # The ids keep their "app." prefix: a user's keymap names them so.
        Binding("q", "app.quit", "Quit", id="app.quit"),
        Binding("question_mark", "app.help", "Help", tooltip="Every key", id="app.help"),
        # A priority binding runs as the app takes the key from the terminal, before the keys
        # typed after it are handed to the focused widget: they then follow the focus into the
        # box. (Any other binding runs only once its key has gone round the focused widget,
        # and a burst like "/quit" was by then handed to the list: q quit.)
        Binding(
            "slash",
            "search",
            "Search",
            tooltip="Focus the search box",
            id="app.search",
            priority=True,
        ),
        Binding("escape", "back", "Back", id="app.back"),
        Binding("o", "cycle_sort", "Sort", tooltip="The next order of the list", id="app.sort"),
        Binding(
            "f", "filter", "Filter", tooltip="Unread, starred, one source or tag", id="app.filter"
        ),
        Binding("r", "related", "Related", tooltip=RELATED_HELP, id="app.related"),
        # Like /, a priority binding (a burst "|word" goes into the box); in the box | is typed.
        Binding(
            "vertical_line",
            "narrow",
            "Search within results",
            tooltip="Keep these results and search inside them (a | in the query does it too)",
            show=False,
            id="app.narrow",
            priority=True,
        ),
        Binding(
            "ctrl+r",
            "search_history",
            "Search history",
            tooltip="Pick an earlier search (type to narrow the list)",
            show=False,
            id="app.search_history",
        ),
        Binding(
            "ctrl+s",
            "save_search",
            "Save this search",
            tooltip="Keep the query, its filters and its order under a name",
            show=False,
            id="app.save_search",
        ),
        Binding(
            "S",
            "saved_searches",
            "Saved searches",
            tooltip="Saved searches with their counts of articles and of unread ones",
            show=False,
            id="app.saved_searches",
        ),
        Binding(
            "m", "toggle_read", "Read/unread", tooltip=MARK_HELP, show=False, id="app.toggle_read"
        ),
        Binding("s", "toggle_star", "Star", tooltip=STAR_HELP, show=False, id="app.toggle_star"),
        Binding("t", "tag", "Tags", tooltip=TAG_HELP, show=False, id="app.tag"),
        Binding("u", "undo", "Undo", tooltip=UNDO_HELP, show=False, id="app.undo"),
        *READING_BINDINGS,
        Binding("tab", "app.focus_next", "Next pane", show=False, id="app.next_pane"),
        Binding(
            "shift+tab", "app.focus_previous", "Previous pane", show=False, id="app.previous_pane"
        ),
    ]

    @dataclass
    class StateOpened(Message):
        """The reading state is open: the app takes the last session's theme from it."""

        state: ReadingState

    @dataclass
    class SaveProblem(Message):
        """Saving marks (what: or tags, or searches) failed (problem says why) or works
        again (None)."""

        problem: str | None
        what: str = "marks"

    def __init__(
        self,
        root: Path,
        *,
        settings: Settings,
        index_dir: Path | None = None,
        notices: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.root = root
        self.settings = settings
        self.notices = list(notices)  # said once the screen is up (e.g. config.toml problems)
        self.state: ReadingState | None = None
        self.tags: Tags | None = None
        self.history = UndoHistory()  # the last changes of marks and tags, for u
        self.library = Library(self, root, settings.extensions, index_dir)
        self.session = SearchSession(self)
        self.order = ListOrder()
        self._open_when_answered = False  # Enter was typed before the search's answer came
        self._asked_anew = -1  # the generation of a search asked again for a changed folder
        self.save_warnings: dict[str, str] = {}  # what cannot be saved now -> why

    def compose(self) -> ComposeResult:
        yield TextLine(id="header")
        yield SearchBar(id="search")
        yield ReadingPanes(mark_read_on_open=self.settings.mark_read_on_open, id="panes")
        yield StatusBar(id="status-bar")
        yield Footer()

    def on_mount(self) -> None:
        self.panes.article_view.max_reading_width = self.settings.reading_width
        self.panes.article_list.empty_text = "Reading the folder…"
        self.panes.article_list.border_title = "Articles"
        self.panes.article_view.border_title = "Article"
        self._update_header()
        self.library.load()

    def on_unmount(self) -> None:
        self.close_state()  # marks, tags and searches: once (quitting closed them already)
        # A search under way holds the index until it ends (a complete ranking of a big folder
        # takes seconds): it is let go on a thread of its own, which the exit does not wait for.
        threading.Thread(target=self.library.close, name="close-index", daemon=True).start()

    def close_state(self) -> str | None:
        """Save what is left to save of the marks, the tags and the searches (a last try
        each, at the same time, bounded in time) and close them; what could not be saved, in
        one line, or None."""
        stores = [s for s in (self.state, self.tags, self._tables) if s is not None]
        for store in stores:
            store.on_save_problem = None
        closers = [
            threading.Thread(target=store.close, name="close-state", daemon=True)
            for store in stores
        ]
        for closer in closers:
            closer.start()
        for closer in closers:  # each close() is bounded: this bound is only a guard
            closer.join(timeout=CLOSE_SECONDS * 3)
        reports = [store.unsaved_report() for store in stores]
        return "; ".join(report for report in reports if report) or None

    @property
    def save_warning(self) -> str | None:
        """What cannot be saved now, and why, for the status line."""
        warnings = [
            f"Can't save {what}: {problem}; will retry"
            for what, problem in self.save_warnings.items()
        ]
        return " · ".join(warnings) or None

    def tell_save_problem(self, what: str, problem: str | None) -> None:
        """Saving what fails (problem), or works again (None); from any thread."""
        self.post_message(self.SaveProblem(problem, what))

    def save_position(self) -> None:
        """Remember where the open article was being read, and where the list was scrolled."""
        self.panes.save_position()
        if self.state is not None:
            browsing = not self.session.searching and self.panes.article_list.summaries
            self.state.list_row = self.panes.article_list.cursor_on_screen if browsing else None

    # --- the header and the status line -----------------------------------------------------

    def _update_header(self) -> None:
        summaries = self.library.summaries
        kept = self.order.count_kept(summaries, self.state)
        self._unranked = unranked(self.session.search)
        header = self.order.header(
            self.root, len(summaries), self.session.searching, kept, unranked=self._unranked
        )
        self._show_header(header)

    def _idle_status(self) -> str:
        """What the status line says when nothing is going on: notices worth keeping."""
        notes = (
            self.save_warning,
            self.library.folder_note,
            self.library.index_note,
            *self.notices,
        )
        return " · ".join(note for note in notes if note)

    @on(SaveProblem)
    def _save_problem(self, message: SaveProblem) -> None:
        """Say at once that marks (or tags, or searches) cannot be saved; when they can
        again, say the usual."""
        if message.problem:
            self.save_warnings[message.what] = message.problem
        else:
            self.save_warnings.pop(message.what, None)
        results = self.session.results
        if self.save_warning is None and self.session.searching and results is not None:
            self.status_bar.say(self.session.status(results, indexing=self.library.indexing))
        else:
            self.status_bar.say(self._idle_status())

    def add_notice(self, notice: str) -> None:
        """Say this in the status line whenever nothing else is going on."""
        self.notices.append(notice)
        self.status_bar.say(self._idle_status())

    # --- the folder and its index -----------------------------------------------------------

    @on(CatalogLoaded)
    def _catalog_loaded(self, message: CatalogLoaded) -> None:
        first, changed, first_scan = self.library.take_catalog(message)
        if message.state is not None:
            self._use_state(message.state)
        if message.tags is not None:
            self._use_tags(message.tags)
        if changed:
            self._update_header()
        if changed and not self.session.searching:
            # The first list puts the last session's article where its row was; a later one
            # (the full summaries, the folder changed) keeps the user's article where it is.
            on_screen: int | None = self.panes.article_list.cursor_on_screen
            path = self._list_path()
            if first:
                path = self.state.last_selected if self.state is not None else None
                on_screen = self.state.list_row if self.state is not None and path else None
            self._show_list(path, on_screen)
        if first_scan or message.changed:
            self.library.update_index()
        if message.final:
            self.library.watch()

    def _use_state(self, state: ReadingState) -> None:
        """Take the reading state: marks in the list, and the last session's order."""
        self.state = self.panes.state = state
        self.panes.article_list.marks = state
        self.order.restore(state.sort)
        self.post_message(self.StateOpened(state))
        if state.error:
            self.notices.append(state.error)

        state.on_save_problem = partial(self.tell_save_problem, "marks")
        if state.save_problem:
            self.post_message(self.SaveProblem(state.save_problem))
        if self.notices:
            self.status_bar.say(self._idle_status())

    @on(FolderPolled)
    def _folder_polled(self, message: FolderPolled) -> None:
        if self.library.poll_again(message) and not self.session.searching:
            self.status_bar.say(self._idle_status())

    @on(IndexOpened)
    def _index_opened(self, message: IndexOpened) -> None:
        self.library.take_index(message)

    @on(IndexProgressed)
    def _index_progressed(self, message: IndexProgressed) -> None:
        self.library.indexing = True
        self.status_bar.show_progress(message.done, message.total)
        if not self.session.searching:
            # The bar shows how far; the count of articles done would run ahead of the work
            # (an article read is not yet written).
            total = message.total
            note = (
                big_index_note(total) or f"Indexing {total:,} article{'s' if total != 1 else ''}…"
            )
            self.status_bar.say(note)

    @on(IndexUpdated)
    def _index_updated(self, message: IndexUpdated) -> None:
        self.library.take_update(message)
        self.status_bar.hide_progress()
        if self.library.index_note or not self.session.searching:
            self.status_bar.say(self._idle_status())
        if self.session.search is not None:
            self._ask(self.session.search)  # answered anew by the index as it is now
            self._asked_anew = self.session.generation

    def action_rebuild_index(self) -> None:
        """Throw the index away and build it again, in the background."""
        self.library.update_index(rebuild=True)
        self.status_bar.say("Rebuilding the search index…")

    # --- the article ------------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, message: ArticleList.Highlighted) -> None:
        # While typing, each keystroke's top hit would be laid out in turn: preview only the
        # one the results settle on.
        delay = SETTLE_SECONDS if self.search_bar.has_focus else 0.0
        self.panes.open(message.summary.path, delay=delay)

    @on(ArticleView.NoMatchToGoTo)
    def _no_match_to_go_to(self) -> None:
        if self.session.searching:
            self.status_bar.say("No match in this article")
        else:
            key = self._key_of("app.search")
            self.status_bar.say(f"No search: type {key} to search" if key else "No search")

    def _key_of(self, binding_id: str) -> str | None:
        """The key that runs a binding, as the footer shows it (a keymap may have moved it)."""
        for key, active in self.active_bindings.items():
            if active.binding.id == binding_id:
                return self.app.get_key_display(replace(active.binding, key=key))
        return None

    def action_toggle_read(self) -> None:
        """Mark the current article read or unread."""
        self._toggle_mark("read", "Marked read", "Marked unread")

    def action_toggle_star(self) -> None:
        """Star the current article, or take its star away."""
        self._toggle_mark("starred", "Starred", "Star removed")

    def action_open_external(self, variable: str) -> None:
        """Open the current article's file in $EDITOR (at the match) or $PAGER, then come back."""
        if variable == "EDITOR":
            self.panes.edit()
            return
        path = self.panes.current_path
        if path is not None:
            external.open_in(self.app, path, variable)

    def action_copy(self, what: str) -> None:
        """Copy the current article's title, path or text to the clipboard (OSC 52)."""
        article = self.panes.article_view.article
        if article is not None:
            external.copy(self.app, article, what)

    def action_open_source(self) -> None:
        """Open the article's source link in the browser, when it has one."""
        external.open_source(self.app, self.panes.article_view.article)

    # --- what the list shows ----------------------------------------------------------------

    def _list_path(self) -> str | None:
        current = self.panes.article_list.current
        return current.path if current is not None else None

    def _show_list(self, path: str | None, on_screen: int | None = None) -> None:
        """The search's results, or else the whole folder, in the chosen order and filter, with
        the cursor on the article at path (or on the first), its row drawn on_screen rows down
        the list (by default, the list starts at its top)."""
        rows: Sequence[ArticleSummary] | Sequence[ResultRow]
        if self.session.searching:
            results = self.session.results
            hits = results.hits if results is not None else ()
            rows = self.order.result_rows(hits, self.library.by_path, self.state)
            empty = "No article matches."
        else:
            rows = self.order.browse_rows(self.library.summaries, self.state)
            empty = f"No articles in {self.root}."
        empty = self.order.empty_text(self.session.searching) or empty
        self.panes.article_list.set_rows(rows, path=path, empty_text=empty, on_screen=on_screen)
        if not rows and (self.order.list_filter.active or not self.session.searching):
            self.panes.close_article()  # what the list hides, the pane does not show

    def _relist(self) -> None:
        """The list again after its order or filter changed, the cursor kept on its article."""
        self._show_list(self._list_path())
        self._update_header()

    def action_cycle_sort(self) -> None:
        """The next order of the list (relevance is one of them while searching)."""
        self.action_sort_by(self.order.cycle(self.session.searching))

    def action_sort_by(self, sort: str) -> None:
        """Order the list by one key (from the palette)."""
        self.order.set_sort(sort, self.session.searching)
        if not self.session.searching and self.state is not None:
            self.state.sort = sort
        self._relist()

    def action_filter(self) -> None:
        """Choose what the list shows: unread, starred, one source, one tag."""
        tags = self.tags.counts() if self.tags is not None else []
        dialog = FilterScreen(self.order.list_filter, sources(self.library.summaries), tags)
        self.app.push_screen(dialog, self._set_filter)

    def action_filter_to(self, which: str) -> None:
        """Unread only, starred only, or all articles (from the palette)."""
        self._set_filter(self.order.filter_to(which))

    def _set_filter(self, chosen: ListFilter | None) -> None:
        if chosen is not None and chosen != self.order.list_filter:
            self.order.list_filter = chosen
            self._relist()

    # --- moving around ----------------------------------------------------------------------

    def action_back(self) -> None:
        if self.panes.article_view.has_focus:
            self.panes.back_to_list()
        elif self.session.searching:
            self._search_cancelled()

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        self.panes.set_class(isinstance(event.widget, ArticleView), "reading")
