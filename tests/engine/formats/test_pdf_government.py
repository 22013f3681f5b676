"""Government papers and press releases as PDFs: numbered paragraphs set with a hanging indent
and ragged right, numbered paragraphs set flush, tables under a caption or a title row, and a
release's notes to editors (trial 17's kinds, in our own words)."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

from bot.engine.answer import AnswerEngine
from bot.engine.formats.pdf import extract_pdf
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document

_MARGIN, _LEADING, _SIZE = 68.0, 14.0, 10.5
_BULLET = "\u2022"

# A block of a page: ("heading", text) set bold and large; ("caption", text) set bold at the
# body's size; ("numbered", number, lines) its number at the margin and its lines, as printed,
# at the hanging indent `hang` (`flush`: at the margin, after the number on the first; a bullet
# "\u2022" set in the Symbol font, as Word sets it); ("body", lines)
# at the margin; ("table", rows) a table ruled on every side, cells parted by "|".
Block = tuple[str, str] | tuple[str, str, list[str]] | tuple[str, list[str]]


def _document(
    blocks: list[Block], *, gap: float = 7.0, flush: bool = False, hang: float = 96.0
) -> bytes:
    """A one-page PDF set as a department's word processor sets a paper, ragged right: its
    title, then the blocks spaced `gap` points apart."""
    buffer, sheet = _sheet()
    y = 750.0
    for block in blocks:
        kind = block[0]
        if kind in ("heading", "caption"):
            size = 13 if kind == "heading" else _SIZE
            sheet.setFont("Helvetica-Bold", size)
            sheet.drawString(_MARGIN, y, str(block[1]))
            y -= size + 8
            continue
        if kind == "table":
            rows = [row.split("|") for row in block[1]]
            table = Table(rows, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), "Helvetica", 9.5),
                        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9.5),
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ]
                )
            )
            _, tall = table.wrapOn(sheet, 440, 400)
            table.drawOn(sheet, _MARGIN + 18, y - tall + _SIZE)
            y -= tall + 16
            continue
        sheet.setFont("Helvetica", _SIZE)
        lines = block[2] if kind == "numbered" else block[1]
        assert isinstance(lines, list)
        if kind == "numbered":
            number = str(block[1])
            if flush:
                lines = [f"{number} {lines[0]}", *lines[1:]]
            else:
                sheet.setFont("Symbol" if number == _BULLET else "Helvetica", _SIZE)
                sheet.drawString(_MARGIN, y, number)
                sheet.setFont("Helvetica", _SIZE)
        x = _MARGIN if flush or kind == "body" else hang
        for line in lines:
            sheet.drawString(x, y, line)
            y -= _LEADING
        y -= gap
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def _sheet(opening: str | None = None) -> tuple[io.BytesIO, canvas.Canvas]:
    """An A4 canvas with the paper's title drawn, and an `opening` line under it."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    sheet.setTitle("")
    sheet.setFont("Helvetica-Bold", 20)
    sheet.drawString(_MARGIN, 790, "Harbour Mooring Charge: Summary of Responses")
    sheet.setFont("Helvetica", _SIZE)
    if opening is not None:
        sheet.drawString(_MARGIN, 750, opening)
    return buffer, sheet


def uploaded(data: bytes, filename: str) -> Document:
    return document_from_upload(
        data, filename, UploadDetails(), doc_id=filename.split(".")[0], isolated=True
    ).document


# A summary of responses on a harbour charge, its paragraphs numbered with a hanging indent:
# first lines that end well short of the column's edge mid-sentence (the next word did not fit),
# a line ending short after a full stop in the middle of a paragraph.
SUMMARY: list[Block] = [
    ("heading", "3. Views of organisations"),
    (
        "numbered",
        "3.1",
        [
            "The Harbour Users' Association opposed the charge. It argued that small boats",
            "would leave for the private marinas along the coast and that the harbour's",
            "takings would fall rather than rise in the first two years of the charge.",
        ],
    ),
    (
        "numbered",
        "3.2",
        [
            "The Tidewater Conservation Trust supported the charge, noting that about",
            "40 per cent of moorings are held by owners who visit fewer than three times a",
            "year. It urged the department to spend the takings on the sea wall.",
        ],
    ),
    (
        "numbered",
        "3.3",
        [
            "Dr Ilse Marchetti of the Coastal Economics Unit argued that a flat charge would",
            "fall hardest on crews who fish from small boats all year round.",
            "Harbourmasters and boat owners at the public meetings raised the same point.",
        ],
    ),
    ("heading", "4. The department's response"),
    (
        "numbered",
        "4.1",
        [
            "The department will review the charge two years after it begins, in line with",
            "the advice of the Coastal Economics Unit, and will publish what it finds.",
        ],
    ),
    (
        "numbered",
        "4.2",
        [
            "Boats under six metres long will pay half the charge. Crews who fish for a",
            "living will pay nothing in the first year, as the Tidewater Conservation Trust",
            "proposed at the public meeting in Porthallow.",
        ],
    ),
]


