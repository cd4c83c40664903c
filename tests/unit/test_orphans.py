"""kill -9 of an indexing `reader index` leaves nothing behind: its child processes end with it
and the write lock is free for the next run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_children_of_a_killed_indexer_end_and_free_the_lock(tmp_path: Path) -> None:
    corpus = tmp_path / "words"
    corpus.mkdir()
    rnd = random.Random(5)
    # Many distinct words: each child's word counts are far bigger than a pipe's buffer.
    for n in range(3000):
        words = " ".join(f"x{rnd.getrandbits(40):x}" for _ in range(40))
        (corpus / f"a{n:04}.txt").write_text(f"Article {n}\n\n{words}\n")
    command = [sys.executable, "-m", "reader", "index", str(corpus)]
    run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    try:
        end = time.monotonic() + 60  # a hang guard, not a measure
        while not children and time.monotonic() < end and run.poll() is None:
            children = _children(run.pid)
            time.sleep(0.01)
        assert children, "the indexer never started its children"
        os.kill(run.pid, signal.SIGKILL)
        run.wait(10)
    finally:
        if run.poll() is None:
            run.kill()
        run.wait()
    end = time.monotonic() + 20
    while any(_alive(c) for c in children) and time.monotonic() < end:
        time.sleep(0.05)
    survivors = [c for c in children if _alive(c)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "children outlived their parent"
    again = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "Another reader is indexing" not in again.stderr
    assert again.stdout.startswith("3,000 articles indexed")
