"""A court's judgment uploaded as a PDF: numbered paragraphs, head, counsel and judge."""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from bot.engine.answer import AnswerEngine
from bot.engine.formats.pdf import extract_pdf
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Form

_CENTRE = ParagraphStyle("centre", fontName="Times-Bold", fontSize=12, alignment=TA_CENTER)
_PLAIN = ParagraphStyle("plain", fontName="Times-Roman", fontSize=11, alignment=TA_CENTER)
_HEADING = ParagraphStyle(
    "heading", fontName="Times-Bold", fontSize=11.5, spaceBefore=10, spaceAfter=6
)
# A numbered paragraph: its number in the margin, its lines indented (a hanging indent).
_NUMBERED = ParagraphStyle(
    "numbered",
    fontName="Times-Roman",
    fontSize=11,
    leading=14.5,
    alignment=TA_JUSTIFY,
    spaceAfter=7,
    leftIndent=0.9 * cm,
    firstLineIndent=-0.9 * cm,
)
_QUOTE = ParagraphStyle("quote", parent=_NUMBERED, leftIndent=2 * cm, firstLineIndent=0)

_PARAGRAPHS = [
    ("Introduction", None),
    (
        "The Claimant challenges the decision of the Eastmere Harbour Board, made on 9 January "
        "2026, to close the north slipway to private boats and to let it instead to a commercial "
        "ferry operator for a term of fifteen years.",
        None,
    ),
    (
        "The Claimant is a sailing club of some 230 members whose boats have been launched from "
        "the north slipway since 1961. It says that the Board failed to consult the club before "
        "it decided, and that the decision was irrational.",
        None,
    ),
    ("The submissions", None),
    (
        "For the Claimant, Mr Idris Fenwick KC put the point with some force. He submitted:",
        '"The Board asked the ferry company what it wanted and never asked the people who '
        "actually use the slipway. A lease of fifteen years is not a trial; it is the end of "
        'sailing from the north shore."',
    ),
    (
        "For the Board, Ms Odile Marchetti KC submitted that the Board had no duty to consult "
        "anyone about a commercial letting of its own land, and that it had in any event held "
        "an open meeting in November 2025 at which the club's members spoke.",
        None,
    ),
    ("Discussion", None),
    (
        "In my judgment the open meeting was not consultation. It was held before the proposal "
        "to let the slipway existed, and the minutes record no mention of a lease. The club "
        "could not respond to a proposal of which it knew nothing, and the decision must be "
        "quashed for that reason.",
        None,
    ),
    (
        "The ground of irrationality fails. The Board was entitled to prefer the ferry's rent, "
        "which the accounts show is needed to keep the harbour wall in repair.",
        None,
    ),
]


def judgment_pdf(*, title: str | None = None) -> bytes:
    """A judgment set as the courts set them: a head (citation, court, date, judge, parties,
    counsel), then paragraphs numbered in the margin with a hanging indent, a submission set as
    a block quotation, a running head and page numbers."""
    story = [
        Paragraph("Neutral Citation Number: [2026] EWHC 418 (Admin)", _PLAIN),
        Paragraph("Case No: AC-2026-BRS-000212", _PLAIN),
        Paragraph("IN THE HIGH COURT OF JUSTICE", _CENTRE),
        Paragraph("KING'S BENCH DIVISION", _CENTRE),
        Paragraph("ADMINISTRATIVE COURT", _CENTRE),
        Paragraph("Date: 03/02/2026", _PLAIN),
        Spacer(1, 8),
        Paragraph("Before:", _PLAIN),
        Paragraph("THE HONOURABLE MR JUSTICE TREVANION", _CENTRE),
        Paragraph("- - - - - - - - - - - - - - - -", _PLAIN),
        Paragraph("Between:", _PLAIN),
        Paragraph("THE KING on the application of NORTH SHORE SAILING CLUB", _CENTRE),
        Paragraph("Claimant", _PLAIN),
        Paragraph("- and -", _PLAIN),
        Paragraph("EASTMERE HARBOUR BOARD", _CENTRE),
        Paragraph("Defendant", _PLAIN),
        Paragraph("- - - - - - - - - - - - - - - -", _PLAIN),
        Paragraph(
            "Mr Idris Fenwick KC and Ms Tilly Rudd (instructed by Carrow Lane Solicitors) for "
            "the Claimant",
            _PLAIN,
        ),
        Paragraph(
            "Ms Odile Marchetti KC (instructed by Harbour Law LLP) for the Defendant", _PLAIN
        ),
        Paragraph("Hearing date: 20 January 2026", _PLAIN),
        Paragraph("APPROVED JUDGMENT", _CENTRE),
        Spacer(1, 8),
        Paragraph("<b>Mr Justice Trevanion:</b>", _PLAIN),
    ]
    number = 0
    for text, quotation in _PARAGRAPHS:
        if quotation is None and len(text) < 30:
            story.append(Paragraph(text, _HEADING))
            continue
        number += 1
        story.append(Paragraph(f"{number}.&nbsp;&nbsp;&nbsp;{text}", _NUMBERED))
        if quotation:
            story.append(Paragraph(quotation, _QUOTE))

    def running_head(sheet: canvas.Canvas, document: SimpleDocTemplate) -> None:
        sheet.setFont("Times-Italic", 9)
        sheet.drawString(2.5 * cm, A4[1] - 1.5 * cm, "North Shore Sailing Club v Eastmere HB")
        sheet.drawCentredString(A4[0] / 2, 1.5 * cm, f"Page {document.page}")

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=title or "", author="")
    document.build(story, onFirstPage=running_head, onLaterPages=running_head)
    return buffer.getvalue()


