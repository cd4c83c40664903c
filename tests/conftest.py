"""Shared fixtures: every test gets its own XDG folders, so no test touches a real home."""

from __future__ import annotations

import gc
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.core import logs

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED = SEEDS / "000_8e15eb84c1c1c791.txt"
# The shared corpora beside the repository (CI has them, a user's clone does not: tests that
# need them skip); READER_SHARED names another place, e.g. from a git worktree.
SHARED = Path(os.environ.get("READER_SHARED") or REPO.parent / "shared")
SEED_TITLE = "Biden authorized Ukraine to strike Russia with U.S.-supplied long-range missiles"


@pytest.fixture(autouse=True)
def xdg_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the cache, data, config and state (the log) folders at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        folder = home / name.split("_")[1].lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv(logs.LOG_ENV, raising=False)  # the user's log level is not the tests'
    return home


@pytest.fixture(autouse=True)
def unlogged() -> Iterator[None]:
    """A test that configured the log (through cli.main) leaves none behind for the next."""
    yield
    logs.reset()


@pytest.fixture(autouse=True)
def collectable() -> Iterator[None]:
    """What an app froze as long-lived (core/long_lived.py) lives as long as its test: the
    tests' apps, one after another in one process, would otherwise never be collected."""
    yield
    gc.unfreeze()


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """A folder holding a copy of the seed article."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


def write_article(folder: Path, name: str, title: str, *paragraphs: str, source: str = "") -> Path:
    """Write an article file in the seed's shape."""
    body = "\n\n".join(paragraphs)
    trailer = (
        f"\n\nThis article was originally published on {source}\n\nSource link" if source else ""
    )
    path = folder / name
    path.write_text(f"{title}\n\n{body}{trailer}\n", encoding="utf-8")
    return path


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """A handful of articles with known words, titles and sources."""
    folder = tmp_path / "small"
    folder.mkdir()
    write_article(
        folder,
        "a_ukraine.txt",
        "Ukraine receives long-range missiles",
        "Officials in Kyiv welcomed the missiles on Monday.",
        "The weapons will be used against targets near the border.",
        source="Example News",
    )
    write_article(
        folder,
        "b_weather.txt",
        "Storms sweep across the plains",
        "Heavy rain and strong winds struck farms across the region.",
        "Forecasters expect the storms to continue for days.",
    )
    write_article(
        folder,
        "c_markets.txt",
        "Markets rally as inflation cools",
        "Stocks rose sharply after the report on inflation.",
        "Traders said the missiles story in Ukraine barely moved prices.",
    )
    shutil.copy(SEED, folder / SEED.name)
    return folder


def dated_articles(folder: Path, count: int) -> Path:
    """Articles whose stated dates order them otherwise than their names and file times do:
    the first, quick list (by file time) and the full one (by stated date) differ."""
    folder.mkdir()
    for n in range(count):
        day, year = n % 28 + 1, 2000 + (n * 7) % 20
        path = write_article(
            folder, f"s{n:03}.txt", f"Story {n:03}", f"Published January {day}, {year}", "Text."
        )
        os.utime(path, (1_700_000_000 + n * 60, 1_700_000_000 + n * 60))
    return folder


def save_problems_of(store: Any) -> tuple[list[str | None], threading.Event]:
    """What a store (marks, tags, searches) tells its listener of saving, and an event set once
    it says saving works again."""
    told: list[str | None] = []
    cleared = threading.Event()

    def listener(problem: str | None) -> None:
        told.append(problem)
        if problem is None:
            cleared.set()

    store.on_save_problem = listener
    return told, cleared
