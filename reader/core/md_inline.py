"""Markdown's inline marks taken out of a text: what a word count, the index and a one-line
title need (the blocks themselves are read by structure.py)."""

from __future__ import annotations

import re

Rules = tuple[tuple[re.Pattern[str], str, str], ...]

# (rule, replacement, characters without which the rule cannot match: a cheap skip)
INLINE: Rules = (
    (re.compile(r"^[ \t]{0,3}(?:`{3,}|~{3,}).*$", re.M), "", "`~"),  # fence lines
    (re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:\s+\S.*$", re.M), "", "]"),  # link reference definitions
    # [text](url), ![alt](url). The text holds no "[", the url no space and only balanced
    # "(...)", so each try stops at the next "[" or "(": a line of 100,000 "[" took minutes.
    (re.compile(r"!?\[([^\[\]\n]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)"), r"\1", "]"),
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$", re.M), "", "#"),  # ATX headings
    (re.compile(r"^[ \t]*>[ \t]?", re.M), "", ">"),  # block quotes
    (re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+", re.M), "", "-*+.)"),  # list markers
    (re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M), "", "-*_"),  # rules, setext underlines
    (re.compile(r"^[ \t]*=+[ \t]*$", re.M), "", "="),  # setext underlines
    (re.compile(r"</?[A-Za-z][^<>\n]{0,200}>"), "", "<"),  # inline HTML tags
    (re.compile(r"\*\*|__|~~|`|(?<!\w)[*_]+|[*_]+(?!\w)"), "", "*_~`"),  # emphasis, code
)
TITLE_RULES = INLINE[2:]  # what a one-line title or header line may hold


def strip_markup(text: str, rules: Rules = INLINE) -> str:
    """Markdown -> plain text, good enough for word counts and the index."""
    for rule, replacement, needs in rules:
        if any(c in text for c in needs):
            text = rule.sub(replacement, text)
    return text
