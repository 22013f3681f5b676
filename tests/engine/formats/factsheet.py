"""A charity's two-column factsheet PDF, laid out with reportlab as a designer's template sets one.

Every name, place and figure is invented for the tests. Page 1: a coloured header band, the
title across the page, then two columns: text under headings, a boxed pull quote with its credit
line under it, a bulleted list whose items wrap, a bar chart with value labels over its bars and
years under them; page 2 goes on in two columns with a shaded sidebar. A footer with the page
number on each page.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

TITLE = "Feeding Kelmarsh: the Harbourside Pantry in 2025"
QUOTE = (
    "\u201cWhen the pantry opened on Thursdays, my two boys stopped going to school hungry. "
    "I could finally pay the gas bill without skipping meals myself.\u201d"
)
CREDIT = "\u2014 Odile Brackwater, parent and pantry volunteer"
SPEAKER = "Odile Brackwater"
# A sentence a question asks "who said ..." about: words of the quote only.
QUOTE_WORDS = "my two boys stopped going to school hungry"
BULLETS = [
    "Fresh vegetables from the Tollgate allotments every Thursday, weighed and bagged by "
    "volunteers before the doors open at noon.",
    "A hot lunch for every child who comes with a parent.",
    "Free advice on energy debts from two trained caseworkers, by appointment or on the day, "
    "in a private room at the back of the hall.",
    "A bus pass scheme for families living beyond the ring road.",
]
# The chart's bars: (year, families helped, its value label).
CHART = [
    ("2022", 610, "610"),
    ("2023", 980, "980"),
    ("2024", 1250, "1,250"),
    ("2025", 1475, "1,475"),
]
SHARE_LABELS = ["42%", "57%"]
BODY_1 = [
    (
        "heading",
        "Who we are",
    ),
    (
        "body",
        "The Harbourside Pantry was founded in 2019 by a group of neighbours in the Kelmarsh "
        "estate who noticed that the corner shop had stopped stocking fresh food. It now "
        "runs from the church hall on Pellow Street and is staffed entirely by volunteers, "
        "most of whom were once customers themselves.",
    ),
    (
        "body",
        "Last year the pantry handed out 31,400 food parcels, a rise of a fifth on the year "
        "before, and the queue on a Thursday morning now reaches the end of the street. Most "
        "of the people in it are families with young children, pensioners living alone, and "
        "workers on the night shift at the Dunmere distribution depot whose wages no longer "
        "cover both the rent and the weekly shop once the heating goes on in October.",
    ),
    (
        "heading",
        "What we offer",
    ),
    ("bullets", ""),
    (
        "body",
        "Every service is free, and nobody is asked to prove that they are in need before "
        "they are served.",
    ),
    ("heading", "Families helped each year"),
    ("chart", ""),
    (
        "body",
        "The number of families the pantry helps has more than doubled since 2022, while "
        "donations from the supermarkets on the bypass have fallen by a third.",
    ),
    (
        "body",
        "Two in five of the families we see have at least one adult in full-time work, "
        "which surprises most visitors to the hall.",
    ),
]
BODY_2 = [
    ("heading", "Where the money goes"),
    (
        "body",
        "Of every pound the pantry receives, seventy pence buys food from wholesalers in "
        "Dunmere, twenty pence pays the rent and heating of the hall, and the rest covers "
        "the van, its insurance and its fuel. No one at the pantry is paid a salary.",
    ),
    (
        "body",
        "The trustees publish the accounts each spring and present them at an open meeting "
        "in the hall, where anybody may ask how the money was spent.",
    ),
    (
        "body",
        "Running costs rose sharply in 2025. The lease on the hall was renewed at a higher "
        "rent, the van failed its inspection twice, and the price of a tonne of potatoes from "
        "the Dunmere wholesalers went up by more than half between January and November. The "
        "trustees met these costs from the reserve that a legacy from a former volunteer had "
        "built up, but the reserve will be spent by the end of next year unless new regular "
        "donors are found among the businesses on the harbour front and in the town.",
    ),
    ("heading", "How you can help"),
    (
        "body",
        "The pantry needs drivers with a clean licence, people to sort donations on Tuesday "
        "evenings, and tins of fish, rice and long-life milk above all else. A regular gift "
        "of five pounds a month feeds a family of four for a week each winter.",
    ),
    (
        "body",
        "To volunteer, call into the hall on any Thursday, or write to the coordinator at "
        "the address on the back of this sheet.",
    ),
]
SIDEBAR_HEADING = "Did you know?"
SIDEBAR = (
    "Kelmarsh has the lowest rate of car ownership in the county, and its nearest large "
    "supermarket is a forty-minute walk away across the dual carriageway."
)
HEADER = "Harbourside Food Network \u00b7 Factsheet 7"
FOOTER = "Registered charity no. 1190452 \u00b7 harbourside.example"


def factsheet() -> bytes:
    """The factsheet as a two-page PDF (see the module's docstring). The pull quote and the
    sidebar are drawn on the page where the designer placed them, the columns' text flowing
    around them: a paragraph runs on from above the pull quote to below it, and from the foot of
    page 2's left column to the right column under the sidebar."""
    width, height = A4
    margin, gap, band = 48.0, 22.0, 64.0
    column = (width - 2 * margin - gap) / 2
    top = height - band - 16
    bottom = 56.0
    title_height = 70.0
    styles = _styles()
    right = margin + column + gap
    quote_top, quote_bottom = top - title_height - 190, top - title_height - 300
    side_top, side_bottom = top, top - 110

    def decorate(sheet: Any, document: Any) -> None:
        from reportlab.lib import colors

        sheet.saveState()
        sheet.setFillColor(colors.HexColor("#1d5c63"))
        sheet.rect(0, height - band, width, band, stroke=0, fill=1)
        sheet.setFillColor(colors.white)
        sheet.setFont("Helvetica-Bold", 12)
        sheet.drawString(margin, height - band / 2 - 4, HEADER)
        sheet.setFillColor(colors.black)
        sheet.setFont("Helvetica", 8)
        sheet.drawString(margin, 28, FOOTER)
        sheet.drawRightString(width - margin, 28, f"Page {document.page}")
        if document.page == 1:
            _boxed(
                sheet,
                (margin, quote_bottom + 8, column, quote_top - quote_bottom - 16),
                [(QUOTE, styles["quote"]), (CREDIT, styles["credit"])],
                colors.HexColor("#e6f2f2"),
            )
        else:
            _boxed(
                sheet,
                (right, side_bottom + 8, column, side_top - side_bottom - 8),
                [(SIDEBAR_HEADING, styles["side_heading"]), (SIDEBAR, styles["side"])],
                colors.HexColor("#f4ead5"),
            )
        sheet.restoreState()

    body_top = top - title_height
    first = [
        Frame(margin, body_top, width - 2 * margin, title_height, id="title"),
        Frame(margin, quote_top, column, body_top - quote_top, id="left_top"),
        Frame(margin, bottom, column, quote_bottom - bottom, id="left_bottom"),
        Frame(right, bottom, column, body_top - bottom, id="right1"),
    ]
    later = [
        Frame(margin, bottom, column, top - bottom, id="left"),
        Frame(right, bottom, column, side_bottom - bottom, id="right"),
    ]
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=TITLE,
        author="Harbourside Food Network",
        leftMargin=margin,
        rightMargin=margin,
    )
    document.addPageTemplates(
        [
            PageTemplate("first", first, onPage=decorate),
            PageTemplate("later", later, onPage=decorate),
        ]
    )
    story: list[Any] = [_paragraph(TITLE, styles["title"]), NextPageTemplate("later")]
    story += _flowables(BODY_1, styles, column)
    story.append(PageBreak())
    story += _flowables(BODY_2, styles, column)
    document.build(story)
    return buffer.getvalue()


