"""Views of handovers, under ``/wissen/uebergaben/`` (``handovers.urls``).

Thin: the rules live in ``handovers.services``. Every view reads through
``Handover.objects.visible_to(user)`` (404 for everybody else, another municipality's
ids included) and then checks the role the action needs (403): the leaver writes notes
until the last working day, the person an item is assigned to (the successor by
default) completes it, the unit's manager assigns items, names the successor and starts
handovers. Responses hold personal data and are never cached.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from organisations.models import Employee, OrgUnit
from organisations.roles import employee_of

from . import services
from .forms import EmployeeSelectForm, HandoverNotesForm, HandoverStartForm
from .models import Handover, HandoverItem
from .pdf import handover_filename, render_handover_pdf


def _visible(request):
    return Handover.objects.visible_to(request.user).select_related(
        "leaver__user", "leaver__municipality", "successor__user", "position", "org_unit"
    )


def _handover(request, pk: int) -> Handover:
    return get_object_or_404(_visible(request), pk=pk)


def _item(request, pk: int) -> HandoverItem:
    item = get_object_or_404(HandoverItem.objects.select_related("assignee__user"), pk=pk)
    item.handover = _handover(request, item.handover_id)
    return item


def _back(item: HandoverItem):
    url = reverse("handovers:detail", args=[item.handover_id])
    return redirect(f"{url}#punkt-{item.pk}")


# --- Lists ---------------------------------------------------------------------------------


@require_GET
@never_cache
def handover_list_view(request):
    """ "Meine Übergaben": what I hand over, take over, and what runs in my units."""
    mine = services.with_roles(
        services.handovers_concerning(request.user).order_by("-created_at"), request.user
    )
    open_ones = [h for h in mine if not h.is_complete]
    groups = [
        ("giving", _("Ich übergebe"), [h for h in open_ones if h.role == "leaver"]),
        ("taking", _("Ich übernehme"), [h for h in open_ones if h.role == "successor"]),
        ("team", _("In meinen Einheiten"), [h for h in open_ones if h.role == "manager"]),
    ]
    return TemplateResponse(
        request,
        "handovers/handover_list.html",
        {
            "page_title": _("Meine Übergaben"),
            "groups": [group for group in groups if group[2]],
            "completed": [h for h in mine if h.is_complete],
            "can_start": OrgUnit.objects.visible_to(request.user).exists(),
        },
    )


# --- Detail --------------------------------------------------------------------------------


def _detail_response(request, handover: Handover, notes_form=None, notes_item_id=None):
    user = request.user
    employee = employee_of(user)
    is_manager = services.manages(user, handover)
    can_write_notes = services.leaver_may_edit_notes(handover, employee)
    groups = services.grouped_items(handover)
    choices = []
    suggestions = {}
    if is_manager and not handover.is_complete:
        choices = list(services.assignable_employees(handover, user))
        suggestions = services.deputy_suggestions(handover)
    for item in groups["items"]:
        # What the item is about, for the accessible names of its buttons and fields.
        item.label = (
            item.article.title
            if item.article_id
            else item.course.title
            if item.course_id
            else item.title
        )
        item.can_complete = services.may_complete(item, employee)
        item.can_reopen = item.is_done and services.may_reopen(item, employee)
        item.can_write_notes = can_write_notes and item.kind in services.NOTE_KINDS
        item.can_assign = is_manager and not item.is_done
        item.suggestion = suggestions.get(item.pk)
        if item.pk == notes_item_id:
            item.notes_form = notes_form
    context = {
        **groups,
        "page_title": _("Übergabe"),
        "handover": handover,
        "is_manager": is_manager,
        "is_leaver": employee is not None and handover.leaver_id == employee.pk,
        "can_write_notes": can_write_notes,
        "choices": choices,
        "notes_help": HandoverNotesForm.base_fields["leaver_notes"].help_text,
        "notes_error_id": notes_item_id if notes_form is not None and notes_form.errors else None,
        "course_due_days": services.COURSE_DUE_DAYS,
    }
    status = 400 if notes_form is not None and notes_form.errors else 200
    return TemplateResponse(request, "handovers/handover_detail.html", context, status=status)


@require_GET
@never_cache
def handover_detail_view(request, pk: int):
    return _detail_response(request, _handover(request, pk))


@require_GET
@never_cache
def handover_pdf_view(request, pk: int):
    """The whole package as a tagged PDF: articles with steps, checklist, courses."""
    handover = _handover(request, pk)
    response = HttpResponse(render_handover_pdf(handover), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, handover_filename(handover))
    return response


# --- Item actions --------------------------------------------------------------------------


@require_POST
def item_complete_view(request, pk: int):
    item = _item(request, pk)
    if not services.may_complete(item, employee_of(request.user)):
        if item.is_done:
            return _back(item)
        raise PermissionDenied
    try:
        item = services.complete_item(item, request.user)
    except services.HandoverError as refused:
        messages.error(request, str(refused))
        return _back(item)
    messages.success(request, _("Erledigt: %(title)s") % {"title": item.title})
    if item.handover.is_complete:
        messages.success(request, _("Alle Punkte sind erledigt: Die Übergabe ist abgeschlossen."))
    return _back(item)


@require_POST
def item_reopen_view(request, pk: int):
    item = _item(request, pk)
    if not services.may_reopen(item, employee_of(request.user)):
        raise PermissionDenied
    services.reopen_item(item)
    messages.success(request, _("Wieder offen: %(title)s") % {"title": item.title})
    return _back(item)


@require_POST
def item_notes_view(request, pk: int):
    item = _item(request, pk)
    if item.kind not in services.NOTE_KINDS or not services.leaver_may_edit_notes(
        item.handover, employee_of(request.user)
    ):
        raise PermissionDenied
    form = HandoverNotesForm(request.POST, prefix=f"punkt-{item.pk}")
    if not form.is_valid():
        return _detail_response(request, item.handover, notes_form=form, notes_item_id=item.pk)
    services.save_notes(item, form.cleaned_data["leaver_notes"])
    messages.success(request, _("Ihre Hinweise sind gespeichert."))
    return _back(item)


@require_POST
def item_assign_view(request, pk: int):
    item = _item(request, pk)
    if not services.manages(request.user, item.handover):
        raise PermissionDenied
    form = EmployeeSelectForm(
        request.POST,
        prefix=f"punkt-{item.pk}",
        employees=services.assignable_employees(item.handover, request.user),
    )
    if not form.is_valid():
        messages.error(request, form.errors["employee"][0])
        return _back(item)
    try:
        services.assign_item(item, form.selected, by=request.user)
    except services.HandoverError as refused:
        messages.error(request, str(refused))
        return _back(item)
    messages.success(
        request,
        _("„%(title)s“ übernimmt jetzt %(name)s.")
        % {"title": item.title, "name": form.selected.full_name},
    )
    return _back(item)


# --- Manager: successor and starting ---------------------------------------------------------


@require_POST
def handover_successor_view(request, pk: int):
    handover = _handover(request, pk)
    if not services.manages(request.user, handover) or handover.is_complete:
        raise PermissionDenied
    form = EmployeeSelectForm(
        request.POST,
        prefix="nachfolge",
        employees=services.assignable_employees(handover, request.user),
    )
    url = reverse("handovers:detail", args=[handover.pk])
    if not form.is_valid():
        messages.error(request, form.errors["employee"][0])
        return redirect(f"{url}#nachfolge")
    services.assign_successor(handover, form.selected, by=request.user)
    messages.success(
        request,
        _(
            "%(name)s ist als Nachfolge benannt und übernimmt alle offenen Punkte "
            "ohne Zuständigkeit."
        )
        % {"name": form.selected.full_name},
    )
    return redirect(f"{url}#nachfolge")


@never_cache
def handover_start_view(request):
    """ "Übergabe starten": managers, for someone with a position in their units."""
    if not OrgUnit.objects.visible_to(request.user).exists():
        raise Http404
    employees = (
        Employee.objects.visible_to(request.user)
        .active()
        .filter(position__isnull=False)
        .select_related("user", "position__org_unit")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    form = HandoverStartForm(request.POST or None, employees=employees)
    if request.method == "POST" and form.is_valid():
        employee = form.cleaned_data["employee"]
        existed = Handover.objects.filter(
            leaver=employee, position=employee.position, completed_at__isnull=True
        ).exists()
        handover = services.start_handover(
            employee,
            employee.position,
            form.cleaned_data["reason"],
            leaving_date=form.cleaned_data["leaving_date"] or employee.leaving_date,
            started_by=request.user,
        )
        if existed:
            messages.info(
                request,
                _("Für %(name)s läuft bereits eine Übergabe dieser Stelle.")
                % {"name": employee.full_name},
            )
        else:
            messages.success(
                request,
                _("Die Übergabe von %(name)s ist begonnen.") % {"name": employee.full_name},
            )
        return redirect("handovers:detail", pk=handover.pk)
    return TemplateResponse(
        request,
        "handovers/handover_start.html",
        {"page_title": _("Übergabe starten"), "form": form},
        status=400 if form.errors else 200,
    )
