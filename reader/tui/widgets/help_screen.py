"""The help screen: every key, generated from the bindings that define them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

Section = tuple[str, Sequence[BindingType]]  # a heading and the bindings listed under it


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
    for heading, bindings in sections:
        table.add_row("", Text(heading, style="bold underline"))
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                if binding.id is not None and binding.id in keymap:
                    binding = replace(binding, key=keymap[binding.id])
                table.add_row(
                    Text(key_label(app, binding)), Text(binding.description), binding.id or ""
                )
        table.add_row("", "", "")
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every key of the reader; any of Esc, q, ? closes it."""

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
            yield Static(bindings_table(self.app, self.sections, self.keymap), id="help-table")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
