"""An HTML page's bytes -> its text, by the charset it declares or, failing that, detected.

The bytes are decoded by their byte-order mark, as UTF-8 when they are valid UTF-8, else by the
charset the page (or the server that sent it) declares, else by detection; an undecodable page
is refused, never patched with U+FFFD.
"""

from __future__ import annotations

import codecs
import logging
import re

log = logging.getLogger(__name__)

# A page's own charset declaration is looked for in its first bytes, as browsers do (the HTML
# standard's prescan reads 1,024; some pages put long scripts first, so a little more).
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
# The HTML standard decodes these labels as windows-1252 (a superset that gives the bytes
# 0x80-0x9F their printable meaning).
_WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii"}


def decode_html(data: bytes, declared: str | None = None) -> str:
    """The page's text: by its byte-order mark; as UTF-8 when it is valid UTF-8 beyond ASCII;
    else by the charset `declared` by the server (the Content-Type header of a fetched page),
    then the page's own `<meta charset>`, then charset-normalizer's detection.

    Raises `ValueError` naming what was tried when no charset decodes the bytes; a charset
    that is declared but does not fit the bytes is passed over, never decoded with
    replacement characters.
    """
    for bom, bom_encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(bom_encoding)
    if b"\x00" in data:
        # No web page's text holds a NUL byte (UTF-16 ones start with a byte-order mark).
        raise ValueError("the file is binary (it holds NUL bytes), not an HTML page")
    if not data.isascii() and _is_utf8(data):
        # Bytes that decode as UTF-8 (with some non-ASCII) are UTF-8 whatever a stale
        # declaration says: a legacy single-byte text almost never forms valid UTF-8 sequences.
        return data.decode("utf-8")
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    meta = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for name in candidates:
        encoding = _codec(name)
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            log.info("the page does not decode as its declared %s; detecting", name)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError(
            "the page's character encoding cannot be told (it is not "
            + ", ".join(dict.fromkeys(candidates))
            + ")"
        )
    return str(best)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _codec(name: str) -> str | None:
    label = name.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
