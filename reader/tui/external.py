"""Leaving the reader for a moment: the article's file in $EDITOR or $PAGER, its title, path or
text on the clipboard (OSC 52, through the terminal), its source link in the web browser."""

from __future__ import annotations

import os
import re
import shlex
import subprocess

from textual.app import App, SuspendNotSupported

from reader.core.article import Article

_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)
_DEFAULT_PROGRAMS = {"EDITOR": "vi", "PAGER": "less"}


def source_link(article: Article) -> str | None:
    """The article's source link: a URL in its text, else its source when that is a domain."""
    for text in (article.markdown or "", *(b.text for b in article.blocks)):
        found = _URL.search(text)
        if found:
            return found.group(0).rstrip(".,;:")
    if article.source and _DOMAIN.fullmatch(article.source):
        return f"https://{article.source}"
    return None


def open_in(app: App[object], path: str, variable: str) -> None:
    """Run the program named by $EDITOR or $PAGER on the file at path, then come back."""
    command = shlex.split(os.environ.get(variable) or _DEFAULT_PROGRAMS.get(variable, "vi"))
    if not command:
        return
    try:
        with app.suspend():
            subprocess.run([*command, path], check=False)
    except (OSError, SuspendNotSupported) as exc:
        app.notify(f"Could not open it in ${variable}: {exc}", severity="error")
    app.refresh()


def copy(app: App[object], article: Article, what: str) -> None:
    """Put the article's title, path or text on the clipboard."""
    text = {
        "title": article.title,
        "path": str(article.path or ""),
        "text": "\n\n".join([article.title, *(b.text for b in article.blocks)]),
    }[what]
    app.copy_to_clipboard(text)
    app.notify(f"Copied the {what}", timeout=1.5)


def open_source(app: App[object], article: Article | None) -> None:
    """Open the article's source link in the browser, or say it has none."""
    url = source_link(article) if article is not None else None
    if url is None:
        app.notify("This article has no source link", severity="warning")
        return
    app.open_url(url)
