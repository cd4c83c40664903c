"""The footer: the main keys, each shown whole or not at all.

Textual's footer lays its keys side by side and cuts the last one that does not fit under
the palette's key (`r Rel▏^p palette` at 80 columns). Here, the keys are shown in their order
(the first are the ones that matter most) as long as each fits whole; the rest are left out,
and the help screen (?) lists them all."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Footer

PALETTE = "-command-palette"  # the class of the palette's key, docked on the right


class KeyFooter(Footer):
    """The footer's keys, those that fit shown whole, the others left out."""

    _ends: list[tuple[Widget, int]] = []  # each key (or group) and where it ends, all shown

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._measure)  # once laid out side by side

    def _measure(self) -> None:
        x = self.region.x
        self._ends = [
            (child, child.region.right - x)
            for child in self.children
            if not child.has_class(PALETTE) and child.display
        ]
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        palette = [child for child in self.children if child.has_class(PALETTE)]
        room = self.size.width - sum(child.outer_size.width for child in palette)
        fits = True
        for n, (child, end) in enumerate(self._ends):
            fits = fits and end <= room  # the keys after one left out are left out too
            child.display = fits
            label = type(child).__name__ == "FooterLabel"
            if label and not fits and n and self._ends[n - 1][0].display:
                self._ends[n - 1][0].display = False  # a group's keys go with their label
