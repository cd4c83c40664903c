"""Marking, a plain object the main screen hosts (`screen.marking`): read marks and stars (m,
s), tags (t), actions on every article the list shows (mark read, star, tag: from the
palette), and undo (u) of those. Each acts on the article the screen's `view` says is
selected when its key is handled. Every change is recorded with the values it replaced, so
undo puts back exactly what each article had.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text

from reader.core.state import ReadingState
from reader.core.tags import Tags
from reader.core.undo import MarkAction, MarkField, TagAction, UndoHistory, plural
from reader.tui.view_state import Pane
from reader.tui.widgets.tag_screen import TagScreen

if TYPE_CHECKING:
    from reader.tui.main_screen import MainScreen


class Marking:
    """Marks, tags, marks on all results, and undo."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.history = UndoHistory()  # the last changes of marks and tags, for u

    @property
    def state(self) -> ReadingState | None:
        return self.screen.state

    @property
    def tags(self) -> Tags | None:
        return self.screen.tags

    def say(self, text: str | Text) -> None:
        self.screen.status_bar.say(text)

    def use_state(self, state: ReadingState) -> None:
        """Take the reading state: marks in the list, and the last session's order; a write
        that fails is said in the status line ("Can't save marks: …; will retry")."""
        screen = self.screen
        screen.state = screen.panes.state = screen.panes.article_list.marks = state
        screen.order.restore(state.sort)
        screen.post_message(screen.StateOpened(state))
        if state.error:
            screen.add_notice(state.error)
        state.on_save_problem = partial(screen.tell_save_problem, "marks")
        if state.save_problem:
            screen.tell_save_problem("marks", state.save_problem)
        if screen.notices:
            screen.status_bar.say(screen.idle_status())

    def use_tags(self, tags: Tags) -> None:
        """Take the tags: in the list's rows, the article, the filter and searches; a write
        that fails is said in the status line ("Can't save tags: …; will retry")."""
        screen = self.screen
        screen.tags = screen.panes.tags = screen.panes.article_list.tags = tags
        screen.order.tags = tags
        screen.panes.show_tags()
        if tags.error:
            screen.add_notice(tags.error)
        tags.on_save_problem = partial(screen.tell_save_problem, "tags")
        if tags.save_problem:
            screen.tell_save_problem("tags", tags.save_problem)

    def _say_done(self, label: str) -> None:
        """Say what was done, and how to undo it; from the search box (where u is typed), the
        results take the focus, so the key works."""
        if self.screen.view.pane is Pane.SEARCH:
            self.screen.view.focus(Pane.LIST)
        key = self.screen.key_of("app.undo")
        self.say(f"{label} · {key} to undo" if key else label)

    # --- one article ------------------------------------------------------------------------

    def toggle(self, field: MarkField, on: str, off: str) -> None:
        """Toggle the read mark or the star of the selected article; undoable."""
        path = self.screen.view.selected
        if path is None or self.state is None:
            return
        before = self.state.is_read(path) if field == "read" else self.state.is_starred(path)
        toggle = ReadingState.toggle_read if field == "read" else ReadingState.toggle_star
        self.screen.panes.toggle(path, toggle, on, off)
        self.history.record(MarkAction(off if before else on, field, {path: before}))

    def tag(self) -> None:
        """Add or remove tags on the selected article, in a small dialog."""
        path = self.screen.view.selected
        if path is None or self.tags is None:
            self.say("No article to tag")
            return
        tags = self.tags
        summary = self.screen.library.by_path.get(path)
        title = Text("Tags of ")
        title.append(summary.title if summary is not None else path, style="bold")

        def known() -> list[str]:  # in the dialog's worker
            return [tag for tag, _ in tags.counts()]

        def chosen(result: frozenset[str] | None) -> None:
            before = tags.of(path)
            if result is None or result == before:
                return
            tags.set(path, result)
            added, removed = sorted(result - before), sorted(before - result)
            said = [f"Tagged {', '.join(added)}"] if added else []
            said += [f"Untagged {', '.join(removed)}"] if removed else []
            self.history.record(TagAction(" · ".join(said), {path: before}))
            self._tags_changed()
            self._say_done(" · ".join(said))

        self.screen.app.push_screen(TagScreen(title, tags.of(path), known), chosen)

    # --- every article the list shows ---------------------------------------------------------

    def _all_shown(self) -> list[str]:
        """The articles the list shows: the search's results, or the filtered folder."""
        return [summary.path for summary in self.screen.listing.article_list.summaries]

    def mark_all_read(self) -> None:
        """Mark every article the list shows read; undoable."""
        self._mark_all("read", "read")

    def star_all(self) -> None:
        """Star every article the list shows; undoable."""
        self._mark_all("starred", "starred")

    def _mark_all(self, field: MarkField, done: str) -> None:
        paths = self._all_shown()
        if self.state is None or not paths:
            self.say("No articles to mark")
            return
        is_on: Callable[[str], bool] = (
            self.state.is_read if field == "read" else self.state.is_starred
        )
        before = {path: is_on(path) for path in paths}
        self.state.set_marks(field, dict.fromkeys(paths, True))
        label = f"Marked {plural(len(paths))} {done}"
        self.history.record(MarkAction(label, field, before))
        self.screen.listing.article_list.refresh()
        self._say_done(label)

    def tag_all(self) -> None:
        """Add tags to every article the list shows, typed in the tag dialog; undoable."""
        paths = self._all_shown()
        if self.tags is None or not paths:
            self.say("No articles to tag")
            return
        tags = self.tags

        def known() -> list[str]:  # in the dialog's worker
            return [tag for tag, _ in tags.counts()]

        def chosen(result: frozenset[str] | None) -> None:
            if not result:
                return
            before = {path: tags.of(path) for path in paths}
            tags.set_many({path: before[path] | result for path in paths})
            label = f"Tagged {plural(len(paths))} {', '.join(sorted(result))}"
            self.history.record(TagAction(label, before))
            self._tags_changed()
            self._say_done(label)

        title = Text(f"Tags to add to all {plural(len(paths))} the list shows")
        self.screen.app.push_screen(
            TagScreen(title, (), known, empty_text="Type a tag and Enter."), chosen
        )

    # --- undo -------------------------------------------------------------------------------

    def undo(self) -> None:
        """Undo the last change of marks or tags (the last ten, one by one)."""
        action = self.history.undo(self.state, self.tags)
        if action is None:
            self.say("Nothing to undo")
            return
        if isinstance(action, TagAction):
            self._tags_changed()
        self.screen.listing.article_list.refresh()
        left = len(self.history)
        more = f" · {left} more to undo" if left else ""
        self.say(f"Undone: {action.label}{more}")

    def _tags_changed(self) -> None:
        """Show the tags anew; a search restricted to tags is asked again."""
        self.screen.panes.show_tags()
        search = self.screen.session.search
        if search is not None and search.tagged:
            self.screen.searching.ask(search)
