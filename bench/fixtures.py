"""Fill the benchmark database: the demo site, then posts and trainings at the sizes the issue
names, all in two languages (English and Spanish).

``python -m bench.fixtures [--db sqlite|postgres] [--scale full|small] [--rebuild]`` makes sure a
generated database exists for the current code and prints where it is. Generating takes a minute
or two, so the result is cached under ``var/bench/cache/`` (SQLite) or in a template database
``practice_bench_tpl_<key>`` (PostgreSQL), keyed on a hash of the migrations, models, demo loader,
this file and the sizes (see ``bench.config.fixture_key``); a run works on a copy of it.

What is written, and how:

* ``manage.py migrate`` and ``load_demo --no-user``: the demo site, with its bare StandardPages
  (the baseline) and whatever demo content the plugins add.
* A benchmark blog (``/en/bench-blog/``) with: the measured post (10,000 ratings, 100 approved
  comments), an empty post (no rating, no comment), a post with 100,000 ratings and one with
  1,000 comments (growth), a post that receives the POSTs, and filler posts so the index shows a
  full page of cards. Posts are created as an editor would (page tree, revision, publish) and
  translated into Spanish with wagtail-localize (``practice_site.demo.translation.translate``).
  Ratings and comments are ``bulk_create``d, a tenth of them on the Spanish translation, then
  the blog's own ``recompute_ratings`` command rebuilds the summaries.
* A training directory (``/en/bench-trainings/``) with 1,000 trainings fully assessed against the
  checklist in force, and its Spanish translation holding a translated page per training; two
  more directories with 100 and 10,000 trainings for the listing's growth ratio. There are far
  too many pages for the page-tree API (about 20 ms a page), so training pages are inserted in
  bulk with correct tree paths (see :func:`bulk_add_children`); their scores are computed by the
  plugin's own ``practice_trainings.services.score_answers`` and a sample is re-checked with
  ``recompute_assessment``. The Spanish training pages are created directly in the Spanish tree
  with the source's ``translation_key`` (not through wagtail-localize's sync, which would take
  minutes); the growth directories exist in English only, and their assessments carry the
  score but not the per-item answers, which only training pages and comparisons read.
* The blog's write limits are raised in the site's ``BlogSettings`` (1,000,000 a second), so the
  POST scenarios measure the write path, not the 429 answer.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from bench import config

ES_SUFFIX = " (ES)"
POST_BODY = [
    {"type": "heading", "value": {"text": "What the research says", "level": "h2"}},
    {
        "type": "paragraph",
        "value": (
            "<p>Regulation is learned in relationship before it is practised alone. Most of the "
            "trainings we review teach it as a skill; the better ones also teach the therapist "
            "to notice their own state first.</p>"
        ),
    },
    {
        "type": "paragraph",
        "value": (
            "<p>When you compare courses, look at who taught the material, how much supervised "
            "practice there is, and whether the course says plainly what it does not cover.</p>"
        ),
    },
    {
        "type": "quote",
        "value": {"quote": "Go slowly enough that the body can keep up.", "attribution": ""},
    },
]
TRAINING_DESCRIPTION = [
    {
        "type": "paragraph",
        "value": (
            "<p>A practical course with live demonstrations, small-group practice and a "
            "reading list. Recordings stay available for a year.</p>"
        ),
    }
]
FRAMEWORK_NAMES = ["Polyvagal theory", "Attachment theory", "Somatic experiencing", "IFS", "EMDR"]
FORMATS = ["online", "in_person", "hybrid", "self_paced"]
LANGUAGES = ["en", "es", "fr", "ar", "pt", "de"]


# ------------------------------------------------------------------------------------------------
# Progress
# ------------------------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on stderr: ``[step/steps] label  [#####.....]  45%  12.3 s``."""

    def __init__(self, steps: int):
        self.steps = steps
        self.step_number = 0
        self.label = ""
        self.started = time.monotonic()
        self.tty = sys.stderr.isatty()
        self._last_draw = 0.0

    def start(self, label: str):
        if self.step_number:
            self._draw(1, 1, final=True)
        self.step_number += 1
        self.label = label
        self._draw(0, 1)

    def update(self, done: int, total: int):
        now = time.monotonic()
        if done < total and now - self._last_draw < 0.2:
            return
        self._last_draw = now
        self._draw(done, total)

    def finish(self):
        self._draw(1, 1, final=True)

    def _draw(self, done, total, final=False):
        fraction = done / total if total else 1
        width = 30
        filled = int(width * fraction)
        line = (
            f"[{self.step_number}/{self.steps}] {self.label:<46.46} "
            f"[{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%} "
            f"{time.monotonic() - self.started:6.1f} s"
        )
        if self.tty:
            sys.stderr.write("\r" + line + ("\n" if final else ""))
        elif final or done == 0:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ------------------------------------------------------------------------------------------------
