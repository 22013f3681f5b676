"""Uploads are read in worker processes within a time and a memory budget, apart from the
threads that answer; a file built to be slow or to swell is stopped and the uploader told why,
and a shutdown abandons the uploads being read at once."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.engine.formats.upload import UploadDetails
from bot.engine.models import CorpusError
from bot.library import Library
from tests.conftest import make_settings
from tests.hostile import slow_pdf, swelling_pdf

CLUB = "111111111111111111"


async def test_a_file_built_to_be_slow_is_stopped_at_its_time_and_answers_go_on(
    tmp_path: Path,
) -> None:
    library = await Library.open(make_settings(tmp_path, upload_seconds=2.0))
    try:
        started = time.monotonic()
        upload = asyncio.create_task(
            library.upload(slow_pdf(), "minutes.pdf", CLUB, 7, UploadDetails(title="Minutes"))
        )
        # Meanwhile, questions are answered: the reading is in another process.
        answered = 0
        while not upload.done():
            answer = await asyncio.wait_for(
                library.ask("what evidence does the reply cite?"), timeout=3
            )
            answered += bool(answer.quotes)
            await asyncio.sleep(0.05)
        with pytest.raises(CorpusError) as stopped:
            await upload
        assert time.monotonic() - started < 10  # a liveness bound, not a benchmark
        assert answered >= 5
        assert str(stopped.value).startswith("minutes.pdf: reading the file took longer than 2")
        assert library.own_documents(CLUB) == [] and await library.history(CLUB) == []
    finally:
        await library.close()


async def test_a_file_built_to_swell_is_stopped_at_its_memory(tmp_path: Path) -> None:
    library = await Library.open(make_settings(tmp_path, upload_memory_mb=128))
    try:
        with pytest.raises(CorpusError) as stopped:
            await library.upload(swelling_pdf(), "big.pdf", CLUB, 7, UploadDetails(title="B"))
        assert str(stopped.value).startswith("big.pdf: ")
        assert "memory" in str(stopped.value) or "swells past" in str(stopped.value)
        assert library.own_documents(CLUB) == []
    finally:
        await library.close()


async def test_a_shutdown_abandons_the_uploads_being_read_at_once(tmp_path: Path) -> None:
    library = await Library.open(make_settings(tmp_path, upload_seconds=60.0))
    try:
        uploads = [
            asyncio.create_task(
                library.upload(slow_pdf(), f"m{n}.pdf", CLUB, 7, UploadDetails(title=f"M{n}"))
            )
            for n in range(3)
        ]
        await asyncio.sleep(1.0)
        started = time.monotonic()
        library.abandon_uploads()
        outcomes = await asyncio.wait_for(
            asyncio.gather(*uploads, return_exceptions=True), timeout=5
        )
        assert time.monotonic() - started < 5
        assert all(
            isinstance(outcome, CorpusError) and "the bot is restarting" in str(outcome)
            for outcome in outcomes
        ), outcomes
        with pytest.raises(CorpusError, match="the bot is restarting"):
            await library.upload(b"Text.\n", "t.txt", CLUB, 7, UploadDetails(title="T"))
    finally:
        await library.close()
