"""The command palette (Ctrl+P): every action of the reader by name.

Actions with a key come from their bindings: a binding with a tooltip is offered, named by its
description, its tooltip the help line. The few actions without a key are declared once here,
as data. Textual adds its own commands (themes, quit, keys).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True, slots=True)
class Command:
    """One line of the palette and the action it runs on the screen it was opened from."""

    name: str
    help: str
    action: str  # in the screen's namespace; "app.…" for the app's own


ALL_SHOWN = "Every article the list shows: the search's results, or the filtered list"
PALETTE_ONLY: tuple[Command, ...] = (
    Command("Sort by date", "Newest first", "sort_by('date')"),
    Command("Sort by title", "Title A-Z", "sort_by('title')"),
    Command("Sort by source", "Source A-Z", "sort_by('source')"),
    Command("Sort by length", "Longest first", "sort_by('length')"),
    Command("Filter: unread only", "Show only articles not yet read", "filter_to('unread')"),
    Command("Filter: starred only", "Show only starred articles", "filter_to('starred')"),
    Command("Filter: all articles", "Clear the filters", "filter_to('all')"),
    Command("Mark all results read", ALL_SHOWN + "; u undoes it", "mark_all('read')"),
    Command("Mark all results unread", ALL_SHOWN + "; u undoes it", "mark_all('read', False)"),
    Command("Star all results", ALL_SHOWN + "; u undoes it", "mark_all('starred')"),
    Command("Unstar all results", ALL_SHOWN + "; u undoes it", "mark_all('starred', False)"),
    Command("Tag all results…", "Add tags to " + ALL_SHOWN[0].lower() + ALL_SHOWN[1:], "tag_all"),
    Command("Open in $EDITOR", "Edit the current article's file", "open_external('EDITOR')"),
    Command("Open in $PAGER", "Page through the current article's file", "open_external('PAGER')"),
    Command("Copy title", "To the clipboard", "copy('title')"),
    Command("Copy path", "To the clipboard", "copy('path')"),
    Command("Copy text", "The article's text, to the clipboard", "copy('text')"),
    Command("Open source link", "In the web browser, when the article has one", "open_source"),
    Command("Rebuild the search index", "Throw the index away and build it again", "rebuild_index"),
)


def palette_commands(bindings: Iterable[BindingType]) -> list[Command]:
    """The palette's commands: the bindings that have a tooltip, then the palette-only ones."""
    keyed = [
        Command(binding.description, binding.tooltip, binding.action)
        for binding in bindings
        if isinstance(binding, Binding) and binding.tooltip
    ]
    return [*keyed, *PALETTE_ONLY]


class ReaderCommands(Provider):
    """The reader's own commands, for the screen that lists it in its COMMANDS."""

    def _commands(self) -> list[Command]:
        return palette_commands([*self.screen.BINDINGS, *self.app.BINDINGS])

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                highlighted = matcher.highlight(command.name)
                yield Hit(score, highlighted, self._runner(command), help=command.help)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, self._runner(command), help=command.help)

    def _runner(self, command: Command) -> Callable[[], object]:
        return partial(self.screen.run_action, command.action)
