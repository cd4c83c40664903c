"""The Textual app: theme, signals, crash log and the global keys, over the main screen."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import logging
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import App
from textual.driver import Driver

from reader.core import logs, long_lived
from reader.core.malloc import settle_allocator
from reader.core.preferences import ThemeChoice, load_choice, save_theme, theme_at_start
from reader.core.resources import styles_dir
from reader.core.settings import Settings
from reader.tui.key_order import HOLD_SECONDS, KeyHandled, KeyOrder
from reader.tui.key_table import ANYWHERE, bindings
from reader.tui.keys import keymap_of
from reader.tui.main_screen import MainScreen
from reader.tui.terminal_input import MAX_PASTE, PasteCut
from reader.tui.widgets.help_screen import HelpScreen

log = logging.getLogger(__name__)

EXIT_GRACE_SECONDS = 3.0  # after SIGTERM or SIGHUP, how long a normal exit may take
# How long keys typed before the first list of articles wait for it (the folder's first scan:
# seconds for 100,000 files on a busy machine).
FIRST_LIST_SECONDS = 10.0
NEEDS_NO_LIST = ("app.quit", "app.help")  # the ids of keys that never wait for the list
IDLE_SECONDS = 30.0  # how long a worker thread with nothing to do waits for more work

T = TypeVar("T")


class DaemonThreads(ThreadPoolExecutor):
    """Where the app's thread workers run: daemon threads, which the process does not wait
    for when it exits.

    Textual runs a thread worker on the event loop's default executor, and both asyncio.run()
    and the interpreter wait for every thread of a ThreadPoolExecutor before the process ends:
    a quit during long work in one thread (laying out or indexing a 20 MB article) kept the
    process alive on a blank screen until that work was done. The work that can stop early
    checks its worker's cancel flag (Textual cancels every worker at exit); the rest is just
    not waited for. Nothing in a worker must be finished to be safe: the reading state is saved
    by its own writer (given a last, bounded try at quit), the index survives a kill at any
    point (store.py), and the summaries' cache is replaced whole.

    A thread that finished its work waits IDLE_SECONDS for more before it ends: each keystroke
    starts a search (and, once typing settles, snippets, a preview), and starting a thread
    holds the caller until the new thread has run (Thread.start waits for it), which on a
    busy machine is the key's time spent waiting for the scheduler.
    """

    _names = itertools.count(1)

    def __init__(self) -> None:
        super().__init__()
        self._jobs: queue.SimpleQueue[Callable[[], Callable[[], None]]] = queue.SimpleQueue()
        self._idle = threading.Semaphore(0)  # one for each thread waiting for a job

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()

        def run() -> Callable[[], None]:
            """The work done; returns how to give its outcome."""
            if not future.set_running_or_notify_cancel():
                return lambda: None
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:
                return partial(future.set_exception, exc)
            return partial(future.set_result, result)

        self._jobs.put(run)
        if not self._idle.acquire(blocking=False):  # none waits: a thread of its own
            name = f"reader-worker-{next(self._names)}"
            threading.Thread(target=self._serve, name=name, daemon=True).start()
        return future

    def _serve(self) -> None:
        timeout = None  # the job it was started for is queued
        while True:
            try:
                job = self._jobs.get(timeout=timeout)
            except queue.Empty:
                if self._idle.acquire(blocking=False):
                    return  # idle long enough, and no job was promised to a waiting thread
                continue  # a job is on its way: submit() took a waiting thread's token
            give = job()
            # Waiting from now on, before the outcome is given: what is submitted once it is
            # given finds this thread. (Nor are the work and its result kept alive here.)
            del job
            self._idle.release()
            give()
            del give
            timeout = IDLE_SECONDS

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Wait for nothing: the threads are daemons, and their workers were cancelled."""


