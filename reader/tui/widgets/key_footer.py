"""The footer: the main keys, each shown whole or not at all.

Textual's footer lays its keys side by side and cuts the last one that does not fit under
the palette's key (`r Rel▏^p palette` at 80 columns). Here, the keys are shown in their order
(the first are the ones that matter most) as long as each fits whole; the rest are left out,
and the help screen (?) lists them all.

Textual's footer is composed anew each time the keys that apply may have changed: some 20
widgets removed and mounted, 20 to 50 ms, at keystrokes where a search's "did you mean" comes
or goes. Here, when the keys are the same the footer is left as it is, and a key that comes or
goes is mounted or removed alone."""

from __future__ import annotations

from difflib import SequenceMatcher

from textual.compose import compose
from textual.widget import Widget
from textual.widgets import Footer

PALETTE = "-command-palette"  # the class of the palette's key, docked on the right
LAYOUT_TRIES = 5  # refreshes to wait for the keys to be laid out (one or two, as seen)


def _name(child: Widget) -> str:
    """What a key (a group of keys, a group's label) says: the same after a recompose."""
    if type(child).__name__ == "FooterLabel":
        return f"label:{child.render()}"
    keys = [child, *child.query("FooterKey")]
    return "|".join(f"{getattr(key, 'key', '')}:{getattr(key, 'description', '')}" for key in keys)


def _shows(child: Widget) -> tuple[object, ...] | None:
    """What a lone key shows and does; None for anything else (a group of keys, its label)."""
    if type(child).__name__ != "FooterKey":
        return None
    return (
        *(getattr(child, name, None) for name in ("key", "key_display", "description", "action")),
        child.has_class("-disabled"),
        child.has_class(PALETTE),
        str(child.tooltip or ""),
    )


class KeyFooter(Footer):
    """The footer's keys, those that fit shown whole, the others left out."""

    def __init__(self) -> None:
        super().__init__()
        self._ends: dict[str, int] = {}  # where each key ends, measured with all shown
        self._offered: tuple[object, ...] | None = None  # the keys it was composed of

    def _offers(self) -> tuple[object, ...]:
        """What the footer is composed of: the keys that apply now, as the screen has them
        (composing the footer to compare asks for a layout of it)."""
        bindings = self.screen.active_bindings
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        shown = [(binding, enabled, tip) for _, binding, enabled, tip in bindings.values()]
        offered = [key for key in shown if key[0].show]
        return (*offered, palette and palette[1:], self.show_command_palette)

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        offered = self._offers()
        if offered == self._offered:
            return  # the same keys
        self._offered = offered
        if not self.children:
            await super().recompose()
        elif await self._update():
            return  # the same keys
        for child in self._keys():
            child.display = True  # each measured where it ends with all shown, then fitted
        self._measure(tries=LAYOUT_TRIES)

    async def _update(self) -> bool:
        """Make the footer show the keys that apply now, mounting and removing only the keys
        that came or went (anything but lone keys: composed anew); True if none did."""
        old = list(self.children)
        new = compose(self)
        before, after = [_shows(child) for child in old], [_shows(child) for child in new]
        if before == after:
            return True
        if None in before or None in after:
            await super().recompose()
            return False
        changes = reversed(SequenceMatcher(None, before, after).get_opcodes())
        async with self.batch():
            for tag, i1, i2, j1, j2 in changes:
                if tag in ("delete", "replace"):
                    await self.remove_children(old[i1:i2])
                if tag in ("insert", "replace"):
                    at = {"before": old[i2]} if i2 < len(old) else {}
                    await self.mount_all(new[j1:j2], **at)
        return False

    def _keys(self) -> list[Widget]:
        return [child for child in self.children if not child.has_class(PALETTE)]

    def _measure(self, tries: int) -> None:
        """Note where each key ends once they are laid out side by side, then fit them. Under
        a dialog the footer is not laid out anew: the ends measured before still hold."""
        if self.screen.is_current:
            keys = [child for child in self._keys() if child.display]
            if tries and any(not child.region.width for child in keys):
                self.call_after_refresh(self._measure, tries - 1)  # not laid out yet
                return
            x = self.region.x
            for child in keys:
                self._ends[_name(child)] = child.region.right - x
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        palette = [child for child in self.children if child.has_class(PALETTE)]
        room = self.size.width - sum(child.outer_size.width for child in palette)
        keys = self._keys()
        fits = True
        for n, child in enumerate(keys):
            end = self._ends.get(_name(child))
            fits = fits and end is not None and end <= room  # after one left out, all are
            child.display = fits
            label = type(child).__name__ == "FooterLabel"
            if label and not fits and n and keys[n - 1].display:
                keys[n - 1].display = False  # a group's keys go with their label
