"""Ruled tables on a PDF page: the grid their rules draw, and each row's cells as text.

pdfminer.six reads a table's cells as text lines like any other, grouped in boxes by nearness:
a row's cells may be put in boxes with the cells below them, and cells close together run into
one line, so that a row's label ends up beside another row's figures ("Bill savings to households
£97.0m"). Where the page draws the table's rules (a grid: rows between horizontal rules, columns
between vertical ones, as word processors and reportlab's `GRID` draw them) each character is put
in the cell its centre lies in, and each row read as its cells in order. A table ruled only
across (a paper's table: a rule over it, one under its header row, one under it; no column
rules) is read the same way, its rows where its text lines are and its columns where every row
below the header leaves a gap (`open_grids`). Tables not ruled at all are left to the layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pdfminer.layout import LTChar, LTPage, LTTextLineHorizontal

# A rule is a line or a rectangle at most this thick, in points; a grid's rules meet within
# this many points of each other (reportlab draws them on the same coordinates; Word within a
# point).
_RULE_THICKNESS = 2.0
_TOLERANCE = 2.0
# Pages drawing more rules than this are read without tables: finding grids takes time that
# grows with the square of the rules (a page of ten ruled tables of 20 rows draws about 500).
_MAX_RULES = 2000
# A grid has rows and columns: at least this many rules each way (two rows, two columns).
_MIN_RULES = 3
# In a table ruled only across, a gap of at least this many font sizes between a row's
# characters parts two columns (a word space is a quarter to a half).
_COLUMN_GAP_EMS = 1.0
# A character starting this many font sizes back over the one before it starts another cell's
# text (letters of one word meet, or overlap by a kerning's hair).
_OVERLAP_EMS = 0.1


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table: the x of its column rules (left to right) and the y of its row rules (top
    to bottom), in PDF points."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def cell(self, x: float, y: float) -> tuple[int, int] | None:
        """The (row, column) of the cell holding the point, both from 0; None outside."""
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[-1] <= y <= self.ys[0]):
            return None
        column = sum(1 for edge in self.xs[1:-1] if x > edge)
        row = sum(1 for edge in self.ys[1:-1] if y < edge)
        return row, column

    def holds(self, line: LTTextLineHorizontal) -> bool:
        """Whether a text line's centre lies in the grid."""
        return self.cell((line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2) is not None


@dataclass(frozen=True, slots=True)
class Row:
    """A table's row as read: its cells' text, where it lies (PDF points: x0, x1, y0 its bottom,
    y1 its top), and its characters (their sizes and fonts)."""

    cells: tuple[str, ...]
    bounds: tuple[float, float, float, float]
    chars: tuple[LTChar, ...]


def grids(page: LTPage) -> list[Grid]:
    """The ruled tables the page draws: where rules crossing down (column rules, one line or a
    segment a cell) meet at least three rules across of one width (the table's top and bottom
    among them), between that width's ends. The rules across reach no further up or down than
    the column rules do (a page's rules under its running head are no table's); the table's
    sides need not be ruled (the Federal Register's tables are open at both sides)."""
    from pdfminer.layout import LTLine, LTRect

    across: list[tuple[float, float, float]] = []  # (y, x0, x1)
    down: list[tuple[float, float, float]] = []  # (x, y0, y1)
    for item in page:
        if not isinstance(item, (LTLine, LTRect)):
            continue
        width, height = item.x1 - item.x0, item.y1 - item.y0
        if height <= _RULE_THICKNESS < width:
            across.append(((item.y0 + item.y1) / 2, item.x0, item.x1))
        elif width <= _RULE_THICKNESS < height:
            down.append(((item.x0 + item.x1) / 2, item.y0, item.y1))
    found: list[Grid] = []
    if len(across) + len(down) > _MAX_RULES:
        return found  # a drawing or a hostile file, not tables: the layout reads it
    for x0, x1 in _spans(across):
        inside = [(x, y0, y1) for x, y0, y1 in down if x0 - _TOLERANCE <= x <= x1 + _TOLERANCE]
        for bottom, top in _extents([(y0, y1) for _, y0, y1 in inside]):
            ys = _distinct(
                [
                    y
                    for y, a, b in across
                    if _near(a, x0)
                    and _near(b, x1)
                    and bottom - _TOLERANCE <= y <= top + _TOLERANCE
                ],
                down=True,
            )
            if len(ys) < _MIN_RULES:
                continue
            within = [(x, y0, y1) for x, y0, y1 in inside if y0 < ys[0] and y1 > ys[-1]]
            xs = _distinct([x0, *(x for x, _, _ in within), x1], down=False)
            if len(xs) >= _MIN_RULES:
                ys = _distinct([*ys, *_row_breaks(within, ys[-1], ys[0])], down=True)
                found.append(Grid(xs=tuple(xs), ys=tuple(ys)))
    return found


def open_grids(page: LTPage, lines: list[LTTextLineHorizontal]) -> list[Grid]:
    """The tables the page rules only across: at least three rules of one width (over the
    table, under its header, under the table) with no rule down between them, and at least two
    rows of text (the page's `lines`) under the header, each parted into two columns or more.
    Its rows are where its text lines are; its columns are where every row under the header
    leaves a gap of `_COLUMN_GAP_EMS`, and a column whose cells end together (figures set to
    the right) takes a header reaching left over the gap."""
    from pdfminer.layout import LTLine, LTRect

    across: list[tuple[float, float, float]] = []
    down: list[float] = []
    for item in page:
        if isinstance(item, (LTLine, LTRect)):
            width, height = item.x1 - item.x0, item.y1 - item.y0
            if height <= _RULE_THICKNESS < width:
                across.append(((item.y0 + item.y1) / 2, item.x0, item.x1))
            elif width <= _RULE_THICKNESS < height:
                down.append((item.x0 + item.x1) / 2)
    if len(across) > _MAX_RULES:
        return []
    found: list[Grid] = []
    for x0, x1 in _spans(across):
        if any(x0 - _TOLERANCE <= x <= x1 + _TOLERANCE for x in down):
            continue  # ruled down too: `grids` reads it
        rules = _distinct([y for y, a, b in across if _near(a, x0) and _near(b, x1)], down=True)
        inside = [
            line
            for line in lines
            if x0 - _TOLERANCE <= line.x0
            and line.x1 <= x1 + _TOLERANCE
            and rules[-1] < (line.y0 + line.y1) / 2 < rules[0]
        ]
        grid = _open_grid((x0, x1), rules, inside)
        if grid is not None:
            found.append(grid)
    return found


def _open_grid(
    span: tuple[float, float], rules: list[float], lines: list[LTTextLineHorizontal]
) -> Grid | None:
    """The grid of a table ruled only across `span` by `rules` (top first), from its lines."""
    from pdfminer.layout import LTChar

    text_rows: list[list[LTTextLineHorizontal]] = []
    for line in sorted(lines, key=lambda line: -line.y0):
        if text_rows and abs(text_rows[-1][0].y0 - line.y0) <= _TOLERANCE:
            text_rows[-1].append(line)
        else:
            text_rows.append([line])
    if len(text_rows) < 2:
        return None
    breaks = [
        (min(line.y0 for line in upper) + max(line.y1 for line in lower)) / 2
        for upper, lower in pairwise(text_rows)
    ]
    # The header's rows (over the first rule within the table) do not say where columns part.
    inner = [y for y in rules[1:-1]]
    body = [row for row in text_rows if not inner or row[0].y1 < inner[0]] or text_rows
    spans: list[list[float]] = []  # each column's [x0, x1, and the x1 of each of its cells]
    chars = sorted(
        (c for row in body for line in row for c in line if isinstance(c, LTChar)),
        key=lambda c: c.x0,
    )
    for char in chars:
        if not char.get_text().strip():
            continue
        if spans and char.x0 - spans[-1][1] < _COLUMN_GAP_EMS * char.size:
            spans[-1][1] = max(spans[-1][1], char.x1)
        else:
            spans.append([char.x0, char.x1])
    if len(spans) < 2 or len(body) < 2:
        return None
    ends: list[set[int]] = [set() for _ in spans]
    for row in body:
        row_chars = [c for line in row for c in line if isinstance(c, LTChar)]
        for column, (a, b) in enumerate(spans):
            cell = [c.x1 for c in row_chars if a <= c.x0 <= b]
            if cell:
                ends[column].add(round(max(cell)))
        if sum(1 for a, b in spans if any(a <= c.x0 <= b for c in row_chars)) < 2:
            return None  # a row of one cell: no table's (a masthead between rules)
    edges = [
        previous[1] + 1.0 if len(ends[i + 1]) == 1 else following[0] - 1.0
        for i, (previous, following) in enumerate(pairwise(spans))
    ]
    return Grid(xs=(span[0], *edges, span[1]), ys=tuple([rules[0], *breaks, rules[-1]]))


def _row_breaks(down: list[tuple[float, float, float]], bottom: float, top: float) -> list[float]:
    """Where every column rule is broken between `bottom` and `top`: rows drawn a cell at a time
    with no rule across between them (the Federal Register's cost tables)."""
    ends: dict[float, list[float]] = {}
    for x, y0, y1 in down:
        ends.setdefault(round(x), []).extend(
            y for y in (y0, y1) if bottom + _TOLERANCE < y < top - _TOLERANCE
        )
    if not ends:
        return []
    first, *others = ends.values()
    return [y for y in first if all(any(_near(y, o) for o in other) for other in others)]


def _extents(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The spans (bottom, top) joined where they meet or overlap: the stretches of the page the
    column rules run down."""
    joined: list[tuple[float, float]] = []
    for bottom, top in sorted(spans):
        if joined and bottom <= joined[-1][1] + _TOLERANCE:
            joined[-1] = (joined[-1][0], max(joined[-1][1], top))
        else:
            joined.append((bottom, top))
    return joined


def rows(grid: Grid, lines: list[LTTextLineHorizontal]) -> list[Row]:
    """The grid's rows, top to bottom, each cell's text the characters of `lines` whose centre
    lies in it, line by line from the top (a cell's wrapped text joined by a space). Rows with
    no text are left out."""
    from pdfminer.layout import LTChar

    pieces: dict[tuple[int, int], list[str]] = {}
    chars: dict[int, list[LTChar]] = {}
    for line in sorted(lines, key=lambda line: (-line.y1, line.x0)):
        where: tuple[int, int] | None = None
        started: set[tuple[int, int]] = set()
        for word in _words(list(line)):
            letters = [item for item in word if isinstance(item, LTChar)]
            if letters:
                x = (min(c.x0 for c in letters) + max(c.x1 for c in letters)) / 2
                y = sum(c.y0 + c.y1 for c in letters) / (2 * len(letters))
                where = grid.cell(x, y) or where
            if where is None:
                continue
            for item in word:
                if item.get_text().strip() and isinstance(item, LTChar):
                    chars.setdefault(where[0], []).append(item)
                if where not in started:
                    started.add(where)
                    pieces.setdefault(where, []).append(" ")  # a line of its own in the cell
                pieces[where].append(item.get_text())
    found: list[Row] = []
    columns = len(grid.xs) - 1
    for row in range(len(grid.ys) - 1):
        if not chars.get(row):
            continue
        cells = tuple(
            " ".join("".join(pieces.get((row, column), [])).split()) for column in range(columns)
        )
        bounds = (grid.xs[0], grid.xs[-1], grid.ys[row + 1], grid.ys[row])
        found.append(Row(cells=cells, bounds=bounds, chars=tuple(chars[row])))
    return found


def _words(items: list[Any]) -> list[list[Any]]:
    """A text line's items (characters, and the spaces pdfminer puts between words) as its
    words, each space a word of its own: a word ends at a space, or where the next character
    starts back over it (two cells' text set so close that they overlap, as a right-aligned
    header wider than its column runs into the one before: "First electionSecond election")."""
    from pdfminer.layout import LTChar

    words: list[list[Any]] = []
    previous: LTChar | None = None
    for item in items:
        letter = isinstance(item, LTChar) and bool(item.get_text().strip())
        overlaps = (
            letter and previous is not None and item.x0 < previous.x1 - _OVERLAP_EMS * previous.size
        )
        if not letter or not words or previous is None or overlaps:
            words.append([item])
        else:
            words[-1].append(item)
        previous = item if letter else None
    return words


def _spans(across: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """The (x0, x1) that at least `_MIN_RULES` horizontal rules share."""
    spans: list[tuple[float, float]] = []
    for _, x0, x1 in across:
        if any(_near(a, x0) and _near(b, x1) for a, b in spans):
            continue
        if sum(1 for _, a, b in across if _near(a, x0) and _near(b, x1)) >= _MIN_RULES:
            spans.append((x0, x1))
    return spans


def _distinct(values: list[float], *, down: bool) -> list[float]:
    """The values sorted (descending when `down`), those within `_TOLERANCE` of the one before
    left out (one rule drawn twice, or cell by cell)."""
    kept: list[float] = []
    for value in sorted(values, reverse=down):
        if not kept or not _near(kept[-1], value):
            kept.append(value)
    return kept


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= _TOLERANCE
