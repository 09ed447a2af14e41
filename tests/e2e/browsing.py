"""What a person does in the browser, shared by the scenarios: sign in, keep a screenshot."""

from __future__ import annotations

import re
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def sign_in(page, username: str, password: str) -> None:
    """Sign in to the Wagtail admin through its login form."""
    page.goto("/admin/login/")
    page.get_by_label(re.compile("username", re.I)).fill(username)
    page.get_by_label(re.compile("password", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/$"))


def save_screenshot(page, name: str, *, full_page: bool = False) -> Path:
    """Write ``tests/e2e/artifacts/<name>.png`` (the folder is git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


def tab_to(page, target, *, limit: int = 150, backwards: bool = False) -> int:
    """Press Tab (or Shift+Tab) until focus is on or in ``target`` (a locator); return the count.

    Fails when the element is never reached: then a keyboard-only visitor could not reach it either.
    """
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if target.evaluate("(element) => element.contains(document.activeElement)"):
            return presses
    raise AssertionError(f"{target} was not reached with {limit} presses of {key}")


def focused_accessible_name(page) -> str:
    """What the focused element is called (its label's text, or its own text)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return '';
            const labels = el.labels ? [...el.labels].map((l) => l.textContent.trim()) : [];
            return (el.getAttribute('aria-label') || labels.join(' ') || el.textContent).trim();
        }"""
    )
