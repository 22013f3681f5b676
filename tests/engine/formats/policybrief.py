"""A think tank's two-page policy brief PDF, laid out with reportlab as such briefs are set.

Every name, place and figure is invented for the tests. The title, a byline line under it
("Authors: ..."), numbered sections ("1. Summary" ... "Conclusion"), a running header and a
"Page N of 2" footer, superscript footnote markers in the body and the notes set small at the
foot of each page (a citation of a report, an explanatory note), a quoted expert introduced by
"She told us:" with her words in an indented paragraph, and a boxed list of recommendations.
The file's /Author is the institute, as a producer's template fills it.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

TITLE = "Keeping the Doors Open: Branch Libraries in Corvale"
AUTHORS = ("Marisol Ekwueme-Hart", "Tobias Venkataraman")
BYLINE = f"Authors: {AUTHORS[0]} and {AUTHORS[1]}"
INSTITUTE = "Fernleigh Policy Institute"
HEADER = "Fernleigh Policy Institute | Policy Brief 7"
# A citation note (a body's return, its year, its table) and an explanatory note (words of its
# own, no year), as their numbers are printed at the page's foot.
CITATION = "Corvale Library Service, Annual Lending Return 2024, table 6."
EXPLANATION = "Counted as branches staffed for fewer than 18 hours a week."
CITATION_2 = "Corvale Borough Council, Libraries Review Consultation, March 2025, p. 12."
CLOSURES = (
    "The council's draft plan would close 11 of the borough's 26 branch libraries by the "
    "spring, most of them in the outer wards where the bus service is thinnest."
)
HOURS = (
    "Instead of closing branches, the council should set a minimum of 30 opening hours a week "
    "at every branch, with evening opening on two days so that working families can use them."
)
INTRO = (
    "Professor Anneliese Okonjo-Barr, who studies reading habits at Halvern University, "
    "spent a year visiting the branches named in the plan. She told us:"
)
EXPERT_QUOTE = (
    "\u201cA branch that opens for a few hours on a weekday morning is a branch that has "
    "already been closed to anyone with a job. The visits fall, and then the visits are used "
    "as the reason to shut it.\u201d"
)
EXPERT = "Anneliese Okonjo-Barr"
RECOMMENDATIONS = [
    "Withdraw the closure list until the consultation has reported.",
    "Set a floor of 30 opening hours a week at every branch.",
    "Publish visit counts for each branch every quarter.",
]

_SIZE = 10.5
_NOTE_SIZE = 7.5
_LEADING = 13.5
_LEFT = 72.0
_WIDTH = A4[0] - 2 * _LEFT
# (kind, text) per page; text uses "^n" after a word for a superscript marker.
_PAGES: list[list[tuple[str, str]]] = [
    [
        ("title", TITLE),
        ("byline", BYLINE),
        ("heading", "1. Summary"),
        (
            "body",
            "Corvale's branch libraries lent 1.4 million items last year,^1 yet the borough "
            "now proposes the deepest cut to the service in a generation. " + CLOSURES,
        ),
        (
            "body",
            "Many of the branches on the list are already part-time libraries,^2 and their "
            "falling visits are a result of the hours they keep rather than a lack of demand.",
        ),
        ("heading", "2. What the plan proposes"),
        (
            "body",
            "The plan was published for consultation in March^3 and sets out savings of "
            "2.1 million pounds over three years, three quarters of them from the buildings "
            "and staff of the branches that would close.",
        ),
        ("body", INTRO),
        ("quote", EXPERT_QUOTE),
        (
            "body",
            "The pattern she describes can be seen in the figures for the Marsh Lane branch, "
            "whose visits halved in the two years after its hours were cut to three mornings.",
        ),
    ],
    [
        ("heading", "3. Our recommendations"),
        ("body", HOURS),
        ("box", "Key recommendations"),
        ("heading", "Conclusion"),
        (
            "body",
            "A branch library costs less to keep open than to reopen. The borough should "
            "pause the closure list and give its branches the hours they need to be used.",
        ),
    ],
]
_NOTES = {1: [(1, CITATION), (2, EXPLANATION), (3, CITATION_2)]}


def policy_brief() -> bytes:
    """The brief as a PDF (two A4 pages), its /Author the institute."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    sheet.setAuthor(INSTITUTE)
    sheet.setTitle(TITLE)
    for number, blocks in enumerate(_PAGES, start=1):
        _furniture(sheet, number)
        y = A4[1] - 90
        for kind, text in blocks:
            y = _block(sheet, kind, text, y)
        _notes(sheet, _NOTES.get(number, []))
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def _furniture(sheet: canvas.Canvas, number: int) -> None:
    sheet.setFont("Helvetica", 8)
    sheet.drawString(_LEFT, A4[1] - 40, HEADER)
    sheet.drawString(_LEFT, 30, f"Page {number} of 2")


