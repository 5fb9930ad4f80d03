"""The package layout is the architecture: the core never imports MkDocs or the front
doors, and no package imports from one below it (builder/__init__.py gives the order)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BUILDER = Path(__file__).resolve().parent.parent / "builder"
ORDER = ["model", "pose", "stages", "pipeline", "cache", "outputs", "frontdoors"]
"""Each may import from those before it and from itself; pipeline and cache from each other."""
RANK = {"model": 0, "pose": 1, "stages": 2, "pipeline": 3, "cache": 3, "outputs": 4}
RANK["frontdoors"] = 5


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "builder" else None


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import, except those under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING")
        for stmt in block.body
        for node in ast.walk(stmt)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module.split(".")[0] == "builder":
                found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


MODULES = sorted(p for p in BUILDER.rglob("*.py") if p.name != "__main__.py")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(BUILDER)))
def test_nothing_imports_upward_and_only_the_front_doors_import_mkdocs(path: Path) -> None:
    relative = path.relative_to(BUILDER)
    layer = relative.parts[0].removesuffix(".py") if len(relative.parts) > 1 else relative.stem
    if layer == "__init__":
        return
    assert layer in RANK, f"{relative}: a module outside the layout ({ORDER})"
    for line, module in _imports(path):
        where = f"builder/{relative}:{line}"
        if layer != "frontdoors":
            assert module.split(".")[0] != "mkdocs", f"{where}: the core imports {module}"
        other = _layer(module)
        if other is not None:
            assert other in RANK, f"{where}: {module} is outside the layout"
            assert RANK[other] <= RANK[layer], f"{where}: {layer} imports {module} (upward)"


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from builder.frontdoors import cli\nif TYPE_CHECKING:\n    import mkdocs\n")
    assert _imports(bad) == [(1, "builder.frontdoors.cli")]


MODULE_LINES = 400
FUNCTION_LINES = 60


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(BUILDER)))
def test_modules_and_functions_are_short(path: Path) -> None:
    """No module over 400 lines and no function over 60, the pose package included."""
    text = path.read_text("utf-8")
    where = f"builder/{path.relative_to(BUILDER)}"
    lines = text.count("\n")
    assert lines <= MODULE_LINES, f"{where}: {lines} lines"
    long = [
        f"{where}:{node.lineno}: {node.name} has {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > FUNCTION_LINES
    ]
    assert not long, "\n".join(long)
