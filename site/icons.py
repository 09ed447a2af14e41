"""The site's icons: the practice's own (Practice settings → site icon) or the built-in ones.

Browser tabs and bookmarks use a 32-pixel PNG, phones' home screens a 180-pixel one (Apple's
touch icon, which Android reads too). The practice's image is cut square as renditions; without
one the templates link the icons shipped in ``static/img/``.
"""

from __future__ import annotations

TAB_ICON = "fill-32x32|format-png"
TOUCH_ICON = "fill-180x180|format-png"
DEFAULT_TAB_ICON = "img/favicon-32.png"


def practice_icons(practice) -> dict[str, str] | None:
    """``{"tab": url, "touch": url}`` of the practice's own icon, or None for the built-in ones."""
    if not getattr(practice, "icon_id", None):
        return None
    renditions = practice.icon.get_renditions(TAB_ICON, TOUCH_ICON)
    return {"tab": renditions[TAB_ICON].url, "touch": renditions[TOUCH_ICON].url}
