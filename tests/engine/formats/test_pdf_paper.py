"""Two-column working papers as PDF: every word kept, paragraphs across columns, the head."""

from __future__ import annotations

import io
import re
from typing import Any

from bot.engine.answer import AnswerEngine
from bot.engine.formats.pdf import extract_pdf
from bot.engine.formats.upload import UploadDetails, document_from_extracted
from bot.engine.models import Form

TITLE = (
    "Late Opening and Library Use: Evidence from the 2021 Sunday Pilot in the Harrowdale Libraries"
)
AUTHORS = (
    "Priyanka Ellwood-Tan<super>1</super>, Jonas Mbeki-Hart<super>2</super> and "
    "Clare Oduya<super>1</super>"
)
AFFILIATIONS = [
    "<super>1</super>Department of Economics, University of Harrowdale",
    "<super>2</super>Institute for Public Services, Tennant University",
    "Working Paper No. 12 &nbsp;&nbsp; June 2025",
]
ABSTRACT = (
    "<b>Abstract.</b> Do longer opening hours bring new readers into public libraries? We study "
    "the Harrowdale Sunday pilot, which opened nine of the county's eighteen branches on Sunday "
    "afternoons from 2021. Using loan records for 52,300 card holders, we compare branches that "
    "opened on Sundays with those that did not. Loans rose by 11.4% at the pilot branches, and "
    "first-time borrowers came disproportionately from households with two working parents."
)
# (heading, paragraphs): justified text with indented first lines, as papers are set. The short
# words among long ones make wide word gaps, which pdfminer may read as breaks between blocks.
SECTIONS = [
    (
        "1. Introduction",
        [
            "Library visits fall in most wealthy countries, and the fall is steepest among "
            "working families. One answer is to open at weekends. Supporters claim that this "
            "will not only serve existing readers but bring in households that cannot visit "
            "during the week. Critics reply that the extra hours simply spread the same visits "
            "thinner, at considerable cost to the county.",
            "This paper tests the claim directly. Harrowdale offers an unusually clean case: nine "
            "branches were chosen for the pilot by lot, the others kept their hours, and every "
            "loan is recorded against a card holder's postcode and household.",
            # Set justified, its first line's gaps are wide enough for pdfminer to part "is"
            # and "up" from the words around them.
            "Borrowing is up in every pilot branch, notwithstanding counterproductive "
            "reorganisations elsewhere in the county's administration.",
        ],
    ),
    (
        "2. Background",
        [
            "The Sunday pilot was approved by the county cabinet in February 2021 by six votes "
            "to four, after a petition organised largely by the Harrowdale Readers' Forum.",
            "Earlier studies of opening hours find that people who start borrowing young keep "
            "borrowing for decades (Ashby and Rourke 2016). Weekday evenings are, however, a "
            "poor moment to reach working parents: many are collecting children, cooking or "
            "travelling home, and rarely pass a branch while it is open (Delacroix 2019). "
            "Sunday afternoons, by contrast, are when most families shop in the town centres "
            "where the larger branches stand, and a visit can be fitted in between errands.",
        ],
    ),
    (
        "3. Data and method",
        [
            "We use the county's loan records for 2019 to 2023, matched to card holders' "
            "households. Our sample contains 52,300 card holders who borrowed at least once in "
            "that period. Because the pilot branches were chosen by lot, we compare them with "
            "the branches that were not chosen, before and after the Sunday hours began, in a "
            "difference-in-differences design that also allows for the season of the year.",
            "We confirm that the two groups of branches were alike before the pilot in loans, "
            "visits, stock and the incomes of the neighbourhoods they serve.",
        ],
    ),
    (
        "4. Results",
        [
            "Table 1 reports loans per thousand residents. Loans at the pilot branches rose by "
            "11.4%, against 2.1% at the others, a difference of 9.3 points.",
        ],
    ),
    (
        "5. Conclusion",
        [
            "Opening on Sunday afternoons raised loans at the pilot branches by 11.4%, and the "
            "rise had not faded two winters later. Councils considering weekend hours should "
            "pair them with activities for children, which we believe explains much of the "
            "effect, and should expect most of the new borrowers to be working parents.",
        ],
    ),
]
TABLE = [
    ["Branches", "Before", "After", "Cards"],
    ["Opened on Sundays", "412", "459", "27,104"],
    ["Kept weekday hours", "398", "406", "25,196"],
    ["Difference (loans)", "14", "53", ""],
]


