"""What every report view shares: the access log and spreadsheets for German Excel.

Both are mixins for Wagtail's ``ReportView`` so that no report can forget them: the
staff council's agreement requires every view and export of a report to be logged, and
a CSV that German Excel opens correctly needs semicolons and a byte order mark.
"""

from __future__ import annotations

import csv
import tempfile
from collections import OrderedDict

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from wagtail.admin.views.mixins import Echo
from wagtail.coreutils import multigetattr

from ..models import ReportAccess

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
        from openpyxl import Workbook
        from wagtail.admin.views.mixins import ExcelDateFormatter

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
