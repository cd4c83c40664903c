"""What the terminal sends, read so that a paste is text and no byte is fatal.

Two faults of Textual 8.2's input, fixed here at their cause and nowhere else:

- Its parser (`XTermParser.parse`) reads an ESC inside a bracketed paste as the start of an
  escape sequence and, when that sequence is not one it knows, replays the characters as key
  presses: pasting "text ESC [0m sm q" onto the list starred the article, toggled it read
  twice and quit. `PasteParser` takes everything between the paste's start and end markers
  as one paste, whatever it holds, and cleans it (escape sequences and control characters
  go), so it lands as text wherever it lands.
- Its parser reads ESC and a character after it that starts no sequence as the start of an
  unknown sequence, replayed much later as `^` and the character: Esc then `j` typed in
  one burst (a fast typist, an ssh link: one read) typed `jj` into the search box instead
  of leaving it. Terminals send Alt+key as the same two bytes, and reader binds no Alt key,
  so `PasteParser` reads them as the Esc key and then the character, as vi does.
- It reads a paste one character at a time through a generator, with no bound: a 10 MB
  paste held the keys for 16-19 s, and a paste whose end marker never came (`ESC[200~moon`)
  made the app deaf for good. `PasteParser` takes a paste's text a read at a time (the end
  marker found by str.find), keeps its first MAX_PASTE characters (a longer one is cut, and
  `PasteCut` says so), and ends a paste that stops short of its end marker once the terminal
  has sent nothing for PASTE_IDLE_SECONDS: the keys after it work again.
- Its input thread decodes with a strict UTF-8 decoder: one byte that is not UTF-8 (a Latin-1
  terminal's "é", a pasted 0x9b) raised in the thread and ended the app with a traceback and
  exit status 0. `InputDecoder` never raises, and `ReaderDriver`, the driver the app selects,
  uses both; should its input thread still die, the app's own crash path reports it.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import selectors
import signal
from collections.abc import Generator, Iterable
from typing import Final

from textual import constants, events
from textual._parser import ParseEOF, ParseError, ParseTimeout, Peek1, Read1, TokenCallback
from textual._time import get_time
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from reader.core.decoding import clean

READ_SIZE: Final = 4096  # bytes read from the terminal at a time, as Textual does
HANGUP_STATUS: Final = 128 + signal.SIGHUP  # the exit status when the terminal goes away
ESC: Final = "\x1b"
MAX_PASTE: Final = 65_536  # characters of a paste kept; the rest is cut, and said
PASTE_IDLE_SECONDS: Final = 0.5  # a paste with nothing more after this long has ended
# After ESC, what starts a sequence (CSI, SS3, OSC, DCS, APC, ST) rather than a key.
_SEQUENCE_STARTS: Final = frozenset("[O]P_\\")
# A byte that was not UTF-8 (surrogateescape), or a C1 control character sent as UTF-8
# (U+0080-U+009F: U+009B is a CSI to some terminals and parsers).
_ESCAPED_BYTE = re.compile("[\udc80-\udcff\x80-\x9f]")


def _byte_as_text(match: re.Match[str]) -> str:
    """A byte that is not UTF-8: the Latin-1 letter it is (0xA0-0xFF, what a Latin-1 terminal
    sends for "é"), else U+FFFD; a C1 control character, however sent, is U+FFFD too (0x9b
    would start a sequence)."""
    code = ord(match.group())
    if code < 0xDC00:
        return "\ufffd"
    byte = code - 0xDC00
    return chr(byte) if byte >= 0xA0 else "\ufffd"


class InputDecoder:
    """The terminal's bytes as text, UTF-8 where they are: never raises."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")

    def decode(self, data: bytes, final: bool = False) -> str:
        """The text these bytes complete (a character split across reads waits for its end)."""
        text = self._decoder.decode(data, final=final)
        if text.isascii():
            return text
        return _ESCAPED_BYTE.sub(_byte_as_text, text)

    @property
    def pending(self) -> bool:
        """Whether the start of a multi-byte character is held back, waiting for its end."""
        buffered, _flag = self._decoder.getstate()
        return bool(buffered)

    def flush(self) -> str:
        """What the bytes held back are, once no more come (a lone Latin-1 "é" ends so)."""
        return self.decode(b"", final=True)


class PasteCut(Message):
    """A paste was longer than MAX_PASTE characters: only its start was pasted."""

    def __init__(self, length: int) -> None:
        super().__init__()
        self.length = length  # the characters the terminal sent


