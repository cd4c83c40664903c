"""The help screen: every key, generated from the bindings that define them."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "enter": "Enter",
    "escape": "Esc",
    "space": "Space",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "question_mark": "?",
    "slash": "/",
    "ctrl+p": "Ctrl+P",
    "ctrl+y": "Ctrl+Y",
    "ctrl+c": "Ctrl+C",
}


def key_label(keys: str) -> str:
    """A binding's keys as a person reads them: 'j / ↓'."""
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def bindings_table(sections: Iterable[tuple[str, list[BindingType]]]) -> Table:
    """A two-column table of keys and what they do, one section per place."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    for heading, bindings in sections:
        table.add_row("", Text(heading, style="bold underline"))
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                table.add_row(Text(key_label(binding.key)), Text(binding.description))
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every key of the reader; any of Esc, q, ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "Esc closes"
            yield Static(bindings_table(self.sections), id="help-table")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
