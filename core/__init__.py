"""practice-cms shared core (imported as ``practice_core``): what both plugins need.

Client address and network, throttles, content versions and cache keys, API locale and paging
helpers. It imports neither plugin nor the project layer (``practice_site``), so a host site can
install the plugins without this project.
"""
