"""Every key is declared once (reader/tui/key_table.py): the bindings, the help screen,
`reader --config` and README's table of keys all say the same, and a [keys] table that gives
one key to two bindings of a place is told which one runs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding
from textual.containers import VerticalScroll

from reader.core.settings import Settings
from reader.tui.app import ReaderApp
from reader.tui.key_docs import readme_keys_section, readme_table
from reader.tui.key_table import KEYS, LIST_OR_ARTICLE, by_id
from reader.tui.keys import keymap_of
from reader.tui.main_screen import MainScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.contents_screen import ContentsScreen
from reader.tui.widgets.filter_screen import FilterScreen
from reader.tui.widgets.help_screen import HelpScreen
from reader.tui.widgets.highlights_screen import HighlightsScreen
from reader.tui.widgets.history_screen import HistoryScreen
from reader.tui.widgets.note_screen import NoteScreen
from reader.tui.widgets.pick_list import PickList
from reader.tui.widgets.save_search_screen import SaveSearchScreen
from reader.tui.widgets.saved_searches_screen import SavedSearchesScreen
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.tag_screen import TagScreen
from tests.ui.conftest import screen_text, settle, started, type_query

README = Path(__file__).resolve().parents[2] / "README.md"
OWNERS = (
    ReaderApp,
    MainScreen,
    ArticleList,
    ArticleView,
    SearchBar,
    FilterScreen,
    TagScreen,
    ContentsScreen,
    SavedSearchesScreen,
    HistoryScreen,
    SaveSearchScreen,
    NoteScreen,
    HighlightsScreen,
    PickList,
    HelpScreen,
)


def bound() -> dict[str, set[str]]:
    """Every binding id the app's widgets and screens bind, with the keys each gives it."""
    found: dict[str, set[str]] = {}
    for owner in OWNERS:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding) and binding.id, (owner, binding)
            found.setdefault(binding.id, set()).add(binding.key)
    return found


def test_every_binding_is_a_row_of_the_table_and_every_row_is_bound() -> None:
    table = by_id()
    assert {binding_id: {key.keys} for binding_id, key in table.items()} == bound()
    assert len(table) == sum(1 for key in KEYS if key.id)  # no id twice


def test_readme_key_table_is_the_one_made_from_the_table() -> None:
    readme = README.read_text(encoding="utf-8")
    assert readme_keys_section(readme) == readme_table(), "run `make readme-keys`"
    for key in KEYS:
        if key.id:
            assert f"`{key.id}` |" in readme


def test_readme_puts_the_reading_keys_where_help_does() -> None:
    table = readme_table()
    for binding_id in ("app.heading_above", "app.contents", "app.only_matching", "app.edit"):
        line = next(line for line in table.splitlines() if f"`{binding_id}`" in line)
        assert f"| {LIST_OR_ARTICLE.name} |" in line
    toggle = next(line for line in table.splitlines() if "`filter.toggle`" in line)
    assert toggle.startswith("| `Enter` / `Space` | filter dialog |")


