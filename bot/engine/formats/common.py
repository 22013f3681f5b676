"""What every format shares: the size limits, the content hash, decoding text, making ids, and
the longest metadata a document keeps."""

from __future__ import annotations

import codecs
import hashlib
import re

from bot.engine.models import CorpusError

MAX_FILE_BYTES = 2_000_000
MAX_PARAGRAPH_CHARS = 20_000
# A title longer than this (a file's, an HTML <title>, a PDF's metadata) is shortened at ingest,
# with a note: it is shown whole in Discord's 256-character embed titles and 2,000-character
# messages, with room to spare, and a longer one is not a title but a paragraph.
MAX_TITLE_CHARS = 300
TITLE_SHORTENED = "… (title shortened)"
# The other metadata shown with every quote (author, role, publisher, what a document responds
# to, a debate's motion) is shortened past this, with an ellipsis.
MAX_FIELD_CHARS = 200


def content_hash(data: bytes, version: str | None = None) -> str:
    """The SHA-256 of a file's bytes (hex), which says whether a file changed since it was
    stored; with `version`, of the version and the bytes, so that a file read by other rules
    (a format's reading changed: `debate.DEBATE_RULES`) is read again, not skipped as
    unchanged."""
    if version is None:
        return hashlib.sha256(data).hexdigest()
    return hashlib.sha256(version.encode() + b"\0" + data).hexdigest()


def decode_article(data: bytes, source: str) -> str:
    """Bytes -> text with '\\n' line ends and no byte-order mark: UTF-8, or UTF-16 with its
    byte-order mark; rejects binary and other encodings (CorpusError naming the line)."""
    if len(data) > MAX_FILE_BYTES:
        raise CorpusError(
            source, f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # UTF-16 says so in its first two bytes (Windows' "Unicode" text): read as such.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise CorpusError(
                source,
                f"the file starts as UTF-16 text but is not (bad bytes at offset {error.start})",
            ) from None
        return text.replace("\r\n", "\n").replace("\r", "\n")
    if b"\x00" in data:
        raise CorpusError(source, "the file is binary (it contains NUL bytes), not UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CorpusError(
            source, f"the file is not UTF-8 text (bad byte at offset {error.start})", line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_upload_text(data: bytes, source: str) -> str:
    """An uploaded text file's bytes -> text, as `decode_article` reads them; a file that is no
    UTF-8 (a Windows "ANSI" or Latin-1 file saved by Notepad or an old word processor) by the
    charset charset-normalizer detects. Raises CorpusError for binary data (a PDF or another
    file renamed .txt) and for bytes no charset reads."""
    try:
        return decode_article(data, source)
    except CorpusError as error:
        if data.startswith(b"%PDF-"):
            raise CorpusError(source, "the file is a PDF, not text: upload it as a .pdf") from None
        if b"\x00" in data or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise
        if len(data) > MAX_FILE_BYTES:
            raise
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data))
        if not matches:
            raise error from None
        # Several charsets often read a short text equally well (cp1250 reads "Ibáñez" saved
        # in cp1252 as "Ibáńez"): of those tied with the best, Windows' Western European one,
        # the usual "ANSI" of an English-language file, or Latin-1.
        best = matches[0]
        tied = [m for m in matches if (m.chaos, -m.coherence) <= (best.chaos, -best.coherence)]
        best = next((m for m in tied if m.encoding in _USUAL_LEGACY_CHARSETS), best)
        text = str(best).replace("\r\n", "\n").replace("\r", "\n")
        controls = sum(1 for char in text if char < " " and char not in "\n\t")
        if controls > _MAX_CONTROL_SHARE * len(text):
            raise CorpusError(source, "the file is binary, not text") from None
        return text


# A text holding more control characters than this share of its characters is binary data.
_MAX_CONTROL_SHARE = 0.01
# Of charsets that read a file equally well, these first (charset-normalizer's names).
_USUAL_LEGACY_CHARSETS = ("cp1252", "latin_1", "iso8859_15")


def shortened(value: str, limit: int, mark: str = "…") -> str:
    """`value` in at most `limit` characters: whole, or cut at the last space that leaves room
    for `mark` (anywhere, in a text without spaces) and ended with it."""
    if len(value) <= limit:
        return value
    room = limit - len(mark)
    cut = value.rfind(" ", 0, room + 1)
    return value[: cut if cut > room // 2 else room].rstrip() + mark


def capped_title(title: str) -> str:
    """A document's title, shortened with a note past `MAX_TITLE_CHARS`."""
    return shortened(title, MAX_TITLE_CHARS, TITLE_SHORTENED)


def capped(value: str | None) -> str | None:
    """A metadata value shown with quotes, shortened past `MAX_FIELD_CHARS`."""
    return None if value is None else shortened(value, MAX_FIELD_CHARS)


def slug(text: str) -> str:
    """A document id made from a file name: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-") or "document"
