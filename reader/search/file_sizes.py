"""The sizes of a segment's files, kept with the segment when it is committed, so that opening
the index sees a file cut short or grown (a disk that filled, a copy cut off, a file written
over) with a look at the folder. The quick check at open reads only the first postings of a
few terms, so a postings file cut past them was found only when a search read there.

Whoosh pickles each segment object into the table of contents; the sizes go along as one
attribute of the segment, which Whoosh's own code never reads. A segment committed without
them (by an older reader) is checked by reading alone. Segment files never change once
written (deletions are kept in the table of contents, not in the files).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whoosh.filedb.filetables import FileFormatError

SIZES = "reader_file_sizes"


def stamp(storage: Any, segments: Iterable[Any]) -> None:
    """Note the size of each file of each segment not noted yet (call before committing)."""
    for seg in segments:
        if getattr(seg, SIZES, None) is None:
            names = seg.list_files(storage)
            setattr(seg, SIZES, {name: storage.file_length(name) for name in names})


def check(storage: Any, segments: Iterable[Any]) -> None:
    """Raise FileFormatError (or OSError, for a file gone) if a segment's file is not the
    size it was committed with."""
    for seg in segments:
        for name, size in (getattr(seg, SIZES, None) or {}).items():
            found = storage.file_length(name)
            if found != size:
                raise FileFormatError(f"{name} is {found} bytes; it was written with {size}")
