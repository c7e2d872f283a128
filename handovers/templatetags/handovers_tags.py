"""Template tags of handovers, for pages of higher apps (the start page)."""

from django import template

from handovers.services import handovers_concerning, with_roles

register = template.Library()

#: Open handovers shown on the start page; "Meine Übergaben" lists all.
START_PAGE_HANDOVERS = 6


@register.simple_tag(takes_context=True)
def my_open_handovers(context):
    """The reader's open handovers (giving, taking over, in their units), newest first,
    with ``role``, ``done`` and ``total``; two queries."""
    user = context["request"].user
    open_ones = handovers_concerning(user).filter(completed_at__isnull=True)
    return with_roles(open_ones.order_by("-created_at")[:START_PAGE_HANDOVERS], user)
