"""Every key of the reader, declared once: its binding id, default keys, the place it acts,
what it does. The widgets' and screens' BINDINGS, the help screen (?), `reader --config` and
README's table of keys (`make readme-keys`) are all made from KEYS; a [keys] table in
config.toml may move any row with an id.

A place is where a key acts: the focused widget or dialog that owns it. A key can mean one
thing in the list and another in the article; within one place each key means one thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

# The footer shows n and N as one entry.
MATCH_KEYS = Binding.Group("Match")


@dataclass(frozen=True, slots=True)
class Place:
    """Where keys act: its heading in the help screen and in README's "where" column."""

    name: str


ANYWHERE = Place("anywhere")
LIST_OR_ARTICLE = Place("list or article")  # the main screen's, on the article on the right
LIST = Place("list")
ARTICLE = Place("article")
SEARCH_BOX = Place("search box")
FILTER = Place("filter dialog")
TAGS = Place("tags dialog")
CONTENTS = Place("contents dialog")
SAVED = Place("saved searches dialog")
HISTORY = Place("search history dialog")
SAVE = Place("save search dialog")
HELP = Place("help")
NOTE = Place("note dialog")
HIGHLIGHTS = Place("highlights dialog")
DIALOG_LIST = Place("a dialog's list")  # the list of every dialog but help
PLACES = (
    ANYWHERE,
    LIST_OR_ARTICLE,
    LIST,
    ARTICLE,
    SEARCH_BOX,
    FILTER,
    TAGS,
    CONTENTS,
    SAVED,
    HISTORY,
    SAVE,
    NOTE,
    HIGHLIGHTS,
    DIALOG_LIST,
    HELP,
)


@dataclass(frozen=True, slots=True)
class Key:
    """One binding: its id (None: Textual's own, not movable), default keys (Textual's names,
    comma-separated), place, action and description (footer, help, --config; README's longer
    words are in key_docs.py)."""

    id: str | None
    keys: str
    place: Place
    action: str
    description: str
    tooltip: str = ""  # the command palette offers a binding that has one, by its description
    show: bool = False  # in the footer
    priority: bool = False  # runs before the focused widget sees the key (key_order.py)
    on_app: bool = False  # a binding of the app itself (works over dialogs too)
    group: Binding.Group | None = None

    def binding(self) -> Binding:
        """The Textual binding."""
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            priority=self.priority,
            tooltip=self.tooltip,
            id=self.id,
            group=self.group,
        )


A, LA, L, V, S = ANYWHERE, LIST_OR_ARTICLE, LIST, ARTICLE, SEARCH_BOX
HEADINGS_HELP = "Bring the article's {} heading to the top"

