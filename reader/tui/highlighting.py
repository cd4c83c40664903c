"""Highlighting, a plain object the main screen hosts (`screen.highlighting`): the reading
cursor's keys (( ) { } v), making a highlight (h, or H for the current match's sentence), its
note (a), deleting it (x), copying one or all of the article's as Markdown (y, Y: OSC 52), the
article's highlights (') and the folder's (") to go to. Every change is undoable (u) with the
marks and tags (marking.py's history), and the store saves it in the background
(core/highlights.py). The cursor and the drawing are the article view's (reading_cursor.py).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from reader.core.anchoring import make_anchor
from reader.core.highlight_store import Highlight
from reader.core.highlights import Highlights
from reader.core.undo import HighlightAction
from reader.tui.view_state import Pane
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.highlights_screen import HighlightsScreen, Row
from reader.tui.widgets.note_screen import NoteScreen

if TYPE_CHECKING:
    from reader.tui.main_screen import MainScreen

NO_CURSOR = "No highlight at the reading cursor: ( ) { } move it"
NOT_PLACED = "That passage is no longer in the article (it is kept: reader highlights lists it)"


class Highlighting:
    """The reading cursor's keys, the highlights and their notes."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    @property
    def store(self) -> Highlights | None:
        return self.screen.highlights

    @property
    def view(self) -> ArticleView:
        return self.screen.panes.article_view

    def say(self, text: Text | str | None) -> None:
        """Say this of the article shown (None: what was said of it no longer holds)."""
        self.view.post_message(ArticleView.Notice(text))

    def use_highlights(self, store: Highlights) -> None:
        """Take the highlights: drawn in the article, marked in the list's rows; a write that
        fails is said in the status line ("Can't save highlights: …; will retry")."""
        screen = self.screen
        screen.highlights = store
        screen.panes.article_list.highlighted = store.count
        self.view.highlights_of = store.of
        self.refresh()
        if store.error:
            screen.add_notice(store.error)
        store.on_save_problem = partial(screen.tell_save_problem, "highlights")
        if store.save_problem:
            screen.tell_save_problem("highlights", store.save_problem)

    def refresh(self) -> None:
        """Draw the highlights as they are now: in the article and the list's rows."""
        self.view.show_highlights()
        self.screen.panes.article_list.refresh()

    def _path(self) -> str | None:
        article = self.view.article
        return str(article.path) if article is not None and article.path is not None else None

    # --- the reading cursor ---------------------------------------------------------------------

    def move(self, unit: str, step: int) -> None:
        """Move the reading cursor by a sentence or a paragraph; say the note it is on."""
        if self._path() is None:
            self.say("No article open")
            return
        view = self.view
        view.bring_into_view(view.cursor.move(unit, step, view.top_line()))
        self.say_at_cursor()

    def say_at_cursor(self) -> None:
        """Say what the reading cursor is on: a highlight's note, a selection."""
        self.say(self.view.cursor.said())

    # --- the keys on the article ----------------------------------------------------------------

    def act(self, what: str, step: int = 0) -> None:
        """What a key asks (key_table's rows): move the cursor by a sentence or paragraph
        (step), select, make, match, note, delete, copy, copy_all; the article's highlights
        (article_list) or the folder's (all_list)."""
        if what in ("sentence", "paragraph"):
            self.move(what, step)
            return
        if what in ("article_list", "all_list"):
            self.show_list(what.removesuffix("_list"))
            return
        path = self._path()
        if path is None or self.store is None:
            self.say("No article open")
            return
        {
            "select": self._select,
            "make": self._make,
            "match": self._make_of_match,
            "note": self._note,
            "delete": self._delete,
            "copy": self._copy,
            "copy_all": self._copy_all,
        }[what](path)

    def _select(self, path: str) -> None:
        cursor = self.view.cursor
        if cursor.at is None:
            self.view.bring_into_view(cursor.move("sentence", 0, self.view.top_line()))
        cursor.toggle_selection()
        self.view.refresh()
        self.say_at_cursor()

    def _make(self, path: str) -> None:
        cursor = self.view.cursor
        if cursor.at is None:  # the first sentence in sight: where the reader is
            self.view.bring_into_view(cursor.move("sentence", 0, self.view.top_line()))
        self._keep(path, cursor.selection())

    def _make_of_match(self, path: str) -> None:
        view = self.view
        if not view.matches or view.match_index < 0:
            self.say("No search match to highlight: / searches")
            return
        match = view.matches[view.match_index]
        self._keep(path, view.cursor.sentence_at(match.line, match.start))

    def _keep(self, path: str, span: tuple[int, int] | None) -> None:
        assert self.store is not None
        cursor = self.view.cursor
        if span is None or not cursor.text[span[0] : span[1]].strip():
            self.say("Nothing to highlight here")
            return
        made = self.store.add(path, make_anchor(cursor.text, *span))
        cursor.anchor = None
        self.screen.marking.history.record(HighlightAction("Highlighted", {made.id: None}))
        self.refresh()
        self.screen.marking.say_done("Highlighted")

    def _at_cursor(self) -> Highlight | None:
        highlight = self.view.cursor.under_cursor()
        if highlight is None:
            self.say(NO_CURSOR)
        return highlight

    def _note(self, path: str) -> None:
        highlight = self._at_cursor()
        if highlight is None:
            return
        store = self.store
        assert store is not None

        def written(note: str | None) -> None:
            if note is None:
                return
            now = store.set_note(highlight.id, note)
            if now is None or now.note == highlight.note:
                return
            label = "Note written" if now.note else "Note removed"
            self.screen.marking.history.record(HighlightAction(label, {highlight.id: highlight}))
            self.refresh()
            self.screen.marking.say_done(label)

        self.screen.app.push_screen(NoteScreen(highlight.quote, highlight.note), written)

    def _delete(self, path: str) -> None:
        highlight = self._at_cursor()
        if highlight is None or self.store is None:
            return
        self.store.delete(highlight.id)
        self.screen.marking.history.record(
            HighlightAction("Highlight deleted", {highlight.id: highlight})
        )
        self.refresh()
        self.screen.marking.say_done("Highlight deleted")

    def _copy(self, path: str) -> None:
        highlight = self._at_cursor()
        if highlight is not None:
            self._to_clipboard(path, [highlight], "Copied the highlight as Markdown")

    def _copy_all(self, path: str) -> None:
        assert self.store is not None
        highlights = self.store.of(path)
        if not highlights:
            self.say("This article has no highlights: h highlights a sentence")
            return
        n = len(highlights)
        said = f"Copied {n} highlight{'s' if n != 1 else ''} as Markdown"
        self._to_clipboard(path, highlights, said)

    def _to_clipboard(self, path: str, highlights: list[Highlight], said: str) -> None:
        """The highlights as `reader highlights` prints them, to the clipboard (OSC 52)."""
        from reader.core.highlight_export import markdown_of, of_article  # (not at start)

        text = markdown_of(of_article(path, self.view.article, highlights))
        self.screen.app.copy_to_clipboard(text)
        self.say(said)

    # --- the lists of highlights --------------------------------------------------------------

    def show_list(self, scope: str) -> None:
        """The article's highlights ('article') or every one of the folder's ('all')."""
        store = self.store
        if store is None:
            self.say("The highlights are still being read")
            return
        if scope == "article":
            path = self._path()
            if path is None:
                self.say("No article open")
                return
            spans = self.view.cursor.spans
            mine = sorted(store.of(path), key=lambda h: spans.get(h.id, (1 << 62, 0)))
            title = self.view.article.title if self.view.article is not None else path
            rows = [Row(h.id, h.quote, h.note, title, h.id in spans) for h in mine]
            dialog = HighlightsScreen(
                f"Highlights of this article ({len(rows)})", rows, with_titles=False
            )
        else:
            every = store.every()
            by_path = self.screen.library.by_path
            rows = [
                Row(
                    h.id,
                    h.quote,
                    h.note,
                    by_path[h.path].title if h.path in by_path else Path(h.path).name,
                )
                for h in every
            ]
            dialog = HighlightsScreen(
                f"All highlights ({len(rows)}), newest first", rows, with_titles=True
            )
        self.screen.app.push_screen(dialog, self.go_to)

    def go_to(self, ident: str | None) -> None:
        """Open the highlight's article at it (the article pane takes the keys)."""
        highlight = self.store.get(ident) if ident is not None and self.store is not None else None
        if highlight is None:
            return
        if highlight.path == self._path():
            span = self.view.cursor.spans.get(highlight.id)
            if span is None:
                self.say(NOT_PLACED)
                return
            self.view.bring_into_view(self.view.cursor.go_to(span))
            self.screen.view.focus(Pane.ARTICLE)
            self.say_at_cursor()
            return
        self.view.go_to_highlight = highlight.id
        self.screen.open_article(highlight.path)
