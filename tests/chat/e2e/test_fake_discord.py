"""The fake itself keeps Discord's rules, so the end-to-end tests can trust it (no bot here)."""

from __future__ import annotations

import contextlib
import json
import zlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.chat.e2e.harness import TOKEN
from tests.chat.e2e.helpers import EPHEMERAL, is_ephemeral
from tests.fake_discord import FakeDiscord

GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT = 1 << 0, 1 << 9, 1 << 15
Json = dict[str, Any]


class RawGateway:
    """A bare gateway client: identify, then read dispatches."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.inflator = zlib.decompressobj()
        self.binary = False

    async def receive(self) -> Json:
        message = await self.ws.receive(timeout=5)
        if message.type is aiohttp.WSMsgType.BINARY:
            self.binary = True
            frame: Json = json.loads(self.inflator.decompress(message.data))
        else:
            frame = json.loads(message.data)
        return frame

    async def next_event(self, name: str) -> Json:
        while True:
            frame = await self.receive()
            if frame.get("t") == name:
                data: Json = frame["d"]
                return data


@pytest.fixture
async def http(fake: FakeDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(
        base_url=f"http://127.0.0.1:{fake.port}",
        headers={"Authorization": f"Bot {TOKEN}"},
    ) as session:
        yield session


@contextlib.asynccontextmanager
async def identified(
    fake: FakeDiscord, http: aiohttp.ClientSession, intents: int, *, compress: bool = True
) -> AsyncIterator[RawGateway]:
    query = "?v=10&encoding=json" + ("&compress=zlib-stream" if compress else "")
    async with http.ws_connect(fake.gateway_url + query) as ws:
        gateway = RawGateway(ws)
        hello = await gateway.receive()
        assert hello["op"] == 10
        identify = {"token": TOKEN, "intents": intents, "properties": {}}
        await ws.send_json({"op": 2, "d": identify})
        await gateway.next_event("GUILD_CREATE")
        yield gateway


async def register(fake: FakeDiscord, http: aiohttp.ClientSession) -> None:
    path = f"/api/v10/applications/{fake.application_id}/guilds/{fake.guild_id}/commands"
    command = {"name": "ping", "description": "Ping", "type": 1}
    async with http.put(path, json=[command]) as response:
        assert response.status == 200


@pytest.mark.parametrize("compress", [True, False], ids=["zlib-stream", "plain"])
async def test_gateway_frames_are_compressed_only_when_asked(
    fake: FakeDiscord, http: aiohttp.ClientSession, compress: bool
) -> None:
    async with identified(fake, http, GUILDS, compress=compress) as gateway:
        assert gateway.binary is compress
        heartbeat = {"op": 1, "d": None}
        await gateway.ws.send_json(heartbeat)
        assert (await gateway.receive())["op"] == 11


async def test_message_content_is_hidden_without_the_intent(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    async with identified(fake, http, GUILDS | GUILD_MESSAGES) as gateway:
        await fake.message("a plain remark")
        assert (await gateway.next_event("MESSAGE_CREATE"))["content"] == ""
        await fake.message(f"<@{fake.bot_id}> a question")
        assert (await gateway.next_event("MESSAGE_CREATE"))["content"].endswith("a question")
    async with identified(fake, http, GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT) as gateway:
        await fake.message("a plain remark")
        assert (await gateway.next_event("MESSAGE_CREATE"))["content"] == "a plain remark"


async def test_an_interaction_is_answered_once_and_in_time(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    await register(fake, http)
    async with identified(fake, http, GUILDS):
        ping = await fake.slash("ping")
        answer = {"type": 4, "data": {"content": "pong"}}
        async with http.post("/api/v10" + ping.callback_path, json=answer) as response:
            assert response.status == 204
        async with http.post("/api/v10" + ping.callback_path, json=answer) as response:
            assert response.status == 400
            assert (await response.json())["code"] == 40060
        fake.callback_deadline = 0
        late = await fake.slash("ping")
        async with http.post("/api/v10" + late.callback_path, json=answer) as response:
            assert response.status == 404
            assert (await response.json())["code"] == 10062


async def test_first_followup_after_a_public_deferral_is_public(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    await register(fake, http)
    async with identified(fake, http, GUILDS):
        ping = await fake.slash("ping")
        async with http.post("/api/v10" + ping.callback_path, json={"type": 5}) as response:
            assert response.status == 204
        private = {"content": "oops", "flags": EPHEMERAL}
        for _ in range(2):
            path = "/api/v10" + ping.webhook_path + "?wait=true"
            async with http.post(path, json=private) as response:
                assert response.status == 200
        shown = await fake.response(ping)
        assert shown["content"] == "oops"
        assert not is_ephemeral(shown)  # it replaced the public "thinking" message
        [second] = fake.followups(ping)
        assert is_ephemeral(second)  # later follow-ups may be private


async def test_oversized_embed_is_rejected_with_the_field_path(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    body = {"embeds": [{"title": "t", "description": "x" * 4097}]}
    path = f"/api/v10/channels/{fake.channel_id}/messages"
    async with http.post(path, json=body) as response:
        assert response.status == 400
        error = await response.json()
    assert error["code"] == 50035
    assert "_errors" in error["errors"]["embeds"]["0"]["description"]


async def test_multipart_messages_are_recorded_from_payload_json(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    form = aiohttp.FormData()
    form.add_field("payload_json", json.dumps({"content": "see attached"}))
    form.add_field("files[0]", b"hello", filename="note.txt")
    path = f"/api/v10/channels/{fake.channel_id}/messages"
    async with http.post(path, data=form) as response:
        assert response.status == 200
    [request] = fake.requests_to("POST", rf"/channels/{fake.channel_id}/messages")
    assert request.json == {"content": "see attached"}
    assert request.files == ["note.txt"]


async def test_injected_faults_then_normal_answers(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    fake.fail_next("GET", "/users/@me", status=503)
    fake.fail_next("GET", "/users/@me", status=429, retry_after=0.5, global_=True)
    async with http.get("/api/v10/users/@me") as response:
        assert response.status == 503
    async with http.get("/api/v10/users/@me") as response:
        assert response.status == 429
        assert response.headers["X-RateLimit-Global"] == "true"
        assert response.headers["Via"]
        assert (await response.json())["retry_after"] == 0.5
    async with http.get("/api/v10/users/@me") as response:
        assert response.status == 200
    assert [r.injected for r in fake.requests] == [True, True, False]


async def test_unknown_routes_are_404_and_noted(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    async with http.get("/api/v10/guilds/1/audit-logs") as response:
        assert response.status == 404
    assert [str(r) for r in fake.unknown_routes] == [
        str(r) for r in fake.requests_to("GET", r"/guilds/.*")
    ]
    fake.unknown_routes.clear()