def test_config_lists_every_binding_with_its_keys_and_place(
    xdg_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import main

    assert main(["--config"]) == 0
    out = capsys.readouterr().out
    for key in KEYS:
        if key.id:
            line = next(line for line in out.splitlines() if line.split()[:1] == [key.id])
            assert line.split()[2] == key.keys and f"({key.place.name})" in line, line


def test_the_default_keys_clash_nowhere() -> None:
    checked = keymap_of(Settings())
    assert checked.clashes == [] and checked.problems() == []
    assert all(checked.keys(key.id) == key.keys for key in KEYS if key.id)


def test_a_key_given_to_two_bindings_of_a_place_says_which_runs_it() -> None:
    checked = keymap_of(Settings(keymap=(("list.up", "k,j"),)))
    assert checked.problems() == [
        "config.toml: [keys]: in the list, j runs list.up, not list.down (list.down keeps down)"
    ]
    assert checked.keys("list.up") == "k,j" and checked.keys("list.down") == "down"
    assert checked.keys("view.down") == "j,down"  # the article's j is another place's
    # Both moved onto one key: the first in the table runs it.
    checked = keymap_of(Settings(keymap=(("list.up", "k,j"), ("list.down", "j"))))
    assert checked.problems() == [
        "config.toml: [keys]: in the list, j runs list.down, not list.up (list.up keeps k)"
    ]
    # Keys swapped between two bindings: no clash.
    assert keymap_of(Settings(keymap=(("app.sort", "f"), ("app.filter", "o")))).clashes == []


def test_a_main_screen_key_given_to_a_pane_says_the_pane_runs_it() -> None:
    checked = keymap_of(Settings(keymap=(("app.sort", "j"),)))
    assert checked.problems() == [
        "config.toml: [keys]: in the list, j runs list.down, not app.sort",
        "config.toml: [keys]: in the article, j runs view.down, not app.sort",
    ]
    checked = keymap_of(Settings(keymap=(("app.search", "j"),)))  # a priority key runs first
    assert (
        checked.problems()[0]
        == "config.toml: [keys]: in the list, j runs app.search, not list.down"
    )


async def test_a_main_screen_key_given_to_a_pane_runs_the_pane_s(small_corpus: Path) -> None:
    settings = Settings(keymap=(("app.sort", "j"),))
    async with started(small_corpus, settings=settings) as (app, pilot):
        assert "in the list, j runs list.down, not app.sort" in screen_text(app)
        order = app.main_screen.order.browse_sort
        await pilot.press("j")
        await settle(pilot)
        assert app.query_one(ArticleList).cursor == 1 and app.main_screen.order.browse_sort == order


def test_config_marks_the_binding_that_lost_a_key(
    xdg_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import main

    config = xdg_dirs / "config" / "reader"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('[keys]\n"list.up" = "k,j"\n')
    assert main(["--config"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert ["!", "list.down", "=", "down", "(list)", "Down"] in [line.split() for line in lines]
    assert ["*", "list.up", "=", "k,j", "(list)", "Up"] in [line.split() for line in lines]
    said = "in the list, j runs list.up, not list.down (list.down keeps down)"
    assert said in out and said in err


async def test_the_clash_is_said_at_start_and_the_key_runs_the_winner(small_corpus: Path) -> None:
    settings = Settings(keymap=(("list.up", "k,j"),))
    async with started(small_corpus, settings=settings) as (app, pilot):
        assert "j runs list.up, not list.down" in screen_text(app)
        lst = app.query_one(ArticleList)
        await pilot.press("down", "down", "j")
        await settle(pilot)
        assert lst.cursor == 1  # j went up


async def test_help_lists_every_binding_by_place_with_its_keys(seed_corpus: Path) -> None:
    async with started(seed_corpus, size=(200, 50)) as (app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body", VerticalScroll)
        assert (body.max_scroll_x, body.max_scroll_y) == (0, 0)  # all of it in view, 3 columns
        text = screen_text(app)
        assert body.border_subtitle == "esc closes"  # no more above nor below
        for key in KEYS:
            if key.id:
                assert key.id in text
        for heading in ("List or article", "Filter dialog", "Contents dialog", "A dialog's list"):
            assert heading in text
        places = {heading: [row.id for row in rows] for heading, rows in app.screen.sections}
        reading = ["app.heading_above", "app.heading_below", "app.contents", "app.only_matching"]
        assert set(reading) <= set(places["List or article"])
        assert not set(reading) & set(places["Anywhere"])
        lines = text.splitlines()
        toggle = next(line for line in lines if "filter.toggle" in line)
        assert "⏎ / space  Toggle the choice" in toggle


async def test_help_shows_the_keys_a_keymap_gave_and_took(seed_corpus: Path) -> None:
    settings = Settings(keymap=(("list.up", "k,j"), ("contents.jump", "o")))
    async with started(seed_corpus, size=(200, 50), settings=settings) as (app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        down = next(line for line in lines if "list.down" in line)
        assert "    ↓  Down" in down and "j /" not in down
        assert "k / j  Up" in next(line for line in lines if "list.up" in line)
        assert "o  Jump to the heading" in next(line for line in lines if "contents.jump" in line)


async def test_help_scrolls_to_its_last_key_where_it_does_not_fit(seed_corpus: Path) -> None:
    for size in ((120, 40), (80, 24)):
        async with started(seed_corpus, size=size) as (app, pilot):
            await pilot.press("question_mark")
            await settle(pilot)
            body = app.screen.query_one("#help-body", VerticalScroll)
            assert body.max_scroll_y > 0
            assert "more below ↓ · esc closes" in screen_text(app)  # what a thumb says in colour
            await pilot.press("end")
            await settle(pilot)
            assert body.scroll_y == body.max_scroll_y
            text = screen_text(app)
            assert "help.close" in text and "more above ↑ · esc closes" in text, size
            await pilot.press("up")
            await settle(pilot)
            assert "more above and below ↑↓" in screen_text(app)


# --- the dialogs' keys move with [keys] -------------------------------------------------------


HEADINGS = ["Keys that move", "Keys that stay", "Keys that wait", "Keys that end"]


async def test_the_contents_dialog_keys_can_be_moved(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    body = "".join(f"## {heading}\n\n" + "A line of text.\n\n" * 30 for heading in HEADINGS)
    (folder / "long.md").write_text("# Headings\n\n" + body)
    settings = Settings(keymap=(("contents.jump", "o"), ("pick.down", "j")))
    async with started(folder, settings=settings) as (app, pilot):
        await pilot.press("enter")  # into the article
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ContentsScreen)
        await pilot.press("j", "j", "enter")  # j moves down the list; Enter no longer jumps
        await settle(pilot)
        assert isinstance(app.screen, ContentsScreen)
        assert app.screen.query_one(PickList).highlighted == 2
        await pilot.press("o")
        await settle(pilot)
        assert not isinstance(app.screen, ContentsScreen)
        assert f"Heading 3 of {len(HEADINGS)}: {HEADINGS[2]}" in screen_text(app)


async def test_the_tags_dialog_keys_can_be_moved(small_corpus: Path) -> None:
    settings = Settings(keymap=(("tags.remove", "x"), ("tags.to_list", "ctrl+l")))
    async with started(small_corpus, settings=settings) as (app, pilot):
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagScreen)
        await pilot.press(*"farms,weather", "enter")
        await pilot.press("ctrl+l", "enter")  # into the list; Enter no longer removes
        await settle(pilot)
        assert app.screen.tags == ["farms", "weather"]
        await pilot.press("x")
        await settle(pilot)
        assert app.screen.tags == ["weather"]


async def test_the_saved_searches_dialog_keys_can_be_moved(small_corpus: Path) -> None:
    settings = Settings(keymap=(("saved.run", "ctrl+o"), ("saved.delete", "x")))
    async with started(small_corpus, settings=settings) as (app, pilot):
        await type_query(pilot, "missiles")
        await pilot.press("down")
        for name in ("one", "two"):
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("ctrl+u", *name, "enter")
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SavedSearchesScreen)
        await pilot.press("d", "enter")  # neither deletes nor runs now
        await settle(pilot)
        assert isinstance(app.screen, SavedSearchesScreen)
        assert [saved.name for saved in app.screen.saved] == ["one", "two"]
        await pilot.press("x")
        await settle(pilot)
        assert len(app.screen.saved) == 1
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert not isinstance(app.screen, SavedSearchesScreen)
        assert app.query_one(SearchBar).value == "missiles"
