"""PDFs made for the tests: laid out with reportlab, encrypted with pypdf, hostile ones by hand."""

from __future__ import annotations

import io
import zlib

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

HEADER = "The Quay Gazette - Harbour report, March 2024"
BODY_SIZE = 11
LEADING = 14


def report(
    pages: list[list[list[str]]],
    *,
    title: str | None = "Channel report",
    continued: frozenset[int] | set[int] = frozenset(),
) -> bytes:
    """A PDF whose pages hold paragraphs (lists of lines, set as given): a running header and a
    page number on every page, the first line of each paragraph indented but on the pages
    `continued` (1-based), whose first paragraph goes on from the page before."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    if title:
        sheet.setTitle(title)
    sheet.setAuthor("Ines Muller")
    width, height = A4
    for number, paragraphs in enumerate(pages, start=1):
        sheet.setFont("Helvetica", 8)
        sheet.drawString(72, height - 40, HEADER)
        sheet.drawString(width / 2, 30, str(number))
        sheet.setFont("Times-Roman", BODY_SIZE)
        y = height - 90
        for order, paragraph in enumerate(paragraphs):
            for index, line in enumerate(paragraph):
                indent = index == 0 and not (order == 0 and number in continued)
                sheet.drawString(72 + (18 if indent else 0), y, line)
                y -= LEADING
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def with_metadata(data: bytes, **metadata: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({f"/{key}": value for key, value in metadata.items()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted(data: bytes, algorithm: str = "AES-256", password: str = "") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def raw_pdf(objects: list[bytes], info: int | None = None) -> bytes:
    """A PDF of the given objects (1 is the catalog; `info`, if given, the number of the
    document information dictionary), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    info_entry = b" /Info %d 0 R" % info if info is not None else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info_entry,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
        )
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 700 Td (The ferry runs again.) Tj ET"


def deep_page_tree(depth: int) -> bytes:
    """A page tree `depth` levels deep around a single page."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (number + 1))
    page = len(objects) + 1
    objects.append(
        b"<< /Type /Page /MediaBox [0 0 612 792] /Contents %d 0 R"
        b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (page + 1, page + 2)
    )
    objects.append(_stream(TEXT))
    objects.append(FONT)
    return raw_pdf(objects)


def shared_stream_pages(pages: int) -> bytes:
    """`pages` pages all drawing one content stream."""
    first_page = 3
    stream, font = first_page + pages, first_page + pages + 1
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
        b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (stream, font)
    )
    objects += [page] * pages
    objects += [_stream(TEXT), FONT]
    return raw_pdf(objects)


def stream_bomb(megabytes: int) -> bytes:
    """One page whose compressed content stream inflates to `megabytes` MB of text drawing."""
    chunk = b"BT /F1 12 Tf 72 700 Td (bomb) Tj ET\n"
    content = chunk * (megabytes * 1024 * 1024 // len(chunk))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content, compress=True),
        FONT,
    ]
    return raw_pdf(objects)


def gazette(notices: list[tuple[str, list[list[str]]]]) -> bytes:
    """A gazette's pages: a masthead on page 1 ("Notices", large), a running head naming the
    section on the other pages, and notices one after the other, each opened by the same
    agency lines in bold and its own bold title, then its paragraphs (lists of lines, the
    first indented). No /Title."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    _, height = A4
    y = 0.0
    page = 0

    def new_page() -> float:
        nonlocal page
        if page:
            sheet.showPage()
        page += 1
        sheet.setFont("Helvetica", 8)
        if page == 1:
            sheet.setFont("Helvetica-Bold", 20)
            sheet.drawString(72, height - 60, "Notices")
            sheet.setFont("Helvetica", 8)
            sheet.drawString(400, height - 60, "The Harbour Gazette, Vol. 3")
        else:
            sheet.drawString(72, height - 40, f"The Harbour Gazette / Vol. 3 / Notices / {page}")
        return height - 110

    def line(text: str, font: str, x: float = 72) -> None:
        nonlocal y
        if y < 80:
            y = new_page()
        sheet.setFont(font, BODY_SIZE)
        sheet.drawString(x, y, text)
        y -= LEADING

    y = new_page()
    for title, paragraphs in notices:
        for head in ("DEPARTMENT OF HARBOURS", "Port Authority"):
            line(head, "Helvetica-Bold")
            y -= LEADING
        line(title, "Helvetica-Bold")
        y -= LEADING
        for paragraph in paragraphs:
            for index, text in enumerate(paragraph):
                line(text, "Times-Roman", 72 + (18 if index == 0 else 0))
        y -= 2 * LEADING
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


