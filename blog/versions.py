"""The blog's content-version scopes (see :mod:`practice_core.versions`).

Ratings and comments change often and show in few places, so they do not raise the site-wide
``content`` version: a change raises its post's scope (the post's page, its API detail) and the
blog's activity scope (the journal's cards show every post's figures), in its transaction.
"""

#: Every post's figures, as the journal's cards show them.
ACTIVITY = "practice_blog.activity"


def post_scope(translation_key) -> str:
    """The scope of one post's ratings and comments, in every language."""
    return f"practice_blog.post:{translation_key}"


def visitor_data_scopes(instance) -> tuple[str, ...]:
    """What a rating or comment change raises (``register_content_version_models``)."""
    return (ACTIVITY, post_scope(instance.translation_key))
