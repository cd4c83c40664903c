"""The app side of the benchmark: runs in its own process, prints nothing, writes JSON.

`python -m bench.probe warm ROOT OUT.json`: from process start (the launcher passes its clock
in BENCH_T0) to the article list drawn with every article, and to the index found current;
then the peak RSS of the process.

`python -m bench.probe session ROOT OUT.json --seconds S`: a first session, the list shown
then looked at for S seconds, ended by kill -9; what the list showed then goes to OUT.json.

`python -m bench.probe search ROOT OUT.json --queries Q.json [--rounds R] [--big FILE]`: the
same start, then key presses one at a time into the search box, each timed from the key event
to the list drawn with that query's results; then a 1 MB article opened through ArticleView
with the search's matches counted, and `n` to the next match.

Keys are posted to the app as the terminal driver posts them (`Pilot.press` waits for the CPU
to go idle after each key, at least 40 ms, which would hide what is measured). "Drawn" means
the list's `set_rows` ran and then the screen's next compositor pass called the list's
`render_line`. A ticker coroutine records how long the event loop was held between its ticks:
the longest such stall is how long the screen was frozen.
"""

from __future__ import annotations

import os
import time

T_START = float(os.environ.get("BENCH_T0") or time.time())

import argparse  # noqa: E402 - the clock above starts first
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import unicodedata  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

T_IMPORTS = time.time()
from textual import events  # noqa: E402

from reader.core.article import load_article  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402
from reader.tui.widgets.article_list import ArticleList  # noqa: E402
from reader.tui.widgets.article_view import ArticleView  # noqa: E402
from reader.tui.widgets.reading_panes import ReadingPanes  # noqa: E402

T_IMPORTED = time.time()
SIZE = (120, 40)
KEY_TIMEOUT = 60.0
TICK = 0.002


