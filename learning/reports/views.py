"""The mandatory-training reports: Wagtail ``ReportView``s over scoped obligations.

Views are thin: which rows a user may see comes from ``queries.report_obligations``
(``Obligation.objects.visible_to(user).current()``), counting and listing from
``queries``, pictures from ``charts``; the views wire filters, tables and exports to
them. Every view logs its access (``core.reports.LoggedReportView``) before it shows
anything, the page and each export alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn

from core.reports import LoggedReportView
from organisations.roles import employee_of, is_cooperation_admin

from ..models import Obligation
from . import queries
from .charts import Bar, stacked_bar_chart
from .filters import OverdueFilterSet, ReportFilterSet, UnitFilterSet


@dataclass(frozen=True)
class Cell:
    """A table cell that may be withheld: ``text``, or "–" with ``note`` explaining why."""

    text: str = ""
    note: str = ""

    def __str__(self) -> str:
        return self.text if not self.note else f"– ({self.note})"


class CellColumn(Column):
    """Shows a ``Cell``; a withheld one as "–" with its note in words next to it."""

    cell_template_name = "learning/reports/cell.html"


def _percent(value: int | None) -> str:
    return "–" if value is None else f"{value} %"


def _count_with_share(count: int, share: int | None) -> str:
    return f"{count} ({_percent(share)})" if share is not None else str(count)


def _date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def person_columns() -> list[Column]:
    """Who and what: the first columns of every list of people (``name_rows``)."""
    return [
        Column("employee_name", label=_("Beschäftigte*r")),
        Column("employee__personnel_number", label=_("Personalnummer")),
        Column("unit_name", label=_("Organisationseinheit")),
        Column("course_title", label=_("Kurs")),
    ]


def too_small_note() -> str:
    return _gettext("weniger als %(n)s Personen") % {"n": queries.min_group_size()}


class ObligationReportView(LoggedReportView):
    """What the obligation reports share: who may see them, scoping, charts.

    Logging, decorating rows after pagination and the batched exports come from
    ``LoggedReportView``.
    """

    model = Obligation
    header_icon = "table"
    results_template_name = "learning/reports/report_results.html"
    filterset_class = ReportFilterSet
    chart_title = ""
    intro = ""

    def user_may_view(self, user) -> bool:
        return queries.can_view_reports(user)

    @cached_property
    def is_cooperation_admin(self) -> bool:
        return is_cooperation_admin(self.request.user)

    def get_base_queryset(self):
        return queries.request_obligations(self.request, self.today)

    def get_rows(self, obligations):
        """The report's rows from the filtered obligations (a queryset, not evaluated)."""
        return obligations

    def get_queryset(self):
        return self.get_rows(self.filter_queryset(self.get_base_queryset()))

    def get_paginator(self, *args, **kwargs):
        # The paginator names its items after the model; a report's rows are not always
        # obligations (the matrix counts rows, the overview courses).
        paginator = super().get_paginator(*args, **kwargs)
        if self.verbose_name_plural:
            paginator.verbose_name = self.verbose_name
            paginator.verbose_name_plural = self.verbose_name_plural
        return paginator

    def get_chart(self, rows: list):
        return None

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        # The rows of this page, decorated by ``LoggedReportView``.
        context["chart"] = self.get_chart(context["object_list"])
        context["chart_title"] = self.chart_title
        context["intro"] = self.intro
        return context


# --- Completion matrix ---------------------------------------------------------------


