"""The filter dialog: unread only, starred only, one source; choices combine."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.ordering import ListFilter

CHECKED, UNCHECKED = "☑ ", "☐ "


def _choice(label: str, on: bool, extra: str = "") -> Text:
    text = Text(CHECKED if on else UNCHECKED)
    text.append(label)  # a source name is untrusted text: never markup
    if extra:
        text.append(f"  {extra}", style="dim")
    return text


class FilterScreen(ModalScreen[ListFilter | None]):
    """Pick what the list shows; Enter toggles a choice, Esc closes."""

    BINDINGS = [Binding("escape,f", "close", "Close filters", id="filter.close")]

    def __init__(self, current: ListFilter, sources: list[tuple[str, int]]) -> None:
        super().__init__()
        self.current = current
        self.sources = sources

    def compose(self) -> ComposeResult:
        f = self.current
        options: list[Option | None] = [
            Option(_choice("All articles", not f.active), id="all"),
            Option(_choice("Unread only", f.unread), id="unread"),
            Option(_choice("Starred only", f.starred), id="starred"),
        ]
        if self.sources:
            options.append(None)  # a separator before the sources
        for n, (source, count) in enumerate(self.sources):
            options.append(Option(_choice(source, f.source == source, f"{count:,}"), id=f"s{n}"))
        menu = OptionList(*options, id="filter-options")
        menu.border_title = "Show"
        menu.border_subtitle = "Enter toggles · Esc closes"
        yield menu

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        f = self.current
        choice = event.option.id or "all"
        if choice == "all":
            chosen = ListFilter()
        elif choice == "unread":
            chosen = ListFilter(not f.unread, f.starred, f.source)
        elif choice == "starred":
            chosen = ListFilter(f.unread, not f.starred, f.source)
        else:
            source = self.sources[int(choice[1:])][0]
            chosen = ListFilter(f.unread, f.starred, None if f.source == source else source)
        self.dismiss(chosen)

    def action_close(self) -> None:
        self.dismiss(None)
