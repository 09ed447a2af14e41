"""Check the project's gettext catalogues: complete, not fuzzy, and compiled.

``python -m practice_site.catalogues`` exits non-zero, listing every problem, when a catalogue
in ``locale/`` has an untranslated or fuzzy entry, or its committed ``.mo`` does not match the
``.po``. It uses polib, so CI needs no gettext tools. ``make messages`` fixes the second kind.
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
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


def main() -> int:
    found = problems()
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} catalogue problem(s)")
        return 1
    print("catalogues complete and compiled: " + ", ".join(LANGUAGES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
