"""The index folder: opening, checking, setting a broken or outdated index aside, creating a
new one, and the shared searcher. Also the files kept beside Whoosh's: the version file (the
schema version) and the vocabulary.

Whoosh's write lock is taken by writers (writing.py); this module only opens and reads.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
import struct
import threading
import zlib
from pathlib import Path
from types import TracebackType
from typing import Any

from whoosh import index
from whoosh.filedb.filetables import FileFormatError

from reader.search import file_sizes, postings
from reader.search.analysis import SCHEMA_VERSION, GapPositions, make_schema
from reader.search.scoring import weighting
from reader.search.spelling import Vocabulary

VERSION_FILE = "reader-index.json"
VOCAB_FILE = "reader-vocab.marshal"
INDEX_NAME = "MAIN"

log = logging.getLogger(__name__)

# What reading damaged index files raises, wherever it is caught (a search, the checks below).
# Whoosh decodes its files without checking them, so garbage in a segment surfaces as whatever
# the decoding trips over. Measured by damaging each file of a 150-article index in six ways
# (cut in half, emptied, zeroed, random bytes, 8 bytes or a 16-byte block changed) and
# running nine kinds of search and a related-articles search on it: OSError (a seek past the
# end), FileFormatError (a terms file's header), zlib.error and struct.error (stored fields),
# UnicodeEncodeError (a column), and from Whoosh's own frames a bare Exception ("Block tag
# error", postings), TypeError (a field length read as None), OverflowError. So:
# - a reading error (READ_ERRORS) means damage wherever it was raised: files cut short or
#   unreadable, compressed or packed data that does not unpack, Whoosh's own verdicts on its
#   files (FileFormatError, and whoosh.index.IndexError: EmptyIndexError, IndexVersionError,
#   OutOfDateError);
# - any other exception means damage only when the code that decodes the index's bytes raised
#   it: Whoosh's own, or GapPositions (our posting format);
# - anything else, raised by reader's own code (TypeError, AttributeError, KeyError,
#   AssertionError, ...), is a mistake of reader's: it is logged with its traceback, reported
#   as such (SearchFailedError), and the index is neither suspected nor rebuilt.
# A mistake of ours in calling Whoosh that fails inside Whoosh reads as damage too: the deep
# check at the next update then finds the index sound and keeps it (the log has the traceback).
READ_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    EOFError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    UnicodeError,
    FileFormatError,
    index.IndexError,
)
_DECODERS = ("whoosh",)  # the packages whose code decodes the index's files
_OUR_DECODER = f"{GapPositions.__qualname__}."


def damaged_by(exc: BaseException) -> bool:
    """Whether exc, raised while the index was read, may mean damaged files (see READ_ERRORS):
    then a deep check is due. False for a mistake of reader's own."""
    if isinstance(exc, READ_ERRORS):
        return True
    if not isinstance(exc, Exception) or isinstance(exc, RecursionError | MemoryError):
        return False
    last: TracebackType | None = exc.__traceback__
    while last is not None and last.tb_next is not None:
        last = last.tb_next
    if last is None:
        return False
    module = str(last.tb_frame.f_globals.get("__name__", ""))
    if module.split(".")[0] in _DECODERS:
        return True
    return last.tb_frame.f_code.co_qualname.startswith(_OUR_DECODER)


def check_index(ix: Any, *, deep: bool) -> Any:
    """Read the index's parts (the first of each, or all when deep); raise if one is broken.
    Returns the searcher that read them, open (the caller's to keep or close): opening the
    segments again was half of the no-change check's time after the scan."""
    s = ix.searcher(weighting=weighting())
    try:
        _check(s, deep)
    except BaseException:
        s.close()
        raise
    return s


