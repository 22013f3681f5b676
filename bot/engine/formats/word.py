"""Word documents (.docx) -> `Extracted`: paragraphs, headings, lists, tables and the file's own
title, author and creation day (python-docx).

A case file or a speech saved from Word is read in the order its body sets it out: a paragraph
or a list item a paragraph, a heading (a "Heading n" style) the section of the paragraphs under
it, as the HTML and Markdown readers read `<h2>` and `## `, a table's row a paragraph of its
cells parted by " | " as the HTML reader reads `<tr>` ("Ruth Adebayo | Yes | 2040"). The title
is the file's core properties' title, else its opening "Title" or "Heading 1" paragraph; the
author the core properties' author (not a placeholder Word or a library writes there:
"python-docx", "Windows User"); the day it was created dates it only when the text does not
(`Extracted.created`, as a PDF's /CreationDate: the day the file was made, not published).
Paragraphs opening with speaker labels ("ROE: ...") are a transcript's turns, read as the text
reader reads them (`rolenames.transcript_turns`).

An old binary Word file (.doc, or one renamed .docx), a password-protected one (Office keeps an
encrypted .docx in the same old container) and a broken one are refused with what to do.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot.engine.formats.extracted import Extracted, Paragraph, clean_field, extractor_name
from bot.engine.formats.rolenames import transcript_turns
from bot.engine.models import CorpusError, Kind

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph as WordParagraph

# Bump when the rules below change what a file gives.
WORD_EXTRACTION_VERSION = 1

# The first bytes of Microsoft's old compound file: a .doc, or an encrypted (password-protected)
# .docx, which Office wraps in one ([MS-CFB] 2.2, the header signature).
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream an encrypted Office file keeps its package in ([MS-OFFCRYPTO] 2.3.4.4), as its
# directory names it (UTF-16).
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# The most a .docx may hold unzipped: 50 times the 2 MB upload limit. Word's XML packs about
# ten to one, so a real document is far under it; a zip bomb is refused before it is read.
MAX_UNZIPPED_BYTES = 100_000_000
# Authors Word, Office or python-docx write into a file's properties when nobody gave one: the
# computer's account, the template's maker. They name no author.
_PLACEHOLDER_AUTHORS = frozenset(
    {
        "python-docx",
        "windows user",
        "microsoft office user",
        "microsoft office",
        "user",
        "admin",
        "administrator",
        "author",
        "unknown",
        "owner",
    }
)
_TITLE_STYLES = ("title", "heading 1")
_HOW_TO_SAVE = "open it in Word and save it as .docx (File > Save As > Word Document) or as PDF"


def extractor() -> str:
    """The name and version of this extraction, as stored with an upload."""
    return extractor_name("docx", WORD_EXTRACTION_VERSION, "python-docx")


def extract_docx(data: bytes, filename: str) -> Extracted:
    """Extract a Word document's paragraphs and metadata (bytes as uploaded).

    Raises `CorpusError` naming `filename` for an old binary Word file, a password-protected
    one, a file that is not a Word document (a broken zip, no `word/document.xml`), one that
    unzips to more than `MAX_UNZIPPED_BYTES`, and one with no text.
    """
    document = _open(data, filename)
    properties = document.core_properties
    author = clean_field(properties.author)
    placeholder = author is None or author.casefold() in _PLACEHOLDER_AUTHORS
    title = clean_field(properties.title)
    paragraphs: list[Paragraph] = []
    section: str | None = None
    for block, level in _blocks(document):
        if level == 1 and title is None and not paragraphs and section is None:
            title = block  # the opening "Title" or "Heading 1" paragraph
        elif level:
            section = " ".join(block.split())
        else:
            paragraphs.append(Paragraph(text=block, section=section))
    if title is not None:
        # A table's header row that is the title again heads nothing.
        paragraphs = [p for p in paragraphs if " ".join(p.text.split()) != title]
    if not paragraphs:
        raise CorpusError(filename, "no text was found in the Word document")
    turns = transcript_turns(paragraphs)
    created = properties.created
    return Extracted(
        paragraphs=tuple(paragraphs if turns is None else turns),
        extractor=extractor(),
        title=title,
        author=None if placeholder else author,
        # python-docx's own template is dated 2013-12-23 and "by" python-docx: no day of this file.
        created=created.date() if created is not None and author != "python-docx" else None,
        kind=Kind.TRANSCRIPT.value if turns is not None else None,
    )


def _open(data: bytes, filename: str) -> WordDocument:
    """The Word document in `data`; `CorpusError` for anything python-docx cannot open, saying
    what the file is instead and what to do."""
    import docx  # imported here: only uploads need it
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(_COMPOUND_FILE):
        if _ENCRYPTED_PACKAGE in data:
            raise CorpusError(
                filename,
                "the Word document is password-protected, so I cannot read it: open it in "
                "Word, remove the password (File > Info > Protect Document > Encrypt with "
                "Password, left empty) and save it, or save it as PDF",
            )
        raise CorpusError(
            filename,
            f"the file is an old Word document (.doc), which I cannot read: {_HOW_TO_SAVE}",
        )
    broken = f"the file is not a Word document I can read (it may be damaged): {_HOW_TO_SAVE}"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unzipped = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise CorpusError(filename, broken) from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise CorpusError(
            filename,
            f"the Word document unzips to {unzipped:,} bytes; the limit is "
            f"{MAX_UNZIPPED_BYTES:,}: save it without its pictures, or as PDF",
        )
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError):
        # python-docx raises KeyError for a missing part, lxml's XMLSyntaxError (a
        # SyntaxError) for a broken one, ValueError for a package that is not a document.
        raise CorpusError(filename, broken) from None


def _blocks(document: WordDocument) -> Iterator[tuple[str, int]]:
    """The body's text blocks in order, each with its heading level (`_heading_level`; 0 for
    text): a paragraph (or list item) with its soft line breaks kept, each row of a table as
    its cells' text parted by " | "; empty ones left out."""
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            yield from ((row, 0) for row in _rows(item))
            continue
        text = _text(item.text)
        if text:
            yield text, _heading_level(item)


def _rows(table: Table) -> Iterator[str]:
    """A table's rows, each its cells' text parted by " | " (a merged cell once)."""
    for row in table.rows:
        cells: list[str] = []
        last = None
        for cell in row.cells:
            if cell._tc is last:  # a cell merged across columns is listed once per column
                continue
            last = cell._tc
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            yield " | ".join(cells)


def _heading_level(paragraph: WordParagraph) -> int:
    """1 for a paragraph styled "Title" or "Heading 1", 2 for another heading ("Heading 2" to
    "Heading 9"), 0 for text."""
    style = paragraph.style
    name = (style.name or "").casefold() if style is not None else ""
    if name in _TITLE_STYLES:
        return 1
    return 2 if name.startswith("heading") else 0


def _text(text: str) -> str:
    """A paragraph's text as quoted: each line clean (`clean_field`: control characters out,
    tabs and runs of spaces one space), empty lines (a soft break at its end) out."""
    lines = (clean_field(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
