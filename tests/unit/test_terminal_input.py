"""What the terminal sends, read by the real parser: a paste is text, no byte is fatal."""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Iterable

from hypothesis import example, given
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from reader.tui.terminal_input import (
    MAX_PASTE,
    InputDecoder,
    PasteCut,
    PasteParser,
    ReaderDriver,
)

START, END = "\x1b[200~", "\x1b[201~"
HOSTILE_PASTE = START + "copied text\x1b[0m sm q" + END  # what tmux paste-buffer -p sends


def parsed(parser: XTermParser, *chunks: str) -> list[Message]:
    """Every event the parser makes of these chunks, read one after another (an empty chunk
    would be the end of input: none is fed)."""
    return [event for chunk in chunks if chunk for event in parser.feed(chunk)]


def keys(messages: Iterable[Message]) -> list[str]:
    return [m.key for m in messages if isinstance(m, events.Key)]


def pastes(messages: Iterable[Message]) -> list[str]:
    return [m.text for m in messages if isinstance(m, events.Paste)]


def test_the_textual_code_reader_driver_replaces_is_the_code_it_was_written_against() -> None:
    """ReaderDriver rewrites these two methods of Textual's driver: a release that changes
    them fails here, so the rewrite is compared with the new code instead of drifting."""
    replaced = {
        LinuxDriver.run_input_thread: "d796af6d69db337d",
        LinuxDriver._run_input_thread: "d2ef22cc2c97a9eb",
    }
    for method, digest in replaced.items():
        source = inspect.getsource(method).encode()
        assert hashlib.sha256(source).hexdigest()[:16] == digest, (
            f"Textual changed LinuxDriver.{method.__name__}: compare it with ReaderDriver's"
        )
    assert ReaderDriver.run_input_thread is not LinuxDriver.run_input_thread
    assert callable(App._handle_exception)  # where an input thread's error is reported


def test_textuals_own_parser_turns_the_pasted_escape_into_keys() -> None:
    """The cause, pinned: should a Textual release fix it, this fails and PasteParser can go."""
    messages = parsed(XTermParser(), HOSTILE_PASTE)
    assert "s" in keys(messages) and "q" in keys(messages)
    assert pastes(messages) == ["copied text"]


def test_a_paste_with_an_escape_is_one_paste_of_its_text() -> None:
    messages = parsed(PasteParser(), HOSTILE_PASTE)
    assert keys(messages) == []
    assert pastes(messages) == ["copied text sm q"]


def test_a_paste_split_anywhere_across_reads_is_the_same_paste() -> None:
    text = "j" + HOSTILE_PASTE + "k"
    for cut in range(1, len(text)):
        for second in (cut, min(cut + 3, len(text))):
            messages = parsed(PasteParser(), text[:cut], text[cut:second], text[second:])
            assert keys(messages) == ["j", "k"], (cut, second)
            assert pastes(messages) == ["copied text sm q"], (cut, second)
    one_by_one = parsed(PasteParser(), *text)
    assert keys(one_by_one) == ["j", "k"]
    assert pastes(one_by_one) == ["copied text sm q"]


def test_keys_around_a_paste_keep_their_order() -> None:
    messages = parsed(PasteParser(), "j" + HOSTILE_PASTE + "\x1b[A" + START + "x" + END + "q")
    order = [m.key if isinstance(m, events.Key) else "paste" for m in messages]
    assert order == ["j", "paste", "up", "paste", "q"]


def test_a_paste_is_cleaned_of_controls_and_sequences_but_keeps_its_lines() -> None:
    raw = "one\r\ntwo\ttabbed\x00\x07\x1b]0;PWNED\x07\x1b[31mred\x1b[0m \x1bc\x1b[?1049h end"
    assert pastes(parsed(PasteParser(), START + raw + END)) == ["one\ntwo\ttabbedred  end"]


def test_a_paste_holding_a_paste_start_or_a_lone_escape_ends_at_its_end_marker() -> None:
    raw = START + "a" + START + "b\x1b" + "\x1b[20" + "c" + END + "q"
    messages = parsed(PasteParser(), raw)
    assert len(pastes(messages)) == 1 and "q" not in pastes(messages)[0]
    assert keys(messages) == ["q"]


def test_an_escape_key_before_a_paste_is_still_the_escape_key() -> None:
    messages = parsed(PasteParser(), "\x1b" + HOSTILE_PASTE)
    assert keys(messages) == ["escape"]
    assert pastes(messages) == ["copied text sm q"]


def test_mouse_and_keys_after_pastes_parse_as_before() -> None:
    after = "\x1b[<0;10;5M\x1b[<0;10;5m\x1b[B/x"
    ours = parsed(PasteParser(), HOSTILE_PASTE + HOSTILE_PASTE + after)
    stock = parsed(XTermParser(), after)
    assert [type(m) for m in ours if not isinstance(m, events.Paste)] == [type(m) for m in stock]
    assert keys(ours) == keys(stock) == ["down", "slash", "x"]


