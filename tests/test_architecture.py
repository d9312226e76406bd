"""The structure the architecture notes promise (docs/architecture.md), checked on the source."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desk"
MAX_LINES = 400
# The app's wiring: the only modules that may import the main window.
WIRING = {"desk.app", "desk.gui.main_window", "desk.gui.screenshot"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(path: Path) -> set[str]:
    """Every desk module ``path`` imports, at any level (TYPE_CHECKING and function bodies included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("desk"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("desk"))
    return found


def test_no_module_passes_400_lines() -> None:
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these by responsibility: {long}"


def test_core_never_imports_qt() -> None:
    for name, path in _modules().items():
        if name.startswith("desk.core"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
            assert not any(m.startswith("PySide6") for m in names), name


def test_only_the_wiring_imports_the_main_window() -> None:
    offenders = [name for name, path in _modules().items()
                 if name not in WIRING and "desk.gui.main_window" in _imports(path)]
    assert not offenders


def test_no_import_cycles_among_gui_modules() -> None:
    modules = {n: p for n, p in _modules().items() if n.startswith("desk.gui")}
    graph = {n: {m for m in _imports(p) if m in modules and m != n} for n, p in modules.items()}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " → ".join([*path[path.index(nxt):], nxt]))
            if nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for module in graph:
        if module not in state:
            visit(module, [module])
