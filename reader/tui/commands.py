"""The command palette (Ctrl+P): every action of the reader by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (name shown in the palette, what it does, the app action it runs)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Search", "Focus the search box", "search"),
    ("Related articles", "Articles most like the open one", "related"),
    ("Sort by date", "Newest first", "sort_by('date')"),
    ("Sort by title", "Title A-Z", "sort_by('title')"),
    ("Sort by source", "Source A-Z", "sort_by('source')"),
    ("Sort by length", "Longest first", "sort_by('length')"),
    ("Filter: unread only", "Show only articles not yet read", "filter_to('unread')"),
    ("Filter: starred only", "Show only starred articles", "filter_to('starred')"),
    ("Filter: all articles", "Clear the filters", "filter_to('all')"),
    ("Filters…", "Unread, starred, one source", "filter"),
    ("Mark all shown articles read", "Every article in the list now", "mark_all_read"),
    ("Toggle read", "Mark the current article read or unread", "toggle_read"),
    ("Toggle star", "Star the current article or take the star away", "toggle_star"),
    ("Open in $EDITOR", "Edit the current article's file", "open_external('EDITOR')"),
    ("Open in $PAGER", "Page through the current article's file", "open_external('PAGER')"),
    ("Copy title", "To the clipboard", "copy('title')"),
    ("Copy path", "To the clipboard", "copy('path')"),
    ("Copy text", "The article's text, to the clipboard", "copy('text')"),
    ("Open source link", "In the web browser, when the article has one", "open_source"),
    ("Rebuild the search index", "Throw the index away and build it again", "rebuild_index"),
    ("Help", "Every key", "help"),
)


class ReaderCommands(Provider):
    """The reader's own commands; Textual adds its own (themes, quit, keys)."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._runner(action), help=help_text)

    async def discover(self) -> Hits:
        for name, help_text, action in COMMANDS:
            yield DiscoveryHit(name, self._runner(action), help=help_text)

    def _runner(self, action: str):  # type: ignore[no-untyped-def]
        return partial(self.app.run_action, action)
