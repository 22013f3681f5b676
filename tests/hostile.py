"""Files built to hurt an uploader's reader: slow to read, or swelling in memory. Each is a
valid PDF well under the 2 MB upload limit."""

from __future__ import annotations

import functools
import zlib


def _pdf(pages: int, stream: bytes) -> bytes:
    """A PDF of `pages` pages that all draw the one content `stream` (stored compressed)."""
    compressed = zlib.compress(stream, 9)
    kids = " ".join(f"{4 + number} 0 R" for number in range(pages)).encode()
    font = 4 + pages
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed)
        + compressed
        + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % font
    ] * pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@functools.cache
def slow_pdf() -> bytes:
    """3,000 pages sharing one 3 MB content stream: about 40 s a page with pypdf (0.5 MB)."""
    return _pdf(3000, b"BT /F1 12 Tf 72 720 Td " + b"(lighthouse) Tj " * 200_000 + b"ET")


@functools.cache
def swelling_pdf() -> bytes:
    """One page whose content stream inflates to 400 MB (0.4 MB as sent)."""
    return _pdf(1, b"BT /F1 12 Tf 72 720 Td (a) Tj ET " + b" " * 400_000_000)
