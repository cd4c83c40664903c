"""What each `reader search` process pays before its answer: no work it does not use."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

# Code run first in a child process: every pattern re.compile is given goes into `compiled`.
COUNTING_COMPILES = textwrap.dedent(
    """
    import re
    compiled = []
    real = re.compile
    def counting(pattern, flags=0):
        compiled.append(pattern)
        return real(pattern, flags)
    re.compile = counting
    """
)


def test_the_debris_rules_are_compiled_once_as_one_pattern() -> None:
    """The first article read (a snippet) imports debris.py: its rules were compiled one by
    one and again as one pattern, a quarter of its compiling (only the tests use each alone);
    so were the photo credits' rules. The punctuation every rule allows after it is in the
    one pattern once, not once a rule (its class takes re 0.35 ms to compile)."""
    code = COUNTING_COMPILES + textwrap.dedent(
        """
        from reader.core import debris
        re.compile = real
        rules = (*debris.DEBRIS_RULES, *debris.CAPTION_RULES)
        whole = [debris._rule(rule) for rule in debris.DEBRIS_RULES]
        alone = [rule for rule in (*rules, *whole) if rule in compiled]
        trails = sum(p.count(debris._TRAIL) for p in compiled if isinstance(p, str))
        print(len(alone), len(debris.DEBRIS_RULES), len(debris.debris_patterns()), trails)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    alone, rules, patterns, trails = map(int, out.stdout.split())
    assert rules > 10 and patterns == rules
    assert alone == 0
    assert trails == 2  # the one pattern's, and the source line's ("Source: Reuters")


def test_a_search_with_nothing_to_write_imports_no_writer(tmp_path: Path) -> None:
    """The writer (multiprocessing, ctypes, the segment writer: 16 ms) only when an update
    writes: a `reader search` on an index up to date does without it."""
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Title\n\nOtters.\n")
    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from reader.core.corpus import scan
        from reader.search.service import SearchIndex
        root, where = Path(sys.argv[1]), Path(sys.argv[2])
        ix = SearchIndex(root, where, procs=1)
        first = "reader.search.writing" in sys.modules
        ix.update(scan(root))
        built = "reader.search.writing" in sys.modules
        sys.modules.pop("reader.search.writing")
        ix.close()
        ix = SearchIndex(root, where, procs=1)
        ix.update(scan(root))
        ix.search("otters")
        print(first, built, "reader.search.writing" in sys.modules)
        """
    )
    args = [sys.executable, "-c", code, str(root), str(tmp_path / "ix")]
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "False"]


def test_reader_search_reads_no_settings(tmp_path: Path) -> None:
    """The settings (a TOML parser, 9-16 ms of imports) are the app's: `reader search` takes
    its folder from the command line."""
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Title\n\nOtters.\n")
    code = textwrap.dedent(
        """
        import sys
        from reader.cli import main
        status = main(["search", "otters", "-C", sys.argv[1]])
        print(status, sorted(m for m in sys.modules if m in ("reader.core.settings", "tomllib")))
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update({f"XDG_{d}_HOME": str(tmp_path / d) for d in ("CACHE", "DATA", "STATE", "CONFIG")})
    out = subprocess.run(
        [sys.executable, "-c", code, str(root)], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.splitlines()[-1] == "0 []"


def test_reader_search_imports_only_what_it_uses(tmp_path: Path) -> None:
    """A `reader search` of a folder given, that logs nothing and prints text, on an index up
    to date: no log file handler (logging.handlers and its socket, 10 ms), no catalog of the
    list, no bundled samples (importlib.resources), no JSON writer."""
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Title\n\nOtters.\n")
    code = textwrap.dedent(
        """
        import sys
        from reader.cli import main
        status = main(["search", "otters", "-C", sys.argv[1]])
        unused = (
            "logging.handlers",
            "socket",
            "reader.core.catalog",
            "reader.core.resources",
            "importlib.resources",
            "reader.core.showing",
        )
        print(status, sorted(m for m in sys.modules if m in unused))
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update({f"XDG_{d}_HOME": str(tmp_path / d) for d in ("CACHE", "DATA", "STATE", "CONFIG")})
    for _ in ("the index built", "the index up to date"):
        out = subprocess.run(
            [sys.executable, "-c", code, str(root)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
    assert out.stdout.splitlines()[-1] == "0 []"


def test_the_credit_line_and_byline_patterns_wait_for_a_by() -> None:
    """A line of contributors and a byline each have "by" between spaces: their patterns
    (6 ms to compile) are compiled at the first block that has it, not at every article read."""
    code = COUNTING_COMPILES + textwrap.dedent(
        """
        from reader.core import debris
        from reader.core.article import parse_text
        credit = getattr(debris.CREDIT_LINE, "pattern", debris.CREDIT_LINE)
        byline = getattr(debris.BYLINE, "pattern", debris.BYLINE)
        prose = "A paragraph of prose that reads as one, with a verb and an end.\\n\\n"
        parse_text("Title\\n\\n" + prose + "Source link\\n\\nStandby mode\\n")
        before = [credit in compiled, byline in compiled]
        a = parse_text("Title\\n\\nBy Jane Roe\\n\\n" + prose + "Reporting by John Doe\\n")
        print(*before, credit in compiled, byline in compiled)
        print(a.byline, "|", " ".join(block.text for block in a.blocks))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found, shown = out.stdout.splitlines()
    assert found.split() == ["False", "False", "True", "True"]
    assert shown == "Jane Roe | A paragraph of prose that reads as one, with a verb and an end."