def peak_rss_mb() -> tuple[float, float]:
    """(peak, current) resident memory of this process in MB."""
    values = {"VmHWM": 0.0, "VmRSS": 0.0}
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                key, _, rest = line.partition(":")
                if key in values:
                    values[key] = int(rest.split()[0]) / 1024
    except OSError:
        import resource

        values["VmHWM"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return values["VmHWM"], values["VmRSS"]


class Watch:
    """Hooks on the list and the view: when rows were set, when the list was next drawn."""

    def __init__(self) -> None:
        self.rows_set = asyncio.Event()
        self.drawn = asyncio.Event()
        self.view_shown = asyncio.Event()
        self.rows_at = 0.0
        self.armed = False

    def install(self) -> None:
        """Wrap ArticleList.set_rows / render_line and ArticleView._apply (this process only)."""
        watch = self
        set_rows = ArticleList.set_rows
        render_line = ArticleList.render_line
        # the moment the article's layout is applied (big ones are laid out in a worker)
        show = ArticleView._apply

        def set_rows_hook(self: ArticleList, *args: Any, **kwargs: Any) -> None:
            set_rows(self, *args, **kwargs)
            watch.rows_at = time.perf_counter()
            watch.rows_set.set()
            watch.armed = True

        def render_line_hook(self: ArticleList, y: int) -> Any:
            if watch.armed:
                watch.armed = False
                watch.drawn.set()
            return render_line(self, y)

        def show_hook(self: ArticleView, *args: Any, **kwargs: Any) -> None:
            show(self, *args, **kwargs)
            watch.view_shown.set()

        ArticleList.set_rows = set_rows_hook  # type: ignore[method-assign]
        ArticleList.render_line = render_line_hook  # type: ignore[method-assign]
        ArticleView._apply = show_hook  # type: ignore[method-assign]

    def reset(self) -> None:
        self.rows_set.clear()
        self.drawn.clear()
        self.armed = False

    async def until_drawn(self, timeout: float) -> None:
        """Wait for rows to be set and then drawn; the compositor pass ends in this loop turn."""
        await asyncio.wait_for(self.rows_set.wait(), timeout)
        with contextlib.suppress(TimeoutError):  # nothing visible changed: nothing to draw
            await asyncio.wait_for(self.drawn.wait(), 1.0)
        await asyncio.sleep(0)


class Ticker:
    """Measures how long the event loop is held: the gap between short sleeps."""

    def __init__(self) -> None:
        self.max_stall = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(TICK)
            self.max_stall = max(self.max_stall, time.perf_counter() - before - TICK)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def take(self) -> float:
        """The longest stall since the last take, in seconds."""
        value, self.max_stall = self.max_stall, 0.0
        return value

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


def key_for(char: str) -> str:
    """The Textual key name a terminal reports for a typed character."""
    if char.isalnum():
        return char
    if char == "-":
        return "minus"
    return unicodedata.name(char).lower().replace(" ", "_").replace("-", "_")


def press(app: ReaderApp, char: str) -> None:
    """Post one key event the way the terminal driver does."""
    key = key_for(char) if len(char) == 1 else char
    event = events.Key(key, char if len(char) == 1 else None)
    event.set_sender(app)
    app.post_message(event)


async def workers_done(app: ReaderApp) -> None:
    """Wait for every worker to end (cancelled ones too; wait_for_complete raises on those)."""
    while any(not w.is_finished for w in app.workers):
        await asyncio.sleep(0.005)


def index_busy(app: ReaderApp) -> bool:
    return any(w.group == "index" and not w.is_finished for w in app.workers)


async def start(app: ReaderApp, watch: Watch, expected: int) -> dict[str, Any]:
    """Wait for the list with every article drawn, then for the index check to finish."""
    result: dict[str, Any] = {}
    deadline = time.perf_counter() + 600
    while True:
        await watch.until_drawn(max(1.0, deadline - time.perf_counter()))
        rows = len(app.query_one(ArticleList).summaries)
        if rows >= expected:
            break
        watch.reset()
    result["list_s"] = time.time() - T_START
    result["rows"] = rows
    library = app.main_screen.library
    while index_busy(app) or library.index is None:
        if time.perf_counter() > deadline:
            raise TimeoutError("the index check did not finish")
        await asyncio.sleep(0.005)
    result["index_current_s"] = time.time() - T_START
    result["indexed"] = library.index.doc_count()
    result["imports_s"] = T_IMPORTED - T_IMPORTS
    result["interpreter_s"] = T_IMPORTS - T_START
    return result


async def warm(root: Path, expected: int) -> dict[str, Any]:
    watch = Watch()
    watch.install()
    app = ReaderApp(root)
    async with app.run_test(size=SIZE) as pilot:
        result = await start(app, watch, expected)
        await pilot.pause()
        result["peak_rss_mb"], result["rss_mb"] = peak_rss_mb()
    return result


async def session(root: Path, expected: int, seconds: float, out: Path) -> None:
    """A short first session: the list shows, the user looks at it for `seconds`, and the
    process is killed (kill -9, as a closed terminal ends it: nothing saved on the way out)
    once what it showed is written to out."""
    app = ReaderApp(root)
    async with app.run_test(size=SIZE):
        article_list = app.query_one(ArticleList)
        deadline = time.perf_counter() + 600
        while len(article_list.summaries) < expected and time.perf_counter() < deadline:
            await asyncio.sleep(0.01)
        listed = time.time() - T_START
        await asyncio.sleep(seconds)
        rows = article_list.summaries
        shown = {
            "list_s": listed,
            "session_s": time.time() - T_START,
            "rows": len(rows),
            "provisional": sum(1 for s in rows if s.provisional),
            "expected": expected,
        }
        out.write_text(json.dumps(shown, indent=1), "utf-8")
        os.kill(os.getpid(), signal.SIGKILL)


async def type_query(
    app: ReaderApp, watch: Watch, ticker: Ticker, query: str, tail: int = 0
) -> list[dict[str, Any]]:
    """Type query key by key; each key timed to its results drawn.

    With tail > 0 only the last `tail` keys are typed: the rest is pasted at once, untimed.
    """
    samples = []
    first = 0
    if 0 < tail < len(query):
        first = len(query) - tail
        watch.reset()
        app.main_screen.search_bar.value = query[:first]
        app.main_screen.search_bar.cursor_position = first
        await watch.until_drawn(KEY_TIMEOUT)
    for n, char in enumerate(query[first:], first + 1):
        watch.reset()
        ticker.take()
        started, cpu, ui = time.perf_counter(), time.process_time(), time.thread_time()
        press(app, char)
        try:
            await watch.until_drawn(KEY_TIMEOUT)
            took = time.perf_counter() - started
        except TimeoutError:
            took = float("inf")
        cpu, ui = time.process_time() - cpu, time.thread_time() - ui
        session = app.main_screen.session
        results = session.results
        samples.append(
            {
                "typed": query[:n],
                "s": took,
                "rows_s": watch.rows_at - started,
                # the CPU the process spent meanwhile (every thread): the key's work, which a
                # busy machine's wait for the CPU does not inflate
                "cpu_s": cpu,
                # of which the UI thread's (this one's): the rest is the search worker's
                "ui_cpu_s": ui,
                "stall_s": ticker.take(),
                "hits": len(results.hits) if results else 0,
                "total": results.all_words_total if results else 0,
                "partial": bool(results.partial) if results else False,
                "query_ok": session.search is not None and session.search.text == query[:n],
            }
        )
    return samples


async def clear_search(app: ReaderApp, watch: Watch) -> None:
    """Esc out of the search (the full list comes back), then focus the box again."""
    watch.reset()
    press(app, "escape")
    await watch.until_drawn(KEY_TIMEOUT)
    await workers_done(app)
    press(app, "slash")
    for _ in range(200):
        if app.main_screen.search_bar.has_focus:
            break
        await asyncio.sleep(0.005)


async def open_big(
    app: ReaderApp, watch: Watch, big: Path, query: str, ticker: Ticker
) -> dict[str, Any]:
    """Open a big article with the query's matches marked; then `n` to the next match."""
    result: dict[str, Any] = {"bytes": big.stat().st_size}
    await type_query(app, watch, ticker, query)
    await workers_done(app)
    started = time.perf_counter()
    article = load_article(big)
    result["load_s"] = time.perf_counter() - started
    view = app.query_one(ArticleView)
    watch.view_shown.clear()
    ticker.take()
    started = time.perf_counter()
    panes = app.main_screen.panes
    panes.post_message(ReadingPanes.Loaded(article, panes.generation))
    await asyncio.wait_for(watch.view_shown.wait(), KEY_TIMEOUT)
    await asyncio.sleep(0)
    result["show_s"] = time.perf_counter() - started
    result["show_stall_s"] = ticker.take()
    result["counter"] = str(view.border_subtitle)
    result["matches"] = len(view.matches)
    view.focus()
    await asyncio.sleep(0.05)
    before = view.match_index
    started = time.perf_counter()
    press(app, "n")
    while view.match_index == before and time.perf_counter() - started < KEY_TIMEOUT:
        await asyncio.sleep(0.0005)
    await asyncio.sleep(0)
    result["next_match_s"] = time.perf_counter() - started
    result["counter_after_n"] = str(view.border_subtitle)
    return result


async def search(
    root: Path,
    expected: int,
    queries: Sequence[tuple[str, str]],
    rounds: int,
    big: Path | None,
    tail: int,
) -> dict[str, Any]:
    watch = Watch()
    watch.install()
    app = ReaderApp(root)
    out: dict[str, Any] = {"forms": {}}
    async with app.run_test(size=SIZE) as pilot:
        out["start"] = await start(app, watch, expected)
        await pilot.pause()
        ticker = Ticker()
        ticker.start()
        press(app, "slash")
        await pilot.pause()
        for _ in range(rounds):
            for form, query in queries:
                samples = await type_query(app, watch, ticker, query, tail)
                out["forms"].setdefault(form, {"query": query, "rounds": []})["rounds"].append(
                    samples
                )
                await clear_search(app, watch)
        if big is not None:
            common = next(q for f, q in queries if f == "common word")
            out["big"] = await open_big(app, watch, big, common, ticker)
        ticker.stop()
        out["peak_rss_mb"], out["rss_mb"] = peak_rss_mb()
    return out


def summarize(values: Sequence[float]) -> dict[str, float]:
    """Median, p95 and max of a sample."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"median": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.probe")
    parser.add_argument("mode", choices=("warm", "search", "session"))
    parser.add_argument("root", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--expected", type=int, required=True, help="articles in the corpus")
    parser.add_argument("--queries", type=Path, help="JSON list of [form, query]")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--big", type=Path)
    parser.add_argument("--type-tail", type=int, default=0, help="type only the last K keys")
    parser.add_argument(
        "--seconds", type=float, default=5.0, help="a session: the list shown so long"
    )
    args = parser.parse_args(argv)
    run: Callable[[], Any]
    if args.mode == "session":  # killed at its end: writes its own JSON first
        asyncio.run(session(args.root, args.expected, args.seconds, args.out))
        return 1
    if args.mode == "warm":

        def run() -> Any:
            return warm(args.root, args.expected)

    else:
        queries = [tuple(q) for q in json.loads(args.queries.read_text("utf-8"))]

        def run() -> Any:
            return search(args.root, args.expected, queries, args.rounds, args.big, args.type_tail)

    result = asyncio.run(run())
    args.out.write_text(json.dumps(result, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