# Bulk page creation
# ------------------------------------------------------------------------------------------------


def bulk_add_children(parent, pages, progress=None, batch_size=1000):
    """Insert ``pages`` (unsaved instances of one specific page type) as live children of
    ``parent``, with the tree paths treebeard would give them, in a few queries per batch.

    Django's ``bulk_create`` refuses multi-table models, so the ``wagtailcore_page`` rows are
    bulk-created first and the specific rows inserted with the same primary keys. No revision,
    no search index entry, no signal: visitors' pages are served from the live rows alone.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    if not pages:
        return []
    parent = Page.objects.get(pk=parent.pk)
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    last = parent.get_last_child()
    position = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    specific_fields = list(model._meta.local_concrete_fields)
    done = 0
    for chunk in batches(pages, batch_size):
        rows = []
        for page in chunk:
            position += 1
            page.path = Page._get_path(parent.path, parent.depth + 1, position)
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.content_type = content_type
            page.live = True
            page.has_unpublished_changes = False
            page.draft_title = page.title
            page.first_published_at = page.last_published_at = now
            rows.append(Page(**{f.attname: getattr(page, f.attname) for f in page_fields}))
        Page.objects.bulk_create(rows)
        for page, row in zip(chunk, rows, strict=True):
            page.id = page.page_ptr_id = row.pk
            page._state.adding = False
        model._base_manager._insert(chunk, fields=specific_fields, using="default")
        done += len(chunk)
        if progress:
            progress.update(done, len(pages))
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def add_page(parent, page):
    """Create ``page`` below ``parent`` and publish it, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


# ------------------------------------------------------------------------------------------------
# The data
# ------------------------------------------------------------------------------------------------


def raise_write_limits():
    """The blog throttles writes per network; the load comes from one address, so lift them."""
    from wagtail.models import Site

    from practice_blog.models import BlogSettings

    blog_settings = BlogSettings.for_site(Site.objects.get(is_default_site=True))
    blog_settings.rating_rate_limits = "1000000/second"
    blog_settings.comment_rate_limits = "1000000/second"
    blog_settings.save()