class CompletionMatrixView(ObligationReportView):
    """Per org unit and assigned course: how many are done, open, overdue, exempt."""

    page_title = _("Erfüllung der Pflichtschulungen")
    report_name = "completion_matrix"
    verbose_name = _("Zeile")
    verbose_name_plural = _("Zeilen")
    export_basename = "erfuellungsmatrix"
    index_url_name = "learning_reports:completion_matrix"
    index_results_url_name = "learning_reports:completion_matrix_results"
    table_caption = _("Erfüllung je Organisationseinheit und Kurs")
    chart_title = _("Erfüllung je Organisationseinheit und Kurs (diese Seite)")
    intro = _(
        "Je Organisationseinheit und zugewiesenem Kurs. Anteile beziehen sich auf die "
        "Beschäftigten, die den Kurs absolvieren müssen; Befreite zählen nicht mit. "
        "Der Name einer Einheit führt zu ihren Beschäftigten."
    )
    list_export = [
        "municipality_name",
        "unit_name",
        "course_title",
        "total",
        "exempt",
        "counted",
        "done",
        "done_share",
        "open",
        "open_share",
        "overdue",
        "overdue_share",
    ]
    export_headings = {
        "municipality_name": _("Kommune"),
        "unit_name": _("Organisationseinheit"),
        "course_title": _("Kurs"),
        "total": _("Pflichten"),
        "exempt": _("Befreit"),
        "counted": _("Zu erfüllen"),
        "done": _("Erledigt"),
        "done_share": _("Erledigt (%)"),
        "open": _("Offen"),
        "open_share": _("Offen (%)"),
        "overdue": _("Überfällig"),
        "overdue_share": _("Überfällig (%)"),
    }

    def get_rows(self, obligations):
        return queries.completion_matrix(obligations, self.today)

    def export_rows(self):
        # The matrix is a list of groups already (``queries.completion_matrix``).
        yield from self.decorate_rows(self.get_filtered_queryset())

    @property
    def columns(self):
        columns = [
            TitleColumn(
                "unit_label",
                label=_("Organisationseinheit"),
                get_url=lambda row: row["unit_url"],
            ),
            Column("course_title", label=_("Kurs")),
            Column("counted", label=_("Zu erfüllen")),
            Column("done_label", label=_("Erledigt")),
            Column("open_label", label=_("Offen")),
            Column("overdue_label", label=_("Überfällig")),
            Column("exempt", label=_("Befreit")),
        ]
        if self.is_cooperation_admin:
            columns.insert(0, Column("municipality_name", label=_("Kommune")))
        return columns

    def decorate_rows(self, rows):
        for row in rows:
            figures = queries.Figures(row["done"], row["open"], row["overdue"], row["exempt"])
            unit_name = (
                f"{row['unit_short_name']} {row['unit_title']}".strip()
                if row["org_unit"]
                else _gettext("Ohne Organisationseinheit")
            )
            row.update(
                unit_name=unit_name,
                unit_label="– " * ((row["unit_depth"] or 1) - 1) + unit_name,
                unit_url=(
                    reverse("learning_reports:completion_matrix_unit", args=[row["org_unit"]])
                    + "?"
                    + urlencode({"kurs": row["course"]})
                    if row["org_unit"]
                    else None
                ),
                counted=figures.counted,
                done_share=figures.done_share,
                open_share=figures.open_share,
                overdue_share=figures.overdue_share,
                done_label=_count_with_share(figures.done, figures.done_share),
                open_label=_count_with_share(figures.open, figures.open_share),
                overdue_label=_count_with_share(figures.overdue, figures.overdue_share),
            )
        return rows

    def get_chart(self, rows):
        if not rows:
            return None
        bars = [
            Bar(
                label=f"{row['unit_name']} · {row['course_title']}",
                done=row["done"],
                open=row["open"],
                overdue=row["overdue"],
            )
            for row in rows
        ]
        return stacked_bar_chart(bars, title=str(self.chart_title), chart_id="chart-matrix")


# --- Drill-down: the staff of one unit -----------------------------------------------


