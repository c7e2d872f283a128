"""Dependencies between the apps point one way: down, towards ``core``.

``core`` < ``organisations`` < ``courses`` < ``learning`` < ``knowledge`` <
``handovers`` < ``home``, ``demo``. An app may import the apps below it; an import of a
higher app at module level would make the lower one unusable without it, and hides a
circle behind import order.
``demo`` is imported by nobody, not even inside a function: the product runs without it.

The imports are read from the source with ``ast``; tests of an app are left out (a test
may build a scene with factories of higher apps), and so are imports that only type
checkers see (``if TYPE_CHECKING:``).
"""

from __future__ import annotations

import ast
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


def product_modules(app: str):
    """The app's Python files, its tests left out."""
    for path in sorted((ROOT / app).rglob("*.py")):
        if "tests" not in path.relative_to(ROOT / app).parts:
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