def build_blog(home, en, es, sizes, progress, rng):
    from django.core.management import call_command
    from django.utils import timezone

    from practice_blog.models import BlogCategory, BlogIndexPage, BlogPostPage, Comment, Rating
    from practice_blog.ratings import scope_for
    from practice_site.demo.translation import translate

    progress.start("Blog: index and posts (both languages)")
    index = add_page(
        home,
        BlogIndexPage(title="Benchmark blog", slug="bench-blog", locale=en, posts_per_page=10),
    )
    translate(index, es, {"Benchmark blog": "Blog de referencia"})
    category = BlogCategory.objects.filter(locale=en).first() or BlogCategory.objects.create(
        name="Wellbeing", slug="wellbeing", locale=en
    )
    specs = [
        ("rated", sizes.ratings_on_post, sizes.comments_on_post),
        ("empty", 0, 0),
        ("many-ratings", sizes.ratings_for_growth, 0),
        ("many-comments", 0, sizes.comments_for_growth),
        ("writes", 0, 0),
    ] + [(f"filler-{n:02d}", 20, 3) for n in range(1, sizes.filler_posts + 1)]
    today = timezone.localdate()
    posts = {}
    for number, (slug, _ratings, _comments) in enumerate(specs):
        title = f"Choosing a trauma training, part {number + 1}"
        post = BlogPostPage(
            title=title,
            slug=slug,
            locale=en,
            summary="What to look for in a course before you pay for it.",
            body=POST_BODY,
            publication_date=today - timedelta(days=number),
        )
        post.tags.add("training", "regulation")
        post.categories = [category]
        add_page(index, post)
        spanish = translate(post, es, {title: f"Elegir una formación, parte {number + 1}"})
        posts[slug] = (post, spanish)
        progress.update(number + 1, len(specs))

    total_ratings = sum(r for _, r, _ in specs)
    progress.start(f"Blog: {total_ratings:,} ratings")
    written = 0
    for slug, count, _comments in specs:
        post, spanish = posts[slug]
        scope = scope_for(post)
        rows = []
        for n in range(count):
            page = spanish if n % 10 == 9 else post
            rows.append(
                Rating(
                    page_id=page.pk,
                    translation_key=post.translation_key,
                    locale_id=page.locale_id,
                    scope=scope,
                    voter_key=f"bench:{post.pk}:{n}",
                    stars=rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 2, 4, 6])[0],
                )
            )
        for chunk in batches(rows, 5000):
            Rating.objects.bulk_create(chunk)
            written += len(chunk)
            progress.update(written, total_ratings)

    progress.start("Blog: rating summaries (recompute_ratings)")
    call_command("recompute_ratings", stdout=io.StringIO())

    total_comments = sum(c for _, _, c in specs)
    progress.start(f"Blog: {total_comments:,} comments (+ Spanish ones, + pending ones)")
    now = timezone.now()
    rows = []
    for slug, _ratings, count in specs:
        post, spanish = posts[slug]
        # ``count`` approved comments on the English post, a tenth as many on the Spanish one,
        # and a few pending ones that must never show.
        for page, n_approved in ((post, count), (spanish, count // 10)):
            for n in range(n_approved + n_approved // 10):
                rows.append(
                    Comment(
                        page_id=page.pk,
                        translation_key=post.translation_key,
                        locale_id=page.locale_id,
                        author_name=f"Reader {n + 1}",
                        email="",
                        body=(
                            f"Comment {n + 1}: this matched what I saw in my own training, "
                            "especially the part about supervised practice."
                        ),
                        status=(
                            Comment.Status.APPROVED if n < n_approved else Comment.Status.PENDING
                        ),
                        created=now - timedelta(minutes=n + 1),
                    )
                )
    written = 0
    for chunk in batches(rows, 5000):
        Comment.objects.bulk_create(chunk)
        written += len(chunk)
        progress.update(written, len(rows))
    return {
        "blog_index": index.url,
        "blog_post": posts["rated"][0].url,
        "blog_post_id": posts["rated"][0].pk,
        "blog_post_es_id": posts["rated"][1].pk,
        "post_empty": posts["empty"][0].url,
        "post_many_ratings": posts["many-ratings"][0].url,
        "post_many_comments": posts["many-comments"][0].url,
        "write_post": posts["writes"][0].url,
        "write_post_id": posts["writes"][0].pk,
        "write_post_key": str(posts["writes"][0].translation_key),
    }


def ensure_frameworks_and_providers(en, es):
    from practice_trainings.models import Framework, Provider

    frameworks = list(Framework.objects.filter(locale=en))
    for name in FRAMEWORK_NAMES:
        if not any(f.name == name for f in frameworks):
            slug = name.lower().replace(" ", "-")
            if not Framework.objects.filter(slug=slug, locale=en).exists():
                frameworks.append(Framework.objects.create(name=name, slug=slug, locale=en))
    for framework in frameworks:
        if framework.get_translation_or_none(es) is None:
            spanish = framework.copy_for_translation(es)
            spanish.save()
    providers = list(Provider.objects.filter(locale=en))
    for n in range(len(providers), 10):
        providers.append(Provider.objects.create(name=f"Institute {n + 1}", website="", locale=en))
    spanish_frameworks = {f.translation_key: f for f in Framework.objects.filter(locale=es)}
    return frameworks, providers, spanish_frameworks


def make_trainings(
    index, count, prefix, rng, frameworks, providers, checklist, items, progress, answers=True
):
    """``count`` trainings below ``index``, each fully assessed; returns the English pages.

    ``answers=False`` stores the assessments (with their scores, which the listing sorts and
    filters by) without the per-item answer rows, which only the training page and the
    comparison read: the growth directories are only listed.
    """
    from django.utils import timezone

    from practice_trainings.models import Answer, Assessment, TrainingPage
    from practice_trainings.scoring import NOT_APPLICABLE
    from practice_trainings.services import score_answers

    pages = []
    for n in range(count):
        cost = rng.choice([None, 0, 150, 300, 450, 900, 1500])
        pages.append(
            TrainingPage(
                title=f"{prefix} training {n + 1:05d}",
                slug=f"{prefix.lower()}-training-{n + 1:05d}",
                locale_id=index.locale_id,
                summary="Skills for working with trauma, taught by experienced clinicians.",
                description=TRAINING_DESCRIPTION,
                provider_id=rng.choice(providers).pk,
                instructors="A. Teacher, B. Teacher",
                format=rng.choice(FORMATS),
                location="Online",
                total_hours=rng.choice([6, 12, 20, 40, 60]),
                ce_credits=rng.choice([None, 0, 6, 12, 20]),
                cost=cost,
                sliding_scale=rng.random() < 0.3,
                scholarships=rng.random() < 0.2,
                captions=rng.random() < 0.6,
                last_reviewed=timezone.localdate(),
            )
        )
    bulk_add_children(index, pages, progress)
    link_details(pages, rng, frameworks)
    now = timezone.now()
    assessments = []
    answer_values = []
    values_choices = ["0", "1", "2", "3", NOT_APPLICABLE]
    for page in pages:
        values = {
            item.pk: rng.choices(values_choices, weights=[1, 2, 3, 3, 1])[0] for item in items
        }
        result = score_answers(items, values)
        assessment = Assessment(
            training_id=page.pk,
            training_key=page.translation_key,
            checklist=checklist,
            reviewed_on=now.date(),
            score=result.score,
            coverage=result.coverage,
            band=result.band,
            strongest_section=result.strongest_section or "",
            section_scores=[
                {"section": s.section, "score": s.score, "coverage": s.coverage}
                for s in result.sections
            ],
            is_latest=True,
        )
        assessments.append(assessment)
        answer_values.append(values)
    for chunk in batches(assessments, 2000):
        Assessment.objects.bulk_create(chunk)
    rows = [
        Answer(assessment_id=assessment.pk, item_id=item_id, value=value)
        for assessment, values in zip(assessments, answer_values, strict=True)
        for item_id, value in values.items()
    ]
    if not answers:
        rows = []
    for chunk in batches(rows, 5000):
        Answer.objects.bulk_create(chunk)
    return pages


def link_details(pages, rng, frameworks, session_source=None):
    """Frameworks, sessions and languages of each training (bulk)."""
    from django.utils import timezone

    from practice_trainings.models import TrainingLanguage, TrainingPage, TrainingSession

    through = TrainingPage.frameworks.through
    links, sessions, languages = [], [], []
    now = timezone.now()
    for page in pages:
        for framework in rng.sample(frameworks, rng.randint(1, 3)):
            links.append(through(trainingpage_id=page.pk, framework_id=framework.pk))
        for order in range(rng.randint(0, 2)):
            start = now + timedelta(days=rng.randint(-30, 300))
            sessions.append(
                TrainingSession(
                    page_id=page.pk,
                    starts_at=start,
                    ends_at=start + timedelta(hours=6),
                    time_zone="UTC",
                    sort_order=order,
                )
            )
        for order, code in enumerate(rng.sample(LANGUAGES, rng.randint(1, 2))):
            languages.append(TrainingLanguage(page_id=page.pk, language=code, sort_order=order))
    for model, rows in (
        (through, links),
        (TrainingSession, sessions),
        (TrainingLanguage, languages),
    ):
        for chunk in batches(rows, 5000):
            model.objects.bulk_create(chunk)


def translate_trainings(pages, spanish_index, rng, spanish_frameworks, progress):
    """A Spanish page per training (same translation_key, so it shares the assessment)."""
    from practice_trainings.models import TrainingPage

    copies = []
    for page in pages:
        copy = TrainingPage(
            **{
                f.attname: getattr(page, f.attname)
                for f in TrainingPage._meta.concrete_fields
                if not f.primary_key and f.attname not in {"page_ptr_id", "path", "url_path"}
            }
        )
        copy.id = copy.page_ptr_id = None
        copy.locale_id = spanish_index.locale_id
        copy.title = page.title + ES_SUFFIX
        copy.translation_key = page.translation_key
        copies.append(copy)
    bulk_add_children(spanish_index, copies, progress)
    link_details(copies, rng, list(spanish_frameworks.values()) or [])
    return copies


def build_trainings_directories(home, en, es, sizes, progress, rng):
    from practice_site.demo.translation import translate
    from practice_site.models import StandardPage
    from practice_trainings.models import Assessment, Checklist, TrainingIndexPage
    from practice_trainings.services import recompute_assessment

    checklist = Checklist.in_force(en)
    items = list(checklist.items.all())
    frameworks, providers, spanish_frameworks = ensure_frameworks_and_providers(en, es)

    progress.start(f"Trainings: {sizes.trainings_assessed:,} assessed (English)")
    index = add_page(
        home,
        TrainingIndexPage(title="Benchmark trainings", slug="bench-trainings", locale=en),
    )
    spanish_index = translate(index, es, {"Benchmark trainings": "Formaciones de referencia"})
    pages = make_trainings(
        index,
        sizes.trainings_assessed,
        "Bench",
        rng,
        frameworks,
        providers,
        checklist,
        items,
        progress,
    )
    progress.start(f"Trainings: {sizes.trainings_assessed:,} Spanish translations")
    translate_trainings(pages, spanish_index, rng, spanish_frameworks, progress)

    # The stored scores must be what the plugin itself computes: re-check a sample.
    for page in rng.sample(pages, min(10, len(pages))):
        assessment = Assessment.objects.select_related("checklist").get(
            training_key=page.translation_key, is_latest=True
        )
        stored = assessment.score
        if recompute_assessment(assessment).score != stored:
            raise SystemExit(f"score of {page.title} drifted: {stored} != {assessment.score}")

    directories = {}
    for name, count in (("small", sizes.trainings_small), ("large", sizes.trainings_large)):
        progress.start(f"Trainings: growth directory of {count:,}")
        # One training directory per parent (max_count_per_parent), so each sits in a folder.
        folder = add_page(
            home,
            StandardPage(title=f"Benchmark {name}", slug=f"bench-{name}", locale=en),
        )
        directory = add_page(
            folder,
            TrainingIndexPage(title=f"Trainings ({count})", slug="trainings", locale=en),
        )
        make_trainings(
            directory,
            count,
            name.title(),
            rng,
            frameworks,
            providers,
            checklist,
            items,
            progress,
            answers=False,
        )
        directories[name] = directory.url
    chosen = rng.sample(pages, 4)
    return {
        "training_index": index.url,
        "training_index_es": spanish_index.url,
        "training_id": pages[0].pk,
        "training_url": pages[0].url,
        "compare_ids": [page.pk for page in chosen],
        "listing_small": directories["small"],
        "listing_large": directories["large"],
        "checklist_items": len(items),
    }


# ------------------------------------------------------------------------------------------------
# Generation (inside a Django process) and caching (outside it)
# ------------------------------------------------------------------------------------------------


def generate(scale: str, catalog_file: Path):
    """Fill the database named by DATABASE_URL; write the catalogue of what was made."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from wagtail.models import Locale, Page

    from practice_site.models import HomePage, StandardPage

    sizes = config.SCALES[scale]
    rng = random.Random(8)  # noqa: S311 - reproducible data, not security
    started = time.monotonic()
    progress = Progress(11)
    progress.start("Migrate")
    call_command("migrate", interactive=False, verbosity=0)
    progress.start("Demo site (load_demo --no-user)")
    call_command("load_demo", no_user=True, stdout=io.StringIO())
    en = Locale.objects.get(language_code="en")
    es = Locale.objects.get(language_code="es")
    home = HomePage.objects.get(locale=en, depth=2)
    baseline = StandardPage.objects.live().filter(locale=en).order_by("path").first()
    catalog = {
        "scale": scale,
        "sizes": asdict(sizes),
        "baseline": baseline.url,
        "baseline_title": baseline.title,
    }
    progress.start("Raise the blog's write limits")
    with transaction.atomic():
        raise_write_limits()
    with transaction.atomic():
        catalog.update(build_blog(home, en, es, sizes, progress, rng))
    with transaction.atomic():
        home = Page.objects.get(pk=home.pk).specific
        catalog.update(build_trainings_directories(home, en, es, sizes, progress, rng))
    progress.finish()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    catalog["generated_in_seconds"] = round(time.monotonic() - started, 1)
    catalog_file.write_text(json.dumps(catalog, indent=2, default=str))


def _postgres(sql: str, params=None):
    import psycopg

    with psycopg.connect(f"{config.POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        return (
            conn.execute(sql, params).fetchall()
            if sql.lstrip().upper().startswith("SELECT")
            else conn.execute(sql, params)
        )


def _drop_postgres(name: str):
    _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ensure(db: str, scale: str, rebuild: bool = False) -> tuple[str, Path]:
    """Make sure a generated database exists for this code; return (key, catalogue path)."""
    key = config.fixture_key(db, scale)
    catalog_file = config.catalog_path(db, key)
    config.CACHE_DIR.mkdir(parents=True, exist_ok=True)
    if catalog_file.exists() and not rebuild:
        if db == "sqlite" and config.sqlite_cache_path(key).exists():
            return key, catalog_file
        if db == "postgres":
            rows = _postgres(
                "SELECT 1 FROM pg_database WHERE datname = %s",
                (config.POSTGRES_TEMPLATE_PREFIX + key,),
            )
            if rows:
                return key, catalog_file
    print(f"Generating the benchmark database ({db}, scale {scale}, key {key})…", file=sys.stderr)
    # One generated database per kind is kept: drop the others and their catalogues.
    for stale in config.CACHE_DIR.glob(f"catalog-{db}-*.json"):
        stale.unlink()
    if db == "sqlite":
        for old in config.CACHE_DIR.glob("bench-*.sqlite3*"):
            old.unlink()
        target = config.CACHE_DIR / f"building-{key}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        url = config.database_url("sqlite", target)
    else:
        for (name,) in _postgres(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            (config.POSTGRES_TEMPLATE_PREFIX + "%",),
        ):
            _drop_postgres(name)
        name = config.POSTGRES_TEMPLATE_PREFIX + key
        _postgres(f'CREATE DATABASE "{name}"')
        url = config.database_url("postgres", name)
    building = catalog_file.with_suffix(".building")
    result = subprocess.run(
        [config.PYTHON, "-m", "bench.fixtures", "--generate", str(building), "--scale", scale],
        env=config.django_env(db, url),
        cwd=config.ROOT,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit("generating the benchmark database failed (see above)")
    if db == "sqlite":
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        target.rename(config.sqlite_cache_path(key))
    building.rename(catalog_file)
    return key, catalog_file


def working_copy(db: str, key: str) -> str:
    """A fresh copy of the generated database for one run; returns its DATABASE_URL."""
    if db == "sqlite":
        config.RUN_DIR.mkdir(parents=True, exist_ok=True)
        target = config.RUN_DIR / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        # The backup API copies a consistent snapshot even if the source is open elsewhere.
        with (
            sqlite3.connect(config.sqlite_cache_path(key)) as source,
            sqlite3.connect(target) as copy,
        ):
            source.backup(copy)
        return config.database_url("sqlite", target)
    _drop_postgres(config.POSTGRES_DB)
    _postgres(
        f'CREATE DATABASE "{config.POSTGRES_DB}" TEMPLATE "{config.POSTGRES_TEMPLATE_PREFIX}{key}"'
    )
    return config.database_url("postgres", config.POSTGRES_DB)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", choices=sorted(config.SCALES), default="full")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached database")
    parser.add_argument("--generate", metavar="CATALOG", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate:
        # Internal: run by ensure() in a process whose environment names the target database.
        sys.path.insert(0, str(config.ROOT))
        generate(args.scale, Path(args.generate))
        return
    key, catalog_file = ensure(args.db, args.scale, args.rebuild)
    print(f"benchmark database ready: key {key}, catalogue {catalog_file}")


if __name__ == "__main__":
    os.chdir(config.ROOT)
    main()
