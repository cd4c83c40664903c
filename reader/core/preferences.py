"""What the app remembers for every folder alike: the last theme chosen.

One small text file in the user data folder: the theme's name, then the `theme =` of
config.toml in effect when it was chosen. The later of the two decisions wins at the next start:
a theme chosen in the app is kept over config.toml's until that line changes (`theme_at_start`).
What belongs to one folder (marks, the last article, the order) is in that folder's reading
state (state.py); older versions kept the theme there too, and the app still reads it once from
there when this file does not exist yet.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reader.core.paths import data_dir

_THEME_NAME = re.compile(r"[\w.+-]{1,100}")
_OVER = "over config: "  # the second line's label


@dataclass(frozen=True, slots=True)
class ThemeChoice:
    """The theme last chosen, and config.toml's theme when it was chosen (None: none set)."""

    name: str
    config: str | None = None


def theme_at_start(config: str | None, choice: ThemeChoice | None) -> str | None:
    """The theme to start with: the one last chosen in the app, unless config.toml names a
    theme it was not chosen over (set or changed since): then config.toml's. None: the default."""
    if config is None or (choice is not None and choice.config == config):
        return choice.name if choice is not None else None
    return config


def theme_file() -> Path:
    """Where the last theme chosen is kept."""
    return data_dir() / "theme"


def load_choice(path: Path | None = None) -> ThemeChoice | None:
    """The theme last chosen in the app; None when none was (or the file cannot be read)."""
    try:
        lines = (path or theme_file()).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    name = lines[0].strip() if lines else ""
    if not _THEME_NAME.fullmatch(name):
        return None
    over = lines[1].strip() if len(lines) > 1 else ""  # none: a file of an older version
    config = over.removeprefix(_OVER) if over.startswith(_OVER) else None
    return ThemeChoice(name, config if config and _THEME_NAME.fullmatch(config) else None)


def load_theme(path: Path | None = None) -> str | None:
    """The name of the theme last chosen in the app, or None."""
    choice = load_choice(path)
    return choice.name if choice is not None else None


def save_theme(name: str, path: Path | None = None, *, config: str | None = None) -> str | None:
    """Remember name as the theme last chosen, over config.toml's theme config; None, or why
    it could not be saved."""
    path = path or theme_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".theme-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(name + "\n" + (f"{_OVER}{config}\n" if config else ""))
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        return f"The theme could not be saved to {path} ({exc.strerror or exc})"
    return None
