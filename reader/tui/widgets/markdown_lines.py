"""Markdown rendered by Rich into lines, a run of blocks at a time, so that a huge article's
layout can be given up between runs (Rich renders a document in one call: 100,000 headings
took 77 s that nothing could stop)."""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.console import Console, ConsoleOptions
from rich.markdown import Markdown
from rich.segment import Segment

from reader.core.structure import markdown_blocks

RUN_BLOCKS = 200  # blocks rendered in one call, between two asks whether to give up

# A run is cut only between two blocks that start with a word or a heading's #: Rich sets them
# apart by one blank line alone, so runs rendered apart and joined by a blank line read as the
# whole rendered at once. (Lists, quotes, rules, tables and code bring blank lines of their
# own.)
_RUN_START = re.compile(r"[^\W_]|#{1,6}(?:\s|$)")


def markdown_runs(markdown: str, size: int = RUN_BLOCKS) -> list[str]:
    """The Markdown cut into runs of about size blocks, each cut between two paragraphs or
    headings."""
    runs: list[str] = []
    run: list[str] = []
    for block in markdown_blocks(markdown):
        if len(run) >= size and _RUN_START.match(block) and _RUN_START.match(run[-1]):
            runs.append("\n\n".join(run))
            run = []
        run.append(block)
    if run:
        runs.append("\n\n".join(run))
    return runs


def _blank(line: list[Segment]) -> bool:
    return not "".join(segment.text for segment in line).strip()


def markdown_lines(
    markdown: str,
    console: Console,
    options: ConsoleOptions,
    given_up: Callable[[], bool] = lambda: False,
    size: int = RUN_BLOCKS,
) -> list[list[Segment]] | None:
    """The Markdown's lines as Rich renders them, a run of blocks at a time; None when
    given_up() says so (asked before each run)."""
    lines: list[list[Segment]] = []
    runs = markdown_runs(markdown, size)
    for n, run in enumerate(runs):
        if given_up():
            return None
        rendered = console.render_lines(Markdown(run), options, pad=False)
        if n:  # one blank line between runs, as between the blocks of one document
            while rendered and _blank(rendered[0]):
                rendered.pop(0)
            lines.append([])
        lines.extend(rendered)
    return lines
