"""CSV exports that spreadsheet programs open right.

Excel reads a CSV file without a byte-order mark in the system's legacy code page, so UTF-8
text comes out garbled ("Casa RaÃ­z"). Wagtail's ``SpreadsheetExportMixin`` (reports, model
viewsets' index views) writes no BOM; mixing this in before it adds one at the start of every
CSV download. XLSX downloads are unaffected.
"""

BYTE_ORDER_MARK = "\ufeff".encode()  # EF BB BF: Wagtail streams the rows as UTF-8 bytes


class ExcelFriendlyCSVMixin:
    """Put before a view using Wagtail's ``SpreadsheetExportMixin`` (e.g. ``ReportView``)."""

    def stream_csv(self, queryset):
        rows = super().stream_csv(queryset)
        first = next(rows, None)
        if first is None:
            return
        yield BYTE_ORDER_MARK + first
        yield from rows

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response
