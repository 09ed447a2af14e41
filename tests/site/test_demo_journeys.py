"""The full demo over time: an owner works on the site, then the demo is loaded again.

Loaded as ``make serve DEMO=1`` does (the production profile's ``--no-user``, DEBUG off). The
re-run must change nothing of the owner's: no edit, no publication, no translation.
"""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.models import Locale, Page

from practice_blog.models import BlogPostPage
from practice_site.demo.translation import translate
from practice_site.models import HomePage, StandardPage
from practice_trainings.models import Checklist, TrainingIndexPage, TrainingPage
from practice_trainings.services import publish_version, start_new_version
from tests.conftest import demo_snapshot, ensure_migrated_seed


def load_demo():
    out = StringIO()
    call_command("load_demo", "--no-user", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_re_run_after_months_of_owner_work_leaves_all_of_it_alone(django_user_model):
    ContentType.objects.clear_cache()  # an earlier flush gave the content types new ids
    ensure_migrated_seed()
    load_demo()
    owner = django_user_model.objects.create_superuser("owner", "owner@example.com", "pw")
    english, spanish = (
        Locale.objects.get(language_code="en"),
        Locale.objects.get(language_code="es"),
    )

    # The owner adds a training to the demo's directory...
    directory = TrainingIndexPage.objects.get(locale=english)
    training = directory.add_child(
        instance=TrainingPage(title="Grounding Skills Weekend", slug="grounding", summary="Ours.")
    )
    training.save_revision(user=owner).publish(user=owner)
    # ...edits one of the demo's posts...
    post = BlogPostPage.objects.get(locale=english, slug="what-happens-in-a-first-session")
    post.title = "Your first session with us"
    post.save_revision(user=owner).publish(user=owner)
    # ...publishes a new checklist version...
    draft = start_new_version(Checklist.in_force(english))
    publish_version(draft, changelog="We weigh accessibility more.")
    # ...and writes a page of their own, with its Spanish translation.
    home = HomePage.objects.get(locale=english)
    fees = home.add_child(instance=StandardPage(title="Fees", slug="fees", introduction="Ours."))
    fees.save_revision(user=owner).publish(user=owner)
    translate(fees, spanish, {"Fees": "Tarifas", "fees": "tarifas", "Ours.": "Las nuestras."})
    before = demo_snapshot()

    output = load_demo()

    assert demo_snapshot() == before
    assert "post/first-session: changed since the demo made it; left alone" in output
    assert "0 created, 0 updated" in output
    post.refresh_from_db()
    assert post.title == "Your first session with us" and post.live_revision.user == owner
    assert Page.objects.filter(translation_key=training.translation_key).count() == 1
    assert Checklist.objects.filter(translation_key=draft.translation_key).count() == 1
    assert StandardPage.objects.get(locale=spanish, translation_key=fees.translation_key).title == (
        "Tarifas"
    )
