"""The small dialog that names a search to save (Ctrl+S); a name in use asks to replace."""

from __future__ import annotations

from collections.abc import Collection

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from reader.core.saved_searches import NAME_MAX, clean_name
from reader.tui.key_table import SAVE, bindings
from reader.tui.widgets.dialog import Dialog

ASK = "Enter saves · Esc cancels"


class SaveSearchScreen(Dialog[str | None]):
    """Ask for a name; Enter saves under it (twice when it replaces a saved search)."""

    BINDINGS = bindings(SAVE)

    def __init__(self, query: str, suggested: str, taken: Collection[str]) -> None:
        super().__init__()
        self.query_text = query
        self.suggested = suggested
        self.taken = set(taken)
        self._replacing: str | None = None  # the name Enter replaces, once asked

    def compose(self) -> ComposeResult:
        with Vertical(id="save-box") as box:
            box.border_title = "Save this search"
            yield Static(Text.assemble(("Query: ", "dim"), self.query_text), id="save-query")
            yield Input(self.suggested, placeholder="A name", max_length=NAME_MAX, id="save-name")
            yield Static(Text(ASK, style="dim"), id="save-note")

    def _note(self, text: Text) -> None:
        self.query_one("#save-note", Static).update(text)

    @on(Input.Changed, "#save-name")
    def _edited(self) -> None:
        if self._replacing is not None:
            self._replacing = None
            self._note(Text(ASK, style="dim"))

    @on(Input.Submitted, "#save-name")
    def _submitted(self, event: Input.Submitted) -> None:
        name = clean_name(event.value)
        if not name:
            self._note(Text("A saved search needs a name", style="bold"))
            return
        if name in self.taken and self._replacing != name:
            self._replacing = name
            note = Text.assemble(
                "A search is saved as “", (name, "bold"), "”: Enter replaces it, Esc keeps it"
            )
            self._note(note)
            return
        self.dismiss(name)

    def action_back(self) -> None:
        """Back from the question to replace, else cancel."""
        if self._replacing is not None:
            self._replacing = None
            self._note(Text(ASK, style="dim"))
        else:
            self.dismiss(None)
