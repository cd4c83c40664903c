"""Leaving the reader for a moment: the article's file in $PAGER, or in $VISUAL or $EDITOR at
the line being read; its title, path or text on the clipboard (OSC 52, through the terminal);
its source link in the web browser."""

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

NO_EDITOR = "No editor: set $VISUAL or $EDITOR (for example, export EDITOR=nano)"
# Editors that open a file at a line given as "+LINE" before it (each one's manual says so):
# vi and vim ("+[num]"), nvim, nano ("+LINE[,COLUMN]"), emacs and emacsclient ("+LINE[:COLUMN]"),
# micro ("+LINE[:COL]", since 2.0; "FILE:LINE" only with its parsecursor option).
PLUS_LINE = frozenset(
    {"vi", "vim", "nvim", "view", "vim.basic", "vim.tiny", "vim.nox", "vim.gtk3", "nano"}
    | {"emacs", "emacsclient", "micro"}
)
# Editors that take "FILE:LINE": helix ("file[:row[:col]]"), named hx or helix.
FILE_COLON_LINE = frozenset({"hx", "helix"})


def editor() -> list[str] | None:
    """The user's editor, as a command's words: $VISUAL, else $EDITOR; None when neither is
    set (or can be read as a command)."""
    for variable in ("VISUAL", "EDITOR"):
        try:
            words = shlex.split(os.environ.get(variable, ""))
        except ValueError:  # an unbalanced quote
            continue
        if words:
            return words
    return None


def editor_argv(words: list[str], path: str, line: int | None) -> list[str]:
    """The command that opens the file at path in the editor (words), at line when the editor
    is one that can be told a line: `+LINE FILE`, or `FILE:LINE` for helix. Never a shell
    string; the path is absolute, so a file named "-x" is never taken for an option."""
    path = os.path.abspath(path)
    name = os.path.basename(words[0])
    if line is None or line < 1:
        return [*words, path]
    if name in PLUS_LINE:
        return [*words, f"+{line}", path]
    if name in FILE_COLON_LINE:
        return [*words, f"{path}:{line}"]
    return [*words, path]


def edit(app: App[object], words: list[str], path: str, line: int | None) -> str | None:
    """Open the file at path in the editor (at line), the reader stepped aside until the
    editor ends; what went wrong, if anything, for the status line."""
    return run_outside(app, editor_argv(words, path, line))


def run_outside(app: App[object], argv: list[str]) -> str | None:
    """Run a program in the terminal, the reader stepped aside until it ends; what went wrong,
    if anything ("Can't run 'nano': not found"), for the status line.

    The program is started inside the suspension and any failure to start it is caught there:
    Textual's App.suspend() resumes only when its block ends normally, and an editor that
    could not start left the terminal out of full-screen mode with the app deaf for good."""
    problem: str | None = None
    try:
        with app.suspend():
            try:
                subprocess.run(argv, check=False)
            except OSError as exc:  # not found, not executable, a directory
                problem = f"Can't run '{argv[0]}': {_why(exc)}"
    except SuspendNotSupported:
        problem = f"Can't run '{argv[0]}' here: this terminal can't be handed over"
    finally:
        app.refresh()
    return problem


def _why(exc: OSError) -> str:
    """Why a program could not start, in a few words."""
    if isinstance(exc, FileNotFoundError):
        return "not found"
    return (exc.strerror or type(exc).__name__).lower()


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
    """Run the program named by $EDITOR or $PAGER on the file at path, then come back; what
    went wrong is said in a notification."""
    value = os.environ.get(variable) or _DEFAULT_PROGRAMS.get(variable, "vi")
    try:
        command = shlex.split(value)
    except ValueError as exc:  # an unbalanced quote
        problem: str | None = f"Can't read ${variable} as a command: {exc}"
    else:
        problem = run_outside(app, [*command, path]) if command else None
    if problem:
        app.notify(problem, severity="error", markup=False)


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