class PasteParser(XTermParser):
    """Textual's parser, but a bracketed paste is one paste event, whatever bytes it holds.

    The stock parser still reads every key, mouse report and other sequence: this one only
    takes over between the paste's start and end markers.
    """

    def parse(self, token_callback: TokenCallback[Message]) -> Generator[Read1 | Peek1, str, None]:
        def keep(token: Message) -> None:
            # Pastes are this parser's to make; the stock parser's (empty, see below) are not.
            if not isinstance(token, events.Paste):
                token_callback(token)

        stock = super().parse(keep)
        awaiting = next(stock)
        recent = ""  # the last characters the stock parser read, to see a paste start
        escape = False  # an ESC is held back: a key, or the start of a sequence?
        while True:
            try:
                character = yield (self.read1(constants.ESCAPE_DELAY) if escape else awaiting)
            except ParseTimeout:
                if escape:  # nothing came after the ESC: the Esc key
                    escape = False
                    token_callback(events.Key("escape", ESC))
                    continue
                recent = ""  # an escape that timed out starts no paste
                try:
                    awaiting = stock.throw(ParseTimeout())
                except StopIteration:
                    return
                continue
            except ParseError as error:  # the end of input: the stock parser's
                if escape:
                    escape = False
                    token_callback(events.Key("escape", ESC))
                recent = ""
                try:
                    awaiting = stock.throw(error)
                except StopIteration:
                    return
                continue
            if escape:
                if character == ESC or character not in _SEQUENCE_STARTS:
                    # Esc, then a key (or Esc again): not the start of a sequence
                    token_callback(events.Key("escape", ESC))
                    if character == ESC:
                        continue  # held in turn
                    escape = False
                else:
                    escape = False
                    try:
                        awaiting = stock.send(ESC)
                    except StopIteration:
                        return
                    recent = (recent + ESC)[-len(BRACKETED_PASTE_START) :]
            elif character == ESC and isinstance(awaiting, Read1) and awaiting.timeout is None:
                escape = True  # the stock parser waits for a key: see what follows the ESC
                continue
            try:
                awaiting = stock.send(character)
            except StopIteration:
                return
            recent = (recent + character)[-len(BRACKETED_PASTE_START) :]
            if recent != BRACKETED_PASTE_START:
                continue
            # The stock parser has read the start marker and waits for the paste: it gets
            # only the end marker, so it leaves its paste mode with nothing pasted.
            pasted = yield from self._read_paste()
            if pasted is None:
                return
            token_callback(events.Paste(clean(pasted)))
            recent = ""
            try:
                for marker_character in BRACKETED_PASTE_END:
                    awaiting = stock.send(marker_character)
            except StopIteration:
                return

    def __init__(self, debug: bool = False) -> None:
        self._pasting = False  # a paste's text is being taken, by feed() (read by _read_paste)
        self._kept: list[str] = []  # its start, up to MAX_PASTE and a few more characters
        self._kept_length = 0
        self._length = 0  # every character of it so far
        self._tail = ""  # its last characters, for an end marker split across reads
        super().__init__(debug)

    def _read_paste(self) -> Generator[Read1, str, str | None]:
        """The paste's text, taken by feed() up to its end marker (or up to a pause in what
        the terminal sends); None at the end of input."""
        self._pasting = True
        self._kept, self._kept_length, self._length, self._tail = [], 0, 0, ""
        try:
            yield self.read1(PASTE_IDLE_SECONDS)  # feed() sends "" once the end marker came
        except ParseTimeout:
            pass  # it never ended: what came is the paste
        except ParseEOF:
            return None
        finally:
            self._pasting = False
        return "".join(self._kept)[:MAX_PASTE]

    def _take(self, text: str) -> None:
        self._length += len(text)
        room = MAX_PASTE + len(BRACKETED_PASTE_END) - self._kept_length
        if room > 0:
            self._kept.append(text[:room])
            self._kept_length += min(len(text), room)

    def _take_paste(self, data: str, pos: int) -> tuple[int, bool]:
        """Take the paste's text from data[pos:]: where the paste's end marker ends in data
        (or len(data)), and whether it came."""
        end = BRACKETED_PASTE_END
        window = self._tail + data[pos:]
        found = window.find(end)
        if found < 0:
            self._take(data[pos:])
            self._tail = window[-(len(end) - 1) :]
            return len(data), False
        upto = found - len(self._tail)  # in data[pos:]; < 0: the marker began in the tail
        if upto >= 0:
            self._take(data[pos : pos + upto])
        else:
            self._length += upto
            kept = "".join(self._kept)
            self._kept = [kept[: max(0, len(kept) + upto)]]
        return pos + upto + len(end), True

    def feed(self, data: str) -> Iterable[Message]:
        """Textual's Parser.feed, but a paste's text is taken a read at a time."""
        in_sequence = self._awaiting.timeout is not None  # an escape sequence begun before
        if not data or not (self._pasting or in_sequence or ESC in data):
            yield from super().feed(data)  # no paste can start in it
            return
        pos = 0
        while pos < len(data):
            if self._pasting:
                pos, ended = self._take_paste(data, pos)
                self._timeout_time = get_time() + PASTE_IDLE_SECONDS
                if not ended:
                    break
                self._timeout_time = None
                self._awaiting = self._gen.send("")
                if self._length > MAX_PASTE:
                    self._tokens.append(PasteCut(self._length))
            else:
                # one character at a time, as Textual does, until a paste starts
                yield from super().feed(data[pos])
                pos += 1
            while self._tokens:
                yield self._tokens.popleft()


class ReaderDriver(LinuxDriver):
    """Textual's Linux/macOS driver, reading input with `InputDecoder` and `PasteParser`."""

    def _run_input_thread(self) -> None:
        # Textual's version shows a traceback and exits with status 0; an input thread that
        # dies is an unexpected error like any other: the app's crash path logs it, status 1.
        try:
            self.run_input_thread()
        except Exception as error:  # noqa: BLE001 - reported, not swallowed
            self._app.call_later(self._app._handle_exception, error)

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events: LinuxDriver.run_input_thread, with the decoder
        and the parser above."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = PasteParser(self._debug)
        decoder = InputDecoder()

        def dispatch(text: str) -> None:
            for event in parser.feed(text):
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                if selector.select(0.1):
                    try:
                        data = os.read(self.fileno, READ_SIZE)
                    except OSError:
                        data = b""
                    if not data:
                        # The terminal is gone (a closed window): end the app as a hangup
                        # does, not as a crash, and stop reading what is no longer there.
                        self._app.call_later(self._app.exit, None, HANGUP_STATUS)
                        break
                    text = decoder.decode(data)
                    if text:
                        dispatch(text)
                elif decoder.pending:
                    # The start of a character and nothing after it: not UTF-8 after all.
                    dispatch(decoder.flush())
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass
