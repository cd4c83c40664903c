"""The small dialog that writes a highlight's note (a): the passage quoted above, the note
typed below; Enter keeps it (empty: no note), Esc leaves it as it was."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from reader.core.highlights import NOTE_MAX_CHARS
from reader.tui.key_table import NOTE, bindings
from reader.tui.widgets.dialog import Dialog

QUOTE_SHOWN_CHARS = 300  # a long passage is quoted this far, "…" after


class NoteScreen(Dialog[str | None]):
    """Ask for a note; the passage is the article's text and the note the user's: both Text."""

    BINDINGS = bindings(NOTE)

    def __init__(self, quote: str, note: str) -> None:
        super().__init__()
        self.quote = quote
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box") as box:
            box.border_title = "Note"
            box.border_subtitle = "Enter keeps it · Esc cancels"
            quote = self.quote
            if len(quote) > QUOTE_SHOWN_CHARS:
                quote = quote[:QUOTE_SHOWN_CHARS].rstrip() + "…"
            yield Static(
                Text.assemble(("“", "dim"), (quote, "italic"), ("”", "dim")), id="note-quote"
            )
            yield Input(
                self.note,
                placeholder="A note (empty: none)",
                max_length=NOTE_MAX_CHARS,
                id="note-text",
            )

    @on(Input.Submitted, "#note-text")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Keep the note typed."""
        self.dismiss(self.query_one("#note-text", Input).value)
