"""Reading what the bot sent: the text of embeds, buttons, flags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.fake_discord import FakeDiscord, SentInteraction

# Gateway opcodes the tests watch for.
HEARTBEAT, IDENTIFY, RESUME, INVALID_SESSION, HEARTBEAT_ACK = 1, 2, 6, 9, 11
EPHEMERAL = 1 << 6
LOADING = 1 << 7
ASK_QUESTION = "what evidence does the reply cite?"
# Many passages answer this, so an answer of one quote has a More button that works.
BROAD_QUESTION = "what does the ambassador say about 5G security in Europe?"

Json = dict[str, Any]


def embed_text(message: Json) -> str:
    """Titles, descriptions, fields and footers of all embeds, one part a line."""
    parts: list[str] = []
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        for field in embed.get("fields") or []:
            parts += [field["name"], field["value"]]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(part for part in parts if part)


def plain(text: str) -> str:
    """Markdown as a reader sees it: no bold markers or escaping backslashes."""
    return text.replace("**", "").replace("\\", "")


def custom_ids(message: Json) -> list[str]:
    return [
        child["custom_id"]
        for row in message.get("components") or []
        for child in row.get("components") or []
        if "custom_id" in child
    ]


def button(message: Json, prefix: str) -> Json:
    """The one button whose custom_id starts with `prefix`."""
    found: list[Json] = [
        child
        for row in message.get("components") or []
        for child in row.get("components") or []
        if str(child.get("custom_id", "")).startswith(prefix)
    ]
    assert len(found) == 1, f"buttons starting {prefix!r}: {found}"
    return found[0]


def is_ephemeral(message_or_data: Json) -> bool:
    return bool(int(message_or_data.get("flags") or 0) & EPHEMERAL)


def footer(message: Json) -> str:
    return str(((message.get("embeds") or [{}])[0].get("footer") or {}).get("text", ""))


async def assert_answered(fake: FakeDiscord, ask: SentInteraction) -> Json:
    """The bot's answer to `ask`, which quotes the Tagesspiegel sentence (the answer to
    ASK_QUESTION over the bundled article)."""
    answer = await fake.response(ask)
    assert "Der Tagesspiegel" in plain(embed_text(answer))
    return answer
