"""What each ``type:`` of item in the demo's data makes (see data/README.md).

A kind finds what would be in the way of a new item (something the demo did not make), creates
the item, and, where that makes sense, brings an untouched one up to date when its data changed.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db.models import Q, UniqueConstraint
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site, TranslatableMixin

from .loader import DemoDataError, Later, LeftOut

WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"


def set_related(obj, name, value):
    if obj._meta.get_field(name).one_to_many:
        setattr(obj, name, value)  # child rows (modelcluster keeps them until the next save)
    else:
        getattr(obj, name).set(value)


class Kind:
    translatable = False  # may appear in translations/<language>.yaml
    users_only = False  # skipped with --no-user
    visitor = False  # loaded after the translations
    watched = True  # fingerprinted: an edit by someone else makes the demo leave it alone

    def recorded(self, item):
        """False for an item naming something the demo uses but never makes."""
        return True

    def context(self, run):
        """What the item's data hash covers besides the item itself."""
        return None

    def existing(self, run, item):
        """The object an unrecorded item stands for (None: not found as the data expects).

        Only kinds whose ``recorded`` can say False find existing objects; for the others an
        unrecorded item is a mistake in the data files."""
        raise DemoDataError(f"{item['key']}: a {item['type']} item cannot name existing data")

    def find(self, run, item):
        return None

    def create(self, run, item):
        """Make the item's object. Kinds that only name existing data (seed data) make none."""
        raise DemoDataError(f"{item['key']}: the demo never makes a {item['type']} item")

    def update(self, run, item, obj):
        return None  # cannot be brought up to date: the demo keeps what it made

    def link(self, run, obj, name, value):
        setattr(obj, name, value)
        obj.save()

    def translate(self, run, key, locale, fields):
        run.translate_item(key, locale, fields)


