"""Articles for the reading-quality tests: generated prose with debris at its head or end, and
what the reading pane shows of an article."""

from __future__ import annotations

import random

from rich.console import Console
from rich.style import Style

from reader.core.article import Article, parse_text
from reader.tui.widgets.article_layout import Styles, layout_article

_WORDS = (
    "officials said the ministry would review its plans for the border region after a week "
    "of talks in which neither side gave ground and analysts expected further delays to the "
    "programme while prices rose sharply across the region and farmers waited for news"
).split()


def prose(seed: int, sentences: int = 4) -> str:
    """A paragraph of generated prose: sentences of 12-20 words, capitalised, full stops."""
    rnd = random.Random(seed)
    out = []
    for _ in range(sentences):
        words = [rnd.choice(_WORDS) for _ in range(rnd.randint(12, 20))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


BODY = [prose(n) for n in range(3)]


def article(*, head: tuple[str, ...] = (), tail: tuple[str, ...] = ()) -> Article:
    return parse_text("\n\n".join(["A generated headline", *head, *BODY, *tail]) + "\n")


def assert_clean(a: Article) -> None:
    """Only the generated body shows."""
    assert a.paragraphs == tuple(BODY)
    assert a.captions == ()


def shown(article: Article, width: int = 60) -> str:
    """Everything the reading pane shows of the article, as one line of text."""
    styles = Styles(Style(), Style(), Style(), Style(), Style())
    lines = layout_article(article, width, Console(width=200), styles)
    return " ".join(" ".join(line.text for line in lines).split())
