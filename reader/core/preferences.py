"""What the app remembers for every folder alike: the last theme chosen.

One small text file in the user data folder. What belongs to one folder (marks, the last
article, the order) is in that folder's reading state (state.py); older versions kept the theme
there too, and the app still reads it once from there when this file does not exist yet.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from reader.core.paths import data_dir

_THEME_NAME = re.compile(r"[\w.+-]{1,100}")


def theme_file() -> Path:
    """Where the last theme chosen is kept."""
    return data_dir() / "theme"


def load_theme(path: Path | None = None) -> str | None:
    """The theme last chosen in the app; None when none was (or the file cannot be read)."""
    try:
        name = (path or theme_file()).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return name if _THEME_NAME.fullmatch(name) else None


def save_theme(name: str, path: Path | None = None) -> str | None:
    """Remember name as the theme last chosen; None, or why it could not be saved."""
    path = path or theme_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".theme-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(name + "\n")
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        return f"The theme could not be saved to {path} ({exc.strerror or exc})"
    return None
