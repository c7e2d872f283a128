"""The knowledge-at-risk report: processes whose know-how may leave with one person.

A Wagtail ``ReportView`` in the admin's "Berichte" menu for managers (their units) and
cooperation admins (everything). An article is in a manager's scope when its responsible
unit or its owner position lies in the units they lead or below. Rows are live, listed
articles with at least one reason:

- **Keine verantwortliche Person**: no owner position, or nobody holds it;
- **Verantwortliche Person geht**: a holder of the owner position has a leaving date
  (past: has left; future: is leaving);
- **Prüfung überfällig**: the next review date has passed;
- **Nur der verantwortlichen Person bekannt**: the article asks for acknowledgement,
  but nobody except the owner's holders has ever acknowledged any revision of it.

Every reason is an SQL condition (``Exists`` subqueries), annotated and filtered in the
same query, so the report reads a page of rows with a fixed number of queries whatever
the number of articles; exports read with a cursor. Every view and export is logged
and CSV and XLSX are written for German Excel (``core.reports.LoggedReportView``).
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn

from core.reports import LoggedReportView
from learning.reports.queries import can_view_reports
from organisations.models import OrgUnit, PositionHolding, SectionPage
from organisations.roles import is_cooperation_admin

from .acknowledgements import acknowledged_by_others_than_owner
from .models import ProcessArticlePage, articles_visible_to, listed


class RiskReason(models.TextChoices):
    NO_OWNER = "ohne_verantwortung", _("Keine verantwortliche Person")
    OWNER_LEAVING = "verantwortung_geht", _("Verantwortliche Person ausgeschieden oder gehend")
    REVIEW_OVERDUE = "pruefung_ueberfaellig", _("Prüfung überfällig")
    ONLY_OWNER = "nur_verantwortung", _("Von niemand anderem zur Kenntnis genommen")


def _owner_holdings():
    return PositionHolding.objects.filter(
        position=OuterRef("owner_position"), ended_on__isnull=True
    )


def _has_requirements() -> Q:
    through_positions = ProcessArticlePage.acknowledgement_positions.through
    through_units = ProcessArticlePage.acknowledgement_units.through
    return Q(Exists(through_positions.objects.filter(processarticlepage=OuterRef("pk")))) | Q(
        Exists(through_units.objects.filter(processarticlepage=OuterRef("pk")))
    )


def risk_conditions(today: datetime.date) -> dict[str, Q]:
    """Each reason as a condition on articles; an article is at risk if any holds.

    Cheapest first: PostgreSQL evaluates the ``OR`` of ``at_risk`` in this order and
    stops at the first condition that holds.
    """
    return {
        RiskReason.REVIEW_OVERDUE: Q(next_review_date__lt=today),
        RiskReason.NO_OWNER: Q(owner_position__isnull=True) | ~Q(Exists(_owner_holdings())),
        RiskReason.OWNER_LEAVING: Q(
            Exists(_owner_holdings().filter(employee__leaving_date__isnull=False))
        ),
        RiskReason.ONLY_OWNER: _has_requirements() & ~Q(acknowledged_by_others_than_owner()),
    }


def report_articles(user):
    """Live, listed articles in the user's scope: all for cooperation admins; for
    managers those whose responsible unit or owner position is in the units they lead
    (and below). Nobody else sees any."""
    articles = listed(ProcessArticlePage.objects.live())
    if is_cooperation_admin(user):
        return articles
    units = OrgUnit.objects.visible_to(user)
    scoped = articles.filter(Q(responsible_unit__in=units) | Q(owner_position__org_unit__in=units))
    return articles_visible_to(scoped, user)


def at_risk(articles, today: datetime.date | None = None):
    """The articles with at least one reason, by title.

    Only the conditions, in the ``WHERE`` clause: which reasons apply and who holds the
    owner position is read for the rows shown (``with_details``), so sorting and
    counting never evaluate per-row subqueries for rows that are not shown.
    """
    any_reason = Q()
    for condition in risk_conditions(today or timezone.localdate()).values():
        any_reason |= condition
    return (
        articles.filter(any_reason)
        .select_related("responsible_unit", "owner_position__org_unit")
        .defer_streamfields()
        .order_by("title", "pk")
    )


def risk_details(article_ids, today: datetime.date | None = None) -> dict[int, dict]:
    """For the given articles: a boolean per reason (``risk_<reason>``), the names of the
    owner position's holders and the earliest leaving date among them. The same
    conditions as ``at_risk``, evaluated for a page or batch of rows only: one query
    for the articles and one for the holders of their owner positions (portable; a
    string aggregate would tie it to PostgreSQL, and the quick start runs on SQLite).
    """
    conditions = risk_conditions(today or timezone.localdate())
    rows = list(
        ProcessArticlePage.objects.filter(pk__in=list(article_ids))
        .annotate(
            **{
                f"risk_{reason}": ExpressionWrapper(condition, output_field=BooleanField())
                for reason, condition in conditions.items()
            },
            owner_leaving_date=Subquery(
                _owner_holdings()
                .filter(employee__leaving_date__isnull=False)
                .order_by("employee__leaving_date")
                .values("employee__leaving_date")[:1]
            ),
        )
        .values(
            "pk",
            "owner_position",
            "owner_leaving_date",
            *[f"risk_{r}" for r in conditions],
        )
    )
    positions = {row["owner_position"] for row in rows if row["owner_position"]}
    holders: dict[int, list[str]] = {}
    current = (
        PositionHolding.objects.filter(position__in=positions, ended_on__isnull=True)
        .order_by("employee__user__last_name", "employee__user__first_name")
        .values_list("position", "employee__user__first_name", "employee__user__last_name")
    )
    for position, first_name, last_name in current if positions else ():
        holders.setdefault(position, []).append(f"{first_name} {last_name}".strip())
    details = {}
    for row in rows:
        position = row.pop("owner_position")
        row["owner_names"] = ", ".join(holders.get(position, [])) or None
        details[row.pop("pk")] = row
    return details


def with_details(articles: list, today: datetime.date | None = None) -> list:
    """Set the ``risk_details`` of each article on it as attributes; returns the list."""
    details = risk_details([article.pk for article in articles], today)
    for article in articles:
        for name, value in details.get(article.pk, {}).items():
            setattr(article, name, value)
    return articles


def section_titles() -> dict[str, str]:
    """Path -> title of every section (a handful; one query), to name an article's."""
    return dict(SectionPage.objects.order_by().values_list("path", "title"))


