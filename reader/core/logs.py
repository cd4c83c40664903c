"""The log: one file under the user state folder ($XDG_STATE_HOME/reader/reader.log) that
keeps failures with their tracebacks, so an unexpected error is never only a word on screen.

Every module that can fail logs to `logging.getLogger(__name__)`; nothing is written until the
command line calls configure() (the app, `reader search`, `reader index`), never on import.
The level is WARNING; READER_LOG=debug (or info) or `--debug` says more. The file turns over
at MAX_BYTES, keeping BACKUPS older ones beside it. A log that cannot be written is no error:
reader then logs nowhere, and says so where it would have named the file.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from reader.core.paths import state_dir

LOG_ENV = "READER_LOG"  # debug, info, warning or error
LOG_NAME = "reader.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d %(threadName)s] %(message)s"
LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

log = logging.getLogger(__name__)


class _LogFile(logging.Handler):
    """The log file, opened at its first record. A record that cannot be written (the
    folder read-only, the disk full) is dropped without a word: the app never fails, nor
    writes on its screen, because of its log. `failed` says whether the last write did.

    The file turning over is logging.handlers' RotatingFileHandler, made at the first record
    too: logging.handlers and its imports (socket, pickle, queue) were 10 ms of each
    `reader search`, which logs nothing when nothing goes wrong."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.baseFilename = os.path.abspath(path)
        self.failed = False
        self._rotating: RotatingFileHandler | None = None

    @property
    def stream(self) -> object | None:
        """The open file, or None before the first record was written (or when it failed)."""
        return None if self._rotating is None else self._rotating.stream

    def emit(self, record: logging.LogRecord) -> None:
        self.failed = False
        if self._rotating is None:
            self._rotating = _rotating_file(self)
        self._rotating.setFormatter(self.formatter)
        self._rotating.emit(record)

    def close(self) -> None:
        if self._rotating is not None:
            self._rotating.close()
        super().close()


def _rotating_file(owner: _LogFile) -> RotatingFileHandler:
    """The file handler that writes owner's records; its failures set owner.failed."""
    from logging.handlers import RotatingFileHandler

    class Rotating(RotatingFileHandler):
        def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's
            owner.failed = True

    return Rotating(
        owner.baseFilename,
        maxBytes=MAX_BYTES,
        backupCount=BACKUPS,
        encoding="utf-8",
        delay=True,
    )


_file: _LogFile | None = None
_quiet: logging.Handler | None = None  # where records go when the file cannot be opened
# threading.excepthook before configure() replaced it
_threads_hook: Callable[[threading.ExceptHookArgs], object] | None = None


def log_path() -> Path:
    """Where the log is written (it exists once something was logged)."""
    return state_dir() / LOG_NAME


def level_named(name: str | None) -> int:
    """The level a READER_LOG value or `--debug` names; WARNING for anything else."""
    return LEVELS.get((name or "").strip().lower(), logging.WARNING)


def configure(level: str | None = None) -> Path | None:
    """Log reader's records of `level` (default: READER_LOG, else warning) and above, and
    every other library's warnings, to the log file; the file, or None when its folder
    cannot be made. Called again, it only changes the level."""
    global _file, _quiet, _threads_hook
    chosen = level_named(level or os.environ.get(LOG_ENV))
    logging.getLogger("reader").setLevel(chosen)
    root = logging.getLogger()
    if _file is not None:
        _file.setLevel(chosen)
        return Path(_file.baseFilename)
    if _quiet is not None:
        return None
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _LogFile(path)
    except (OSError, ValueError):
        # Nowhere to write: drop records rather than let logging print them on the screen.
        _quiet = logging.NullHandler()
        root.addHandler(_quiet)
        return None
    handler.setLevel(chosen)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    _file = handler
    # A thread of reader's own (a writer of the reading state) that dies on an error would
    # print its traceback over the app's screen: it goes to the log instead.
    _threads_hook = threading.excepthook
    threading.excepthook = _thread_died
    return path


def _thread_died(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "a thread"
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None] | None = None
    if args.exc_value is not None:
        exc_info = (args.exc_type, args.exc_value, args.exc_traceback)
    log.error("%s stopped on an unexpected error", name, exc_info=exc_info)
    if where() is None and _threads_hook is not None:  # not kept: on stderr, as without a log
        _threads_hook(args)


def where() -> Path | None:
    """The log file, if the last record was written to it (None when reader logs nowhere)."""
    if _file is None or _file.failed or _file.stream is None:
        return None
    return Path(_file.baseFilename)


def details() -> str:
    """Where the details of an error just logged are, as said after it: "details are in
    <file>", or that they could not be kept ("see the log" when reader configured none: the
    program that uses it may have its own)."""
    if _file is None and _quiet is None:
        return "see the log"
    path = where()
    return f"details are in {path}" if path is not None else "the details could not be saved"


def crashed(logger: logging.Logger, error: BaseException | None) -> str:
    """Log the unexpected error reader stops on, with its traceback (configuring the log if
    nothing did); the one line to tell the user instead."""
    configure()
    logger.critical("reader stopped on an unexpected error", exc_info=error)
    name = type(error).__name__ if error is not None else "error"
    return f"reader stopped on an unexpected error ({name}); {details()}"


def reset() -> None:
    """Stop logging to the file (tests; each configures its own)."""
    global _file, _quiet, _threads_hook
    root = logging.getLogger()
    for handler in (_file, _quiet):
        if handler is not None:
            root.removeHandler(handler)
            handler.close()
    if _threads_hook is not None:
        threading.excepthook = _threads_hook
    _file = _quiet = _threads_hook = None
    logging.getLogger("reader").setLevel(logging.NOTSET)
