"""Post body blocks render headings, lists, quotes and images with their alt text."""

import json

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

pytestmark = pytest.mark.django_db


def test_body_blocks_render_with_alt_text_and_lists(client, post_factory):
    image = Image.objects.create(title="Forest", file=get_test_image_file())
    raw = [
        ("heading", {"text": "Section", "level": "h2"}),
        ("heading", {"text": "Sub-section", "level": "h3"}),
        ("paragraph", "<ol><li>first</li><li>second</li></ol>"),
        ("quote", {"quote": "Go slowly.", "attribution": "A client"}),
        (
            "image",
            {
                "image": {
                    "image": image.pk,
                    "alt_text": "A path through birches",
                    "decorative": False,
                },
                "caption": "Early spring",
            },
        ),
    ]
    # The stored (JSON) form, as the editor saves it.
    post = post_factory(body=json.dumps([{"type": t, "value": v} for t, v in raw]))
    content = client.get(post.url).content.decode()
    assert "<h2>Section</h2>" in content
    assert "<h3>Sub-section</h3>" in content
    assert "<ol><li>first</li><li>second</li></ol>" in content
    assert "<figcaption>A client</figcaption>" in content
    assert 'alt="A path through birches"' in content
    assert "<figcaption>Early spring</figcaption>" in content
