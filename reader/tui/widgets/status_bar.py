"""The status line at the bottom: a line of text, and a progress bar while indexing.

A message too long for one line wraps onto the next (up to MAX_LINES), so a config warning
or a save problem is read whole; the next message takes its place whole, back on one line."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar

from reader.tui.widgets.text_line import TextLine

MAX_LINES = 4  # the most a message takes: the panes above keep the rest of the screen


class StatusBar(Horizontal):
    """Search counts, index progress and notices; the progress bar shows only while it runs."""

    def compose(self) -> ComposeResult:
        yield TextLine(id="status")
        yield ProgressBar(id="progress", show_eta=False)

    _note: Text | None = None  # what was last said about the article shown

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    _idle = True  # whether the line says what it says when nothing was just done

    def say(self, text: Text | str, *, idle: bool = False) -> None:
        """Show this line (plain text is shown as it is, never as markup). An idle line (how
        far indexing is, the index done) replaces only an idle one: what was just done
        ("Starred · u to undo") stays until something else is done or said."""
        line = self.query_one("#status", TextLine)
        if idle and not self._idle and line.text.plain:
            return
        self._idle = idle
        line.update(Text(text) if isinstance(text, str) else text)
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """As many lines as the message needs (a layout pass only when that changes)."""
        line = self.query_one("#status", TextLine)
        progress = self.query_one(ProgressBar)
        beside = progress.outer_size.width if progress.display else 0
        width = self.size.width - beside - line.styles.gutter.width  # as it is laid out
        if width <= 0:
            return
        needed = len(line.text.wrap(self.app.console, width)) if line.text.cell_len > width else 1
        height = max(1, min(needed, MAX_LINES))
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height
            line.styles.height = height

    def say_of_article(self, text: Text | str | None, usual: Text | str) -> None:
        """Say this about the article shown (text); None: it no longer holds (another article
        is shown, the view changed), and if the line still says it, it says the usual."""
        line = self.query_one("#status", TextLine)
        if text is not None:
            self.say(text)
            self._note = line.text
        elif self._note is not None and line.text == self._note:
            self.say(usual)
            self._note = None

    def show_progress(self, done: int, total: int) -> None:
        """Show the progress bar at done of total."""
        bar = self.query_one(ProgressBar)
        if not bar.display:
            bar.display = True
            self.call_after_refresh(self._fit)  # the line is narrower once the bar is laid out
        bar.update(total=max(total, 1), progress=done)

    def hide_progress(self) -> None:
        """Hide the progress bar: the work is done."""
        self.query_one(ProgressBar).display = False
        self._fit()
