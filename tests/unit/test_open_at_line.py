"""Opening an article's file in the editor at the place being read: the line of the file a
place in the laid-out text comes from, and the editor's command (never a shell string)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from reader.core.locate import Spot, line_in_file, source_line
from reader.tui.external import editor, editor_argv

SOURCE = """\
Missile strikes: a title

By Jane Roe

The first paragraph mentions a missile
strike near the border, and then goes on
about other things entirely.

A second paragraph, with a **missile strike** in bold, and
a [missile strike](https://example.org/missile-strike) as a link.

The third missile strike
is here.
"""


def line_of(word_line: str, word: str, earlier: list[tuple[str, str]] = ()) -> int | None:
    """The source line of word in a laid-out line, after earlier (line, word) places."""
    spots = [Spot(text, text.index(w)) for text, w in [*earlier, (word_line, word)]]
    return source_line(SOURCE, spots)


def test_a_reflowed_line_is_found_by_its_words() -> None:
    # laid out in a wide column, the first paragraph is one line: "strike" is on line 6
    wide = "The first paragraph mentions a missile strike near the border, and then goes on"
    assert line_of(wide, "strike") == 6
    assert line_of(wide, "missile") == 5
    assert line_of(wide, "border") == 6


def test_markup_between_the_words_is_passed_over() -> None:
    laid = "A second paragraph, with a missile strike in bold, and a missile strike as a link."
    assert line_of(laid, "bold") == 9
    # the link's text: its address (with the same words) stands between it and "as"; the
    # matches before it, as a search has them, tell it from the other "a missile strike"s
    first = "The first paragraph mentions a missile strike near the border, and then goes on"
    spots = [
        Spot(first, first.index("missile")),
        Spot(laid, laid.index("missile")),
        Spot(laid, laid.rindex("missile")),
    ]
    assert source_line(SOURCE, spots) == 10
    assert source_line(SOURCE, spots[:2]) == 9


def test_the_same_words_again_are_told_apart_by_their_order() -> None:
    first = "The first paragraph mentions a missile strike near the border"
    second = "A second paragraph, with a missile strike in bold, and"
    third = "The third missile strike is here."
    places = [(first, "strike"), (second, "strike")]
    assert line_of(third, "strike", places) == 12
    assert line_of(second, "strike", places[:1]) == 9
    # the word alone, when its neighbours are not in the file (the metadata line's)
    assert line_of("Jane Roe · example.org · 1,234 words", "Roe") == 3
    assert line_of("nothing like this", "nothing") is None
    assert source_line(SOURCE, []) is None


def test_line_in_file_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(SOURCE.replace("\n", "\r\n").encode("utf-16"))  # any encoding, CRLF
    assert line_in_file(path, [Spot("The third missile strike is here.", 10)]) == 12
    assert line_in_file(tmp_path / "gone.txt", [Spot("missile", 0)]) is None


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("vi", ["vi", "+12", "/f/a.txt"]),
        ("vim", ["vim", "+12", "/f/a.txt"]),
        ("/usr/bin/nvim", ["/usr/bin/nvim", "+12", "/f/a.txt"]),
        ("nano", ["nano", "+12", "/f/a.txt"]),
        ("emacs -nw", ["emacs", "-nw", "+12", "/f/a.txt"]),
        ("emacsclient -t", ["emacsclient", "-t", "+12", "/f/a.txt"]),
        ("micro", ["micro", "+12", "/f/a.txt"]),
        ("hx", ["hx", "/f/a.txt:12"]),
        ("helix", ["helix", "/f/a.txt:12"]),
        ("code --wait", ["code", "--wait", "/f/a.txt"]),  # not known: the file alone
        ("'/opt/my editor/ed'", ["/opt/my editor/ed", "/f/a.txt"]),
    ],
)
def test_each_editor_is_told_the_line_its_own_way(command: str, expected: list[str]) -> None:
    assert editor_argv(shlex.split(command), "/f/a.txt", 12) == expected


def test_no_line_the_file_alone_and_paths_are_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert editor_argv(["vim"], "/f/a.txt", None) == ["vim", "/f/a.txt"]
    monkeypatch.chdir(tmp_path)
    argv = editor_argv(["vim"], "-c:!rm -rf ~.txt", 3)  # a name like an option is a file
    assert argv == ["vim", "+3", str(tmp_path / "-c:!rm -rf ~.txt")]


def test_visual_then_editor_then_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "nvim -R")
    monkeypatch.setenv("EDITOR", "nano")
    assert editor() == ["nvim", "-R"]
    monkeypatch.setenv("VISUAL", "")
    assert editor() == ["nano"]
    monkeypatch.setenv("VISUAL", "'unbalanced")
    assert editor() == ["nano"]
    monkeypatch.delenv("VISUAL")
    monkeypatch.delenv("EDITOR")
    assert editor() is None
