"""The SQLite file behind reading state: schema, opening, loading, and one write a batch.

One small database per corpus, WAL mode. A mark is a row, so saving a change is one tiny
transaction, not a rewrite of every mark, and a kill at any moment leaves the last committed
state. Opening never raises: a damaged file is set aside and started afresh, a file written by
a newer reader is left alone, and a file or folder that cannot be written is only read (opened
read-only: the marks show, nothing is saved); `error` says why, and `unwritable` why nothing
can be saved (each change is then counted as lost). Used by one thread at a time
(ReadingState's writer, or its opener).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from reader.core.paths import decode_path, encode_path

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 2.0
META_KEYS = ("last_selected", "theme", "sort", "list_row")
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
    mtime REAL,
    progress INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
# The tags of articles (tags.py reads and writes them): a row a tag of an article, with the
# content hash of the article (as marks have it) so the tags follow it when it moves.
TAGS_TABLE = """
CREATE TABLE IF NOT EXISTS tags (
    path TEXT NOT NULL,
    tag TEXT NOT NULL,
    hash TEXT,
    size INTEGER,
    mtime REAL,
    PRIMARY KEY (path, tag)
);
"""
_SCHEMA += TAGS_TABLE
# The searches of the folder: the last queries run (history.py) and the saved ones
# (saved_searches.py), written through a connection of their own (search_tables.py).
SEARCH_TABLES = """
CREATE TABLE IF NOT EXISTS search_history (query TEXT PRIMARY KEY, used INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS saved_searches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    unread INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    source TEXT,
    sort TEXT NOT NULL,
    saved INTEGER NOT NULL DEFAULT 0,
    tag TEXT
);
"""
_SCHEMA += SEARCH_TABLES


class NewerSchema(sqlite3.OperationalError):
    """The state file was written by a newer reader: left alone, neither read nor written."""

    def __init__(self, version: int) -> None:
        super().__init__(f"written by a newer reader (schema {version})")


def check_version(db: sqlite3.Connection) -> None:
    """Raise NewerSchema when the file was written by a newer reader."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerSchema(version)


@dataclass(frozen=True, slots=True)
class Mark:
    """What is remembered of one article; `hash` identifies its content when it moves."""

    read: bool = False
    starred: bool = False
    position: int = 0
    hash: str | None = None
    size: int | None = None  # the file's size and mtime when `hash` was computed
    mtime: float | None = None
    progress: int = 0  # how far it was read when position was saved: percent, 100 the end

    @property
    def blank(self) -> bool:
        """True when nothing is remembered (the row can go)."""
        return not self.read and not self.starred and self.position == 0 and self.progress == 0


BLANK = Mark()
# what a reader changes in a mark
MARK_FIELDS = frozenset({"read", "starred", "position", "progress"})
HASH_FIELDS = ("hash", "size", "mtime")  # which file the mark is of (always saved)


class Connection:
    """A store's connection to the state file (None: not opened, or closed)."""

    db: sqlite3.Connection | None = None

    def set_busy_timeout(self, seconds: float) -> None:
        """Wait at most this long for a lock another process holds (from the next write on)."""
        set_busy_timeout(self.db, seconds)

    def close(self) -> None:
        """Close the database; later writes save nothing."""
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            self.db = None


