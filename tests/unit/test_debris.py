"""The rules of what debris looks like, each pinned with generated articles.

Every test builds an article from generated prose (no outlet's page) and puts a line of one
shape at its head or its end: the rule must remove it (or read it into the metadata), and an
ordinary sentence that only mentions the same words must stay.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from reader.core.article import Article, parse_text
from reader.core.debris import (
    BYLINE,
    COPYRIGHT,
    CREDIT_LINE,
    PUBLISHED_ELSEWHERE,
    caption_patterns,
)
from tests.unit.pages import BODY, article, assert_clean


def shown(a: Article) -> str:
    return "\n".join(b.text for b in a.blocks)


# --- copyright notices ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "holder"),
    [
        (
            "Copyright 2024 Example Wire. All rights reserved. This material may not be "
            "published, broadcast, rewritten or redistributed without permission.",
            "Example Wire",
        ),
        ("© 2023–2024 Example Media, Inc.", "Example Media"),
        ("(c) 2022 The Example Post", "The Example Post"),
        ("Copyright © 2021 The Example Herald. All Rights Reserved.", "The Example Herald"),
        ("© The Example Gazette", "The Example Gazette"),
        ("Copyright 2020. All rights reserved.", None),
    ],
)
def test_copyright_notice_goes_and_names_the_source(line: str, holder: str | None) -> None:
    a = article(tail=(line,))
    assert_clean(a)
    assert a.source == holder


def test_a_stated_source_wins_over_the_copyright_holder() -> None:
    a = article(tail=("This article was originally published on example.org", "© 2024 Example Ltd"))
    assert a.source == "example.org"


@pytest.mark.parametrize(
    "sentence",
    [
        "Copyright law has not kept up with the web, the judge wrote in her ruling on Monday.",
        "The court ruled that the copyright belonged to the photographer, not the magazine.",
        "Copyright 2024 was a record year for lawsuits, lawyers for the studios said.",
        "Copyright Office officials said on Monday that the rules would change next year.",
        "He shared the copyright © symbol story with reporters.",
    ],
)
def test_sentences_about_copyright_stay(sentence: str) -> None:
    a = article(tail=(sentence,))
    assert a.paragraphs == (*BODY, sentence)
    assert a.source is None


# --- contributor lines -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Reporting by Ana Lima in Lisbon; Editing by Tom Hale",
        "Writing by Li Wei; Additional reporting by Sara Ruiz and Ben Ode; Editing by Kim Park",
        "(Compiled by Kim Park; Edited by Joe Bloggs)",
        "Graphics by Ana Lima",
        "Written and edited by Ana Lima and Tom Hale.",
        "Produced by Sara Ruiz | Video by Ben Ode",
    ],
)
def test_contributor_line_goes(line: str) -> None:
    assert_clean(article(tail=(line,)))


@pytest.mark.parametrize(
    "sentence",
    [
        "Reporting by the newspaper showed that the mayor had lied about the contracts.",
        "Edited by hand, the photographs looked nothing like the originals, experts said.",
        "Written by Jane Austen, the novel was a success in its day and remains one.",
    ],
)
def test_sentences_that_start_like_credits_stay(sentence: str) -> None:
    assert article(tail=(sentence,)).paragraphs == (*BODY, sentence)


# --- notes of first publication ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("The post A generated headline appeared first on Example Wire.", "Example Wire"),
        (
            "This article is republished from Example Review under a Creative Commons "
            "license. Read the original article.",
            "Example Review",
        ),
        ("This story was originally published by Example Times", "Example Times"),
        ("This piece first ran in The Example Journal on Sunday.", "The Example Journal"),
        ("Reprinted with permission from Example Press.", "Example Press"),
        ("It was originally published at example.net, where it was read widely.", "example.net"),
    ],
)
def test_note_of_first_publication_goes_and_names_the_source(line: str, source: str) -> None:
    a = article(tail=(line,))
    assert_clean(a)
    assert a.source == source


@pytest.mark.parametrize(
    "sentence",
    [
        "The study first appeared in Nature in 2019, and was cited widely since then.",
        "The report was published in The Lancet.",
        "This feature first appeared in the default installation of the tool.",
        "Originally posted to a mailing list under a thread called The Way of Python.",
    ],
)
def test_sentences_about_publishing_stay(sentence: str) -> None:
    a = article(tail=(sentence,))
    assert a.paragraphs == (*BODY, sentence)
    assert a.source is None


# --- share, follow and tool widgets ------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Share on Mastodon",
        "Share via WhatsApp",
        "Share this story on Bluesky",
        "Follow us on Mastodon and Bluesky for the latest news.",
        "Send to a friend",
        "Copy link",
        "Email",
    ],
)
def test_share_and_follow_widgets_go(line: str) -> None:
    assert_clean(article(tail=(line,)))


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices fell by a third on Monday, traders said.",
        "Shares of the company rose after the report.",
        "He decided to share the prize with his team.",
        "Share your thoughts, the mayor told residents at the meeting on Tuesday night.",
    ],
)
def test_sentences_about_sharing_stay(sentence: str) -> None:
    assert article(tail=(sentence,)).paragraphs == (*BODY, sentence)


# --- the run of furniture at the end -----------------------------------------------------------


def test_read_more_list_and_its_headlines_go() -> None:
    tail = (
        "Read more:",
        "Ministers meet again as border talks stall",
        "Farmers count the cost of a dry summer, officials say",
        "More from Example Wire",
        "This story was originally published by Example Wire",
    )
    a = article(tail=tail)
    assert_clean(a)
    assert a.source == "Example Wire"


def test_labels_links_and_addresses_after_debris_go() -> None:
    tail = (
        "Advertisement",
        "Most Popular",
        "Our Standards: The Example Wire Trust Principles.",
        "Contact us at letters@example.org.",
        "https://example.org/newsletters",
    )
    assert_clean(article(tail=tail))


def test_a_news_agency_named_at_the_end_is_the_source() -> None:
    tail = (
        "Writing by Li Wei; Editing by Kim Park",
        "Our Standards: The Reuters Trust Principles.",
    )
    assert article(tail=tail).source == "Reuters"
    assert article(tail=("Advertisement", "More from Bloomberg")).source == "Bloomberg"


def test_short_lines_ending_an_article_stay_without_debris() -> None:
    # A list of short lines that are not sentences, but nothing the rules call debris.
    tail = ("Ingredients for two", "Two eggs", "A cup of flour")
    assert article(tail=tail).paragraphs == (*BODY, *tail)


def test_short_lines_before_the_first_debris_stay() -> None:
    tail = ("A quiet morning in the port", "The Pentagon declined to comment.", "Source link")
    assert article(tail=tail).paragraphs == (*BODY, *tail[:2])


def test_sentences_after_debris_stop_the_run() -> None:
    tail = ("Advertisement", "Update: The Pentagon declined to comment on the report.")
    assert article(tail=tail).paragraphs == (*BODY, tail[1])


# --- the head: bylines, datelines, players, credits ------------------------------------------


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Ana Lima and Tom Hale", "Ana Lima and Tom Hale"),
        ("BY ANA LIMA | Example Wire", "ANA LIMA"),
        ("By Jane Roe, Chief Washington Correspondent", "Jane Roe, Chief Washington Correspondent"),
        ("By Ludwig van Beethoven", "Ludwig van Beethoven"),
    ],
)
def test_byline_becomes_metadata(line: str, byline: str) -> None:
    a = article(head=(line, "Published November 17, 2024 6:02 PM EST"))
    assert_clean(a)
    assert a.byline == byline
    assert a.date == datetime(2024, 11, 17)


@pytest.mark.parametrize("line", ["Listen to this story · 6 min", "Listen · 5:32", "4 min read"])
def test_players_and_reading_times_at_the_head_go(line: str) -> None:
    assert_clean(article(head=("By Ana Lima", line)))


@pytest.mark.parametrize(
    "sentence",
    [
        "By the time the missiles arrived, the war had changed.",
        "By Monday, officials said, the deal would be done.",
    ],
)
def test_sentences_that_start_with_by_stay(sentence: str) -> None:
    a = article(head=(sentence,))
    assert a.paragraphs == (sentence, *BODY)
    assert a.byline is None


def test_a_byline_after_the_first_paragraph_is_text() -> None:
    a = parse_text("\n\n".join(["T", BODY[0], "By Ana Lima", BODY[1]]))
    assert a.paragraphs == (BODY[0], "By Ana Lima", BODY[1])


@pytest.mark.parametrize(
    "credit",
    [
        "Image: Example / Getty Images",
        "Photo credit: Jane Roe/AFP via Getty Images",
        "(Ana Lima / Example Wire)",
        "Photograph by Ana Lima",
    ],
)
def test_a_credit_without_its_photo_goes(credit: str) -> None:
    assert_clean(article(head=(credit,)))
    assert_clean(article(tail=(credit,)))


def test_a_credit_beside_its_caption_stays() -> None:
    a = article(tail=("Farmers wait at the border crossing.", "Photo: Ana Lima / Example Wire"))
    assert a.captions == ("Farmers wait at the border crossing.", "Photo: Ana Lima / Example Wire")


@pytest.mark.parametrize(
    "text",
    [
        "Tools like these (Tcl/Tk, expat, etc).",
        "See the recipe (http://aspn.example.com/ASPN/Cookbook/Python/Recipe/1).",
    ],
)
def test_a_slash_in_parentheses_is_not_a_credit(text: str) -> None:
    a = article(tail=(text,))
    assert a.paragraphs == (*BODY, text)


# --- every new pattern is linear -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ab " * 40_000 + "x",
        "Reporting by " + "Ab " * 40_000 + "x",
        "By " + "Ab, " * 40_000 + "x",
        "© 2024 " + "Ab " * 40_000 + ", x",
        "The post " + "originally " * 20_000 + "x",
        "(" + "Ab " * 40_000 + "/ x",
        "a@" * 40_000,
    ],
    ids=["words", "credit", "byline", "copyright", "note", "parenthesis", "addresses"],
)
def test_patterns_on_huge_adversarial_text(text: str) -> None:
    # A pattern that backtracked over these 100,000-character lines would never finish.
    assert re.fullmatch(BYLINE, text) is None
    assert re.fullmatch(CREDIT_LINE, text) is None
    COPYRIGHT.match(text)
    PUBLISHED_ELSEWHERE.search(text)
    for rule in caption_patterns():
        rule.search(text)
    article(tail=(text,))  # a long block is never debris: it stays whole
    assert re.search(r"\w", text)
