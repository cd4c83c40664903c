"""What each `reader search` process pays before its answer: no work it does not use."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_the_debris_rules_are_compiled_once_as_one_pattern() -> None:
    """The first article read (a snippet) imports debris.py: its rules were compiled one by
    one and again as one pattern, a quarter of its compiling (only the tests use each alone)."""
    code = textwrap.dedent(
        """
        import re
        compiled = []
        real = re.compile
        def counting(pattern, flags=0):
            compiled.append(pattern)
            return real(pattern, flags)
        re.compile = counting
        from reader.core import debris
        re.compile = real
        alone = [rule for rule in debris.DEBRIS_RULES if rule in compiled]
        print(len(alone), len(debris.DEBRIS_RULES), len(debris.DEBRIS_PATTERNS))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    alone, rules, patterns = map(int, out.stdout.split())
    assert rules > 10 and patterns == rules
    assert alone == 0
