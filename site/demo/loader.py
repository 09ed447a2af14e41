"""Load the demo practice from the YAML files in ``data/`` (the format is in data/README.md).

A run goes part by part, each in its own transaction:

1. ``site.yaml``, ``blog.yaml``, ``trainings.yaml``: each item, in file order. An item the demo
   has not made yet is made and recorded (:class:`~practice_site.models.DemoRecord`: the key, the
   object, a hash of its data and a fingerprint of the object as the demo left it). A recorded
   item is left as it is, unless its data changed and the object still matches its fingerprint:
   then it is brought up to date.
2. ``translations/<language>.yaml``: a translation through wagtail-localize of each object the
   demo made (and still finds as it left it), every text field translated, published.
3. Visitors' comments and ratings, once every page exists in every language.

The owner's own content is never in the data, so it is never touched. Whatever the demo made
that someone has changed or deleted since is left alone, and the run says so.
"""

import datetime
import hashlib
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from ..models import DemoRecord, TranslatorTeam
from ..translators import ensure_translator_teams
from .translation import translate

DATA_DIR = Path(__file__).with_name("data")
PARTS = ("site", "blog", "trainings")
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RELATIVE_DATE = re.compile(r"^(?P<days>[+-]\d+)d(?: (?P<hour>\d{1,2}):(?P<minute>\d\d))?$")
DEFAULT_TIME = datetime.time(9, 0)
# A page is edited through revisions: its fingerprint is its state (a new draft or publication,
# a move, a lock), not its row, which also holds tree counters others' pages change.
PAGE_STATE = (
    "latest_revision_id",
    "live_revision_id",
    "live",
    "has_unpublished_changes",
    "url_path",
    "locked",
    "expired",
)
# What changes in other rows without anyone editing the object: an assessment's stored score
# (the plugin recomputes it), a user's last sign-in.
# Wagtail's publishing bookkeeping on snippets with drafts and revisions: a translation is
# published after the run commits (wagtail-localize publishes on commit), so these change after
# the record is written without anyone editing the content.
PUBLISHING_FIELDS = frozenset(
    {
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "live_revision",
        "latest_revision",
        "go_live_at",
        "expire_at",
        "locked",
        "locked_at",
        "locked_by",
    }
)

NOT_FINGERPRINTED = {
    "practice_trainings.Assessment": {
        "score",
        "coverage",
        "band",
        "strongest_section",
        "section_scores",
        "is_latest",
    },
    settings.AUTH_USER_MODEL: {"last_login"},
}


class DemoDataError(ValueError):
    """The data files are wrong; the message names the file's item and field."""


class LeftOut(Exception):  # noqa: N818 - an outcome, reported to the user, not an error
    """An item the demo cannot make in this database (the message says why)."""


class Later(Exception):  # noqa: N818 - control flow
    """A reference to an item further on in the data: the field is set once that item exists."""