# Styles of `flowing`'s blocks: (font, size, space before in points); "body" is the text.
_STYLES = {
    "masthead": ("Helvetica-Bold", 12, 0),
    "title": ("Helvetica-Bold", 22, 12),
    "heading": ("Helvetica-Bold", 14, 10),
    "subheading": ("Helvetica-Bold", 12, 6),
    "body": ("Times-Roman", BODY_SIZE, 0),
    "small": ("Times-Roman", 8.5, 0),
    "quote": ("Times-Roman", BODY_SIZE, 0),  # indented on both sides (`_INDENTED`)
}
# The styles set in from both margins, in points: a quotation set apart.
_INDENTED = {"quote": 36.0}


def flowing(
    blocks: list[tuple[str, str]],
    *,
    columns: int = 1,
    header: str | None = None,
    footer: str | None = None,
    footnotes: dict[int, list[str]] | None = None,
    created: str | None = None,
) -> bytes:
    """A PDF set by reportlab's flowing layout, as word processors and report tools set them.

    `blocks` are (style, text): a style of `_STYLES` ("quote" indented), "page" (a page
    break; text unused), or "table" (a table ruled on every side of every cell, its rows one a
    line, its cells separated by "|", set in 9 pt Helvetica, the first row bold).
    Text is reportlab's paragraph markup (`<super>1</super>` is a footnote marker, `<br/>` a
    line break, a "\u2022 " opening a bullet). Body paragraphs are spaced apart, not indented.
    `columns` is 1 or 2; `header` and `footer` are drawn small at the top and bottom edge of
    every page; `footnotes` maps a page (1-based) to the notes set small at its foot;
    `created` is the file's /CreationDate ("D:20251103120000")."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph

    width, height = A4
    margin, bottom = 70.0, 110.0
    notes = footnotes or {}
    small = ParagraphStyle("note", fontName="Times-Roman", fontSize=8.5, leading=10)

    def decorate(sheet: canvas.Canvas, document: BaseDocTemplate) -> None:
        sheet.setFont("Helvetica", 8)
        if header:
            sheet.drawString(margin, height - 40, header)
        if footer:
            sheet.drawString(margin, 30, footer)
        y = 95.0
        for text in notes.get(document.page, []):
            note = Paragraph(text, small)
            _, tall = note.wrap(width - 2 * margin, 80)
            note.drawOn(sheet, margin, y - tall)
            y -= tall + 2

    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, title="", author=""
    )
    gap = 24.0
    wide = (width - 2 * margin - gap * (columns - 1)) / columns
    frames = [
        Frame(margin + i * (wide + gap), bottom, wide, height - bottom - 70, id=f"c{i}")
        for i in range(columns)
    ]
    document.addPageTemplates([PageTemplate("page", frames, onPage=decorate)])
    story: list[object] = []
    for style, text in blocks:
        if style == "page":
            story.append(PageBreak())
            continue
        if style == "table":
            story.append(_ruled_table([row.split("|") for row in text.split("\n")]))
            continue
        font, size, before = _STYLES[style]
        story.append(
            Paragraph(
                text,
                ParagraphStyle(
                    style,
                    fontName=font,
                    fontSize=size,
                    leading=size * 1.3,
                    spaceBefore=before,
                    spaceAfter=8,
                    leftIndent=_INDENTED.get(style, 0.0),
                    rightIndent=_INDENTED.get(style, 0.0),
                ),
            )
        )
    document.build(story)
    data = buffer.getvalue()
    return with_metadata(data, CreationDate=created) if created else data


def _ruled_table(rows: list[list[str]]) -> object:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, hAlign="LEFT", spaceAfter=8)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ]
        )
    )
    return table
