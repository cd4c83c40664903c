"""What every dialog shares: the app's quit key (q, or the keys a [keys] table gives
`app.quit`) quits from it too, as it does from the main screen, unless it is typed into a
text box or the dialog binds that key itself (help closes on q, as less does)."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.screen import ModalScreen

QUIT_ID = "app.quit"  # the id of the quit binding, on the screen under the dialogs

Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    """A modal dialog over the main screen; the quit key works in it."""

    async def on_key(self, event: events.Key) -> None:
        # A key a text box takes never comes here; one the dialog binds is its own.
        if event.key in self.active_bindings or not self.app.screen_stack:
            return
        below = self.app.screen_stack[0].active_bindings.get(event.key)
        if below is not None and below.binding.id == QUIT_ID:
            event.stop()
            await self.run_action(below.binding.action)
