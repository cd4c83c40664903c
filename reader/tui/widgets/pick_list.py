"""A list to pick from that draws only the rows in sight (line API), so a dialog over 50,000
tags or 10,000 saved searches opens as fast as one over three: OptionList measures and lays
out every option before it shows one (50,000 tags: 9-12 s of a frozen screen).

The rows are asked for lazily, one index at a time (`option_at`), as they come into sight;
each is one Text cut to the list's width (never wrapped), or a separator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.tui.key_table import DIALOG_LIST, bindings
from reader.tui.widgets.text_strip import text_strip


class Pick(NamedTuple):
    """One row: its text (None: a separator line), an id, and whether it can be picked."""

    prompt: Text | None
    id: str | None = None
    disabled: bool = False


def _no_row(index: int) -> Pick:
    return Pick(None, disabled=True)


class PickList(ScrollView, can_focus=True):
    """Rows to move through and pick from; only those in sight are made and drawn."""

    BINDINGS = bindings(DIALOG_LIST)

    COMPONENT_CLASSES = {
        "pick-list--highlighted",
        "pick-list--highlighted-blurred",
        "pick-list--separator",
        "pick-list--disabled",
    }

    DEFAULT_CSS = """
    PickList {
        height: auto;
        max-height: 100%;
        overflow-x: hidden;
        padding: 0 1;
        background: $surface;
        &:focus {
            background-tint: $foreground 5%;
        }
        & > .pick-list--highlighted-blurred {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        & > .pick-list--highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .pick-list--separator {
            color: $foreground 15%;
        }
        & > .pick-list--disabled {
            color: $text-disabled;
        }
    }
    """

    highlighted: reactive[int | None] = reactive(None, always_update=True, init=False)

    @dataclass
    class OptionSelected(Message):
        """A row was picked (a click, or the dialog's Enter through action_select)."""

        pick_list: PickList
        option: Pick
        option_index: int

        @property
        def control(self) -> PickList:
            return self.pick_list

    def __init__(self, *, row_height: int = 1, id: str | None = None) -> None:
        super().__init__(id=id)
        self.row_height = row_height
        self.option_count = 0
        self._option_at: Callable[[int], Pick] = _no_row
        self.made: set[int] = set()  # the rows made so far: what showing it cost (for tests)

    # --- data -------------------------------------------------------------------------------

    def set_options(
        self, count: int, option_at: Callable[[int], Pick], highlighted: int | None = 0
    ) -> None:
        """Show count rows, row n being option_at(n) (asked only while it is in sight); the
        highlight on the first row that can be picked from `highlighted` on."""
        self.option_count = count
        self._option_at = option_at
        self.virtual_size = Size(self.size.width, count * self.row_height)
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.highlighted = None if highlighted is None else self._pickable(highlighted, 1)
        self.refresh(layout=True)

    def get_option_at_index(self, index: int) -> Pick:
        """The row at index."""
        if not 0 <= index < self.option_count:
            raise IndexError(index)
        return self._option_at(index)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.option_count * self.row_height

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, self.option_count * self.row_height)
        self._scroll_to_highlight()

    # --- the highlight ----------------------------------------------------------------------

    def _pickable(self, start: int, step: int) -> int | None:
        """The first row from start on (going by step) that can be picked; None if none.
        Only a few rows are looked at: separators and disabled rows are rare and apart."""
        index = max(0, min(start, self.option_count - 1))
        for _ in range(8):
            if not 0 <= index < self.option_count:
                return None
            if not self._option_at(index).disabled:
                return index
            index += step
        return None

    def watch_highlighted(self) -> None:
        self._scroll_to_highlight()
        self.refresh()

    def _scroll_to_highlight(self) -> None:
        if self.highlighted is None:
            return
        region = Region(0, self.highlighted * self.row_height, 1, self.row_height)
        self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def _go(self, to: int, step: int) -> None:
        if self.option_count:
            found = self._pickable(to, step)
            if found is None:
                found = self._pickable(to, -step)
            if found is not None:
                self.highlighted = found

    def action_move(self, step: int) -> None:
        """The next (1) or previous (-1) row that can be picked."""
        now = self.highlighted
        self._go(0 if now is None else now + step, step)

    def action_page(self, step: int) -> None:
        """A page down (1) or up (-1)."""
        rows = max(1, self.scrollable_content_region.height // self.row_height)
        self._go((self.highlighted or 0) + step * rows, step)

    def action_first(self) -> None:
        self._go(0, 1)

    def action_last(self) -> None:
        self._go(self.option_count - 1, -1)

    def action_select(self) -> None:
        """Pick the highlighted row."""
        at = self.highlighted
        if at is not None and 0 <= at < self.option_count:
            option = self._option_at(at)
            if not option.disabled:
                self.post_message(self.OptionSelected(self, option, at))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = (offset.y + round(self.scroll_y)) // self.row_height
        if 0 <= row < self.option_count and not self._option_at(row).disabled:
            self.highlighted = row
            self.action_select()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row, line = divmod(y + round(self.scroll_y), self.row_height)
        if not 0 <= row < self.option_count:
            return Strip.blank(width, base)
        option = self._option_at(row)
        self.made.add(row)
        component = self.get_component_rich_style
        if option.prompt is None:
            return Strip([Segment("─" * width, base + component("pick-list--separator"))])
        lines = option.prompt.split("\n", allow_blank=True)
        # Cut before drawing: a long row costs no more than a short one.
        text = lines[line][: width * 2] if line < len(lines) else Text()
        over = Style()
        if row == self.highlighted:
            name = "pick-list--highlighted" if self.has_focus else "pick-list--highlighted-blurred"
            over = component(name)
        elif option.disabled:
            over = component("pick-list--disabled")
        text.no_wrap = True
        text.truncate(max(width, 0), overflow="ellipsis", pad=True)
        segments = text_strip(text, self.app.console)
        return Strip(
            [Segment(s.text, (base + s.style if s.style else base) + over) for s in segments]
        ).adjust_cell_length(width, base + over)
