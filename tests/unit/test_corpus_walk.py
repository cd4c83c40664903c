"""The corpus walk: any depth without recursion, loops cut by device and inode, pseudo file
systems skipped, and a folder that cannot be listed named as such."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from reader.core import corpus
from reader.core.corpus import folder_problem, scan


def test_a_folder_deeper_than_the_recursion_limit_is_walked(tmp_path: Path) -> None:
    depth = sys.getrecursionlimit() + 200
    folders = [tmp_path]
    for _ in range(depth):
        folders.append(folders[-1] / "d")
        os.mkdir(folders[-1])  # os.mkdir, not parents=True: Path would recurse too
    deep = folders[-1] / "deep.txt"
    deep.write_text("Deep\n\nAt the bottom.\n")
    try:
        [found] = scan(tmp_path)
        assert found.path == str(deep)
    finally:  # shutil.rmtree, which cleans tmp_path, recurses: take the tree down here
        deep.unlink()
        for folder in reversed(folders[1:]):
            os.rmdir(folder)


def test_a_symlinked_folder_seen_before_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("One\n\nText.\n")
    (tmp_path / "a" / "loop").symlink_to(tmp_path)  # back to the top: a loop
    (tmp_path / "b").symlink_to(tmp_path / "a")  # the same folder under another name
    found = [Path(f.path).name for f in scan(tmp_path)]
    assert found == ["one.txt"]


@pytest.mark.skipif(not Path("/proc/self/mounts").exists(), reason="no /proc here")
def test_pseudo_file_systems_are_not_walked(tmp_path: Path) -> None:
    (tmp_path / "proc").symlink_to("/proc")
    (tmp_path / "real.txt").write_text("Real\n\nText.\n")
    assert os.stat("/proc").st_dev in corpus._pseudo_devices()
    assert [Path(f.path).name for f in scan(tmp_path)] == ["real.txt"]


def test_folder_problem_names_what_is_wrong(tmp_path: Path) -> None:
    assert folder_problem(tmp_path) is None
    assert folder_problem(tmp_path / "gone") == "file not found"
    (tmp_path / "a.txt").write_text("A\n")
    assert folder_problem(tmp_path / "a.txt") is None


def test_no_garbage_collection_while_the_tuples_are_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scan of 100,000 articles made the collector walk the heap again and again (35-50 ms);
    it is paused while the walk runs and left as it was found."""
    import gc

    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.md"):
        (tmp_path / name).write_text("x")
    seen: list[bool] = []
    real = corpus._take

    def watching(*args: object) -> None:
        seen.append(gc.isenabled())
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus, "_take", watching)
    assert gc.isenabled()
    assert [Path(f.path).name for f in scan(tmp_path)] == ["a.txt", "b.md"]
    assert seen == [False, False] and gc.isenabled()
    gc.disable()
    try:
        scan(tmp_path)
        assert not gc.isenabled(), "a collector paused by someone else stays paused"
    finally:
        gc.enable()
