"""The command line: `reader [PATH]`, `reader search QUERY`, `reader index [PATH]`."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from reader.core import installed, logs
from reader.core.corpus import ARTICLE_SUFFIXES, big_index_note, folder_problem, scan
from reader.core.decoding import clean
from reader.core.paths import json_path, shown_path
from reader.search.errors import QueryError  # (no Whoosh)

if TYPE_CHECKING:
    from reader.search.parsed import ParsedQuery
    from reader.search.results import SearchResults, UpdateStats
    from reader.search.service import SearchIndex

EXIT_OK, EXIT_RUNTIME, EXIT_USAGE = 0, 1, 2
USAGE = """reader [PATH] [--config]
       reader search QUERY [-C PATH] [-n N] [--json]
       reader index [PATH] [--rebuild]
       reader show FILE [--json]
       reader highlights [PATH] [--json]
       reader --version | --help
       (each takes --debug: log more detail)"""

log = logging.getLogger(__name__)


class UsageError(Exception):
    """A mistake in how reader was called (exit status 2)."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() decides the exit status."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if not isinstance(action, CommandOrPath):  # there, a word not a command is a PATH
            super()._check_value(action, value)


class CommandOrPath(argparse._SubParsersAction):  # type: ignore[type-arg]
    """The subcommands, where any other word is the PATH of `reader [PATH]` (the app)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        assert isinstance(values, list)
        if values[0] in self._name_parser_map:
            super().__call__(parser, namespace, values, option_string)
        elif namespace.path is not None:
            parser.error(f"unrecognized arguments: {' '.join(values)}")
        else:
            namespace.path = values[0]
            parser.parse_args(values[1:], namespace)  # what follows PATH: the app's options


def plural(n: int, noun: str) -> str:
    """'1 article', '3,987 articles'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _corpus(
    path: str | None, default: Path | None = None, extensions: Sequence[str] = ARTICLE_SUFFIXES
) -> Path:
    """The folder or article file to open, or a one-line reason it cannot be."""
    if path:
        root = Path(path).expanduser()
    elif default is not None:
        root = default
    else:
        from reader.core.resources import seeds_dir  # (importlib.resources: not with -C)

        root = seeds_dir()
    if not root.exists():
        raise RuntimeError(f"no such file or folder: {shown_path(str(root))}")
    if not root.is_dir() and root.suffix.lower() not in extensions:
        kinds = ", ".join(extensions)
        raise RuntimeError(
            f"{shown_path(str(root))} is neither a folder nor an article ({kinds} file)"
        )
    return Path(os.path.abspath(root))


def _at_least_one(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="reader",
        usage=USAGE,
        description="Read and search a folder of articles in the terminal.",
        epilog="PATH is a folder (searched for *.txt, *.md, *.html, *.htm) or one file;\n"
        "it defaults to the bundled sample articles.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run_app, path=None)
    parser.add_argument("--version", action="version", version=f"reader {installed.VERSION}")
    parser.add_argument(
        "--config", action="store_true", help="print the config file's path and the settings"
    )
    commands = parser.add_subparsers(
        action=CommandOrPath, title="commands", metavar="PATH | COMMAND", prog="reader"
    )
    search = commands.add_parser(
        "search", help="print ranked hits", description="Print the articles that match."
    )
    search.set_defaults(run=run_search)
    search.add_argument("query", help='words, "a phrase", title:word, -word, word*, word~')
    search.add_argument("-C", "--corpus", dest="path", help="folder or file (default: samples)")
    search.add_argument(
        "-n", "--limit", type=_at_least_one, default=10, help="how many hits (default 10)"
    )
    search.add_argument("--json", action="store_true", help="print a JSON array of hits")
    index = commands.add_parser(
        "index",
        help="bring the search index up to date",
        description="Bring the search index up to date.",
    )
    index.set_defaults(run=run_index)
    index.add_argument("path", nargs="?", help="folder or file (default: the samples)")
    index.add_argument("--rebuild", action="store_true", help="throw the index away and rebuild")
    show = commands.add_parser("show", help="print one article as reader reads it")
    show.set_defaults(run=run_show)
    show.add_argument("file", help="an article file: .txt, .md, .html or any other")
    show.add_argument("--json", action="store_true", help="print title, byline, ..., text")
    marked = commands.add_parser(
        "highlights",
        help="print the highlights and notes as Markdown",
        description="Print the highlights and notes, grouped by article, as Markdown.",
    )
    marked.set_defaults(run=run_marked)
    marked.add_argument("path", nargs="?", help="folder or article (default: the samples)")
    marked.add_argument("--json", action="store_true", help="print JSON instead")
    for each in (parser, search, index, show, marked):  # SUPPRESS: `reader --debug x` is kept
        debug = f"log more detail (as {logs.LOG_ENV}=debug does) to {logs.LOG_NAME}"
        each.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug)
    return parser


