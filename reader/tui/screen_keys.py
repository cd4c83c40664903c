"""The main screen's keys: its rows of the one table of keys (key_table.py), from which the
footer, the help screen, the command palette, `reader --config` and a user's [keys] table all
read them (MainScreen.BINDINGS), and the key a binding has now, to name it in a message."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.binding import BindingType
from textual.screen import Screen

from reader.tui.key_table import ANYWHERE, LIST_OR_ARTICLE, bindings

MAIN_BINDINGS: list[BindingType] = bindings(ANYWHERE, LIST_OR_ARTICLE)


def key_of(screen: Screen[Any], binding_id: str) -> str | None:
    """The key that runs a binding on this screen, as the footer shows it (a keymap may have
    moved it)."""
    for key, active in screen.active_bindings.items():
        if active.binding.id == binding_id:
            return screen.app.get_key_display(replace(active.binding, key=key))
    return None
