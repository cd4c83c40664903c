"""Long articles: headings to jump between ([ and ]), the contents list (c), only the matching
paragraphs while searching (&), how far each article was read in the list, and the file in the
editor at the current match (e); by key and from the palette."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from reader.tui.app import ReaderApp
from reader.tui.widgets.article_layout import GAP
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import GAP_MARK, ArticleView
from reader.tui.widgets.contents_screen import ContentsScreen
from reader.tui.widgets.pick_list import PickList
from tests.long_pep import PARAGRAPHS, SECTIONS, long_pep_text
from tests.ui.conftest import (
    main,
    run_command,
    screen_text,
    settle,
    started,
    status,
    titles,
    type_query,
)

MARKDOWN = """\
# Notes on reading

An opening paragraph about reading long articles in a terminal.

## Installing

Run make and wait: the install takes a minute.

## Using it

### Searching

Type a slash, then words.

### Reading

Scroll with j and k.
"""


@pytest.fixture
def long_corpus(tmp_path: Path) -> Path:
    """The long PEP (newest), a Markdown article, and a short one without headings."""
    folder = tmp_path / "long"
    folder.mkdir()
    for n, (name, text) in enumerate(
        [
            ("plain.txt", "A short note\n\nIt has one paragraph and no headings at all.\n"),
            ("notes.md", MARKDOWN),
            ("pep-9999.txt", long_pep_text()),
        ]
    ):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        os.utime(path, (1_700_000_000 + n * 60, 1_700_000_000 + n * 60))
    return folder


PEP_TITLE = "PEP 9999 – Moving Through Long Articles"


def view_of(app: ReaderApp) -> ArticleView:
    return app.query_one(ArticleView)


def row(app: ReaderApp, y: int) -> str:
    """The text drawn on row y of the article pane."""
    return view_of(app).render_line(y).text.strip()


async def open_title(app: ReaderApp, pilot, title: str) -> None:
    """Move the list to the article titled so, and open it (Enter)."""
    lst = app.query_one(ArticleList)
    lst.cursor = titles(app).index(title)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


# --- headings ---------------------------------------------------------------------------------


async def test_brackets_jump_between_headings_and_say_the_ends(long_corpus: Path) -> None:
    async with started(long_corpus) as (app, pilot):
        await open_title(app, pilot, PEP_TITLE)
        for _, heading in SECTIONS:
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert row(app, 0) == heading
            assert heading in status(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert status(app) == "At the last heading"
        assert row(app, 0) == SECTIONS[-1][1]
        for _, heading in reversed(SECTIONS[:-1]):
            await pilot.press("left_square_bracket")
            await settle(pilot)
            assert row(app, 0) == heading
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert status(app) == "At the first heading"
        assert row(app, 0) == SECTIONS[0][1]
        await pilot.press("g")  # the top, above the first heading
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert status(app) == "No heading above"


async def test_the_last_headings_are_reached_though_they_cannot_scroll_to_the_top(
    long_corpus: Path,
) -> None:
    async with started(long_corpus, size=(120, 80)) as (app, pilot):
        await open_title(app, pilot, PEP_TITLE)
        view = view_of(app)
        for _ in SECTIONS:
            await pilot.press("right_square_bracket")
            await settle(pilot)
        # The end of the article is on screen: the last heading stays below the top ...
        assert round(view.scroll_y) == round(view.max_scroll_y)
        assert row(app, 0) != SECTIONS[-1][1]
        # ... and it was reached all the same: one more says it is the last.
        assert SECTIONS[-1][1] in status(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert status(app) == "At the last heading"


async def test_markdown_headings_are_found_in_the_rendered_text(long_corpus: Path) -> None:
    async with started(long_corpus) as (app, pilot):
        await open_title(app, pilot, "Notes on reading")
        view = view_of(app)
        headings = ["Installing", "Using it", "Searching", "Reading"]
        assert [h.text for h in view.headings] == headings
        assert [view._lines[h.line].text.strip() for h in view.headings] == headings
        for heading in headings:  # the article fits: the status line says where [ ] went
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert status(app).endswith(f"of 4: {heading}")


async def test_an_article_without_headings_says_so(long_corpus: Path) -> None:
    async with started(long_corpus) as (app, pilot):
        await open_title(app, pilot, "A short note")
        for key in ("right_square_bracket", "left_square_bracket", "c"):
            await pilot.press(key)
            await settle(pilot)
            assert status(app) == "This article has no headings"
            assert not isinstance(app.screen, ContentsScreen)


async def test_headings_of_a_big_article_wait_for_its_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.tui.widgets import article_view

    monkeypatch.setattr(article_view, "BACKGROUND_LAYOUT_BYTES", 100)  # this one is "big"
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "pep-9999.txt").write_text(long_pep_text(), encoding="utf-8")
    async with started(folder) as (app, pilot):
        view = view_of(app)
        assert view.headings  # laid out in the background, and then known
        laid = view._laid
        view._laid = None  # as while its layout is on its way
        await pilot.press("tab", "right_square_bracket")
        await settle(pilot)
        assert status(app) == "The article is still being laid out…"
        view._laid = laid
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert row(app, 0) == SECTIONS[0][1]


async def test_headings_with_markup_are_shown_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    heading = "[bold red]Boom[/] [@click=app.quit]quit[/]"
    body = "\n\n".join(["Title", f"{heading}\n{'=' * len(heading)}", "Text.", "End\n==="])
    (folder / "a.txt").write_text(body + "\n", encoding="utf-8")
    async with started(folder) as (app, pilot):
        await pilot.press("enter", "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert status(app) == "Heading 2 of 2: End"
        await pilot.press("c")
        await settle(pilot)
        assert heading in screen_text(app)
        await pilot.click("#contents-options", offset=(4, 1))  # runs no action it names:
        await settle(pilot)  # it chooses the heading
        assert app.is_running and not isinstance(app.screen, ContentsScreen)
        assert status(app) == f"Heading 1 of 2: {heading}"


# --- the contents list ------------------------------------------------------------------------


async def test_c_lists_the_headings_indented_enter_jumps_esc_closes(long_corpus: Path) -> None:
    async with started(long_corpus) as (app, pilot):
        await open_title(app, pilot, PEP_TITLE)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ContentsScreen)
        menu = app.screen.query_one(PickList)
        prompts = [str(menu.get_option_at_index(n).prompt) for n in range(menu.option_count)]
        depth = {"=": 0, "-": 1, "~": 2}
        assert prompts == [" " * (2 * depth[mark]) + heading for mark, heading in SECTIONS]
        assert menu.highlighted == 0
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ContentsScreen)
        assert round(view_of(app).scroll_y) == 0  # Esc left the article where it was
        await pilot.press("c", "down", "down", "down", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ContentsScreen)
        assert row(app, 0) == "Keys that move"
        assert view_of(app).has_focus
        await pilot.press("c")  # opened again: the heading read now is the one highlighted
        await settle(pilot)
        assert app.screen.query_one(PickList).highlighted == 3
        await pilot.press("escape")


async def test_the_contents_list_from_the_list_pane_and_the_palette(long_corpus: Path) -> None:
    async with started(long_corpus) as (app, pilot):
        lst = app.query_one(ArticleList)
        lst.cursor = titles(app).index(PEP_TITLE)  # previewed, the list keeps the focus
        await settle(pilot)
        await run_command(pilot, "Contents")
        assert isinstance(app.screen, ContentsScreen)
        await pilot.press("end", "enter")
        await settle(pilot)
        assert SECTIONS[-1][1] in status(app)
        assert view_of(app).has_focus  # the heading chosen is read
        await run_command(pilot, "Previous heading")
        assert row(app, 0) == SECTIONS[-2][1]
        await run_command(pilot, "Next heading")
        assert SECTIONS[-1][1] in status(app)


# --- only the matching paragraphs -------------------------------------------------------------


def visible(app: ReaderApp) -> list[str]:
    view = view_of(app)
    return [row(app, y) for y in range(view.scrollable_content_region.height)]


async def test_ampersand_shows_only_matching_paragraphs_and_back_at_the_same_place(
    long_corpus: Path,
) -> None:
    async with started(long_corpus) as (app, pilot):
        await type_query(pilot, "lighthouse")
        await pilot.press("enter")
        await settle(pilot)
        view = view_of(app)
        assert view.has_focus and view.border_subtitle == "match 1/2"
        await pilot.press("n")
        await settle(pilot)
        match = view.matches[view.match_index]
        on_screen = view._rows.row_of(match.line) - round(view.scroll_y)
        await pilot.press("ampersand")
        await settle(pilot)
        assert view.border_subtitle == f"matching paragraphs: 2 of {PARAGRAPHS} · match 2/2"
        excerpt = view._rows.excerpt
        assert excerpt is not None
        assert excerpt.rows.count(GAP) == 3  # before, between and after
        shown = " ".join(view._lines[line].text.strip() for line in excerpt.rows if line >= 0)
        assert PEP_TITLE in shown
        assert "A lighthouse keeper" in shown and "The lighthouse stays lit" in shown
        assert "Motivation paragraph 1." in shown and "Motivation paragraph 3." in shown
        assert "Motivation paragraph 0." not in shown  # not a neighbour: left out
        assert "Abstract paragraph 0." not in shown
        # the current match stayed on its row of the screen (as near as the end allows)
        wanted = view._rows.row_of(match.line) - on_screen
        assert round(view.scroll_y) == min(wanted, round(view.max_scroll_y))
        # on screen: the neighbours dimmed, the matching paragraph not, the gaps marked
        top = round(view.scroll_y)
        seen = {"dim": 0, "plain": 0, "gap": 0}
        for y in range(view.scrollable_content_region.height):
            line = excerpt.rows[top + y] if top + y < len(excerpt.rows) else None
            dim = any(s.style is not None and s.style.dim for s in view.render_line(y))
            if line == GAP:
                assert row(app, y) == GAP_MARK
                seen["gap"] += 1
            elif line is not None and line >= 0 and view._lines[line].text.strip():
                assert dim == (line in excerpt.dimmed), row(app, y)
                seen["dim" if dim else "plain"] += 1
        assert all(seen.values()), seen
        # n and N still step through the matches
        await pilot.press("N")
        await settle(pilot)
        assert view.border_subtitle.endswith("match 1/2")
        await pilot.press("n")
        await settle(pilot)
        on_screen = view._rows.row_of(match.line) - round(view.scroll_y)
        # toggled again: the whole article, the current match where it was on screen
        await pilot.press("ampersand")
        await settle(pilot)
        assert view.border_subtitle == "match 2/2"
        assert view._rows.row_of(match.line) == match.line
        assert match.line - round(view.scroll_y) == on_screen
        assert len(view._lines) + 1 == view.virtual_size.height


async def test_the_search_answered_again_keeps_the_current_match_and_the_view(
    long_corpus: Path,
) -> None:
    # Each answer to the query typed (the best so far, then the complete ranking) lists the
    # hits anew, and the best hit, already open, was read and shown again: a match stepped
    # to with n in the meantime went back to the first.
    async with started(long_corpus) as (app, pilot):
        await type_query(pilot, "lighthouse")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n", "ampersand")
        await settle(pilot)
        view = view_of(app)
        top = view.scroll_y
        screen = main(app)
        assert screen.session.search is not None
        screen.searching.ask(screen.session.search)  # as when the complete ranking comes
        await settle(pilot)
        assert view.border_subtitle.endswith("match 2/2")
        assert view._rows.excerpt is not None and view.scroll_y == top


async def test_only_matching_needs_a_search_and_stays_on_for_the_next_result(
    long_corpus: Path,
) -> None:
    async with started(long_corpus) as (app, pilot):
        await open_title(app, pilot, PEP_TITLE)
        await pilot.press("ampersand")
        await settle(pilot)
        assert status(app) == "No search: type / to search"
        assert view_of(app)._rows.excerpt is None
        await type_query(pilot, "reading")
        await pilot.press("enter")
        await settle(pilot)
        await run_command(pilot, "Only matching paragraphs")
        view = view_of(app)
        assert view._rows.excerpt is not None
        first = view.article
        await pilot.press("escape", "j", "enter")  # the next result, opened
        await settle(pilot)
        assert view.article is not first and view.matches
        assert view.border_subtitle.startswith("matching paragraphs:")
        await pilot.press("slash", "escape")  # the search is over: the whole article
        await settle(pilot)
        assert view._rows.excerpt is None and not view.only_matching


# --- reading progress in the list -------------------------------------------------------------


def meta_row(app: ReaderApp, title: str) -> str:
    """The second line of an article's row in the list."""
    lst = app.query_one(ArticleList)
    n = titles(app).index(title)
    lst.scroll_to(y=0, animate=False, immediate=True)
    return lst.render_line(2 * n + 1).text.strip()