def _block(sheet: canvas.Canvas, kind: str, text: str, y: float) -> float:
    """Draw one block from `y` (its first baseline's top) down; the y under it."""
    if kind == "title":
        sheet.setFont("Helvetica-Bold", 18)
        sheet.drawString(_LEFT, y, text)
        return y - 26
    if kind == "byline":
        sheet.setFont("Helvetica-Oblique", _SIZE)
        sheet.drawString(_LEFT, y, text)
        return y - 28
    if kind == "heading":
        sheet.setFont("Helvetica-Bold", 13)
        sheet.drawString(_LEFT, y, text)
        return y - 20
    if kind == "box":
        top = y + _SIZE
        sheet.setFont("Helvetica-Bold", _SIZE)
        sheet.drawString(_LEFT + 10, y, text)
        y -= _LEADING + 2
        for item in RECOMMENDATIONS:
            y = _wrapped(sheet, f"\u2022 {item}", y, _LEFT + 10, _WIDTH - 20)
        sheet.rect(_LEFT, y + _SIZE - 4, _WIDTH, top - (y + _SIZE - 4) + 4)
        return y - 16
    indent = 28.0 if kind == "quote" else 0.0
    return _wrapped(sheet, text, y, _LEFT + indent, _WIDTH - 2 * indent) - 8


def _wrapped(sheet: canvas.Canvas, text: str, y: float, x: float, width: float) -> float:
    """Body text wrapped ragged right at `width`, "^n" after a word a raised small marker."""
    line: list[str] = []
    for word in text.split():
        trial = " ".join([*line, word])
        if line and sheet.stringWidth(trial.replace("^", ""), "Times-Roman", _SIZE) > width:
            _line(sheet, line, x, y)
            y -= _LEADING
            line = [word]
        else:
            line.append(word)
    if line:
        _line(sheet, line, x, y)
        y -= _LEADING
    return y


def _line(sheet: canvas.Canvas, words: list[str], x: float, y: float) -> None:
    for index, word in enumerate(words):
        text, _, marker = word.partition("^")
        piece = text if index == len(words) - 1 else f"{text} "
        if marker:
            piece = text
        sheet.setFont("Times-Roman", _SIZE)
        sheet.drawString(x, y, piece)
        x += sheet.stringWidth(piece, "Times-Roman", _SIZE)
        if marker:
            sheet.setFont("Times-Roman", 6.5)
            sheet.drawString(x, y + 4, marker)
            x += sheet.stringWidth(marker, "Times-Roman", 6.5)
            if index < len(words) - 1:
                x += sheet.stringWidth(" ", "Times-Roman", _SIZE)


def _notes(sheet: canvas.Canvas, notes: list[tuple[int, str]]) -> None:
    """The page's footnotes at its foot, each its number then its text, one after another
    with no space between, as word processors set them."""
    y = 60 + 11 * len(notes)
    sheet.line(_LEFT, y + 12, _LEFT + 150, y + 12)
    for number, text in notes:
        sheet.setFont("Times-Roman", _NOTE_SIZE)
        sheet.drawString(_LEFT, y, f"{number} {text}")
        y -= 9.5
