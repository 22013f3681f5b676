"""Tables set without rules on a PDF page: lines of short cells aligned in columns, read as rows.

A word processor's table without borders (a consultation's table of responses, a press
release's figures) reaches pdfminer.six as separate text lines, a cell each, grouped in boxes
by column: read as text, a column's labels run together as one paragraph, a figure of two
characters is dropped as a margin stamp, and a header cell becomes a heading over what follows.
Here the page's lines are taken baseline by baseline: a run of at least `_MIN_ROWS` baselines
one under the next, each holding two cells or more set apart, whose cells fall into common
columns (the spans of the cells across the rows, joined where they overlap), with figures in
a column of their own, is a table; each baseline becomes a row, its cells joined by " | " in
column order (an empty cell left empty), as `pdftables` reads a ruled table's rows.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.formats.pdflines import Line

# A table has at least this many rows (its header among them) and two columns.
_MIN_ROWS = 3
# A cell is short: a line longer than this is a column of text, not a cell (a two-column page's
# lines hold 50 to 60 characters; the trials' cells at most 30).
_MAX_CELL_CHARS = 40
# The rows of one table are set one under the next: a baseline at most this many type sizes
# under the one before (a word processor's table rows: 1.2 to 1.8).
_ROW_PITCH_EMS = 2.5
# Cells on one baseline within this many points of each other are one row's.
_BASELINE = 2.0
# A table has at most this many columns: more are no table's (a hostile page of scattered
# characters; finding each cell's column costs cells times columns).
_MAX_COLUMNS = 20
# A column of figures: at least this share of its cells under the header are figures.
_FIGURES_SHARE = 2 / 3
_FIGURE = re.compile(r"[-+−–(]?[£$€]?\d[\d,.]*\s*(?:%|m|bn|k|per cent)?\)?")


def unruled_tables(lines: list[Line], box: int) -> tuple[list[Line], int]:
    """The page's `lines` with each table set without rules read as rows: lines of their own
    (`Line.row`), in the block numbered `box` (one more for each table after the first), where
    its first cell was; and the next block number free."""
    rows = _baselines(lines)
    replaced: dict[int, Line | None] = {}
    start = 0
    while start < len(rows):
        end = start
        while end + 1 < len(rows) and _next_row(rows[end], rows[end + 1]):
            end += 1
        table = rows[start : end + 1]
        read = _read(table, box) if len(table) >= _MIN_ROWS else None
        if read is not None:
            box += 1
            for row, line in zip(table, read, strict=True):
                for cell in row:
                    replaced[id(cell)] = None
                replaced[id(row[0])] = line
        start = end + 1
    if not replaced:
        return lines, box
    kept = [replaced.get(id(line), line) for line in lines]
    return [line for line in kept if line is not None], box


def _baselines(lines: list[Line]) -> list[list[Line]]:
    """The page's lines of two cells or more on one baseline, top to bottom, each left to
    right: the candidates for a table's rows. A line of one cell ends a run of them."""
    ordered = sorted((line for line in lines if not line.row), key=lambda line: -line.y0)
    groups: list[list[Line]] = []
    for line in ordered:
        if groups and abs(groups[-1][0].y0 - line.y0) <= _BASELINE:
            groups[-1].append(line)
        else:
            groups.append([line])
    return [sorted(group, key=lambda line: line.x0) for group in groups]


def _next_row(upper: list[Line], lower: list[Line]) -> bool:
    """Whether `lower` may be the row under `upper` in one table: both of two cells or more,
    all short, the baseline straight under."""
    if len(upper) < 2 or len(lower) < 2:
        return False
    if any(len(cell.text) > _MAX_CELL_CHARS for cell in (*upper, *lower)):
        return False
    size = max(cell.size for cell in upper)
    return 0 < upper[0].y0 - lower[0].y0 <= _ROW_PITCH_EMS * size


def _read(table: list[list[Line]], box: int) -> list[Line] | None:
    """The table's rows as lines of their cells joined by " | ", one block; None when its cells
    do not fall into columns of which one, not the first, holds figures."""
    spans: list[list[float]] = []
    for cell in sorted((cell for row in table for cell in row), key=lambda cell: cell.x0):
        if spans and cell.x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], cell.x1)
        else:
            spans.append([cell.x0, cell.x1])
    if not 2 <= len(spans) <= _MAX_COLUMNS:
        return None
    grid: list[list[str]] = []
    for row in table:
        cells = [""] * len(spans)
        for cell in row:
            column = next(i for i, (x0, x1) in enumerate(spans) if x0 <= cell.x0 <= x1)
            cells[column] = f"{cells[column]} {cell.text}".strip()
        if sum(1 for text in cells if text) < 2:
            return None
        grid.append(cells)
    body = grid[1:]
    if not any(
        sum(1 for cells in body if _FIGURE.fullmatch(cells[column])) >= _FIGURES_SHARE * len(body)
        for column in range(1, len(spans))
    ):
        return None  # no figures: columns of text, not a table
    read = []
    for row, cells in zip(table, grid, strict=True):
        read.append(
            replace(
                row[0],
                text=" | ".join(cells),
                box=box,
                x0=spans[0][0],
                x1=spans[-1][1],
                y0=min(cell.y0 for cell in row),
                y1=max(cell.y1 for cell in row),
                size=statistics.median(cell.size for cell in row),
                largest=max(cell.largest for cell in row),
                bold=all(cell.bold for cell in row),
                box_lines=len(table),
                bullet=False,
                row=True,
                text_x0=None,
            )
        )
    return read