def _boxed(
    sheet: Any, bounds: tuple[float, float, float, float], texts: list[tuple[str, Any]], fill: Any
) -> None:
    """Paragraphs drawn in a filled, ruled box at `bounds` (x, y, width, height), top down."""
    from reportlab.lib import colors

    x, y, wide, tall = bounds
    sheet.setFillColor(fill)
    sheet.setStrokeColor(colors.HexColor("#1d5c63"))
    sheet.rect(x, y, wide, tall, stroke=1, fill=1)
    sheet.setFillColor(colors.black)
    at = y + tall - 8
    for text, style in texts:
        paragraph = _paragraph(text, style)
        _, used = paragraph.wrap(wide - 16, tall)
        paragraph.drawOn(sheet, x + 8, at - used)
        at -= used + 8


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12.5, spaceAfter=6)
    return {
        "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=22, leading=26),
        "heading": ParagraphStyle(
            "heading",
            fontName="Helvetica-Bold",
            fontSize=12,
            leading=15,
            spaceBefore=6,
            spaceAfter=4,
        ),
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, spaceAfter=2),
        "quote": ParagraphStyle(
            "quote", fontName="Helvetica-Oblique", fontSize=11.5, leading=15, alignment=TA_CENTER
        ),
        "credit": ParagraphStyle(
            "credit", fontName="Helvetica", fontSize=8.5, leading=11, alignment=TA_CENTER
        ),
        "side_heading": ParagraphStyle(
            "side_heading", fontName="Helvetica-Bold", fontSize=10, leading=13
        ),
        "side": ParagraphStyle("side", fontName="Helvetica", fontSize=9, leading=12),
    }


def _paragraph(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(text, style)


def _flowables(blocks: list[tuple[str, str]], styles: dict[str, Any], column: float) -> list[Any]:
    from reportlab.platypus import ListFlowable, ListItem, Spacer

    out: list[Any] = []
    for kind, text in blocks:
        if kind in ("heading", "body"):
            out.append(_paragraph(text, styles[kind]))
        elif kind == "bullets":
            out.append(
                ListFlowable(
                    [ListItem(_paragraph(item, styles["bullet"])) for item in BULLETS],
                    bulletType="bullet",
                    start="\u2022",
                    leftIndent=12,
                )
            )
            out.append(Spacer(1, 6))
        elif kind == "chart":
            out += [_chart(column), Spacer(1, 8)]
    return out


def _chart(column: float) -> Any:
    """A bar chart of `CHART`: each bar's value label over it, the years under the bars, and a
    share label beside the axis as infographics set them."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(column, 150)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 25, column - 90, 100
    chart.data = [[value for _, value, _ in CHART]]
    chart.categoryAxis.categoryNames = [year for year, _, _ in CHART]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, 1600
    chart.valueAxis.visible = False
    chart.bars[0].fillColor = colors.HexColor("#1d5c63")
    chart.barLabelFormat = lambda value: next(label for _, v, label in CHART if v == value)
    chart.barLabels.nudge = 7
    chart.barLabels.fontName = "Helvetica-Bold"
    chart.barLabels.fontSize = 8
    drawing.add(chart)
    drawing.add(String(column - 50, 110, SHARE_LABELS[0], fontName="Helvetica-Bold", fontSize=14))
    drawing.add(String(column - 50, 98, "in work", fontName="Helvetica", fontSize=7))
    drawing.add(String(column - 50, 70, SHARE_LABELS[1], fontName="Helvetica-Bold", fontSize=14))
    drawing.add(String(column - 50, 58, "renting", fontName="Helvetica", fontSize=7))
    return drawing
