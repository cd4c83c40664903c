"""What a forked child of the index writer does first (writing._index_part)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


def die_with(parent: int, lock_fds: list[int]) -> None:
    """In a forked child: let go of the parent's write lock and end when the parent ends.

    The fork copied the lock's descriptor, and a flock lives while any copy is open: a child
    that outlived a killed parent (blocked on a full pipe nobody reads) kept the folder locked
    for good. Linux ends the child with its parent (PR_SET_PDEATHSIG); elsewhere the child
    checks its parent between chunks.
    """
    for fd in lock_fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # no libc, or no prctl in it
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
