"""Template tags through which course pages show what the learner did."""

from django import template

from learning.forms import AttemptParameterForm
from learning.models import CourseCompletion, ModuleProgress, ProgressStatus, QuizAttempt
from learning.obligations import obligations_of
from learning.progress import courses_in_progress, standing_in_course

register = template.Library()


@register.simple_tag(takes_context=True)
def requested_quiz_attempt(context, module):
    """The attempt named by ``?versuch=`` if it is the reader's own, for this module."""
    request = context.get("request")
    form = AttemptParameterForm(request.GET if request else {})
    if not form.is_valid():
        return None
    attempt_id = form.cleaned_data["versuch"]
    return QuizAttempt.objects.of(request.user).filter(pk=attempt_id, module=module).first()


@register.simple_tag(takes_context=True)
def course_standing(context, course, modules):
    """The reader's position in a course: done/total, next module, completion."""
    return standing_in_course(context["request"].user, course, list(modules))


@register.simple_tag(takes_context=True)
def module_status(context, module):
    """The reader's status in one module (a ``ProgressStatus`` value)."""
    status = (
        ModuleProgress.objects.of(context["request"].user)
        .filter(module=module)
        .values_list("status", flat=True)
        .first()
    )
    return status if status is not None else ProgressStatus.NOT_STARTED


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
    return obligations_of(context["request"].user).filter(course=course).first()