def test_a_numbered_paragraph_set_ragged_right_is_one_passage_with_its_wrapped_lines() -> None:
    texts = [p.text for p in extract_pdf(_document(SUMMARY), "moorings.pdf").paragraphs]
    assert texts == [
        "3.1 The Harbour Users' Association opposed the charge. It argued that small boats "
        "would leave for the private marinas along the coast and that the harbour's takings "
        "would fall rather than rise in the first two years of the charge.",
        "3.2 The Tidewater Conservation Trust supported the charge, noting that about 40 per "
        "cent of moorings are held by owners who visit fewer than three times a year. It urged "
        "the department to spend the takings on the sea wall.",
        "3.3 Dr Ilse Marchetti of the Coastal Economics Unit argued that a flat charge would "
        "fall hardest on crews who fish from small boats all year round. Harbourmasters and "
        "boat owners at the public meetings raised the same point.",
        "4.1 The department will review the charge two years after it begins, in line with the "
        "advice of the Coastal Economics Unit, and will publish what it finds.",
        "4.2 Boats under six metres long will pay half the charge. Crews who fish for a living "
        "will pay nothing in the first year, as the Tidewater Conservation Trust proposed at "
        "the public meeting in Porthallow.",
    ]


def test_a_quote_from_a_numbered_paragraph_keeps_its_figure_and_the_body_it_reports() -> None:
    engine = AnswerEngine([uploaded(_document(SUMMARY), "moorings.pdf")])
    quote = engine.answer("how many moorings are held by owners who rarely visit?").quotes[0]
    assert "40 per cent of moorings" in quote.text
    assert quote.attribution.reporting == "Tidewater Conservation Trust"
    review = engine.answer("when will the department review the charge?").quotes[0]
    assert "in line with the advice of the Coastal Economics Unit" in review.text


# The same paragraphs, numbered "(a)", "(b)" under a paragraph, and no space between them: the
# next number opens the next passage though the line before it runs to the column's edge.
def test_the_next_number_opens_a_passage_when_paragraphs_are_not_spaced_apart() -> None:
    blocks: list[Block] = [
        ("heading", "2. What the charge pays for"),
        (
            "numbered",
            "(a)",
            [
                "Repairs to the sea wall at Porthallow, where the winter storms of 2024 broke",
                "the parapet along sixty metres and the footpath behind it has been shut since.",
            ],
        ),
        (
            "numbered",
            "(b)",
            [
                "Dredging the inner harbour, which the trust last paid for eleven years ago and",
                "which the harbourmaster says must now be done every four years at the least.",
            ],
        ),
    ]
    for flush in (False, True):
        pdf = _document(blocks, gap=0.0, flush=flush)
        texts = [p.text for p in extract_pdf(pdf, "charge.pdf").paragraphs]
        assert [text[:4] for text in texts] == ["(a) ", "(b) "], flush
        assert texts[0].endswith("has been shut since.")


def test_a_bulleted_item_set_with_a_hanging_indent_is_one_passage() -> None:
    items = [
        "Repairs to the sea wall at Porthallow, where the winter storms of 2024 broke the "
        "parapet along sixty metres and the footpath behind it has been shut since.",
        "Dredging the inner harbour, which the trust last paid for eleven years ago and which "
        "the harbourmaster says must now be done every four years at the least.",
    ]
    blocks: list[Block] = [
        ("heading", "2. What the charge pays for"),
        ("numbered", _BULLET, [items[0][:76], items[0][77:]]),
        ("numbered", _BULLET, [items[1][:78], items[1][79:]]),
        ("body", ["The board will publish the harbour's accounts in June."]),
    ]
    # The bullet a word's space from the text (one line to pdfminer) or a tab away (a line of
    # its own), the items spaced apart or not.
    for hang, gap in ((80.0, 0.0), (80.0, 6.0), (96.0, 0.0), (96.0, 6.0)):
        pdf = _document(blocks, gap=gap, hang=hang)
        texts = [p.text for p in extract_pdf(pdf, "works.pdf").paragraphs]
        assert texts == [*items, "The board will publish the harbour's accounts in June."], hang


