"""The apps' borders, read from the import graph (grimp): layers, no cycles, no private names across apps.

Layer order, lowest first: ``search`` ← ``campaign`` ← ``showcase`` ←
``assessment`` (an app may import the apps to its left, never to its right);
``site/config`` wires them all and is not checked. An underscore name is an
app's own business: another app importing it breaks as soon as it changes.
"""

import ast
from itertools import pairwise
from pathlib import Path

import grimp
import pytest

REPO_DIR = Path(__file__).resolve().parents[1]
LAYERS = ("search", "campaign", "showcase", "assessment")


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*LAYERS, cache_dir=None)


def _app(module):
    return module.split(".")[0]


def _imports_between(graph, importer_app, imported_app):
    """``[(importer, imported, line number, line)]`` of the direct imports from one app's modules into another's."""
    found = []
    for module in sorted(_modules(graph, importer_app)):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if _app(imported) == imported_app:
                for detail in graph.get_import_details(importer=module, imported=imported):
                    found.append((module, imported, detail["line_number"], detail["line_contents"]))
    return found


def _modules(graph, app):
    return {module for module in graph.modules if _app(module) == app}


def _describe(imports):
    return "\n".join(f"  {importer}:{line} imports {imported} ({text})" for importer, imported, line, text in imports)


def test_no_app_imports_a_higher_layer(graph):
    breaking = []
    for position, app in enumerate(LAYERS):
        for higher in LAYERS[position + 1 :]:
            breaking += _imports_between(graph, app, higher)
    assert breaking == [], (
        "layer order is search ← campaign ← showcase ← assessment; these imports go upwards:\n" + _describe(breaking)
    )


def test_no_import_cycle_between_apps(graph):
    imports = {(app, other): _imports_between(graph, app, other) for app in LAYERS for other in LAYERS if app != other}
    edges = {
        app: {other for (importer, other), found in imports.items() if importer == app and found} for app in LAYERS
    }

    def path(start, goal, seen=()):
        """A chain of apps importing each other from ``start`` to ``goal``, or None."""
        for step in sorted(edges[start] - set(seen)):
            if step == goal:
                return [start, goal]
            rest = path(step, goal, (*seen, start))
            if rest:
                return [start, *rest]
        return None

    cycles = []
    for position, app in enumerate(LAYERS):
        for other in LAYERS[position + 1 :]:
            there, back = path(app, other), path(other, app)
            if there and back:
                chain = [*there, *back[1:]]
                steps = [imports[(a, b)][0] for a, b in pairwise(chain)]
                cycles.append(" → ".join(chain) + ", through:\n" + _describe(steps))
    assert cycles == [], "import cycles between our apps:\n" + "\n".join(cycles)


def _private_imports(path, app):
    """``[(line, module, name)]`` of the ``from <other app>... import _name`` statements of one file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            other = _app(node.module)
            if other in LAYERS and other != app:
                private_modules = [
                    part for part in node.module.split(".") if part.startswith("_") and part != "__init__"
                ]
                for alias in node.names:
                    if alias.name.startswith("_") or private_modules:
                        found.append((node.lineno, node.module, alias.name))
    return found


def test_no_app_imports_another_apps_private_names():
    breaking = []
    for app in LAYERS:
        for path in sorted((REPO_DIR / app).rglob("*.py")):
            for line, module, name in _private_imports(path, app):
                breaking.append(f"  {path.relative_to(REPO_DIR)}:{line} imports {name} from {module}")
    assert breaking == [], "underscore names are their app's own; these imports reach into another app:\n" + "\n".join(
        breaking
    )
