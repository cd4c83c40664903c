"""Rich Text -> Textual Strip, keeping the Text's own style."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip


def text_strip(text: Text, console: Console) -> Strip:
    """One line of text as a strip. Text.render leaves the base style out when the text
    has no spans (a console applies it when printing), so it is applied here."""
    style = console.get_style(text.style) if text.style else None
    segments = text.render(console)
    return Strip(list(Segment.apply_style(segments, style) if style else segments))
