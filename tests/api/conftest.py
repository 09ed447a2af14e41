"""Page and snippet fixtures of the plugins, shared with the API tests."""

from tests.blog.conftest import blog_index, blog_settings, post_factory  # noqa: F401
from tests.trainings.conftest import (  # noqa: F401
    checklist,
    make_training,
    provider,
    seeded,
    training_index,
)
