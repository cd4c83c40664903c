"""`reader highlights [PATH] [--json]`: the highlights and notes kept in the app, as Markdown
(grouped by article) or JSON (cli.py parses the arguments)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from reader.core.highlight_export import gather, json_rows, markdown
from reader.core.highlight_store import Highlight
from reader.core.highlights import Highlights
from reader.core.state import state_file

EXIT_OK, EXIT_RUNTIME = 0, 1


def _kept(root: Path) -> tuple[dict[str, list[Highlight]], str | None]:
    """The highlights by article of the folder (or file) the app was opened on; an article
    file inside a folder has its highlights in that folder's state: the nearest holding any."""
    for folder in (root, *root.parents):
        path = state_file(folder)
        if not path.is_file():
            continue
        store = Highlights(path, read_only=True)
        every = (
            store.every() if folder == root else [h for h in store.every() if h.path == str(root)]
        )
        store.close()
        if every or store.error or folder == root:
            by_path: dict[str, list[Highlight]] = {}
            for highlight in every:
                by_path.setdefault(highlight.path, []).append(highlight)
            return by_path, store.error
        if root.is_dir():
            break
    return {}, None


def run_highlights(as_json: bool, root: Path, json_text: Callable[[object], str]) -> int:
    """Print the highlights of root (a folder or one article), as JSON (json_text makes it)
    or Markdown; the exit status: 0, or 1 when they cannot be read (said in one line)."""
    by_path, error = _kept(root)
    if error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_RUNTIME
    groups = gather(by_path)
    if as_json:
        print(json_text(json_rows(groups)))
        return EXIT_OK
    text = markdown(groups)
    if text:
        print(text, end="")
    else:
        print("No highlights yet.", file=sys.stderr)
    return EXIT_OK
