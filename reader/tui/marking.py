"""The marking half of the main screen: tags (t), actions on every article the list shows (mark
read, star, tag: from the palette), and undo (u) of those and of single marks.

MainScreen derives from this class (through SearchingScreen); it owns the keys. Every change
is recorded with the values it replaced, so undo puts back exactly what each article had.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from rich.text import Text

from reader.core.state import ReadingState
from reader.core.tags import Tags
from reader.core.undo import MarkAction, MarkField, TagAction, UndoHistory, plural
from reader.tui.browse import ListOrder
from reader.tui.searching import SearchingScreen
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.tag_screen import TagScreen


class MarkingScreen(SearchingScreen):
    """Tags, marks on all results, and undo."""

    state: ReadingState | None
    order: ListOrder
    history: UndoHistory

    # What MainScreen provides.

    def _key_of(self, binding_id: str) -> str | None:
        raise NotImplementedError

    def add_notice(self, notice: str) -> None:
        raise NotImplementedError

    def tell_save_problem(self, what: str, problem: str | None) -> None:
        raise NotImplementedError

    def _use_tags(self, tags: Tags) -> None:
        """Take the tags: in the list's rows, the article, the filter and searches; a write
        that fails is said in the status line ("Can't save tags: …; will retry")."""
        self.tags = self.panes.tags = self.panes.article_list.tags = self.order.tags = tags
        self.panes.show_tags()
        if tags.error:
            self.add_notice(tags.error)
        tags.on_save_problem = partial(self.tell_save_problem, "tags")
        if tags.save_problem:
            self.tell_save_problem("tags", tags.save_problem)

    def _say_done(self, label: str) -> None:
        """Say what was done, and how to undo it; from the search box (where u is typed), the
        results take the focus, so the key works."""
        if isinstance(self.focused, SearchBar):
            self.set_focus(self.panes.article_list)  # at once: the key is looked up next
        key = self._key_of("app.undo")
        self.status_bar.say(f"{label} · {key} to undo" if key else label)

    # --- one article ------------------------------------------------------------------------

    def _toggle_mark(self, field: MarkField, on: str, off: str) -> None:
        """Toggle the read mark or the star of the current article; undoable."""
        path = self.panes.current_path
        if path is None or self.state is None:
            return
        before = self.state.is_read(path) if field == "read" else self.state.is_starred(path)
        toggle = ReadingState.toggle_read if field == "read" else ReadingState.toggle_star
        self.panes.toggle(toggle, on, off)
        self.history.record(MarkAction(off if before else on, field, {path: before}))

    def action_tag(self) -> None:
        """Add or remove tags on the current article, in a small dialog."""
        path = self.panes.current_path
        if path is None or self.tags is None:
            self.status_bar.say("No article to tag")
            return
        tags = self.tags
        summary = self.library.by_path.get(path)
        title = Text("Tags of ")
        title.append(summary.title if summary is not None else path, style="bold")
        known = [tag for tag, _ in tags.counts()]

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

        self.app.push_screen(TagScreen(title, tags.of(path), known), chosen)

    # --- every article the list shows ---------------------------------------------------------

    def _all_shown(self) -> list[str]:
        """The articles the list shows: the search's results, or the filtered folder."""
        return [summary.path for summary in self.panes.article_list.summaries]

    def action_mark_all_read(self) -> None:
        """Mark every article the list shows read; undoable."""
        self._mark_all("read", "read")

    def action_star_all(self) -> None:
        """Star every article the list shows; undoable."""
        self._mark_all("starred", "starred")

    def _mark_all(self, field: MarkField, done: str) -> None:
        paths = self._all_shown()
        if self.state is None or not paths:
            self.status_bar.say("No articles to mark")
            return
        is_on: Callable[[str], bool] = (
            self.state.is_read if field == "read" else self.state.is_starred
        )
        before = {path: is_on(path) for path in paths}
        self.state.set_marks(field, dict.fromkeys(paths, True))
        label = f"Marked {plural(len(paths))} {done}"
        self.history.record(MarkAction(label, field, before))
        self.panes.article_list.refresh()
        self._say_done(label)

    def action_tag_all(self) -> None:
        """Add tags to every article the list shows, typed in the tag dialog; undoable."""
        paths = self._all_shown()
        if self.tags is None or not paths:
            self.status_bar.say("No articles to tag")
            return
        tags = self.tags
        known = [tag for tag, _ in tags.counts()]

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
        self.app.push_screen(
            TagScreen(title, (), known, empty_text="Type a tag and Enter."), chosen
        )

    # --- undo -------------------------------------------------------------------------------

    def action_undo(self) -> None:
        """Undo the last change of marks or tags (the last ten, one by one)."""
        action = self.history.undo(self.state, self.tags)
        if action is None:
            self.status_bar.say("Nothing to undo")
            return
        if isinstance(action, TagAction):
            self._tags_changed()
        self.panes.article_list.refresh()
        left = len(self.history)
        more = f" · {left} more to undo" if left else ""
        self.status_bar.say(f"Undone: {action.label}{more}")

    def _tags_changed(self) -> None:
        """Show the tags anew; a search restricted to tags is asked again."""
        self.panes.show_tags()
        search = self.session.search
        if search is not None and search.within is not None:
            self._ask(replace(search, within=self._within(search.text)))
