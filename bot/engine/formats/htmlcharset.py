"""An HTML page's bytes -> its text, by the charset it declares or, failing that, detected.

The bytes are decoded by their byte-order mark, as UTF-8 when they are valid UTF-8, else by the
charset the page (or the server that sent it) declares, else as a browser decodes a page that
declares none (`undeclared_encoding`); an undecodable page is refused, never patched with
U+FFFD.
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
# The page's language, as its root element states it (`<html lang="cs">`).
_LANGUAGE = re.compile(rb"""<html[^>]*?\slang\s*=\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z]{2})?)""", re.I)
# The HTML standard's table of the default encoding for a locale, for the locales whose default
# is not windows-1252 (section "Determining the character encoding", step "locale-sensitive
# default"), as Python's codec names.
_LOCALE_ENCODINGS = {
    "ar": "cp1256",
    "ba": "cp1251",
    "be": "cp1251",
    "bg": "cp1251",
    "cs": "cp1250",
    "el": "iso8859_7",
    "et": "cp1257",
    "fa": "cp1256",
    "he": "cp1255",
    "hr": "cp1250",
    "hu": "iso8859_2",
    "ja": "shift_jis",
    "kk": "cp1251",
    "ko": "euc_kr",
    "ku": "cp1254",
    "ky": "cp1251",
    "lt": "cp1257",
    "lv": "cp1257",
    "mk": "cp1251",
    "pl": "iso8859_2",
    "ru": "cp1251",
    "sah": "cp1251",
    "sk": "cp1250",
    "sl": "iso8859_2",
    "sr": "cp1251",
    "tg": "cp1251",
    "th": "cp874",
    "tr": "cp1254",
    "tt": "cp1251",
    "uk": "cp1251",
    "vi": "cp1258",
    "zh-cn": "gb18030",
    "zh-tw": "big5",
    "zh": "gb18030",
}
# What an English page's bytes beyond ASCII are, read as windows-1252: typographic quotes,
# dashes, an ellipsis, currency and a few signs, a no-break space; no letter.
_WESTERN_MARKS = frozenset("‘’‚“”„–—…£€¢¥·•°©®™§¶†‡′″«»\u00a0\u00ad")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
# The encodings an undeclared page may be in: those browsers decode (the WHATWG Encoding
# standard's list) that Firefox's detector (chardetng) detects, which leaves out ISO-8859-3, -4,
# -10, -14 and -16 and the Macintosh ones as too rare on the web to tell from the common ones
# (read this page's Polish as ISO-8859-3, its English punctuation as Mac Roman's "í").
_WEB_ENCODINGS = (
    "cp1252 cp1250 cp1251 cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 cp874 cp866 koi8_r "
    "koi8_u iso8859_2 iso8859_5 iso8859_6 iso8859_7 iso8859_8 iso8859_13 iso8859_15 gb18030 "
    "big5 euc_jp iso2022_jp shift_jis euc_kr"
).split()
# How much less coherent with a language's letters windows-1252's reading may be than the most
# coherent reading and still be taken: none (a French page in windows-1252 reads as coherently
# in windows-1250, whose "č" stands for its "è"; a Czech page in windows-1250 reads 0.035
# less coherently in windows-1252: pages written for this module's tests).
_COHERENCE_TIE = 0.0


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
    encoding = undeclared_encoding(data)
    if encoding is None:
        raise ValueError(
            "the page's character encoding cannot be told (it is not "
            + ", ".join(dict.fromkeys(candidates))
            + ")"
        )
    return data.decode(encoding)


def undeclared_encoding(data: bytes) -> str | None:
    """The legacy encoding (a Python codec name) of a page that declares none and is not UTF-8,
    as the HTML standard's "encoding sniffing algorithm" lets a browser choose it:
    windows-1252 (the default of English and the other Western locales) when the page's text
    holds nothing beyond ASCII but typographic marks (curly quotes, dashes, "£", "€":
    `_WESTERN_MARKS`, which no other encoding gives those bytes as); else the encoding whose
    reading charset-normalizer finds least chaotic and most coherent with a language's
    letters, among the encodings browsers decode (`_WEB_ENCODINGS`); where readings tie, the
    default of the page's language (`<html lang>`, by the standard's table of locales), then
    windows-1252. A page holding bytes 0x80-0x9F is no ISO-8859 page (those are control codes
    there, and the windows-125x pages' punctuation). None when no encoding decodes the bytes.
    """
    if _decodes(data, "cp1252") and all(
        char.isascii() or char in _WESTERN_MARKS for char in data.decode("cp1252")
    ):
        return "cp1252"
    from charset_normalizer import from_bytes

    c1 = _C1_BYTES.search(data) is not None
    readings: list[tuple[str, float, float]] = []
    for encoding in _WEB_ENCODINGS:
        if (c1 and encoding.startswith("iso8859")) or not _decodes(data, encoding):
            continue
        # One encoding at a time: given several, charset-normalizer stops at the first few
        # readings without chaos, and ISO-8859-2 comes after ISO-8859-10 in its order.
        readings += [
            (encoding, match.chaos, match.coherence)
            for match in from_bytes(data, cp_isolation=[encoding])
        ]
    if not readings:
        return None
    least = min(chaos for _, chaos, _ in readings)
    plausible = [(name, coherence) for name, chaos, coherence in readings if chaos <= least]
    most = max(coherence for _, coherence in plausible)
    language = _LANGUAGE.search(data[:_PRESCAN_BYTES])
    code = language.group(1).decode("ascii").lower() if language else ""
    local = _LOCALE_ENCODINGS.get(code) or _LOCALE_ENCODINGS.get(code.split("-")[0])
    for preferred in (local, "cp1252"):
        for name, coherence in plausible:
            if name == preferred and coherence >= most - _COHERENCE_TIE:
                return name
    return next(name for name, coherence in plausible if coherence == most)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


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