class UnitStaffView(ObligationReportView):
    """The staff of one unit with status and dates of each assigned training.

    Only units in ``OrgUnit.objects.visible_to(user)`` exist here; any other id is a
    404, so the URL reveals nothing about other units or municipalities.
    """

    report_name = "completion_matrix_unit"
    verbose_name = _("Schulungspflicht")
    verbose_name_plural = _("Schulungspflichten")
    filterset_class = UnitFilterSet
    table_caption = _("Beschäftigte mit Status und Terminen ihrer Pflichtschulungen")
    intro = _(
        "Nur Status und Termine der zugewiesenen Pflichtschulungen; Ergebnisse, Versuche "
        "und Lernzeiten werden Führungskräften nicht angezeigt."
    )
    list_export = [
        "employee_name",
        "employee__personnel_number",
        "unit_name",
        "course_title",
        "state_label",
        "due_date",
        "completed_on",
        "valid_until",
    ]
    export_headings = {
        "employee_name": _("Beschäftigte*r"),
        "employee__personnel_number": _("Personalnummer"),
        "unit_name": _("Organisationseinheit"),
        "course_title": _("Kurs"),
        "state_label": _("Status"),
        "due_date": _("Fällig am"),
        "completed_on": _("Abgeschlossen am"),
        "valid_until": _("Gültig bis"),
    }

    def load_objects(self, unit_id: int, **kwargs) -> None:
        self.unit = get_object_or_404(queries.request_units(self.request), pk=unit_id)

    def get_page_title(self):
        return _gettext("Pflichtschulungen: %(unit)s") % {"unit": self.unit}

    def get_breadcrumbs_items(self):
        matrix = {
            "url": reverse("learning_reports:completion_matrix"),
            "label": CompletionMatrixView.page_title,
        }
        return [*self.breadcrumbs_items, matrix, {"url": "", "label": self.get_page_title()}]

    def get_index_url(self):
        return reverse("learning_reports:completion_matrix_unit", args=[self.unit.pk])

    def get_index_results_url(self):
        return reverse("learning_reports:completion_matrix_unit_results", args=[self.unit.pk])

    def get_filename(self):
        return f"pflichtschulungen-einheit-{self.unit.pk}-{self.today.isoformat()}"

    def get_logged_parameters(self):
        params = super().get_logged_parameters()
        return f"unit_id={self.unit.pk}" + (f"&{params}" if params else "")

    def get_rows(self, obligations):
        subtree = self.filters.subtree if self.filters else False
        return queries.unit_staff_obligations(obligations, self.unit, subtree, self.today)

    def decorate_rows(self, rows):
        return queries.name_rows(rows)

    @property
    def columns(self):
        return [
            *person_columns(),
            Column("state_label", label=_("Status")),
            Column("due", label=_("Fällig am"), accessor=lambda row: _date(row["due_date"])),
            Column(
                "completed",
                label=_("Abgeschlossen am"),
                accessor=lambda row: _date(row["completed_on"]),
            ),
            Column("valid", label=_("Gültig bis"), accessor=lambda row: _date(row["valid_until"])),
        ]


# --- Overdue list --------------------------------------------------------------------


class OverdueView(ObligationReportView):
    """Who is overdue, whose completion has expired, and who is due soon."""

    page_title = _("Überfällige Pflichtschulungen")
    report_name = "overdue"
    verbose_name = _("Schulungspflicht")
    verbose_name_plural = _("Schulungspflichten")
    export_basename = "ueberfaellige-pflichtschulungen"
    index_url_name = "learning_reports:overdue"
    index_results_url_name = "learning_reports:overdue_results"
    filterset_class = OverdueFilterSet
    table_caption = _("Überfällige, abgelaufene und bald fällige Pflichtschulungen")
    list_export = [
        "employee_name",
        "employee__personnel_number",
        "unit_name",
        "course_title",
        "due_date",
        "state_label",
    ]
    export_headings = {
        "employee_name": _("Beschäftigte*r"),
        "employee__personnel_number": _("Personalnummer"),
        "unit_name": _("Organisationseinheit"),
        "course_title": _("Kurs"),
        "due_date": _("Fällig am"),
        "state_label": _("Status"),
    }

    @property
    def intro(self) -> str:
        return _gettext(
            "Überfällig: nicht rechtzeitig abgeschlossen. Abgelaufen: die Gültigkeit des "
            "letzten Abschlusses ist vorbei. Bald fällig: in den nächsten %(days)s Tagen fällig."
        ) % {"days": settings.LERNWERK_DUE_SOON_DAYS}

    def get_rows(self, obligations):
        return queries.needing_attention(obligations, self.today)

    def decorate_rows(self, rows):
        return queries.name_rows(rows)

    @property
    def columns(self):
        return [
            *person_columns(),
            Column("due", label=_("Fällig am"), accessor=lambda row: _date(row["due_date"])),
            Column("state_label", label=_("Status")),
        ]


# --- Course overview -----------------------------------------------------------------


