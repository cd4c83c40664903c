"""The filter dialog: unread only, starred only, one source, one tag; choices combine.

Enter or Space toggles the highlighted choice and the dialog stays open, so several can be
toggled in one visit; Esc (or f) closes it and the list shows what is ticked. The sources and
the tags, with their counts, are counted in a worker and listed when they come: the dialog
shows at once, however many there are (only the rows in sight are drawn: pick_list.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message

from reader.core.ordering import ListFilter
from reader.tui.key_table import FILTER, bindings
from reader.tui.widgets.dialog import Dialog
from reader.tui.widgets.pick_list import Pick, PickList

CHECKED, UNCHECKED = "☑ ", "☐ "
FIXED = ("all", "unread", "starred")

Counted = list[tuple[str, int]]  # a name and how many articles have it, most first


def _choice(label: str, on: bool, extra: str = "") -> Text:
    text = Text(CHECKED if on else UNCHECKED)
    text.append(label)  # a source name is untrusted text: never markup
    if extra:
        text.append(f"  {extra}", style="dim")
    return text


@dataclass
class ChoicesCounted(Message):
    """The worker counted the sources and the tags."""

    sources: Counted
    tags: Counted


class FilterScreen(Dialog[ListFilter | None]):
    """Pick what the list shows; Enter or Space toggles a choice, Esc closes."""

    BINDINGS = bindings(FILTER)

    def __init__(
        self, current: ListFilter, count: Callable[[], tuple[Counted, Counted]] | None = None
    ) -> None:
        super().__init__()
        self.current = current
        self._count = count  # slow: the worker's
        self.sources: Counted = []
        self.tags: Counted = []

    def compose(self) -> ComposeResult:
        menu = PickList(id="filter-options")
        menu.border_title = "Show"
        menu.border_subtitle = "Enter or Space toggles · Esc closes"
        yield menu

    def on_mount(self) -> None:
        self._show()
        if self._count is not None:
            self._counting(self._count)

    @work(thread=True, exclusive=True, group="filter-counts")
    def _counting(self, count: Callable[[], tuple[Counted, Counted]]) -> None:
        sources, tags = count()
        self.post_message(ChoicesCounted(sources, tags))

    @on(ChoicesCounted)
    def _counted(self, message: ChoicesCounted) -> None:
        self.sources, self.tags = message.sources, message.tags
        self._show(self.query_one(PickList).highlighted)

    def _show(self, highlighted: int | None = 0) -> None:
        menu = self.query_one(PickList)
        count = len(FIXED) + len(self.sources) + len(self.tags)
        count += bool(self.sources) + bool(self.tags)  # a separator before each
        menu.set_options(count, self._option_at, highlighted)

    def _which(self, index: int) -> tuple[str, int]:
        """What the row at index is: a fixed choice ("fixed", n), a source, a tag, or a
        separator ("-", 0)."""
        if index < len(FIXED):
            return "fixed", index
        index -= len(FIXED)
        if self.sources:
            if index == 0:
                return "-", 0
            if index <= len(self.sources):
                return "source", index - 1
            index -= len(self.sources) + 1
        if self.tags and index == 0:
            return "-", 0
        return "tag", index - 1

    def _option_at(self, index: int) -> Pick:
        kind, n = self._which(index)
        f = self.current
        if kind == "fixed":
            on = (not f.active, f.unread, f.starred)[n]
            label = ("All articles", "Unread only", "Starred only")[n]
            return Pick(_choice(label, on), FIXED[n])
        if kind == "-":
            return Pick(None, disabled=True)
        if kind == "source":
            source, count = self.sources[n]
            return Pick(_choice(source, f.source == source, f"{count:,}"), f"s{n}")
        tag, count = self.tags[n]
        return Pick(_choice(f"#{tag}", f.tag == tag, f"{count:,}"), f"t{n}")

    @on(PickList.OptionSelected)
    def _chosen(self, event: PickList.OptionSelected) -> None:
        f = self.current
        choice = event.option.id or "all"
        if choice == "all":
            self.current = ListFilter()
        elif choice == "unread":
            self.current = replace(f, unread=not f.unread)
        elif choice == "starred":
            self.current = replace(f, starred=not f.starred)
        elif choice.startswith("t"):
            tag = self.tags[int(choice[1:])][0]
            self.current = replace(f, tag=None if f.tag == tag else tag)
        else:
            source = self.sources[int(choice[1:])][0]
            self.current = replace(f, source=None if f.source == source else source)
        self.query_one(PickList).refresh()  # the rows are made anew from self.current

    def action_toggle_choice(self) -> None:
        """Toggle the highlighted choice (as Enter does)."""
        self.query_one(PickList).action_select()

    def action_close(self) -> None:
        """Close, with what is ticked."""
        self.dismiss(self.current)
