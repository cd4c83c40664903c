"""The help screen: every key, generated from the bindings that define them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.tui.widgets.dialog import Dialog

Section = tuple[str, Sequence[BindingType]]  # a heading and the bindings listed under it
BODY_FRAME = 6  # the help box's border, padding and scrollbar, beside the table


def key_label(app: App[object], binding: Binding) -> str:
    """A binding's keys as the footer shows them, one after another: 'j / ↓'."""
    keys = (key.strip() for key in binding.key.split(","))
    return " / ".join(app.get_key_display(replace(binding, key=key)) for key in keys)


def bindings_table(
    app: App[object], sections: Iterable[Section], keymap: Mapping[str, str] | None = None
) -> Table:
    """A table of keys, what they do and the id a keymap setting names them by, one section
    per place; keys as the keymap has remapped them."""
    keymap = keymap or {}
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    table.add_column(style="dim")
    for n, (heading, bindings) in enumerate(sections):
        if n:
            table.add_row("", "", "")
        table.add_row("", Text(heading, style="bold underline"))
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                if binding.id is not None and binding.id in keymap:
                    binding = replace(binding, key=keymap[binding.id])
                table.add_row(
                    Text(key_label(app, binding)), Text(binding.description), binding.id or ""
                )
    return table


def _height(section: Section) -> int:
    """The lines a section takes: its heading, its keys and the blank line after it."""
    return 2 + sum(1 for b in section[1] if isinstance(b, Binding) and b.description)


def halves(sections: Sequence[Section]) -> tuple[Sequence[Section], Sequence[Section]]:
    """The sections, in order, in two runs as even in height as can be."""
    heights = [_height(section) for section in sections]
    split = min(range(len(sections) + 1), key=lambda n: max(sum(heights[:n]), sum(heights[n:])))
    return sections[:split], sections[split:]


class KeyColumns:
    """Two tables side by side where the width allows, else one table of every section: a
    Rich renderable, so the layout follows the width it is given, as the terminal is resized."""

    GAP = 3

    def __init__(self, left: Table, right: Table, whole: Table) -> None:
        self.side_by_side = Table.grid(padding=(0, self.GAP))
        self.side_by_side.add_row(left, right)
        self.whole = whole

    def natural_width(self, console: Console) -> int:
        """The width the two columns side by side take."""
        options = console.options.update_width(10_000)
        return Measurement.get(console, options, self.side_by_side).maximum

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        narrow = Measurement.get(console, options, self.whole)
        return Measurement(narrow.minimum, min(self.natural_width(console), options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fits = self.natural_width(console) <= options.max_width
        yield self.side_by_side if fits else self.whole


class HelpScreen(Dialog[None]):
    """Lists every key of the reader, in two columns where the terminal is wide enough (so
    they fit 40 lines); any of Esc, q, ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(
        self, sections: Sequence[Section], keymap: Mapping[str, str] | None = None
    ) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "Esc closes"
            left, right = (
                bindings_table(self.app, half, self.keymap) for half in halves(self.sections)
            )
            whole = bindings_table(self.app, self.sections, self.keymap)
            keys = KeyColumns(left, right, whole)
            # As wide as the two columns need (the stylesheet caps it at the screen's width);
            # Textual's own measure of a scrolling container's auto width comes out too narrow.
            body.styles.width = keys.natural_width(self.app.console) + BODY_FRAME
            yield Static(keys, id="help-table")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
