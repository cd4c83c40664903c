"""A long PEP-like article, made by code: headings at three levels and a search word in two
paragraphs far apart. Read by the UI, snapshot and tmux tests of long articles."""

from __future__ import annotations

WORDS = (
    "The reader keeps its place in every article and shows the text in a column that is "
    "comfortable to read, whatever the width of the terminal it runs in"
)


def paragraph(topic: str, n: int) -> str:
    """A paragraph of about sixty words, wrapped as a PEP's text is."""
    text = f"{topic} paragraph {n}. {WORDS}, so that {topic.lower()} reads well. {WORDS}."
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > 72:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


# (underline, heading) in order: three levels, as a PEP's reST has them.
SECTIONS = [
    ("=", "Abstract"),
    ("=", "Motivation"),
    ("-", "Why headings matter"),
    ("~", "Keys that move"),
    ("-", "Why a contents list"),
    ("=", "Specification"),
    ("-", "Only matching paragraphs"),
    ("=", "Rejected Ideas"),
]
LIGHTHOUSE = (  # the search word, in two paragraphs far apart
    (1, 2, "A lighthouse keeper reads long articles at night."),
    (6, 1, "The lighthouse stays lit while the reader searches."),
)


def section_length(section: int) -> int:
    """Paragraphs in a section: four; the last has more, so its heading can reach the top of
    a 40-line terminal."""
    return 7 if section == len(SECTIONS) - 1 else 4


PARAGRAPHS = sum(section_length(s) for s in range(len(SECTIONS)))


def long_pep_text() -> str:
    """A PEP-like article: a header, headings at three levels, four paragraphs a section."""
    parts = [
        "PEP 9999 – Moving Through Long Articles",
        "",
        "PEP: 9999\nAuthor: Jane Roe\nStatus: Draft\nType: Process\nCreated: 01-Jan-2024",
    ]
    for s, (mark, heading) in enumerate(SECTIONS):
        parts += ["", f"{heading}\n{mark * len(heading)}"]
        for n in range(section_length(s)):
            extra = next((t for (ss, nn, t) in LIGHTHOUSE if (ss, nn) == (s, n)), "")
            parts += ["", paragraph(heading, n) + (f"\n{extra}" if extra else "")]
    return "\n".join(parts) + "\n"
