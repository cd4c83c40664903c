"""Keys handled one after another, each where the keys before it left the focus.

Textual hands a key to the focused widget by posting it to that widget's queue, and takes the
next key from the terminal at once: a burst (a fast typist, an ssh link, a paste of keys) was
handed out before the first key had been handled. `/pattern`, `Esc`, `jj` typed as one burst
left `patternjj` in the box, because Esc had not yet moved the focus to the list when the two
`j` were handed to the box.

KeyOrder holds a key back while the one before it is still on its way: handed to a widget and
not yet back through the chain of bindings (a marker posted behind it comes back to the app
after it), or while anything on the screen still has messages to handle (what the key's
action asked for: a dialog being mounted, a message that moves the focus). Once all is quiet,
the next key goes where the focus is now. A key typed when all is quiet is handled at once, as
before; Ctrl+C is never held.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import App, ScreenStackError
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widget import Widget

POLL_SECONDS = 0.002  # how often a held key looks again whether the screen is quiet
HOLD_SECONDS = 0.5  # a key is never held longer than this (a marker lost with its widget)
NEVER_HELD = frozenset({"ctrl+c"})  # quits whatever the screen is doing


@dataclass
class KeyHandled(Message):
    """Posted behind a key handed to a widget: it reaches the app once the key has gone
    through the widget and every binding on its way up."""

    event: events.Event


@dataclass
class KeyReleased(Message):
    """A held key (or paste), handed back to the app now that the screen is quiet."""

    event: events.Event


def _busy(pump: MessagePump) -> bool:
    """Whether a widget (or screen) has messages waiting or one being handled."""
    queue: asyncio.Queue[Message | None] = pump._message_queue
    # asyncio.Queue counts a message as unfinished until task_done(), which Textual calls once
    # the message has been handled (pinned by tests/unit/test_key_order_canary.py).
    unfinished: int = getattr(queue, "_unfinished_tasks", queue.qsize())
    return unfinished > 0 or pump._pending_message is not None


class KeyOrder:
    """The app's keys and pastes, handled in order, each after the one before has settled."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._held: deque[events.Event] = deque()
        self._on_its_way: events.Event | None = None  # handed to a widget, not back yet
        self._target: Widget | None = None  # the widget it was handed to
        self._since = 0.0  # when the first key now held was held
        self._polling = False

    def take(self, event: events.Event) -> bool:
        """Whether the app handles this key or paste now (False: it is held, and comes back
        as a KeyReleased)."""
        if isinstance(event, events.Key) and event.key in NEVER_HELD:
            return True
        if not self._held and self._quiet():
            return True
        if not self._held:
            self._since = time.monotonic()
        self._held.append(event)
        self._poll_later()
        return False

    def handed(self, event: events.Event, target: Widget) -> None:
        """The app handed this key to target: the next waits until it comes back."""
        self._on_its_way, self._target = event, target
        target.post_message(KeyHandled(event))

    def came_back(self, message: KeyHandled) -> None:
        """A key's marker reached the app: that key is handled."""
        if message.event is self._on_its_way:
            self._on_its_way = self._target = None

    def poll(self) -> None:
        """Hand the first held key back to the app when the screen is quiet (or it has waited
        too long)."""
        self._polling = False
        if not self._held:
            return
        waited = time.monotonic() - self._since
        if not self._quiet() and waited < HOLD_SECONDS:
            self._poll_later()
            return
        self._on_its_way = self._target = None
        event = self._held.popleft()
        self._since = time.monotonic()
        self.app.post_message(KeyReleased(event))
        if self._held:
            self._poll_later()

    def _poll_later(self) -> None:
        if self._polling:
            return
        self._polling = True
        loop = asyncio.get_running_loop()
        loop.call_later(POLL_SECONDS, self.app.call_later, self.poll)

    def _quiet(self) -> bool:
        """Whether the last key has come back and nothing on the screen is still busy."""
        if self._on_its_way is not None:
            target = self._target
            if target is not None and target.is_attached and not target._closing:
                return False
            self._on_its_way = self._target = None  # gone with its widget (a dialog closed)
        try:
            screen = self.app.screen
        except ScreenStackError:  # no screen yet (starting) or any more (closing)
            return True
        return not any(_busy(node) for node in (screen, *screen.walk_children()))
