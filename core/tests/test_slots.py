from django.template import Context, Template
from wagtail import hooks

from core.slots import hook_name, render_in


def _render(source: str, **values) -> str:
    return Template("{% load slots %}" + source).render(Context(values))


def test_an_unfilled_slot_renders_nothing():
    assert _render('[{% slot "nobody_fills_this" %}]') == "[]"


def test_every_registered_hook_fills_the_slot_in_order_with_the_tag_arguments():
    def first(context, item):
        return f"<b>{item}</b>"

    def second(context, item):
        return None  # a hook may decline

    def third(context, item):
        return render_in(context, "core/tests/slot_item.html", label=f"{item}!")

    name = hook_name("test_slot")
    with (
        hooks.register_temporarily(name, third, order=3),
        hooks.register_temporarily(name, first, order=1),
        hooks.register_temporarily(name, second, order=2),
    ):
        html = _render('{% slot "test_slot" item=name %}', name="Kurs", owner="Blomberg")
    assert html == "<b>Kurs</b><i>Kurs! (Blomberg)</i>\n"
