"""Read the package's shape from its source: imports between modules, module and function sizes.

Used by tests/test_architecture.py and runnable on its own to print the figures::

    .venv/bin/python tests/architecture.py
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "recreg"


def module_name(path: Path) -> str:
    """Return the dotted name of a source file of the package."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Return every module of the package by dotted name."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Return the package's modules that a module imports, at any depth of its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [f"{target}.{alias.name}" for alias in node.names] + [target]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        for candidate in candidates:
            if candidate in known:
                found.add(candidate)
                break
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    """Return the import graph between the package's modules."""
    found = modules()
    known = set(found)
    return {name: imports(name, path, known) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one node (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        result.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return result


def package_of(name: str) -> str:
    """Return the subpackage a module belongs to (``recreg.engine``), or ``recreg`` for top-level modules."""
    parts = name.split(".")
    if len(parts) >= 2 and (PACKAGE / parts[1]).is_dir():
        return ".".join(parts[:2])
    return "recreg"


def package_graph(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """Return the import graph between subpackages (top-level modules are left out: they are the base)."""
    result: dict[str, set[str]] = defaultdict(set)
    for source, targets in edges.items():
        here = package_of(source)
        if here == "recreg":
            continue
        result[here]
        for target in targets:
            there = package_of(target)
            if there not in ("recreg", here):
                result[here].add(there)
    return dict(result)


def long_functions(limit: int) -> list[tuple[str, str, int]]:
    """Return (module, function, lines) for each function longer than `limit` lines."""
    found = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    found.append((name, node.name, length))
    return sorted(found, key=lambda row: -row[2])


def module_lines() -> dict[str, int]:
    """Return each module's line count."""
    return {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}


if __name__ == "__main__":
    edges = graph()
    print("module cycles:", cycles(edges) or "none")
    packages = package_graph(edges)
    print("package cycles:", cycles(packages) or "none")
    for package, targets in sorted(packages.items()):
        print(f"  {package} -> {', '.join(sorted(targets)) or '-'}")
    lines = module_lines()
    print("modules over 600 lines:", {n: c for n, c in lines.items() if c > 600} or "none")
    print("functions over 60 lines:")
    for row in long_functions(60):
        print("  {}.{}: {}".format(*row))
