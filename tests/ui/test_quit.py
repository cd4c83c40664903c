"""Quitting never waits for long work (issue 14.8): a layout gives up at its worker's cancel
flag, and the app's thread workers run on daemon threads that the process does not wait for.
The whole story, a 20 MB article and `q`, is told in a real terminal by
tests/e2e/test_quit_tmux.py."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from rich.console import Console

from reader.core.article import parse_text
from reader.tui.app import DaemonThreads
from reader.tui.widgets.article_layout import Layout, LayoutCancelled
from tests.ui.conftest import STYLES, main, started
from tests.unit.guards import without_hanging


def test_a_layout_gives_up_at_the_first_block_after_its_flag_is_raised() -> None:
    article = parse_text("Title\n\n" + "\n\n".join(f"Paragraph {n}." for n in range(1000)))
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > 10

    with pytest.raises(LayoutCancelled):
        Layout.build(article, 60, Console(width=80), STYLES, frozenset(), cancelled=cancelled)
    assert asked == 11  # asked before each block: it stopped at once, 989 blocks early
    whole = Layout.build(
        article, 60, Console(width=80), STYLES, frozenset(), cancelled=lambda: False
    )
    assert len(whole.lines) > 1000


def test_shutting_the_workers_threads_down_waits_for_none() -> None:
    executor = DaemonThreads()
    running, release = threading.Event(), threading.Event()
    seen: list[threading.Thread] = []

    def work() -> int:
        seen.append(threading.current_thread())
        running.set()
        release.wait()
        return 7

    future = executor.submit(work)
    assert running.wait(timeout=10)
    without_hanging(lambda: executor.shutdown(wait=True))  # returns with the work still on
    assert seen[0].daemon and seen[0].is_alive() and not future.done()
    release.set()
    assert future.result(timeout=10) == 7
    failing = executor.submit(lambda: 1 // 0)
    with pytest.raises(ZeroDivisionError):
        failing.result(timeout=10)


async def test_the_apps_thread_workers_are_daemons(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        worker = app.run_worker(threading.current_thread, thread=True)
        thread = await worker.wait()
        assert thread is not threading.main_thread() and thread.daemon


async def test_quit_while_a_search_holds_the_index_does_not_wait_for_it(
    small_corpus: Path,
) -> None:
    """A complete ranking of a big folder holds the index for seconds; quitting then must
    not wait for it to let go. Here a thread holds the index's lock as a search does."""
    held, release = threading.Event(), threading.Event()
    async with started(small_corpus) as (app, pilot):
        index = main(app).library.index
        assert index is not None

        def search_under_way() -> None:
            with index._store.lock:
                held.set()
                release.wait(timeout=10)  # a hang guard: it lets go by itself at last

        holder = threading.Thread(target=search_under_way, daemon=True)
        holder.start()
        assert held.wait(timeout=10)
        await pilot.press("q")
    assert holder.is_alive()  # the app ended while the "search" still held the index
    release.set()
    holder.join(timeout=10)


def test_a_worker_thread_takes_the_next_work_once_it_is_done() -> None:
    # Each keystroke runs a search in a worker: a thread started for each would hold the
    # keystroke until the new thread ran.
    executor = DaemonThreads()
    ran = [executor.submit(threading.current_thread).result(timeout=10) for _ in range(5)]
    assert len(set(ran)) == 1 and ran[0].daemon
    busy, release = threading.Event(), threading.Event()

    def hold() -> threading.Thread:
        busy.set()
        release.wait()
        return threading.current_thread()

    held = executor.submit(hold)
    assert busy.wait(timeout=10)
    other = executor.submit(threading.current_thread).result(timeout=10)  # not held up
    release.set()
    assert other is not held.result(timeout=10)
    failing = executor.submit(lambda: 1 // 0)
    with pytest.raises(ZeroDivisionError):
        failing.result(timeout=10)
    assert executor.submit(threading.current_thread).result(timeout=10) in (ran[0], other)
