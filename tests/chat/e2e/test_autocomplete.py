"""Autocomplete of documents and passages, over a corpus of several articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.chat.client import DebateBot
from tests.conftest import BUNDLED, FIXTURES, SEED_ID, corpus_folder
from tests.fake_discord import FakeDiscord, SentInteraction

MAX_CHOICES = 25


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """The seed article and the project's three test articles (34 paragraphs in all)."""
    return corpus_folder(tmp_path, BUNDLED / f"{SEED_ID}.md", *FIXTURES.glob("*.md"))


async def choices(fake: FakeDiscord, interaction: SentInteraction) -> list[dict[str, Any]]:
    callback = await fake.callback(interaction)
    assert callback["type"] == 8
    found: list[dict[str, Any]] = callback["data"]["choices"]
    assert len(found) <= MAX_CHOICES
    assert all(1 <= len(choice["name"]) <= 100 for choice in found)
    return found


async def test_ask_document_choices_narrow_as_the_user_types(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    documents = set(bot.library.engine.collection.documents)
    assert len(documents) == 4

    everything = await choices(fake, await fake.autocomplete("ask", "document", ""))
    assert {choice["value"] for choice in everything} == documents

    typed = await fake.autocomplete("ask", "document", "car-free", {"question": "why?"})
    narrowed = await choices(fake, typed)
    assert {choice["value"] for choice in narrowed} == {
        "car-free-centre-op-ed",
        "car-free-centre-reply",
    }

    by_title = await choices(fake, await fake.autocomplete("ask", "document", "phones"))
    assert [choice["value"] for choice in by_title] == ["school-phones-debate-transcript"]

    nothing = await choices(fake, await fake.autocomplete("ask", "document", "zzzz"))
    assert nothing == []


async def test_quote_passage_choices_are_capped_and_narrow(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    assert len(bot.library.engine.collection.passages) > MAX_CHOICES

    everything = await choices(fake, await fake.autocomplete("quote", "passage", ""))
    assert len(everything) == MAX_CHOICES

    by_id = await choices(fake, await fake.autocomplete("quote", "passage", f"{SEED_ID}:p3"))
    assert [choice["value"] for choice in by_id] == [f"{SEED_ID}:p3"]

    by_words = await choices(fake, await fake.autocomplete("quote", "passage", "Tagesspiegel"))
    assert 1 <= len(by_words) < len(everything)
    assert by_words[0]["value"] == f"{SEED_ID}:p3"


async def test_chosen_passage_is_quoted(bot: DebateBot, fake: FakeDiscord) -> None:
    [choice] = await choices(fake, await fake.autocomplete("quote", "passage", f"{SEED_ID}:p3"))
    quote = await fake.slash("quote", {"passage": choice["value"]})
    shown = await fake.response(quote)
    assert "Der Tagesspiegel" in shown["embeds"][0]["description"]


async def test_typing_a_document_id_lists_that_documents_passages(
    bot: DebateBot, fake: FakeDiscord
) -> None:
    typed = "car-free-centre-reply"
    found = await choices(fake, await fake.autocomplete("quote", "passage", typed))
    assert found
    assert all(choice["value"].startswith(f"{typed}:") for choice in found)
