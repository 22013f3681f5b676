"""Uploaded files -> documents: the corpus format, plain text, HTML (trafilatura) or PDF (pypdf).

Whatever the file, the result goes through the corpus parser, so an upload and a bundled
article are the same thing. Problems raise `CorpusError` naming the file and what was wrong.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from dataclasses import dataclass
from pathlib import PurePath

from bot.engine.formats.article import parse_article
from bot.engine.formats.common import MAX_FILE_BYTES, decode_article
from bot.engine.models import CorpusError, Document, Kind

log = logging.getLogger(__name__)

UPLOAD_SUFFIXES = (".md", ".txt", ".html", ".htm", ".pdf")
_NO_ID = ""  # an upload's id until the store names it


@dataclass(frozen=True, slots=True)
class UploadDetails:
    """What the uploader says about a file that carries no metadata of its own."""

    title: str | None = None
    author: str | None = None
    date: str | None = None  # YYYY-MM-DD
    url: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Upload:
    """An uploaded file read into a document that the store has yet to name.

    `document.id` is a placeholder ("") until then; `id_hint` is what its id is to be made
    from: the file's own `id:` (in any case: `ID:`, `Id:`), else its title.
    """

    document: Document
    id_hint: str


def document_from_upload(
    data: bytes, filename: str, details: UploadDetails, today: dt.date
) -> Upload:
    """Parse an uploaded file into an unnamed document (see `Upload`); raises CorpusError
    naming the file (and line) when it cannot be read."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise CorpusError(
            filename,
            f"unsupported file type {suffix or '(none)'!r}; upload one of "
            + ", ".join(UPLOAD_SUFFIXES),
        )
    if not data.strip():
        raise CorpusError(filename, "the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise CorpusError(
            filename, f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"
        )
    if suffix in (".md", ".txt"):
        text = decode_article(data, filename)
        if text.lstrip().startswith("---"):
            # The corpus format: its metadata wins, but its id is only a hint (its text, body
            # lines included, is stored as written).
            document = parse_article(data, filename, default_id=_NO_ID, check_id=False)
            return Upload(document, document.id or document.meta.title)
        found = _Found(text=text)
    elif suffix in (".html", ".htm"):
        found = _from_html(data, filename)
    else:
        found = _from_pdf(data, filename)
    title = _one_line(details.title or found.title or "")
    if not title:
        raise CorpusError(filename, "the file has no title: give one with the title option")
    body = _paragraphs(found.text)
    if not body:
        raise CorpusError(filename, "no text was found in the file")
    metadata = {
        "title": title,
        "author": _one_line(details.author or found.author or "") or "Unknown author",
        "date": details.date or found.date or today.isoformat(),
        "kind": (details.kind or Kind.ARTICLE.value).lower(),
    }
    url = details.url or found.url
    if url:
        metadata["url"] = _one_line(url)
    head = "".join(f"{key}: {value}\n" for key, value in metadata.items())
    document = parse_article(f"---\n{head}---\n\n{body}\n".encode(), filename, default_id=_NO_ID)
    return Upload(document, title)


@dataclass(frozen=True, slots=True)
class _Found:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None


def _from_html(data: bytes, filename: str) -> _Found:
    import trafilatura  # imported here: only uploads need it, and it loads lxml

    html = data.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise CorpusError(filename, "no article text was found in the HTML page")
    meta = trafilatura.extract_metadata(html)
    date = meta.date if meta is not None and meta.date else None
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        date = None
    return _Found(
        text=text,
        title=meta.title if meta is not None else None,
        author=meta.author if meta is not None else None,
        date=date,
        url=meta.url if meta is not None and meta.url and meta.url.startswith("http") else None,
    )


def _from_pdf(data: bytes, filename: str) -> _Found:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except LimitReachedError:
        raise CorpusError(
            filename, "the PDF swells past what an upload may use when it is decompressed"
        ) from None
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise CorpusError(filename, f"the PDF cannot be read ({error})") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise CorpusError(filename, "the PDF has no text layer (a scan?); upload its text instead")
    title = info.title if info is not None and info.title else None
    author = info.author if info is not None and info.author else None
    return _Found(text=text, title=title, author=author)


def _paragraphs(text: str) -> str:
    """Blank-line separated paragraphs; lines broken inside a paragraph are joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n\s*\n", text)
    paragraphs = [" ".join(block.split()) for block in blocks]
    # "---" would read as a metadata fence and "## " as a debate heading: neither is text.
    return "\n\n".join(re.sub(r"^(?:-{3,}|#+\s)", "", p).strip() for p in paragraphs if p)


def _one_line(text: str) -> str:
    return " ".join(text.split())
