"""The plugins and their shared core never reach into the project layer (``practice_site``): a
host installs them without it. Read from the source, so it holds for code paths no test runs."""

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PLUGIN_FOLDERS = ("blog", "trainings", "core")
SITE_TAG_LIBRARIES = {path.stem for path in (REPO / "site" / "templatetags").glob("[!_]*.py")}


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("folder", PLUGIN_FOLDERS)
def test_no_plugin_module_imports_the_project_layer(folder):
    offenders = [
        f"{path.relative_to(REPO)}: {module}"
        for path in sorted((REPO / folder).rglob("*.py"))
        for module in imported_modules(path)
        if module == "practice_site" or module.startswith("practice_site.")
    ]
    assert offenders == []


@pytest.mark.parametrize("folder", PLUGIN_FOLDERS)
def test_no_plugin_template_loads_the_project_layers_tags_or_templates(folder):
    offenders = []
    for path in sorted((REPO / folder).rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for libraries in re.findall(r"{%\s*load\s+([^%]+?)\s*%}", text):
            offenders += [
                f"{path.name}: {lib}" for lib in libraries.split() if lib in SITE_TAG_LIBRARIES
            ]
        offenders += [
            f"{path.name}: {name}"
            for name in re.findall(r"{%\s*(?:extends|include)\s+[\"']([^\"']+)", text)
            if name.startswith("practice_site/")
        ]
    assert offenders == []
