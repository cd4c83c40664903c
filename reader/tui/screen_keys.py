"""The main screen's keys, declared once: the footer, the help screen, the command palette and
a user's [keys] table all read them from here (MainScreen.BINDINGS).

READING_BINDINGS are the keys for reading a long article: its headings (`[`, `]`), its
contents list (`c`), only its matching paragraphs while searching (`&`), and its file in the
editor at the current match (`e`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.binding import Binding, BindingType
from textual.screen import Screen

READING_BINDINGS: list[BindingType] = [
    Binding(
        "left_square_bracket",
        "previous_heading",
        "Previous heading",
        tooltip="Bring the article's previous heading to the top",
        show=False,
        id="app.heading_above",
    ),
    Binding(
        "right_square_bracket",
        "next_heading",
        "Next heading",
        tooltip="Bring the article's next heading to the top",
        show=False,
        id="app.heading_below",
    ),
    Binding(
        "c",
        "contents",
        "Contents",
        tooltip="The article's headings: Enter jumps to one",
        show=False,
        id="app.contents",
    ),
    # & as in less, where it shows only the lines that match (m marks read; M is a slip of
    # the shift key away from it).
    Binding(
        "ampersand",
        "only_matching",
        "Only matching paragraphs",
        tooltip="Only the paragraphs with a search match, or the whole article again",
        show=False,
        id="app.only_matching",
    ),
    # The palette's "Open in $EDITOR" runs the same action: no second palette entry.
    Binding("e", "open_external('EDITOR')", "Edit at the match", show=False, id="app.edit"),
]

MARK_HELP = "Mark the current article read or unread"
STAR_HELP = "Star the current article or take the star away"
RELATED_HELP = "Articles most like the open one"
TAG_HELP = "Add or remove tags on the current article"
UNDO_HELP = "Undo the last change of marks or tags (the last ten, one by one)"

MAIN_BINDINGS: list[BindingType] = [
    # Quit and help are the app's actions. Their keys are declared here, first, because the
    # footer lists a screen's keys before the app's, and it has always shown these first.
    # The ids keep their "app." prefix: a user's keymap names them so.
    Binding("q", "app.quit", "Quit", id="app.quit"),
    Binding("question_mark", "app.help", "Help", tooltip="Every key", id="app.help"),
    # A priority binding runs as the app takes the key from the terminal, before the keys
    # typed after it are handed to the focused widget: they then follow the focus into the
    # box. (Any other binding runs only once its key has gone round the focused widget,
    # and a burst like "/quit" was by then handed to the list: q quit.)
    Binding(
        "slash",
        "search",
        "Search",
        tooltip="Focus the search box",
        id="app.search",
        priority=True,
    ),
    Binding("escape", "back", "Back", id="app.back"),
    Binding("o", "cycle_sort", "Sort", tooltip="The next order of the list", id="app.sort"),
    Binding("f", "filter", "Filter", tooltip="Unread, starred, one source or tag", id="app.filter"),
    Binding("r", "related", "Related", tooltip=RELATED_HELP, id="app.related"),
    # Like /, a priority binding (a burst "|word" goes into the box); in the box | is typed.
    Binding(
        "vertical_line",
        "narrow",
        "Search within results",
        tooltip="Keep these results and search inside them (a | in the query does it too)",
        show=False,
        id="app.narrow",
        priority=True,
    ),
    Binding(
        "ctrl+r",
        "search_history",
        "Search history",
        tooltip="Pick an earlier search (type to narrow the list)",
        show=False,
        id="app.search_history",
    ),
    Binding(
        "ctrl+s",
        "save_search",
        "Save this search",
        tooltip="Keep the query, its filters and its order under a name",
        show=False,
        id="app.save_search",
    ),
    Binding(
        "S",
        "saved_searches",
        "Saved searches",
        tooltip="Saved searches with their counts of articles and of unread ones",
        show=False,
        id="app.saved_searches",
    ),
    Binding("m", "toggle_read", "Read/unread", tooltip=MARK_HELP, show=False, id="app.toggle_read"),
    Binding("s", "toggle_star", "Star", tooltip=STAR_HELP, show=False, id="app.toggle_star"),
    Binding("t", "tag", "Tags", tooltip=TAG_HELP, show=False, id="app.tag"),
    Binding("u", "undo", "Undo", tooltip=UNDO_HELP, show=False, id="app.undo"),
    *READING_BINDINGS,
    Binding("tab", "app.focus_next", "Next pane", show=False, id="app.next_pane"),
    Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, id="app.previous_pane"),
]


def key_of(screen: Screen[Any], binding_id: str) -> str | None:
    """The key that runs a binding on this screen, as the footer shows it (a keymap may have
    moved it)."""
    for key, active in screen.active_bindings.items():
        if active.binding.id == binding_id:
            return screen.app.get_key_display(replace(active.binding, key=key))
    return None