def paper_styles() -> tuple[Any, ...]:
    """The styles a two-column paper is set in (reportlab `ParagraphStyle`s): title, authors,
    small centred lines (affiliations, month), abstract, section heading, body text."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle

    title = ParagraphStyle(
        "t", fontName="Times-Bold", fontSize=16, leading=20, alignment=TA_CENTER, spaceAfter=8
    )
    names = ParagraphStyle(
        "a", fontName="Times-Roman", fontSize=11, leading=13, alignment=TA_CENTER
    )
    small = ParagraphStyle(
        "f", fontName="Times-Italic", fontSize=9, leading=11, alignment=TA_CENTER
    )
    text = {"fontName": "Times-Roman", "fontSize": 9.5, "leading": 12, "alignment": TA_JUSTIFY}
    abstract = ParagraphStyle("s", leftIndent=28, rightIndent=28, spaceBefore=6, **text)
    heading = ParagraphStyle(
        "h", fontName="Times-Bold", fontSize=10.5, leading=13, spaceBefore=8, spaceAfter=4
    )
    body = ParagraphStyle("b", spaceAfter=5, firstLineIndent=11, **text)
    return title, names, small, abstract, heading, body


def working_paper() -> bytes:
    """A working paper as word processors and LaTeX set one: its title, authors, affiliations
    and month across the top of page 1 in one block, the abstract under them, then the text in
    two justified columns, a table ruled only across inside the right column."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        FrameBreak,
        NextPageTemplate,
        PageTemplate,
        Paragraph,
        Table,
        TableStyle,
    )

    width, height = A4
    margin, gap = 57.0, 20.0
    column = (width - 2 * margin - gap) / 2
    top = 235.0
    first = PageTemplate(
        "first",
        [
            Frame(margin, height - margin - top, width - 2 * margin, top),
            Frame(margin, margin, column, height - 2 * margin - top),
            Frame(margin + column + gap, margin, column, height - 2 * margin - top),
        ],
    )
    later = PageTemplate(
        "later",
        [
            Frame(margin, margin, column, height - 2 * margin),
            Frame(margin + column + gap, margin, column, height - 2 * margin),
        ],
    )
    title, names, small, abstract, heading, body = paper_styles()
    story: list[object] = [
        Paragraph(TITLE, title),
        Paragraph(AUTHORS, names),
        *[Paragraph(line, small) for line in AFFILIATIONS],
        Paragraph(ABSTRACT, abstract),
        FrameBreak(),
        NextPageTemplate("later"),
    ]
    for name, paragraphs in SECTIONS:
        story.append(Paragraph(name, heading))
        story.extend(Paragraph(text, body) for text in paragraphs)
        if name.startswith("4."):
            table = Table(
                TABLE, colWidths=[column * 0.45, column * 0.18, column * 0.18, column * 0.19]
            )
            table.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), "Times-Roman", 8),
                        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                        ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                        ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
                    ]
                )
            )
            story.append(table)
    buffer = io.BytesIO()
    BaseDocTemplate(buffer, pagesize=A4, pageTemplates=[first, later]).build(story)
    return buffer.getvalue()


def _paper() -> list[tuple[str | None, str]]:
    extracted = extract_pdf(working_paper(), "working-paper.pdf")
    return [(p.section, p.text) for p in extracted.paragraphs]


def test_every_word_of_a_two_column_papers_text_is_in_its_passages_in_order() -> None:
    texts = [text for _, text in _paper()]
    for _, paragraphs in SECTIONS:
        for paragraph in paragraphs:
            # Whole, word for word: none dropped, none moved, none cut off at a column break.
            assert paragraph in texts


def test_a_papers_title_authors_and_month_are_read_from_its_head() -> None:
    extracted = extract_pdf(working_paper(), "working-paper.pdf")
    assert extracted.title == TITLE
    assert extracted.author == "Priyanka Ellwood-Tan, Jonas Mbeki-Hart and Clare Oduya"
    # "Working Paper No. 12   June 2025": a month, its day unstated (not "12 June 2025", nor the
    # day the file was made).
    assert (extracted.year, extracted.month) == (2025, 6)
    assert extracted.date is None
    # Who wrote it and where they work stays a passage to quote.
    assert any("Clare Oduya" in text and "Tennant University" in text for _, text in _paper())


def test_a_papers_abstract_is_a_section_and_sections_follow_their_headings() -> None:
    paper = _paper()
    assert ("Abstract", " ".join(ABSTRACT.replace("<b>", "").replace("</b>", "").split())) in paper
    assert ("1. Introduction", SECTIONS[0][1][0]) in paper


def test_a_table_ruled_only_across_keeps_its_figures_row_by_row() -> None:
    # One passage, its header row first, a row a line (`pdfparagraphs._table_paragraphs`).
    rows = next(text for _, text in _paper() if "Opened on Sundays" in text).split("\n")
    assert rows[0] == "Branches | Before | After | Cards"
    assert "Opened on Sundays | 412 | 459 | 27,104" in rows
    assert "Kept weekday hours | 398 | 406 | 25,196" in rows


def test_no_word_of_the_text_layer_is_lost() -> None:
    from collections import Counter

    from pdfminer.high_level import extract_text

    data = working_paper()
    extracted = extract_pdf(data, "working-paper.pdf")
    sections = {p.section or "" for p in extracted.paragraphs}
    stored = " ".join([extracted.title or "", *sections, *(p.text for p in extracted.paragraphs)])
    printed = Counter(re.findall(r"[A-Za-z]+", extract_text(io.BytesIO(data))))
    kept = Counter(re.findall(r"[A-Za-z]+", stored))
    assert printed - kept == Counter()


def test_the_paper_names_a_paper_and_its_title_and_authors_are_answered() -> None:
    data = working_paper()
    document = document_from_extracted(
        extract_pdf(data, "working-paper.pdf"), data, "working-paper.pdf", UploadDetails()
    )
    assert document.meta.form is Form.PAPER
    engine = AnswerEngine([document])
    title = engine.answer("What is the title of the paper?")
    assert title.note is not None and TITLE in title.note
    authors = engine.answer("Who wrote the working paper?")
    assert authors.note is not None and "Jonas Mbeki-Hart" in authors.note
