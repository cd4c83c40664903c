"""The `reader` command's first step, installed as the top-level module `reader_tui`
(pyproject.toml maps it out of reader/), so that it runs before any file of reader/ is imported.

This app is distributed as `reader-tui`; its import package is `reader`, which the feed-reader
library on the package index (distributed as `reader`) owns too. Two distributions sharing one
folder overwrite each other's files (that library's reader/__init__.py then fails on reader's
reader/core/ before reader's code runs), and uninstalling one deletes files of the other, with
no word from pip. So, before importing anything of reader, the other one is named in a line on
stderr, found by a cheap scan of the folders on sys.path for its `*.dist-info` (importlib.metadata
would cost a start 0.1-0.5 s); and reader failing to import is said in a line, not a traceback.

It imports only the standard library: it must not depend on files another package may own.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass

DISTRIBUTION = "reader-tui"
IMPORT_PACKAGE = "reader"

# A wheel's metadata folder: `{name}-{version}.dist-info`, the name normalised (PEP 503, PEP
# 427: runs of -_. as one _ in the folder name, any case); eggs' `.egg-info` alike.
_METADATA_DIR = re.compile(r"^(?P<name>[A-Za-z0-9._-]+?)-(?P<version>[^-]+?)\.(dist|egg)-info$")


@dataclass(frozen=True)
class OtherDistribution:
    """Another installed distribution that owns `reader/`."""

    name: str
    version: str
    where: str  # the folder it is installed in


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _owns_reader(metadata_dir: str) -> bool:
    """Whether the distribution whose metadata is in this folder installs `reader/`: its
    top_level.txt says so, or (with no such file) its RECORD lists a file under reader/."""
    try:
        with open(os.path.join(metadata_dir, "top_level.txt"), encoding="utf-8") as top:
            return IMPORT_PACKAGE in top.read().split()
    except OSError:
        pass
    try:
        with open(os.path.join(metadata_dir, "RECORD"), encoding="utf-8") as record:
            return any(line.startswith(f"{IMPORT_PACKAGE}/") for line in record)
    except (OSError, UnicodeDecodeError):
        return False


def other_distributions(folders: Iterable[str] | None = None) -> list[OtherDistribution]:
    """The installed distributions other than reader-tui that own `reader/`, in the folders
    of sys.path (or those given). Only distributions named like it are looked into (`reader`,
    `reader-…`), so the scan reads a directory listing per folder and a file or two."""
    found: list[OtherDistribution] = []
    for folder in sys.path if folders is None else folders:
        try:
            names = os.listdir(folder or ".")
        except OSError:  # not a folder (a zip), gone, not readable
            continue
        for entry in names:
            match = _METADATA_DIR.match(entry)
            if match is None:
                continue
            name = _normalised(match["name"])
            if name == DISTRIBUTION or not name.startswith(IMPORT_PACKAGE):
                continue
            if _owns_reader(os.path.join(folder or ".", entry)):
                found.append(OtherDistribution(match["name"], match["version"], folder))
    return found


def clash_line(folders: Iterable[str] | None = None) -> str | None:
    """One line for stderr when another distribution owns `reader/` too, else None."""
    others = other_distributions(folders)
    if not others:
        return None
    other = others[0]
    return (
        f"reader: warning: the package {other.name} {other.version} is installed in the same "
        f"environment ({other.where}) and also owns the Python package 'reader', so the two "
        f"overwrite each other's files. Install this app on its own: pipx install {DISTRIBUTION}"
    )


def main() -> int:
    """Entry point of the `reader` command: the clash said first, then reader's own main."""
    clash = clash_line()
    if clash is not None:
        print(clash, file=sys.stderr)
    try:
        from reader.cli import main as reader_main
    except Exception as exc:  # reader's files overwritten or deleted by another package
        print(
            f"reader: cannot start: its files could not be imported ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''}); reinstall it on its own: "
            f"pipx install --force {DISTRIBUTION}",
            file=sys.stderr,
        )
        return 1
    return reader_main()


if __name__ == "__main__":  # python -m reader_tui
    raise SystemExit(main())
