"""Dependencies between the apps point one way: down, towards ``core``.

``core`` < ``organisations`` < ``courses`` < ``learning`` < ``knowledge`` <
``handovers`` < ``home``, ``demo``. An app may import the apps below it; an import of a
higher app at module level would make the lower one unusable without it, and hides a
circle behind import order.
``demo`` is imported by nobody, not even inside a function: the product runs without it.

Within the product no two modules import each other, not even through an import inside
a function: a circle means two modules are one piece of code cut in the wrong place, and
a function-level import only hides it. An import inside a function stays only where a
comment next to it says why (an optional library, a heavy one needed by one export).

The imports are read from the source with ``ast``; tests of an app are left out (a test
may build a scene with factories of higher apps), and so are imports that only type
checkers see (``if TYPE_CHECKING:``).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from django.conf import settings

#: Each app's layer; an app may import apps of a lower layer (and its own).
LAYERS = {
    "core": 0,
    "organisations": 1,
    "courses": 2,
    "learning": 3,
    "knowledge": 4,
    "handovers": 5,
    "home": 6,
    "demo": 6,
}

ROOT = Path(settings.BASE_DIR)


def product_modules(app: str, *, migrations: bool = True):
    """The app's Python files, its tests (and, if asked, its migrations) left out."""
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT / app).parts
        if "tests" not in parts and (migrations or "migrations" not in parts):
            yield path


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_apps(tree: ast.Module, *, module_level: bool):
    """(line, app) for each import of one of our apps; at module level or anywhere."""

    def visit(node, nested: bool):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            names = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                names = [child.module]
            if not (module_level and inner):
                for name in names:
                    top = name.split(".")[0]
                    if top in LAYERS:
                        yield child.lineno, top
            yield from visit(child, inner)

    yield from visit(tree, False)


def imports_of(app: str, *, module_level: bool):
    for path in product_modules(app):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, imported in imported_apps(tree, module_level=module_level):
            yield f"{path.relative_to(ROOT)}:{line}", imported


def test_no_app_imports_a_higher_one_at_module_level():
    upwards = [
        f"{where} imports {imported}"
        for app in LAYERS
        for where, imported in imports_of(app, module_level=True)
        if imported != app and LAYERS[imported] >= LAYERS[app]
    ]

    assert upwards == [], "Imports that run upwards:\n" + "\n".join(upwards)


def test_no_app_imports_demo():
    importers = [
        f"{where} imports demo"
        for app in LAYERS
        if app != "demo"
        for where, imported in imports_of(app, module_level=False)
        if imported == "demo"
    ]

    assert importers == []


def test_the_check_sees_an_upward_import():
    tree = ast.parse(
        "import core.pdf\nfrom knowledge.models import X\ndef f():\n    import demo.courses\n"
    )

    assert list(imported_apps(tree, module_level=True)) == [(1, "core"), (2, "knowledge")]
    assert (4, "demo") in list(imported_apps(tree, module_level=False))


# Circles between modules ------------------------------------------------------------


def module_name(path: Path) -> str:
    """``knowledge/models.py`` -> ``knowledge.models``; a package is its ``__init__``."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_statements(tree: ast.Module):
    """(statement, inside a function) for each import that runs outside ``TYPE_CHECKING``."""

    def visit(node, nested: bool):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child, inner
            yield from visit(child, inner)

    yield from visit(tree, False)


def imported_modules(node: ast.Import | ast.ImportFrom, importer: str, is_package: bool, known):
    """The project modules one import statement loads, relative imports resolved.

    ``import a.b`` and ``from a import b`` of a module ``a.b`` mean ``a.b``; ``from a.b
    import name`` of a name defined in ``a.b`` means ``a.b`` (for a package: its
    ``__init__``). The parent packages Python runs first are not counted: that would
    tie every submodule to its package; a submodule that uses its package names it
    (``from . import name``) and is counted then.
    """
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:
        package = importer.split(".") if is_package else importer.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    found = set()
    for alias in node.names:
        submodule = f"{base}.{alias.name}"
        if submodule in known:
            found.add(submodule)
        elif base in known:
            found.add(base)
    return found


def import_graph(sources: dict[str, tuple[str, bool]]):
    """module -> {imported module: first line}, over module- and function-level imports.

    ``sources`` maps each module name to its source text and whether it is a package.
    Imports in ``AppConfig.ready()`` count like any other (nothing imports an ``apps``
    module, so they close no circle).
    """
    graph: dict[str, dict[str, int]] = {}
    for name, (source, is_package) in sources.items():
        edges = graph.setdefault(name, {})
        tree = ast.parse(source, filename=name)
        for node, _nested in import_statements(tree):
            for imported in imported_modules(node, name, is_package, sources):
                if imported != name:
                    edges.setdefault(imported, node.lineno)
    return graph


def find_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One circle per group of modules that reach each other (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_within(graph, component) for component in components]


def _cycle_within(graph: dict[str, dict[str, int]], component: list[str]) -> list[str]:
    """A shortest circle through the component's first module (breadth first)."""
    start, members = component[0], set(component)
    came_from: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node]):
            if target not in members:
                continue
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if target not in came_from:
                came_from[target] = node
                queue.append(target)
    raise AssertionError(f"no circle in {component}")


