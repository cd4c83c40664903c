"""Headlines count: a word in an article's title weighs more than the same word in a body, so a
few words remembered from a headline find that article first, even when it is the longer one
and other articles use the word more often."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.corpus import scan
from reader.search.service import SearchIndex

FILLER = (
    "the council met on tuesday to discuss the budget for the coming year and several members "
    "asked questions about roads schools parks and the library hours in the town centre"
).split()


def _body(rnd: random.Random, words: int, extra: str = "") -> str:
    text = " ".join(rnd.choice(FILLER) for _ in range(words))
    return f"{text} {extra}".strip() + "."


@pytest.fixture
def town(tmp_path: Path) -> Path:
    """40 short notes that mention 'abandoned' often in their text, and one long article
    whose headline has it (its text once)."""
    rnd = random.Random(7)
    root = tmp_path / "town"
    root.mkdir()
    for n in range(40):
        extra = "the abandoned mill and the abandoned quarry stay abandoned"
        (root / f"note_{n:02}.txt").write_text(f"Council note {n}\n\n{_body(rnd, 60, extra)}\n")
    long_body = "\n\n".join(_body(rnd, 120) for _ in range(12))
    (root / "zz_feature.txt").write_text(
        f"Abandoned railway becomes a park\n\n{long_body}\n\nThe abandoned line reopened.\n"
    )
    return root


def test_a_word_in_one_headline_brings_that_article_first(town: Path, tmp_path: Path) -> None:
    ix = SearchIndex(town, tmp_path / "ix", procs=1)
    ix.update(scan(town))
    for query in ("abandoned", "abandoned railway", "Abandoned park"):
        hits = ix.search(query).hits
        assert Path(hits[0].path).name == "zz_feature.txt", query
    # while typing, the last word a prefix and a time limit as the app has it
    typed = ix.search("abandoned", typing=True, time_limit=0.2)
    assert Path(typed.hits[0].path).name == "zz_feature.txt"
    # a word only in bodies still ranks by the text
    assert Path(ix.search("quarry").hits[0].path).name.startswith("note_")
    ix.close()


def test_the_cli_puts_the_headline_first(town: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "abandoned", "-C", str(town), "--json", "-n", "5"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert Path(hits[0]["path"]).name == "zz_feature.txt"


def test_words_of_an_identifier_find_it(tmp_path: Path) -> None:
    root = tmp_path / "code"
    root.mkdir()
    (root / "api.txt").write_text("Add PyUnicode_Export()\n\nThe new ssize_t index type.\n")
    (root / "other.txt").write_text("Unicode notes\n\nExport of unicode text and an index.\n")
    ix = SearchIndex(root, tmp_path / "ix", procs=1)
    ix.update(scan(root))
    for query in ("pyunicode export", "PyUnicode_Export", "ssize_t", "ssize t index"):
        assert Path(ix.search(query).hits[0].path).name == "api.txt", query
    ix.close()


def test_an_author_in_the_header_block_is_found(tmp_path: Path) -> None:
    root = tmp_path / "peps"
    root.mkdir()
    (root / "pep-9999.txt").write_text(
        "PEP 9999 – Something New\n\nPEP: 9999\nAuthor: Ada Lovelace <ada@example.org>\n"
        "Status: Draft\n\nAbstract\n========\n\nThis proposes something new.\n"
    )
    (root / "other.txt").write_text("Other\n\nNothing about anyone.\n")
    ix = SearchIndex(root, tmp_path / "ix", procs=1)
    ix.update(scan(root))
    assert [Path(h.path).name for h in ix.search("lovelace").hits] == ["pep-9999.txt"]
    assert [Path(h.path).name for h in ix.search('"ada lovelace"').hits] == ["pep-9999.txt"]
    ix.close()
