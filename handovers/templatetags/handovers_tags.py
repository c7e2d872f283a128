"""Template tags of handovers, for pages of higher apps (the start page)."""

from django import template

from handovers.services import handovers_concerning, may_have_open_handovers, with_roles

register = template.Library()

#: Open handovers shown on the start page; "Meine Übergaben" lists all.
START_PAGE_HANDOVERS = 6


@register.simple_tag(takes_context=True)
def my_open_handovers(context):
    """The reader's open handovers (giving, taking over, in their units), newest first,
    with ``role``, ``done`` and ``total``; two queries, none for the many who have none
    (``may_have_open_handovers``)."""
    user = context["request"].user
    if not may_have_open_handovers(user):
        return []
    open_ones = handovers_concerning(user).filter(completed_at__isnull=True)
    return with_roles(open_ones.order_by("-created_at")[:START_PAGE_HANDOVERS], user)
