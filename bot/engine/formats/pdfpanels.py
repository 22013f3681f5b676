"""A designed page's boxes and charts: text set in a drawn box, and a bar chart's labels.

A factsheet or a leaflet sets a pull quote with its credit, or a sidebar, in a box drawn round
it (a filled or ruled rectangle, pdfminer's `LTRect`), placed across a column whose text flows
round it; pdfminer reads the box's lines where they stand, in the middle of the column's
sentence. A box's lines are marked with its bounds (`Line.panel`), so `pdfparagraphs` reads
them as paragraphs of their own and the column's text goes on past them. A bar chart is drawn
as filled rectangles holding no text with their bottoms (or left edges) in line; its value
labels ("1,250", "42%") and its categories ("2024") are short lines set round the bars, which
were read as stray paragraphs or glued to the text: they are no passages (a chart's figures are
the picture's, as an HTML page's picture is none of its text). A quotation and the credit
line under it ("— Jo Roe, volunteer") are one paragraph, the quotation the credited person's
(`credited_quotes`), so a question about the words finds who said them with them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.htmlcredits import CREDIT_CHARS, credited_person

if TYPE_CHECKING:
    from bot.engine.formats.pdflines import Line

# (x0, x1, y0, y1) in PDF points, as `Line` gives its own.
Bounds = tuple[float, float, float, float]

# A rectangle this share of the page's width or wider is a band or the page's background (a
# header band holding the running head), not a box set in the text.
_BAND_SHARE = 0.9
# A line is in a box when its bounds lie within the box's, give or take this many points (a
# glyph's box may reach past a thin rule).
_INSIDE_SLACK = 2.0
# A bar chart: this many filled rectangles or more, holding no text, their bottoms (vertical
# bars) or left edges (horizontal bars) within this many points of each other.
_CHART_BARS = 3
_BAR_ALIGN = 1.0
# A chart's labels stand round its bars within this many of their own type sizes (a value over
# its bar, a category under the axis, a share set beside the chart) and are at most this many
# words ("42%", "in work", "1,250").
_LABEL_REACH_EMS = 3.0
_LABEL_WORDS = 3


def rectangles(layout: Any) -> list[Bounds]:
    """The rectangles drawn on a page (pdfminer's `LTRect`, filled or ruled; an `LTPage`) that
    are narrower than a band across the page, as (x0, x1, y0, y1)."""
    from pdfminer.layout import LTRect

    return [
        (float(o.x0), float(o.x1), float(o.y0), float(o.y1))
        for o in layout
        if isinstance(o, LTRect)
        and o.width < _BAND_SHARE * layout.width
        and o.width > 0
        and o.height > 0
    ]


def in_panels(lines: Sequence[Line], drawn: Sequence[Bounds]) -> None:
    """Mark each of the page's `lines` set inside a drawn rectangle holding text (a pull
    quote's or a sidebar's box) with that box's bounds (`Line.panel`); the innermost box when
    boxes nest. A table's rows are left to the table's reading."""
    for line in lines:
        if line.row:
            continue
        holding = [box for box in drawn if _inside(line, box)]
        if holding:
            line.panel = min(holding, key=lambda b: (b[1] - b[0]) * (b[3] - b[2]))


def without_chart_labels(lines: list[Line], drawn: Sequence[Bounds]) -> list[Line]:
    """The page's lines but a bar chart's labels: short lines (`_LABEL_WORDS` words at most)
    set within `_LABEL_REACH_EMS` of their size of the chart's bars (`chart_areas`)."""
    areas = chart_areas(lines, drawn)
    if not areas:
        return lines
    # A label's block holds labels only: a paragraph's short last line ("the hall.") beside a
    # chart is the paragraph's.
    wordy = {line.box for line in lines if len(line.text.split()) > _LABEL_WORDS}
    return [
        line for line in lines if line.box in wordy or not any(_near(line, area) for area in areas)
    ]


def chart_areas(lines: Sequence[Line], drawn: Sequence[Bounds]) -> list[Bounds]:
    """The bounds of each bar chart's bars on a page: `_CHART_BARS` or more of the `drawn`
    rectangles holding none of the page's `lines`, their bottoms or their left edges in line."""
    empty = [box for box in drawn if not any(_inside(line, box) for line in lines)]
    areas: list[Bounds] = []
    for edge in (2, 0):  # bottoms in line (vertical bars), left edges (horizontal bars)
        groups: dict[int, list[Bounds]] = {}
        for box in empty:
            groups.setdefault(round(box[edge] / _BAR_ALIGN), []).append(box)
        areas.extend(
            (
                min(b[0] for b in bars),
                max(b[1] for b in bars),
                min(b[2] for b in bars),
                max(b[3] for b in bars),
            )
            for bars in groups.values()
            if len(bars) >= _CHART_BARS
        )
    return areas


def _near(line: Line, area: Bounds) -> bool:
    """Whether `line` is set within `_LABEL_REACH_EMS` of its size of `area`, across and down."""
    reach = _LABEL_REACH_EMS * line.size
    x0, x1, y0, y1 = area
    across = max(0.0, line.x0 - x1, x0 - line.x1)
    down = max(0.0, line.y0 - y1, y0 - line.y1)
    return across <= reach and down <= reach


def _inside(line: Line, box: Bounds) -> bool:
    x0, x1, y0, y1 = box
    slack = _INSIDE_SLACK
    return (
        line.x0 >= x0 - slack
        and line.x1 <= x1 + slack
        and line.y0 >= y0 - slack
        and line.y1 <= y1 + slack
    )


# The marks a quotation set apart opens and closes with, and the dashes a credit opens with.
_OPENING_MARKS = '"\u201c\u00ab\u201e'
_CLOSING_MARKS = '"\u201d\u00bb'
_DASHES = "-\u2010\u2012\u2013\u2014\u2015\u2212"


def credited_quotes(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """The paragraphs with each quotation set apart (a paragraph opening and closing with
    quotation marks) and the credit line right after it (opening with a dash, one line naming a
    person: "\u2014 Jo Roe, volunteer coordinator") joined as one paragraph, the quotation's
    words the credited person's (`Paragraph.speaker`, `Paragraph.quoted`)."""
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        before = out[-1] if out else None
        credit = paragraph.text.strip()
        if (
            before is not None
            and not before.speaker
            and before.text[:1] in _OPENING_MARKS
            and before.text.rstrip()[-1:] in _CLOSING_MARKS
            and credit[:1] in _DASHES
            and len(credit) <= CREDIT_CHARS
            and (name := credited_person(credit)) is not None
        ):
            out[-1] = dataclasses.replace(
                before, text=f"{before.text} {credit}", speaker=name, quoted=True
            )
            continue
        out.append(paragraph)
    return out