async def test_the_list_shows_how_far_an_article_was_read(
    long_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with started(long_corpus) as (app, pilot):
        assert "% read" not in meta_row(app, PEP_TITLE)
        await open_title(app, pilot, PEP_TITLE)
        await pilot.press("space", "space")
        await settle(pilot)
        view = view_of(app)
        percent = view.progress()
        assert percent is not None and 0 < percent < 100
        await pilot.press("escape", "j")  # to the list, and on to another article
        await settle(pilot)
        assert meta_row(app, PEP_TITLE).startswith(f"{percent}% read · ")
        assert "% read" not in meta_row(app, "Notes on reading")  # it fits: nothing to say
        await open_title(app, pilot, PEP_TITLE)
        await pilot.press("end", "escape", "j")  # read to its end: read, no percentage
        await settle(pilot)
        assert "% read" not in meta_row(app, PEP_TITLE)
        await open_title(app, pilot, PEP_TITLE)
        await pilot.press("g", "space", "escape", "j")  # it opens at its end: back up
        await settle(pilot)
        again = meta_row(app, PEP_TITLE)
        assert "% read · " in again
    async with started(long_corpus) as (app, pilot):  # remembered across a restart
        with monkeypatch.context() as no_files:  # drawn from the state alone

            def refused(*args: object, **kwargs: object) -> None:
                raise AssertionError(f"a file was touched: {args}")

            no_files.setattr("builtins.open", refused)
            no_files.setattr(os, "stat", refused)
            assert meta_row(app, PEP_TITLE) == again


# --- the file in the editor -------------------------------------------------------------------


def editor_script(tmp_path: Path, name: str = "vim") -> tuple[Path, Path]:
    """A tiny editor named so: it writes its arguments, one a line, to a file."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    script = folder / name
    written = tmp_path / "argv.txt"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{written}'\n", encoding="utf-8")
    script.chmod(0o755)
    return script, written


def file_lines_with(path: Path, word: str) -> list[int]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return [n + 1 for n, line in enumerate(lines) if word in line.lower()]


@pytest.fixture
def suspendable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot's headless terminal cannot be handed to another program: suspending is a no-op
    (the editor then runs, for real, with no terminal to draw on; the tmux test has one)."""
    monkeypatch.setattr(ReaderApp, "suspend", lambda self: contextlib.nullcontext())


async def test_e_opens_the_editor_at_the_line_of_the_current_match(
    long_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suspendable: None
) -> None:
    script, written = editor_script(tmp_path)
    monkeypatch.setenv("EDITOR", f"{script} -n")
    monkeypatch.delenv("VISUAL", raising=False)
    pep = long_corpus / "pep-9999.txt"
    first, second = file_lines_with(pep, "lighthouse")
    async with started(long_corpus) as (app, pilot):
        await type_query(pilot, "lighthouse")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert written.read_text().split("\n")[:-1] == ["-n", f"+{first}", str(pep)]
        await pilot.press("n", "e")
        await settle(pilot)
        assert written.read_text().split("\n")[:-1] == ["-n", f"+{second}", str(pep)]
        written.unlink()
        await run_command(pilot, "Open in $EDITOR")  # the palette's command does the same
        assert written.read_text().split("\n")[:-1] == ["-n", f"+{second}", str(pep)]


async def test_e_without_a_search_opens_at_the_top_of_the_screen(
    long_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suspendable: None
) -> None:
    script, written = editor_script(tmp_path, "hx")
    monkeypatch.setenv("VISUAL", str(script))  # VISUAL before EDITOR
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    pep = long_corpus / "pep-9999.txt"
    async with started(long_corpus) as (app, pilot):
        await open_title(app, pilot, PEP_TITLE)
        await pilot.press(*["right_square_bracket"] * 4)  # "Keys that move" at the top
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
    line = pep.read_text(encoding="utf-8").split("\n").index("Keys that move") + 1
    assert written.read_text().split("\n")[:-1] == [f"{pep}:{line}"]


async def test_e_with_no_editor_set_says_so(
    long_corpus: Path, monkeypatch: pytest.MonkeyPatch, suspendable: None
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "")
    async with started(long_corpus) as (app, pilot):
        await open_title(app, pilot, PEP_TITLE)
        await pilot.press("e")
        await settle(pilot)
        assert status(app).startswith("No editor: set $VISUAL or $EDITOR")


async def test_a_file_named_like_an_option_is_never_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suspendable: None
) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "-rf.txt").write_text("Odd name\n\nA body of text.\n", encoding="utf-8")
    script, written = editor_script(tmp_path, "nano")
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    async with started(folder) as (app, pilot):
        assert main(app).view.selected is not None
        await pilot.press("enter", "e")
        await settle(pilot)
    argv = written.read_text().split("\n")[:-1]
    assert argv[-1] == str((folder / "-rf.txt").resolve()) and argv[-1].startswith("/")
    assert not any(arg.startswith("-") for arg in argv)
