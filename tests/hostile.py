"""Files built to hurt an upload's reader: slow to read, or swelling in memory. Each is a
valid PDF well under the 2 MB upload limit (built with tests/engine/formats/pdfs.py)."""

from __future__ import annotations

import functools

from tests.engine.formats import pdfs

# Pages under the PDF extractor's page limit, so the file is read, not refused at once.
SLOW_PAGES = 390


@functools.cache
def slow_pdf() -> bytes:
    """390 pages all drawing one 3 MB content stream (compressed: 0.1 MB): seconds a page."""
    first_page = 3
    stream, font = first_page + SLOW_PAGES, first_page + SLOW_PAGES + 1
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(SLOW_PAGES))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
        b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (stream, font)
    )
    drawing = b"BT /F1 12 Tf 72 720 Td " + b"(lighthouse) Tj " * 200_000 + b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % SLOW_PAGES,
        *[page] * SLOW_PAGES,
        pdfs._stream(drawing, compress=True),
        pdfs.FONT,
    ]
    return pdfs.raw_pdf(objects)


@functools.cache
def swelling_pdf() -> bytes:
    """One page whose content stream inflates to 400 MB of text drawing."""
    return pdfs.stream_bomb(400)
