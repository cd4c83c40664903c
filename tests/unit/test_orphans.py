"""kill -9 of an indexing `reader index` leaves nothing behind: its child processes end with it
and the write lock is free for the next run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.search import writing

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


# `reader index` whose indexing children, once started, are stuck (as one blocked on a full pipe
# that nobody reads) until something ends them: each says so by a file named by its pid.
STUCK_CHILDREN = """
import os, sys, time
from pathlib import Path
from reader import cli
from reader.search import writing
parent, document = os.getpid(), writing.document
def stuck(f):
    if os.getpid() != parent:
        (Path(sys.argv[2]) / str(os.getpid())).touch()
        time.sleep(3600)  # stuck: only its parent's end may end it
    return document(f)
writing.document = stuck
cli.main(["index", sys.argv[1]])
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_children_of_a_killed_indexer_end_and_free_the_lock(tmp_path: Path) -> None:
    corpus = tmp_path / "words"
    corpus.mkdir()
    count = writing.SPLIT_MIN_DOCS * 2  # indexed by child processes
    for n in range(count):
        (corpus / f"a{n:04}.txt").write_text(f"Article {n}\n\nwords of article {n}\n")
    stuck = tmp_path / "stuck"
    stuck.mkdir()
    command = [sys.executable, "-c", STUCK_CHILDREN, str(corpus), str(stuck)]
    run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    try:
        end = time.monotonic() + 60  # a hang guard, not a measure
        while not children and time.monotonic() < end and run.poll() is None:
            children = [int(p.name) for p in stuck.iterdir()]
            time.sleep(0.01)
        assert children, "the indexer never started its children"
        assert set(children) <= set(_children(run.pid))
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
    again = subprocess.run(
        [sys.executable, "-m", "reader", "index", str(corpus)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert "Another reader is indexing" not in again.stderr
    assert again.stdout.startswith(f"{count:,} articles indexed")