@contextmanager
def _progress_bar(shown: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawing a bar on stderr once there is work, or None."""
    if not shown:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("indexing"), BarColumn(), MofNCompleteColumn())
    bar = Progress(*columns, console=Console(stderr=True), transient=True)
    task = bar.add_task("indexing")

    def show(done: int, total: int) -> None:
        if total:
            bar.start()  # once: a started bar ignores it
            bar.update(task, completed=done, total=total)

    try:
        yield show
    finally:
        bar.stop()


# What each command does when another process holds the index's write lock.
BUSY_INDEX = "run it again once that one is done"
BUSY_SEARCH = "searching what is indexed so far"


def _update(
    root: Path, rebuild: bool, quiet: bool, busy: str = BUSY_SEARCH
) -> tuple[SearchIndex, UpdateStats | None]:
    from reader.search.errors import IndexBusyError
    from reader.search.service import SearchIndex

    problem = folder_problem(root)
    if problem is not None:
        raise RuntimeError(f"cannot read {shown_path(str(root))} ({problem}); the index is kept")
    index = SearchIndex(root)
    try:
        with _progress_bar(sys.stderr.isatty() and not quiet) as bar:
            warned = False

            def progress(done: int, total: int) -> None:
                nonlocal warned
                note = None if warned else big_index_note(total)
                if note is not None:  # before minutes of work, even with no bar (search)
                    print(f"reader: {note}", file=sys.stderr)
                warned = True
                if bar is not None:
                    bar(done, total)

            files = scan(root)
            # `reader index` keeps the list's summaries too (a start after it reads no file)
            catalog = None
            if not quiet:
                from reader.core.catalog import catalog_of

                catalog = catalog_of(root)
            learn = catalog.learn if catalog is not None else None
            stats = index.update(files, progress=progress, rebuild=rebuild, summarised=learn)
            if catalog is not None:  # (and those the index did not read: whole, or at all)
                catalog.summaries(files)
    except IndexBusyError as exc:
        print(f"reader: {str(exc).lower()}; {busy}", file=sys.stderr)
        stats = None
    except BaseException:  # e.g. FolderEmptiedError, said by main() in one line
        index.close()
        raise
    return index, stats


def run_index(args: argparse.Namespace) -> int:
    """`reader index`: update the index and say what changed."""
    index, stats = _update(_corpus(args.path), args.rebuild, quiet=False, busy=BUSY_INDEX)
    index.close()
    if stats is None:
        return EXIT_RUNTIME
    if stats.notice:
        print(f"reader: {stats.notice}", file=sys.stderr)
    print(
        f"{plural(stats.total, 'article')} indexed: {stats.added:,} added, "
        f"{stats.updated:,} updated, {stats.removed:,} removed"
        + (f", {stats.unreadable:,} unreadable" if stats.unreadable else "")
    )
    return EXIT_OK


def run_search(args: argparse.Namespace) -> int:
    """`reader search`: print ranked hits, as text or JSON."""
    if not any(c.isalnum() for c in args.query):
        raise UsageError("reader search: QUERY has no word to search for")
    from reader.search.parsed import parse_query

    query = parse_query(args.query)
    if query.tagged:
        results = _tagged_search(args, query)
    else:
        index, _ = _update(_corpus(args.path), False, quiet=True)
        try:
            results = index.search(query, limit=args.limit)
        finally:
            index.close()
    if results.suggestion:
        print(f"Did you mean: {results.suggestion}", file=sys.stderr)
    if results.message:
        # Partial only when a prefix or a fuzzy word matched more words than are searched (the
        # CLI's searches have no time limit); --json marks every hit "partial" then.
        note = f"Partial results: {results.message}" if results.partial else results.message
        print(note, file=sys.stderr)
    if results.error is not None and not isinstance(results.error, QueryError):
        return EXIT_RUNTIME  # the index could not be read, or a mistake of reader's: said above
    hits = results.hits[: args.limit]
    if args.json:
        rows = [
            {
                "rank": n,
                **json_path(hit.path),
                "title": hit.title,
                "score": round(hit.score, 4),
                "snippet": hit.snippet,
                "partial": results.partial,
            }
            for n, hit in enumerate(hits, 1)
        ]
        from reader.core.showing import json_text  # (the article reader: not for text output)

        print(json_text(rows))
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


def run_show(args: argparse.Namespace) -> int:
    """`reader show FILE`: one article as the app reads it, as text or JSON."""
    from reader.core.showing import as_text, json_text, read_for_show

    found = read_for_show(Path(args.file))
    print(json_text(found) if args.json else as_text(found))
    return EXIT_OK


def run_marked(args: argparse.Namespace) -> int:
    """`reader highlights [PATH]`: the folder's highlights and notes (its modules, the
    anchoring and the article reader, are imported here, not at every start of the command)."""
    from reader.cli_highlights import run_highlights
    from reader.core.showing import json_text

    return run_highlights(args.json, _corpus(args.path), json_text)


def _tagged_search(args: argparse.Namespace, query: ParsedQuery) -> SearchResults:
    """A search with `tag:` words: kept to the articles with those tags (the app's tags, in
    the folder's reading state, read only); with no word but the tags, those articles, newest
    first."""
    from functools import cache

    from reader.core.article import ArticleSummary, read_summary
    from reader.core.highlights import Highlights, WithHighlights
    from reader.core.state import state_file
    from reader.core.tags import Tags
    from reader.search.results import SearchHit, SearchResults
    from reader.search.tagged import kept_by_tags, search_within

    if not query.has_words and not query.include:
        raise UsageError("reader search: -tag: only excludes; add a word or a tag:NAME")
    root = _corpus(args.path)
    read = Tags(state_file(root), read_only=True)
    highlights = Highlights(state_file(root), read_only=True)
    for error in {read.error, highlights.error} - {None}:
        print(f"reader: {error}", file=sys.stderr)
    tags = WithHighlights(read, highlights)
    files = {stat.path: stat for stat in scan(root)}
    if query.has_words:  # the index ranks the articles kept: no file is read to order them
        within = kept_by_tags(query, tags, files.keys()) or ()
        index, _ = _update(root, False, quiet=True)
        try:
            return search_within(index, query, within, limit=args.limit)
        finally:
            index.close()

    @cache
    def summary(path: str) -> ArticleSummary:
        stat = files[path]
        return read_summary(path, stat.size, stat.mtime)

    found = kept_by_tags(query, tags, files.keys(), lambda path: summary(path).date) or ()
    hits = tuple(
        SearchHit(
            path=s.path, title=s.title, score=0.0, source=s.source, date=s.date, all_words=True
        )
        for s in map(summary, found[: args.limit])
    )
    return SearchResults(
        query=args.query, hits=hits, total=len(found), all_words_total=len(found), message=None
    )


def run_app(args: argparse.Namespace) -> int:
    """`reader [PATH]`: open the app (or with --config, print the settings)."""
    from reader.core.settings import describe, load_settings  # (not for `reader search`)

    settings, problems = load_settings()
    if args.config:
        print(describe(settings))
        print(f"log: {logs.log_path()}")
        from reader.tui.key_docs import keys_in_effect

        print(keys_in_effect(settings, problems))
        for problem in problems:
            print(f"reader: {clean(problem)}", file=sys.stderr)
        return EXIT_OK
    root = _corpus(args.path, settings.corpus, settings.extensions)
    no_terminal = _terminal_problem()
    if no_terminal is not None:
        raise UsageError(f"reader: {no_terminal}; `reader search` works without one")
    from reader.tui.app import ReaderApp

    app = ReaderApp(root, settings=settings, notices=problems)
    app.run()
    return app.return_code or EXIT_OK


def _terminal_problem() -> str | None:
    """Why the app cannot run here (it draws on a terminal and reads keys from one), or None."""
    if not sys.stdin.isatty():
        return "the app needs a terminal, and standard input is not one"
    if not sys.stdout.isatty():
        return "the app needs a terminal, and standard output is not one"
    if os.environ.get("TERM", "") == "dumb":
        return "the app cannot draw on a terminal with TERM=dumb"
    return None


def _tolerant_output() -> None:
    """Text the output encoding cannot hold (PYTHONIOENCODING=latin-1) is replaced, not fatal."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):  # a stream closed or detached
                reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reader` command; returns the exit status."""
    _tolerant_output()
    try:
        args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
        logs.configure("debug" if getattr(args, "debug", False) else None)
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        print("Try 'reader --help'.", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `reader search ... | head -1`: the reader of the output is done, a normal end.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (RecursionError, NotImplementedError) as exc:  # RuntimeErrors, yet mistakes
        return _unexpected(exc)
    except (RuntimeError, OSError) as exc:  # a problem said in one line (a folder, a disk)
        log.info("reader stopped: %s", exc, exc_info=True)
        print(f"reader: {exc}", file=sys.stderr)
        return EXIT_RUNTIME
    except Exception as exc:
        return _unexpected(exc)


def _unexpected(exc: Exception) -> int:
    """A mistake of reader's: its traceback to the log (to stderr when it cannot be kept
    there), one line to the terminal."""
    line = logs.crashed(log, exc)
    if logs.where() is None:
        traceback.print_exception(exc)
    print(line, file=sys.stderr)
    return EXIT_RUNTIME
