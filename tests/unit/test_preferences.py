"""The theme last chosen, kept once for every folder."""

from __future__ import annotations

from pathlib import Path

from reader.core.preferences import load_theme, save_theme, theme_file


def test_a_saved_theme_is_loaded_back() -> None:
    assert load_theme() is None  # never chosen
    assert save_theme("catppuccin-mocha") is None
    assert theme_file().read_text(encoding="utf-8") == "catppuccin-mocha\n"
    assert load_theme() == "catppuccin-mocha"
    save_theme("nord")
    assert load_theme() == "nord"
    assert [p.name for p in theme_file().parent.iterdir()] == ["theme"]  # no temporary left


def test_a_damaged_theme_file_is_no_theme(tmp_path: Path) -> None:
    path = tmp_path / "theme"
    path.write_bytes(b"\xff\xfe not a name [bold]\n")
    assert load_theme(path) is None
    path.write_text("", encoding="utf-8")
    assert load_theme(path) is None


def test_a_theme_that_cannot_be_saved_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    problem = save_theme("nord", blocker / "theme")  # its folder is a file
    assert problem is not None and "could not be saved" in problem
