"""The headings of the article view to jump to: [ and ] bring the next or previous to the
top, c lists them (contents_screen.py). A plain object the view owns (`view.heading_jumps`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from reader.tui.widgets.contents_screen import ContentsScreen
from reader.tui.widgets.view_rows import contents, heading_step

if TYPE_CHECKING:
    from reader.tui.widgets.article_view import ArticleView


class HeadingJumps:
    """Jumps between the headings of the article a view shows."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self.last: tuple[int, int] | None = None  # (heading, top row) of the last [ or ]

    def _has_headings(self) -> bool:
        """Whether there are headings to go to now (the status line says why not)."""
        if self.view.article is None or self.view._laying_out():
            return False
        if not self.view.headings:
            self.view.post_message(self.view.Notice("This article has no headings"))
        return bool(self.view.headings)

    def _heading_rows(self) -> list[tuple[int, int]]:  # (heading, row) of each to go to
        return self.view._rows.heading_rows(self.view.headings, len(self.view._lines))

    def go(self, step: int) -> None:
        """Bring the next (step 1) or previous (step -1) heading to the top."""
        if not self._has_headings():
            return
        targets = self._heading_rows()
        if not targets:
            self.view.post_message(
                self.view.Notice("No heading above the matching paragraphs shown")
            )
            return
        at = heading_step([row for _, row in targets], round(self.view.scroll_y), self.last, step)
        if isinstance(at, str):
            self.view.post_message(self.view.Notice(at))
        else:
            self._jump(targets, at)

    def _jump(self, targets: list[tuple[int, int]], at: int) -> None:
        """Bring targets[at] to the top and say which heading it is."""
        n, row = targets[at]
        self.view._scroll_to_row(row)
        self.last = (at, round(self.view.scroll_y))
        said = Text(f"Heading {n + 1} of {len(self.view.headings)}: ")
        said.append(self.view.headings[n].text)  # the article's text: never markup
        self.view.post_message(self.view.Notice(said))
        self.view.refresh()

    def open_contents(self) -> None:
        """The list of the article's headings, to jump to one."""
        if not self._has_headings():
            return
        entries, current = contents(
            self.view.headings, self.view._rows.line_at(round(self.view.scroll_y))
        )
        self.view.app.push_screen(ContentsScreen(entries, current), self._contents_chosen)

    def _contents_chosen(self, chosen: int | None) -> None:
        if chosen is None or not 0 <= chosen < len(self.view.headings):
            return
        targets = self._heading_rows()
        at = next((k for k, (n, _) in enumerate(targets) if n == chosen), None)
        if at is None:  # a section the excerpt leaves out: the whole article, there
            self.view.only_matching = False
            self.view._set_rows()
            self.view._update_counter()
            targets = self._heading_rows()
            at = chosen
        self._jump(targets, at)
        self.view.focus()
