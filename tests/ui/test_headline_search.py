"""In the app, the words of one headline typed in the search box put that article first."""

from __future__ import annotations

import random
from pathlib import Path

from tests.ui.conftest import settle, started, titles, type_query

FILLER = "the council met to discuss the budget roads schools parks and library hours".split()


async def test_headline_words_typed_show_that_article_first(tmp_path: Path) -> None:
    rnd = random.Random(3)
    root = tmp_path / "town"
    root.mkdir()
    for n in range(30):
        body = " ".join(rnd.choice(FILLER) for _ in range(50))
        text = f"{body} the abandoned mill stays abandoned"
        (root / f"note_{n:02}.txt").write_text(f"Council note {n}\n\n{text}.\n")
    body = "\n\n".join(" ".join(rnd.choice(FILLER) for _ in range(100)) for _ in range(10))
    (root / "feature.txt").write_text(f"Abandoned railway becomes a park\n\n{body}\n")
    async with started(root) as (app, pilot):
        await type_query(pilot, "abandoned")
        assert titles(app)[0] == "Abandoned railway becomes a park"
        await pilot.press(*" rail")  # a second word, as it is being typed
        await settle(pilot)
        assert titles(app)[0] == "Abandoned railway becomes a park"
