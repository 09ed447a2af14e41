"""What a home page features from the plugins: the latest posts of each blog index, the
best-scored trainings of each training directory (docs/extending.md, "Featured on the home
page").

A plugin's index page model defines ``featured_for_home(home, request)`` returning a dict with
``heading``, ``items``, ``index``, ``more_label`` and ``template`` (or None); the host's home
page, this project's included, collects them with :func:`featured_sections` (or the
``{% featured_sections %}`` tag), so it never needs to know the plugins' models.
"""

from wagtail import hooks


def featured_sections(home, request) -> list[dict]:
    """The non-empty sections offered by the index pages directly below ``home``, in page order."""
    sections = []
    for child in home.get_children().live().public().specific().defer_streamfields():
        feature = getattr(child, "featured_for_home", None)
        if feature is None:
            continue
        section = feature(home, request)
        if section and section.get("items"):
            sections.append(section)
    return sections


def chosen_items(hook_name: str, index, request, items):
    """``items`` as the plugin chose them, or what the last function registered for
    ``hook_name`` returns instead (it receives the index page, the request and that choice)."""
    for function in hooks.get_hooks(hook_name):
        items = function(index, request, items)
    return list(items)
