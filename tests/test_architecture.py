"""Rules of the layout that import-linter cannot express (it sees modules, not attributes).

- Nothing below the edges reads the configuration: no ``os.environ``/``os.getenv`` and no
  ``django.conf`` in ``core``, ``formats``, ``store``, ``net`` or ``services`` (Django models
  may name ``settings.AUTH_USER_MODEL``, as Django's own relations to users must).
- Wiring is explicit: no module is imported by a name computed at run time.
- ``services/`` holds feature packages and ``context.py`` only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "rempart"
BELOW_THE_EDGES = ("core", "formats", "store", "net", "services")


def _modules(*packages: str) -> list[Path]:
    return sorted(
        path
        for package in packages
        for path in (SRC / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    models = "models" in path.parts and "store" in path.parts
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.conf"):
            if not (models and [a.name for a in node.names] == ["settings"]):
                found.append(f"line {node.lineno}: imports django.conf")
        if models and isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "settings" and node.attr != "AUTH_USER_MODEL":
                found.append(f"line {node.lineno}: reads settings.{node.attr}")
        if isinstance(node, ast.Import) and any(
            a.name.startswith("django.conf") for a in node.names
        ):
            found.append(f"line {node.lineno}: imports django.conf")
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
            if isinstance(node.value, ast.Name) and node.value.id == "os":
                found.append(f"line {node.lineno}: reads os.{node.attr}")
    return found


@pytest.mark.parametrize("path", _modules(*BELOW_THE_EDGES), ids=lambda p: str(p.relative_to(SRC)))
def test_nothing_below_the_edges_reads_the_configuration(path: Path) -> None:
    assert _offences(path) == []


def test_the_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom django.conf import settings\nX = os.environ['A']\n")
    assert len(_offences(sample)) == 2


def test_no_module_is_imported_by_a_computed_name() -> None:
    offenders = []
    for path in _modules("."):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in ("import_module", "__import__"):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


def test_services_hold_feature_packages_and_the_context_only() -> None:
    loose = {p.name for p in (SRC / "services").glob("*.py")} - {"__init__.py", "context.py"}
    assert loose == set()
    for package in (SRC / "services").iterdir():
        if package.is_dir() and package.name != "__pycache__":
            doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""
            assert "Owns:" in doc, f"services/{package.name}: say what it owns"
