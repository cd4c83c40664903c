"""Writing the index: documents (documents.py) added, updated and removed in batches committed
as they go (searchable while a build runs), a big batch split between child processes.

With joined.py, postings.py, scoring.py, segments.py and term_writer.py, the only modules that
reach into Whoosh's private API, here its writers (SegmentWriter's `_flush_segment`,
`_finalize_segment`, `_added`, `_merge_segments`, `_close_segment`, `_commit_toc`, `_finish`,
`writelock`; the index's `lock` method, wrapped for a writer's lifetime). Each use is pinned
by a test in tests/unit/test_whoosh_canaries.py.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from whoosh import index
from whoosh.reading import SegmentReader
from whoosh.writing import NO_MERGE

from reader.core.article import ArticleSummary
from reader.core.corpus import FileStat
from reader.search.analysis import path_term
from reader.search.children import die_with
from reader.search.documents import Todo, document
from reader.search.errors import IndexBusyError
from reader.search.joined import join, joinable
from reader.search.segments import FastSegmentWriter
from reader.search.spelling import Vocabulary, vocabulary_words
from reader.search.store import INDEX_NAME, Store

log = logging.getLogger(__name__)

BATCH_DOCS = 500
BATCH_SECONDS = 2.0
# A batch is committed before a file that would take its bytes past this, so the small files
# indexed first (documents.changes) are searchable before a big file is read.
BATCH_BYTES = 4 * 1024 * 1024
# A first build or a big update is split between child processes (see _write_split): a first
# batch of SPLIT_FIRST_BATCH (searchable within seconds), then batches of SPLIT_MAX_BATCH. Each
# batch's children write a segment each at least, which the parent joins into one (joined.py):
# each segment holds its own terms table, with most of a collection's terms again.
SPLIT_MIN_DOCS = 200
SPLIT_FIRST_BATCH = 400
SPLIT_MAX_BATCH = 16_000
# A child's writer holds its postings in flat arrays (inverted.py), about 71 bytes each for
# 1,000 generated articles, fewer as its terms repeat (4,800 in one process: a 254 MB peak):
# past this many it writes a segment and starts another (a 16,000-article batch of the
# generated articles: 7 M postings a child; 10,000 articles: 4.3 M).
SPLIT_SEGMENT_POSTINGS = 5_000_000
SPLIT_CHUNK = 8  # files a child takes at a time
# Of a split batch's time, the share spent reading, parsing and adding its files (0.7 of a
# child's CPU at 10,000 generated articles); the rest writes the segments. Progress counts a
# file as READ_SHARE done once read, whole once its segment is committed.
READ_SHARE = 0.7
# Segments this small (what incremental updates write) are merged together once there are
# enough of them; a build's are never merged (merging rewrites every posting: 50 s).
TINY_SEGMENT_DOCS = 100
TINY_SEGMENTS_TO_MERGE = 8

Progress = Callable[[int, int], None] | None
Cancelled = Callable[[], bool] | None
# Given the list's summaries of the files a batch read (documents.document), once committed.
Summarised = Callable[[list[ArticleSummary]], None] | None


def write(
    store: Store,
    procs: int,
    todo: Todo,
    removed: list[str],
    vocab: Vocabulary,
    indexed: int,
    progress: Progress,
    cancelled: Cancelled,
    summarised: Summarised = None,
) -> tuple[int, int]:
    """Remove `removed`, index `todo` (of an index holding `indexed` articles) and count their
    words into vocab, committing batch by batch. -> (files done, unreadable files)."""
    done = unreadable = 0
    if procs > 1 and len(todo) >= SPLIT_MIN_DOCS:
        done, unreadable = _write_split(
            store, procs, todo, removed, vocab, progress, cancelled, summarised
        )
        removed = []
    batches = 0
    while removed or done < len(todo):
        if cancelled and cancelled():
            break
        writer = open_writer(store, procs, len(todo) - done)
        try:
            for p in removed:
                writer.delete_by_term("path", path_term(p))
            removed = []
            started = time.monotonic()
            n = 0
            words: Counter[str] = Counter()  # the batch's, counted in with its commit
            made: list[ArticleSummary] = []
            batch_bytes = 0
            while done < len(todo):
                f, is_update = todo[done]
                batch_bytes += f.size
                if n and batch_bytes > BATCH_BYTES:
                    break
                doc = document(f)
                if doc.pop("_unreadable", False):
                    unreadable += 1
                if "_summary" in doc:
                    made.append(doc.pop("_summary"))
                words.update(vocabulary_words(f"{doc['title']} {doc.get('body', '')}"))
                if is_update:
                    writer.update_document(**doc)
                else:
                    writer.add_document(**doc)
                done += 1
                n += 1
                if n >= BATCH_DOCS * 2**batches or (
                    time.monotonic() - started > min(BATCH_SECONDS * 2**batches, 30)
                ):
                    break
        except BaseException:
            writer.cancel()
            raise
        # Merging segments at every batch rewrote the index again and again (10k
        # articles: 32/s); merge only at the end.
        last = done >= len(todo)
        # A (re)build ends as one segment: 10k articles in 18 segments searched 2x slower.
        try:
            if last and done * 2 >= indexed + done:
                writer.commit(optimize=True)  # mostly new: one segment
            else:
                writer.commit(mergetype=_merge_tiny if last else NO_MERGE)
        except BaseException:
            _abandon(writer)  # a full disk must not leave the write lock held
            raise
        batches += 1
        with store.lock:  # searches read the vocabulary under the same lock
            vocab.add_counts(words)
            vocab.save()
        if summarised:
            summarised(made)
        if progress:
            progress(done, len(todo))
    return done, unreadable


def _write_split(
    store: Store,
    procs: int,
    todo: Todo,
    removed: list[str],
    vocab: Vocabulary,
    progress: Progress,
    cancelled: Cancelled,
    summarised: Summarised,
) -> tuple[int, int]:
    """Index todo in batches, each split between `procs` child processes that read, parse
    and index their share into a segment of their own; this process only commits the
    segments (no merging: a merge rewrites every posting again). -> (done, unreadable).

    Whoosh's MpWriter parses in the parent and pickles documents to its children: three
    busy processes on two cores, and its commits merged.
    """
    # What the children import to read articles (debris's patterns, the HTML parser: imported
    # when first used), imported here first: a module that another thread is importing at
    # the fork would be left half-imported, and locked, in the child.
    for module in ("reader.core.debris", "reader.core.html_article"):
        importlib.import_module(module)
    ctx = multiprocessing.get_context("fork")
    done = unreadable = 0
    size = SPLIT_FIRST_BATCH
    earlier: dict[str, int] = {}  # this build's segments: their documents (joined ones)
    while removed or done < len(todo):
        if cancelled and cancelled():
            break
        batch = todo[done : done + size]
        # This build's segments smaller than a batch (the first's) are joined with it, first
        prior = [sid for sid, docs in earlier.items() if docs < size]
        offset = sum(earlier[sid] for sid in prior)
        writer = open_writer(store, procs, 0)
        children: list[Any] = []
        try:
            for p in removed:
                writer.delete_by_term("path", path_term(p))
            for f, is_update in batch:
                if is_update:
                    writer.delete_by_term("path", path_term(f.path))
            # The children take chunks of files as they go (a shared cursor), so a child
            # slowed by another program on the machine does not hold the batch up.
            counter = ctx.Value("l", 0)
            results: Any = ctx.SimpleQueue()
            files = [f for f, _ in batch]
            parent = os.getpid()
            lock_fds = _lock_fds(writer)
            n = max(1, min(procs, len(batch) // 50))
            # Each child's document count, once all files are taken: a child numbers its last
            # segment's postings from where its documents will stand in the joined segment.
            sizes = ctx.Array("l", n)
            ready = ctx.Barrier(n)
            for k in range(n):
                child = ctx.Process(
                    target=_index_part,
                    args=(
                        os.fspath(store.index_dir),
                        files,
                        counter,
                        results,
                        (parent, lock_fds),
                        (k, sizes, ready, offset),
                    ),
                    daemon=True,
                )
                child.start()
                children.append(child)
            segments: list[tuple[int, list[tuple[Any, int]]]] = []
            made: list[ArticleSummary] = []
            stop = False
            reported = 0
            while reported < len(children) and batch:
                if results.empty():
                    if cancelled and cancelled():
                        stop = True
                        break
                    if progress:
                        progress(done + int(counter.value * READ_SHARE), len(todo))
                    if any(c.exitcode not in (None, 0) for c in children) and results.empty():
                        # (not all ended: the others wait at their barrier for the one killed)
                        raise RuntimeError("an indexing process ended without a result")
                    time.sleep(0.05)
                    continue
                kind, *payload = results.get()
                if kind == "error":
                    raise payload[0]
                k, parts, counts, bad, summaries = payload
                segments.append((k, parts))
                reported += 1
                made += summaries
                with store.lock:  # searches read the vocabulary under the same lock
                    vocab.add_counts(counts)
                unreadable += bad
            for child in children:
                if stop:
                    child.kill()
                child.join()
            if stop:
                writer.cancel()
                break
            written = [part for _, parts in sorted(segments) for part in parts]
            added = _commit_segments(writer, written, prior, offset)
            earlier = {sid: n for sid, n in earlier.items() if sid not in prior}
            earlier.update((seg.segid, seg.doc_count_all()) for seg in added)
        except BaseException:
            for child in children:
                if child.is_alive():
                    child.kill()
                child.join()
            _abandon(writer)
            raise
        removed = []
        done += len(batch)
        size = SPLIT_MAX_BATCH
        with store.lock:
            vocab.save()
        if summarised:
            summarised(made)
        if progress:
            progress(done, len(todo))
    return done, unreadable


def _commit_segments(
    writer: Any, written: list[tuple[Any, int]], prior: Sequence[str] = (), offset: int = 0
) -> list[Any]:
    """Commit writer's deletions with segments written elsewhere added, joined into one
    (joined.join: their posting blocks copied, not merged a posting at a time) after the
    index's segments prior (their ids; their `offset` documents first, where they can be
    joined). written: (segment, the number its postings start from). -> the segment(s) added."""
    merged = writer._merge_segments(None, False, False)
    first = [seg for seg in merged if seg.segid in prior]
    if len(first) == len(prior) and all(map(joinable, first)):
        offset = 0
    else:  # not joined after all: the written ones' numbers moved back
        first = []
    segments = first + [seg for seg, _ in written]
    numbered = [0] * len(first) + [at - offset for _, at in written]
    if len(segments) > 1 or (segments and numbered[0]):
        segments = [join(writer.storage, writer.schema, segments, numbered)]
    writer._close_segment()
    writer._commit_toc([seg for seg in merged if seg not in first] + segments)
    writer._finish()
    return segments


def open_writer(store: Store, procs: int, remaining: int) -> Any:
    """A writer of the index (for `remaining` documents). One that fails after taking the
    write lock (a full disk while it creates its files) releases the lock: Whoosh keeps it
    until the process ends. Raises IndexBusyError when another process holds it."""
    ix = store.open(create=True)
    assert ix is not None
    taken: list[Any] = []
    whoosh_lock = ix.lock

    def lock(name: str) -> Any:
        taken.append(whoosh_lock(name))
        return taken[-1]

    ix.lock = lock  # only update() writes, under a lock
    try:
        return _writer(ix, procs, remaining)
    except IndexBusyError:
        raise
    except BaseException:
        for held in taken:
            try:
                held.release()
            except Exception:  # the error that brought us here is the one to raise
                log.warning("A write lock of the index could not be released", exc_info=True)
        raise
    finally:
        del ix.lock


def _writer(ix: Any, procs: int, remaining: int) -> Any:
    try:
        # compound=False: Whoosh reads a compound segment's parts through BytesIO, which
        # copies each part into memory at every searcher open (2x the index in RSS, and
        # 0.25 s per reopen at 10k articles); plain segment files are read on demand.
        return FastSegmentWriter(ix, limitmb=64, compound=False)
    except index.LockError:
        raise IndexBusyError("Another reader is indexing this folder") from None


def _merge_tiny(writer: Any, segments: list[Any]) -> list[Any]:
    """Merge policy: fold the small segments of incremental updates together, never a build's.
    Whoosh's MERGE_SMALL merged all 22 segments of a 100k index (a rewrite of every posting,
    minutes) to add 10 changed files."""
    tiny = [seg for seg in segments if seg.doc_count_all() < TINY_SEGMENT_DOCS]
    if len(tiny) < TINY_SEGMENTS_TO_MERGE:
        return segments
    for seg in tiny:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in tiny]


def _abandon(writer: Any) -> None:
    """Release what a writer whose commit failed still holds, its write lock above all (the
    error that made it fail is the one raised: what fails here is only logged)."""
    try:
        writer.cancel()
    except Exception:
        log.warning("A failed index writer could not be cancelled", exc_info=True)
    lock = getattr(writer, "writelock", None)
    if lock is not None:
        try:
            lock.release()
        except Exception:
            log.warning("A failed index writer's lock could not be released", exc_info=True)


def _lock_fds(writer: Any) -> list[int]:
    """The file descriptors of the write lock a writer holds (Whoosh's FcntlLock.fd)."""
    fd = getattr(getattr(writer, "writelock", None), "fd", None)
    return [fd] if isinstance(fd, int) else []


def _index_part(
    index_dir: str,
    files: list[FileStat],
    counter: Any,
    results: Any,
    parent_lock: tuple[int, list[int]],
    place: tuple[int, Any, Any, int],
) -> None:
    """In a child process: read, parse and index files into a new segment of the index (or
    more than one, each of at most SPLIT_SEGMENT_POSTINGS postings), a chunk at a time from
    the shared cursor counter (files taken so far). place: this child's number k, the shared
    array of the children's document counts, the barrier they meet at once every file is
    taken, and the documents the joined segment holds before the children's: the last
    segment's postings are numbered from where its documents will stand in the segment the
    parent joins the segments into (child 0's first), so that its posting blocks are copied
    as they are (joined.join).

    Puts ("ok", k, [(segment, its postings' first number)], word counts, unreadable count,
    the files' summaries) or ("error", exception) on results, the exception noted with its
    traceback here (pickling drops it), which the parent's log then shows; the parent holds
    the write lock and commits the segments.
    """
    parent, lock_fds = parent_lock
    k, sizes, ready, offset = place
    die_with(parent, lock_fds)
    try:
        ix = index.open_dir(index_dir, indexname=INDEX_NAME)
        writer = FastSegmentWriter(ix, _lk=False, compound=False)
        parts: list[tuple[Any, int]] = []  # the segments written
        held = 0  # the documents of those
        counts: dict[str, int] = {}
        get = counts.get
        unreadable = 0
        made: list[ArticleSummary] = []
        while True:
            with counter.get_lock():
                start = counter.value
                counter.value = min(len(files), start + SPLIT_CHUNK)
            if start >= len(files) or os.getppid() != parent:
                break
            for f in files[start : start + SPLIT_CHUNK]:
                doc = document(f)
                if doc.pop("_unreadable", False):
                    unreadable += 1
                if "_summary" in doc:
                    made.append(doc.pop("_summary"))
                for w in vocabulary_words(doc["body"]):  # the body holds the title too
                    counts[w] = get(w, 0) + 1
                writer.add_document(**doc)
            if writer.held >= SPLIT_SEGMENT_POSTINGS and start + SPLIT_CHUNK < len(files):
                # memory: a segment, and on in a new one (the temporary files of writers
                # share one folder, which cancelling a writer deletes: none is cancelled
                # once another is open, in this process or another)
                parts.append((writer._finalize_segment(), 0))
                held += writer.docnum
                writer = FastSegmentWriter(ix, _lk=False, compound=False)
        sizes[k] = held + writer.docnum
        ready.wait()
        # A writer with nothing in it is left as it is, not cancelled, even on an error:
        # Whoosh's cancel empties the temporary folder that every writer of the batch
        # shares, under a child still writing there (the parent's commit empties it).
        if writer._added:
            writer.numbered_from = offset + sum(sizes[:k]) + held
            parts.append((writer._finalize_segment(), writer.numbered_from))
        results.put(("ok", k, parts, counts, unreadable, made))
    except BaseException as exc:  # reported to the parent, which raises it
        where = "".join(traceback.format_exception(exc))
        exc.add_note(f"In an indexing process:\n{where.rstrip()}")
        try:
            results.put(("error", exc))
        except Exception:  # an exception that does not pickle (what pickling raises varies)
            error = RuntimeError(f"{type(exc).__name__}: {exc}")
            error.add_note(f"In an indexing process:\n{where.rstrip()}")
            results.put(("error", error))
