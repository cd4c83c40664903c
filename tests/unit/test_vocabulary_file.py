"""The vocabulary file beside the index: written as marshal (fast to write at every update),
the JSON file of an index made by an older reader read when there is no other."""

from __future__ import annotations

import json
from pathlib import Path

from reader.search import spelling
from reader.search.store import VOCAB_FILE


def read(path: Path) -> spelling.Vocabulary:
    vocab = spelling.Vocabulary(path)
    vocab.load()
    return vocab


def test_an_older_index_keeps_its_vocabulary_and_the_next_save_replaces_its_file(
    tmp_path: Path,
) -> None:
    legacy = tmp_path / spelling.LEGACY_FILE
    legacy.write_text(json.dumps({"otters": 3, "beavers": 1}), "utf-8")
    vocab = read(tmp_path / VOCAB_FILE)
    assert vocab.counts == {"otters": 3, "beavers": 1}
    vocab.add(["otters", "walruses"])
    vocab.save()
    assert (tmp_path / VOCAB_FILE).exists() and not legacy.exists()
    again = read(tmp_path / VOCAB_FILE)
    assert again.counts == {"otters": 4, "beavers": 1, "walruses": 1}


def test_a_vocabulary_file_that_cannot_be_read_is_an_empty_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / VOCAB_FILE
    for junk in (b"", b"\x00garbage", b"\xff" * 100, b"\xe9\x00\x00\x00\x00"):
        path.write_bytes(junk)
        vocab = read(path)
        assert vocab.counts == {}
        vocab.add(["otters"])  # and it is written anew
        vocab.save()
        assert read(path).counts == {"otters": 1}


def test_a_vocabulary_changed_by_another_process_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / VOCAB_FILE
    mine = read(path)
    mine.add(["otters"])
    mine.save()
    other = read(path)
    other.add(["beavers"])
    other.save()
    mine.load()
    assert mine.counts == {"otters": 1, "beavers": 1}