def section_title(path: str, sections: dict[str, str]) -> str:
    for section_path, title in sections.items():
        if path.startswith(section_path):
            return title
    return ""


def reasons_of(article, today: datetime.date) -> list[str]:
    """The reasons of an annotated row in words, with the dates that explain them."""
    reasons = []
    if getattr(article, f"risk_{RiskReason.NO_OWNER}"):
        if article.owner_position_id:
            reasons.append(str(_("Verantwortliche Stelle ist nicht besetzt")))
        else:
            reasons.append(str(_("Keine verantwortliche Stelle eingetragen")))
    if getattr(article, f"risk_{RiskReason.OWNER_LEAVING}"):
        leaving = article.owner_leaving_date
        day = date_format(leaving, "SHORT_DATE_FORMAT")
        if leaving < today:
            reasons.append(str(_("Verantwortliche Person ist ausgeschieden (%s)") % day))
        else:
            reasons.append(str(_("Verantwortliche Person scheidet aus am %s") % day))
    if getattr(article, f"risk_{RiskReason.REVIEW_OVERDUE}"):
        day = date_format(article.next_review_date, "SHORT_DATE_FORMAT")
        reasons.append(str(_("Prüfung überfällig seit %s") % day))
    if getattr(article, f"risk_{RiskReason.ONLY_OWNER}"):
        reasons.append(str(_("Kenntnisnahme verlangt, aber von niemand anderem bestätigt")))
    return reasons


# --- Filters -------------------------------------------------------------------------


def _units(request):
    if request is None:
        return OrgUnit.objects.none()
    return (
        OrgUnit.objects.visible_to(request.user)
        .select_related("municipality")
        .order_by("municipality__name", "path")
    )


def _filter_reason(queryset, name, value):
    return queryset.filter(risk_conditions(timezone.localdate())[value])


def _filter_unit(queryset, name, unit):
    """Articles of the unit or below: by responsible unit or by owner position."""
    return queryset.filter(
        Q(responsible_unit__path__startswith=unit.path)
        | Q(owner_position__org_unit__path__startswith=unit.path)
    )


class AtRiskFilterSet(WagtailFilterSet):
    grund = django_filters.ChoiceFilter(
        label=_("Grund"),
        choices=RiskReason.choices,
        method=_filter_reason,
        empty_label=_("Alle Gründe"),
        widget=forms.RadioSelect,
    )
    einheit = django_filters.ModelChoiceFilter(
        label=_("Organisationseinheit (mit Untereinheiten)"),
        queryset=_units,
        method=_filter_unit,
        empty_label=_("Alle Einheiten"),
    )

    class Meta:
        model = ProcessArticlePage
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        field = self.filters["einheit"].field
        if request is not None and is_cooperation_admin(request.user):
            field.label_from_instance = lambda unit: (
                f"{unit.municipality.name}: {unit.label_with_depth}"
            )
        else:
            field.label_from_instance = lambda unit: unit.label_with_depth


