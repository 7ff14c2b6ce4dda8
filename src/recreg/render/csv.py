"""CSV: an edition as one row per node (address, kind, label, text, links, note), for spreadsheets and scripts."""

from __future__ import annotations

from ..office.layout import edition_rows
from . import RenderOptions


def render_export(edition, options: RenderOptions) -> str:
    """Render an edition as CSV (RFC 4180, CRLF line ends, UTF-8) that `recreg import` reads back."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(edition_rows(edition))
    return out.getvalue()
