"""Accessibility checks the browser tests share: axe-core's WCAG rules and visible focus.

axe-core (bundled by axe-playwright-python) runs inside the page; only the rules tagged for
WCAG 2.0, 2.1 and 2.2 at levels A and AA are run, so a failure is a WCAG failure, not a taste.
"""

from __future__ import annotations

from dataclasses import dataclass

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_axe = None


def axe_violations(page) -> list[dict]:
    """Run axe-core's WCAG A/AA rules on the page as it is now; return the violations."""
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def describe_violations(violations: list[dict]) -> str:
    """One line per failing element: rule, impact, CSS target and axe's explanation."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary[:300]}")
    return "\n".join(lines)


@dataclass(frozen=True)
class FocusIndicator:
    """How the focused element is drawn: its outline, or a box-shadow standing in for one."""

    tag: str
    outline_style: str
    outline_width: float
    outline_color: str
    box_shadow: str

    @property
    def visible(self) -> bool:
        outline = (
            self.outline_style not in ("none", "hidden")
            and self.outline_width >= 2
            and not self.outline_color.endswith(", 0)")  # rgba(..., 0) is transparent
        )
        return outline or self.box_shadow not in ("", "none")


FOCUS_SCRIPT = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const drawn = (node) => {
        const style = getComputedStyle(node);
        return {
            tag: node.tagName.toLowerCase() + (node.type ? '[type=' + node.type + ']' : ''),
            outline_style: style.outlineStyle,
            outline_width: parseFloat(style.outlineWidth) || 0,
            outline_color: style.outlineColor,
            box_shadow: style.boxShadow,
        };
    };
    const ring = (found) => (
        (!['none', 'hidden'].includes(found.outline_style) && found.outline_width >= 2
            && !found.outline_color.endsWith(', 0)'))
        || (found.box_shadow !== '' && found.box_shadow !== 'none')
    );
    // A card whose one link makes the whole card clickable draws the ring around the card
    // (WCAG 2.4.7 allows the indicator on the component that holds the focus): look at the
    // focused element, then at its nearest few ancestors.
    let node = el;
    for (let level = 0; node && node !== document.body && level < 4; level++) {
        const found = drawn(node);
        if (ring(found)) return found;
        node = node.parentElement;
    }
    return drawn(el);
}"""


def focus_indicator(page) -> FocusIndicator | None:
    """The computed focus style of the element that has keyboard focus (None: nothing focused)."""
    found = page.evaluate(FOCUS_SCRIPT)
    return FocusIndicator(**found) if found else None