def _uploaded(data: bytes, name: str = "judgment.pdf") -> Document:
    return document_from_upload(
        data, name, UploadDetails(), doc_id=name.split(".")[0], isolated=True
    ).document


def test_numbered_paragraphs_set_with_a_hanging_indent_are_whole_with_their_numbers() -> None:
    texts = [p.text for p in extract_pdf(judgment_pdf(), "judgment.pdf").paragraphs]
    opening = next(text for text in texts if text.startswith("1. "))
    assert opening.endswith("for a term of fifteen years.")
    assert any(t.startswith("2. The Claimant is a sailing club") for t in texts)
    # No paragraph starts at a wrapped line.
    assert not any(t.startswith(("2026, to close", "ferry operator")) for t in texts)
    assert [t.split(".", 1)[0] for t in texts if t[:1].isdigit()] == ["1", "2", "3", "4", "5", "6"]


def test_a_number_set_alone_in_the_margin_opens_its_paragraph() -> None:
    # As a word processor sets them: "4." in the margin, a tab, the text 3 ems in.
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    sheet.setFont("Times-Roman", 12)
    y = 700.0
    for number in (4, 5):
        sheet.drawString(72, y, f"{number}.")
        sheet.drawString(
            108, y, "The harbour board let the slipway on 9 January 2026, and the club"
        )
        sheet.drawString(
            108, y - 15, "brought this claim within the six weeks the rules allow for it."
        )
        y -= 40
    sheet.save()
    texts = [p.text for p in extract_pdf(buffer.getvalue(), "numbers.pdf").paragraphs]
    assert texts == [
        f"{n}. The harbour board let the slipway on 9 January 2026, and the club brought this "
        "claim within the six weeks the rules allow for it."
        for n in (4, 5)
    ]


def test_a_judgments_head_gives_its_case_name_citation_date_and_judge() -> None:
    document = _uploaded(judgment_pdf())
    meta = document.meta
    assert (
        meta.title
        == "R (North Shore Sailing Club) v Eastmere Harbour Board [2026] EWHC 418 (Admin)"
    )
    assert meta.date == dt.date(2026, 2, 3)
    assert meta.author == "Mr Justice Trevanion"
    assert meta.form is Form.JUDGMENT
    texts = [p.text for p in document.passages]
    # The court's heading lines are no passages; counsel and the hearing date are.
    assert not any("HIGH COURT" in t or t.startswith("Between") for t in texts)
    assert any(t.startswith("Ms Odile Marchetti KC") for t in texts)


def test_the_files_own_title_naming_the_case_is_the_title() -> None:
    data = judgment_pdf(title="North Shore Sailing Club v Eastmere HB [2026] EWHC 418 (Admin)")
    assert (
        _uploaded(data).meta.title
        == "North Shore Sailing Club v Eastmere HB [2026] EWHC 418 (Admin)"
    )


def test_counsels_submissions_are_theirs_not_the_judges() -> None:
    engine = AnswerEngine([_uploaded(judgment_pdf())])
    answer = engine.answer("What did counsel for the claimant submit about the lease?")
    first = answer.quotes[0]
    assert "fifteen years is not a trial" in first.passage
    assert first.attribution.reporting == "Idris Fenwick"
    board = engine.answer("What did the board's barrister argue about consultation?")
    assert board.quotes[0].attribution.reporting == "Odile Marchetti"
    assert "no duty to consult" in board.quotes[0].text


def test_paragraph_n_names_the_judgments_own_paragraph() -> None:
    engine = AnswerEngine([_uploaded(judgment_pdf())])
    for question in ("What does paragraph 5 say?", "What is said at para 5?", "What is at [5]?"):
        quote = engine.answer(question).quotes[0]
        assert quote.text.startswith("5. In my judgment the open meeting was not consultation")


def test_the_judge_names_the_judgments_author() -> None:
    news = (
        "Sailing club wins slipway case\n\nBy Nell Quint\n\n"
        "The club's commodore said the open meeting in November was a sham and the lease "
        "would end sailing from the north shore.\n\n"
        "The harbour board said it would study the ruling on the consultation.\n"
    )
    engine = AnswerEngine(
        [
            _uploaded(judgment_pdf()),
            _uploaded(news.encode(), "news.txt"),
        ]
    )
    answer = engine.answer("What did the judge say about the open meeting?")
    assert answer.quotes[0].attribution.speaker == "Mr Justice Trevanion"
    assert "open meeting was not consultation" in answer.quotes[0].text


def test_which_judge_decided_and_when_is_answered_from_the_judgments_head() -> None:
    engine = AnswerEngine([_uploaded(judgment_pdf())])
    answer = engine.answer(
        "Which judge decided the sailing club's case and when was the judgment given?"
    )
    assert answer.note is not None
    assert answer.note.startswith("By: Mr Justice Trevanion; Published: 2026-02-03")


def test_a_paragraphs_number_is_no_figure_it_gives() -> None:
    engine = AnswerEngine([_uploaded(judgment_pdf())])
    # Paragraph 6 rules on the ground of irrationality but counts nothing.
    answer = engine.answer("How many grounds of irrationality did the court reject?")
    assert answer.abstained
