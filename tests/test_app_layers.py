"""Where the apps sit: core, at the bottom, imports no other app of the project; the
home page and the dashboard, which read every domain app, are an app of their own;
the demo data is an app that only the development, demo and test settings install."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "maillage"


def imports_of(app):
    """(file, module) for every module the files of ``app`` import, relative imports
    resolved (``from ..x import y`` in maillage/core/templatetags/ui.py is maillage.core.x)."""
    found = []
    for path in sorted((PACKAGE / app).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        package = parts if parts[-1] == "__init__" else parts[:-1]
        package = [part for part in package if part != "__init__"]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(path, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                found.append((path, module))
    return found


def test_core_imports_no_other_app_of_the_project():
    upward = [
        f"{path.relative_to(ROOT)}: {module}"
        for path, module in imports_of("core")
        if module.startswith("maillage.") and not module.startswith("maillage.core")
    ]
    assert upward == []


def test_the_import_reader_sees_upward_imports():
    """The test above would see what it forbids: the home app imports domain apps."""
    modules = {module for _, module in imports_of("home")}
    assert "maillage.collectives.models" in modules
    assert "maillage.home" in modules  # `from . import dashboard` in home/views.py


def test_the_demo_is_installed_by_the_test_settings():
    assert "maillage.demo" in settings.INSTALLED_APPS
    assert "maillage.home" in settings.INSTALLED_APPS


def _installed_apps(module, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": "x" * 50,
        "SITE_URL": "https://maillage.example.org",
        "MAILLAGE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.INSTALLED_APPS)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return ast.literal_eval(result.stdout.strip())


@pytest.mark.parametrize(
    ("module", "has_demo"),
    [
        ("maillage.settings.production", False),
        ("maillage.settings.demo", True),
        ("maillage.settings.dev", True),
    ],
)
def test_only_the_demo_and_dev_settings_install_the_demo(module, has_demo, tmp_path):
    """Production has no `load_demo` (its accounts share a public password); the home
    page and the dashboard are everywhere."""
    apps = _installed_apps(module, tmp_path)
    assert ("maillage.demo" in apps) is has_demo
    assert "maillage.home" in apps
