"""Where things live: the cache, data and config folders (platformdirs, honouring XDG_*)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "reader"


def cache_dir() -> Path:
    """The user cache folder for reader (indexes, catalog caches, logs)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The user data folder for reader (reading state)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user config folder for reader (config.toml)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def corpus_key(root: Path) -> str:
    """A stable folder name for one corpus: a hash of its absolute path."""
    absolute = os.path.abspath(os.fspath(root))
    digest = hashlib.sha256(os.fsencode(absolute)).hexdigest()[:16]
    name = "".join(c if c.isalnum() else "-" for c in Path(absolute).name)[:32] or "root"
    return f"{name}-{digest}"


def corpus_cache_dir(root: Path) -> Path:
    """The cache folder of one corpus: holds its index and its catalog."""
    return cache_dir() / "corpora" / corpus_key(root)


def write_crash_log(text: str) -> Path | None:
    """Keep the details of an unexpected error in the cache folder; the path, or None."""
    import time

    folder = cache_dir() / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / time.strftime("crash-%Y%m%d-%H%M%S.log")
        path.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return path
