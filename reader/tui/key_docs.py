"""README's table of keys, made from the one table of keys (key_table.py): `make readme-keys`
writes it between two markers in README.md, and a test checks that what is there is what this
makes. README says more than the help screen's short descriptions; those longer words are here,
by binding id (a row without words here is described by its description)."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.keys import key_to_character

from reader.core.decoding import clean
from reader.core.settings import Settings
from reader.tui.key_table import Key, by_place
from reader.tui.keys import keymap_of

BEGIN = "<!-- keys: made from reader/tui/key_table.py by `make readme-keys`; edit it there -->"
END = "<!-- end of keys -->"

# README's longer words, by id (Textual's own palette key by its key).
WORDS = {
    "app.help": "every key, on one screen (the footer shows the main ones, as many as fit whole)",
    "app.quit": "quit (in a dialog too, except where `q` is typed into a text box; help closes "
    "on `q`)",
    "app.search": "search: every key typed after it goes into the search box, however fast",
    "app.back": "from the article back to the list; in the list, one level back out of a "
    "narrowed search, then clear the search (back to the full list where you were)",
    "app.sort": "next order: date, title, source, length (and best match while searching); "
    "titles sort as people do: PEP 2 before PEP 10, case and accents aside",
    "app.filter": "filters: unread only, starred only, one source, one tag (they combine with "
    "a search)",
    "app.related": "related: the articles most like the current one (`Esc` goes back)",
    "app.narrow": "search within results: keep these results and type a search inside them",
    "app.search_history": "an earlier search, picked from a list (type to narrow it)",
    "app.save_search": "save the search, with its filters and order, under a name",
    "app.saved_searches": "saved searches, with their counts",
    "app.toggle_read": "mark the current article read / unread",
    "app.toggle_star": "star the current article / take the star away",
    "app.tag": "tags of the current article",
    "app.undo": "undo the last change of marks, tags or highlights; again for the one before "
    "(the last ten)",
    "app.heading_above": "previous heading of the article, brought to the top (the status "
    "line names it, and says when there is no other)",
    "app.heading_below": "next heading of the article, brought to the top",
    "app.contents": "contents: the article's headings, set in by level",
    "app.only_matching": "while searching: only the paragraphs that match, or the whole "
    "article again at the same place",
    "app.edit": "open the file in `$VISUAL` or `$EDITOR` at the line of the current match",
    "app.sentence_next": "reading cursor to the next sentence (the first press shows it on the "
    "first sentence in sight)",
    "app.sentence_back": "reading cursor to the previous sentence",
    "app.paragraph_next": "reading cursor to the next paragraph",
    "app.paragraph_back": "reading cursor to the start of the paragraph, then the one before",
    "app.select": "start a selection at the reading cursor (or drop it): `(` `)` `{` `}` extend it",
    "app.highlight": "highlight the selection, or the sentence at the reading cursor",
    "app.highlight_match": "highlight the sentence of the current search match",
    "app.note": "write or edit the note of the highlight at the reading cursor (empty: none)",
    "app.unhighlight": "delete the highlight at the reading cursor",
    "app.copy_highlight": "copy the highlight at the reading cursor as Markdown (OSC 52)",
    "app.copy_highlights": "copy all the article's highlights as Markdown, as `reader "
    "highlights` prints them",
    "app.highlights": "the article's highlights and notes, in order: `Enter` goes to one",
    "app.all_highlights": "every highlight of the folder, newest first: type to narrow (over "
    "passages, notes, titles), `Enter` opens its article there",
    "app.interrupt": "quit, also over a dialog",
    "ctrl+p": "command palette: every action by name, themes too",
    "list.down": "next article",
    "list.up": "previous article",
    "list.first": "first article",
    "list.last": "last article",
    "list.page_down": "a page of articles down",
    "list.page_up": "a page of articles up",
    "list.open": "open the article (move into it)",
    "view.down": "scroll a line down",
    "view.up": "scroll a line up",
    "view.page_down": "scroll a page down",
    "view.page_up": "scroll a page up",
    "view.next_match": 'next search match (the counter shows "match 3/17", counted on the text '
    'whatever the width; past 10,000 "match 3/10,000+"); with no search, the status line says so',
    "view.previous_match": "previous search match",
    "search.open": "open the best hit; typed before the results come, it opens it when they "
    'do ("Nothing to open" if none)',
    "search.cancel": "one level back out of a narrowed search; then clear the search, back to "
    "the full list where you were",
    "search.results": "a later search while walking the history; otherwise into the results",
    "search.earlier": "an earlier search, when the box is empty or holds a search from the history",
    "search.accept": 'accept "Did you mean"',
    "filter.toggle": "toggle the highlighted choice (the dialog stays open)",
    "filter.close": "close it; the list shows what is ticked",
    "tags.to_list": "from the box (where `Enter` adds the tags typed, commas between them) "
    "down to the article's tags",
    "tags.remove": "in the tags below the box: remove the one highlighted",
    "tags.close": "close it (a tag typed and not yet added is added)",
    "contents.jump": "jump to the heading highlighted",
    "saved.run": "run the saved search highlighted",
    "saved.delete": "delete the saved search highlighted",
    "history.pick": "search the one highlighted",
    "history.down": "the next (older) search",
    "history.up": "the previous (newer) search",
    "save.cancel": "cancel (`Enter` saves under the name typed, and asks before it replaces a "
    "saved search)",
    "pick.down": "the next row",
    "pick.up": "the previous row",
    "pick.page_down": "a page down",
    "pick.page_up": "a page up",
    "pick.first": "the first row",
    "pick.last": "the last row",
}

# Keys as README writes them (Textual's names otherwise: a character, or Ctrl+X as written).
_NAMES = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "enter": "Enter",
    "escape": "Esc",
    "space": "Space",
    "tab": "Tab",
    "home": "Home",
    "end": "End",
    "delete": "Delete",
    "backspace": "Backspace",
    "slash": "/",
}


def key_name(key: str) -> str:
    """One key as README writes it: "ctrl+r" -> "Ctrl+R", "down" -> "↓", "G" -> "G"."""
    *modifiers, base = key.split("+")
    if len(base) == 1:
        name = base
    elif base in _NAMES:
        name = _NAMES[base]
    else:
        name = key_to_character(base) or base
    if modifiers:
        name = name.upper() if len(name) == 1 else name
    return "+".join([*(m.capitalize() for m in modifiers), name])


def _cell(text: str) -> str:
    return text.replace("|", "\\|")  # a | ends a cell, even inside backticks


def words(key: Key) -> str:
    """What README says the key does."""
    said = WORDS.get(key.id or key.keys)
    return said or key.description[:1].lower() + key.description[1:]


def readme_table() -> str:
    """README's table of keys, by place, from the table of keys."""
    lines = ["| key | where | what it does | id in `[keys]` |", "|---|---|---|---|"]
    for place, keys in by_place():
        for key in keys:
            shown = " / ".join(f"`{_cell(key_name(k.strip()))}`" for k in key.keys.split(","))
            binding_id = f"`{key.id}`" if key.id else "(fixed)"
            lines.append(f"| {shown} | {place.name} | {_cell(words(key))} | {binding_id} |")
    return "\n".join(lines)