class StateStore(Connection):
    """The database of one corpus's reading state, opened (or not: see `error`) at creation."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.error: str | None = None  # why the state is not (fully) saved, for the user
        self.unwritable: str | None = None  # why nothing at all can be saved (no database)
        self.marks: dict[str, Mark] = {}  # what the database held when opened
        self.meta: dict[str, str | None] = dict.fromkeys(META_KEYS)
        self._open()

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._read_only(f"cannot create {self.path.parent}: {_why(exc)}")
            return
        try:
            self._connect()
            return
        except sqlite3.DatabaseError as exc:
            self.close()
            if isinstance(exc, NewerSchema):
                self.unwritable = f"{self.path} was {exc}"
                self.error = not_saved_notice(self.unwritable)
                return
            if not _is_corrupt(exc):
                self._read_only(cannot_write(self.path, str(exc)))
                return
        except OSError as exc:
            self.close()
            self._read_only(cannot_write(self.path, _why(exc)))
            return
        broken = self._set_aside()
        if broken is None:
            self.unwritable = f"the reading state file {self.path} is damaged"
            self.error = not_saved_notice(f"{self.path} is damaged and could not be set aside")
            return
        try:
            self._connect()
        except (sqlite3.Error, OSError) as exc:
            self.close()
            self.unwritable = f"cannot open {self.path} ({exc})"
            self.error = not_saved_notice(self.unwritable)
            return
        self.error = (
            f"The reading state file {self.path} was damaged; it was set aside as "
            f"{broken.name} and read marks start afresh."
        )

    def _read_only(self, why: str) -> None:
        """The file cannot be opened for writing: read what it holds, save nothing."""
        self.unwritable = why
        try:
            db = open_read_only(self.path)
        except (sqlite3.Error, OSError) as exc:
            log.warning("The reading state %s cannot be read either: %s", self.path, exc)
            self.error = not_saved_notice(why)
            return
        try:
            check_version(db)
            self._load(db)
        except sqlite3.Error as exc:
            log.warning("The reading state %s cannot be read: %s", self.path, exc)
            self.error = not_saved_notice(why)
            return
        finally:
            db.close()
        self.error = read_only_notice(why)

    def _connect(self) -> None:
        db = self.db = connect(self.path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NewerSchema(version)
        db.executescript(_SCHEMA)
        _add_progress(db)
        if version < SCHEMA_VERSION:
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        _rename_old_paths(db)
        self._load(db)

    def _load(self, db: sqlite3.Connection) -> None:
        """Read the marks and the meta values (a table older readers made has no progress)."""
        columns = {row[1] for row in db.execute("PRAGMA table_info(marks)")}
        progress_column = "progress" if "progress" in columns else "0"
        marks: dict[str, Mark] = {}
        rows = db.execute(
            f"SELECT path, read, starred, position, hash, size, mtime, {progress_column} FROM marks"
        )
        for path, read, starred, position, digest, size, mtime, progress in rows:
            marks[decode_path(str(path))] = Mark(
                bool(read), bool(starred), int(position or 0), digest, size, mtime, progress or 0
            )
        meta = dict.fromkeys(META_KEYS)
        for key, value in db.execute("SELECT key, value FROM meta"):
            if key in meta:
                meta[key] = None if value is None else decode_path(str(value))
        self.marks, self.meta = marks, meta

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

    def write(
        self,
        marks: Mapping[str, Mark],
        fields: Mapping[str, frozenset[str]],
        meta: Mapping[str, str | None],
    ) -> dict[str, Mark]:
        """Save, for each path of marks, only the fields this process changed (`fields[path]`,
        all of MARK_FIELDS when absent) and the file's hash, and the meta values, in one
        transaction; a row left blank is deleted. Returns each path's row as saved (BLANK when
        deleted): another process may have changed the other fields meanwhile, and two readers
        on one folder must never undo each other's marks.

        Without a database it raises sqlite3.OperationalError (`unwritable` says why); when
        the write fails it raises sqlite3.Error or OSError, and nothing of it was saved.
        """
        db = self.db
        if db is None:
            raise sqlite3.OperationalError(self.unwritable or "the reading state is closed")
        saved: dict[str, Mark] = {}
        with transaction(db):
            for path, mark in marks.items():
                key = encode_path(path)
                changed = [f for f in MARK_FIELDS if f in fields.get(path, MARK_FIELDS)]
                updates = ", ".join(f"{f} = excluded.{f}" for f in (*changed, *HASH_FIELDS))
                db.execute(
                    "INSERT INTO marks (path, read, starred, position, hash, size, mtime, progress)"
                    f" VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET {updates}",
                    (
                        key,
                        int(mark.read),
                        int(mark.starred),
                        mark.position,
                        mark.hash,
                        mark.size,
                        mark.mtime,
                        mark.progress,
                    ),
                )
                row = db.execute(
                    "SELECT read, starred, position, hash, size, mtime, progress FROM marks"
                    " WHERE path = ?",
                    (key,),
                ).fetchone()
                now = Mark(
                    bool(row[0]), bool(row[1]), int(row[2]), row[3], row[4], row[5], int(row[6])
                )
                if now.blank:
                    db.execute("DELETE FROM marks WHERE path = ?", (key,))
                    now = BLANK
                saved[path] = now
            for name, value in meta.items():
                db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    (name, None if value is None else encode_path(value)),
                )
        return saved


def _add_progress(db: sqlite3.Connection) -> None:
    """Give a marks table made before reading progress was kept its column (an older reader
    reads and writes the table as before: it names its columns, and this one has a default)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(marks)")}
    if "progress" not in columns:
        db.execute("ALTER TABLE marks ADD COLUMN progress INTEGER NOT NULL DEFAULT 0")


