"""Named places in a lower app's template that higher apps fill (``{% slot %}``).

A course page (``courses``) shows the learner's progress (``learning``), the profile
(``organisations``) the learner's certificates. The lower app must not load the higher
app's template tags, or it could not render without it and the layers would point both
ways. Instead its template names a place, ``{% load slots %}{% slot "course_action" %}``,
and every app above registers a Wagtail hook ``lernwerk_slot_<name>`` that fills it; the
hooks' ``order=`` is the order on the page.

A hook is called as ``fn(context, **kwargs)`` with the template context and the tag's
keyword arguments and returns HTML (``render_in`` renders one of its templates) or
nothing.
"""

from __future__ import annotations

from django.template import Context
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks

HOOK_PREFIX = "lernwerk_slot_"


def hook_name(slot: str) -> str:
    """The Wagtail hook that fills ``slot``: ``@hooks.register(hook_name("profile"))``."""
    return HOOK_PREFIX + slot


def render_in(context: Context, template_name: str, **values) -> SafeString:
    """Render ``template_name`` inside the slot's context, as ``{% include %}`` would:
    the page's variables, the request and the CSRF token stay available."""
    template = context.template.engine.get_template(template_name)
    with context.push(**values):
        return template.render(context)


def fill(context: Context, slot: str, **kwargs) -> SafeString:
    parts = (hook(context, **kwargs) for hook in hooks.get_hooks(hook_name(slot)))
    # Each part is rendered by a template (autoescaped) or marked safe by its hook.
    return mark_safe("".join(part for part in parts if part))  # noqa: S308
