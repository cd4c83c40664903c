"""Each test module stands alone: what tests share lives in conftest.py or a helpers module
(tests/conftest.py, tests/ui/conftest.py, tests/long_pep.py, ...), never in another test module,
whose import runs that module a second time and ties two tests' files together."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every module a file imports, wherever the import stands."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            found.append((node.lineno, base))
            # `from tests.ui import test_palette` names a module, not a name in one
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def is_test_module(dotted: str) -> bool:
    return dotted.rpartition(".")[2].startswith("test_")


def test_no_test_module_imports_another() -> None:
    offenders = [
        f"{path.relative_to(TESTS)}:{line} imports {name}"
        for path in sorted(TESTS.rglob("test_*.py"))
        for line, name in imported_modules(path)
        if is_test_module(name)
    ]
    assert offenders == []


def test_the_check_sees_each_form_of_import(tmp_path: Path) -> None:
    module = tmp_path / "test_example.py"
    module.write_text(
        "from tests.ui.test_palette import run_command\n"
        "from tests.ui import test_palette\n"
        "from .test_index import write_corpus\n"
        "def later():\n"
        "    import tests.unit.test_index\n"
        "from tests.ui.conftest import settle\n"
        "import tests.long_pep\n"
    )
    seen = [name for _, name in imported_modules(module) if is_test_module(name)]
    assert seen == [
        "tests.ui.test_palette",
        "tests.ui.test_palette",
        ".test_index",
        "tests.unit.test_index",
    ]
