"""The package metadata: the licence in the current SPDX form, installable without warnings."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_licence_is_an_spdx_expression_with_its_text_shipped():
    project = pyproject()["project"]
    assert project["license"] == "BSD-3-Clause"
    assert project["license-files"] == ["LICENSE"]
    assert "BSD 3-Clause License" in (ROOT / "LICENSE").read_text()


def test_the_build_backend_understands_spdx_licences():
    # setuptools reads `license = "<SPDX>"` from version 77; older ones reject it.
    requires = pyproject()["build-system"]["requires"]
    assert "setuptools>=77" in requires


@pytest.mark.slow
def test_installing_the_package_prints_no_build_warning():
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--dry-run", "--ignore-installed"]
        + ["-e", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "BuildBackendWarning" not in output
    assert "deprecated" not in output.lower()


def test_the_shared_cores_version_is_the_one_in_pyproject():
    import practice_core

    assert practice_core.__version__ == pyproject()["project"]["version"]


def test_the_changelog_has_an_entry_for_the_current_version():
    version = pyproject()["project"]["version"]
    assert f"\n## [{version}] - " in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_building_a_release_is_a_make_target_that_checks_it_with_twine():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\ndist:") :].split("\n\n")[0]
    assert "-m build" in recipe
    assert "twine check" in recipe
