"""The learner's views: quiz, module and course buttons, certificates, own data export.

Thin: the rules live in ``learning.quiz``, ``learning.progress``,
``learning.certificates`` and ``learning.export``. The certificate and export
responses hold personal data, so none of them may be cached by browsers or proxies.
Routed by ``learning.urls``; the public certificate check by ``config.urls``.
"""

import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from courses.blocks import MAX_ANSWERS_PER_QUESTION, MAX_QUESTIONS, QuizSubmissionError
from courses.models import CoursePage, ModulePage
from organisations.tenancy import can_view_page

from .certificates import (
    certificate_filename,
    downloadable_certificates,
    find_by_code,
    render_certificate_pdf,
    verification_allowed,
)
from .export import export_filename, records_as_csv, records_as_json
from .forms import VerificationForm
from .progress import complete_module, restart_course
from .quiz import MAX_SUBMISSION_BYTES, take_quiz

logger = logging.getLogger(__name__)


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


# --- Certificates and the learner's own data ------------------------------------------


def _attachment(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@never_cache
def certificate_view(request, pk: int):
    """The PDF of one completion: for its owner and cooperation admins, 404 for others."""
    completion = get_object_or_404(downloadable_certificates(request.user), pk=pk)
    if completion.user_id != request.user.pk:
        # A cooperation admin reading another person's record: logged, like every such access.
        logger.info(
            "Certificate %s of user %s downloaded by admin user %s",
            completion.pk,
            completion.user_id,
            request.user.pk,
        )
    return _attachment(
        render_certificate_pdf(completion), "application/pdf", certificate_filename(completion)
    )


@login_not_required
@require_GET
@never_cache
def verify_certificate_view(request):
    """Public: confirms name, course and date of a certificate, nothing more."""
    form = VerificationForm(request.GET if "code" in request.GET else None)
    context = {"form": form, "page_title": _("Zertifikat prüfen")}
    status = 200
    if form.is_valid():
        if verification_allowed(get_client_ip_address(request) or "unknown"):
            context["completion"] = find_by_code(form.cleaned_data["code"])
            context["checked"] = True
        else:
            context["refused"] = True
            status = 429
    response = TemplateResponse(request, "learning/verify_certificate.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    if status == 429:
        response["Retry-After"] = str(settings.LERNWERK_VERIFY_RATE_LIMIT[1])
    return response


@require_GET
@never_cache
def export_json_view(request):
    return _attachment(
        records_as_json(request.user),
        "application/json; charset=utf-8",
        export_filename("json"),
    )


@require_GET
@never_cache
def export_csv_view(request):
    return _attachment(
        records_as_csv(request.user), "text/csv; charset=utf-8", export_filename("csv")
    )
