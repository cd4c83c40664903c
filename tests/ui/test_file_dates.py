"""A date the article does not state is its file's time, and is said to be (issue 26 item 5:
the sample article showed the day reader was installed as if it were its own)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from rich.console import Console

from reader.core.article import load_article, read_summary
from reader.tui.widgets.article_layout import layout_article
from reader.tui.widgets.article_list import meta_line
from tests.ui.conftest import STYLES

SAVED = time.mktime((2026, 12, 6, 12, 0, 0, 0, 0, -1))


def article_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    os.utime(path, (SAVED, SAVED))
    return path


def shown(path: Path) -> tuple[str, str]:
    """The list row's dim line and the pane's metadata line (the one after the title)."""
    st = path.stat()
    row = meta_line(read_summary(str(path), st.st_size, st.st_mtime))
    lines = layout_article(load_article(path), 80, Console(width=200), STYLES)
    return row, lines[1].text


def test_an_undated_article_shows_its_file_time_as_such(tmp_path: Path) -> None:
    row, pane = shown(article_file(tmp_path, "A title\n\nA paragraph of words.\n"))
    assert "saved 6 Dec 2026" in row and "saved 6 Dec 2026" in pane


def test_a_stated_date_is_shown_plain(tmp_path: Path) -> None:
    row, pane = shown(article_file(tmp_path, "A title\n\nPublished November 17, 2024\n\nWords.\n"))
    assert "17 Nov 2024" in row and "saved" not in row
    assert "17 Nov 2024" in pane and "saved" not in pane