def project_sources() -> dict[str, tuple[str, bool]]:
    return {
        module_name(path): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for app in LAYERS
        for path in product_modules(app, migrations=False)
    }


def describe(cycle: list[str], graph: dict[str, dict[str, int]]) -> str:
    """``a (line 3) -> b (line 7) -> a``: each module with the line importing the next."""
    steps = [f"{module} (line {graph[module][following]})" for module, following in pairwise(cycle)]
    return " -> ".join([*steps, cycle[-1]])


def test_no_two_modules_import_each_other():
    graph = import_graph(project_sources())

    cycles = [describe(cycle, graph) for cycle in find_cycles(graph)]

    assert cycles == [], "Modules that import each other (through these lines):\n" + "\n".join(
        cycles
    )


def test_the_check_sees_a_circle_through_a_function_level_import():
    sources = {
        "shop": ("", True),
        "shop.models": ("from .forms import OrderForm\n", False),
        "shop.forms": ("def form():\n    from shop import models\n", False),
        "shop.apps": ("class C:\n    def ready(self):\n        from . import signals\n", False),
        "shop.signals": ("import shop.models\nimport django\n", False),
    }

    graph = import_graph(sources)

    assert graph["shop.models"] == {"shop.forms": 1}
    assert graph["shop.forms"] == {"shop.models": 2}
    assert graph["shop.apps"] == {"shop.signals": 3}
    assert graph["shop.signals"] == {"shop.models": 1}
    assert find_cycles(graph) == [["shop.forms", "shop.models", "shop.forms"]]
    assert describe(find_cycles(graph)[0], graph) == (
        "shop.forms (line 2) -> shop.models (line 1) -> shop.forms"
    )


# Imports inside functions say why -----------------------------------------------------


#: A comment for tools only (noqa, type: ignore, pragma, fmt) says nothing of why.
PRAGMA = re.compile(
    r"#\s*(noqa(:\s*[A-Z0-9, ]+)?|type:\s*ignore(\[[^\]]*\])?|pragma:.*|fmt:\s*\w+)\s*$"
)


def comment_lines(source: str) -> tuple[set[int], set[int]]:
    """Lines with a comment, and lines that hold nothing but a comment (pragmas aside)."""
    with_comment, comment_only = set(), set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and not PRAGMA.match(token.string):
            with_comment.add(token.start[0])
            if token.line[: token.start[1]].strip() == "":
                comment_only.add(token.start[0])
    return with_comment, comment_only


def unexplained_function_imports(source: str) -> Iterator[int]:
    """Lines of imports inside a function without a comment saying why.

    The comment stands on the import's own line(s) or alone on the line directly above;
    a run of imports directly below one another shares the comment of the first.
    """
    with_comment, comment_only = comment_lines(source)
    explained_until = 0  # last line of the run of explained imports just read
    for node, nested in sorted(
        import_statements(ast.parse(source)), key=lambda item: item[0].lineno
    ):
        if not nested:
            continue
        own_lines = range(node.lineno, node.end_lineno + 1)
        if (
            any(line in with_comment for line in own_lines)
            or node.lineno - 1 in comment_only
            or node.lineno - 1 == explained_until
        ):
            explained_until = node.end_lineno
        else:
            yield node.lineno


def test_every_import_inside_a_function_says_why():
    unexplained = [
        f"{path.relative_to(ROOT)}:{line}"
        for app in LAYERS
        for path in product_modules(app, migrations=False)
        for line in unexplained_function_imports(path.read_text(encoding="utf-8"))
    ]

    assert unexplained == [], (
        "Imports inside a function without a comment saying why (move them to the top "
        "of the module, or say why they cannot be there):\n" + "\n".join(unexplained)
    )


def test_the_check_sees_an_unexplained_function_level_import():
    source = (
        "import os\n"
        "def export():\n"
        "    # openpyxl is heavy and needed only here\n"
        "    from openpyxl import Workbook\n"
        "    from openpyxl.styles import Font\n"
        "\n"
        "    import json\n"
        "    import csv  # the standard library, kept lazy for the example\n"
        "    if TYPE_CHECKING:\n"
        "        import typing\n"
        "    x = '# not a comment'\n"
        "    import re\n"
        "    from . import signals  # noqa: F401\n"
    )

    assert list(unexplained_function_imports(source)) == [7, 12, 13]