# --- The report ----------------------------------------------------------------------


class TextColumn(Column):
    """A column of plain text, rendered without a template per cell.

    Wagtail renders every cell through a template; for a page of 50 rows with six text
    columns that is most of the report's server time. The markup is the same as
    ``wagtailadmin/tables/cell.html``, the value escaped.
    """

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        return format_html("<td>{}</td>", "" if value is None else value)


class KnowledgeAtRiskView(LoggedReportView):
    model = ProcessArticlePage
    page_title = _("Wissen in Gefahr")
    header_icon = "warning"
    report_name = "knowledge_at_risk"
    export_basename = "wissen-in-gefahr"
    index_url_name = "knowledge_reports:at_risk"
    index_results_url_name = "knowledge_reports:at_risk_results"
    results_template_name = "knowledge/reports/at_risk_results.html"
    filterset_class = AtRiskFilterSet
    table_caption = _("Prozesse mit Risiko für das Wissen, mit Gründen")
    list_export = [
        "title",
        "section_title",
        "responsible_unit_label",
        "owner_label",
        "owner_names",
        "next_review_date",
        "reasons_text",
        "address",
    ]
    export_headings = {
        "title": _("Prozess"),
        "section_title": _("Bereich"),
        "responsible_unit_label": _("Zuständige Organisationseinheit"),
        "owner_label": _("Prozessverantwortliche Stelle"),
        "owner_names": _("Derzeit besetzt mit"),
        "next_review_date": _("Nächste Prüfung"),
        "reasons_text": _("Gründe"),
        "address": _("Adresse"),
    }

    def user_may_view(self, user) -> bool:
        return can_view_reports(user)

    def get_queryset(self):
        # The scope is filtered before the risk annotations (``get_filtered_queryset``).
        return at_risk(self.filter_queryset(report_articles(self.request.user)), self.today)

    @cached_property
    def sections(self) -> dict[str, str]:
        return section_titles()

    def decorate_rows(self, rows: list) -> list:
        with_details(rows, self.today)
        for article in rows:
            article.section_title = section_title(article.path, self.sections)
            article.reasons = reasons_of(article, self.today)
            article.reasons_text = "; ".join(article.reasons)
            article.address = article.get_full_url(self.request) or ""
            unit = article.responsible_unit
            article.responsible_unit_label = str(unit) if unit else ""
            position = article.owner_position
            article.owner_label = f"{position.title} ({position.org_unit})" if position else ""
            article.owner_names = article.owner_names or ""
        return rows

    @property
    def columns(self):
        columns = [
            TitleColumn("title", label=_("Prozess"), get_url=lambda article: article.address),
            TextColumn("reasons", label=_("Gründe"), accessor="reasons_text"),
            TextColumn("owner", label=_("Prozessverantwortliche Stelle"), accessor="owner_label"),
            TextColumn("owner_names", label=_("Derzeit besetzt mit")),
            TextColumn(
                "next_review",
                label=_("Nächste Prüfung"),
                accessor=lambda article: (
                    date_format(article.next_review_date, "SHORT_DATE_FORMAT")
                    if article.next_review_date
                    else ""
                ),
            ),
            TextColumn("unit", label=_("Zuständige Einheit"), accessor="responsible_unit_label"),
        ]
        if is_cooperation_admin(self.request.user):
            columns.insert(1, TextColumn("section_title", label=_("Bereich")))
        return columns

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["reasons"] = RiskReason.choices
        return context


# --- Admin URLs and menu (registered by knowledge.wagtail_hooks) ---------------------

urlpatterns = [
    path("gefaehrdet/", KnowledgeAtRiskView.as_view(), name="at_risk"),
    path(
        "gefaehrdet/ergebnisse/",
        KnowledgeAtRiskView.as_view(results_only=True),
        name="at_risk_results",
    ),
]


def admin_urls() -> list:
    return [
        path(
            "berichte/wissen/",
            include((urlpatterns, "knowledge_reports"), namespace="knowledge_reports"),
        )
    ]


class AtRiskMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


def menu_item() -> MenuItem:
    return AtRiskMenuItem(
        _("Wissen in Gefahr"),
        reverse("knowledge_reports:at_risk"),
        name="wissen-in-gefahr",
        icon_name="warning",
        order=200,
    )
