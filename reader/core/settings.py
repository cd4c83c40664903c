"""Settings from config.toml in the user config dir: typed, checked, with defaults.

A setting that is missing takes its default silently; one that is unknown or has a bad value
takes its default with a message naming the key, so a typo never stops the app.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from reader.core.corpus import ARTICLE_SUFFIXES
from reader.core.decoding import clean
from reader.core.paths import config_dir
from reader.core.preferences import load_choice, theme_at_start

CONFIG_NAME = "config.toml"
WIDTH_MIN, WIDTH_MAX = 40, 200
_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = " (at end of document)"
_EXTENSION = re.compile(r"\.?[A-Za-z0-9_+-]{1,16}")


@dataclass(frozen=True, slots=True)
class Settings:
    """The settings in effect."""

    corpus: Path | None = None  # None: the bundled seeds
    theme: str | None = None  # None: the last theme chosen in the app (any folder), or the default
    reading_width: int = 78
    extensions: tuple[str, ...] = ARTICLE_SUFFIXES
    mark_read_on_open: bool = True
    # Binding id -> keys (comma-separated), e.g. ("list.down", "j,down,ctrl+n"): config.toml's
    # [keys] table ([keymap], its older name, too); the ids are listed by `?` in the app.
    # Checked for shape here, for known ids and key names by the app.
    keymap: tuple[tuple[str, str], ...] = ()


KEYS = tuple(f.name for f in fields(Settings))
KEY_TABLES = ("keymap", "keys")  # the names of the keys table: [keys] wins where both are
NAMES = (*[key for key in KEYS if key != "keymap"], *KEY_TABLES)  # what config.toml may set


def settings_file() -> Path:
    """Where config.toml is looked for."""
    return config_dir() / CONFIG_NAME


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings in path (default: the user's config.toml) and a message per problem."""
    path = path if path is not None else settings_file()
    text = ""
    try:
        text = path.read_bytes().decode("utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return Settings(), []
    except tomllib.TOMLDecodeError as exc:
        return Settings(), [_syntax_message(path, exc, text)]
    except UnicodeDecodeError:
        return Settings(), [f"{path}: not UTF-8 text; using the default settings"]
    except RecursionError:
        # tomllib reads nested arrays and inline tables by recursion: [[[[...]]]] deep enough
        # exhausts the stack. The file is named and the defaults are used, like a syntax error.
        return Settings(), [f"{path}: {_TOO_DEEP}; using the default settings"]
    except OSError as exc:
        why = (exc.strerror or type(exc).__name__).lower()
        return Settings(), [f"{path}: cannot be read ({why}); using the default settings"]
    values: dict[str, object] = {}
    messages: list[str] = []
    keymap: dict[str, str] = {}
    for table in KEY_TABLES:  # [keymap] first, so [keys] wins
        if table in data:
            entries, problems = _check_keys(data[table], table)
            keymap.update(entries)
            messages += [f"{path}: {problem}" for problem in problems]
    if keymap:
        values["keymap"] = tuple(keymap.items())
    for key, raw in data.items():
        if key in KEY_TABLES:
            continue
        if key not in KEYS:
            close = difflib.get_close_matches(key, NAMES, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            messages.append(f"{path}: unknown setting {key!r}{hint}; ignored")
            continue
        try:
            value, problem = _CHECKS[key](raw, path)
        except RecursionError:  # a value nested just shallow enough to parse, too deep to show
            value, problem = None, _TOO_DEEP
        if problem is not None:
            default = getattr(Settings(), key)
            messages.append(f"{path}: {key}: {problem}; using the default ({_show(default)})")
            continue
        values[key] = value
    return Settings(**values), messages  # type: ignore[arg-type]


_TOO_DEEP = "arrays or tables nested too deeply to read"


def _syntax_message(path: Path, exc: tomllib.TOMLDecodeError, source: str) -> str:
    """Name the file and the line of a TOML syntax error (3.11's error has no lineno)."""
    text = str(exc)
    lineno = getattr(exc, "lineno", None)
    pos = getattr(exc, "pos", None)  # 3.14 and later; there an error at the end of the file is
    match = _AT_LINE.search(text)  # placed after its last newline, 3.11-3.13 say "(at end…)"
    if match is not None:
        text = text[: match.start()]
        lineno = lineno or int(match.group(1))
    if text.endswith(_AT_END) or (isinstance(pos, int) and pos >= len(source.rstrip())):
        text = text.removesuffix(_AT_END) + " at the end of the file"
        lineno = max(1, len(source.rstrip().splitlines()))  # the last line with text on it
    where = f"{path}, line {lineno}" if lineno else f"{path}"
    return f"{where}: {text[:1].lower()}{text[1:]}; using the default settings"


def _check_corpus(raw: object, path: Path) -> tuple[object, str | None]:
    if not isinstance(raw, str) or not raw.strip():
        return None, f"must be a folder path in quotes (got {_show(raw)})"
    folder = Path(os.path.expanduser(raw.strip()))
    if not folder.is_absolute():  # relative to the config file, not to wherever reader starts
        folder = path.parent / folder
    return folder, None


def _check_theme(raw: object, path: Path) -> tuple[object, str | None]:
    if not isinstance(raw, str) or not raw.strip():
        return None, f"must be a theme name in quotes (got {_show(raw)})"
    return raw.strip(), None


def _check_width(raw: object, path: Path) -> tuple[object, str | None]:
    if isinstance(raw, bool) or not isinstance(raw, int) or not WIDTH_MIN <= raw <= WIDTH_MAX:
        return None, f"must be a whole number from {WIDTH_MIN} to {WIDTH_MAX} (got {_show(raw)})"
    return raw, None


def _check_extensions(raw: object, path: Path) -> tuple[object, str | None]:
    wanted = 'a list such as [".txt", ".md"]'
    if not isinstance(raw, list) or not raw:
        return None, f"must be {wanted} (got {_show(raw)})"
    found: list[str] = []
    for item in raw:
        if not isinstance(item, str) or not _EXTENSION.fullmatch(item.strip()):
            return None, f"must be {wanted}; {_show(item)} is not a file extension"
        suffix = "." + item.strip().lstrip(".").lower()
        if suffix not in found:
            found.append(suffix)
    return tuple(found), None


def _check_bool(raw: object, path: Path) -> tuple[object, str | None]:
    if not isinstance(raw, bool):
        return None, f"must be true or false (got {_show(raw)})"
    return raw, None


_BINDING_ID = re.compile(r"[a-z_]+\.[a-z_]+")
_KEY = re.compile(r"[^\s,]+")  # one key: the app checks that Textual knows its name


def _check_keys(raw: object, table: str) -> tuple[dict[str, str], list[str]]:
    """The [keys] (or [keymap]) table: binding id -> keys, and a message per entry left out
    (that binding keeps its default keys; the others are used)."""
    if not isinstance(raw, dict):
        example = f'[{table}] "list.down" = "j,down"'
        return {}, [f"{table}: must be a table such as {example} (got {_show(raw)}); ignored"]
    found: dict[str, str] = {}
    problems: list[str] = []
    for key, keys in raw.items():
        if not _BINDING_ID.fullmatch(key):
            problems.append(
                f'[{table}] {_show(key)} is not a key binding\'s id (such as "list.down"); ignored'
            )
            continue
        names = [k.strip() for k in keys.split(",")] if isinstance(keys, str) else []
        if not names or not all(_KEY.fullmatch(name) for name in names):
            problems.append(
                f'[{table}] {key}: must be key names such as "j,down,ctrl+n" (got {_show(keys)});'
                " its default keys kept"
            )
            continue
        # A letter's case is a key of its own (G is shift+g); named keys are lowercase.
        found[key] = ",".join(name if len(name) == 1 else name.lower() for name in names)
    return found, problems


_CHECKS = {
    "corpus": _check_corpus,
    "theme": _check_theme,
    "reading_width": _check_width,
    "extensions": _check_extensions,
    "mark_read_on_open": _check_bool,
}


def _show(value: object) -> str:
    """A value as it would be written in TOML, for messages."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | Path):
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "a table"
    return str(value)


def _theme_in_effect(config: str | None) -> str:
    """config.toml's theme, or what is used instead (preferences.py: the later choice wins)."""
    if config is None:
        return "(the last theme chosen in the app, or the default)"
    theme = theme_at_start(config, load_choice())
    if theme != config:
        return (
            f"{config} (not in effect: {theme}, chosen in the app since, is used until it changes)"
        )
    return config


def describe(settings: Settings, path: Path | None = None) -> str:
    """The text `reader --config` prints: the file, whether it exists, each value in effect."""
    path = path if path is not None else settings_file()
    state = "exists" if path.is_file() else "does not exist; defaults in effect"
    lines = [f"config file: {path} ({state})"]
    shown = {
        "corpus": str(settings.corpus) if settings.corpus else "(the bundled sample articles)",
        "theme": _theme_in_effect(settings.theme),
        "reading_width": str(settings.reading_width),
        "extensions": _show(settings.extensions),
        "mark_read_on_open": _show(settings.mark_read_on_open),
        "keys": ", ".join(f"{k} = {_show(v)}" for k, v in settings.keymap) or "(the default keys)",
    }
    width = max(map(len, shown))
    lines += [f"  {key:<{width}} = {value}" for key, value in shown.items()]
    # Values come from a file anyone may have written: no escape sequence reaches the terminal.
    return "\n".join(clean(line) for line in lines)