class CourseOverviewView(ObligationReportView):
    """Per assigned course: the viewer's units (live) beside municipality and cooperation.

    The municipality and cooperation figures come from ``CourseStatistic``, refreshed
    by a background task, because computing them live would read every obligation of
    the cooperation on each view. Voluntary learning is shown only as a number of
    people. Any aggregate about fewer people than ``LERNWERK_MIN_GROUP_SIZE`` is
    withheld; the viewer's own obligation figures are not, since a manager sees those
    people one by one anyway.
    """

    page_title = _("Kursübersicht Pflichtschulungen")
    report_name = "course_overview"
    verbose_name = _("Kurs")
    verbose_name_plural = _("Kurse")
    export_basename = "kursuebersicht"
    index_url_name = "learning_reports:course_overview"
    index_results_url_name = "learning_reports:course_overview_results"
    results_template_name = "learning/reports/course_overview_results.html"
    table_caption = _("Erfüllung je Kurs: Ihr Bereich, Kommune, Kooperation")
    chart_title = _("Erfüllung je Kurs im Vergleich (diese Seite)")
    list_export = [
        "course_title",
        "counted",
        "done",
        "done_share",
        "open",
        "overdue",
        "overdue_share",
        "exempt",
        "municipality_done_export",
        "cooperation_done_export",
        "voluntary_scope_export",
        "voluntary_municipality_export",
        "voluntary_cooperation_export",
    ]
    export_headings = {
        "course_title": _("Kurs"),
        "counted": _("Ihr Bereich: zu erfüllen"),
        "done": _("Ihr Bereich: erledigt"),
        "done_share": _("Ihr Bereich: erledigt (%)"),
        "open": _("Ihr Bereich: offen"),
        "overdue": _("Ihr Bereich: überfällig"),
        "overdue_share": _("Ihr Bereich: überfällig (%)"),
        "exempt": _("Ihr Bereich: befreit"),
        "municipality_done_export": _("Kommune: erledigt (%)"),
        "cooperation_done_export": _("Kooperation: erledigt (%)"),
        "voluntary_scope_export": _("Freiwillige Abschlüsse (Personen): Ihr Bereich"),
        "voluntary_municipality_export": _("Freiwillige Abschlüsse (Personen): Kommune"),
        "voluntary_cooperation_export": _("Freiwillige Abschlüsse (Personen): Kooperation"),
    }

    def get_rows(self, obligations):
        if self.cooperation_wide:
            return queries.course_figures_from_statistics(self._filter_value("kurs"))
        return queries.course_figures(obligations, self.today)

    def export_rows(self):
        if self.cooperation_wide:
            yield from self.decorate_rows(self.get_filtered_queryset())
        else:
            yield from super().export_rows()

    @cached_property
    def cooperation_wide(self) -> bool:
        """A cooperation admin's view of everything: served from the aggregate."""
        return (
            self.is_cooperation_admin
            and self._filter_value("kommune") is None
            and self._filter_value("einheit") is None
        )

    def _filter_value(self, name):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get(name)
        return None

    @cached_property
    def municipality(self):
        """The municipality to compare with: the chosen one, else the viewer's own."""
        chosen = self._filter_value("kommune")
        if chosen is not None:
            return chosen
        employee = employee_of(self.request.user)
        return employee.municipality if employee else None

    @cached_property
    def scope_employees(self):
        """The active staff of the viewer's scope, as filtered: the voluntary group."""
        return queries.group_employees(
            self.request.user,
            municipality=self._filter_value("kommune"),
            unit=self._filter_value("einheit"),
            on=self.today,
        )

    @cached_property
    def scope_staff(self) -> int:
        return self.scope_employees.count()

    @cached_property
    def refreshed_at(self):
        return queries.statistics_refreshed_at()

    def decorate_rows(self, rows):
        if not rows:
            return rows
        course_ids = [row["course"] for row in rows]
        municipality_id = self.municipality.pk if self.municipality else None
        statistics = queries.course_statistics(course_ids, municipality_id)
        voluntary = (
            {}
            if self.cooperation_wide
            else queries.voluntary_completions(course_ids, self.scope_employees, self.today)
        )
        note = too_small_note()
        for row in rows:
            figures = queries.Figures(row["done"], row["open"], row["overdue"], row["exempt"])
            stats = statistics.get(row["course"], {})
            row.update(
                figures=figures,
                counted=figures.counted,
                done_share=figures.done_share,
                overdue_share=figures.overdue_share,
                scope_done=Cell(
                    _gettext("%(done)s von %(counted)s (%(share)s)")
                    % {
                        "done": figures.done,
                        "counted": figures.counted,
                        "share": _percent(figures.done_share),
                    }
                ),
                scope_overdue=Cell(_count_with_share(figures.overdue, figures.overdue_share)),
                municipality_stat=stats.get("municipality"),
                cooperation_stat=stats.get("cooperation"),
            )
            row["municipality_done"] = self._share_cell(row["municipality_stat"], note)
            row["cooperation_done"] = self._share_cell(row["cooperation_stat"], note)
            if self.cooperation_wide:
                row["voluntary_scope"] = self._voluntary_cell(row["cooperation_stat"], note)
            elif queries.too_small(self.scope_staff):
                row["voluntary_scope"] = Cell(note=note)
            else:
                row["voluntary_scope"] = Cell(str(voluntary.get(row["course"], 0)))
            row["voluntary_municipality"] = self._voluntary_cell(row["municipality_stat"], note)
            row["voluntary_cooperation"] = self._voluntary_cell(row["cooperation_stat"], note)
            for name in (
                "municipality_done",
                "cooperation_done",
                "voluntary_scope",
                "voluntary_municipality",
                "voluntary_cooperation",
            ):
                row[f"{name}_export"] = self._export_value(row[name])
        return rows

    def _share_cell(self, statistic, note) -> Cell:
        if statistic is None:
            return Cell(note=_gettext("noch keine Zahlen"))
        if statistic.figures_hidden:
            return Cell(note=note)
        return Cell(_percent(statistic.figures.done_share))

    def _voluntary_cell(self, statistic, note) -> Cell:
        if statistic is None:
            return Cell(note=_gettext("noch keine Zahlen"))
        if statistic.voluntary_hidden:
            return Cell(note=note)
        return Cell(str(statistic.voluntary))

    @staticmethod
    def _export_value(cell: Cell):
        """Numbers as numbers; a withheld figure as its note, so nobody reads it as 0."""
        if cell.note:
            return cell.note
        text = cell.text.removesuffix(" %")
        return int(text) if text.isdigit() else text

    @property
    def columns(self):
        return [
            Column("course_title", label=_("Kurs")),
            CellColumn("scope_done", label=_("Ihr Bereich: erledigt")),
            CellColumn("scope_overdue", label=_("Ihr Bereich: überfällig")),
            CellColumn("municipality_done", label=_("Kommune: erledigt")),
            CellColumn("cooperation_done", label=_("Kooperation: erledigt")),
            CellColumn("voluntary_scope", label=_("Freiwillig: Ihr Bereich")),
            CellColumn("voluntary_municipality", label=_("Freiwillig: Kommune")),
            CellColumn("voluntary_cooperation", label=_("Freiwillig: Kooperation")),
        ]

    def get_chart(self, rows):
        if not rows:
            return None
        note = too_small_note()
        bars = []
        for row in rows:
            figures = row["figures"]
            title = row["course_title"]
            bars.append(
                Bar(
                    f"{title} · {_gettext('Ihr Bereich')}",
                    figures.done,
                    figures.open,
                    figures.overdue,
                )
            )
            for key, label in (
                ("municipality_stat", _gettext("Kommune")),
                ("cooperation_stat", _gettext("Kooperation")),
            ):
                statistic = row[key]
                if statistic is None:
                    continue
                if statistic.figures_hidden:
                    bars.append(Bar(f"{title} · {label}", note=note))
                else:
                    f = statistic.figures
                    bars.append(Bar(f"{title} · {label}", f.done, f.open, f.overdue))
        return stacked_bar_chart(bars, title=str(self.chart_title), chart_id="chart-courses")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        # Always shown (and so always counted), also without rows: the group size
        # decides which aggregates are withheld.
        context["scope_staff"] = self.scope_staff
        context["cooperation_wide"] = self.cooperation_wide
        context["refreshed_at"] = self.refreshed_at
        context["min_group_size"] = queries.min_group_size()
        context["municipality"] = self.municipality
        return context