def readme_keys_section(readme: str) -> str:
    """What README holds between the markers (ValueError without them)."""
    start = readme.index(BEGIN) + len(BEGIN)
    return readme[start : readme.index(END, start)].strip("\n")


def with_table(readme: str) -> str:
    """README with the table made anew between its markers."""
    start = readme.index(BEGIN) + len(BEGIN)
    end = readme.index(END, start)
    return readme[:start] + "\n" + readme_table() + "\n" + readme[end:]


def main(argv: list[str]) -> int:
    """`python -m reader.tui.key_docs README.md`: write the table into that file."""
    path = Path(argv[0] if argv else "README.md")
    text = path.read_text(encoding="utf-8")
    made = with_table(text)
    if made != text:
        path.write_text(made, encoding="utf-8")
        print(f"{path}: the table of keys made anew")
    return 0


def keys_in_effect(settings: Settings, problems: list[str]) -> str:
    """The keys of every binding as the app will have them, for `reader --config`; adds the
    mistakes of the [keys] table to problems (a key two bindings were given: which runs it)."""
    checked = keymap_of(settings)
    problems += checked.problems()
    lost = {clash.loser for clash in checked.clashes}
    rows = [
        (key.id, checked.keys(key.id), key)
        for _, keys in by_place()
        for key in keys
        if key.id is not None
    ]
    id_width = max(len(binding_id) for binding_id, _, _ in rows)
    key_width = max(len(keys) for _, keys, _ in rows)
    lines = ["keys in effect, by place ([keys] in config.toml moves them; * moved, ! lost a key):"]
    for binding_id, keys, key in rows:
        mark = "!" if binding_id in lost else "*" if binding_id in checked.keymap else " "
        where = f"({key.place.name})"
        lines.append(
            f"{mark} {binding_id:<{id_width}} = {keys or '-':<{key_width}}  {where:<24}"
            f"{key.description}"
        )
    lines += [f"! {clash.message()}" for clash in checked.clashes]
    return "\n".join(clean(line) for line in lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
