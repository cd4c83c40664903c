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
from reader.core.undo import (
    Change,
    HighlightAction,
    MarkAction,
    MarkField,
    TagAction,
    UndoHistory,
    done,
    plural,
)
from reader.tui.view_state import Pane
from reader.tui.widgets.tag_screen import TagScreen

if TYPE_CHECKING:
    from reader.tui.main_screen import MainScreen


def said_of(
    before: dict[str, frozenset[str]], after: dict[str, frozenset[str]], counted: bool
) -> str:
    """What a change of tags did: 'Tagged #war', 'Tagged 4 articles #war · Untagged 1
    article #kyiv' (counted)."""
    gained = [after[path] - before[path] for path in before if after[path] - before[path]]
    lost = [before[path] - after[path] for path in before if before[path] - after[path]]
    said = [done("tag", len(gained) if counted else None, set().union(*gained))] if gained else []
    if lost:
        said.append(done("untag", len(lost) if counted else None, set().union(*lost)))
    return " · ".join(said)


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

    def say_done(self, label: str) -> None:
        """Say what was done, and how to undo it; from the search box (where u is typed), the
        results take the focus, so the key works."""
        if self.screen.view.pane is Pane.SEARCH:
            self.screen.view.focus(Pane.LIST)
        key = self.screen.key_of("app.undo")
        self.say(f"{label} · {key} to undo" if key else label)

    # --- one article ------------------------------------------------------------------------

    def toggle(self, field: MarkField) -> None:
        """Toggle the read mark or the star of the selected article; undoable. The status
        line says which way it went ("Starred · u to undo"), in place of what it said."""
        path = self.screen.view.selected
        if path is None or self.state is None:
            return
        before = self.state.is_read(path) if field == "read" else self.state.is_starred(path)
        toggle = ReadingState.toggle_read if field == "read" else ReadingState.toggle_star
        now_on = toggle(self.state, path)
        self.screen.listing.article_list.refresh()
        change: Change = ("read" if now_on else "unread") if field == "read" else "star"
        if field == "starred" and not now_on:
            change = "unstar"
        label = done(change)
        self.history.record(MarkAction(label, field, {path: before}))
        self.say_done(label)

    def tag(self) -> None:
        """Add or remove tags on the selected article, in a small dialog: each tag added or
        removed there is kept at once (the row, the article and the status line show it)."""
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

        changed = self._tag_visit({path: tags.of(path)}, lambda _, chosen: chosen)
        dialog = TagScreen(title, tags.of(path), known, on_change=changed)
        self.screen.app.push_screen(dialog, changed)

    # --- every article the list shows ---------------------------------------------------------

    def _all_shown(self) -> list[str]:
        """The articles the list shows: the search's results, or the filtered folder."""
        return [summary.path for summary in self.screen.listing.article_list.summaries]

    def mark_all(self, field: MarkField, on: bool = True) -> None:
        """Mark every article the list shows read (unread), or star them (take their stars
        away); undoable."""
        paths = self._all_shown()
        if self.state is None or not paths:
            self.say("No articles to mark")
            return
        is_on: Callable[[str], bool] = (
            self.state.is_read if field == "read" else self.state.is_starred
        )
        before = {path: is_on(path) for path in paths}
        self.state.set_marks(field, dict.fromkeys(paths, on))
        if field == "read":
            label = done("read" if on else "unread", len(paths))
        else:
            label = done("star" if on else "unstar", len(paths))
        self.history.record(MarkAction(label, field, before))
        self.screen.listing.article_list.refresh()
        self.say_done(label)

    def tag_all(self) -> None:
        """Add tags to every article the list shows, typed in the tag dialog; undoable. Each
        tag added in the dialog is kept at once; one taken off its list again is taken from
        the articles that did not have it before."""
        paths = self._all_shown()
        if self.tags is None or not paths:
            self.say("No articles to tag")
            return
        tags = self.tags
        first = {path: tags.of(path) for path in paths}  # as they were when the dialog opened

        def known() -> list[str]:  # in the dialog's worker
            return [tag for tag, _ in tags.counts()]

        changed = self._tag_visit(first, lambda path, chosen: first[path] | chosen, counted=True)
        title = Text(f"Tags to add to all {plural(len(paths))} the list shows")
        dialog = TagScreen(title, (), known, empty_text="Type a tag and Enter.", on_change=changed)
        self.screen.app.push_screen(dialog, changed)

    def _tag_visit(
        self,
        first: dict[str, frozenset[str]],
        target: Callable[[str, frozenset[str]], frozenset[str]],
        *,
        counted: bool = False,
    ) -> Callable[[frozenset[str] | None], None]:
        """What the tag dialog tells of each change (and of its close): the articles in first
        (their tags when it opened) get target(path, the tags listed) at once. One visit is one
        undo, of all it changed, and the status line says what it did so far."""
        tags = self.tags
        assert tags is not None
        recorded: list[TagAction] = []  # this visit's undo, replaced as the visit goes on

        def changed(chosen: frozenset[str] | None) -> None:
            if chosen is None:
                return
            now = {path: tags.of(path) for path in first}
            after = {path: target(path, chosen) for path in first}
            step = {path: after[path] for path in first if after[path] != now[path]}
            if not step:
                return
            tags.set_many(step)
            net = {path: first[path] for path in first if after[path] != first[path]}
            action = TagAction(said_of(first, after, counted), net) if net else None
            self.history.replace(recorded[0] if recorded else None, action)
            recorded[:] = [action] if action else []
            self._tags_changed()
            if action is not None:
                self.say_done(action.label)
            else:  # back to how it was: nothing to undo
                self.say(said_of(now, after, counted))

        return changed

    # --- undo -------------------------------------------------------------------------------

    def undo(self) -> None:
        """Undo the last change of marks or tags (the last ten, one by one)."""
        action = self.history.undo(self.state, self.tags, self.screen.highlights)
        if action is None:
            self.say("Nothing to undo")
            return
        if isinstance(action, TagAction):
            self._tags_changed()
        if isinstance(action, HighlightAction):
            self.screen.highlighting.refresh()
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
