"""Read (and, for a scenario's set-up, prepare) the live server's demo data from outside.

The browser tests never import Django models into the pytest process: the live server owns its
own SQLite file. They run this module in a subprocess with the server's settings instead::

    python -m tests.e2e.demo_data pages

and read the JSON it prints. Each command is one small, named question about the demo content.
"""

import json
import sys

PAGE_TYPES = {
    # page type shown to a visitor -> (app label, model name)
    "home": ("practice_site", "HomePage"),
    "standard": ("practice_site", "StandardPage"),
    "blog_index": ("practice_blog", "BlogIndexPage"),
    "post": ("practice_blog", "BlogPostPage"),
    "training_index": ("practice_trainings", "TrainingIndexPage"),
    "training": ("practice_trainings", "TrainingPage"),
    "methodology": ("practice_trainings", "ChecklistMethodologyPage"),
}


def _model(app_label, model_name):
    from django.apps import apps

    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _most_discussed_first(posts):
    """Posts with the most visitor ratings and comments first: the scenarios show them off."""
    from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
    from django.db.models.functions import Coalesce

    RatingSummary = _model("practice_blog", "RatingSummary")
    Comment = _model("practice_blog", "Comment")
    ratings = RatingSummary.objects.filter(translation_key=OuterRef("translation_key"))
    comments = (
        Comment.objects.filter(translation_key=OuterRef("translation_key"))
        .values("translation_key")
        .annotate(total=Count("pk", filter=Q(status="approved")))
        .values("total")
    )
    return posts.annotate(
        activity=Coalesce(
            Subquery(ratings.order_by("-count").values("count")[:1]),
            Value(0),
            output_field=IntegerField(),
        )
        + Coalesce(Subquery(comments[:1]), Value(0), output_field=IntegerField())
    ).order_by("-activity")


def pages():
    """The URL of one live page of each type in each language, and the site-wide routes.

    ``{"pages": {type: {language: url}}, "languages": [...]}``; a type the demo has no page of in
    a language is simply absent there, so a test can say what is missing.
    """
    from django.conf import settings

    languages = [code for code, _name in settings.LANGUAGES]
    found = {}
    for kind, (app_label, model_name) in PAGE_TYPES.items():
        model = _model(app_label, model_name)
        if model is None:
            continue
        for code in languages:
            queryset = model.objects.live().public().filter(locale__language_code=code)
            if kind == "post":
                queryset = _most_discussed_first(queryset)
            page = queryset.order_by(*queryset.query.order_by, "-first_published_at", "pk").first()
            if page is not None:
                found.setdefault(kind, {})[code] = page.get_url()
    post_model = _model("practice_blog", "BlogPostPage")
    if post_model is not None:
        noted = (
            post_model.objects.live()
            .public()
            .filter(locale__language_code="en")
            .exclude(content_note="")
            .order_by("pk")
            .first()
        )
        if noted is not None:
            found["post_with_content_note"] = {"en": noted.get_url()}
    if "training_index" in found:
        found["comparison"] = {}
        TrainingPage = _model("practice_trainings", "TrainingPage")
        for code, index_url in found["training_index"].items():
            ids = list(
                TrainingPage.objects.live()
                .public()
                .filter(locale__language_code=code)
                .order_by("pk")
                .values_list("pk", flat=True)[:2]
            )
            if len(ids) == 2:
                found["comparison"][code] = f"{index_url}compare/?" + "&".join(
                    f"ids={pk}" for pk in ids
                )
    TrainingPage = _model("practice_trainings", "TrainingPage")
    if TrainingPage is not None:
        for code in languages:
            for training in (
                TrainingPage.objects.live()
                .public()
                .filter(locale__language_code=code)
                .order_by("pk")
            ):
                if any(block.block_type == "quote" for block in training.description):
                    found.setdefault("training_with_quote", {})[code] = training.get_url()
                    break
    found["search"] = {code: f"/{code}/search/?q=care" for code in languages}
    found["not_found"] = {code: f"/{code}/no-such-page-here/" for code in languages}
    return {"pages": found, "languages": languages}


def new_post(slug, title, summary, paragraph):
    """Publish a new English post (the owner has just written it): ``{"id", "url"}``.

    Scenarios that change a post (translating it) work on a post of their own, so they never
    depend on what another scenario did to the demo's posts.
    """
    from wagtail.rich_text import RichText

    BlogIndexPage = _model("practice_blog", "BlogIndexPage")
    BlogPostPage = _model("practice_blog", "BlogPostPage")
    index = BlogIndexPage.objects.live().filter(locale__language_code="en").order_by("pk").first()
    post = BlogPostPage.objects.child_of(index).filter(slug=slug).first()
    if post is None:
        post = BlogPostPage(
            title=title,
            slug=slug,
            summary=summary,
            body=[("paragraph", RichText(f"<p>{paragraph}</p>"))],
        )
        index.add_child(instance=post)
        post.save_revision().publish()
    return {"id": post.pk, "url": post.get_url()}


def comment_thread(language, author_name, body):
    """A visitor's comment (with an email address and a reply from the practice) on the demo's
    first live post in ``language``: ``{"comment", "reply", "post_title"}`` (their ids)."""
    Comment = _model("practice_blog", "Comment")
    BlogPostPage = _model("practice_blog", "BlogPostPage")
    post = BlogPostPage.objects.live().filter(locale__language_code=language).order_by("pk")[0]
    common = {"page": post, "translation_key": post.translation_key, "locale": post.locale}
    comment = Comment.objects.create(
        author_name=author_name,
        body=body,
        email="visitor-e2e@example.org",
        notify_on_reply=True,
        status="approved",
        **common,
    )
    reply = Comment.objects.create(
        author_name="Willow & Stone",
        body="Thank you for writing.",
        parent=comment,
        is_practice_reply=True,
        status="approved",
        **common,
    )
    return {"comment": comment.pk, "reply": reply.pk, "post_title": post.title}


def checklist_screens():
    """The admin URLs of the checklist's screens: the version in force's edit screen ("New
    version", "Compare with previous"), a draft next version's ("Publish this version") and its
    comparison. The draft is made once (as "New version" would) and reused."""
    from django.urls import reverse

    from practice_trainings.services import start_new_version

    Checklist = _model("practice_trainings", "Checklist")
    in_force = Checklist.in_force()
    draft = Checklist.objects.filter(
        locale=in_force.locale, published_at__isnull=True, version__gt=in_force.version
    ).first()
    if draft is None:
        draft = start_new_version(in_force)

    def edit(checklist):
        return reverse("wagtailsnippets_practice_trainings_checklist:edit", args=[checklist.pk])

    return {
        "in_force": edit(in_force),
        "draft": edit(draft),
        "compare": reverse("wagtailsnippets_practice_trainings_checklist:compare", args=[draft.pk]),
    }


COMMANDS = {
    "pages": pages,
    "checklist-screens": checklist_screens,
    "new-post": new_post,
    "comment-thread": comment_thread,
}


def main(argv):
    import django

    django.setup()
    command = COMMANDS[argv[0]]
    print(json.dumps(command(*argv[1:])))


if __name__ == "__main__":
    main(sys.argv[1:])
