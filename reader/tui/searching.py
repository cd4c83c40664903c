"""Searching, a plain object the main screen hosts (`screen.searching`): what the search box
reports (typed, Enter, ↓, Esc), the search session's answers, and the keys that start a
search (/, r) or narrow one (|). The list it fills is the screen's `listing`; the article it
opens or previews, the screen's `view`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from reader.core.highlights import WithHighlights
from reader.search.narrowing import join_chain, split_chain, step_back
from reader.tui.search_session import (
    SETTLE_SECONDS,
    Mode,
    Scope,
    Search,
    SearchFinished,
    SnippetsMade,
    could_not_run,
)
from reader.tui.view_state import Pane
from reader.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from reader.search.results import SearchResults
    from reader.tui.main_screen import MainScreen

NOTHING_TO_NARROW = "Nothing to search within: / starts a search, then | narrows it"


def unranked(search: Search | None) -> bool:
    """Whether a search has no words to rank by: `tag:war` alone lists its articles newest
    first, not best match first."""
    return search is not None and search.unranked


class Searching:
    """Search: what is typed is asked of the index, and its answer shown in the list."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.open_when_answered = False  # Enter was typed before the search's answer came
        self.asked_anew = -1  # the generation of a search asked again for a changed folder

    @property
    def search_bar(self) -> SearchBar:
        return self.screen.query_one(SearchBar)

    def say(self, text: str | Text) -> None:
        self.screen.status_bar.say(text)

    def status(self, results: SearchResults) -> Text:
        """What the status line says of these results, with how far indexing is."""
        library = self.screen.library
        return self.screen.session.status(
            results, indexing=library.indexing, progress=library.progress
        )

    def start(self) -> None:
        """/: the search box takes the keys, at once."""
        self.screen.view.focus(Pane.SEARCH)

    def related(self) -> None:
        """List the articles most like the one selected."""
        screen = self.screen
        path = screen.view.selected
        if path is None or screen.library.index is None:
            return
        if screen.session.search is None and screen.session.browse_path is None:
            screen.session.browse_path = path
        self.ask(Search(Mode.RELATED, path))
        self.search_bar.value = ""  # not an empty query: the search goes on

    def query_changed(self, value: str) -> None:
        """The box holds a new query: ask for it (an empty one ends the search)."""
        self.open_when_answered = False  # an Enter typed before was for the query before
        session, listing = self.screen.session, self.screen.listing
        self.screen.panes.put_off_preview(busy=lambda: session.answering)
        if not value.strip():
            if session.search is not None and session.search.mode is Mode.WORDS:
                self.end()
            return
        if session.search is None and session.browse_path is None:
            session.browse_path = listing.current_path()
        chained = listing.chain() is not None
        self.ask(Search(Mode.WORDS, value))
        if chained or listing.chain() is not None:
            listing.show_header()

    def scope(self) -> Scope:
        """What the search worker reads the `tag:` words of a query against."""
        return Scope(
            WithHighlights(self.screen.tags, self.screen.highlights), self.screen.library.by_path
        )

    def narrow(self) -> None:
        """Search within the results: the query so far becomes a level, ` | ` after it."""
        search = self.screen.session.search
        levels = split_chain(self.search_bar.value)
        if search is None or search.mode is not Mode.WORDS or not levels:
            self.say(NOTHING_TO_NARROW)
            return
        self.search_bar.type_on(join_chain(levels) + " | ")
        self.screen.view.focus(Pane.SEARCH)

    def ask(self, search: Search) -> None:
        """Make this the search the list shows; its answer comes in a SearchFinished."""
        session = self.screen.session
        answered_before = session.results is not None
        shown = self.screen.listing.article_list.results_on_screen
        if not session.ask(search, self.screen.library.index, self.scope(), shown):
            self.say("The index is not ready yet…")
        if not answered_before or unranked(search) != self.screen.listing.unranked:
            self.screen.listing.update_header()  # the order shown becomes the search's

    def ask_anew(self) -> None:
        """The search shown asked again of the index as it is now (a batch committed, an
        update done), its place in the list kept."""
        session = self.screen.session
        if session.search is not None:
            self.ask(session.search)
            self.asked_anew = session.generation

    def index_progressed(self, committed: bool) -> None:
        """While a search is shown and the index is being built: answered again from what a
        batch committed, or its status line told how far the index is now."""
        if committed:
            self.ask_anew()
        elif (results := self.screen.session.results) is not None:
            self.say(self.status(results))

    def finished(self, message: SearchFinished) -> None:
        """A search's answer: into the list, unless a newer search was asked for since."""
        screen = self.screen
        session, library, listing = screen.session, screen.library, screen.listing
        before = session.results
        if not session.answered(message):
            return  # a newer search was asked for: a stale answer never wins
        results = message.results
        screen.panes.put_off_preview()  # the results shown came just now
        if could_not_run(results) and not library.indexing:
            library.update_index()  # the index checks itself and repairs damage
        screen.panes.terms = results.terms
        # The same search answered anew keeps the user's place: always when the folder changed,
        # and once the user has moved into the results when the complete ranking comes; a new
        # search starts at its best hit.
        lst = listing.article_list
        again = before is not None and before.query == results.query and lst.cursor > 0
        if message.generation == self.asked_anew or again:
            listing.show(listing.current_path(), lst.cursor_on_screen)
        else:
            listing.show(None)
        if library.index is not None:
            session.fill_snippets_later(library.index)
            session.complete_later(library.index)
        self.say(self.status(results))
        self.search_bar.set_did_you_mean(results.suggestion)
        shown = screen.view.shown
        if not results.hits:
            screen.panes.mark_terms(frozenset())
        elif shown is not None and any(hit.path == shown[0] for hit in results.hits):
            self.mark_matches(results.terms)  # an article kept open: its matches, anew
        if self.open_when_answered and (results.hits or not library.indexing):
            # (an empty answer while the index is still being built waits for the next one)
            self.open_when_answered = False
            self.open_best_hit()

    def mark_matches(self, terms: frozenset[str]) -> None:
        """Mark the search's matches in the article shown: while typing, once the results
        settle (laying out a long article anew at each keystroke would hold the keys up)."""
        panes = self.screen.panes
        if not self.search_bar.has_focus:
            panes.mark_terms(terms)
            return
        session = self.screen.session
        generation = session.generation

        def mark() -> None:
            if generation == session.generation:
                panes.mark_terms(terms)

        self.screen.set_timer(SETTLE_SECONDS, mark, name="mark matches")

    def snippets_made(self, message: SnippetsMade) -> None:
        if self.screen.session.take_snippets(message):
            listing = self.screen.listing
            listing.show(listing.current_path(), listing.article_list.cursor_on_screen)

    def submitted(self) -> None:
        """Enter in the box: open the best hit, or once the search is answered if it is
        still running (the list meanwhile shows an older answer, or none)."""
        screen = self.screen
        session = screen.session
        screen.remembered.remember_query()
        results = session.results
        still_indexing = screen.library.indexing and (results is None or not results.hits)
        if session.unanswered or (session.searching and still_indexing):
            # the answer to come (or the one after the index is built) opens its best hit
            self.open_when_answered = True
        elif session.searching:
            self.open_best_hit()

    def open_best_hit(self) -> None:
        screen = self.screen
        article_list = screen.listing.article_list
        if article_list.current is None:
            results = screen.session.results
            said = Text() if results is None else self.status(results)
            self.say(Text.assemble(said, " · " if said else "", "Nothing to open"))
            return
        article_list.cursor = 0
        best = article_list.current
        if best is None:
            return
        shown = screen.view.shown
        if shown is not None and shown[0] == best.path:
            # opened: its matches now, not once typing settles
            screen.panes.mark_terms(screen.panes.terms)
        screen.open_article(best.path)  # at once: the keys after Enter are the article's

    def to_results(self) -> None:
        """↓ (or Tab) from the box: the results take the keys."""
        self.screen.view.focus(Pane.LIST)

    def cancelled(self) -> None:
        """Esc in the box: a narrowed search steps back a level; else the search ends."""
        search = self.screen.session.search
        back = step_back(self.search_bar.value)
        if back is not None and search is not None and search.mode is Mode.WORDS:
            self.search_bar.value = back
            self.search_bar.cursor_position = len(back)
            return
        self.search_bar.value = ""
        self.end()
        self.screen.view.focus(Pane.LIST)

    def end(self) -> None:
        """No search: the whole list again, at the article it was on before the search."""
        screen = self.screen
        self.open_when_answered = False
        path = screen.session.end()
        screen.panes.terms = frozenset()
        self.search_bar.set_did_you_mean(None)
        screen.listing.back_to_folder(path)
        screen.listing.update_header()
        screen.panes.mark_terms(frozenset())
        self.say(screen.idle_status())