class ModelKind(Kind):
    """A snippet or any plain model: ``model`` and ``fields``."""

    translatable = True

    def fields(self, run, item):
        return item.get("fields", {})

    def find(self, run, item):
        model = run.model(item)
        given = {}
        for name, value in self.fields(run, item).items():
            try:
                given[name] = run.ref(value, item["key"]) if str(value).startswith("@") else value
            except Later:  # an item further on: not part of what identifies this one
                continue
        if issubclass(model, TranslatableMixin):
            given["locale"] = run.source_locale
        unique = [(f.name,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
        unique += [tuple(names) for names in model._meta.unique_together]
        unique += [
            c.fields
            for c in model._meta.constraints
            if isinstance(c, UniqueConstraint) and c.fields and c.condition is None
        ]
        for names in unique:
            if "translation_key" not in names and all(n in given for n in names):
                found = model._default_manager.filter(**{n: given[n] for n in names}).first()
                if found is not None:
                    return found
        return None

    def create(self, run, item):
        model = run.model(item)
        obj = model()
        if issubclass(model, TranslatableMixin):
            obj.locale = run.source_locale
        return self.update(run, item, obj)

    def update(self, run, item, obj):
        plain, related = run.values(type(obj), self.fields(run, item), item["key"])
        for name, value in plain.items():
            setattr(obj, name, value)
        obj.save()
        for name, value in related.items():
            set_related(obj, name, value)
        if related:
            obj.save()
        return obj


class ExistingKind(ModelKind):
    """Seed data a migration made (``model`` and ``lookup``): translated, never made or edited."""

    def recorded(self, item):
        return False

    def existing(self, run, item):
        model = run.model(item)
        lookup = dict(item["lookup"])
        if issubclass(model, TranslatableMixin):
            lookup["locale"] = run.source_locale
        return model._default_manager.filter(**lookup).first()


class PageKind(ModelKind):
    """A page: ``model``, ``parent`` (another page's key; none for a home page) and ``fields``."""

    def parent(self, run, item):
        if item.get("parent"):
            return run.ref(item["parent"], item["key"])
        return Page.get_first_root_node()

    def find(self, run, item):
        slug = item["fields"]["slug"]
        found = self.parent(run, item).get_children().filter(slug=slug).first()
        if (
            found is not None
            and found.depth == 2
            and found.content_type.model_class() is Page
            and found.title == WAGTAIL_WELCOME_TITLE
            and found.numchild == 0
        ):
            found.delete()  # Wagtail's placeholder (and its default Site) make way for the demo
            return None
        return found

    def create(self, run, item):
        model = run.model(item)
        plain, related = run.values(model, item["fields"], item["key"])
        page = model(locale=run.source_locale, **plain)
        self.parent(run, item).add_child(instance=page)
        return self.publish(page, related)

    def update(self, run, item, page):
        plain, related = run.values(type(page), item["fields"], item["key"])
        for name, value in plain.items():
            setattr(page, name, value)
        return self.publish(page, related)

    @staticmethod
    def publish(page, related):
        for name, value in related.items():
            set_related(page, name, value)
        page.save_revision().publish()
        return page

    def link(self, run, page, name, value):
        field = page._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            self.publish(page, {name: value})
        else:
            setattr(page, name, value)
            self.publish(page, {})


class SiteKind(ModelKind):
    """The demo's Site: ``fields`` (root page, name); host and port are the ones it is served on."""

    translatable = False

    def context(self, run):
        return [run.host, run.port]

    def fields(self, run, item):
        return {**item["fields"], "hostname": run.host, "port": run.port, "is_default_site": True}

    def find(self, run, item):
        return Site.objects.filter(
            Q(is_default_site=True) | Q(hostname=run.host, port=run.port)
        ).first()

    def create(self, run, item):
        return self.update(run, item, Site())


class UserKind(ModelKind):
    """A demo login (development only), with the demo password: ``fields``, ``groups`` by name
    and ``translates`` (a language whose translator team the user joins)."""

    translatable = False
    users_only = True

    def find(self, run, item):
        return get_user_model().objects.filter(username=item["fields"]["username"]).first()

    def create(self, run, item):
        from practice_site.models import TranslatorTeam

        user = get_user_model()(**item["fields"])
        user.set_password(run.password)
        user.save()
        groups = list(Group.objects.filter(name__in=item.get("groups", [])))
        if item.get("translates"):
            groups += [
                team.group
                for team in TranslatorTeam.objects.filter(
                    locale__language_code=item["translates"]
                ).select_related("group")
            ]
        user.groups.set(groups)
        return user


class ImageKind(Kind):
    """An image: ``file`` (a path inside the data folder) and ``fields`` (title, description)."""

    def create(self, run, item):
        path = run.data_dir / item["file"]
        if not path.is_file():
            raise DemoDataError(f"{item['key']}: no image file {item['file']}")
        with path.open("rb") as handle:
            image = get_image_model()(**item["fields"], file=ImageFile(handle, name=path.name))
            image._set_image_file_metadata()
            image.save()
        return image


class ChecklistVersionKind(Kind):
    """A version of the trainings checklist: ``version``, ``published_at``; after the first,
    ``previous``, ``changelog`` and ``items`` (changes by item code). Version 1 is the plugin's
    migration's: the demo translates it and, while nothing uses it yet, dates it."""

    translatable = True

    def recorded(self, item):
        return item["version"] > 1

    def find(self, run, item):
        from practice_trainings.models import Checklist

        return Checklist.objects.filter(version=item["version"], locale=run.source_locale).first()

    def existing(self, run, item):
        from practice_trainings.models import Assessment, Checklist

        first = self.find(run, item)
        if first is None or not first.published_at:
            return None
        nothing_uses_it = not (
            Assessment.objects.exists() or Checklist.objects.exclude(pk=first.pk).exists()
        )
        if nothing_uses_it:
            published = run.when(item["published_at"], key=item["key"])
            Checklist.objects.filter(pk=first.pk).update(published_at=published)
            first.published_at = published
        return first

    def create(self, run, item):
        from practice_trainings.models import Checklist
        from practice_trainings.services import publish_version, start_new_version

        previous = run.ref(item["previous"], item["key"])
        try:
            draft = start_new_version(previous)
        except ValidationError as exc:
            raise LeftOut(" ".join(exc.messages)) from exc
        by_code = {row.code: row for row in draft.items.all()}
        for code, changes in item.get("items", {}).items():
            if code not in by_code:
                raise DemoDataError(f"{item['key']}: the checklist has no item {code!r}")
            for name, value in changes.items():
                setattr(by_code[code], name, value)
            by_code[code].save()
        publish_version(draft, changelog=item["changelog"])
        # Published on its date in the demo's story, never before the version it follows.
        published = max(
            run.when(item["published_at"], key=item["key"]),
            previous.published_at + datetime.timedelta(days=1),
        )
        Checklist.objects.filter(pk=draft.pk).update(published_at=min(published, timezone.now()))
        return draft


class EvidenceNotesKind(Kind):
    """``notes``: the evidence note an answer of 2 or 3 gets, by where it was seen. Translated in
    translations/<language>.yaml; assessments add the translations to their answers."""

    translatable = True

    def recorded(self, item):
        return False

    def existing(self, run, item):
        return item["notes"]

    def translate(self, run, key, locale, fields):
        pass  # each assessment writes its answers' translated notes


class AssessmentKind(Kind):
    """A training's assessment: ``training``, ``checklist``, ``reviewer`` / ``second_reviewer`` /
    ``third_reviewer`` (users), ``reviewed_on``, ``evidence`` (the evidence notes) and
    ``answers``: item code -> ``"<answer>[/<second>[/<third reviewer's answer>]] [<source>]"``,
    e.g. ``"2/0 interview"``."""

    def find(self, run, item):
        from practice_trainings.models import Assessment

        training = run.ref(item["training"], item["key"])
        return Assessment.objects.filter(
            training_key=training.translation_key, checklist=run.ref(item["checklist"], item["key"])
        ).first()

    @staticmethod
    def user(run, item, name):
        return run.ref(item[name], item["key"]) if item.get(name) else None

    def create(self, run, item):
        from practice_trainings.models import Assessment

        return self.update(run, item, Assessment(training=run.ref(item["training"], item["key"])))

    def update(self, run, item, assessment):
        from practice_trainings.evidence import import_translated_notes
        from practice_trainings.models import Answer
        from practice_trainings.services import ensure_answers, recompute_assessment

        key = item["key"]
        assessment.checklist = checklist = run.ref(item["checklist"], key)
        # Never reviewed before the checklist version it uses was published.
        assessment.reviewed_on = max(
            run.when(item["reviewed_on"], key=key).date(),
            timezone.localdate(checklist.published_at),
        )
        assessment.reviewer = self.user(run, item, "reviewer")
        assessment.second_reviewer = self.user(run, item, "second_reviewer")
        assessment.third_reviewer = self.user(run, item, "third_reviewer")
        assessment.save()
        ensure_answers(assessment)
        notes = run.ref(item["evidence"], key)
        answers = list(Answer.objects.filter(assessment=assessment).select_related("item"))
        for answer in answers:
            spec = item["answers"].get(answer.item.code)
            if spec is None:
                raise DemoDataError(f"{key}: no answer for {answer.item.code}")
            value, _, source = str(spec).partition(" ")
            if source and source not in notes:
                raise DemoDataError(f"{key}: {answer.item.code} has an unknown source {source!r}")
            answer.value, _, others = value.partition("/")
            answer.second_value, _, answer.third_value = others.partition("/")
            answer.source = source
            answer.checked_on = assessment.reviewed_on if answer.value != "unknown" else None
            strong = set(answer.reviewer_values) & {"2", "3"}
            answer.evidence_note = notes[source] if strong else ""
        Answer.objects.bulk_update(
            answers,
            ["value", "second_value", "third_value", "source", "evidence_note", "checked_on"],
        )
        assessment = recompute_assessment(assessment)
        # The notes' translations go through wagtail-localize, as a translator's would.
        for language, entries in run.translations.items():
            if item["evidence"][1:] not in entries:
                continue
            translated = entries[item["evidence"][1:]]
            import_translated_notes(
                assessment,
                Locale.objects.get(language_code=language),
                {a.pk: translated[a.source] for a in answers if a.evidence_note},
            )
        return assessment


class CommentKind(Kind):
    """A visitor's comment (or the practice's reply): ``post``, ``language`` (on a translation of
    the post), ``reply_to`` and ``fields`` (author_name, body, status, created...)."""

    visitor = True

    def create(self, run, item):
        from practice_blog.models import Comment

        page = run.ref(item["post"], item["key"])
        if item.get("language"):
            page = page.get_translation_or_none(Locale.objects.get(language_code=item["language"]))
            if page is None:
                raise LeftOut(f"the post has no {item['language']} translation")
        comment = Comment(
            page=page,
            translation_key=page.translation_key,
            locale_id=page.locale_id,
            parent=run.ref(item["reply_to"], item["key"]) if item.get("reply_to") else None,
        )
        return self.update(run, item, comment)

    def update(self, run, item, comment):
        plain, _related = run.values(type(comment), item["fields"], item["key"])
        for name, value in plain.items():
            setattr(comment, name, value)
        comment.save()
        return comment


class RatingsKind(Kind):
    """Visitors' star ratings of a post: ``post``, ``stars`` (number of ratings per star count)
    and ``from`` (the first rating's date; the others follow, spread until today)."""

    visitor = True
    watched = False  # visitors keep rating: the totals are not the demo's to guard

    def create(self, run, item):
        from practice_blog.models import Rating, RatingSummary
        from practice_blog.ratings import scope_for
        from practice_blog.services import rate
        from practice_blog.visitors import Visitor

        post = run.ref(item["post"], item["key"])
        votes = [int(stars) for stars, count in item["stars"].items() for _ in range(count)]
        random.Random(item["key"]).shuffle(votes)  # noqa: S311 - the same order on every run
        first = run.when(item["from"], key=item["key"])
        span = timezone.now() - first
        for number, stars in enumerate(votes):
            voter = f"demo:{item['key']}:{number}"
            rate(post, stars, Visitor(voter_key=voter, network_key=voter))
            at = first + span * (number + 0.5) / len(votes)
            Rating.objects.filter(scope=scope_for(post), voter_key=voter).update(
                created=at, updated=at
            )
        return RatingSummary.objects.get(scope=scope_for(post))


KINDS = {
    "page": PageKind(),
    "snippet": ModelKind(),
    "existing": ExistingKind(),
    "site": SiteKind(),
    "setting": ModelKind(),
    "user": UserKind(),
    "image": ImageKind(),
    "checklist-version": ChecklistVersionKind(),
    "evidence-notes": EvidenceNotesKind(),
    "assessment": AssessmentKind(),
    "comment": CommentKind(),
    "ratings": RatingsKind(),
}
