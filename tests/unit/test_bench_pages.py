"""bench/html_pages.py: the shared set's scoring (SOURCE.md's rules) and its section of the
report, which skips cleanly without ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.html_pages import byline_right, f1, pages_section, score_all, title_right
from tests.conftest import SHARED


def test_the_scoring_rules() -> None:
    assert f1("The cat sat", "the cat sat") == 1.0
    assert f1("the cat", "the cat sat on the mat") == pytest.approx(2 * 1 * (2 / 6) / (1 + 2 / 6))
    assert f1("", "") == 1.0 and f1("dog", "cat") == 0.0
    assert title_right("Pier rebuilt | Harbour News", "pier  rebuilt")
    assert title_right("Pier rebuilt", "Pier rebuilt — Harbour News")
    assert not title_right("Pier", "Pier rebuilt")
    assert byline_right("Ann Lee, Bo Chan", "By Ann Lee")
    assert not byline_right("Ann", "Ann Lee")


def test_without_the_shared_pages_the_section_says_skipped(tmp_path: Path) -> None:
    assert score_all(tmp_path) is None
    assert any(line.startswith("Skipped:") for line in pages_section(tmp_path))


def test_the_shared_pages_are_read(tmp_path: Path) -> None:
    folder = SHARED / "corpora" / "html"
    if not (folder / "expected").is_dir():
        pytest.skip("no ../shared/corpora/html here")
    one = tmp_path / "pages"
    (one / "expected").mkdir(parents=True)
    for name in ("001.html", "expected/001.txt", "expected/001.json"):
        (one / name).write_bytes((folder / name).read_bytes())
    scores = score_all(one)
    assert scores is not None and scores[0].f1 > 0.9 and scores[0].title
