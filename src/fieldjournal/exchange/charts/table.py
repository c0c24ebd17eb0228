"""A view's numbers in long form: a header, then one row per mark, ``count`` last."""

from __future__ import annotations

import csv
import io

from fieldjournal.domain.analysis import ChartData


def to_csv(data: ChartData) -> bytes:
    """UTF-8 CSV (with the byte-order mark spreadsheets look for) of every mark."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(data.headers)
    writer.writerows(data.rows())
    return ("\ufeff" + stream.getvalue()).encode("utf-8")
