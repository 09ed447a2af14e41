"""JSON-LD for ``<script type="application/ld+json">`` blocks, safe whatever the text holds.

A title such as ``<!--<script>`` or ``</script>`` inside a script element changes how the HTML
parser reads the rest of the page (Chromium blanked a training page with the first). Escaping
``<``, ``>`` and ``&`` as ``\\u003c``, ``\\u003e`` and ``\\u0026`` keeps the JSON identical for
any JSON reader while no markup can appear in the element. Every JSON-LD block of the site is
written by :func:`script_json`.
"""

from __future__ import annotations

import json

from django.utils.safestring import SafeString, mark_safe

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(data) -> SafeString:
    """``data`` as JSON to put between ``<script type="application/ld+json">`` tags."""
    text = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(text)  # noqa: S308 - nothing in it can end or open an element
