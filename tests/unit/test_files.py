"""reader.core.files: one rule for why a file cannot be read; hashing never opens a non-file."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from reader.core import files
from reader.core.corpus import scan
from reader.core.decoding import UnreadableError
from reader.core.files import file_hash, unreadable_reason
from tests.unit.guards import fifo_and_device, opened_paths, without_hanging


def test_reasons(tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "missing")
    assert unreadable_reason(FileNotFoundError(2, "x", str(link))) == (
        "broken link (its target is missing)"
    )
    assert unreadable_reason(FileNotFoundError(2, "x", str(tmp_path / "gone"))) == "file not found"
    assert unreadable_reason(FileNotFoundError(2, "x")) == "file not found"
    assert unreadable_reason(OSError(errno.ELOOP, "Too many levels")) == "symlink loop"
    assert unreadable_reason(PermissionError(errno.EPERM, "x")) == "permission denied"
    assert unreadable_reason(IsADirectoryError()) == "is a directory"
    assert unreadable_reason(UnreadableError("binary file (PNG)")) == "binary file (PNG)"
    assert unreadable_reason(OSError(errno.EIO, "Input/output error")) == "input/output error"
    assert unreadable_reason(ValueError("odd")) == "cannot be read (ValueError)"


def test_the_scan_and_the_loader_give_the_same_reasons(tmp_path: Path) -> None:
    from reader.core.article import load_article

    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    for stat in scan(tmp_path):
        assert stat.error is not None
        assert load_article(Path(stat.path)).error == stat.error


def test_file_hash_of_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Alpha\n\none")
    found = file_hash(str(path))
    assert found is not None
    assert found[0] == hashlib.sha256(b"Alpha\n\none").hexdigest()
    assert found[1:] == (10, path.stat().st_mtime)
    assert file_hash(str(path), limit=10) is not None
    assert file_hash(str(path), limit=9) is None  # over the cap: not read to the end
    assert file_hash(str(tmp_path / "gone.txt")) is None
    assert file_hash(str(tmp_path)) is None


def test_file_hash_never_opens_a_fifo_or_a_device(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo, zero = fifo_and_device(tmp_path)
    opened = opened_paths(monkeypatch)
    assert without_hanging(lambda: file_hash(str(fifo))) is None
    assert without_hanging(lambda: file_hash(str(zero))) is None
    assert opened == []


def test_file_hash_of_a_file_swapped_for_a_fifo_after_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The FIFO is opened without blocking and refused on the open file."""
    path = tmp_path / "a.txt"
    os.mkfifo(path)
    regular = os.stat_result((0o100644, 0, 0, 1, 0, 0, 10, 0, 0, 0))
    monkeypatch.setattr(files.os, "stat", lambda p: regular)
    assert without_hanging(lambda: file_hash(str(path))) is None
