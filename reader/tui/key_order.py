"""Keys handled one after another, each where the keys before it left the focus.

Textual hands a key to the focused widget by posting it to that widget's queue, and takes the
next key from the terminal at once: a burst (a fast typist, an ssh link, a paste of keys) was
handed out before the first key had been handled. `/pattern`, `Esc`, `jj` typed as one burst
left `patternjj` in the box, because Esc had not yet moved the focus to the list when the two
`j` were handed to the box.

KeyOrder holds a key back while the one before it may still move the focus: handed to a
widget and not yet back (a marker posted behind it comes back to the app once it has gone
through the widget and the bindings above it), or back but with what its bindings asked of
that widget not yet done (the marker, sent round again, follows a message that moves the
focus up to the screen that handles it), or a dialog it opened not yet mounted. A letter typed
into a text box is text, and a key a priority binding ran (`/`) moved the focus at once: the
next key follows them at once, so typing is as fast as it was (waiting for each letter made a
burst of typing several times slower while a search ran). A key typed when all is quiet is
handled at once, as before. The app may also hold keys for what is about to be shown: the
results of a search typed ahead of them (↓ j Enter typed before the answer came), or the
first list of articles (`j s` typed while the folder is first read). No key is held longer
than HOLD_SECONDS, or the longer time the app gives for what it waits for; Ctrl+C is never
held.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import App, ScreenStackError
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

POLL_SECONDS = 0.002  # how often a held key looks again whether the screen is quiet
HOLD_SECONDS = 2.0  # a key is never held longer than this (a marker lost with its widget)
NEVER_HELD = frozenset({"ctrl+c"})  # quits whatever the screen is doing


@dataclass
class KeyHandled(Message):
    """Posted behind a key handed to a widget: it reaches the app once the key has gone
    through the widget and every binding on its way up (round 1). Posted again (round 2), it
    follows what those bindings asked of the widget up the same way (a message that moves
    the focus, handled by the screen)."""

    event: events.Event
    round: int = 1


class KeyOrder:
    """The app's keys and pastes, handled in order, each after the one before has settled."""

    def __init__(
        self,
        app: App[Any],
        handle: Callable[[events.Event], Awaitable[None]],
        waiting: Callable[[events.Event], float] = lambda event: 0.0,
    ) -> None:
        self.app = app
        self._handle = handle  # how the app handles a key or paste when its turn comes
        self._waiting = waiting  # how long a key may wait for what the screen will show (0: it
        # does not wait)
        self._held: deque[events.Event] = deque()
        self._on_its_way: events.Event | None = None  # handed to a widget, not back yet
        self._target: Widget | None = None  # the widget the last key was handed to
        self._free = False  # whether the next key may follow the last at once
        self._since = 0.0  # when the first key now held was held
        self._polling = False

    def take(self, event: events.Event) -> bool:
        """Whether the app handles this key or paste now (False: it is held, and handled in
        its turn)."""
        if isinstance(event, events.Key) and event.key in NEVER_HELD:
            return True
        if not self._held and (self._free or self._quiet(event)):
            self._free, self._target = False, None  # until handed() says where it went
            return True
        if not self._held:
            self._since = time.monotonic()
        self._held.append(event)
        self._poll_later()
        return False

    def handed(self, event: events.Event, target: Widget) -> None:
        """The app handed this key (or paste) to target: unless it is text typed into a box,
        the next waits until it comes back."""
        self._target = target
        printable = isinstance(event, events.Paste) or (
            isinstance(event, events.Key) and event.is_printable
        )
        self._free = printable and isinstance(target, Input)  # text typed into a box
        if not self._free:
            self._on_its_way = event
            target.post_message(KeyHandled(event))

    def handled_at_once(self, moved_screen: bool) -> None:
        """A priority binding took the key, on the app's turn: it moved the focus already,
        if it did; only a screen it opened (a dialog being mounted) must settle first."""
        self._free = not moved_screen

    def came_back(self, message: KeyHandled) -> None:
        """A key's marker reached the app: that key is handled (round 1), and so is what it
        asked of the widget it went to (round 2)."""
        if message.event is not self._on_its_way:
            return
        if message.round == 1 and self._target is not None and self._target.is_attached:
            self._target.post_message(KeyHandled(message.event, round=2))
        else:
            self._on_its_way = None

    async def poll(self) -> None:
        """Handle the held keys whose turn has come: each once the screen is quiet after the
        one before (or it has waited too long). Text typed into a box goes on at once."""
        self._polling = False
        while self._held:
            waited = time.monotonic() - self._since
            head = self._held[0]
            if not self._quiet(head) and waited < max(HOLD_SECONDS, self._waiting(head)):
                self._poll_later()
                return
            self._on_its_way, self._free, self._target = None, False, None
            event = self._held.popleft()
            self._since = time.monotonic()
            await self._handle(event)

    def _poll_later(self) -> None:
        if self._polling:
            return
        self._polling = True
        loop = asyncio.get_running_loop()
        loop.call_later(POLL_SECONDS, self.app.call_later, self.poll)

    def _quiet(self, event: events.Event) -> bool:
        """Whether event's turn has come: the last key has come back, what it asked for is
        done, and the screen waits for nothing this key acts on."""
        if self._waiting(event) > 0:
            return False
        if self._free:
            return True
        target = self._target
        if self._on_its_way is not None:
            if target is not None and target.is_attached and target.is_running:
                return False
            self._on_its_way = None  # gone with its widget (a dialog closed)
        try:
            screen = self.app.screen
        except ScreenStackError:  # no screen yet (starting) or any more (closing)
            return True
        if screen is self.app.screen_stack[0]:
            return True
        # A dialog the key opened: quiet once mounted and focused.
        return not any(node.message_queue_size for node in (screen, *screen.walk_children()))
