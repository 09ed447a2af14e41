"""What a host site adds to the plugins without forking them: StreamField blocks and API fields
contributed by functions registered with Wagtail's hooks (``wagtail.hooks``), read the first
time they are needed, once every app (and so every app's ``wagtail_hooks`` module) is loaded.

Migrations record only the plugins' own blocks (``HookStreamField.deconstruct``), so a host's
blocks never make ``makemigrations`` want a migration inside a plugin: they are stored as JSON
like any block, and a block type whose hook is gone is skipped when a page is read (Wagtail's
StreamField ignores unknown block types). See docs/extending.md.
"""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from wagtail.blocks import Block
from wagtail.blocks.definition_lookup import BlockDefinitionLookupBuilder
from wagtail.fields import StreamField


def hook_results(hook_name: str) -> list:
    """Everything the functions registered for ``hook_name`` return, in hook order."""
    from wagtail import hooks

    return [item for function in hooks.get_hooks(hook_name) for item in function()]


def extra_blocks(hook_name: str, taken: set[str]) -> list[tuple[str, Block]]:
    """The ``(name, block)`` pairs a host's hooks add; a name the plugin already uses, or a
    value that is not a block, is a configuration error named with the hook."""
    pairs = []
    for pair in hook_results(hook_name):
        try:
            name, block = pair
        except (TypeError, ValueError):
            raise ImproperlyConfigured(
                f"A {hook_name} hook returned {pair!r}: it must return (name, block) pairs."
            ) from None
        if not isinstance(block, Block):
            raise ImproperlyConfigured(
                f"A {hook_name} hook returned {block!r} for {name!r}: not a StreamField block."
            )
        if name in taken:
            raise ImproperlyConfigured(
                f"A {hook_name} hook adds a block named {name!r}, which is already taken."
            )
        taken.add(name)
        pairs.append((name, block))
    return pairs


class HookStreamField(StreamField):
    """A StreamField whose blocks are the plugin's own plus those a host's ``hook_name`` hook
    functions return (each returns a list of ``(name, block)`` pairs).

    Its migrations see a plain ``wagtail.fields.StreamField`` with the plugin's blocks only, so
    they are the same on every site.
    """

    def __init__(self, block_types, *, hook_name: str, **kwargs):
        self.hook_name = hook_name
        super().__init__(block_types, **kwargs)

    @property
    def own_stream_block(self):
        """The plugin's own StreamBlock (what migrations record)."""
        if "_own_stream_block" not in self.__dict__:
            self.__dict__["_own_stream_block"] = StreamField.stream_block.func(self)
        return self.__dict__["_own_stream_block"]

    @property
    def stream_block(self):
        own = self.own_stream_block
        if not apps.ready:
            # Hooks live in the apps' wagtail_hooks modules, importable once apps are ready;
            # nothing reads a page before that, so this answer is not kept.
            return own
        from wagtail import hooks

        # Kept per set of hook functions (registered once, at start-up; tests swap them).
        functions = tuple(hooks.get_hooks(self.hook_name))
        kept = self.__dict__.get("_extended_stream_block")
        if kept is not None and kept[0] == functions:
            return kept[1]
        extra = extra_blocks(self.hook_name, set(own.child_blocks))
        block = own
        if extra:
            block_class = type(own)
            declared = getattr(block_class, "base_blocks", {})
            local = [
                (name, child) for name, child in own.child_blocks.items() if name not in declared
            ]
            block = block_class(local + extra)
            block.set_meta_options(self.block_opts)
        self.__dict__["_extended_stream_block"] = (functions, block)
        return block

    def clone(self):
        # Django rebuilds a field from deconstruct(), which names a plain StreamField; the copy
        # keeps reading the hook.
        _name, _path, args, kwargs = self.deconstruct()
        return type(self)(*args, hook_name=self.hook_name, **kwargs)

    def deconstruct(self):
        name, _path, _args, kwargs = models.Field.deconstruct(self)
        lookup = BlockDefinitionLookupBuilder()
        block_types = [
            (child_name, lookup.add_block(child))
            for child_name, child in self.own_stream_block.child_blocks.items()
        ]
        kwargs["block_lookup"] = lookup.get_lookup_as_dict()
        return name, "wagtail.fields.StreamField", [block_types], kwargs


class HookAPIFields:
    """A page model's ``api_fields``: its own, then the ``APIField`` objects the functions
    registered for ``hook_name`` return (read when the API builds its schemas)."""

    def __init__(self, own, hook_name: str):
        self.own = list(own)
        self.hook_name = hook_name

    def __get__(self, instance, owner):
        # Wagtail's API v3 builds its page schemas when a plugin's ready() first imports it,
        # before apps.ready: hooks are read as soon as every model is loaded.
        if not apps.models_ready:
            return list(self.own)
        taken = {getattr(field, "name", field) for field in self.own}
        extra = hook_results(self.hook_name)
        for field in extra:
            if getattr(field, "name", field) in taken:
                raise ImproperlyConfigured(
                    f"A {self.hook_name} hook adds an API field named {field!r}, "
                    "which is already taken."
                )
            taken.add(getattr(field, "name", field))
        return [*self.own, *extra]
