"""Admin menu items and URLs of the reports (imported by ``learning.wagtail_hooks``).

The reports sit in Wagtail's "Berichte" menu. Only managers (people who lead a unit)
and cooperation admins see the items; everybody else gets a 403 from the views too.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .queries import can_view_reports
from .views import CompletionMatrixView, CourseOverviewView, OverdueView, UnitStaffView


def _report_urls(route: str, view_class, name: str) -> list:
    """A report and its results-only variant, which Wagtail's filters reload."""
    return [
        path(route, view_class.as_view(), name=name),
        path(f"{route}ergebnisse/", view_class.as_view(results_only=True), name=f"{name}_results"),
    ]


urlpatterns = [
    *_report_urls("erfuellung/", CompletionMatrixView, "completion_matrix"),
    *_report_urls("erfuellung/einheit/<int:unit_id>/", UnitStaffView, "completion_matrix_unit"),
    *_report_urls("ueberfaellig/", OverdueView, "overdue"),
    *_report_urls("kurse/", CourseOverviewView, "course_overview"),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "berichte/pflichtschulungen/",
            include((urlpatterns, "learning_reports"), namespace="learning_reports"),
        )
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


def _menu_item(label, url_name: str, name: str, icon: str, order: int):
    return ReportMenuItem(label, reverse(url_name), name=name, icon_name=icon, order=order)


@hooks.register("register_reports_menu_item")
def register_completion_matrix_menu_item():
    return _menu_item(
        _("Pflichtschulungen: Erfüllung"),
        "learning_reports:completion_matrix",
        "pflichtschulungen-erfuellung",
        "table",
        100,
    )


@hooks.register("register_reports_menu_item")
def register_overdue_menu_item():
    return _menu_item(
        _("Pflichtschulungen: Überfällig"),
        "learning_reports:overdue",
        "pflichtschulungen-ueberfaellig",
        "warning",
        110,
    )


@hooks.register("register_reports_menu_item")
def register_course_overview_menu_item():
    return _menu_item(
        _("Pflichtschulungen: Kursübersicht"),
        "learning_reports:course_overview",
        "pflichtschulungen-kurse",
        "doc-full",
        120,
    )
