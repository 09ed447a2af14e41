"""The README and the users' guides: every file they link to or show is in the repository."""

import re
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def local_links(markdown: Path):
    for target in LINK.findall(markdown.read_text(encoding="utf-8")):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # another site, an email address, a heading of the same page
        yield target, (markdown.parent / target.split("#")[0]).resolve()


def test_every_picture_and_file_the_readme_and_guides_link_to_exists():
    documents = [PROJECT_DIR / "README.md", *sorted((PROJECT_DIR / "docs").glob("*.md"))]
    missing = [
        f"{markdown.relative_to(PROJECT_DIR)}: {target}"
        for markdown in documents
        for target, path in local_links(markdown)
        if not path.exists()
    ]
    assert missing == []
