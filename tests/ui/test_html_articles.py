"""A saved web page in the app (issue 28): listed by its headline, read as its article (the
page's furniture gone, its table aligned, its links listed), searched, its matches walked
with n, marked read like any article."""

from __future__ import annotations

from pathlib import Path

from reader.tui.widgets.article_view import ArticleView
from tests.ui.conftest import screen_text, settle, started, titles, type_query

PROSE = (
    "The harbour committee met on Tuesday evening, and after a long debate about the budget, "
    "the ferry timetable and the new library near the station, it agreed to rebuild the pier. "
)
PAGE = f"""<!DOCTYPE html><html><head><title>Pier to be rebuilt | Harbour News</title>
<meta name="author" content="Ann Lee"><meta property="og:site_name" content="Harbour News">
<script>document.write("scriptword")</script></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport pages</a></nav>
<article><h1>Pier to be rebuilt</h1><p>{PROSE}</p><p>{PROSE} Read the
<a href="https://harbour.example/plans">plans</a>.</p>
<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2025</td><td>4 million</td></tr></table>
<p>{PROSE} A fisherman said the pier was older than the town.</p></article>
<footer>Copyright Harbour News</footer></body></html>"""


async def test_a_saved_page_is_listed_read_and_searched(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "pier.html").write_text(PAGE, encoding="utf-8")
    (folder / "notes.txt").write_text("Notes\n\nAbout the ferry.\n", encoding="utf-8")
    async with started(folder, size=(100, 50)) as (app, pilot):
        assert sorted(titles(app)) == ["Notes", "Pier to be rebuilt"]
        await type_query(pilot, "pier")
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "Ann Lee · Harbour News" in shown
        assert "Year | Cost" in shown and "2025 | 4 million" in shown
        assert "Links in this article:" in shown
        assert "[1] plans: https://harbour.example/plans" in shown
        for furniture in ("Sport pages", "Copyright", "scriptword"):
            assert furniture not in shown
        view = app.query_one(ArticleView)
        assert view.border_subtitle == "match 1/5"  # the title's, then four in the text
        await pilot.press("n", "n", "n", "n")
        assert view.border_subtitle == "match 5/5"
