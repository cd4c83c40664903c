"""The filter dialog: unread only, starred only, one source, one tag; choices combine.

Enter or Space toggles the highlighted choice and the dialog stays open, so several can be
toggled in one visit; Esc (or f) closes it and the list shows what is ticked."""

from __future__ import annotations

from dataclasses import replace

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
    """Pick what the list shows; Enter or Space toggles a choice, Esc closes."""

    BINDINGS = [
        Binding("escape,f", "close", "Close filters", id="filter.close"),
        Binding("space", "toggle_choice", "Toggle the choice", id="filter.toggle"),
    ]

    def __init__(
        self,
        current: ListFilter,
        sources: list[tuple[str, int]],
        tags: list[tuple[str, int]] | None = None,
    ) -> None:
        super().__init__()
        self.current = current
        self.sources = sources
        self.tags = tags or []

    def _prompts(self) -> dict[str, Text]:
        """Each choice's line, ticked as the current filter says."""
        f = self.current
        prompts = {
            "all": _choice("All articles", not f.active),
            "unread": _choice("Unread only", f.unread),
            "starred": _choice("Starred only", f.starred),
        }
        for n, (source, count) in enumerate(self.sources):
            prompts[f"s{n}"] = _choice(source, f.source == source, f"{count:,}")
        for n, (tag, count) in enumerate(self.tags):
            prompts[f"t{n}"] = _choice(f"#{tag}", f.tag == tag, f"{count:,}")
        return prompts

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for choice, prompt in self._prompts().items():
            if choice in ("s0", "t0"):
                options.append(None)  # a separator before the sources, and the tags
            options.append(Option(prompt, id=choice))
        menu = OptionList(*options, id="filter-options")
        menu.border_title = "Show"
        menu.border_subtitle = "Enter or Space toggles · Esc closes"
        yield menu

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
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
        menu = self.query_one(OptionList)
        for option_id, prompt in self._prompts().items():
            menu.replace_option_prompt(option_id, prompt)

    def action_toggle_choice(self) -> None:
        """Toggle the highlighted choice (as Enter does)."""
        self.query_one(OptionList).action_select()

    def action_close(self) -> None:
        """Close, with what is ticked."""
        self.dismiss(self.current)
