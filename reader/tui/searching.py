"""The searching half of the main screen: the search box's messages, the search session's
answers, and the keys that start a search (/, r) or narrow one (|).

RememberingScreen (remembered.py: history, saved searches) derives from this class, and
MainScreen from that; the list it shows and the header and status line it
keeps are MainScreen's (`_show_list`, `_list_path`, `_update_header`, `_idle_status`).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.screen import Screen

from reader.core.tags import Tags, split_tags
from reader.search.narrowing import join_chain, split_chain, step_back
from reader.tui.library import Library
from reader.tui.search_session import (
    SETTLE_SECONDS,
    Mode,
    Search,
    SearchFinished,
    SearchSession,
    SnippetsMade,
    could_not_run,
)
from reader.tui.widgets.reading_panes import ReadingPanes
from reader.tui.widgets.saved_searches_screen import CHAIN
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.status_bar import StatusBar
from reader.tui.widgets.text_line import TextLine

NOTHING_TO_NARROW = "Nothing to search within: / starts a search, then | narrows it"


def unranked(search: Search | None) -> bool:
    """Whether a search has no words to rank by: `tag:war` alone lists its articles newest
    first, not best match first (0.6 us a keystroke: split_tags returns at once without tag:)."""
    return (
        search is not None
        and search.mode is Mode.WORDS
        and search.within is not None
        and not any(c.isalnum() for c in split_tags(search.text).text)
    )


class SearchingScreen(Screen[None]):
    """Search: what is typed is asked of the index, and its answer shown in the list."""

    library: Library
    session: SearchSession
    tags: Tags | None  # the articles' tags, once the scan opened them
    _open_when_answered: bool  # Enter was typed before the search's answer came
    _asked_anew: int  # the generation of a search asked again for a changed folder

    def __init__(self) -> None:
        super().__init__()
        self._header = Text()  # the header line but the chain of a narrowed search
        self._unranked = False  # whether the header shows a search with no words to rank by

    @property
    def panes(self) -> ReadingPanes:
        return self.query_one(ReadingPanes)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    # What MainScreen provides.

    def _list_path(self) -> str | None:
        raise NotImplementedError

    def _show_list(self, path: str | None, on_screen: int | None = None) -> None:
        raise NotImplementedError

    def _update_header(self) -> None:
        raise NotImplementedError

    def _idle_status(self) -> str:
        raise NotImplementedError

    def _relist(self) -> None:
        raise NotImplementedError

    def _remember_query(self) -> None:
        """The query in the box was run for good (RememberingScreen keeps it)."""

    def action_search(self) -> None:
        # At once, not as Widget.focus does (later, on the app's queue): the next key is the
        # box's.
        self.set_focus(self.search_bar)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("search", "narrow"):
            return not isinstance(self.focused, SearchBar)  # in the box, / and | are typed
        return True

    def action_related(self) -> None:
        """List the articles most like the one open (or under the cursor)."""
        path = self.panes.current_path
        if path is None or self.library.index is None:
            return
        if self.session.search is None and self.session.browse_path is None:
            self.session.browse_path = path
        self._ask(Search(Mode.RELATED, path))
        self.search_bar.value = ""  # not an empty query: the search goes on

    @on(SearchBar.Changed)
    def _query_changed(self, event: SearchBar.Changed) -> None:
        self._open_when_answered = False  # an Enter typed before was for the query before
        session = self.session
        if not event.value.strip():
            if session.search is not None and session.search.mode is Mode.WORDS:
                self._end_search()
            return
        if session.search is None and session.browse_path is None:
            session.browse_path = self._list_path()
        chained = self._chain() is not None
        self._ask(Search(Mode.WORDS, event.value, within=self._within(event.value)))
        if chained or self._chain() is not None:
            self._show_header()

    def _within(self, text: str) -> tuple[str, ...] | None:
        """The articles the `tag:` words of a query keep, newest first; None when it has none
        (the query is then asked of the index as it is)."""
        query = split_tags(text)
        if not query.tagged:
            return None
        by_path = self.library.by_path
        if self.tags is None:
            return ()
        if query.include:
            found = [path for path in self.tags.matching(query) if path in by_path]
            found.sort(key=lambda path: (-by_path[path].date, path))
            return tuple(found)
        tags = self.tags
        return tuple(s.path for s in self.library.summaries if query.keeps(tags.of(s.path)))

    # --- search within results -------------------------------------------------------------

    def action_narrow(self) -> None:
        """Search within the results: the query so far becomes a level, ` | ` after it."""
        search = self.session.search
        levels = split_chain(self.search_bar.value)
        if search is None or search.mode is not Mode.WORDS or not levels:
            self.status_bar.say(NOTHING_TO_NARROW)
            return
        self.search_bar.type_on(join_chain(levels) + " | ")
        self.set_focus(self.search_bar)

    def _chain(self) -> Text | None:
        """The levels of a narrowed search, `ukraine › missiles` (None: not narrowed)."""
        search = self.session.search
        if search is None or search.mode is not Mode.WORDS or step_back(search.text) is None:
            return None
        levels = split_chain(search.text)
        stripped = search.text.rstrip()
        if stripped.endswith("|") and not stripped.endswith("||"):
            levels.append("…")  # the level being typed
        return Text(CHAIN.join(levels))

    def _show_header(self, header: Text | None = None) -> None:
        """The header line (MainScreen's, when given), with the chain of a narrowed search."""
        if header is not None:
            self._header = header
        shown = self._header
        chain = self._chain()
        if chain is not None:
            shown = self._header.copy()
            shown.append("  ·  within ", style="dim")
            shown.append_text(chain)
        self.query_one("#header", TextLine).update(shown)

    def _ask(self, search: Search) -> None:
        """Make this the search the list shows; its answer comes in a SearchFinished."""
        answered_before = self.session.results is not None
        if not self.session.ask(search, self.library.index):
            self.status_bar.say("The index is not ready yet…")
        if not answered_before or unranked(search) != self._unranked:
            self._update_header()  # the order shown becomes the search's

    @on(SearchFinished)
    def _search_finished(self, message: SearchFinished) -> None:
        before = self.session.results
        if not self.session.answered(message):
            return  # a newer search was asked for: a stale answer never wins
        results = message.results
        if could_not_run(results) and not self.library.indexing:
            self.library.update_index()  # the index checks itself and repairs damage
        self.panes.terms = results.terms
        # The same search answered anew keeps the user's place: always when the folder changed,
        # and once the user has moved into the results when the complete ranking comes; a new
        # search starts at its best hit.
        lst = self.panes.article_list
        again = before is not None and before.query == results.query and lst.cursor > 0
        if message.generation == self._asked_anew or again:
            self._show_list(self._list_path(), lst.cursor_on_screen)
        else:
            self._show_list(None)
        if self.library.index is not None:
            self.session.fill_snippets_later(self.library.index)
            self.session.complete_later(self.library.index)
        self.status_bar.say(self.session.status(results, indexing=self.library.indexing))
        self.search_bar.set_did_you_mean(results.suggestion)
        view = self.panes.article_view
        if not results.hits:
            view.set_terms(frozenset())
        elif view.article is not None and any(
            hit.path == str(view.article.path) for hit in results.hits
        ):
            self._mark_matches(results.terms)  # an article kept open: its matches, anew
        if self._open_when_answered and (results.hits or not self.library.indexing):
            # (an empty answer while the index is still being built waits for the next one)
            self._open_when_answered = False
            self._open_best_hit()

    def _mark_matches(self, terms: frozenset[str]) -> None:
        """Mark the search's matches in the article shown: while typing, once the results
        settle (laying out a long article anew at each keystroke would hold the keys up)."""
        view = self.panes.article_view
        if not self.search_bar.has_focus:
            view.set_terms(terms)
            return
        generation = self.session.generation

        def mark() -> None:
            if generation == self.session.generation:
                view.set_terms(terms)

        self.set_timer(SETTLE_SECONDS, mark, name="mark matches")

    @on(SnippetsMade)
    def _snippets_made(self, message: SnippetsMade) -> None:
        if self.session.take_snippets(message):
            self._show_list(self._list_path(), self.panes.article_list.cursor_on_screen)

    @on(SearchBar.Submitted)
    def _query_submitted(self) -> None:
        """Enter in the box: open the best hit, or once the search is answered if it is
        still running (the list meanwhile shows an older answer, or none)."""
        self._remember_query()
        results = self.session.results
        still_indexing = self.library.indexing and (results is None or not results.hits)
        if self.session.unanswered or (self.session.searching and still_indexing):
            # the answer to come (or the one after the index is built) opens its best hit
            self._open_when_answered = True
        elif self.session.searching:
            self._open_best_hit()

    def _open_best_hit(self) -> None:
        article_list = self.panes.article_list
        if article_list.current is None:
            results = self.session.results
            said = (
                Text()
                if results is None
                else self.session.status(results, indexing=self.library.indexing)
            )
            self.status_bar.say(Text.assemble(said, " · " if said else "", "Nothing to open"))
            return
        article_list.cursor = 0
        view, best = self.panes.article_view, article_list.current
        if best is not None and view.article is not None and str(view.article.path) == best.path:
            view.set_terms(self.panes.terms)  # opened: its matches now, not once typing settles
        article_list.action_choose()

    @on(SearchBar.ToResults)
    def _to_results(self) -> None:
        self.panes.article_list.focus()

    @on(SearchBar.Cancelled)
    def _search_cancelled(self) -> None:
        search = self.session.search
        back = step_back(self.search_bar.value)
        if back is not None and search is not None and search.mode is Mode.WORDS:
            # a narrowed search steps back one level at a time
            self.search_bar.value = back
            self.search_bar.cursor_position = len(back)
            return
        self.search_bar.value = ""
        self._end_search()
        self.panes.article_list.focus()

    def _end_search(self) -> None:
        self._open_when_answered = False
        path = self.session.end()
        self.panes.terms = frozenset()
        self.search_bar.set_did_you_mean(None)
        self._show_list(path)
        self._update_header()
        self.panes.article_view.set_terms(frozenset())
        self.status_bar.say(self._idle_status())