# A table of responses under its caption, between two numbered paragraphs.
RESPONSES: list[Block] = [
    ("heading", "2. Overview of responses"),
    (
        "numbered",
        "2.1",
        ["The consultation received 1,204 responses, shown by respondent type in Table 2."],
    ),
    ("caption", "Table 2: Responses to the charge, by respondent type"),
    (
        "table",
        [
            "Respondent type|Support|Oppose|Total",
            "Boat owners|212|634|846",
            "Harbour businesses|41|97|138",
            "Other organisations|150|70|220",
        ],
    ),
    (
        "numbered",
        "2.2",
        ["Boat owners were three times as likely to oppose the charge as to support it."],
    ),
    ("heading", "3. Next steps"),
    ("numbered", "3.1", ["The department will publish its decision in the spring."]),
]


def test_a_table_is_one_passage_under_its_caption_with_its_header_row() -> None:
    paragraphs = extract_pdf(_document(RESPONSES), "responses.pdf").paragraphs
    table = next(p for p in paragraphs if "Boat owners |" in p.text)
    assert table.text == (
        "Respondent type | Support | Oppose | Total\n"
        "Boat owners | 212 | 634 | 846\n"
        "Harbour businesses | 41 | 97 | 138\n"
        "Other organisations | 150 | 70 | 220"
    )
    assert table.section == "Table 2: Responses to the charge, by respondent type"
    # The paragraph after the table is the section's, not the caption's.
    after = next(p for p in paragraphs if p.text.startswith("2.2 "))
    assert after.section == "2. Overview of responses"
    engine = AnswerEngine([uploaded(_document(RESPONSES), "responses.pdf")])
    quote = engine.answer("how many harbour businesses opposed the charge?").quotes[0]
    assert "Respondent type | Support | Oppose" in quote.text and "| 97 |" in quote.text


def _ruled(rows: list[str]) -> Table:
    table = Table([row.split("|") for row in rows], colWidths=[150, 70, 70, 70])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 9.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ]
        )
    )
    return table


def test_a_table_going_on_over_a_page_opens_with_its_header_row_there_too() -> None:
    buffer, sheet = _sheet("The responses by harbour are set out in the table below.")
    first = _ruled(["Harbour|Support|Oppose|Total", "Porthallow|88|203|291", "Skerrin|40|61|101"])
    _, tall = first.wrapOn(sheet, 440, 400)
    first.drawOn(sheet, _MARGIN, 90)
    sheet.showPage()
    second = _ruled(["Calder Quay|19|77|96", "Fenwick|31|12|43"])
    _, tall = second.wrapOn(sheet, 440, 400)
    second.drawOn(sheet, _MARGIN, 780 - tall)
    sheet.setFont("Helvetica", _SIZE)
    sheet.drawString(_MARGIN, 700, "Most of those opposed keep boats at Porthallow.")
    sheet.showPage()
    sheet.save()
    tables = [
        p.text for p in extract_pdf(buffer.getvalue(), "harbours.pdf").paragraphs if "|" in p.text
    ]
    assert tables == [
        "Harbour | Support | Oppose | Total\nPorthallow | 88 | 203 | 291\nSkerrin | 40 | 61 | 101",
        "Harbour | Support | Oppose | Total\nCalder Quay | 19 | 77 | 96\nFenwick | 31 | 12 | 43",
    ]


