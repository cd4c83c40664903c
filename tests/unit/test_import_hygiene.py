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


def _loaded(module: str) -> set[str]:
    """Every module loaded by importing module, in a fresh interpreter."""
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


# What the first screen (the list of articles) does without, each imported by the part that
# needs it, when it does: the search service (the index, its writers, the query compiler, Whoosh
# and the analyzer), by the workers that use it (70 ms less before the list shows); the parser
# of saved web pages (selectolax), when a page is read; debris's patterns, when an article is
# parsed; the highlights' export, when highlights are copied. Together 80-200 ms of the warm
# start (-X importtime, 7 Dec 2026).
NOT_AT_START = (
    "reader.search.service",
    "reader.search.writing",
    "reader.search.highlight",
    "reader.search.analysis",
    "whoosh",
    "reader.core.html",
    "selectolax",
    "reader.core.debris",
    "reader.core.highlight_export",
)


def test_the_first_screen_does_without_what_it_does_not_show() -> None:
    loaded = _loaded("reader.tui.app")
    assert [m for m in NOT_AT_START if m in loaded] == []


def test_a_search_from_the_command_line_does_without_highlights() -> None:
    """`reader search` (the command line and the search service) imports neither the
    highlights and their export (only `reader highlights` does) nor the parser of saved web
    pages (only a page read does)."""
    loaded = _loaded("reader.cli, reader.search.service")
    unneeded = (
        "reader.cli_highlights",
        "reader.core.highlight_export",
        "reader.core.anchoring",
        "reader.core.html",
        "selectolax",
    )
    assert [m for m in unneeded if m in loaded] == []


ROOT = PACKAGE.parent  # the checkout: reader/, tests/, bench/


def _module_file(module: str) -> Path | None:
    """The file of a module of the checkout (a package's __init__.py), if it is one."""
    base = ROOT.joinpath(*module.split("."))
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """A module's statements, with those inside its top-level if, try and with blocks (not
    those inside its functions and classes)."""
    found: list[ast.stmt] = []
    for node in body:
        found.append(node)
        if isinstance(node, ast.If | ast.Try | ast.With):
            for block in ("body", "orelse", "finalbody"):
                found += _top_level(getattr(node, block, []))
            for handler in getattr(node, "handlers", []):
                found += _top_level(handler.body)
    return found


def _defined(path: Path) -> set[str]:
    """The names a module defines itself: its functions, classes and assigned names (not the
    names it imports)."""
    names: set[str] = set()
    for node in _top_level(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def _sources() -> list[Path]:
    return sorted(p for d in ("reader", "tests", "bench") for p in (ROOT / d).rglob("*.py"))


def test_each_name_is_imported_from_the_module_that_defines_it() -> None:
    """One way to import each name: `from reader.a import n` only where reader.a defines n (or
    n is a module of the package reader.a), never a name reader.a imported from elsewhere."""
    defined: dict[Path, set[str]] = {}
    wrong = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.module and node.level == 0):
                continue
            if node.module.split(".")[0] != "reader":
                continue
            home = _module_file(node.module)
            assert home is not None, f"{path}: no module {node.module}"
            names = defined.setdefault(home, _defined(home))
            for alias in node.names:
                if alias.name in names or _module_file(f"{node.module}.{alias.name}"):
                    continue
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{alias.name}")
    assert not wrong, "\n".join(wrong)


def test_all_lists_only_names_a_module_defines() -> None:
    """A module's __all__ names what it defines, not names it passes on from another."""
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
            ):
                listed = ast.literal_eval(node.value)
                wrong += [
                    f"{path.relative_to(ROOT)}: {n}" for n in listed if n not in _defined(path)
                ]
    assert not wrong, "\n".join(wrong)
