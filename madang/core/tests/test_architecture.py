"""The layout shows the architecture: layers point downwards and no app uses another's private names.

Layers, from the ground floor up (an app may import its own layer and the ones below):
  0 core · 1 accounts (people and roles) · 2 districts (places, their pages and role management)
  · 3 processes, residents · 4 capabilities (network, and the apps to come) · 5 api (composes every
  app's API).
Test code may import any layer (factories), but never another app's private (`_name`) names.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # madang/
LAYER = {"core": 0, "accounts": 1, "districts": 2, "processes": 3, "residents": 3, "api": 5}
CAPABILITY = 4


def layer(app: str) -> int:
    return LAYER.get(app, CAPABILITY)


def modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {"templates", "static"} or "migrations" in rel.parts:
            continue
        yield rel.parts[0], "tests" in rel.parts or rel.name == "testing.py", path, rel


def imports(tree):
    """(imported madang module, [names], line) for every import, including those inside functions."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("madang."):
            yield node.module, [a.name for a in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("madang."):
                    yield alias.name, [], node.lineno


def test_layers_point_downwards():
    wrong = []
    for app, is_test, path, rel in modules():
        if is_test or (app not in LAYER and not (ROOT / app / "apps.py").exists()):
            continue
        for module, _names, line in imports(ast.parse(path.read_text())):
            target = module.split(".")[1]
            if target == app:
                continue
            if layer(target) >= layer(app) and target != app:
                wrong.append(f"{rel}:{line} imports {module} (layer {layer(target)} ≥ {layer(app)})")
    assert not wrong, "imports that point up or sideways:\n" + "\n".join(wrong)


def test_no_app_uses_another_apps_private_names():
    wrong = []
    for app, _is_test, path, rel in modules():
        tree = ast.parse(path.read_text())
        foreign_aliases = {}
        for module, names, line in imports(tree):
            target = module.split(".")[1]
            if target == app:
                continue
            wrong.extend(f"{rel}:{line} imports {module}.{n}" for n in names if n.startswith("_"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("madang."):
                for alias in node.names:
                    if node.module.split(".")[1] != app:
                        foreign_aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id in foreign_aliases
                and node.value.id[:1].islower()  # a module, not a model class (Model._meta is Django's API)
            ):
                wrong.append(f"{rel}:{node.lineno} uses {foreign_aliases[node.value.id]}.{node.attr}")
    assert not wrong, "private names used across apps:\n" + "\n".join(wrong)


@pytest.mark.parametrize("app", ["core", "accounts", "districts", "processes"])
def test_kernel_apps_never_name_a_capability(app):
    """Not even lazily inside a function: capabilities plug in through registries."""
    found = []
    for owner, is_test, path, rel in modules():
        if owner != app or is_test:
            continue
        for module, _names, line in imports(ast.parse(path.read_text())):
            if layer(module.split(".")[1]) >= CAPABILITY:
                found.append(f"{rel}:{line} {module}")
    assert not found, found
