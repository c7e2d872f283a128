"""Template tags for admin templates that Lernwerk overrides to narrow what they list."""

from django import template

from organisations.admin_listings import page_type_usage_for

register = template.Library()


@register.simple_tag
def page_type_usage(page_types, user):
    """The page types usage report's rows, counted among the pages ``user`` may list."""
    return page_type_usage_for(page_types, user)
