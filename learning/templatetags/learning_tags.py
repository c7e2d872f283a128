"""Template tags through which course pages show what the learner did."""

from django import template

from learning.models import QuizAttempt

register = template.Library()


@register.simple_tag(takes_context=True)
def requested_quiz_attempt(context, module):
    """The attempt named by ``?versuch=`` if it is the reader's own, for this module."""
    request = context.get("request")
    attempt_id = request.GET.get("versuch", "") if request else ""
    if not attempt_id.isdigit():
        return None
    return QuizAttempt.objects.of(request.user).filter(pk=attempt_id, module=module).first()
