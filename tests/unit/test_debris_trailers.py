"""Two trailers of republished and blog pages: the link back to the original ("Read the
original article on <outlet>.") and a WordPress-style share box ("Share this:", its buttons,
"Like this:", "Like Loading..."). Each variant is written here, in the shapes such pages take
once scraped to text or Markdown; the same words inside prose stay."""

from __future__ import annotations

import pytest

from reader.core.article import parse_text
from reader.core.debris import SOURCE_PATTERNS, debris_patterns
from tests.unit.pages import BODY, article, assert_clean

# --- the link back to the original ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("Read the original article on The Conversation.", "The Conversation"),
        ("Read the original article on The Conversation →", "The Conversation"),
        ("READ THE ORIGINAL STORY AT Example Daily", "Example Daily"),
        ("Read the original post on example.org.", "example.org"),
        ("Read the original article in Spanish on El País.", "El País"),
        ("Read the original article in The Example Review.", "The Example Review"),
        ("Read this original piece from Example Weekly News", "Example Weekly News"),
    ],
)
def test_the_link_back_goes_and_names_the_source(line: str, source: str) -> None:
    a = article(tail=(line,))
    assert_clean(a)
    assert a.source == source


@pytest.mark.parametrize(
    "line",
    ["Read the original article here.", "Read the full story", "Read the original"],
)
def test_a_link_back_naming_no_place_goes(line: str) -> None:
    a = article(tail=(line,))
    assert_clean(a)
    assert a.source is None


def test_the_link_back_after_a_republishing_note_keeps_the_notes_source() -> None:
    tail = (
        "This article is republished from The Conversation under a Creative Commons license.",
        "Read the original article on The Conversation.",
    )
    a = article(tail=tail)
    assert_clean(a)
    assert a.source == "The Conversation"


@pytest.mark.parametrize(
    "sentence",
    [
        "Read the original article on The Conversation, the lecturer told her students, before "
        "writing a summary of it.",
        "Those who doubt the figures can read the original article on The Conversation.",
        "Read the original report in full: the ministry published it on Monday.",
    ],
)
def test_sentences_about_reading_the_original_stay(sentence: str) -> None:
    a = article(tail=(sentence,))
    assert a.paragraphs == (*BODY, sentence)
    assert a.source is None


def test_the_words_mid_paragraph_stay() -> None:
    paragraph = (
        "Critics urged readers to read the original article on The Conversation. Share this: "
        "the council's own figures. Like this: a vote, then a second vote."
    )
    a = parse_text("\n\n".join(["A headline", BODY[0], paragraph, BODY[1]]) + "\n")
    assert a.paragraphs == (BODY[0], paragraph, BODY[1])


# --- a WordPress-style share box ---------------------------------------------------------------

BUTTON_LINES = (
    "Share this:",
    "Click to share on Twitter (Opens in new window)\n"
    "Click to share on Facebook (Opens in new window)\n"
    "Click to email a link to a friend (Opens in new window)\n"
    "Click to print (Opens in new window)",
    "Like this:",
    "Like Loading...",
)
BUTTON_LIST = (
    "Share this:",
    "- Click to share on X (Opens in new window) X\n"
    "- Click to share on Facebook (Opens in new window) Facebook\n"
    "- Click to share on LinkedIn (Opens in new window) LinkedIn\n"
    "- Click to share on WhatsApp (Opens in new window) WhatsApp\n"
    "- Click to share on Reddit (Opens in new window) Reddit",
    "Twitter",
    "Facebook",
    "Like this:",
    "Like Loading...",
    "Related",
)
NEWER_BUTTONS = (
    "Share this:",
    "Share on X (Opens in new window) X",
    "Share on Facebook (Opens in new window) Facebook",
    "Email a link to a friend (Opens in new window) Email",
    "Print (Opens in new window) Print",
    "Like this:",
    "Be the first to like this.",
)
NAMES_ONLY = (
    "Share this:",
    "Twitter",
    "Facebook",
    "LinkedIn",
    "Pocket",
    "Like this:",
    "Like Loading…",
)
ONE_BLOCK = ("Share this:\nTwitter\nFacebook\nEmail", "Like this:\nLike Loading...")
LIKE_ONLY = ("Like this:", "Like Loading...")
TAB_BUTTONS = (
    "Tap to share on Mastodon (opens in a new tab) Share via email (opens in a new tab)",
    "12 bloggers like this.",
)


@pytest.mark.parametrize(
    "tail",
    [BUTTON_LINES, BUTTON_LIST, NEWER_BUTTONS, NAMES_ONLY, ONE_BLOCK, LIKE_ONLY, TAB_BUTTONS],
    ids=["lines", "list", "newer", "names", "one-block", "like-only", "tab"],
)
def test_a_share_box_goes(tail: tuple[str, ...]) -> None:
    assert_clean(article(tail=tail))


def test_a_share_box_in_markdown_goes() -> None:
    box = (
        "**Share this:**\n\n"
        "* [Click to share on X (Opens in new window)](https://example.org/?share=x) X\n"
        "* [Click to share on Facebook (Opens in new window)](https://example.org/?share=fb)\n"
        "* [Click to email a link to a friend (Opens in new window)](mailto:?subject=a)\n\n"
        "**Like this:**\n\n"
        "Like Loading...\n"
    )
    a = parse_text("# A headline\n\n" + "\n\n".join(BODY) + "\n\n" + box, markdown=True)
    assert a.paragraphs == tuple(BODY)


def test_a_share_box_keeps_the_source_a_note_names() -> None:
    tail = ("This post first appeared on Example Notes.", *BUTTON_LINES)
    a = article(tail=tail)
    assert_clean(a)
    assert a.source == "Example Notes"


def test_a_list_of_networks_in_the_text_stays() -> None:
    networks = "- Facebook\n- Twitter\n- LinkedIn"
    a = parse_text("\n\n".join(["A headline", BODY[0], "We studied:", networks, BODY[1]]) + "\n")
    assert networks in [b.text for b in a.blocks]
    end = parse_text("\n\n".join(["A headline", BODY[0], "We studied:", networks]) + "\n")
    assert end.blocks[-1].text == networks


def test_like_this_before_code_stays() -> None:
    text = "# A headline\n\n" + BODY[0] + "\n\nLike this:\n\n```\nprint('hello')\n```\n"
    a = parse_text(text, markdown=True)
    assert "Like this:" in a.paragraphs


@pytest.mark.parametrize(
    "sentence",
    [
        "Share this: the council's figures show a rise in rents across the city.",
        "Print the form (opens in new window) and bring it to the office on Monday.",
        "Like this, the farmers waited for the rain.",
        "Loading the trucks took the whole night, officials said.",
    ],
)
def test_sentences_with_the_share_box_words_stay(sentence: str) -> None:
    assert article(tail=(sentence,)).paragraphs == (*BODY, sentence)


@pytest.mark.parametrize(
    "text",
    [
        "Click to share on X " + "(Opens in new window) Click to share " * 5_000 + "(x",
        "Share this: " + "Ab " * 40_000 + "x",
        "Read the original article in Ab on " + "Ab " * 40_000 + ", x",
        "Like this: " + "like " * 40_000 + "x",
        "- Share\n" * 20_000 + "- x",
    ],
    ids=["buttons", "names", "source", "likes", "list"],
)
def test_the_new_rules_on_huge_adversarial_text(text: str) -> None:
    # A rule that backtracked over these long lines would never finish.
    for rule in (*debris_patterns(), *SOURCE_PATTERNS):
        assert rule.fullmatch(text) is None
    assert article(tail=(text,)).blocks[-1].text.endswith("x")
