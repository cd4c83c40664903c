"""The command line: `reader [PATH]`, `reader search QUERY`, `reader index [PATH]`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.core.article import clean
from reader.core.corpus import scan
from reader.core.resources import seeds_dir
from reader.core.settings import describe, load_settings

EXIT_OK, EXIT_RUNTIME, EXIT_USAGE = 0, 1, 2
SUBCOMMANDS = ("search", "index")


class UsageError(Exception):
    """A mistake in how reader was called (exit status 2)."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() decides the exit status."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def shown_path(path: str) -> str:
    """A path as printable text: bytes that are not UTF-8 and control characters escaped."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _corpus(path: str | None, default: Path | None = None) -> Path:
    root = Path(path).expanduser() if path else (default or seeds_dir())
    if not root.exists():
        raise RuntimeError(f"no such file or folder: {path}")
    return Path(os.path.abspath(root))


def _app_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="reader",
        description="Read and search a folder of articles in the terminal.",
        epilog=(
            "commands:\n"
            "  reader search QUERY [-C PATH] [-n N] [--json]   print ranked hits\n"
            "  reader index [PATH] [--rebuild]                 bring the index up to date\n\n"
            "PATH is a folder (searched recursively for *.txt and *.md) or one file;\n"
            "it defaults to the bundled sample articles."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", nargs="?", help="folder or file to open (default: the samples)")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument(
        "--config", action="store_true", help="print the config file's path and the settings"
    )
    return parser


def _search_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="reader search", description="Print the articles that match.")
    parser.add_argument("query", help='words, "a phrase", title:word, -word, word*, word~')
    parser.add_argument("-C", "--corpus", dest="path", help="folder or file (default: samples)")
    parser.add_argument("-n", "--limit", type=int, default=10, help="how many hits (default 10)")
    parser.add_argument("--json", action="store_true", help="print a JSON array of hits")
    return parser


def _index_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="reader index", description="Bring the search index up to date.")
    parser.add_argument("path", nargs="?", help="folder or file (default: the samples)")
    parser.add_argument("--rebuild", action="store_true", help="throw the index away and rebuild")
    return parser


def _progress_printer(enabled: bool):  # type: ignore[no-untyped-def]
    def show(done: int, total: int) -> None:
        if enabled and total:
            width = 30
            filled = width * done // total
            sys.stderr.write(f"\rindexing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            sys.stderr.flush()

    return show


def _update(root: Path, rebuild: bool, quiet: bool):  # type: ignore[no-untyped-def]
    from reader.search.index import IndexBusyError, SearchIndex

    index = SearchIndex(root)
    tty = sys.stderr.isatty() and not quiet
    try:
        stats = index.update(scan(root), progress=_progress_printer(tty), rebuild=rebuild)
    except IndexBusyError as exc:
        print(f"reader: {exc}; searching what is indexed", file=sys.stderr)
        stats = None
    finally:
        if tty:
            sys.stderr.write("\r\033[K")
    return index, stats


def run_index(argv: Sequence[str]) -> int:
    """`reader index`: update the index and say what changed."""
    args = _index_parser().parse_args(argv)
    root = _corpus(args.path)
    index, stats = _update(root, args.rebuild, quiet=False)
    index.close()
    if stats is None:
        return EXIT_RUNTIME
    if stats.notice:
        print(f"reader: {stats.notice}", file=sys.stderr)
    print(
        f"{stats.total:,} articles indexed: {stats.added:,} added, {stats.updated:,} updated, "
        f"{stats.removed:,} removed"
        + (f", {stats.unreadable:,} unreadable" if stats.unreadable else "")
    )
    return EXIT_OK


def run_search(argv: Sequence[str]) -> int:
    """`reader search`: print ranked hits, as text or JSON."""
    args = _search_parser().parse_args(argv)
    if args.limit < 1:
        raise UsageError("reader search: -n must be at least 1")
    root = _corpus(args.path)
    index, _ = _update(root, False, quiet=True)
    try:
        results = index.search(args.query, limit=args.limit)
    finally:
        index.close()
    if results.suggestion:
        print(f"Did you mean: {results.suggestion}", file=sys.stderr)
    if results.message:
        print(results.message, file=sys.stderr)
    hits = results.hits[: args.limit]
    if args.json:
        rows = [
            {
                "rank": n,
                "path": shown_path(os.path.abspath(hit.path)),
                "title": hit.title,
                "score": round(hit.score, 4),
                "snippet": hit.snippet,
            }
            for n, hit in enumerate(hits, 1)
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for n, hit in enumerate(hits, 1):
        print(f"{n:>3}. {clean(hit.title)}")
        print(f"     {shown_path(hit.path)}")
        snippet = " ".join(clean(hit.snippet).split())
        if snippet:
            print(f"     {snippet}")
    if not hits:
        print("No article matches.", file=sys.stderr)
    return EXIT_OK


def run_app(argv: Sequence[str]) -> int:
    """`reader [PATH]`: open the app."""
    args = _app_parser().parse_args(argv)
    settings, problems = load_settings()
    if args.config:
        print(describe(settings))
        for problem in problems:
            print(f"reader: {problem}", file=sys.stderr)
        return EXIT_OK
    root = _corpus(args.path, settings.corpus)
    from reader.tui.app import ReaderApp

    app = ReaderApp(root, settings=settings, notices=problems)
    app.run()
    return app.return_code or EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reader` command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "search":
            return run_search(argv[1:])
        if argv and argv[0] == "index":
            return run_index(argv[1:])
        return run_app(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        print("Try 'reader --help'.", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except (RuntimeError, OSError) as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return EXIT_RUNTIME
