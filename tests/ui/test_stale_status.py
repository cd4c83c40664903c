"""A message about the article (a heading reached, none above) goes when another article is
shown or the view changes (back from the editor): it never stays to mislead."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from reader.tui.app import ReaderApp
from tests.long_pep import long_pep_text
from tests.ui.conftest import settle, started, status


@pytest.fixture
def two_long(tmp_path: Path) -> Path:
    folder = tmp_path / "peps"
    folder.mkdir()
    for n, number in enumerate(("9997", "9998")):
        text = long_pep_text().replace("PEP 9999", f"PEP {number}", 1)
        text = text.replace("Created: 01-Jan-2024", f"Created: 0{n + 1}-Jan-2024")
        path = folder / f"pep-{number}.txt"
        path.write_text(text, encoding="utf-8")
        os.utime(path, (1_700_000_000 + n, 1_700_000_000 + n))  # 9998 newest, first
    return folder


async def test_a_heading_message_goes_when_another_article_is_shown(two_long: Path) -> None:
    async with started(two_long) as (app, pilot):
        await pilot.press("enter", "left_square_bracket")  # PEP 9998, nothing above the top
        await settle(pilot)
        said = status(app)
        assert said in ("At the first heading", "No heading above")
        await pilot.press("escape", "j")  # PEP 9997 shown
        await settle(pilot)
        assert said not in status(app)
        await pilot.press("enter", "right_square_bracket")
        await settle(pilot)
        assert status(app).startswith("Heading 1 of")
        await pilot.press("escape", "k", "enter")  # back in PEP 9998
        await settle(pilot)
        assert not status(app).startswith("Heading")


async def test_a_message_said_since_stays(two_long: Path) -> None:
    """Only what was said of the article goes: a later message (a star) is left alone."""
    async with started(two_long) as (app, pilot):
        await pilot.press("enter", "right_square_bracket", "s")
        await settle(pilot)
        await pilot.press("escape", "j")
        await settle(pilot)
        assert status(app) == "Starred · u to undo"


async def test_a_heading_message_goes_after_the_editor(
    two_long: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pilot's terminal cannot be handed over: suspending does nothing, and the editor (true)
    # runs and ends at once.
    monkeypatch.setattr(ReaderApp, "suspend", lambda self: contextlib.nullcontext())
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.delenv("VISUAL", raising=False)
    async with started(two_long) as (app, pilot):
        await pilot.press("enter", *["right_square_bracket"] * 4)
        await settle(pilot)
        assert status(app).startswith("Heading 4 of")
        await pilot.press("e")
        await settle(pilot)
        assert not status(app).startswith("Heading")
