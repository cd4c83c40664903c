"""reader.core.paths: one rule for writing a path as UTF-8 text, and reading it back."""

from __future__ import annotations

import os

from hypothesis import given
from hypothesis import strategies as st

from reader.core.paths import decode_path, encode_path


def test_utf8_paths_are_kept_as_they_are() -> None:
    for path in ("/corpus/a.txt", "/corpus/café ☕.md", "x", ""):
        assert encode_path(path) == path
        assert decode_path(path) == path


def test_names_that_are_not_utf8_are_kept_as_their_bytes() -> None:
    path = os.fsdecode(b"/corpus/caf\xe9.txt")
    text = encode_path(path)
    assert text == "bytes:" + b"/corpus/caf\xe9.txt".hex()
    text.encode("utf-8")  # storable anywhere
    assert decode_path(text) == path


def test_the_older_hex_form_of_reading_state_is_still_read() -> None:
    path = os.fsdecode(b"/corpus/caf\xe9.txt")
    assert decode_path("hex:" + b"/corpus/caf\xe9.txt".hex()) == path
    assert decode_path("hex:not-hex") == "hex:not-hex"
    assert decode_path("bytes:zz") == "bytes:zz"


@given(st.binary(min_size=1, max_size=40))
def test_any_name_round_trips(raw: bytes) -> None:
    path = "/corpus/" + os.fsdecode(raw.replace(b"\x00", b"").replace(b"/", b"")) + ".txt"
    text = encode_path(path)
    text.encode("utf-8")
    assert decode_path(text) == path


def test_a_lone_surrogate_never_raises() -> None:
    text = encode_path("/corpus/\ud800.txt")
    text.encode("utf-8")
