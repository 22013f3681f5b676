"""What every format shares: the size limits, the content hash, decoding text and making ids."""

from __future__ import annotations

import hashlib
import re

from bot.engine.models import CorpusError

MAX_FILE_BYTES = 2_000_000
MAX_PARAGRAPH_CHARS = 20_000


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_article(data: bytes, source: str) -> str:
    """Bytes -> text with '\\n' line ends and no byte-order mark; rejects binary and non-UTF-8."""
    if len(data) > MAX_FILE_BYTES:
        raise CorpusError(
            source, f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"
        )
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


def slug(text: str) -> str:
    """A document id made from a file name: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-") or "document"