def test_a_big_paste_full_of_escapes_is_one_paste() -> None:
    body = "word \x1b[1m" * 7_000  # 63,000 characters: under MAX_PASTE
    raw = START + body + END
    messages = parsed(PasteParser(), *(raw[i : i + 4096] for i in range(0, len(raw), 4096)))
    assert keys(messages) == []
    assert pastes(messages) == ["word " * 7_000]


def test_a_paste_cut_off_by_the_end_of_input_is_dropped_quietly() -> None:
    parser = PasteParser()
    assert parsed(parser, START + "half a paste\x1b[0m q") == []
    assert list(parser.feed("")) == []


# --- bytes --------------------------------------------------------------------------------


def test_a_latin1_byte_is_its_letter_and_a_c1_byte_is_a_replacement() -> None:
    decoder = InputDecoder()
    assert decoder.decode(b"\xe9a") == "\xe9a"  # what a Latin-1 terminal sends for "éa"
    assert decoder.decode(b"ab\x9bcd") == "ab\ufffdcd"  # never the CSI control character
    assert decoder.decode("é €".encode()) == "é €"


def test_a_character_split_across_reads_waits_for_its_end() -> None:
    decoder = InputDecoder()
    assert decoder.decode(b"x\xe2\x82") == "x"
    assert decoder.pending
    assert decoder.decode(b"\xac") == "€"
    assert not decoder.pending


def test_a_lone_first_byte_is_given_once_nothing_follows() -> None:
    decoder = InputDecoder()
    assert decoder.decode(b"\xe9") == ""  # could be the start of a UTF-8 character
    assert decoder.pending
    assert decoder.flush() == "\xe9"
    assert not decoder.pending
    assert decoder.decode(b"ok") == "ok"


@given(st.lists(st.binary(max_size=12), max_size=8))
@example(reads=[b"\xc2\x80"])  # U+0080 sent as UTF-8: a C1 control, however it is sent
@example(reads=[b"a\xc2\x9b[31m"])  # U+009B (CSI) sent as UTF-8
def test_no_bytes_make_the_decoder_raise_or_give_controls(reads: list[bytes]) -> None:
    decoder = InputDecoder()
    text = "".join(decoder.decode(data) for data in reads) + decoder.flush()
    assert not any("\x80" <= c <= "\x9f" or "\ud800" <= c <= "\udfff" for c in text)
    if all(b < 0x80 for data in reads for b in data):
        assert text == b"".join(reads).decode()


def test_escape_then_a_key_in_one_read_is_the_escape_key_then_the_key() -> None:
    # A burst (one read): Textual's parser kept ESC j as an unknown sequence, typing "j" and
    # a late "^" into the search box instead of leaving it.
    messages = parsed(PasteParser(), "/pattern\x1bjj\r")
    assert keys(messages) == ["slash", *"pattern", "escape", "j", "j", "enter"]


def test_escape_before_enter_escape_and_capitals_is_a_key_each_time() -> None:
    messages = parsed(PasteParser(), "\x1b\r\x1b\x1b\x1bJ\x1b^")
    assert keys(messages) == [
        "escape", "enter", "escape", "escape", "escape", "J", "escape", "circumflex_accent"
    ]  # fmt: skip


def test_sequences_after_an_escape_still_parse() -> None:
    text = "\x1b[A\x1bOP\x1b\x1b[B" + HOSTILE_PASTE + "\x1b[<0;10;5M"
    ours = parsed(PasteParser(), text)
    assert keys(ours) == ["up", "f1", "escape", "down"]
    assert pastes(ours) == ["copied text sm q"]


def test_a_lone_escape_is_the_escape_key_once_nothing_follows() -> None:
    parser = PasteParser()
    assert parsed(parser, "\x1b") == []
    assert keys(parser.feed("")) == ["escape"]


def test_a_huge_paste_is_cut_and_said_and_the_keys_after_it_work() -> None:
    size = 10 * 1024 * 1024  # read in bounded time: the end marker is found by str.find
    raw = "j" + START + "x" * size + END + "q"
    messages = parsed(PasteParser(), *(raw[i : i + 4096] for i in range(0, len(raw), 4096)))
    assert keys(messages) == ["j", "q"]
    assert pastes(messages) == ["x" * MAX_PASTE]
    cut = [m for m in messages if isinstance(m, PasteCut)]
    assert len(cut) == 1 and cut[0].length == size


def test_a_paste_that_never_ends_ends_when_nothing_more_comes() -> None:
    parser = PasteParser()
    assert parsed(parser, START + "moon") == []
    parser._timeout_time = 0.0  # as once PASTE_IDLE_SECONDS have passed with nothing sent
    assert pastes(parser.tick()) == ["moon"]
    assert keys(parsed(parser, "jq")) == ["j", "q"]


def test_a_paste_marker_split_across_reads_is_still_one_paste() -> None:
    messages = parsed(PasteParser(), "\x1b[20", "0~ab", "c\x1b[2", "01", "~z")
    assert pastes(messages) == ["abc"]
    assert keys(messages) == ["z"]
