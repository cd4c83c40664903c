"""Where things live, and how a path is written down.

The cache, data, config and state folders (platformdirs, honouring XDG_*), the folder of one corpus,
and the one rule for keeping a file's path as text where only valid UTF-8 can go (SQLite,
the index's terms): encode_path and decode_path; and a path printed for a person (shown_path)
or a JSON reader (json_path).
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "reader"
BYTES_PREFIX = "bytes:"  # an encoded path that is not UTF-8; no absolute path starts so
_READ_PREFIXES = (BYTES_PREFIX, "hex:")  # "hex:": how older reading state wrote them


def cache_dir() -> Path:
    """The user cache folder for reader (indexes, catalog caches)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The user data folder for reader (reading state)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user config folder for reader (config.toml)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """The user state folder for reader (the log)."""
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def corpus_key(root: Path) -> str:
    """A stable folder name for one corpus: a hash of its absolute path."""
    absolute = os.path.abspath(os.fspath(root))
    digest = hashlib.sha256(os.fsencode(absolute)).hexdigest()[:16]
    name = "".join(c if c.isalnum() else "-" for c in Path(absolute).name)[:32] or "root"
    return f"{name}-{digest}"


def corpus_cache_dir(root: Path) -> Path:
    """The cache folder of one corpus: holds its index and its catalog."""
    return cache_dir() / "corpora" / corpus_key(root)


def encode_path(path: str) -> str:
    """A path as valid UTF-8 text: itself, or when its name is not UTF-8 (undecodable bytes
    held as surrogate escapes), BYTES_PREFIX and the hex of its bytes. decode_path reverses it.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(path)
        except UnicodeEncodeError:  # a lone surrogate no file system name decodes to
            raw = path.encode("utf-8", "surrogatepass")
        return BYTES_PREFIX + raw.hex()
    return path


def decode_path(text: str) -> str:
    """The path that encode_path wrote as text (also the "hex:" form of older reading state)."""
    for prefix in _READ_PREFIXES:
        if text.startswith(prefix):
            try:
                return os.fsdecode(bytes.fromhex(text[len(prefix) :]))
            except ValueError:
                return text
    return text


def shown_path(path: str) -> str:
    """A path as printable text: bytes that are not UTF-8 and control characters escaped."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def json_path(path: str) -> dict[str, str]:
    """A hit's path for --json: the exact path, and for a name that is not UTF-8 its bytes too.

    `path` keeps such a name's stray bytes as \\udcXX escapes, Python's surrogateescape form:
    json.loads then os.fsencode gives the bytes back. `path_base64` has the raw bytes for
    readers in other languages (`jq -r .path_base64 | base64 -d`).
    """
    absolute = os.path.abspath(path)
    raw = os.fsencode(absolute)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"path": absolute, "path_base64": base64.b64encode(raw).decode("ascii")}
    return {"path": absolute}
