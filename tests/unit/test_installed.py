"""Another distribution owning `reader/` beside reader-tui is named in one line at start."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import reader.launch.reader_tui as launcher
from reader.core.installed import VERSION
from reader.launch.reader_tui import main


def dist_info(folder: Path, name: str, *, top_level: str | None, record: str = "") -> None:
    meta = folder / name
    meta.mkdir(parents=True)
    if top_level is not None:
        (meta / "top_level.txt").write_text(top_level)
    (meta / "RECORD").write_text(record)


def test_the_feed_reader_library_is_named(tmp_path: Path) -> None:
    dist_info(tmp_path, "reader-3.26.dist-info", top_level="reader\n")
    dist_info(tmp_path, "reader_tui-0.1.0.dist-info", top_level="reader\n")  # this app
    dist_info(tmp_path, "readability_lxml-0.8.1.dist-info", top_level="readability\n")
    others = launcher.other_distributions([str(tmp_path)])
    assert others == [launcher.OtherDistribution("reader", "3.26", str(tmp_path))]
    line = launcher.clash_line([str(tmp_path)])
    assert line is not None and "\n" not in line
    assert "reader 3.26" in line and "pipx install reader-tui" in line


def test_a_distribution_without_top_level_is_read_from_its_record(tmp_path: Path) -> None:
    dist_info(tmp_path, "Reader-2.0.dist-info", top_level=None, record="reader/__init__.py,,\n")
    dist_info(tmp_path, "reader_lite-1.0.dist-info", top_level=None, record="lite/x.py,,\n")
    names = [other.name for other in launcher.other_distributions([str(tmp_path)])]
    assert names == ["Reader"]


def test_an_editable_install_of_this_app_is_not_a_clash(tmp_path: Path) -> None:
    """An editable install lists a .pth file, not reader/: nothing said (this checkout's own
    venv before the rename had one named `reader`)."""
    dist_info(tmp_path, "reader-0.1.0.dist-info", top_level=None, record="_editable.pth,,\n")
    assert launcher.clash_line([str(tmp_path), str(tmp_path / "missing"), ""]) is None


def test_nothing_is_said_without_a_clash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["reader", "--version"])
    with pytest.raises(SystemExit):
        main()
    out = capsys.readouterr()
    assert out.out.strip() == f"reader {VERSION}" and out.err == ""


def test_the_line_comes_first_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dist_info(tmp_path, "reader-3.26.dist-info", top_level="reader\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["reader", "search", "-C", str(tmp_path / "no"), "x"])
    assert main() != 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("reader: warning: the package reader 3.26") and len(err) >= 2


def test_reader_failing_to_import_is_said_in_a_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The other package's reader/__init__.py, written over reader's, fails on reader's
    reader/core/ ("cannot import name 'Reader' from 'reader.core'"): one line, no traceback."""
    monkeypatch.setitem(sys.modules, "reader.cli", None)  # importing it raises ImportError
    monkeypatch.setattr(sys, "argv", ["reader"])
    assert main() == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("reader: cannot start") and "pipx install --force reader-tui" in err
