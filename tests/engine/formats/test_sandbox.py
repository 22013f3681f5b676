"""Extraction in a worker process: results come back; hostile files are refused, not hung on."""

from __future__ import annotations

import pytest

from bot.engine.formats.sandbox import extract_isolated
from bot.engine.models import CorpusError
from tests.engine.formats import pdfs


def test_the_worker_returns_the_extraction() -> None:
    data = pdfs.report([[["The ferry runs again on Monday, the harbour master said."]]])
    extracted = extract_isolated("pdf", data, "ferry.pdf")
    assert extracted.paragraphs[0].text.startswith("The ferry runs again")


def test_the_extractors_error_comes_back_as_it_was() -> None:
    with pytest.raises(CorpusError, match=r"^page\.html: no article text"):
        extract_isolated("html", b"<html><body></body></html>", "page.html")


def test_a_content_stream_bomb_is_refused_within_the_limits() -> None:
    with pytest.raises(CorpusError, match=r"^bomb\.pdf: "):
        extract_isolated(
            "pdf", pdfs.stream_bomb(400), "bomb.pdf", seconds=4, memory_bytes=256 * 2**20
        )


def test_a_deep_page_tree_is_refused() -> None:
    with pytest.raises(CorpusError, match=r"^deep\.pdf: "):
        extract_isolated("pdf", pdfs.deep_page_tree(5000), "deep.pdf", seconds=4)