def read_only_notice(why: str) -> str:
    """What the status line says when the state file can only be read (the same words from
    the marks, the tags and the searches: said once); what matters first, as a long path
    may be cut at the screen's edge."""
    return f"Reading state is read-only: changes won't be kept ({why})"


def not_saved_notice(why: str) -> str:
    """What the status line says when the state file can be neither written nor read."""
    return f"Reading state is not saved: changes won't be kept ({why})"


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that only reads the state file (raises sqlite3.Error when it cannot):
    mode=ro, or, in a folder where SQLite cannot make the WAL's shared-memory file, immutable
    (nothing else can be writing there: the folder cannot be written)."""
    if not path.is_file():
        raise sqlite3.OperationalError(f"{path} is not a file")
    uri = path.resolve().as_uri()
    try:
        return _read_only(f"{uri}?mode=ro")
    except sqlite3.OperationalError:
        return _read_only(f"{uri}?immutable=1")


def _read_only(uri: str) -> sqlite3.Connection:
    db = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        db.close()
        raise
    return db


def cannot_write(path: Path, detail: str) -> str:
    """Why the state file cannot be written, in a few words: its folder or the file is not
    writable, or SQLite's reason (detail)."""
    if path.parent.is_dir() and not os.access(path.parent, os.W_OK):
        return f"{path.parent} is not writable"
    if path.is_file() and not os.access(path, os.W_OK):
        return f"{path} is not writable"
    return f"cannot write {path}: {detail}"


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the state file, as each of its writers (marks, tags, searches) opens
    one: its own transactions (transaction()), usable from the writer thread. A file that
    cannot be written raises sqlite3.OperationalError (SQLite would open it only to read)."""
    if path.is_file() and not os.access(path, os.W_OK):
        raise sqlite3.OperationalError("attempt to write a readonly database")
    return sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None
    )


def set_busy_timeout(db: sqlite3.Connection | None, seconds: float) -> None:
    """Make a connection wait at most this long for a lock another process holds (from its
    next statement on); nothing without a connection, or when it is closed."""
    if db is not None:
        with contextlib.suppress(sqlite3.Error):
            db.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write, all of it or nothing: BEGIN IMMEDIATE (a writer waits its turn up to the
    busy timeout), COMMIT at the end, ROLLBACK when anything inside raises."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


def _rename_old_paths(db: sqlite3.Connection) -> None:
    """Rewrite the rows of paths kept in the older "hex:" form to encode_path's form."""
    old = [row[0] for row in db.execute("SELECT path FROM marks WHERE path LIKE 'hex:%'")]
    if not old:
        return
    with transaction(db):
        for text in old:
            db.execute(
                "UPDATE OR REPLACE marks SET path = ? WHERE path = ?",
                (encode_path(decode_path(text)), text),
            )


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    """True for "not a database" and "malformed", not for a lock, a full disk or permissions."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return not isinstance(exc, sqlite3.OperationalError)


def _why(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()
