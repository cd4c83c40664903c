"""The main screen's keys for reading a long article: its headings (`[`, `]`), its contents
list (`c`), only its matching paragraphs while searching (`&`), and its file in the editor at
the current match (`e`).

MainScreen lists READING_BINDINGS among its own (so the footer, the help screen and the
command palette show them) and derives from ReadingKeys, which holds their actions: each asks
the article view (or the panes) to do it, and what they have to say goes to the status line.
"""

from __future__ import annotations

from textual.binding import Binding

from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.reading_panes import ReadingPanes
from reader.tui.widgets.status_bar import StatusBar

READING_BINDINGS = [
    Binding(
        "left_square_bracket",
        "previous_heading",
        "Previous heading",
        tooltip="Bring the article's previous heading to the top",
        show=False,
        id="app.heading_above",
    ),
    Binding(
        "right_square_bracket",
        "next_heading",
        "Next heading",
        tooltip="Bring the article's next heading to the top",
        show=False,
        id="app.heading_below",
    ),
    Binding(
        "c",
        "contents",
        "Contents",
        tooltip="The article's headings: Enter jumps to one",
        show=False,
        id="app.contents",
    ),
    # & as in less, where it shows only the lines that match (m marks read; M is a slip of
    # the shift key away from it).
    Binding(
        "ampersand",
        "only_matching",
        "Only matching paragraphs",
        tooltip="Only the paragraphs with a search match, or the whole article again",
        show=False,
        id="app.only_matching",
    ),
    # The palette's "Open in $EDITOR" runs the same action: no second palette entry.
    Binding("e", "open_external('EDITOR')", "Edit at the match", show=False, id="app.edit"),
]


class ReadingKeys:
    """The actions of READING_BINDINGS, for MainScreen."""

    @property
    def panes(self) -> ReadingPanes:
        raise NotImplementedError

    @property
    def status_bar(self) -> StatusBar:
        raise NotImplementedError

    def action_previous_heading(self) -> None:
        """Bring the previous heading to the top (the status line says when there is none)."""
        self.panes.article_view.go_to_heading(-1)

    def action_next_heading(self) -> None:
        """Bring the next heading to the top (the status line says when there is none)."""
        self.panes.article_view.go_to_heading(1)

    def action_contents(self) -> None:
        """The list of the article's headings, to jump to one."""
        self.panes.article_view.open_contents()

    def action_only_matching(self) -> None:
        """Only the paragraphs with a search match, or the whole article again."""
        self.panes.article_view.toggle_only_matching()

    def on_article_view_notice(self, message: ArticleView.Notice) -> None:
        self.status_bar.say(message.text)
