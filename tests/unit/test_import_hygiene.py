"""The domain modules never import Textual: checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

DOMAIN = [
    "reader.article",
    "reader.corpus",
    "reader.index",
    "reader.catalog",
    "reader.config",
    "reader.ordering",
    "reader.query",
    "reader.settings",
    "reader.state",
    "reader.watcher",
]


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