def test_a_table_set_without_rules_is_one_passage_of_its_rows() -> None:
    # A word processor's table without borders: each cell a line of its own to pdfminer, the
    # figures set to the right of their columns.
    buffer, sheet = _sheet("2.1 The responses by respondent type are set out below.")
    rows = [
        ("Respondent type", "Support", "Oppose", "Total"),
        ("Boat owners", "212", "634", "846"),
        ("Harbour businesses", "41", "97", "138"),
        ("Other organisations", "150", "70", "220"),
    ]
    y = 722.0
    for number, row in enumerate(rows):
        sheet.setFont("Helvetica-Bold" if number == 0 else "Helvetica", 9.5)
        sheet.drawString(86, y, row[0])
        for x, cell in zip((290, 360, 430), row[1:], strict=True):
            sheet.drawRightString(x, y, cell)
        y -= 13
    sheet.setFont("Helvetica", _SIZE)
    sheet.drawString(_MARGIN, y - 12, "2.2 Boat owners were the most likely to oppose the charge.")
    sheet.showPage()
    sheet.save()
    texts = [p.text for p in extract_pdf(buffer.getvalue(), "responses.pdf").paragraphs]
    assert texts == [
        "2.1 The responses by respondent type are set out below.",
        "Respondent type | Support | Oppose | Total\n"
        "Boat owners | 212 | 634 | 846\n"
        "Harbour businesses | 41 | 97 | 138\n"
        "Other organisations | 150 | 70 | 220",
        "2.2 Boat owners were the most likely to oppose the charge.",
    ]


# A press release's foot: its notes to editors (the funder named in one), then a table of its
# headline figures whose first row is its title.
def release_foot() -> bytes:
    blocks: list[Block] = [
        ("heading", "Notes to editors"),
        (
            "body",
            [
                "1. The Porthallow Reef Survey counted fish on the reef each month from April",
                "2025 to March 2026.",
            ],
        ),
        (
            "body",
            [
                "2. The survey was run by the Tidewater Conservation Trust with the county's",
                "sea fisheries officers. It was paid for by the Marram Foundation (£86,000).",
            ],
        ),
        ("body", ["3. Photographs of the reef are available on request."]),
        (
            "table",
            [
                "Survey in figures|",
                "Dives logged|312",
                "Species counted|47",
                "Change in bass numbers|+18%",
            ],
        ),
    ]
    return _document(blocks, gap=9.0)


def test_a_release_table_after_its_notes_is_one_passage_under_its_own_title() -> None:
    paragraphs = extract_pdf(release_foot(), "reef.pdf").paragraphs
    table = next(p for p in paragraphs if "Dives logged" in p.text)
    assert table.text == (
        "Survey in figures\nDives logged | 312\nSpecies counted | 47\nChange in bass numbers | +18%"
    )
    assert table.section == "Survey in figures"
    notes = [p.text for p in paragraphs if p.section == "Notes to editors"]
    assert len(notes) == 3
    assert notes[1] == (
        "2. The survey was run by the Tidewater Conservation Trust with the county's sea "
        "fisheries officers. It was paid for by the Marram Foundation (£86,000)."
    )


# A press release's body, ragged right, its paragraphs spaced apart: a line in the middle of a
# quotation ends a sentence well short of the column's edge.
RELEASE_BODY: list[Block] = [
    (
        "body",
        [
            "PORTHALLOW, 4 May 2026 – Fish on the Porthallow reef have come back faster than",
            "the survey's own forecast, according to figures published today by the trust.",
        ],
    ),
    (
        "body",
        [
            "The survey counted fish on the reef every month for a year, from the harbour wall",
            "to the outer buoys, and compared the counts with those made in 2015.",
        ],
    ),
    (
        "body",
        [
            "Marta Quell, harbourmaster at Porthallow, said: “The reef is doing better than",
            "anyone expected. Bass numbers are up by almost a fifth.",
            "Volunteers from the village counted them every month, in every weather, and",
            "nobody missed a dive all year.”",
        ],
    ),
    (
        "body",
        [
            "The trust will publish the full counts, species by species, on its website in",
            "the autumn, with the volunteers' logbooks.",
        ],
    ),
    ("body", ["The survey will run for a second year from June."]),
    ("body", ["A public talk on the findings will be held in the harbour office on 20 May."]),
]


def test_a_ragged_line_ending_a_sentence_short_goes_on_when_paragraphs_are_spaced() -> None:
    document = uploaded(_document(RELEASE_BODY, gap=9.0), "reef-release.pdf")
    quell = next(p.text for p in document.passages if "Marta Quell" in p.text)
    assert quell.endswith("nobody missed a dive all year.”")
    engine = AnswerEngine([document])
    quote = engine.answer("who counted the fish every month in every weather?").quotes[0]
    assert "Volunteers from the village" in quote.text
    assert quote.attribution.reporting == "Marta Quell"
