"""The release as a host installs it: the wheel ``make dist`` builds, and a fresh virtualenv with
that wheel installed (pip resolves Wagtail and the rest from the package index).

These tests run as their own CI step (``-m install``). Where they cannot run (no ``build``
module, no package index) they skip with the reason; with ``REQUIRE_INSTALL=1`` (CI) that is a
failure instead, like ``REQUIRE_POSTGRES`` and ``REQUIRE_CHROMIUM``.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def cannot_run(reason: str):
    """Skip with ``reason``, or fail when CI requires these tests to run."""
    if os.environ.get("REQUIRE_INSTALL", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"REQUIRE_INSTALL is set but {reason}", pytrace=False)
    pytest.skip(reason)


def run(args, cwd=None, env=None, timeout=600):
    """Run a command; its output is kept for the assertion message when it fails."""
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The wheel ``python -m build --wheel`` makes from this checkout (what ``make dist`` runs)."""
    try:
        import build  # noqa: F401
    except ImportError:
        cannot_run("the `build` module is missing: run `make install` (dev extra)")
    out = tmp_path_factory.mktemp("dist")
    result = run([sys.executable, "-m", "build", "--wheel", "--outdir", out, REPO])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="session")
def wheel_names(wheel) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


@pytest.fixture(scope="session")
def host_python(wheel, tmp_path_factory) -> Path:
    """A new virtualenv with only the wheel installed (and what it depends on)."""
    venv = tmp_path_factory.mktemp("host-venv")
    result = run([sys.executable, "-m", "venv", venv])
    assert result.returncode == 0, result.stderr
    python = venv / "bin" / "python"
    result = run([python, "-m", "pip", "install", "--quiet", wheel])
    if result.returncode != 0 and "No matching distribution" in result.stderr:
        cannot_run("pip cannot reach a package index to resolve Wagtail: " + result.stderr[-500:])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return python
