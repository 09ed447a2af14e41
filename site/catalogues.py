"""Check the project's gettext catalogues: complete, not fuzzy, and compiled.

``python -m practice_site.catalogues`` exits non-zero, listing every problem, when a catalogue
(the site's ``locale/`` and each plugin's: ``blog/locale/``, ``trainings/locale/``,
``core/locale/``) is missing, has an untranslated or fuzzy entry, or its committed ``.mo`` does not
match the ``.po``. It uses polib, so CI needs no gettext tools. ``make messages`` fixes the second
kind.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
# The site's catalogue first, then the one each plugin carries (installed with it).
LOCALE_DIRS = (
    LOCALE_DIR,
    ROOT / "core" / "locale",
    ROOT / "blog" / "locale",
    ROOT / "trainings" / "locale",
)
LANGUAGES = ("es", "fr", "ar")


def problems(locale_dir: Path = LOCALE_DIR, languages=LANGUAGES) -> list[str]:
    found = []
    for code in languages:
        po_path = locale_dir / code / "LC_MESSAGES" / "django.po"
        mo_path = po_path.with_suffix(".mo")
        if not po_path.exists():
            found.append(f"{po_path}: missing")
            continue
        po = polib.pofile(str(po_path))
        for entry in po:
            if entry.obsolete:
                continue
            where = f"{po_path}:{entry.linenum}"
            if "fuzzy" in entry.flags:
                found.append(f"{where}: fuzzy entry {entry.msgid!r}")
            elif not entry.translated():
                found.append(f"{where}: untranslated {entry.msgid!r}")
        if not mo_path.exists():
            found.append(f"{mo_path}: missing (run make messages)")
            continue
        compiled = {
            (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural))
            for e in polib.mofile(str(mo_path))
            if e.msgid
        }
        expected = {
            (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural))
            for e in po.translated_entries()
            if e.msgid
        }
        if compiled != expected:
            found.append(f"{mo_path}: out of date with {po_path.name} (run make messages)")
    return found


def all_problems(locale_dirs=LOCALE_DIRS, languages=LANGUAGES) -> list[str]:
    return [found for locale_dir in locale_dirs for found in problems(locale_dir, languages)]


def main() -> int:
    found = all_problems()
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} catalogue problem(s)")
        return 1
    folders = ", ".join(str(d.relative_to(ROOT)) for d in LOCALE_DIRS)
    print(f"catalogues complete and compiled ({folders}): " + ", ".join(LANGUAGES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
