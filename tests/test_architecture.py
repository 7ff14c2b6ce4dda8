"""The package's shape: one-way imports along the pipeline, a front door, modules of a readable size.

`tests/architecture.py` reads it from the source (``.venv/bin/python tests/architecture.py``
prints the figures these tests check).
"""

from __future__ import annotations

import ast

from architecture import PACKAGE, cycles, graph, long_functions, module_lines, modules, package_graph, package_of

# The pipeline, lowest first: a package may import only packages before it (and the base
# modules at the top of recreg: errors, limits, fileio, resources, words, version, gcpause).
LAYERS = [
    "recreg.edition",
    "recreg.engine",
    "recreg.git",
    "recreg.registry",
    "recreg.office",
    "recreg.survey",
    "recreg.comments",
    "recreg.render",
    "recreg.site",
    "recreg.workflow",
    "recreg.cli",
]
FRONT_DOORS = {"recreg", "recreg.api"}
ENTRY_POINTS = {"recreg.__main__"}


def test_no_module_imports_itself_back():
    assert cycles(graph()) == []


def test_packages_import_only_along_the_pipeline():
    backwards = [
        (source, target)
        for source, targets in package_graph(graph()).items()
        for target in targets
        if target in LAYERS and LAYERS.index(target) >= LAYERS.index(source)
    ]
    assert backwards == []


def test_base_modules_import_no_package():
    base = {
        name: targets
        for name, targets in graph().items()
        if package_of(name) == "recreg" and name not in FRONT_DOORS | ENTRY_POINTS
    }
    assert {name: sorted(t for t in targets if package_of(t) != "recreg") for name, targets in base.items()} == {
        name: [] for name in base
    }


def test_the_command_line_imports_only_the_front_door():
    edges = graph()
    reached = {target for name, targets in edges.items() if name.startswith("recreg.cli") for target in targets}
    assert reached - {"recreg.api"} == {name for name in reached if name.startswith("recreg.cli")}


def test_only_the_front_doors_defer_recreg_imports():
    deferred = []
    for name, path in modules().items():
        if name in FRONT_DOORS:
            continue
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                deferred += [
                    f"{name}.{function.name}"
                    for node in ast.walk(function)
                    if isinstance(node, ast.ImportFrom) and node.level
                ]
    assert deferred == []


def test_no_module_over_600_lines_and_no_folder_over_12_modules():
    assert {name: lines for name, lines in module_lines().items() if lines > 600} == {}
    folders: dict[str, int] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name != "__init__.py":
            folders[str(path.parent.relative_to(PACKAGE.parent))] = (
                folders.get(str(path.parent.relative_to(PACKAGE.parent)), 0) + 1
            )
    assert {folder: count for folder, count in folders.items() if count > 12} == {}


def test_no_function_over_60_lines():
    assert [f"{module}.{function} ({lines} lines)" for module, function, lines in long_functions(60)] == []
