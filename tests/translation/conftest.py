"""The blog's and the trainings' fixtures, for tests that cross both plugins."""

from tests.blog.conftest import blog_index  # noqa: F401
from tests.trainings.conftest import (  # noqa: F401
    checklist,
    make_training,
    provider,
    seeded,
    training_index,
)
