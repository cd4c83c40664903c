"""The C allocator's settings for a long-running reader process (glibc only).

Searching 100,000 articles builds sets and dicts of 100,000 numbers (megabytes each) in worker
threads. With glibc's defaults each thread gets its own heap (up to eight a core), and a freed
block raises the size under which blocks come from a heap instead of their own mapping, so
those tables ended up spread over heaps that can never shrink: the peak resident memory after
typing the benchmark's searches at 100,000 articles was 500 MB where Python held under 200 MB.
Two heaps and big blocks always mapped on their own (given back to the system when freed)
brought it to about 340 MB, at no cost in speed that the benchmark could see.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_MMAP_THRESHOLD = -3  # mallopt parameters, from glibc's malloc.h
M_ARENA_MAX = -8
MMAP_THRESHOLD = 128 * 1024  # glibc's default, kept fixed (it no longer rises on a free)
ARENA_MAX = 2

_done = False


def settle_allocator() -> bool:
    """Set the allocator as described above, once a process; False where it is not glibc."""
    global _done
    if _done:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False  # musl and others: no mallopt
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    _done = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_ARENA_MAX, ARENA_MAX)
    )
    return _done
