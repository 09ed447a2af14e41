"""Retake the README's and docs' screenshots (docs/screenshots/*.webp) from a running demo.

Start the demo on a free port first (``make demo PORT=8150``), then:

    .venv/bin/python tools/screenshots.py --base-url http://127.0.0.1:8150

It drives Debian's Chromium (``/usr/bin/chromium``, headless, through Playwright) with reduced
motion, takes each picture at desktop (1280 px) or phone (390 px, 2x) width, and saves it as WebP
(quality 80), so the whole set stays small. Translated addresses are read from each English page's
``hreflang`` links and the comparison's trainings from the directory's checkboxes, as
tools/lighthouse/run.py does, so no translated slug is written down twice. The admin picture
signs in with the demo's admin login (development demo only).
"""

import argparse
import io
import os
import re
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

PROJECT_DIR = Path(__file__).resolve().parent.parent
OUT = PROJECT_DIR / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
POST = "/en/journal/choosing-a-trauma-focused-training/"
TRAINING = "/en/trainings/rooted-bodies/"
DIRECTORY = "/en/trainings/"

# name -> (English path or a callable making the address, language, device, the part to take:
# None for the first screen, or a CSS selector whose element starts the picture)
SHOTS = {
    "home": ("/en/", "en", DESKTOP, None),
    "journal": ("/en/journal/", "en", DESKTOP, None),
    "post-with-ratings-and-comments": (POST, "en", DESKTOP, "#rating"),
    "training-with-score": (TRAINING, "en", DESKTOP, None),
    "comparison": ("comparison", "en", DESKTOP, None),
    "arabic-post": (POST, "ar", DESKTOP, None),
    "phone-home-es": ("/en/", "es", PHONE, None),
    "phone-trainings-es": (DIRECTORY, "es", PHONE, None),
    "phone-training-fr": (TRAINING, "fr", PHONE, None),
    "phone-journal-ar": ("/en/journal/", "ar", PHONE, None),
}
ADMIN_LISTS = ("/admin/snippets/practice_blog/comment/", "/admin/snippets/practice_blog/comment/")


def translated(page, base_url, path, language):
    """The address of the English page at path in language, from its hreflang link."""
    page.goto(base_url + path)
    if language == "en":
        return page.url
    href = page.locator(f'link[rel="alternate"][hreflang="{language}"]').first.get_attribute("href")
    return href if href.startswith("http") else base_url + href


def comparison(page, base_url, language):
    directory = translated(page, base_url, DIRECTORY, language)
    page.goto(directory)
    html = page.content()
    ids = re.findall(r'name="ids"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="ids"', html)
    ids = [a or b for a, b in ids][:3]
    return f"{directory.split('?')[0]}compare/?ids={','.join(ids)}"


def save(png: bytes, name: str) -> Path:
    path = OUT / f"{name}.webp"
    Image.open(io.BytesIO(png)).convert("RGB").save(path, "WEBP", quality=80, method=6)
    print(f"{path.relative_to(PROJECT_DIR)}: {path.stat().st_size // 1024} KB")
    return path


def take(browser, base_url, name, spec):
    path, language, device, start = spec
    context = browser.new_context(**device, reduced_motion="reduce")
    page = context.new_page()
    if path == "comparison":
        url = comparison(page, base_url, language)
    else:
        url = translated(page, base_url, path, language)
    page.goto(url, wait_until="networkidle")
    viewport = device["viewport"]
    if start is None:
        png = page.screenshot()
    else:
        top = page.locator(start).first.bounding_box()["y"] + page.evaluate("window.scrollY")
        page.evaluate("(y) => window.scrollTo(0, y)", max(0, top - 24))
        png = page.screenshot(
            clip={"x": 0, "y": max(0, top - 24), "width": viewport["width"], "height": 1100},
            full_page=True,
        )
    save(png, name)
    context.close()


def take_admin(browser, base_url, password):
    context = browser.new_context(**DESKTOP, reduced_motion="reduce")
    page = context.new_page()
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", password)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    for path in ADMIN_LISTS:
        response = page.goto(base_url + path)
        if response and response.ok:
            break
    save(page.screenshot(), "admin-moderation-list")
    context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--only", action="append", help="take only these pictures")
    parser.add_argument("--admin-password", default="practice-demo-admin")
    args = parser.parse_args()
    base_url = args.base_url.rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, spec in SHOTS.items():
            if not args.only or name in args.only:
                take(browser, base_url, name, spec)
        if not args.only or "admin-moderation-list" in args.only:
            take_admin(browser, base_url, args.admin_password)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
