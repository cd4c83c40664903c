"""The help screen: every key, made from the table of keys (key_table.py), each with the
keys in effect ([keys] in config.toml may have moved them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.tui.key_table import HELP, bindings, by_place
from reader.tui.widgets.dialog import Dialog

BODY_FRAME = 6  # the help box's border, padding and scrollbar, beside the table
MAX_COLUMNS = 3


class Row(NamedTuple):
    """A key of the help screen: its keys in effect (Textual's names), what it does, its id."""

    keys: Sequence[str]
    description: str
    id: str


Section = tuple[str, Sequence[Row]]  # a heading and the rows listed under it


def sections(in_effect: Mapping[str, Sequence[str]]) -> list[Section]:
    """Every row of the table of keys, by place, with its keys in effect."""
    return [
        (
            place.name[:1].upper() + place.name[1:],
            [
                Row(
                    in_effect.get(key.id, ()) if key.id else key.keys.split(","),
                    key.description,
                    key.id or "",
                )
                for key in keys
            ],
        )
        for place, keys in by_place()
    ]


def key_label(app: App[object], keys: Sequence[str]) -> Text:
    """Keys as the footer shows them, one after another: 'j / ↓' (none: a dim dash)."""
    shown = " / ".join(app.get_key_display(Binding(key.strip(), "")) for key in keys)
    return Text(shown) if shown else Text("–", style="dim")


def bindings_table(app: App[object], sections: Iterable[Section]) -> Table:
    """A table of keys, what they do and the id a keymap setting names them by, one section
    per place."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    table.add_column(style="dim")
    for n, (heading, rows) in enumerate(sections):
        if n:
            table.add_row("", "", "")
        table.add_row("", Text(heading, style="bold underline"))
        for row in rows:
            table.add_row(key_label(app, row.keys), Text(row.description), row.id)
    return table


def _height(section: Section) -> int:
    """The lines a section takes: its heading, its keys and the blank line after it."""
    return 2 + len(section[1])


def columns(sections: Sequence[Section], n: int) -> list[Sequence[Section]]:
    """The sections, in order, in n runs as even in height as can be."""
    heights = [_height(section) for section in sections]
    if n <= 1 or len(sections) <= 1:
        return [sections]
    best: list[Sequence[Section]] | None = None
    tallest = sum(heights) + 1
    for split in range(1, len(sections)):
        rest = columns(sections[split:], n - 1)
        height = max(sum(heights[:split]), *(sum(map(_height, run)) for run in rest))
        if height < tallest:
            best, tallest = [sections[:split], *rest], height
    return best or [sections]


class KeyColumns:
    """The tables of keys in as many columns as the width allows (at most MAX_COLUMNS, at
    least one): a Rich renderable, so the layout follows the width it is given, as the
    terminal is resized."""

    GAP = 3

    def __init__(self, app: App[object], sections: Sequence[Section]) -> None:
        self.layouts: list[Table] = []  # the most columns first
        for n in range(MAX_COLUMNS, 0, -1):
            layout = Table.grid(padding=(0, self.GAP))
            layout.add_row(*(bindings_table(app, run) for run in columns(sections, n)))
            self.layouts.append(layout)

    def _width(self, console: Console, layout: Table) -> int:
        options = console.options.update_width(10_000)
        return Measurement.get(console, options, layout).maximum

    def natural_width(self, console: Console) -> int:
        """The width the most columns take."""
        return self._width(console, self.layouts[0])

    def _fitting(self, console: Console, width: int) -> Table:
        """The layout of the most columns that fit this width (one column at least)."""
        for layout in self.layouts[:-1]:
            if self._width(console, layout) <= width:
                return layout
        return self.layouts[-1]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        narrow = Measurement.get(console, options, self.layouts[-1])
        return Measurement(narrow.minimum, min(self.natural_width(console), options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._fitting(console, options.max_width)


class HelpBody(VerticalScroll):
    """The help's scrolling box. Its border says whether there is more above or below, which
    a scrollbar's thumb shows only in colour; its keys jump at once, as the list's do
    (Textual's smooth scroll took a second to reach the end, the thumb mid-way meanwhile)."""

    def __init__(self, closes: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.closes = closes  # "Esc closes", with the key in effect

    def on_mount(self) -> None:
        self.border_title = "Keys"
        self.border_subtitle = self.closes

    def on_resize(self) -> None:
        self.say_where()

    def watch_virtual_size(self) -> None:
        self.say_where()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.say_where()

    def say_where(self) -> None:
        """Name what is out of sight in the border: more above, below, or both."""
        above, below = self.scroll_y > 0, self.scroll_y < self.max_scroll_y
        more = {
            (True, True): "more above and below ↑↓",
            (True, False): "more above ↑",
            (False, True): "more below ↓",
        }.get((above, below))
        self.border_subtitle = f"{more} · {self.closes}" if more else self.closes

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)


class HelpScreen(Dialog[None]):
    """Lists every key of the reader, by place, in as many columns as the terminal's width
    allows, each with its keys in effect; any of Esc, q, ? closes it."""

    BINDINGS = bindings(HELP)

    def __init__(self, in_effect: Mapping[str, Sequence[str]]) -> None:
        super().__init__()
        self.in_effect = in_effect
        self.sections = sections(in_effect)

    def compose(self) -> ComposeResult:
        closes = self.in_effect.get("help.close", ["escape"])[:1]
        with HelpBody(f"{key_label(self.app, closes)} closes", id="help-body") as body:
            keys = KeyColumns(self.app, self.sections)
            # As wide as the columns need (the stylesheet caps it at the screen's width);
            # Textual's own measure of a scrolling container's auto width comes out too narrow.
            body.styles.width = keys.natural_width(self.app.console) + BODY_FRAME
            yield Static(keys, id="help-table")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
