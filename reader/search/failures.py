"""What a failed search (or count) of the index says, and which error it carries: the query
refused, the index folder gone, the index maybe damaged (to be checked), or a mistake of
reader's. Each is logged with its traceback."""

from __future__ import annotations

import logging

from reader.core import logs
from reader.search.errors import IndexDamagedError, QueryError, SearchError, SearchFailedError
from reader.search.store import Store, damaged_by

log = logging.getLogger(__name__)


def judged(
    what: str, exc: Exception, store: Store, started_anew: int | None = None
) -> tuple[str, SearchError, bool]:
    """(message, error, whether the index is to be checked at the next update) for exc,
    raised by `what` ("The search") while it read the index of store; started_anew: the
    store's count of fresh starts when the search began, if known."""
    name = type(exc).__name__
    if isinstance(exc, RecursionError):  # a query nested too deeply for the engine
        log.info("%s recursed too deep", what, exc_info=exc)
        message = f"{what} could not run: the query is nested too deeply ({name})"
        return message, QueryError(message), False
    gone = store.vanished() if damaged_by(exc) else None
    if gone is None and damaged_by(exc) and started_anew not in (None, store.started_anew):
        gone = store.last_gone  # found gone and built anew since the search began
    if gone is not None:  # not damage: the next update builds it anew
        log.warning("%s failed: the index folder %s", what, gone, exc_info=exc)
        message = f"The search index folder {gone}: rebuilding it"
        return message, IndexDamagedError(message), False
    if damaged_by(exc) and not store.checked_sound():
        log.warning("%s failed reading the index; it will be checked", what, exc_info=exc)
        message = f"The search index could not be read ({name})"
        return message, IndexDamagedError(message), True
    if damaged_by(exc):  # again, of an index checked since: said, not checked again
        log.error("%s failed reading the index, found sound before", what, exc_info=exc)
        message = f"The search index could not be read ({name}); {logs.details()}"
        return message, SearchFailedError(message), False
    log.error("%s failed on an unexpected error", what, exc_info=exc)
    message = f"{what} failed unexpectedly ({name}); {logs.details()}"
    return message, SearchFailedError(message), False
