"""Highlights and notes in the app (issue 27): the reading cursor moves by sentence and by
paragraph, a selection extends, h highlights, H highlights the search match's sentence, a
writes a note, d deletes, u undoes each; the list's rows and the status line show them; '
lists the article's and " the folder's, each going to its place; y and Y copy them as
`reader highlights` prints them; has:highlights keeps a search to them. Each from the
palette too."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from reader.cli import main as cli
from reader.core.highlight_export import markdown_of, of_article
from reader.core.highlights import Highlights
from reader.core.state import state_file
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_layout import MARGIN
from reader.tui.widgets.highlights_screen import HighlightsScreen
from reader.tui.widgets.note_screen import NoteScreen
from tests.ui.conftest import (
    main,
    run_command,
    settle,
    started,
    status,
    until,
    unwrapped,
    write_article,
)

FIRST = "The bridge was built in 1931. It carried trains until the war. Then it fell."
SECOND = "Nobody remembers the old bridge now. The museum keeps one stone."


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    write_article(root, "bridge.txt", "The Bridge", FIRST, SECOND)
    write_article(root, "other.txt", "Another Story", "Nothing to see. Really nothing.")
    return root


async def open_bridge(app: ReaderApp, pilot: object) -> None:
    screen = main(app)
    await until(pilot, lambda: screen.highlights is not None, "highlights opened")  # type: ignore[arg-type]
    path = next(s.path for s in screen.library.summaries if s.title == "The Bridge")
    screen.open_article(path)
    await until(pilot, lambda: screen.panes.article_view.article is not None)  # type: ignore[arg-type]
    await settle(pilot)  # type: ignore[arg-type]


def kept(app: ReaderApp) -> list[tuple[str, str]]:
    store = main(app).highlights
    assert store is not None
    return [(h.quote, h.note) for h in store.every()]


async def test_sentences_and_paragraphs_then_a_highlight_a_note_and_undo(corpus: Path) -> None:
    async with started(corpus) as (app, pilot):
        await open_bridge(app, pilot)
        await pilot.press("right_parenthesis")  # the cursor appears on the first sentence
        await pilot.press("right_parenthesis")
        await pilot.press("h")
        assert kept(app) == [("It carried trains until the war.", "")]
        assert "Highlighted" in status(app)
        await pilot.press("right_curly_bracket")  # the next paragraph's first sentence
        await pilot.press("v", "right_parenthesis", "h")  # two sentences selected
        quotes = {q for q, _ in kept(app)}
        assert SECOND in quotes
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen), "the note dialog")
        await pilot.press(*"old [b]stones[/b]", "enter")
        await until(pilot, lambda: not isinstance(app.screen, NoteScreen))
        assert (SECOND, "old [b]stones[/b]") in kept(app)
        assert "Note written" in status(app)
        await pilot.press("left_parenthesis")  # on the highlight: its note is said
        assert "✎ old [b]stones[/b]" in status(app)  # the note as typed, never as markup
        await pilot.press("u")  # the note undone
        assert (SECOND, "") in kept(app)
        await pilot.press("d")  # deleted
        assert SECOND not in {q for q, _ in kept(app)}
        await pilot.press("u")  # and back
        assert SECOND in {q for q, _ in kept(app)}
        await pilot.press("u", "u")  # the two highlights made, undone
        assert kept(app) == []


async def test_highlights_are_saved_and_drawn_after_a_relaunch_and_an_edit_above(
    corpus: Path,
) -> None:
    async with started(corpus) as (app, pilot):
        await open_bridge(app, pilot)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "h")
        assert kept(app) == [("Nobody remembers the old bridge now.", "")]
    path = corpus / "bridge.txt"
    path.write_text(path.read_text().replace("The Bridge\n\n", "The Bridge\n\nA new lead.\n\n"))
    async with started(corpus) as (app, pilot):
        await open_bridge(app, pilot)
        cursor = main(app).panes.article_view.cursor
        (span,) = cursor.spans.values()
        assert cursor.text[span[0] : span[1]] == "Nobody remembers the old bridge now."
        assert any(cursor.highlighted_on(line) for line in range(40))


async def test_h_on_a_search_match_highlights_its_sentence(corpus: Path) -> None:
    async with started(corpus) as (app, pilot):
        await until(pilot, lambda: main(app).highlights is not None)
        await pilot.press("slash", *"museum", "enter")
        await until(pilot, lambda: bool(main(app).panes.article_view.matches), "a match")
        await settle(pilot)
        await pilot.press("H")
        assert kept(app) == [("The museum keeps one stone.", "")]


async def test_the_article_list_and_the_folder_list_go_to_each_highlight(corpus: Path) -> None:
    async with started(corpus) as (app, pilot):
        await open_bridge(app, pilot)
        await pilot.press("right_parenthesis", "h")  # the first sentence
        await pilot.press("right_curly_bracket", "h")
        await pilot.press("apostrophe")
        await until(pilot, lambda: isinstance(app.screen, HighlightsScreen))
        assert len(app.screen.rows) == 2  # type: ignore[attr-defined]
        await pilot.press("down", "enter")
        await settle(pilot)
        cursor = main(app).panes.article_view.cursor
        assert cursor.selection() is not None
        start, end = cursor.selection() or (0, 0)
        assert cursor.text[start:end] == "Nobody remembers the old bridge now."
        # the folder's: from another article, typed to narrow, opens the bridge at its place
        other = next(s.path for s in main(app).library.summaries if s.title == "Another Story")
        main(app).open_article(other)
        await settle(pilot)
        await pilot.press("quotation_mark")
        await until(pilot, lambda: isinstance(app.screen, HighlightsScreen))
        await pilot.press(*"1931", "enter")
        await settle(pilot)
        view = main(app).panes.article_view
        assert view.article is not None and view.article.title == "The Bridge"
        start, end = view.cursor.selection() or (0, 0)
        assert view.cursor.text[start:end] == "The bridge was built in 1931."
        assert "❝2" in "".join(
            strip.text for strip in (main(app).panes.article_list.render_line(y) for y in range(8))
        )


async def test_copy_puts_what_reader_highlights_prints_on_the_clipboard(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(ReaderApp, "copy_to_clipboard", lambda self, text: copied.append(text))
    async with started(corpus) as (app, pilot):
        await open_bridge(app, pilot)
        await pilot.press("right_parenthesis", "h", "right_curly_bracket", "h")
        await pilot.press("Y")
        view = main(app).panes.article_view
        assert view.article is not None
        store = main(app).highlights
        assert store is not None
        path = str(view.article.path)
        assert copied == [markdown_of(of_article(path, view.article, store.of(path)))]
        assert "> The bridge was built in 1931." in copied[0]
        await pilot.press("y")
        assert copied[-1].count("> ") == 1 and "Nobody remembers" in copied[-1]
    assert cli(["highlights", str(corpus)]) == 0
    printed = capsys.readouterr().out
    assert printed == "# Highlights\n\n" + copied[0]  # what the app copies, the CLI prints


async def test_each_point_works_from_the_palette(corpus: Path) -> None:
    async with started(corpus) as (app, pilot):
        await open_bridge(app, pilot)
        main(app).panes.article_view.focus()
        await pilot.press("right_parenthesis")
        await run_command(pilot, "Highlight")
        assert len(kept(app)) == 1
        await run_command(pilot, "All highlights")
        await until(pilot, lambda: isinstance(app.screen, HighlightsScreen))


async def test_has_highlights_keeps_a_search_to_the_articles_with_highlights(
    corpus: Path,
) -> None:
    with Highlights(state_file(corpus)) as store:
        from reader.core.anchoring import make_anchor

        text = "The bridge was built in 1931."
        store.add(str(corpus / "bridge.txt"), make_anchor(text, 0, len(text)))
    async with started(corpus) as (app, pilot):
        await until(pilot, lambda: main(app).highlights is not None)
        await pilot.press("slash", *"has:highlights")
        await until(
            pilot,
            lambda: [s.title for s in main(app).panes.article_list.summaries] == ["The Bridge"],
            "only the highlighted article",
        )


async def test_a_click_puts_the_cursor_on_a_sentence_and_a_drag_selects(corpus: Path) -> None:
    async with started(corpus) as (app, pilot):
        await open_bridge(app, pilot)
        view = main(app).panes.article_view
        cursor = view.cursor
        cursor.move("sentence", 0, 0)  # (only to find where the sentences are drawn)
        first, last = cursor.units[0], cursor.units[-1]
        start_line, start_cell = cursor.cells_of(0)[0][:2]
        end_line, end_cell = cursor.cells_of(len(cursor.units) - 1)[0][:2]
        cursor.at = None
        dx = view.content_region.x - view.region.x + MARGIN
        dy = view.content_region.y - view.region.y - round(view.scroll_y)
        await pilot.click(view, offset=(dx + start_cell, dy + start_line))
        assert cursor.at == 0
        await pilot.mouse_down(view, offset=(dx + start_cell, dy + start_line))
        # a drag: the pointer moved with the button held (Pilot's hover moves it with none)
        to = (dx + end_cell, dy + end_line)
        await pilot._post_mouse_events([events.MouseMove], view, to, button=1)
        await pilot.mouse_up(view)
        assert cursor.selection() == (first.start, last.end)
        await pilot.press("h")
        assert kept(app) == [(FIRST + "\n\n" + SECOND, "")]


def test_sentences_placed_block_by_block_stand_where_a_walk_of_the_whole_body_puts_them() -> None:
    """The cursor places a plain article's sentences on their block's own lines, when first
    asked for (a walk of a 1.8 MB article's every sentence held the screen 1.7 s): the cells
    are those of the walk of the whole body that Markdown articles still take."""
    from rich.console import Console

    from reader.core.article import parse_text
    from reader.tui.widgets.article_layout import Layout
    from reader.tui.widgets.reading_cursor import ReadingCursor
    from tests.ui.conftest import STYLES

    body = "\n\n".join(
        f"Paragraph {n} opens here. It goes on, e.g. with U.S. words! And ends {n}."
        for n in range(40)
    )
    article = parse_text(f"Title\n\n{body}\n", path=Path("/x.txt"))
    layout = Layout.build(article, 30, Console(width=100), STYLES, frozenset())
    by_block, whole = ReadingCursor(), ReadingCursor()
    for cursor, parts in ((by_block, layout.parts), (whole, [])):
        cursor.show(article)
        cursor.laid_out(layout.lines, layout.body, parts)
    assert by_block._parts is not None and whole._parts is None
    assert len(by_block.units) == 120
    for n in (119, 0, 57):
        assert by_block.cells_of(n) == whole.cells_of(n) != []
    line, cell, _ = whole.cells_of(57)[0]
    assert by_block.unit_at(line, cell) == whole.unit_at(line, cell) == 57
    assert by_block.unit_at(line) == whole.unit_at(line)


async def test_a_read_only_state_shows_highlights_and_says_a_new_one_is_lost(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As test_state_read_only_ui.py simulates a read-only state folder."""
    import sqlite3

    from reader.core.anchoring import make_anchor

    path = state_file(corpus.resolve())
    with Highlights(path) as store:
        store.add(str(corpus.resolve() / "bridge.txt"), make_anchor(FIRST, 0, 29), "old")

    def cannot_open(*_args: object, **_kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    for module in ("state_store", "article_table", "search_tables"):
        monkeypatch.setattr(f"reader.core.{module}.connect", cannot_open)
    async with started(corpus) as (app, pilot):
        await open_bridge(app, pilot)
        assert status(app).count("Reading state is read-only: changes won't be kept") == 1
        assert kept(app) == [("The bridge was built in 1931.", "old")]
        await pilot.press("right_curly_bracket", "right_curly_bracket", "h")
        await until(pilot, lambda: len(kept(app)) == 2, "the highlight made")  # type: ignore[arg-type]
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 1
    err = unwrapped(capsys.readouterr().err)
    # both the reading place and the new highlight are said lost (the message in full when
    # it fails: pytest would cut the middle of it)
    for lost in ("1 mark could not be saved", "1 highlight change could not be saved"):
        assert unwrapped(f"{lost}: cannot write") in err, err


async def test_a_markdown_article_is_highlighted_where_rich_draws_it(tmp_path: Path) -> None:
    root = tmp_path / "md"
    root.mkdir()
    (root / "notes.md").write_text(
        "# Field notes\n\nSome *emphasis* here. A [link](http://x) there.\n\n"
        "## Later\n\n- first item of the list\n- second item\n\nThe last line. Really last.\n"
    )
    async with started(root) as (app, pilot):
        await until(pilot, lambda: main(app).highlights is not None)
        main(app).open_article(str(root.resolve() / "notes.md"))
        await settle(pilot)
        view = main(app).panes.article_view
        assert view.article is not None and view.article.markdown is not None
        await pilot.press("right_parenthesis", "right_parenthesis", "h")
        ((quote, _),) = kept(app)
        assert quote == "A link there."
        (span,) = view.cursor.spans.values()
        drawn = [
            view._lines[line].text[a:b]
            for line in range(len(view._lines))
            for a, b in view.cursor.highlighted_on(line)
        ]
        assert "".join(drawn).split() == ["A", "link", "there."]
