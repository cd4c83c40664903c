"""`reader PATH`, as the command runs it, noting what long work was doing when the process
ended: the layouts of big articles (did each finish, give up, was its worker cancelled) and
the index updates (did each finish). As the process ends, the notes go to a JSON file.

    python tests/e2e/quit_probe.py PATH NOTES.json

The notes are written by an atexit hook: it runs once the interpreter has waited for every
thread it waits for, so work still running then was not waited for. Before writing, the hook
gives each layout thread a moment to stop, so "given_up" says whether it stops by itself.
"""

from __future__ import annotations

import atexit
import json
import sys
import threading
from typing import Any

from textual.worker import Worker, get_current_worker

from reader import cli
from reader.search.service import SearchIndex
from reader.tui.widgets import article_layout
from reader.tui.widgets.article_view import BACKGROUND_LAYOUT_BYTES

layouts: list[dict[str, Any]] = []
updates: list[dict[str, Any]] = []
threads: list[tuple[threading.Thread, Worker[Any]]] = []

real_build = article_layout.Layout.build.__func__  # type: ignore[attr-defined]
real_update = SearchIndex.update


def build(cls: Any, article: Any, *args: Any, **kwargs: Any) -> Any:
    if article.size <= BACKGROUND_LAYOUT_BYTES:
        return real_build(cls, article, *args, **kwargs)
    note = {"finished": False, "given_up": False}
    layouts.append(note)
    threads.append((threading.current_thread(), get_current_worker()))
    try:
        layout = real_build(cls, article, *args, **kwargs)
    except article_layout.LayoutCancelled:
        note["given_up"] = True
        raise
    note["finished"] = True
    return layout


def update(self: SearchIndex, *args: Any, **kwargs: Any) -> Any:
    note = {"finished": False}
    updates.append(note)
    stats = real_update(self, *args, **kwargs)
    note["finished"] = True
    return stats


def write_notes(path: str) -> None:
    for thread, worker in threads:
        thread.join(timeout=5)
        layouts[threads.index((thread, worker))]["cancelled"] = worker.is_cancelled
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"layouts": layouts, "updates": updates}, fh)


if __name__ == "__main__":
    article_layout.Layout.build = classmethod(build)  # type: ignore[method-assign,assignment]
    SearchIndex.update = update  # type: ignore[method-assign]
    atexit.register(write_notes, sys.argv[2])
    sys.exit(cli.main([sys.argv[1]]))
