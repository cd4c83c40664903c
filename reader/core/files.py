"""Touching article files safely: what may be read, how much, and why a file cannot be.

Article files are untrusted: a FIFO or a device can be named like an article (opening a FIFO
blocks, /dev/zero never ends), a file can be huge, vanish, or be a dangling link. Owns the
size limit, the regular-file check, the one rule that turns an error into the reason the
user reads ("broken link (its target is missing)", "permission denied", ...), and the
content hash that lets reading state follow a moved file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat

from reader.core.decoding import UnreadableError

MAX_FILE_BYTES = 50 * 1024 * 1024  # bigger files are listed as unreadable, with the reason
HASH_CHUNK = 1024 * 1024


def check_regular(st: os.stat_result) -> None:
    """Raise unless st is a regular file no bigger than MAX_FILE_BYTES."""
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableError("not a regular file")
    if st.st_size > MAX_FILE_BYTES:
        raise UnreadableError(too_large(st.st_size))


def too_large(size: int) -> str:
    """The reason given for a file of size bytes, over the limit."""
    return f"file too large ({size / 1024 / 1024:.0f} MB, limit {MAX_FILE_BYTES // 2**20} MB)"


def unreadable_reason(exc: BaseException) -> str:
    """Why a file cannot be read, in a few words for the list, from what reading it raised."""
    if isinstance(exc, UnreadableError):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        if exc.filename is not None and os.path.islink(exc.filename):
            return "broken link (its target is missing)"
        return "file not found"
    if isinstance(exc, OSError) and exc.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return f"cannot be read ({type(exc).__name__})"


def file_hash(path: str, limit: int = MAX_FILE_BYTES) -> tuple[str, int, float] | None:
    """The sha256 of a file's bytes with its size and mtime, or None.

    None when the file cannot be read, is not a regular file (checked before it is opened,
    and again on the open file, in case it was swapped in between) or holds more than limit
    bytes (also when it grows past limit while being read).
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
                return None
            digest = hashlib.sha256()
            left = limit + 1
            while left > 0 and (chunk := fh.read(min(HASH_CHUNK, left))):
                digest.update(chunk)
                left -= len(chunk)
    except (OSError, ValueError):
        return None
    if left <= 0:
        return None
    return digest.hexdigest(), st.st_size, st.st_mtime
