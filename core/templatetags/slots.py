"""``{% slot "name" key=value %}``: see ``core.slots``."""

from django import template

from core.slots import fill

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name, **kwargs):
    return fill(context, name, **kwargs)
