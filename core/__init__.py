"""practice-cms shared core (imported as ``practice_core``): what both plugins need.

Client address and network, throttles, content versions and cache keys, API locale and paging
helpers. It imports neither plugin nor the project layer (``practice_site``), so a host site can
install the plugins without this project.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    # One source for the version: pyproject.toml's [project] version, as installed.
    __version__ = version("practice-cms")
except PackageNotFoundError:  # pragma: no cover - a checkout that was never installed
    __version__ = "0+unknown"
