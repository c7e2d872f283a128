"""Certificates, their public check and the learner's own data export.

Thin: rules live in ``learning.certificates`` and ``learning.export``. Every response
here holds personal data, so none may be cached by browsers or proxies.
"""

import logging

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .certificates import (
    CODE_LENGTH,
    certificate_filename,
    downloadable_certificates,
    find_by_code,
    is_well_formed_code,
    normalise_code,
    render_certificate_pdf,
    verification_allowed,
)
from .export import export_filename, records_as_csv, records_as_json

logger = logging.getLogger(__name__)


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


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Prüfcode"),
        max_length=64,
        help_text=gettext_lazy(
            "Der Code steht auf dem Zertifikat, z. B. ABCD-EFGH-JKLM-NPQR. Groß- und "
            "Kleinschreibung, Leerzeichen und Bindestriche spielen keine Rolle."
        ),
        error_messages={
            "required": gettext_lazy("Bitte geben Sie den Prüfcode ein."),
            "max_length": gettext_lazy("Dieser Prüfcode ist zu lang."),
        },
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not is_well_formed_code(code):
            raise forms.ValidationError(
                _("Ein Prüfcode besteht aus %(length)d Buchstaben und Ziffern.")
                % {"length": CODE_LENGTH}
            )
        return code


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
