"""Reading state that lasts: read and starred marks, positions, last selection, theme and sort.

One small SQLite database per corpus (user data dir / state / <corpus key>.sqlite3), WAL mode.
A mark is a row, so marking one article read is one tiny transaction, not a rewrite of every
mark, and a kill at any moment leaves the last committed state. Everything is mirrored in
memory at open: `is_read` and `is_starred` are dict lookups. When the database cannot be
opened or written, the state lives on in memory and `error` says why; nothing raises.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from reader.core.files import file_hash
from reader.core.paths import corpus_key, data_dir, decode_path, encode_path

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 2.0
META_KEYS = ("last_selected", "theme", "sort")
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

_SCHEMA = """
CREATE TABLE IF NOT EXISTS marks (
    path TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    hash TEXT,
    size INTEGER,
    mtime REAL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


@dataclass(frozen=True, slots=True)
class Mark:
    """What is remembered of one article; `hash` identifies its content when it moves."""

    read: bool = False
    starred: bool = False
    position: int = 0
    hash: str | None = None
    size: int | None = None  # the file's size and mtime when `hash` was computed
    mtime: float | None = None

    @property
    def blank(self) -> bool:
        """True when nothing is remembered (the row can go)."""
        return not self.read and not self.starred and self.position == 0


_BLANK = Mark()


def state_file(root: Path) -> Path:
    """Where the reading state of the corpus at root is kept."""
    return data_dir() / "state" / f"{corpus_key(root)}.sqlite3"


class ReadingState:
    """The reading state of one corpus: thread-safe, cheap to query, saved at every change."""

    def __init__(self, root: Path, path: Path | None = None) -> None:
        self.root = Path(os.path.abspath(os.fspath(root)))
        self.path = path if path is not None else state_file(self.root)
        self.error: str | None = None
        self._lock = threading.RLock()
        self._marks: dict[str, Mark] = {}
        self._meta: dict[str, str | None] = dict.fromkeys(META_KEYS)
        self._pending_paths: set[str] = set()  # changes a failed write could not save yet
        self._pending_meta: set[str] = set()
        self._seen: set[str] | None = None  # paths present at the last reconcile
        self._db: sqlite3.Connection | None = None
        self._open()

    # -- opening ---------------------------------------------------------------------------

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.error = (
                f"Reading state is not saved: cannot create {self.path.parent} "
                f"({_why(exc)}); marks last until you quit."
            )
            return
        try:
            self._db = self._connect()
            return
        except sqlite3.DatabaseError as exc:
            self._close_db()
            if not _is_corrupt(exc):
                self.error = (
                    f"Reading state is not saved: cannot open {self.path} ({exc}); "
                    "marks last until you quit."
                )
                return
        except OSError as exc:
            self._close_db()
            self.error = (
                f"Reading state is not saved: cannot open {self.path} ({_why(exc)}); "
                "marks last until you quit."
            )
            return
        broken = self._set_aside()
        if broken is None:
            self.error = (
                f"The reading state file {self.path} is damaged and could not be set aside; "
                "marks last until you quit."
            )
            return
        try:
            self._db = self._connect()
        except (sqlite3.Error, OSError) as exc:
            self._close_db()
            self.error = f"Reading state is not saved: cannot open {self.path} ({exc})."
            return
        self.error = (
            f"The reading state file {self.path} was damaged; it was set aside as "
            f"{broken.name} and read marks start afresh."
        )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None
        )
        self._db = db  # so a failure below can close it
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.OperationalError(f"written by a newer reader (schema {version})")
        db.executescript(_SCHEMA)
        if version < SCHEMA_VERSION:
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        _rename_old_paths(db)
        marks: dict[str, Mark] = {}
        rows = db.execute("SELECT path, read, starred, position, hash, size, mtime FROM marks")
        for path, read, starred, position, digest, size, mtime in rows:
            marks[decode_path(str(path))] = Mark(
                bool(read), bool(starred), int(position or 0), digest, size, mtime
            )
        meta = dict.fromkeys(META_KEYS)
        for key, value in db.execute("SELECT key, value FROM meta"):
            if key in meta:
                meta[key] = None if value is None else decode_path(str(value))
        self._marks, self._meta = marks, meta
        return db

    def _set_aside(self) -> Path | None:
        """Rename a damaged database (and its WAL files) out of the way; the new name."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        broken = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        try:
            os.replace(self.path, broken)
        except OSError:
            return None
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(OSError):
                os.replace(side, broken.with_name(broken.name + suffix))
        return broken

    def _close_db(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def close(self) -> None:
        """Save what is pending and close the database; the in-memory state stays usable."""
        with self._lock:
            if self._pending_paths or self._pending_meta:
                self._save((), ())
            self._close_db()

    # -- queries: dict lookups, no lock (a Mark is replaced whole, never mutated) ----------

    def is_read(self, path: str) -> bool:
        """True when the article at path has been read."""
        return self._marks.get(path, _BLANK).read

    def is_starred(self, path: str) -> bool:
        """True when the article at path is starred."""
        return self._marks.get(path, _BLANK).starred

    def position(self, path: str) -> int:
        """The remembered scroll offset in the article at path (0 when none)."""
        return self._marks.get(path, _BLANK).position

    def mark(self, path: str) -> Mark:
        """Everything remembered of the article at path."""
        return self._marks.get(path, _BLANK)

    @property
    def read_count(self) -> int:
        """How many articles are marked read (vanished ones included)."""
        return sum(1 for m in self._marks.values() if m.read)

    # -- changes -----------------------------------------------------------------------------

    def set_read(self, path: str, read: bool = True) -> None:
        """Mark the article at path read (or unread)."""
        self._update(path, read=read)

    def toggle_read(self, path: str) -> bool:
        """Flip the read mark of the article at path; the new value."""
        with self._lock:
            value = not self.is_read(path)
            self._update(path, read=value)
            return value

    def set_starred(self, path: str, starred: bool = True) -> None:
        """Star (or unstar) the article at path."""
        self._update(path, starred=starred)

    def toggle_star(self, path: str) -> bool:
        """Flip the star of the article at path; the new value."""
        with self._lock:
            value = not self.is_starred(path)
            self._update(path, starred=value)
            return value

    def set_position(self, path: str, offset: int) -> None:
        """Remember the scroll offset in the article at path."""
        self._update(path, position=max(0, int(offset)))

    def mark_all_read(self, paths: Iterable[str]) -> None:
        """Mark every article in paths read, in one transaction (hashes each: use a worker)."""
        todo = [p for p in dict.fromkeys(paths) if not self.is_read(p)]
        hashed = {p: self._with_hash(p, self.mark(p)) for p in todo}  # outside the lock: slow
        with self._lock:
            changed = []
            for path in todo:
                old = self._marks.get(path, _BLANK)
                if old.read:
                    continue
                done = hashed[path]
                self._marks[path] = replace(
                    old, read=True, hash=done.hash, size=done.size, mtime=done.mtime
                )
                changed.append(path)
            if changed:
                self._save(changed, ())

    def _update(self, path: str, **changes: object) -> None:
        with self._lock:
            old = self._marks.get(path, _BLANK)
            new = replace(old, **changes)  # type: ignore[arg-type]
            if new == old:
                return
            if not new.blank:
                new = self._with_hash(path, new)
            self._marks[path] = new
            self._save((path,), ())

    def _with_hash(self, path: str, mark: Mark) -> Mark:
        """The mark with the content hash of its file, recomputed only when the file changed."""
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return mark
        if mark.hash is not None and (mark.size, mark.mtime) == (st.st_size, st.st_mtime):
            return mark
        found = file_hash(path)
        if found is None:
            return mark
        digest, size, mtime = found
        return replace(mark, hash=digest, size=size, mtime=mtime)

    # -- settings remembered with the corpus --------------------------------------------------

    @property
    def last_selected(self) -> str | None:
        """The path of the article selected when the app last ran."""
        return self._meta["last_selected"]

    @last_selected.setter
    def last_selected(self, value: str | None) -> None:
        self._set_meta("last_selected", value)

    @property
    def theme(self) -> str | None:
        """The theme the user last chose."""
        return self._meta["theme"]

    @theme.setter
    def theme(self, value: str | None) -> None:
        self._set_meta("theme", value)

    @property
    def sort(self) -> str | None:
        """The sort order the user last chose."""
        return self._meta["sort"]

    @sort.setter
    def sort(self, value: str | None) -> None:
        self._set_meta("sort", value)

    def _set_meta(self, key: str, value: str | None) -> None:
        with self._lock:
            if self._meta[key] == value:
                return
            self._meta[key] = value
            self._save((), (key,))

    # -- following moved files ----------------------------------------------------------------

    def reconcile(self, files: Iterable[object]) -> int:
        """Move the marks of vanished paths to new paths holding the same content; how many.

        files are the corpus as it is now: FileStat or ArticleSummary objects (anything with
        `path`, and `size` when known) or path strings. Only files that are new since the
        last reconcile, unmarked, and of the size of a vanished marked article are hashed.
        """
        current: dict[str, int | None] = {}
        for item in files:
            if isinstance(item, str | os.PathLike):
                current[os.fspath(item)] = None
            else:
                size = getattr(item, "size", None)
                current[str(item.path)] = size if isinstance(size, int) else None  # type: ignore[attr-defined]
        with self._lock:
            seen, self._seen = self._seen, set(current)
            vanished = [p for p in self._marks if p not in current]
            if not vanished:
                return 0
            by_hash: dict[str, list[str]] = {}
            sizes: set[int] = set()
            for old in vanished:
                mark = self._marks[old]
                if mark.hash is not None:
                    by_hash.setdefault(mark.hash, []).append(old)
                    if mark.size is not None:
                        sizes.add(mark.size)
            if not by_hash:
                return 0
            moved: list[str] = []
            for new, size in current.items():
                if new in self._marks or (seen is not None and new in seen):
                    continue
                if size is None:
                    try:
                        size = os.stat(new).st_size
                    except (OSError, ValueError):
                        continue
                if size not in sizes:
                    continue
                found = file_hash(new)
                if found is None or found[0] not in by_hash:
                    continue
                olds = by_hash[found[0]]
                old = olds.pop(0)
                if not olds:
                    del by_hash[found[0]]
                mark = self._marks.pop(old)
                self._marks[new] = replace(mark, hash=found[0], size=found[1], mtime=found[2])
                moved += (old, new)
                if self._meta["last_selected"] == old:
                    self._meta["last_selected"] = new
                    self._pending_meta.add("last_selected")
                if not by_hash:
                    break
            if moved:
                self._save(moved, ())
            return len(moved) // 2

    # -- saving --------------------------------------------------------------------------------

    def _save(self, paths: Iterable[str], keys: Iterable[str]) -> None:
        """Write the in-memory state of paths and meta keys in one transaction."""
        self._pending_paths.update(paths)
        self._pending_meta.update(keys)
        db = self._db
        if db is None:
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                for path in self._pending_paths:
                    mark = self._marks.get(path, _BLANK)
                    if mark.blank:
                        db.execute("DELETE FROM marks WHERE path = ?", (encode_path(path),))
                    else:
                        db.execute(
                            "INSERT OR REPLACE INTO marks"
                            " (path, read, starred, position, hash, size, mtime)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (
                                encode_path(path),
                                int(mark.read),
                                int(mark.starred),
                                mark.position,
                                mark.hash,
                                mark.size,
                                mark.mtime,
                            ),
                        )
                for key in self._pending_meta:
                    db.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                        (key, _encode_value(self._meta[key])),
                    )
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                raise
        except (sqlite3.Error, OSError) as exc:
            self.error = (
                f"Reading state could not be saved to {self.path} ({exc}); "
                "it will be retried at the next change."
            )
            return
        self._pending_paths.clear()
        self._pending_meta.clear()

    def __enter__(self) -> ReadingState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    """True for "not a database" and "malformed", not for a lock, a full disk or permissions."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return not isinstance(exc, sqlite3.OperationalError)


def _rename_old_paths(db: sqlite3.Connection) -> None:
    """Rewrite the rows of paths kept in the older "hex:" form to encode_path's form."""
    old = [row[0] for row in db.execute("SELECT path FROM marks WHERE path LIKE 'hex:%'")]
    if not old:
        return
    db.execute("BEGIN IMMEDIATE")
    for text in old:
        db.execute(
            "UPDATE OR REPLACE marks SET path = ? WHERE path = ?",
            (encode_path(decode_path(text)), text),
        )
    db.execute("COMMIT")


def _encode_value(value: str | None) -> str | None:
    return None if value is None else encode_path(value)


def _why(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()
