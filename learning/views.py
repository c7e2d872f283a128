"""Views of what learners do. Thin: the rules live in ``learning.quiz``."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.blocks import MAX_ANSWERS_PER_QUESTION, MAX_QUESTIONS, QuizSubmissionError
from courses.models import CoursePage, ModulePage
from organisations.tenancy import can_view_page

from .progress import complete_module, restart_course
from .quiz import MAX_SUBMISSION_BYTES, take_quiz


def _live_module(request, module_id: int) -> ModulePage:
    """A module the reader may see, in a course that is live (see HidesChildrenWhenNotLive)."""
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    if not can_view_page(request.user, module) or not module.course.live:
        raise Http404
    return module


def _chosen_so_far(data) -> dict[str, list[str]]:
    """What the learner ticked, to tick it again next to the error message."""
    keys = [key for key in data.keys() if key.startswith("q-")][:MAX_QUESTIONS]
    return {key[2:]: data.getlist(key)[:MAX_ANSWERS_PER_QUESTION] for key in keys}


@require_POST
def submit_quiz_view(request, module_id: int):
    """Grade a quiz; on success show the result, on refusal the form again, as it was."""
    module = _live_module(request, module_id)
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_SUBMISSION_BYTES:
        error, selected = _("Die Antworten sind zu umfangreich. Bitte laden Sie die Seite neu."), {}
    else:
        try:
            outcome = take_quiz(module, request.user, request.POST.get("quiz", ""), request.POST)
        except QuizSubmissionError as refused:
            error, selected = str(refused), _chosen_so_far(request.POST)
        else:
            if outcome.module_completed:
                _announce(request, module, outcome.course_completion)
            attempt = outcome.attempt
            return redirect(f"{module.get_url(request)}?versuch={attempt.pk}#quiz-ergebnis")
    context = module.get_context(request)
    context.update(quiz_error=error, quiz_selected=selected)
    return TemplateResponse(request, module.get_template(request), context, status=400)


def _announce(request, module: ModulePage, completion, confirm_module: bool = False) -> None:
    """Say that the module, or with it the whole course, is done."""
    if completion is None and confirm_module:
        messages.success(request, _("„%(module)s“ ist erledigt.") % {"module": module.title})
    if completion is not None:
        messages.success(
            request,
            _("Glückwunsch! Sie haben den Kurs „%(course)s“ abgeschlossen.")
            % {"course": completion.course_title},
        )


@require_POST
def complete_module_view(request, module_id: int):
    """The "Als erledigt markieren" button at the end of a module that is read to the end."""
    module = _live_module(request, module_id)
    if module.completion_rule != ModulePage.CompletionRule.READ:
        messages.error(request, _("Dieses Modul schließen Sie mit dem bestandenen Quiz ab."))
        return redirect(module.get_url(request))
    _announce(request, module, complete_module(request.user, module), confirm_module=True)
    _previous, following = module.siblings()
    return redirect((following or module.course).get_url(request))


@require_POST
def restart_course_view(request, course_id: int):
    """ "Kurs erneut absolvieren": clear the module progress of a completed course so it
    can be completed again (recertification). Completions and certificates stay."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    if not can_view_page(request.user, course):
        raise Http404
    if restart_course(request.user, course):
        messages.success(
            request,
            _("Sie absolvieren „%(course)s“ erneut. Ihr bisheriger Abschluss bleibt erhalten.")
            % {"course": course.title},
        )
    else:
        messages.error(request, _("Diesen Kurs haben Sie noch nicht abgeschlossen."))
    return redirect(course.get_url(request))
