"""The tag dialog: type a tag and Enter adds it; the tags below can be removed; Esc closes.

The same dialog tags one article (its tags are listed, and closing gives the set it ends with)
or all results (the list holds the tags to add to every one of them). The tags known in the
folder, which the box suggests, are gathered in a worker, and only the listed tags in sight
are drawn (pick_list.py): the dialog opens at once whatever their number."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from reader.core.tag_names import parse_tags
from reader.tui.key_table import TAGS, bindings
from reader.tui.widgets.dialog import Dialog
from reader.tui.widgets.pick_list import Pick, PickList

TAG_MARK = "# "


@dataclass
class Gathered(Message):
    """The worker gathered the known tags, for the box to suggest."""

    suggester: SuggestFromList


class TagScreen(Dialog[frozenset[str] | None]):
    """Edit a set of tags: Enter in the box adds what was typed (commas separate tags), Enter
    or Delete on a listed tag removes it, Esc closes with the tags as they are then. Each
    change is told at once (on_change), so what the tags are on shows it while it is open."""

    BINDINGS = bindings(TAGS)

    def __init__(
        self,
        title: Text | str,
        current: Iterable[str] = (),
        known: Callable[[], Iterable[str]] = tuple,
        *,
        empty_text: str = "No tags yet.",
        on_change: Callable[[frozenset[str]], None] | None = None,
    ) -> None:
        super().__init__()
        self._on_change = on_change  # told the tags listed each time one is added or removed
        self.title_text = title if isinstance(title, Text) else Text(title)
        self.tags: list[str] = sorted(set(current))
        self._known = known  # slow with many tags: the worker's
        self.empty_text = empty_text

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-dialog") as dialog:
            dialog.border_title = Content("Tags")
            dialog.border_subtitle = Content("Enter adds · ↓ then Enter removes · Esc closes")
            yield Static(self.title_text, id="tag-title")
            yield Input(placeholder="a tag (commas separate tags)", id="tag-input")
            yield PickList(id="tag-options")

    def on_mount(self) -> None:
        self._show_tags()
        self.query_one(Input).focus()
        self._suggest(self._known)

    @work(thread=True, exclusive=True, group="tag-suggestions")
    def _suggest(self, known: Callable[[], Iterable[str]]) -> None:
        self.post_message(Gathered(SuggestFromList(sorted(set(known())), case_sensitive=False)))

    @on(Gathered)
    def _gathered(self, message: Gathered) -> None:
        self.query_one(Input).suggester = message.suggester

    def _option_at(self, index: int) -> Pick:
        if not self.tags:
            return Pick(Text(self.empty_text, style="dim"), "", disabled=True)
        tag = self.tags[index]
        return Pick(Text(TAG_MARK + tag), tag)  # a tag is text anyone could have typed

    def _show_tags(self, highlighted: int | None = None) -> None:
        menu = self.query_one(PickList)
        if highlighted is not None and self.tags:
            highlighted = min(highlighted, len(self.tags) - 1)
        menu.set_options(max(1, len(self.tags)), self._option_at, highlighted)

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        for tag in parse_tags(event.value):
            if tag not in self.tags:
                self.tags.append(tag)
        self.tags.sort()
        event.input.value = ""
        self._show_tags()
        self._changed()

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change(frozenset(self.tags))

    @on(PickList.OptionSelected)
    def _chosen(self, event: PickList.OptionSelected) -> None:
        event.stop()
        self._remove(event.option.id)

    def action_remove(self) -> None:
        """Remove the highlighted tag (in the list; in the box, the keys edit the text)."""
        menu = self.query_one(PickList)
        if menu.has_focus and menu.highlighted is not None:
            self._remove(menu.get_option_at_index(menu.highlighted).id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("remove", "to_list"):
            wanted = PickList if action == "remove" else Input
            return isinstance(self.focused, wanted)  # elsewhere the key is the widget's own
        return True

    def _remove(self, tag: str | None) -> None:
        if tag and tag in self.tags:
            where = self.tags.index(tag)
            self.tags.remove(tag)
            self._show_tags(where)
            self._changed()
            if not self.tags:
                self.query_one(Input).focus()

    def action_to_list(self) -> None:
        """From the box down to the tags."""
        if self.tags:
            menu = self.query_one(PickList)
            menu.focus()
            if menu.highlighted is None:
                menu.highlighted = 0

    def action_close(self) -> None:
        """Close, with the tags as they are now (a tag typed and not yet added is added)."""
        typed = self.query_one(Input).value
        self.dismiss(frozenset([*self.tags, *parse_tags(typed)]))
