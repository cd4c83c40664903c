"""The folder watcher: additions, changes and removals are reported once; quiet when idle."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reader.core.corpus import scan
from reader.core.watcher import FolderWatcher


def make(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha\n\none", encoding="utf-8")
    (folder / "b.md").write_text("# Beta", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-")
    return folder


def test_nothing_reported_when_nothing_changed(tmp_path: Path) -> None:
    root = make(tmp_path / "c")
    watcher = FolderWatcher(root, (".txt", ".md"), scan(root))
    for _ in range(3):
        changes = watcher.poll()
        assert not changes
        assert (changes.added, changes.changed, changes.removed) == ([], [], [])
        assert [f.path for f in changes.files] == [str(root / "a.txt"), str(root / "b.md")]


def test_add_change_remove_detected_once(tmp_path: Path) -> None:
    root = make(tmp_path / "c")
    watcher = FolderWatcher(root, (".txt", ".md"), scan(root))
    (root / "sub").mkdir()
    (root / "sub" / "new.txt").write_text("New", encoding="utf-8")
    (root / "ignored.pdf").write_bytes(b"%PDF-")
    (root / "a.txt").write_text("Alpha\n\none, and more", encoding="utf-8")
    os.remove(root / "b.md")
    changes = watcher.poll()
    assert [f.path for f in changes.added] == [str(root / "sub" / "new.txt")]
    assert [f.path for f in changes.changed] == [str(root / "a.txt")]
    assert changes.changed[0].size == len("Alpha\n\none, and more")
    assert changes.removed == [str(root / "b.md")]
    assert [f.path for f in changes.files] == [str(root / "a.txt"), str(root / "sub" / "new.txt")]
    assert not watcher.poll()  # reported once


def test_same_size_rewrite_is_a_change(tmp_path: Path) -> None:
    root = make(tmp_path / "c")
    watcher = FolderWatcher(root, (".txt", ".md"), scan(root))
    before = os.stat(root / "a.txt")
    (root / "a.txt").write_text("ALPHA\n\nONE", encoding="utf-8")
    os.utime(root / "a.txt", ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert [f.path for f in watcher.poll().changed] == [str(root / "a.txt")]


def test_rename_is_a_removal_and_an_addition(tmp_path: Path) -> None:
    root = make(tmp_path / "c")
    watcher = FolderWatcher(root, (".txt", ".md"), scan(root))
    os.rename(root / "a.txt", root / "z.txt")
    changes = watcher.poll()
    assert [f.path for f in changes.added] == [str(root / "z.txt")]
    assert changes.removed == [str(root / "a.txt")] and changes.changed == []


def test_starting_empty_reports_every_file_as_added(tmp_path: Path) -> None:
    root = make(tmp_path / "c")
    watcher = FolderWatcher(root)
    assert len(watcher.poll().added) == 2
    assert not watcher.poll()


def test_a_vanished_root_is_not_every_file_removed(tmp_path: Path) -> None:
    root = make(tmp_path / "c")
    watcher = FolderWatcher(root, (".txt", ".md"), scan(root))
    shutil.move(root, tmp_path / "elsewhere")
    changes = watcher.poll()
    assert not changes and len(changes.files) == 2
    assert watcher.error is not None and str(root) in watcher.error
    shutil.move(tmp_path / "elsewhere", root)
    assert not watcher.poll() and watcher.error is None


def test_unreadable_file_appears_with_its_reason(tmp_path: Path) -> None:
    root = make(tmp_path / "c")
    watcher = FolderWatcher(root, (".txt", ".md"), scan(root))
    os.symlink(root / "missing.txt", root / "dangling.txt")
    changes = watcher.poll()
    assert [f.path for f in changes.added] == [str(root / "dangling.txt")]
    assert changes.added[0].error is not None


def test_a_folder_emptied_at_once_is_not_every_article_removed(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Alpha\n\nOne.\n")
    (root / "b.txt").write_text("Beta\n\nTwo.\n")
    watcher = FolderWatcher(root, (".txt",), scan(root))
    away = tmp_path / "away"
    away.mkdir()
    for name in ("a.txt", "b.txt"):
        (root / name).rename(away / name)
    changes = watcher.poll()
    assert not changes and len(changes.files) == 2
    assert watcher.error is not None and "no articles" in watcher.error
    (away / "a.txt").rename(root / "a.txt")
    changes = watcher.poll()
    assert changes.removed == [str(root / "b.txt")] and watcher.error is None


def test_a_quiet_poll_keeps_the_files_it_was_given(tmp_path: Path) -> None:
    # The caller holds its list of files: a poll that finds nothing new must not keep a
    # second copy of them (100,000 files are 25 MB).
    root = make(tmp_path / "c")
    known = scan(root)
    watcher = FolderWatcher(root, (".txt", ".md"), known)
    assert not watcher.poll()
    assert not watcher.poll()
    kept = watcher._files
    assert len(kept) == len(known) and all(a is b for a, b in zip(kept, known, strict=True))
    (root / "c.txt").write_text("Gamma", encoding="utf-8")
    assert [f.path for f in watcher.poll().added] == [str(root / "c.txt")]
    assert len(watcher._files) == 3