KEYS: tuple[Key, ...] = (
    # The main screen's. The footer lists a screen's keys before the app's, in this order.
    # Quit and help are the app's actions; their ids keep the "app." prefix of old keymaps.
    Key("app.quit", "q", A, "app.quit", "Quit", show=True),
    Key("app.help", "question_mark", A, "app.help", "Help", "Every key", show=True),
    # A priority binding runs as the app takes the key from the terminal, before the keys
    # typed after it are handed to the focused widget: they then follow the focus into the
    # box (a burst like "/quit" was otherwise handed to the list: q quit).
    Key("app.search", "slash", A, "search", "Search", "Focus the search box", True, True),
    Key("app.back", "escape", A, "back", "Back", show=True),
    Key("app.sort", "o", A, "cycle_sort", "Sort", "The next order of the list", show=True),
    Key("app.filter", "f", A, "filter", "Filter", "Unread, starred, one source or tag", True),
    Key("app.related", "r", A, "related", "Related", "Articles most like the open one", True),
    # Like /, a priority binding (a burst "|word" goes into the box); in the box | is typed.
    Key(
        "app.narrow",
        "vertical_line",
        LA,
        "narrow",
        "Search within results",
        "Keep these results and search inside them (a | in the query does it too)",
        priority=True,
    ),
    Key(
        "app.search_history",
        "ctrl+r",
        A,
        "search_history",
        "Search history",
        "Pick an earlier search (type to narrow the list)",
    ),
    Key(
        "app.save_search",
        "ctrl+s",
        A,
        "save_search",
        "Save this search",
        "Keep the query, its filters and its order under a name",
    ),
    Key(
        "app.saved_searches",
        "S",
        A,
        "saved_searches",
        "Saved searches",
        "Saved searches with their counts of articles and of unread ones",
    ),
    Key(
        "app.toggle_read",
        "m",
        A,
        "toggle_read",
        "Read/unread",
        "Mark the current article read or unread",
    ),
    Key(
        "app.toggle_star",
        "s",
        A,
        "toggle_star",
        "Star",
        "Star the current article or take the star away",
    ),
    Key("app.tag", "t", A, "tag", "Tags", "Add or remove tags on the current article"),
    Key(
        "app.undo",
        "u",
        A,
        "undo",
        "Undo",
        "Undo the last change of marks or tags (the last ten, one by one)",
    ),
    # The keys for reading a long article, from the list or the article: its headings, its
    # contents, only its matching paragraphs while searching, its file in the editor.
    Key(
        "app.heading_above",
        "left_square_bracket",
        LA,
        "previous_heading",
        "Previous heading",
        HEADINGS_HELP.format("previous"),
    ),
    Key(
        "app.heading_below",
        "right_square_bracket",
        LA,
        "next_heading",
        "Next heading",
        HEADINGS_HELP.format("next"),
    ),
    Key(
        "app.contents",
        "c",
        LA,
        "contents",
        "Contents",
        "The article's headings: Enter jumps to one",
    ),
    # & as in less, where it shows only the lines that match (m marks read; M is a slip of
    # the shift key away from it).
    Key(
        "app.only_matching",
        "ampersand",
        LA,
        "only_matching",
        "Only matching paragraphs",
        "Only the paragraphs with a search match, or the whole article again",
    ),
    # Highlights and notes (issue 27): a reading cursor in the article, moved by sentence
    # and paragraph as vi's ( ) { } move; v starts a selection as vi's visual mode does.
    Key("app.sentence_next", "right_parenthesis", LA, "highlight('sentence', 1)", "Next sentence"),
    Key(
        "app.sentence_back",
        "left_parenthesis",
        LA,
        "highlight('sentence', -1)",
        "Previous sentence",
    ),
    Key(
        "app.paragraph_next",
        "right_curly_bracket",
        LA,
        "highlight('paragraph', 1)",
        "Next paragraph",
    ),
    Key(
        "app.paragraph_back",
        "left_curly_bracket",
        LA,
        "highlight('paragraph', -1)",
        "Previous paragraph",
    ),
    Key(
        "app.select",
        "v",
        LA,
        "highlight('select')",
        "Select",
        "Start a selection at the reading cursor (or drop it): ( ) { } extend it",
    ),
    Key(
        "app.highlight",
        "h",
        LA,
        "highlight('make')",
        "Highlight",
        "Highlight the selection, or the sentence at the reading cursor",
    ),
    Key(
        "app.highlight_match",
        "H",
        LA,
        "highlight('match')",
        "Highlight the match",
        "Highlight the sentence of the current search match",
    ),
    Key(
        "app.note",
        "a",
        LA,
        "highlight('note')",
        "Note",
        "Write or edit the note of the highlight at the reading cursor",
    ),
    Key(
        "app.unhighlight",
        "d",
        LA,
        "highlight('delete')",
        "Delete highlight",
        "Delete the highlight at the reading cursor (u undoes it)",
    ),
    Key(
        "app.copy_highlight",
        "y",
        LA,
        "highlight('copy')",
        "Copy highlight",
        "The highlight at the reading cursor, as Markdown, to the clipboard",
    ),
    Key(
        "app.copy_highlights",
        "Y",
        LA,
        "highlight('copy_all')",
        "Copy all highlights",
        "Every highlight of the article, as Markdown, to the clipboard",
    ),
    Key(
        "app.highlights",
        "apostrophe",
        LA,
        "highlight('article_list')",
        "Article's highlights",
        "The open article's highlights and notes: Enter jumps to one",
    ),
    Key(
        "app.all_highlights",
        "quotation_mark",
        A,
        "highlight('all_list')",
        "All highlights",
        "Every highlight of the folder, newest first: type to narrow, Enter opens its article",
    ),
    # The palette's "Open in $EDITOR" runs the same action: no second palette entry.
    Key("app.edit", "e", LA, "open_external('EDITOR')", "Edit at the match"),
    Key("app.next_pane", "tab", A, "app.focus_next", "Next pane"),
    Key("app.previous_pane", "shift+tab", A, "app.focus_previous", "Previous pane"),
    # The app's own: they work over any dialog too.
    Key("app.interrupt", "ctrl+c", A, "quit", "Quit", priority=True, on_app=True),
    Key(None, "ctrl+p", A, "command_palette", "Command palette", on_app=True),  # Textual's
    Key("list.down", "j,down", L, "cursor_down", "Down"),
    Key("list.up", "k,up", L, "cursor_up", "Up"),
    Key("list.first", "g,home", L, "first", "First"),
    Key("list.last", "G,end", L, "last", "Last"),
    Key("list.page_down", "pagedown", L, "page_down", "Page down"),
    Key("list.page_up", "pageup", L, "page_up", "Page up"),
    Key("list.open", "enter,l", L, "choose", "Open", show=True),
    Key("view.down", "j,down", V, "scroll_down", "Scroll down"),
    Key("view.up", "k,up", V, "scroll_up", "Scroll up"),
    Key("view.page_down", "space,pagedown", V, "page_down", "Page down", show=True),
    Key("view.page_up", "b,pageup", V, "page_up", "Page up"),
    Key("view.top", "g,home", V, "scroll_home", "Top"),
    Key("view.bottom", "G,end", V, "scroll_end", "Bottom"),
    Key("view.next_match", "n", V, "next_match", "Next match", show=True, group=MATCH_KEYS),
    Key(
        "view.previous_match",
        "N",
        V,
        "previous_match",
        "Previous match",
        show=True,
        group=MATCH_KEYS,
    ),
    # Enter typed before the app has the terminal (at launch) comes as a newline: ctrl+j.
    Key("search.open", "enter,ctrl+j", S, "submit", "Open the best hit", show=True),
    Key("search.cancel", "escape", S, "cancel", "Clear search", show=True),
    Key("search.results", "down", S, "to_results", "Results", show=True),
    Key("search.earlier", "up", S, "history_back", "An earlier search"),
    Key("search.accept", "ctrl+y", S, "accept_suggestion", "Accept suggestion", show=True),
    Key("filter.toggle", "enter,space", FILTER, "toggle_choice", "Toggle the choice", show=True),
    Key("filter.close", "escape,f", FILTER, "close", "Close filters", show=True),
    Key("tags.to_list", "down", TAGS, "to_list", "To the tags"),
    Key("tags.remove", "enter,delete,backspace", TAGS, "remove", "Remove the tag"),
    Key("tags.close", "escape", TAGS, "close", "Close the tags", show=True),
    Key("contents.jump", "enter", CONTENTS, "jump", "Jump to the heading", show=True),
    Key("contents.close", "escape,c", CONTENTS, "close", "Close the contents", show=True),
    Key("saved.run", "enter", SAVED, "run", "Run the search", show=True),
    Key("saved.delete", "d,delete", SAVED, "delete", "Delete", show=True),
    Key("saved.close", "escape,S", SAVED, "dismiss(None)", "Close", show=True),
    Key("history.pick", "enter", HISTORY, "pick", "Search it", show=True),
    Key("history.down", "down", HISTORY, "move(1)", "Next"),
    Key("history.up", "up", HISTORY, "move(-1)", "Previous"),
    Key("history.close", "escape", HISTORY, "dismiss(None)", "Close", show=True),
    Key("save.cancel", "escape", SAVE, "back", "Cancel", show=True),
    Key("note.save", "enter", NOTE, "save", "Keep the note", show=True),
    Key("note.cancel", "escape", NOTE, "dismiss(None)", "Cancel", show=True),
    Key("highlights.open", "enter", HIGHLIGHTS, "pick", "Go to it", show=True),
    Key("highlights.down", "down", HIGHLIGHTS, "move(1)", "Next"),
    Key("highlights.up", "up", HIGHLIGHTS, "move(-1)", "Previous"),
    Key("highlights.close", "escape", HIGHLIGHTS, "dismiss(None)", "Close", show=True),
    Key("pick.down", "down", DIALOG_LIST, "move(1)", "Down"),
    Key("pick.up", "up", DIALOG_LIST, "move(-1)", "Up"),
    Key("pick.page_down", "pagedown", DIALOG_LIST, "page(1)", "Page down"),
    Key("pick.page_up", "pageup", DIALOG_LIST, "page(-1)", "Page up"),
    Key("pick.first", "home", DIALOG_LIST, "first", "First"),
    Key("pick.last", "end", DIALOG_LIST, "last", "Last"),
    Key("help.close", "escape,q,question_mark", HELP, "dismiss", "Close help", show=True),
)


def keys_of(*places: Place, on_app: bool = False) -> list[Key]:
    """The rows of these places, in the table's order (the app's own, or the others)."""
    return [key for key in KEYS if key.place in places and key.on_app == on_app]


def bindings(*places: Place, on_app: bool = False) -> list[BindingType]:
    """The BINDINGS of whatever owns the keys of these places."""
    return [key.binding() for key in keys_of(*places, on_app=on_app) if key.id is not None]


def by_place() -> list[tuple[Place, list[Key]]]:
    """Every row, by place, the places in the order the help screen and README show them."""
    return [(place, [key for key in KEYS if key.place is place]) for place in PLACES]


def by_id() -> dict[str, Key]:
    """Every row that a [keys] table may move, by its id."""
    return {key.id: key for key in KEYS if key.id is not None}
