"""The highlights to go to: the open article's (') or every one of the folder's ("), newest
first, each its passage and, under it, its note or its article; type to narrow them (over the
passages, the notes and the titles), Enter goes to one.

Only the rows in sight are drawn (pick_list.py), two lines each. Every string shown is the
articles' or the user's: a Text, never markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from reader.tui.key_table import HIGHLIGHTS, bindings
from reader.tui.widgets.filtered_pick import FilteredPick
from reader.tui.widgets.pick_list import Pick, PickList


@dataclass(frozen=True, slots=True)
class Row:
    """One highlight as the list shows it."""

    id: str
    quote: str
    note: str
    title: str  # its article's
    placed: bool = True  # False: its article no longer holds the passage


def matching(rows: Sequence[Row], typed: str) -> list[Row]:
    """The rows holding every word typed (case aside) in the passage, the note or the title."""
    words = typed.casefold().split()
    return [
        row
        for row in rows
        if all(w in f"{row.quote}\n{row.note}\n{row.title}".casefold() for w in words)
    ]


class HighlightsScreen(FilteredPick[Row]):
    """Highlights to pick from; the id of the one chosen comes back."""

    BINDINGS = bindings(HIGHLIGHTS)

    def __init__(self, title: str, rows: Sequence[Row], *, with_titles: bool) -> None:
        super().__init__()
        self.title_text = title
        self.rows = list(rows)
        self.with_titles = with_titles  # the second line names the article (every article's)

    def compose(self) -> ComposeResult:
        with Vertical(id="highlights-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = "type to narrow · Enter goes to it · Esc closes"
            yield Input(placeholder="Filter", id="highlights-filter")
            yield PickList(row_height=2, id="highlights-options")

    def matching(self, typed: str) -> list[Row]:
        return matching(self.rows, typed)

    def key_of(self, item: Row) -> str:
        return item.id

    def option_at(self, index: int) -> Pick:
        if not self._found:
            empty = (
                "No highlights yet: h highlights a sentence" if not self.rows else "None holds that"
            )
            return Pick(Text(empty, style="italic"), disabled=True)
        row = self._found[index]
        text = Text(" ".join(row.quote.split()))
        text.append("\n")
        under = []
        if row.note:
            under.append(f"✎ {row.note}")
        if self.with_titles:
            under.append(row.title)
        if not row.placed:
            under.append("no longer in the article")
        text.append("  " + " · ".join(under) if under else "", style="dim")
        return Pick(text, row.id)
