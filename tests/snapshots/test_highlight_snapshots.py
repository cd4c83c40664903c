"""The look of highlights and notes (issue 27), pinned as SVG snapshots: the highlighted
article with the reading cursor on a highlight and its note said, in a dark and a light
theme, and the folder's highlights (\"); review them by eye when they change."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.tui.app import ReaderApp
from tests.snapshots.test_snapshots import fixed_seed  # noqa: F401 (a fixture)
from tests.ui.conftest import settle


async def highlighted(pilot) -> None:
    """Two passages highlighted by key, the second with a note, the cursor back on it."""
    await settle(pilot)
    await pilot.press("enter")  # into the article
    await pilot.press("right_parenthesis", "right_parenthesis", "h")
    await pilot.press("right_curly_bracket", "v", "right_parenthesis", "h")
    await pilot.press("a", *"Worth [b]quoting[/b] *later*", "enter")
    await settle(pilot)
    await pilot.press("left_parenthesis")
    await settle(pilot)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "gruvbox"])
def test_highlighted_article(snap_compare, fixed_seed: Path, theme: str) -> None:  # noqa: F811
    async def run(pilot) -> None:
        pilot.app.theme = theme
        await highlighted(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=run)


def test_all_highlights_view(snap_compare, fixed_seed: Path) -> None:  # noqa: F811
    async def run(pilot) -> None:
        await highlighted(pilot)
        await pilot.press("quotation_mark")
        await settle(pilot)

    assert snap_compare(ReaderApp(fixed_seed), terminal_size=(120, 40), run_before=run)