def _check(s: Any, deep: bool) -> None:
    s.doc_count()
    r = s.reader()
    for leaf, _ in r.leaf_readers():  # a file cut short, wherever: one look at the folder
        file_sizes.check(leaf.storage(), [leaf.segment()])
    for _ in r.all_stored_fields():
        if not deep:
            break
    for leaf, _ in r.leaf_readers():
        beyond = leaf.doc_count_all()  # past every document of the segment
        for fieldname in ("title", "body", "exact"):
            for term in leaf.lexicon(fieldname):
                postings = leaf.postings(fieldname, term)
                if deep:
                    for _ in postings.all_ids():
                        pass
                elif postings.is_active():
                    # Its first block decoded and every later block's header read, to the
                    # term's end: decoding all the ids of `exact`'s first term ("a", in every
                    # article) was most of the no-change check's update at 100,000 articles.
                    postings.id()
                    postings.skip_to(beyond)
                # A term of one or two articles keeps its postings beside it in the terms
                # file (term_writer.TermWriter.INLINE_MAX): the quick check reads on to the
                # first one whose postings are in the postings file.
                info = leaf.term_info(fieldname, term)
                if not deep and not getattr(info, "is_inlined", lambda: False)():
                    break


class Store:
    """One index folder and what is open of it. Every method takes `lock` (re-entrant), which
    callers also hold while they use the searcher."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.lock = threading.RLock()
        self.ix: Any | None = None  # the open whoosh.index.Index
        self._searcher: Any | None = None
        self.vocabulary = Vocabulary(index_dir / VOCAB_FILE)
        self.problem: str | None = None  # why search is limited, said instead of searching
        self.set_aside: str | None = None  # why open() moved the last index aside
        self._sound: int | None = None  # the generation a full check last found sound
        # Each time the folder was found gone and let go of (start_anew_if_vanished), and
        # how it went: a search that failed on the folder gone may be judged only after an
        # update has built it anew (failures.judged), when the folder no longer says so.
        self.started_anew = 0
        self.last_gone: str | None = None

    def _version_ok(self) -> bool:
        try:
            data = json.loads((self.index_dir / VERSION_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(data, dict) and data.get("schema") == SCHEMA_VERSION

    def open(self, *, create: bool) -> Any | None:
        """Open the index; move a broken or outdated one aside and, if create, start anew."""
        with self.lock:
            if self.ix is not None:
                return self.ix
            ix: Any | None = None
            present, damage = False, "damaged"
            if self.index_dir.is_dir():
                try:
                    present = index.exists_in(self.index_dir, INDEX_NAME)
                except Exception as exc:  # a TOC that is garbage, cut short or too new
                    if not damaged_by(exc):
                        raise
                    self._log_damage(exc, "its table of contents cannot be read")
                    present = True
                else:
                    if present and not self._version_ok():
                        damage = "from another version of reader"
                        log.warning("The search index in %s is %s", self.index_dir, damage)
            if present:
                if damage == "damaged":
                    try:
                        ix = index.open_dir(os.fspath(self.index_dir), indexname=INDEX_NAME)
                        self._take(check_index(ix, deep=False))
                    except Exception as exc:
                        if not damaged_by(exc):
                            raise
                        self._log_damage(exc, "the quick check failed")
                        ix = None
                if ix is None and create:
                    self._move_aside()
                    self.set_aside = damage
                elif ix is None:
                    self.problem = f"The search index is {damage}; it will be rebuilt"
            elif self.index_dir.exists() and create and any(self.index_dir.iterdir()):
                self._move_aside()
            if ix is None and create:
                self.index_dir.mkdir(parents=True, exist_ok=True)
                ix = index.create_in(os.fspath(self.index_dir), make_schema(), INDEX_NAME)
                (self.index_dir / VERSION_FILE).write_text(
                    json.dumps({"schema": SCHEMA_VERSION}), "utf-8"
                )
                self.vocabulary = Vocabulary(self.index_dir / VOCAB_FILE)
                self.vocabulary.save()
            self.ix = ix
            return ix

    def reset_if_damaged(self) -> None:
        """After a failed search: read every posting list; set a damaged index aside."""
        with self.lock:
            self.close_searcher()
            ix = self.ix or self.open(create=False)
            if ix is None:
                return
            try:
                checked = check_index(ix, deep=True)
                if checked is not None:
                    checked.close()
            except Exception as exc:
                if not damaged_by(exc):
                    raise
                self._log_damage(exc, "the full check after a failed search failed")
                self.reset()
                self.set_aside = "damaged"
            else:
                self._sound = ix.latest_generation()
                log.info(
                    "The search index in %s is sound (checked after a failed search)",
                    self.index_dir,
                )

    def checked_sound(self) -> bool:
        """Whether a full check found the index sound since its last change: a failed read
        then needs no other check (the app checked, searched again, failed again, for ever)."""
        with self.lock:
            if self._sound is None or self.ix is None:
                return False
            try:
                return bool(self.ix.latest_generation() == self._sound)
            except OSError:
                return False

    def vanished(self) -> str | None:
        """What became of the index folder under the open index ("was deleted", "was replaced
        by a file", "was emptied"), or None while it is there (or no index is open). A look
        at the folder's names, cheap enough for every look at the articles' folder."""
        with self.lock:
            if self.ix is None:
                return None
        try:
            names = os.listdir(self.index_dir)
        except FileNotFoundError:
            return "was deleted"
        except NotADirectoryError:
            return "was replaced by a file"
        except OSError:  # unreadable, say: what reads it says why
            return None
        if any(n.startswith(f"_{INDEX_NAME}_") and n.endswith(".toc") for n in names):
            return None
        return "was emptied"

    def start_anew_if_vanished(self) -> str | None:
        """When the index folder went away under the open index, let go of what is open (a
        file in its place is set aside) so that the next open() builds anew; what happened,
        or None."""
        with self.lock:
            gone = self.vanished()
            if gone is None:
                return None
            log.warning("The search index folder %s %s: building it anew", self.index_dir, gone)
            self.started_anew += 1
            self.last_gone = gone
            self.reset()
            self.problem = None
            return f"The search index folder {gone}"

    def _log_damage(self, exc: Exception, how: str) -> None:
        log.warning("The search index in %s is damaged: %s", self.index_dir, how, exc_info=exc)

    def _move_aside(self) -> None:
        aside = self.index_dir.with_name(self.index_dir.name + ".broken")
        log.info("The search index in %s is set aside as %s", self.index_dir, aside.name)
        shutil.rmtree(aside, ignore_errors=True)
        try:
            os.replace(self.index_dir, aside)
        except OSError:
            shutil.rmtree(self.index_dir, ignore_errors=True)

    def reset(self) -> None:
        """Close everything and move the index folder aside (a rebuild starts anew)."""
        with self.lock:
            self.close_searcher()
            self.ix = None
            if self.index_dir.exists():
                self._move_aside()

    def close_searcher(self) -> None:
        with self.lock:
            if self._searcher is not None:
                try:
                    self._searcher.close()
                except Exception:  # its files are let go of all the same: carry on
                    log.warning("The searcher could not be closed", exc_info=True)
                self._searcher = None

    def searcher(self) -> Any | None:
        """The shared searcher, refreshed to the latest commit (caller holds the lock)."""
        ix = self.ix or self.open(create=False)
        if ix is None:
            return None
        if self._searcher is not None and not self._searcher.up_to_date():
            # Not Searcher.refresh(): whoosh-reloaded 2.7.5's reader reuse kept segments that a
            # merge replaced (duplicate hits) and failed on an empty index; reopen instead.
            self.close_searcher()
        if self._searcher is None:
            self._take(ix.searcher(weighting=weighting()))
        return self._searcher

    def _take(self, s: Any | None) -> None:
        """Search with s from now on (None: open one when one is needed)."""
        self.close_searcher()
        if s is not None:
            postings.keep_term_places(s)
            self.vocabulary.due()
        self._searcher = s

    def read_vocabulary(self) -> None:
        """Read the vocabulary now if it changed (searchers read it when first used)."""
        with self.lock:
            self.vocabulary.load()

    def close(self) -> None:
        """Release the searcher and the index."""
        with self.lock:
            self.close_searcher()
            if self.ix is not None:
                try:
                    self.ix.close()
                except Exception:  # as close_searcher
                    log.warning("The search index could not be closed", exc_info=True)
            self.ix = None
