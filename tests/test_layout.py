"""The code reads in the order the data flows: each floor imports only the floors below it,
and no module imports itself back through others (type-only imports included). Read from the
source with `ast`, every import statement counted — at the top, inside functions and under
`if TYPE_CHECKING:` alike."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "rapport"
# Bottom to top. A module's floor is that of the longest prefix listed.
FLOORS = [
    ("rapport", 0),  # the package itself: its version
    ("rapport.model", 1),  # the content model: settings, editions, modules, pages, blocks, prose
    ("rapport.checks", 2),
    ("rapport.markdown", 3),  # inside Python-Markdown: question blocks, crisis note, directives
    ("rapport.adapter", 4),  # the MkDocs plugin's events, navigation, language switch
    ("rapport.pipeline", 5),  # build context run, engine seam, atomic swap, steps, preview
    ("rapport.outputs", 6),  # card, paper, LMS, zip, checksums, service worker, server files, CSP
    ("rapport.app", 7), ("rapport.cli", 7), ("rapport.scaffold", 7),  # the commands
]


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def floor(name: str) -> int:
    best = max((prefix for prefix, _ in FLOORS if name == prefix or name.startswith(prefix + ".")), key=len)
    return dict(FLOORS)[best]


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Our modules that `name` imports: `from x import y` counts as x.y when that is a module."""
    is_package = path.name == "__init__.py"
    here = name if is_package else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "rapport"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").split(".")[0] == "rapport":
                target = node.module
            else:
                continue
            for alias in node.names:
                out.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target)
    return {m for m in out if m in known and m != name}


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(name, path, set(found)) for name, path in found.items()}


def test_each_floor_imports_only_the_floors_below():
    upward = [f"{name} (floor {floor(name)}) imports {target} (floor {floor(target)})"
              for name, targets in graph().items() for target in sorted(targets) if floor(target) > floor(name)]
    assert upward == [], "\n".join(upward)


def test_no_import_cycle_type_only_imports_included():
    edges = graph()
    # A package's __init__ gathering its own modules is not a cycle of the code's types: leave
    # out the edges from a module to the package that holds it.
    edges = {name: {t for t in targets if not name.startswith(t + ".")} for name, targets in edges.items()}
    cycles, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                cycles.append(" -> ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert cycles == [], "\n".join(cycles)


def test_the_layout_test_sees_an_upward_import(tmp_path):
    """The reader of imports itself: an import from a higher floor is caught (inside a function too)."""
    fake = tmp_path / "rapport" / "model"
    fake.mkdir(parents=True)
    (fake / "x.py").write_text("def f():\n    from ..outputs import STEPS\n")
    found = imports("rapport.model.x", fake / "x.py", {"rapport.outputs", "rapport.model.x"})
    assert found == {"rapport.outputs"} and floor("rapport.outputs") > floor("rapport.model.x")
