"""settle_allocator: big blocks freed by a search go back to the system (glibc only)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.core.malloc import settle_allocator

# A process frees one 16 MB block (glibc then serves blocks up to 16 MB from its heap), makes
# 100 blocks of 1 MB, keeps the last one and frees the others: what stays resident?
SCRIPT = """
import sys
from reader.core.malloc import settle_allocator
if sys.argv[1] == "settled":
    settle_allocator()

def anon_mb():
    for line in open("/proc/self/status"):
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024

big = bytearray(16 << 20)
del big
before = anon_mb()
blocks = [bytearray(1 << 20) for _ in range(100)]
last = blocks.pop()
del blocks
print(anon_mb() - before)
"""


def held_mb(mode: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, check=True
    )
    return float(done.stdout)


@pytest.mark.skipif(not settle_allocator(), reason="not glibc")
def test_freed_big_blocks_are_given_back() -> None:
    assert held_mb("default") > 50  # what the default allocator holds: the check can fail
    assert held_mb("settled") < 10
