"""A server's answers depend on its own corpus only: another server's uploads change nothing."""

from __future__ import annotations

import json
from pathlib import Path

from bot.engine.formats.upload import UploadDetails
from bot.library import Library
from tests.conftest import make_settings

SERVER_A, SERVER_B = "111", "222"
QUESTIONS = (
    "did anyone find a backdoor in huawei?",
    "what evidence does the reply cite?",
    "what does the ambassador say about 5G security?",
    "who wrote the reply?",
    "what did pompeo claim?",
    "how many countries have banned huawei?",
    "is internet access a human right?",
    "what does the opposition say about cost?",
)
# Server A's upload names itself with words B's questions use, and shares B's vocabulary: if
# names or document frequencies leaked across servers, B's answers would move.
HOSTILE = """---
title: Notes on huawei
author: Club Secretary
date: 2025-01-01
kind: reply
aliases: huawei; backdoor; the reply; the ambassador
author_aliases: pompeo; the opposition
mention: Mike Pompeo | Pompeo
---

Huawei backdoor backdoor backdoor security security 5G evidence reply.

Internet access is a human right, and the cost is nothing; huawei was banned everywhere.

Pompeo claimed a backdoor exists in every router from Huawei, according to the club.
"""


async def answers(library: Library, scope: str) -> str:
    found = []
    for question in QUESTIONS:
        answer = await library.ask(question, 5, scope=scope)
        found.append(json.dumps([answer.to_json(), repr(answer)], ensure_ascii=False))
    return "\n".join(found)


async def test_another_servers_upload_never_changes_this_servers_answers(tmp_path: Path) -> None:
    library = await Library.open(make_settings(tmp_path))
    try:
        before = await answers(library, SERVER_B)
        shared_before = await answers(library, "")
        await library.upload(HOSTILE.encode(), "notes.md", SERVER_A, 1, UploadDetails())
        # The upload is live for its own server...
        own = await library.ask("every router", 5, scope=SERVER_A)
        assert any(q.attribution.doc_id.startswith(f"g{SERVER_A}-") for q in own.quotes)
        # ...and invisible, in every way, to the others.
        assert await answers(library, SERVER_B) == before
        assert await answers(library, "") == shared_before
    finally:
        await library.close()


async def test_a_servers_names_are_its_own(tmp_path: Path) -> None:
    library = await Library.open(make_settings(tmp_path))
    try:
        await library.upload(HOSTILE.encode(), "notes.md", SERVER_A, 1, UploadDetails())
        engine = library.engine
        in_a = engine.query("what does the ambassador say about 5G?", SERVER_A).focus.doc_ids
        in_b = engine.query("what does the ambassador say about 5G?", SERVER_B).focus.doc_ids
    finally:
        await library.close()
    assert any(doc_id.startswith(f"g{SERVER_A}-") for doc_id in in_a)
    assert in_b == {"security-first-or-america-first"}
