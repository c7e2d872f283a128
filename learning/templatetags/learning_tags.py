"""Template tags of learning's own templates: what the reader did and must do."""

from django import template

from learning.models import CourseCompletion
from learning.obligations import obligation_for, obligations_of
from learning.progress import courses_in_progress

register = template.Library()


@register.simple_tag(takes_context=True)
def my_courses_in_progress(context):
    return courses_in_progress(context["request"].user)


@register.simple_tag(takes_context=True)
def my_completions(context):
    return list(CourseCompletion.objects.of(context["request"].user))


@register.simple_tag(takes_context=True)
def my_obligations(context):
    """The reader's assigned trainings, soonest due first (one query)."""
    return list(obligations_of(context["request"].user))


@register.simple_tag(takes_context=True)
def my_obligation_for(context, course):
    """The reader's most pressing obligation for this course, if it is assigned."""
    return obligation_for(context["request"].user, course)
