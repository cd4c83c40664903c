"""What the tags and the highlights share as keepers of something of articles by path (moves.py):
each kept article's content hash, saved beside what is kept and refreshed by the writer when
the file changed, so that what is kept follows an article renamed or moved in the folder.

A subclass holds `_lock`, `_of` (path -> what it keeps there), `_files` (path -> the content
hash saved), `_stale` (paths to hash again) and its StateWriter, and its store writes hashes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from reader.core.corpus import FileStat
from reader.core.files import file_hash
from reader.core.moves import Facts, FileKey, Lost, Moves
from reader.core.state_writer import SavedInBackground, why_not_saved


class _HashStore(Protocol):
    def write_hashes(self, hashes: dict[str, FileKey]) -> None: ...


class KeptByContent(SavedInBackground):
    """A keeper whose articles' content hashes are saved beside what it keeps."""

    WHAT = "changes"  # what is not saved when a write fails, for the log ("tags")
    _lock: threading.RLock
    _of: Mapping[str, Any]
    _files: dict[str, FileKey]
    _stale: set[str]
    _store: _HashStore
    _moves: Moves

    def reconcile(self, files: Iterable[FileStat]) -> int:
        """Move what is kept of vanished articles to new paths holding the same content; how
        many articles moved.

        files are the corpus as it is now (see Moves.follow). With nothing kept it costs
        nothing; else only files of the size of a vanished article are hashed, on the
        caller's thread: call it from a worker. A kept article whose file changed is hashed
        again by the writer, so it is still recognised when it moves."""
        return self._moves.follow(files)

    def vanished(self, present: Mapping[str, Facts]) -> list[Lost]:
        """The kept paths not in present, with their content hashes (Keeper); an article
        present but changed since it was hashed is hashed again."""
        with self._lock:
            if not self._of:
                return []
        self.flush()  # what was kept so far carries its content hash
        with self._lock:
            gone: list[Lost] = []
            for path in self._of:
                known, now = self._files.get(path), present.get(path)
                if known is None:
                    continue
                if now is None:
                    gone.append((path, known[0], known[1]))
                elif now[1] is not None and (known[1], known[2]) != now:
                    self._stale.add(path)
            if self._stale:
                self._writer.changed()
            return gone

    def keeps(self, path: str) -> bool:
        """Whether anything is kept of the article at path (Keeper)."""
        return path in self._of

    def _save_hashes(self) -> str | None:
        """The writer's second step, after the changes were saved: hash the articles to hash
        (no lock held; late in close() the rest is left for next time) and save the hashes;
        why that failed, or None."""
        with self._lock:
            stale, self._stale = self._stale, set()
            known = {path: self._files.get(path) for path in stale if path in self._of}
        hashes: dict[str, FileKey] = {}
        for path, key in known.items():  # slow: no lock
            if self._writer.late():
                break  # late in close(): hashed next time (a row without one is stale)
            found = refreshed_hash(path, key)
            if found is not None:
                hashes[path] = found
        problem = self._attempt(lambda: self._store.write_hashes(hashes)) if hashes else None
        with self._lock:
            if problem is not None:
                self._stale |= set(hashes)
                return problem
            for path, key in hashes.items():
                if path in self._of:
                    self._files[path] = key
        return None

    def _attempt(self, write: Callable[[], None]) -> str | None:
        """Run one write; why it failed (a full disk, a lock held too long, or a mistake of
        reader's: logged with its traceback, and the changes are kept and retried as for the
        others), or None."""
        try:
            write()
        except Exception as exc:  # a full disk, a lock held long; or a mistake: kept, retried
            return why_not_saved(exc, self.WHAT)
        return None


def refreshed_hash(path: str, known: FileKey | None) -> FileKey | None:
    """The content hash of the article at path, recomputed only when the file changed."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return known
    if known is not None and (known[1], known[2]) == (st.st_size, st.st_mtime):
        return known
    return file_hash(path) or known
