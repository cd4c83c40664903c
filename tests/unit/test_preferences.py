"""The theme last chosen, kept once for every folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.preferences import (
    ThemeChoice,
    load_choice,
    load_theme,
    save_theme,
    theme_at_start,
    theme_file,
)


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


def test_the_config_theme_a_choice_was_made_over_is_kept() -> None:
    assert save_theme("gruvbox", config="nord") is None
    assert theme_file().read_text(encoding="utf-8") == "gruvbox\nover config: nord\n"
    assert load_choice() == ThemeChoice("gruvbox", "nord")
    assert load_theme() == "gruvbox"


def test_a_file_of_an_older_version_was_chosen_over_no_config(tmp_path: Path) -> None:
    path = tmp_path / "theme"
    path.write_text("nord\n", encoding="utf-8")
    assert load_choice(path) == ThemeChoice("nord", None)
    path.write_text("nord\nover config: [bold]\n", encoding="utf-8")
    assert load_choice(path) == ThemeChoice("nord", None)


@pytest.mark.parametrize(
    ("config", "choice", "theme"),
    [
        (None, None, None),  # the default
        (None, ThemeChoice("nord"), "nord"),
        (None, ThemeChoice("nord", "gruvbox"), "nord"),  # the line was taken out since
        ("gruvbox", None, "gruvbox"),
        ("gruvbox", ThemeChoice("nord", "gruvbox"), "nord"),  # chosen over this very line
        ("dracula", ThemeChoice("nord", "gruvbox"), "dracula"),  # the line changed since
        ("gruvbox", ThemeChoice("nord"), "gruvbox"),  # set since (or an older version's file)
    ],
)
def test_the_later_decision_wins(
    config: str | None, choice: ThemeChoice | None, theme: str | None
) -> None:
    assert theme_at_start(config, choice) == theme
