"""Marks and tags on every result (the palette) and on one article: each says what it did, in
words that fit the count, and what the tag dialog does shows at once, before it closes."""

from __future__ import annotations

from pathlib import Path

from reader.tui.library import IndexProgressed
from reader.tui.widgets.tag_screen import TagScreen
from tests.ui.conftest import main, run_command, screen_text, settle, started, status, type_query

STORMS = "Storms sweep across the plains"


def rows(app) -> str:
    """The list's rows as the screen shows them (the left pane, at 120 columns)."""
    return "\n".join(line[:47] for line in screen_text(app).splitlines()[5:-2])


async def test_every_bulk_action_says_what_it_did(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        state = main(app).state
        assert state is not None
        for command, said in (
            ("Star all results", "Starred 4 articles"),
            ("Unstar all results", "Unstarred 4 articles"),
            ("Mark all results read", "Marked 4 articles read"),
            ("Mark all results unread", "Marked 4 articles unread"),
        ):
            await run_command(pilot, command)
            assert status(app) == f"{said} · u to undo"
        paths = [s.path for s in main(app).panes.article_list.summaries]
        assert not any(state.is_starred(p) or state.is_read(p) for p in paths)
        await run_command(pilot, "Tag all results")
        await pilot.press(*"inbox", "enter")
        await settle(pilot)
        assert status(app) == "Tagged 4 articles #inbox · u to undo"
        await pilot.press("down", "enter")  # takes inbox off the list: off the articles too
        await settle(pilot)
        assert status(app) == "Untagged 4 articles #inbox"  # where it began: nothing to undo
        await pilot.press("escape")
        await type_query(pilot, "storms")  # one result
        for command, said in (
            ("Star all results", "Starred 1 article"),
            ("Unstar all results", "Unstarred 1 article"),
            ("Mark all results read", "Marked 1 article read"),
            ("Mark all results unread", "Marked 1 article unread"),
        ):
            await run_command(pilot, command)
            assert status(app) == f"{said} · u to undo"
        await run_command(pilot, "Tag all results")
        await pilot.press(*"rain", "enter", "escape")
        await settle(pilot)
        assert status(app) == "Tagged 1 article #rain · u to undo"
        await pilot.press("u")
        await settle(pilot)
        assert status(app).startswith("Undone: Tagged 1 article #rain")


async def test_one_article_s_and_m_say_it_in_the_status_line(small_corpus: Path) -> None:
    """A star or a read mark replaces the status line's message, as every action does."""
    async with started(small_corpus) as (app, pilot):
        for key, said in (("s", "Starred"), ("s", "Unstarred"), ("m", "Marked read")):
            await pilot.press(key)
            await settle(pilot)
            assert status(app) == f"{said} · u to undo"


async def test_tag_all_shows_each_tag_at_once(small_corpus: Path) -> None:
    """Enter in the dialog tags the rows and says so, while the dialog is still open."""
    async with started(small_corpus) as (app, pilot):
        await pilot.press("m")  # a message for the status line to replace
        await settle(pilot)
        await run_command(pilot, "Tag all results")
        await pilot.press(*"async", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TagScreen)  # still open
        assert rows(app).count("#async") == 4
        assert status(app) == "Tagged 4 articles #async · u to undo"
        await pilot.press(*"python", "enter")
        await settle(pilot)
        assert rows(app).count("#async #python") == 4
        assert status(app) == "Tagged 4 articles #async #python · u to undo"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")  # one visit, one undo
        await settle(pilot)
        assert "#async" not in rows(app) and "#python" not in rows(app)


async def test_t_shows_each_tag_at_once(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await pilot.press("t", *"war", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TagScreen)
        assert "#war" in rows(app)
        assert status(app) == "Tagged #war · u to undo"


async def test_what_was_done_stays_while_indexing_goes_on(small_corpus: Path) -> None:
    """Indexing's progress (the first index, running as keys are pressed) does not take the
    place of what was just done; it shows again in an idle line."""
    async with started(small_corpus) as (app, pilot):
        await pilot.press("s")
        await settle(pilot)
        main(app).post_message(IndexProgressed(1, 10))
        await settle(pilot)
        assert status(app) == "Starred · u to undo"
        main(app).status_bar.say("")  # nothing said: progress shows
        main(app).post_message(IndexProgressed(2, 10))
        await settle(pilot)
        assert status(app) != ""
