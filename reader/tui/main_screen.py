"""The main screen: the search box above the two panes (the list and the article), a status
line and the footer. It hosts the plain objects that do the work, each asked by name: `view`
(what is selected, what the article pane shows and why, the focus), `listing`, `searching`,
`remembered` (history, saved searches), `marking` (marks, tags, undo), `highlighting` (the
reading cursor, highlights and notes), and the workers' owners
`library` and `session`. Its handlers route the widgets' and workers' messages to them on the
UI thread; its actions (screen_keys.py) ask them, each taking its target from `view`."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen

from reader.core.highlights import Highlights
from reader.core.settings import Settings
from reader.core.state import ReadingState
from reader.core.state_writer import close_all
from reader.core.tags import Tags
from reader.core.undo import MarkField
from reader.tui import external
from reader.tui.browse import ListOrder
from reader.tui.commands import ReaderCommands
from reader.tui.highlighting import Highlighting
from reader.tui.library import (
    CatalogLoaded,
    FolderPolled,
    IndexOpened,
    IndexProgressed,
    IndexUpdated,
    Library,
)
from reader.tui.listing import Listing
from reader.tui.marking import Marking
from reader.tui.remembered import Remembered, SearchesLoaded, SearchSaved
from reader.tui.screen_keys import MAIN_BINDINGS, key_of
from reader.tui.search_session import SETTLE_SECONDS, SearchFinished, SearchSession, SnippetsMade
from reader.tui.searching import Searching
from reader.tui.view_state import Pane, ViewState
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.key_footer import KeyFooter
from reader.tui.widgets.reading_panes import ReadingPanes
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.status_bar import StatusBar
from reader.tui.widgets.text_line import TextLine


class MainScreen(Screen[None]):
    """The article list and the article, with a search box above them."""

    AUTO_FOCUS = "#list"
    COMMANDS = {ReaderCommands}
    # Small terminals: one pane at a time (narrow), and a slimmer search box (short).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = MAIN_BINDINGS

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
        self.highlights: Highlights | None = None
        self.library = Library(self, root, settings.extensions, index_dir)
        self.session = SearchSession(self)
        self.order = ListOrder()
        self.view = ViewState(self)
        self.listing = Listing(self)
        self.searching = Searching(self)
        self.remembered = Remembered(self)
        self.marking = Marking(self)
        self.highlighting = Highlighting(self)
        self.save_warnings: dict[str, str] = {}  # what cannot be saved now -> why

    def compose(self) -> ComposeResult:
        yield TextLine(id="header")
        yield SearchBar(id="search")
        yield ReadingPanes(mark_read_on_open=self.settings.mark_read_on_open, id="panes")
        yield StatusBar(id="status-bar")
        yield KeyFooter()

    @property
    def panes(self) -> ReadingPanes:
        return self.query_one(ReadingPanes)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        self.panes.article_view.max_reading_width = self.settings.reading_width
        self.panes.article_list.empty_text = "Reading the folder…"
        self.panes.article_list.border_title = "Articles"
        self.panes.article_view.border_title = "Article"
        self.listing.update_header()
        self.library.load()

    def on_unmount(self) -> None:
        self.close_state()  # marks, tags and searches: once (quitting closed them already)
        # A search under way holds the index until it ends (a complete ranking of a big folder
        # takes seconds): it is let go on a thread of its own, which the exit does not wait for.
        threading.Thread(target=self.library.close, name="close-index", daemon=True).start()

    def close_state(self) -> str | None:
        """Save what is left to save of the marks, the tags, the highlights and the searches
        (a last try each, at the same time, bounded in time) and close them; what could not
        be saved, in one line, or None."""
        every = (self.state, self.tags, self.highlights, self.remembered.tables)
        return close_all([store for store in every if store is not None])

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
        """Remember where the article was being read, and where the list was scrolled."""
        self.panes.save_position()
        if self.state is not None:
            article_list = self.panes.article_list
            browsing = not self.session.searching and article_list.summaries
            self.state.list_row = article_list.cursor_on_screen if browsing else None

    # --- the status line --------------------------------------------------------------------

    def idle_status(self) -> str:
        """What the status line says when nothing is going on: notices worth keeping."""
        notes = (
            self.save_warning,
            self.library.folder_note,
            self.library.index_note,
            self.panes.file_note,
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
        self.status_bar.say(self.usual_status())

    def usual_status(self) -> Text | str:
        """What the status line says when nothing was just done: the search's count (unless
        something cannot be saved), else the notices."""
        results = self.session.results
        if self.save_warning is None and self.session.searching and results is not None:
            return self.searching.status(results)
        return self.idle_status()

    def add_notice(self, notice: str) -> None:
        """Say this in the status line whenever nothing else is going on (once, however many
        stores say it)."""
        if notice not in self.notices:
            self.notices.append(notice)
        self.status_bar.say(self.idle_status())

    def keys_wait(self) -> bool:
        """Whether keys wait: moving in results still to come (typed ahead of them)."""
        return self.view.pane is Pane.LIST and self.session.coming

    def key_of(self, binding_id: str) -> str | None:
        """The key that runs a binding, as the footer shows it (a keymap may have moved it)."""
        return key_of(self, binding_id)

    # --- the folder and its index -----------------------------------------------------------

    @on(CatalogLoaded)
    def _catalog_loaded(self, message: CatalogLoaded) -> None:
        first, changed, first_scan = self.library.take_catalog(message)
        self.panes.files_changed(message.edited, message.deleted)  # before the list moves
        if message.state is not None:
            self.marking.use_state(message.state)
        if message.tags is not None:
            self.marking.use_tags(message.tags)
        if message.highlights is not None:
            self.highlighting.use_highlights(message.highlights)
        if changed:
            self.listing.update_header()
        if changed:  # (a search's rows too: their articles' figures as they become known)
            self.listing.folder_changed(first)
        if first_scan or message.changed:
            self.library.update_index()
        if message.final:
            self.library.watch()

    @on(FolderPolled)
    def _folder_polled(self, message: FolderPolled) -> None:
        said = self.library.poll_again(message)
        if said and (not self.session.searching or message.index_gone):
            self.status_bar.say(self.idle_status())

    @on(IndexOpened)
    def _index_opened(self, message: IndexOpened) -> None:
        self.library.take_index(message)

    @on(IndexProgressed)
    def _index_progressed(self, message: IndexProgressed) -> None:
        said = self.library.progressed(message)
        self.status_bar.show_progress(message.done, message.total)
        if not self.session.searching:
            self.status_bar.say(said, idle=not self.library.rebuilding)
        else:
            self.searching.index_progressed(message.committed)

    @on(IndexUpdated)
    def _index_updated(self, message: IndexUpdated) -> None:
        self.library.take_update(message)
        self.status_bar.hide_progress()
        if self.library.index_note or not self.session.searching:
            self.status_bar.say(self.idle_status(), idle=not self.library.index_note)
        self.searching.ask_anew()

    # --- the widgets' messages --------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, message: ArticleList.Highlighted) -> None:
        # While typing, each keystroke's top hit would be laid out in turn: preview only the
        # one the results settle on.
        delay = SETTLE_SECONDS if self.view.pane is Pane.SEARCH else 0.0
        self.view.preview(message.summary.path, delay=delay)

    @on(ArticleList.Chosen)
    def _article_chosen(self, message: ArticleList.Chosen) -> None:
        self.open_article(message.summary.path)

    def open_article(self, path: str) -> None:
        """Open an article to read (Enter, l, a double click): a search run for good."""
        self.view.read(path)
        self.remembered.remember_query()

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        self.view.focus_moved(event.widget)
        if isinstance(event.widget, SearchBar):
            self.remembered.searches()  # ↑ walks the history: read it now, off this thread

    @on(SearchBar.Changed)
    def _query_changed(self, event: SearchBar.Changed) -> None:
        self.searching.query_changed(event.value)

    @on(SearchBar.Submitted)
    def _query_submitted(self) -> None:
        self.searching.submitted()

    @on(SearchBar.ToResults)
    def _to_results(self) -> None:
        self.searching.to_results()

    @on(SearchBar.Cancelled)
    def _search_cancelled(self) -> None:
        self.searching.cancelled()

    @on(SearchFinished)
    def _search_finished(self, message: SearchFinished) -> None:
        self.searching.finished(message)

    @on(SnippetsMade)
    def _snippets_made(self, message: SnippetsMade) -> None:
        self.searching.snippets_made(message)

    @on(SearchesLoaded)
    def _searches_loaded(self, message: SearchesLoaded) -> None:
        self.remembered.loaded(message)

    @on(SearchSaved)
    def _search_saved(self, message: SearchSaved) -> None:
        self.remembered.saved(message)

    @on(ArticleView.NoMatchToGoTo)
    def _no_match_to_go_to(self) -> None:
        if self.session.searching:
            self.status_bar.say("No match in this article")
        else:
            key = self.key_of("app.search")
            self.status_bar.say(f"No search: type {key} to search" if key else "No search")

    @on(ArticleView.Notice)
    def _article_notice(self, message: ArticleView.Notice) -> None:
        self.status_bar.say_of_article(message.text, self.usual_status())

    # --- actions: the keys of screen_keys.py and the palette's commands ----------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("search", "narrow"):
            return self.view.pane is not Pane.SEARCH  # in the box, / and | are typed
        return True

    def action_search(self) -> None:
        """Focus the search box (at once: the next key is the box's)."""
        self.searching.start()

    def action_narrow(self) -> None:
        """Search within the results."""
        self.searching.narrow()

    def action_related(self) -> None:
        """List the articles most like the one selected."""
        self.searching.related()

    def action_back(self) -> None:
        """From the article back to the list; from the list, out of the search."""
        if self.view.pane is Pane.ARTICLE:
            self.view.focus(Pane.LIST)
        elif self.session.searching:
            self.searching.cancelled()

    def action_cycle_sort(self) -> None:
        """The next order of the list (relevance is one of them while searching)."""
        self.listing.cycle_sort()

    def action_sort_by(self, sort: str) -> None:
        """Order the list by one key (from the palette)."""
        self.listing.sort_by(sort)

    def action_filter(self) -> None:
        """Choose what the list shows: unread, starred, one source, one tag."""
        self.listing.choose_filter()

    def action_filter_to(self, which: str) -> None:
        """Unread only, starred only, or all articles (from the palette)."""
        self.listing.set_filter(self.order.filter_to(which))

    def action_search_history(self) -> None:
        """Pick an earlier search from a list (type to narrow it)."""
        self.remembered.show_history()

    def action_save_search(self) -> None:
        """Save the search with its filters and order, under a name."""
        self.remembered.save_search()

    def action_saved_searches(self) -> None:
        """The saved searches, with how many articles each shows and how many are unread."""
        self.remembered.show_saved()

    def action_toggle_read(self) -> None:
        """Mark the selected article read or unread."""
        self.marking.toggle("read")

    def action_toggle_star(self) -> None:
        """Star the selected article, or take its star away."""
        self.marking.toggle("starred")

    def action_tag(self) -> None:
        """Add or remove tags on the selected article."""
        self.marking.tag()

    def action_undo(self) -> None:
        """Undo the last change of marks or tags."""
        self.marking.undo()

    def action_mark_all(self, field: MarkField, on: bool = True) -> None:
        """Mark every article the list shows read or unread, starred or not."""
        self.marking.mark_all(field, on)

    def action_tag_all(self) -> None:
        """Add tags to every article the list shows."""
        self.marking.tag_all()

    def action_previous_heading(self) -> None:
        """Bring the previous heading to the top (the status line says when there is none)."""
        self.panes.article_view.heading_jumps.go(-1)

    def action_next_heading(self) -> None:
        """Bring the next heading to the top (the status line says when there is none)."""
        self.panes.article_view.heading_jumps.go(1)

    def action_contents(self) -> None:
        """The list of the article's headings, to jump to one."""
        self.panes.article_view.heading_jumps.open_contents()

    def action_only_matching(self) -> None:
        """Only the paragraphs with a search match, or the whole article again."""
        self.panes.article_view.toggle_only_matching()

    def action_highlight(self, what: str, step: int = 0) -> None:
        """The reading cursor, highlights and notes: each key's `what` (highlighting.py)."""
        self.highlighting.act(what, step)

    def action_open_external(self, variable: str) -> None:
        """Open the selected article's file in $EDITOR (at the match) or $PAGER, then back."""
        path = self.view.selected
        if path is None:
            return
        if variable == "EDITOR":
            self.panes.edit(path)
        else:
            external.open_in(self.app, path, variable)

    def action_copy(self, what: str) -> None:
        """Copy the article's title, path or text to the clipboard (OSC 52)."""
        article = self.panes.article_view.article
        if article is not None:
            external.copy(self.app, article, what)

    def action_open_source(self) -> None:
        """Open the article's source link in the browser, when it has one."""
        external.open_source(self.app, self.panes.article_view.article)

    def action_rebuild_index(self) -> None:
        """Throw the index away and build it again, in the background."""
        self.library.update_index(rebuild=True)
        self.status_bar.say("Rebuilding the search index…")