class ReaderApp(App[None]):
    """The reader on one folder (or file) of articles."""

    CSS_PATH = str(styles_dir() / "reader.tcss")
    TITLE = "reader"
    # Quit (q) and help (?) are keys of the main screen, so the footer lists them first.
    BINDINGS = bindings(ANYWHERE, on_app=True)
    EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def __init__(
        self,
        root: Path,
        *,
        index_dir: Path | None = None,
        settings: Settings | None = None,
        notices: Sequence[str] = (),
    ) -> None:
        settle_allocator()  # before the list and the searches allocate (see malloc.py)
        super().__init__()
        self.settings = settings or Settings()
        keys = keymap_of(self.settings)
        self.user_keymap = keys.keymap
        self.keys_in_effect = keys.in_effect
        notices = [*notices, *keys.problems()]
        self.main_screen = MainScreen(
            root, settings=self.settings, index_dir=index_dir, notices=notices
        )
        self._choice = load_choice()  # chosen in any folder; None before the first choice
        self._last_theme = self._choice.name if self._choice else None
        self._theme_restored = False  # from then on, a theme chosen is remembered
        self.key_order = KeyOrder(self, self._take_input, self._keys_wait)
        self._last_key = 0.0  # time.monotonic() of the last key or paste
        self._thresholds: tuple[int, int, int] | None = None  # the collector's, before the app

    def get_driver_class(self) -> type[Driver]:
        driver_class = super().get_driver_class()
        if driver_class.__module__ == "textual.drivers.linux_driver":  # not on Windows
            # Its input: a paste is text, a byte that is not UTF-8 is no crash.
            from reader.tui.terminal_input import ReaderDriver

            return ReaderDriver
        return driver_class

    def get_default_screen(self) -> MainScreen:
        # The bottom of the screen stack, so the app's own queries (app.query_one) find its
        # widgets; dialogs are pushed over it.
        return self.main_screen

    def on_load(self) -> None:
        # Before any worker starts: their threads must not hold the process at exit.
        asyncio.get_running_loop().set_default_executor(DaemonThreads())

    def on_mount(self) -> None:
        self.set_keymap(self.user_keymap)
        self._start_theme()
        self._thresholds = long_lived.defer_full_collections()  # made when the keys pause
        self.set_interval(long_lived.IDLE_SECONDS / 2, self._collect_when_idle, name="collect")
        # A kill or a closed terminal window ends the app the normal way, so the terminal
        # is left as it was found.
        loop = asyncio.get_running_loop()
        for signum in self.EXIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._exit_on_signal, signum)

    def on_unmount(self) -> None:
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
        with contextlib.suppress(Exception):
            loop = asyncio.get_running_loop()
            for signum in self.EXIT_SIGNALS:
                loop.remove_signal_handler(signum)

    # --- keys in the order typed -----------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        typed = isinstance(event, (events.Key, events.Paste))
        if typed:
            self._last_key = time.monotonic()
        if not typed or event.is_forwarded:  # (forwarded: back up from the focused widget)
            await super().on_event(event)
        elif self.key_order.take(event):
            await self._take_input(event)

    async def _take_input(self, event: events.Event) -> None:
        """Handle a key or paste as Textual does (a priority binding, else the focused
        widget), and hold the next until this one is handled (key_order.py says why)."""
        screen = self.screen
        target = self.focused or screen
        await super().on_event(event)
        if event.is_forwarded:
            self.key_order.handed(event, target)
        else:
            self.key_order.handled_at_once(moved_screen=self.screen is not screen)

    def _collect_when_idle(self) -> None:
        # Not while a search is answered: on a busy machine a key's answer can take longer
        # than IDLE_SECONDS to come, and a collection then fell on that key.
        if not self.main_screen.session.answering:
            long_lived.collect_if_idle(time.monotonic() - self._last_key)

    def _keys_wait(self, event: events.Event) -> float:
        """How long this key may wait for what the main screen is about to show (0: not at
        all)."""
        if self.screen is not self.main_screen:
            return 0.0
        if not self.main_screen.library.listed:  # typed ahead of the first list
            return 0.0 if self._acts_on_no_article(event) else FIRST_LIST_SECONDS
        return HOLD_SECONDS if self.main_screen.keys_wait() else 0.0

    def _acts_on_no_article(self, event: events.Event) -> bool:
        """Quit and help: keys that need no list (q on "Reading the folder…" quits now)."""
        if not isinstance(event, events.Key):
            return False
        return any(event.key in self.keys_in_effect.get(i, ()) for i in NEEDS_NO_LIST)

    @on(PasteCut)
    def _paste_cut(self, message: PasteCut) -> None:
        said = f"Pasted the first {MAX_PASTE:,} of {message.length:,} characters"
        self.notify(said, severity="warning", markup=False)

    @on(KeyHandled)
    def _key_handled(self, message: KeyHandled) -> None:
        self.key_order.came_back(message)

    # --- theme ------------------------------------------------------------------------------

    def _start_theme(self) -> None:
        """The theme last chosen, or config.toml's when it was set or changed since."""
        config = self.settings.theme
        theme = theme_at_start(config, self._choice)
        if theme != self._last_theme and self._last_theme in self.available_themes:
            self.theme = self._last_theme  # kept if config.toml's theme is unknown
        self._use_theme(theme)
        self._theme_restored = True
        if (
            config is not None
            and self.theme == config
            and self._choice != ThemeChoice(config, config)
        ):
            self._remember_theme(config)  # config.toml's line is now the last decision

    def _use_theme(self, theme: str | None) -> None:
        """Use this theme (a setting, or the last one chosen), when Textual has it."""
        if theme and theme in self.available_themes:
            self.theme = theme
        elif theme:
            self.main_screen.notices.append(f"Unknown theme {theme!r}: keeping {self.theme}")

    @on(MainScreen.StateOpened)
    def _theme_of_a_folder(self, message: MainScreen.StateOpened) -> None:
        """Older versions kept the theme folder by folder: take that one, once, when no theme
        was chosen since (it is then remembered for every folder)."""
        if self.settings.theme is None and self._last_theme is None and message.state.theme:
            self._use_theme(message.state.theme)

    def watch_theme(self, theme: str) -> None:
        if self._theme_restored and theme != self._last_theme:
            self._remember_theme(theme)
            config = self.settings.theme
            if config is not None and config != theme:
                said = f"Theme {theme} kept over config.toml's theme = {config!r} until it changes"
                self.main_screen.status_bar.say(said)

    def _remember_theme(self, theme: str) -> None:
        self._last_theme = theme
        self._choice = ThemeChoice(theme, self.settings.theme)
        problem = save_theme(theme, config=self.settings.theme)
        if problem:
            self.main_screen.add_notice(problem)

    # --- global keys ------------------------------------------------------------------------

    def action_help(self) -> None:
        """Every key, by where it works."""
        self.push_screen(HelpScreen(self.keys_in_effect))

    async def action_quit(self) -> None:
        self.main_screen.save_position()  # while the view is still there to ask
        self._exit_saved()

    # --- ending -----------------------------------------------------------------------------

    def _exit_saved(self, return_code: int = 0) -> None:
        """Exit once the marks, the tags and the searches have had a last, bounded try at
        saving; what could not be saved is said in one line after the app closes, and the
        exit status is 1."""
        unsaved = self.main_screen.close_state()
        if unsaved:
            self.exit(return_code=return_code or 1, message=Text(f"reader: {unsaved}"))
        else:
            self.exit(return_code=return_code)

    def _exit_on_signal(self, signum: int) -> None:
        """End the app the normal way; if that cannot finish (a closed terminal can leave the
        exit waiting on a tty that is gone), end the process shortly after. The reading state
        is saved as it changes, and has its last try first."""
        with contextlib.suppress(Exception):  # the screen may not be up yet: nothing to save
            self.main_screen.save_position()
        self._exit_saved(128 + signum)
        watchdog = threading.Timer(EXIT_GRACE_SECONDS, os._exit, args=(128 + signum,))
        watchdog.daemon = True
        watchdog.start()

    def _fatal_error(self) -> None:
        # Textual's hook for an unhandled exception prints a full traceback with locals;
        # a user gets one line and the details go to the log instead.
        message = logs.crashed(log, sys.exc_info()[1] or self._exception)
        self.panic(Text(message))  # one line, soft-wrapped by a narrow terminal
