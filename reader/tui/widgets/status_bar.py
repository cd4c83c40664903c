"""The status line at the bottom: one line of text, and a progress bar while indexing."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar

from reader.tui.widgets.text_line import TextLine


class StatusBar(Horizontal):
    """Search counts, index progress and notices; the progress bar shows only while it runs."""

    def compose(self) -> ComposeResult:
        yield TextLine(id="status")
        yield ProgressBar(id="progress", show_eta=False)

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    _note: Text | None = None  # what was last said about the article shown

    def say(self, text: Text | str) -> None:
        """Show this line (plain text is shown as it is, never as markup)."""
        self.query_one("#status", TextLine).update(Text(text) if isinstance(text, str) else text)

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
        bar.display = True
        bar.update(total=max(total, 1), progress=done)

    def hide_progress(self) -> None:
        """Hide the progress bar: the work is done."""
        self.query_one(ProgressBar).display = False
