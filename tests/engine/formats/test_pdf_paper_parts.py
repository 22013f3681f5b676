"""A two-column paper's parts as PDF: the date under its title, a table's header, references."""

from __future__ import annotations

import io

from bot.engine.answer import AnswerEngine
from bot.engine.formats.pdf import extract_pdf
from bot.engine.formats.upload import UploadDetails, document_from_extracted
from bot.engine.models import Document, date_text
from tests.engine.formats.test_pdf_paper import paper_styles

TITLE = "Bus Passes at Fifteen: Evidence from the 2022 Fare Reform in the Merrow Valley"
AUTHORS = "Ruth Okoro-Lamb<super>1</super> and Tomasz Wrenfield<super>2</super>"
AFFILIATIONS = [
    "<super>1</super>School of Geography, University of Merrow",
    "<super>2</super>Transport Studies Unit, Dunholt University",
]
ABSTRACT = (
    "<b>Abstract.</b> Does free travel at fifteen change how young people get to college? We "
    "study the Merrow Valley, which gave every resident aged fifteen to nineteen a free bus "
    "pass in 2022. Using ticket machine records for 18,400 pass holders, we compare journeys "
    "before and after the reform."
)
SECTIONS = [
    (
        "1. Introduction",
        [
            "Young people in rural valleys travel less than their urban peers, and the gap "
            "grows when they leave school for college. One answer is free travel. Supporters "
            "say a pass opens up jobs and courses; critics say it mostly pays for trips that "
            "would have been made anyway.",
        ],
    ),
    (
        "2. Results",
        [
            "Table 1 reports journeys per pass holder. Journeys to college rose by a third in "
            "the first year and held in the second.",
            "The rise was largest among pass holders living more than five miles from a "
            "college, whose journeys doubled.",
        ],
    ),
    (
        "3. Conclusion",
        [
            "Free travel at fifteen raised college journeys in the Merrow Valley, and the "
            "rise lasted. Councils weighing such schemes should expect most of the new "
            "journeys to come from the remotest villages.",
        ],
    ),
]
# Its header in bold, its figures set to the right: the last two headers are wider than their
# columns and run to the left, into the header before them.
TABLE = [
    ["Pass holders", "First year of passes", "Second year of passes"],
    ["Within five miles", "12.1", "12.6"],
    ["Beyond five miles", "21.7", "22.9"],
]
# Entries set with a hanging indent: each one's second line indented under its first.
REFERENCES = [
    "Abernethy, C. and Lusk, P. (2015) 'Free fares and the young traveller', Journal of "
    "Rural Mobility, 11(2), pp. 140-162.",
    "Feldmann, G. (2019) Waiting at the Stop: Young People and the Country Bus. Dunholt: "
    "Dunholt University Press.",
]


def discussion_paper(dated: str) -> bytes:
    """A discussion paper in two justified columns, its head across the top of page 1 (title,
    authors, affiliations, and the line `dated`: its series number and date), a table ruled
    only across in the right column and its references under a heading, hanging-indented."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        FrameBreak,
        PageTemplate,
        Paragraph,
        Table,
        TableStyle,
    )

    width, height = A4
    margin, gap, top = 57.0, 20.0, 220.0
    column = (width - 2 * margin - gap) / 2
    page = PageTemplate(
        "first",
        [
            Frame(margin, height - margin - top, width - 2 * margin, top),
            Frame(margin, margin, column, height - 2 * margin - top),
            Frame(margin + column + gap, margin, column, height - 2 * margin - top),
        ],
    )
    title, names, small, abstract, heading, body = paper_styles()
    entry = ParagraphStyle(
        "r",
        fontName="Times-Roman",
        fontSize=8.5,
        leading=10.5,
        alignment=TA_LEFT,
        leftIndent=11,
        firstLineIndent=-11,
        spaceAfter=3,
    )
    story: list[object] = [
        Paragraph(TITLE, title),
        Paragraph(AUTHORS, names),
        *[Paragraph(line, small) for line in [*AFFILIATIONS, dated]],
        Paragraph(ABSTRACT, abstract),
        FrameBreak(),
    ]
    for name, paragraphs in SECTIONS:
        story.append(Paragraph(name, heading))
        story.extend(Paragraph(text, body) for text in paragraphs)
        if name.startswith("2."):
            table = Table(TABLE, colWidths=[column * 0.4, column * 0.3, column * 0.3])
            table.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), "Times-Roman", 8),
                        ("FONT", (0, 0), (-1, 0), "Times-Bold", 8),
                        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                        ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                        ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
                    ]
                )
            )
            story.append(table)
    story.append(Paragraph("References", heading))
    story.extend(Paragraph(reference, entry) for reference in REFERENCES)
    buffer = io.BytesIO()
    BaseDocTemplate(buffer, pagesize=A4, pageTemplates=[page]).build(story)
    return buffer.getvalue()


def _document(dated: str = "Discussion Paper No. 9, November 2026") -> Document:
    data = discussion_paper(dated)
    return document_from_extracted(
        extract_pdf(data, "discussion-paper.pdf"), data, "discussion-paper.pdf", UploadDetails()
    )


def test_a_papers_month_under_its_title_is_its_date_with_the_year() -> None:
    meta = _document().meta
    assert (meta.year, meta.month, meta.date) == (2026, 11, None)
    assert date_text(meta.date, meta.year, meta.month) == "November 2026"
    answer = AnswerEngine([_document()]).answer("When was the discussion paper published?")
    assert answer.note is not None and "Published: November 2026" in answer.note


def test_a_full_date_closing_the_series_line_is_the_papers_date() -> None:
    meta = _document("Discussion Paper No. 9, 14 November 2026").meta
    assert meta.date is not None and meta.date.isoformat() == "2026-11-14"


def test_a_table_header_running_into_the_one_before_is_cut_between_its_words() -> None:
    table = next(p.text for p in _document().passages if "Beyond five miles" in p.text)
    rows = table.split("\n")
    assert rows[0] == "Pass holders | First year of passes | Second year of passes"
    assert "Beyond five miles | 21.7 | 22.9" in rows


def test_each_hanging_indented_reference_is_one_passage_under_references() -> None:
    references = [p.text for p in _document().passages if p.heading == "References"]
    assert references == REFERENCES


def test_a_reference_answers_only_a_question_about_the_works_cited() -> None:
    engine = AnswerEngine([_document()])
    content = engine.answer("Why do young people in the country wait at the bus stop?")
    assert all(quote.passage not in REFERENCES for quote in content.quotes)
    cited = engine.answer("Which book about the country bus does the paper cite?")
    assert cited.quotes and cited.quotes[0].passage == REFERENCES[1]