def digest(value) -> str:
    """A stable hash of plain data, whatever the database returned it as."""

    def plain(obj):
        return obj.get_prep_value() if isinstance(obj, StreamValue) else str(obj)

    text = json.dumps(value, sort_keys=True, default=plain, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(obj) -> str:
    """A hash of a page's state, or of another object's row and child rows, as stored now."""
    if isinstance(obj, Page):
        return digest([getattr(obj, name) for name in PAGE_STATE])
    values = [
        field.value_from_object(obj)
        for field in obj._meta.concrete_fields
        if field.name not in NOT_FINGERPRINTED.get(field.model._meta.label, ())
        and field.name not in PUBLISHING_FIELDS
    ]
    if isinstance(obj, ClusterableModel):  # e.g. an assessment's answers
        for relation in get_all_child_relations(obj):
            rows = relation.related_model._base_manager.filter(**{relation.field.name: obj})
            values.append(
                [[f.value_from_object(row) for f in row._meta.concrete_fields] for row in rows]
            )
    return digest(values)


def references(value):
    """Every ``@key`` inside an item's value."""
    if isinstance(value, str) and value.startswith("@"):
        yield value[1:]
    elif isinstance(value, dict):
        for part in value.values():
            yield from references(part)
    elif isinstance(value, list):
        for part in value:
            yield from references(part)


def string_segments(instance) -> dict[str, list[str]]:
    """wagtail-localize's text segments of ``instance``, grouped by their path."""
    found = {}
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            found.setdefault(segment.path, []).append(segment.string.data)
    return found


class DemoLoader:
    """One run of the demo loader: ``steps()`` gives the parts to run, each in a transaction."""

    def __init__(self, data_dir=DATA_DIR, host="127.0.0.1", port=8000, users=True, password=""):
        from .kinds import KINDS

        self.kinds = KINDS
        self.data_dir = Path(data_dir)
        self.host, self.port, self.users, self.password = host, int(port), users, password
        self.today = timezone.localdate()
        self.items = {}  # key -> item, in the order of the files
        self.translations = {}  # language -> {key: translated fields}
        self.objects = {}  # key -> what the key stands for in this run (None: not available)
        self.untouched = set()  # keys whose object is still as the demo left it
        self.pending = []  # (key, field name, value) referring to items further on
        self.counts = Counter()
        self.notes = []
        self.read()

    # -- reading the data -----------------------------------------------------------------------

    def read(self):
        for part in PARTS:
            path = self.data_dir / f"{part}.yaml"
            for item in (self.load_yaml(path) if path.is_file() else None) or []:
                key = item.get("key")
                if not key or key in self.items:
                    raise DemoDataError(
                        f"{part}.yaml: an item without a key, or a repeated key {key!r}"
                    )
                if item.get("type") not in self.kinds:
                    raise DemoDataError(f"{key}: unknown type {item.get('type')!r}")
                self.items[key] = {**item, "part": part}
        for key, item in self.items.items():
            for name in references(item):
                if name not in self.items:
                    raise DemoDataError(f"{key}: refers to @{name}, which no item defines")
        languages = [code for code, _name in settings.LANGUAGES]
        for path in (self.data_dir / "translations").glob("*.yaml"):
            if path.stem not in languages:
                raise DemoDataError(f"translations/{path.name}: not a language in LANGUAGES")
        for language in languages:
            path = self.data_dir / "translations" / f"{language}.yaml"
            if not path.is_file():
                continue
            entries = self.load_yaml(path) or {}
            for key in entries:
                item = self.items.get(key, {})
                model = self.model(item) if "model" in item else None
                if (
                    not item
                    or not self.kind(key).translatable
                    or (model is not None and not issubclass(model, TranslatableMixin))
                ):
                    raise DemoDataError(f"translations/{path.name}: {key!r} is not translatable")
            self.translations[language] = entries

    @staticmethod
    def load_yaml(path):
        try:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)  # noqa: S506 - a safe loader
        except yaml.YAMLError as exc:
            raise DemoDataError(f"{path.name}: {exc}") from exc

    def kind(self, key):
        return self.kinds[self.items[key]["type"]]

    def model(self, item):
        from django.apps import apps

        try:
            return apps.get_model(item["model"])
        except (KeyError, LookupError, ValueError) as exc:
            raise DemoDataError(f"{item['key']}: unknown model {item.get('model')!r}") from exc

    # -- the run --------------------------------------------------------------------------------

    def steps(self):
        """``(label, callable)`` for each part; the caller runs each in a transaction."""
        names = dict(settings.LANGUAGES)
        yield "Languages and records", self.prepare
        for part in PARTS:
            yield f"{part.capitalize()}", lambda part=part: self.load_part(part)
        for language in self.translations:
            label = f"Translations: {names.get(language, language)}"
            yield label, lambda language=language: self.load_translations(language)
        if self.users:
            yield "Translator teams", self.grant_translator_teams
        yield "Visitors' comments and ratings", self.load_visitor_data

    def grant_translator_teams(self):
        """Each translator team may edit and publish its language's tree, which exists only once
        the home page is translated: grant it after the translations (idempotent)."""
        ensure_translator_teams()

    def prepare(self):
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            Locale.objects.get_or_create(language_code=code)
        self.source_locale = Locale.get_default()
        if Page.get_first_root_node() is None:  # a flushed database: recreate the tree's root
            Page.add_root(instance=Page(title="Root", slug="root", locale=self.source_locale))
        if self.users:  # the demo's translators join their language's group, made if missing
            teams = TranslatorTeam.objects.values("locale")
            if Locale.objects.exclude(pk=self.source_locale.pk).exclude(pk__in=teams).exists():
                ensure_translator_teams()
        self.records = {r.key: r for r in DemoRecord.objects.select_related("content_type")}
        self.recorded = {}  # key -> the recorded object, or None when it was deleted
        by_type = {}
        for record in self.records.values():
            by_type.setdefault(record.content_type, []).append(record)
        for content_type, records in by_type.items():
            model = content_type.model_class()
            found = model._base_manager.in_bulk(
                [model._meta.pk.to_python(r.object_id) for r in records]
            )
            for record in records:
                self.recorded[record.key] = found.get(model._meta.pk.to_python(record.object_id))

    def load_part(self, part):
        for key, item in self.items.items():
            if item["part"] == part and not self.kind(key).visitor:
                self.load_item(key)
        self.link_pending()

    def load_visitor_data(self):
        for key in self.items:
            if self.kind(key).visitor:
                self.load_item(key)

    def load_item(self, key):
        item, kind = self.items[key], self.kind(key)
        if kind.users_only and not self.users:
            self.objects[key] = None
            return
        if not kind.recorded(item):  # something the demo uses but never makes (seed data)
            self.objects[key] = obj = kind.existing(self, item)
            if obj is None:
                self.note(key, "not found as the data expects it; left out")
            else:
                self.untouched.add(key)
            return
        data_hash = self.data_hash(key)
        if key in self.records:
            self.objects[key] = obj = self.recorded[key]
            if obj is None:
                self.note(key, "deleted since the demo made it; not made again")
            elif kind.watched and fingerprint(obj) != self.records[key].fingerprint:
                self.note(key, "changed since the demo made it; left alone")
            else:
                self.untouched.add(key)
                if self.records[key].data_hash == data_hash:
                    self.counts["unchanged"] += 1
                elif self.make(key, lambda: kind.update(self, item, obj), data_hash):
                    self.counts["updated"] += 1
                else:
                    self.note(key, "changed in the data files; the demo keeps what it made")
            return
        self.objects[key] = None
        missing = sorted(
            name
            for name in references(item)
            if name in self.objects
            and self.objects[name] is None
            and not self.kinds[self.items[name]["type"]].users_only
        )
        if missing:
            self.note(key, f"needs {', '.join(missing)}, which the demo could not use; left out")
            return
        found = kind.find(self, item)
        if found is not None:
            self.counts["in the way"] += 1
            self.note(key, f"“{found}” is in the way and is not the demo's; left alone")
        elif self.make(key, lambda: kind.create(self, item), data_hash):
            self.untouched.add(key)
            self.counts["created"] += 1

    def make(self, key, action, data_hash):
        """Run ``action`` (a kind's create or update) and record its result."""
        try:
            obj = action()
        except LeftOut as exc:
            self.note(key, f"{exc}; left out")
            return False
        if obj is None:
            return False
        self.objects[key] = self.record(key, obj, data_hash)
        return True

    def record(self, key, obj, data_hash):
        """Record ``obj`` as the demo leaves it; return it as read back from the database."""
        fresh = type(obj)._base_manager.get(pk=obj.pk)  # as the next run will read it
        DemoRecord.objects.update_or_create(
            key=key,
            defaults={
                "content_type": ContentType.objects.get_for_model(fresh),
                "object_id": str(fresh.pk),
                "data_hash": data_hash,
                "fingerprint": fingerprint(fresh) if self.kind(key.split("@")[0]).watched else "",
            },
        )
        return fresh

    def link_pending(self):
        """Set the fields that referred to items further on, now that those exist."""
        waiting = []
        for key, model, name, value in self.pending:
            try:
                resolved = self.value(model, name, value, key)
            except Later:
                waiting.append((key, model, name, value))
                continue
            obj = self.objects[key]
            self.kind(key).link(self, obj, name, resolved)
            self.objects[key] = self.record(key, obj, self.data_hash(key))
        self.pending = waiting

    def data_hash(self, key):
        return digest([self.items[key], self.kind(key).context(self)])

    def note(self, key, message):
        self.counts["left alone"] += 1
        self.notes.append(f"{key}: {message}")

    # -- field values ---------------------------------------------------------------------------

    def ref(self, value, key):
        """The object an ``@key`` stands for (``Later`` when that item is further on)."""
        name = value[1:]
        if name not in self.objects:
            raise Later(name)
        return self.objects[name]

    def values(self, model, fields, key):
        """The item's fields as model values: ``(plain fields, relations set after saving)``."""
        plain, related = {}, {}
        for name, raw in fields.items():
            try:
                value = self.value(model, name, raw, key)
            except Later:
                self.pending.append((key, model, name, raw))
                continue
            field = model._meta.get_field(name)
            (related if field.many_to_many or field.one_to_many else plain)[name] = value
        return plain, related

    def value(self, model, name, raw, key, zone=None, shift=0):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist as exc:
            raise DemoDataError(f"{key}: {model._meta.label} has no field {name!r}") from exc
        if field.one_to_many:
            return list(self.children(field.related_model, raw, key))
        if field.many_to_many:
            return [self.ref(v, key) if str(v).startswith("@") else v for v in raw]
        if isinstance(raw, str) and raw.startswith("@"):
            return self.ref(raw, key)
        if isinstance(field, StreamField):
            return [{"type": kind, "value": v} for block in raw for kind, v in block.items()]
        if isinstance(field, models.DateTimeField):
            return self.when(raw, zone, shift, key)
        if isinstance(field, models.DateField):
            when = self.when(raw, zone, shift, key)
            return when.date() if isinstance(when, datetime.datetime) else when
        if isinstance(field, models.DecimalField) and raw is not None:
            return Decimal(str(raw))
        return raw

    def children(self, model, rows, key):
        """Child rows (a training's sessions...); ``repeat: n`` and ``every: days`` repeat one."""
        for row in rows:
            row = dict(row)
            repeat, every = row.pop("repeat", 1), row.pop("every", 0)
            for number in range(repeat):
                yield model(
                    **{
                        name: self.value(
                            model, name, raw, key, row.get("time_zone"), number * every
                        )
                        for name, raw in row.items()
                    }
                )

    def when(self, raw, zone=None, shift=0, key=""):
        """A date in the data: absolute, or ``-30d`` / ``+14d 18:30`` from the day of the run."""
        if isinstance(raw, datetime.date):
            return raw + datetime.timedelta(days=shift)
        match = RELATIVE_DATE.match(str(raw).strip())
        if match is None:
            raise DemoDataError(
                f"{key}: {raw!r} is not a date (write -30d, +14d 18:30 or 2026-05-01)"
            )
        day = self.today + datetime.timedelta(days=int(match["days"]) + shift)
        at = DEFAULT_TIME
        if match["hour"]:
            at = datetime.time(int(match["hour"]), int(match["minute"]))
        return datetime.datetime.combine(day, at, tzinfo=ZoneInfo(zone or settings.TIME_ZONE))

    # -- translations ---------------------------------------------------------------------------

    def load_translations(self, language):
        locale = Locale.objects.get(language_code=language)
        for key in self.items:  # in data order: parents and snippets before the pages using them
            fields = self.translations[language].get(key)
            if fields is not None:
                self.kind(key).translate(self, key, locale, fields)

    def translate_item(self, key, locale, fields):
        name = f"{key}@{locale.language_code}"
        source = self.objects.get(key)
        if source is None:
            return self.note(name, f"{key} is not there; not translated")
        data_hash = digest([fields, self.items[key]])
        record = self.records.get(name)
        if record is not None:
            target = self.recorded[name]
            if target is None:
                return self.note(name, "deleted since the demo made it; not made again")
            if fingerprint(target) != record.fingerprint:
                return self.note(name, "changed since the demo made it; left alone")
            if record.data_hash == data_hash:
                self.counts["unchanged"] += 1
                return None
        elif source.get_translation_or_none(locale) is not None:
            return self.note(name, "a translation the demo did not make exists; left alone")
        if key not in self.untouched:
            return self.note(name, f"{key} has changed since the demo made it; not translated")
        parent = source.get_parent() if isinstance(source, Page) and source.depth > 2 else None
        if parent is not None and parent.get_translation_or_none(locale) is None:
            return self.note(name, "its parent page is not translated; left out")
        target = translate(source, locale, self.segment_translations(name, source, fields))
        self.counts["created" if record is None else "updated"] += 1
        self.record(name, target, data_hash)
        return None

    def segment_translations(self, name, source, fields):
        """``{(path, source text): translation}`` for every text segment of ``source``.

        The translated fields are laid onto a copy of the source (same blocks, same child rows),
        so wagtail-localize cuts both into segments the same way; they are paired by path.
        """
        wanted = string_segments(source)
        given = string_segments(self.translated_copy(name, source, fields))
        expected = {path.split(".")[0] for path in wanted}
        if set(fields) != expected:
            missing, extra = sorted(expected - set(fields)), sorted(set(fields) - expected)
            raise DemoDataError(
                f"{name}: translate exactly the fields {sorted(expected)} "
                f"(missing {missing}, not translatable {extra})"
            )
        strings = {}
        for path, texts in wanted.items():
            translated = given.get(path, [])
            if len(translated) != len(texts):
                raise DemoDataError(
                    f"{name}: {path} has {len(texts)} text segments, its translation "
                    f"{len(translated)} (give the same paragraphs, list items and blocks)"
                )
            strings.update(((path, text), t) for text, t in zip(texts, translated, strict=True))
        return strings

    def translated_copy(self, name, source, fields):
        copy = type(source)._base_manager.get(pk=source.pk)  # never saved
        for field_name, value in fields.items():
            field = copy._meta.get_field(field_name)
            if isinstance(field, StreamField):
                blocks = getattr(copy, field_name).raw_data
                if len(value) != len(blocks):
                    raise DemoDataError(f"{name}: {field_name} needs {len(blocks)} blocks")
                stream = []
                for block, translated in zip(blocks, value, strict=True):
                    ((block_type, block_value),) = translated.items()
                    if block_type != block["type"]:
                        raise DemoDataError(f"{name}: {field_name} has {block['type']} here")
                    if isinstance(block_value, dict):  # only the text keys of a struct block
                        block_value = {**block["value"], **block_value}
                    stream.append({**block, "value": block_value})
                setattr(copy, field_name, stream)
            elif field.one_to_many:  # child rows given by their ``code`` (form fields: name)
                children = list(getattr(copy, field_name).all())
                for child in children:
                    code = getattr(child, "code", None) or getattr(child, "clean_name", None)
                    for child_field, text in value.get(code, {}).items():
                        setattr(child, child_field, text)
                setattr(copy, field_name, children)
            else:
                setattr(copy, field_name, value)
        return copy

    # -- the outcome ----------------------------------------------------------------------------

    def report(self):
        """What the run did, as lines to print."""
        counts = ", ".join(
            f"{self.counts[word]} {word}"
            for word in ("created", "updated", "unchanged", "left alone")
        )
        lines = [counts, *self.notes]
        if self.counts["in the way"] and not self.records:
            lines.append(
                "This database holds content the demo did not record (an older demo?): to load "
                "the demo, start from a fresh database."
            )
        return lines
