"""The layers import one way: core has no Textual or Whoosh, search has no Textual, and Whoosh
lives only under search/. Checked in a fresh interpreter per module, so nothing imported by an
earlier test can hide a leak."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import reader

PACKAGE = Path(reader.__file__).parent


def _modules(layer: str) -> list[str]:
    found = [f"reader.{layer}"]
    for info in pkgutil.walk_packages([str(PACKAGE / layer)], prefix=f"reader.{layer}."):
        found.append(info.name)
    return sorted(found)


def _loaded_roots(module: str) -> set[str]:
    code = (
        f"import sys, {module}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_every_layer_has_modules() -> None:
    assert len(_modules("core")) > 5
    assert len(_modules("search")) > 1
    assert len(_modules("tui")) > 3


@pytest.mark.parametrize("module", _modules("core"))
def test_core_imports_neither_textual_nor_whoosh(module: str) -> None:
    loaded = _loaded_roots(module)
    assert "textual" not in loaded, f"{module} pulls in Textual"
    assert "whoosh" not in loaded, f"{module} pulls in Whoosh"


@pytest.mark.parametrize("module", _modules("search"))
def test_search_does_not_import_textual(module: str) -> None:
    assert "textual" not in _loaded_roots(module), f"{module} pulls in Textual"


def _imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_whoosh_is_imported_only_under_search() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "search" not in path.relative_to(PACKAGE).parts
        and any(name.split(".")[0] == "whoosh" for name in _imported_names(path))
    ]
    assert offenders == []


def test_textual_is_imported_only_under_tui() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tui" not in path.relative_to(PACKAGE).parts
        and any(name.split(".")[0] == "textual" for name in _imported_names(path))
    ]
    assert offenders == []


def test_the_first_screen_does_without_the_search_service() -> None:
    """The app's import leaves the search service (the index, its writers, the query
    compiler) to the workers that use it: 70 ms less before the list shows."""
    code = "import sys, reader.tui.app; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "reader.search.service" not in loaded
    assert "reader.search.writing" not in loaded
