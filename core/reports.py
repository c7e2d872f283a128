"""The logged report base: what every report view shares, whichever app it reports on.

A report is a Wagtail ``ReportView`` (``LoggedReportView``) that no report can use
without its two duties: the staff council's agreement requires every view and export of
a report to be logged (``ReportAccessLogMixin``), and a CSV that German Excel opens
correctly needs semicolons and a byte order mark (``GermanSpreadsheetMixin``). Rows are
decorated after pagination, a page or an export batch at a time, so the work per request
stays bounded and exports never hold all rows in memory.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from wagtail.admin.views.mixins import Echo, ExcelDateFormatter
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import multigetattr

from .models import ReportAccess

#: Excel runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff".encode()
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportAccessLogMixin:
    """Write one ``ReportAccess`` row per view of a report, page and export alike.

    Call ``log_access()`` once the request is authorised and the report is about to be
    shown; failed permission checks and unknown units are not reports that were seen.
    """

    #: Stored in the log; stable identifiers, not interface text.
    report_name = ""
    log_max_length = ReportAccess._meta.get_field("parameters").max_length

    def get_logged_parameters(self) -> str:
        params = self.request.GET.copy()
        params.pop("export", None)
        return params.urlencode()[: self.log_max_length]

    def log_access(self) -> ReportAccess:
        user = self.request.user
        export = self.request.GET.get("export", "") if self.is_export else ""
        entry = ReportAccess(
            user=user,
            username=user.get_username(),
            report=self.report_name,
            export_format=export,
            parameters=self.get_logged_parameters(),
        )
        # An append-only log needs no save signals; ``bulk_create`` sends none, so a
        # report view does not also enqueue Wagtail's reference-index update.
        ReportAccess.objects.bulk_create([entry])
        return entry


class GermanSpreadsheetMixin:
    """Wagtail's spreadsheet export, adjusted for German offices and large reports.

    - CSV: semicolons (German Excel's list separator), a UTF-8 byte order mark so that
      umlauts survive, and cells that Excel would run as formulas quoted with ``'``.
    - XLSX: written row by row by openpyxl's write-only workbook into a temporary file
      rather than memory, then streamed; headings and sheet name from the report.
    - Headings come from ``export_headings`` only (rows are often dicts, not models).
    - The file name is ``<export_basename>-<date>``.
    """

    export_basename = "bericht"
    csv_delimiter = ";"

    def get_filename(self) -> str:
        return f"{self.export_basename}-{timezone.localdate().isoformat()}"

    def get_heading(self, queryset, field) -> str:
        return force_str(self.export_headings.get(field, field))

    def to_row_dict(self, item):
        return OrderedDict((field, multigetattr(item, field)) for field in self.list_export)

    def write_csv_row(self, writer, row_dict):
        values = {}
        for field, value in row_dict.items():
            value = self.preprocess_field_value(field, value, self.FORMAT_CSV)
            if isinstance(value, str) and value.startswith(FORMULA_START):
                value = "'" + value
            values[field] = value
        return writer.writerow(values)

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=self.csv_delimiter)
        yield BOM + writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            self.stream_csv(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response

    def get_sheet_title(self) -> str:
        # Excel allows 31 characters and none of []:*?/\ in a sheet name.
        title = force_str(getattr(self, "page_title", "") or "Bericht")
        return "".join(c for c in title if c not in "[]:*?/\\")[:31]

    def write_xlsx(self, queryset, output):
        # Imported here, as Wagtail does: openpyxl is heavy and only this export needs it.
        from openpyxl import Workbook

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=self.get_sheet_title())
        worksheet.append(self.get_heading(queryset, field) for field in self.list_export)
        date_format = ExcelDateFormatter().get()
        for item in queryset:
            worksheet.append(
                self.generate_xlsx_row(worksheet, self.to_row_dict(item), date_format=date_format)
            )
        workbook.save(output)

    def write_xlsx_response(self, queryset):
        output = tempfile.TemporaryFile()
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type=XLSX_CONTENT_TYPE,
            filename=f"{self.get_filename()}.xlsx",
        )


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to ``size`` items, for decorating an export batch by batch."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class LoggedReportView(ReportAccessLogMixin, GermanSpreadsheetMixin, ReportView):
    """A report whose every view and export is logged, with batched German exports.

    A report says who may open it (``user_may_view``), which rows it lists
    (``get_queryset``, filtered before rows are derived from it) and what a row shows
    beyond its fields (``decorate_rows``); the page, the results and both export formats
    come from here.
    """

    paginate_by = 50
    export_batch_size = 500
    table_caption = ""

    def user_may_view(self, user) -> bool:
        """Whether the user may open the report; each report family says who may
        (abstract)."""
        raise NotImplementedError(f"{type(self).__name__} must define user_may_view()")

    def dispatch(self, request, *args, **kwargs):
        if not self.user_may_view(request.user):
            raise PermissionDenied
        self.load_objects(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self, **kwargs) -> None:
        """Look up what the URL names, after the permission check (so 403 before 404)."""

    @cached_property
    def today(self) -> datetime.date:
        return timezone.localdate()

    def get_filtered_queryset(self):
        # ``get_queryset`` filters before it derives the rows (grouping, annotating);
        # filtering the derived rows again, as ``ReportView`` would, is not needed.
        return self.get_queryset()

    def decorate_rows(self, rows: list) -> list:
        """Add what tables and exports show to a page or batch of rows."""
        return rows

    def get(self, request, *args, **kwargs):
        self.log_access()
        if self.is_export:
            return self.as_spreadsheet(self.export_rows(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def export_rows(self):
        """All filtered rows, read with a cursor and decorated batch by batch."""
        rows = self.get_filtered_queryset().iterator(chunk_size=2000)
        for batch in chunked(rows, self.export_batch_size):
            yield from self.decorate_rows(batch)

    def get_table_kwargs(self):
        return super().get_table_kwargs() | {"caption": self.table_caption}

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = self.decorate_rows(list(context["object_list"]))
        context["object_list"] = rows
        context["table"] = self.get_table(rows)
        return context
