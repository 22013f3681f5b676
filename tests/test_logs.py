"""Logging keeps users' words and tokens out, for records shaped as discord.py makes them."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from bot.logs import PayloadSummary, RedactingFormatter, redact, text_summary

BOT_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabCdE.abcdefghijklmnopqrstuvwxyz0123456789AB"
INTERACTION_TOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldA"
QUESTION = "what did Councillor Hale say about the harbour budget?"


def formatted(name: str, message: str, *args: object, exc: bool = False) -> str:
    """One record through the project's filter and formatter, as the bot's handler does it."""
    record = logging.LogRecord(name, logging.DEBUG, __file__, 1, message, args, None)
    if exc:
        try:
            raise RuntimeError(
                f"POST https://x/api/v10/interactions/1/{INTERACTION_TOKEN}/callback"
            )
        except RuntimeError:
            record.exc_info = sys.exc_info()
    assert PayloadSummary().filter(record)
    return RedactingFormatter("%(name)s: %(message)s", [BOT_TOKEN]).format(record)


def test_a_gateway_event_is_logged_by_its_kind_only() -> None:
    event = {
        "op": 0,
        "t": "INTERACTION_CREATE",
        "s": 7,
        "d": {"token": INTERACTION_TOKEN, "data": {"options": [{"value": QUESTION}]}},
    }
    line = formatted("discord.gateway", "For Shard ID %s: WebSocket Event: %s", None, event)
    assert line == (
        "discord.gateway: For Shard ID None: WebSocket Event: "
        "{'op': 0, 't': 'INTERACTION_CREATE', 's': 7}"
    )


def test_a_rest_request_shows_no_token_and_no_payload() -> None:
    url = f"https://discord.com/api/v10/webhooks/123456/{INTERACTION_TOKEN}"
    payload = json.dumps({"content": QUESTION, "embeds": [{"title": QUESTION}]})
    line = formatted("discord.http", "%s %s with %s has returned %s", "POST", url, payload, 200)
    assert INTERACTION_TOKEN not in line and QUESTION not in line
    assert "/webhooks/123456/[hidden]" in line and f"<{len(payload)} characters>" in line


def test_a_single_mapping_argument_is_summarised_too() -> None:
    line = formatted("discord.http", "GET has received %s", {"content": QUESTION, "id": "9"})
    assert QUESTION not in line and "<2 fields: content, id>" in line


def test_tokens_are_removed_from_tracebacks_and_our_own_lines() -> None:
    line = formatted("bot.chat", "logged in with %s", BOT_TOKEN, exc=True)
    assert BOT_TOKEN not in line and INTERACTION_TOKEN not in line
    assert "interactions/1/[hidden]/callback" in line


@pytest.mark.parametrize(
    "text",
    [
        f"token: '{BOT_TOKEN}'",
        f"{{'token': '{INTERACTION_TOKEN}'}}",
        f'{{"token": "{INTERACTION_TOKEN}"}}',
        f"{{'content': {QUESTION!r}}}",
        f"https://discord.com/api/webhooks/1/{INTERACTION_TOKEN}?wait=true",
    ],
)
def test_redact_hides_every_token_and_payload_text_shape(text: str) -> None:
    line = redact(text)
    assert BOT_TOKEN not in line and INTERACTION_TOKEN not in line and QUESTION not in line


def test_a_users_text_is_a_length_and_a_hash_unless_content_logging_is_on() -> None:
    summary = text_summary(QUESTION)
    assert summary.startswith(f"<{len(QUESTION)} chars #") and QUESTION not in summary
    assert text_summary(QUESTION) == summary  # the same question, the same line
    assert text_summary(QUESTION + "?") != summary
    assert text_summary(QUESTION, show=True) == repr(QUESTION)
