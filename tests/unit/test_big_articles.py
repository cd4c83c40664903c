"""What one huge article costs to show is bounded (issue 23, item 6): its first part is read and
laid out (SHOWN_CHARS characters, SHOWN_BLOCKS blocks), the view says what was left out, a
Markdown layout can be given up between runs of blocks, and the rows of only the matching
paragraphs are made with the layout, off the UI thread. What is counted is blocks, lines and
calls, never seconds."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.style import Style

from reader.core.article import load_article, parse_text
from reader.tui.widgets.article_layout import (
    CUT_MARK,
    Layout,
    LayoutCancelled,
    Styles,
    lay_out,
)
from reader.tui.widgets.markdown_lines import markdown_lines, markdown_runs
from tests.odd_folder import WORDS, build_odd_folder

STYLES = Styles(Style(), Style(), Style(), Style(), Style())
CONSOLE = Console(width=200)

VARIED = """\
# Title

Para one with *emph* and `code` and a [link](http://x).

Para two, **bold**.

- item a
- item b
  - nested

1. one
2. two

## Sub

> quoted
> more

```python
def f():

    return 1
```

Para after code.

---

### Deep

| a | b |
|---|---|
| 1 | 2 |

Final para.

Another para.

- loose item

- loose item 2

Last.
"""


def texts(lines: object) -> list[str]:
    return ["".join(s.text for s in line).rstrip() for line in lines]  # type: ignore[attr-defined]


def test_markdown_rendered_a_run_at_a_time_reads_as_the_whole() -> None:
    options = CONSOLE.options.update(width=60, height=None, no_wrap=False, overflow="fold")
    whole = texts(CONSOLE.render_lines(Markdown(VARIED), options, pad=False))
    assert len(markdown_runs(VARIED, 1)) == 5  # cut between paragraphs and headings only
    assert texts(markdown_lines(VARIED, CONSOLE, options, size=1)) == whole


def test_a_markdown_layout_is_given_up_between_runs() -> None:
    # Rich renders a document in one call: 100,000 headings took 77 s that nothing stopped.
    article = parse_text(
        "".join(f"# Heading {n}\n\nText {n}.\n\n" for n in range(1_000)), markdown=True
    )
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    try:
        lay_out(article, 60, CONSOLE, STYLES, cancelled=cancelled)
    except LayoutCancelled:
        pass
    else:
        raise AssertionError("the layout went on")
    assert len(asked) == 3


def test_a_file_of_many_headings_is_read_and_laid_out_only_in_part(tmp_path: Path) -> None:
    build_odd_folder(tmp_path, scale=0.01)  # 1,000 headings: 2,000 blocks
    article = load_article(tmp_path / "headings.md", blocks=300)
    assert len(article.blocks) == 300
    assert article.cut == "its first 300 blocks"
    laid = lay_out(article, 60, CONSOLE, STYLES)
    assert len(laid.headings) == 150
    text = [strip.text.strip() for strip in laid.lines]
    # said at the top, under the metadata, and where the part shown ends
    notice = "Only the start of this file is shown (its first 300 blocks)"
    assert any(line.startswith(notice) for line in text[: laid.body])
    assert " ".join(text[-2:]).startswith(f"{CUT_MARK} {notice}")
    assert not any(line.startswith(notice) for line in text[laid.body : -3])


def test_one_huge_paragraph_is_cut_where_a_word_ends_and_keeps_its_words(tmp_path: Path) -> None:
    # "Zebras\n\nzebra zebra …": a cut at the last line's end before the limit kept the title
    # alone, so the file's million zebras were neither shown nor indexed.
    build_odd_folder(tmp_path, scale=0.05)  # 50,000 'zebra' on one line, 300 KB
    article = load_article(tmp_path / "zebras.txt", chars=60_000)
    assert article.cut == "its first 60,000 characters"
    words = article.body_text.split()
    assert 9_000 <= words.count("zebra") <= 10_000
    assert set(words) == {"zebra"}  # cut where a word ends
    assert WORDS["zebras.txt"] in article.title


def test_a_small_file_is_not_cut(tmp_path: Path) -> None:
    build_odd_folder(tmp_path, scale=0.001)
    article = load_article(tmp_path / "headings.md", chars=1_000_000, blocks=5_000)
    assert article.cut is None
    laid = lay_out(article, 60, CONSOLE, STYLES)
    assert not any(CUT_MARK in strip.text for strip in laid.lines)


def test_the_matching_paragraphs_are_found_with_the_layout() -> None:
    # Excerpt.of on a million matches held the screen 0.3 s when & was pressed.
    article = parse_text("Zebras\n\n" + "\n\n".join(["zebra and more"] * 50 + ["none here"]))
    layout = Layout.build(article, 60, CONSOLE, STYLES, frozenset({"zebra"}))
    assert layout.excerpt is not None
    assert layout.excerpt.matching == 50 and layout.excerpt.paragraphs == 51
    assert layout.by_line == {m.line: [n] for n, m in enumerate(layout.matches)}
