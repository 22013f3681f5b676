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
from tests.fake_discord import FakeDiscord, SentInteraction

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


async def deferred_ping(fake: FakeDiscord, http: aiohttp.ClientSession) -> SentInteraction:
    """A user's /ping, which the test (as the bot) has answered with "thinking…"."""
    ping = await fake.slash("ping")
    async with http.post("/api/v10" + ping.callback_path, json={"type": 5}) as response:
        assert response.status == 204
    return ping


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
        ping = await deferred_ping(fake, http)
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


# --- the rules the fake keeps, one test each (README.md in tests/fake_discord/) ---------------

SEND_MESSAGES, READ_MESSAGE_HISTORY = 1 << 11, 1 << 16


async def test_an_interaction_token_works_for_fifteen_minutes(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    await register(fake, http)
    async with identified(fake, http, GUILDS):
        ping = await deferred_ping(fake, http)
        original = "/api/v10" + ping.webhook_path + "/messages/@original"
        fake.clock.advance(14 * 60)
        async with http.patch(original, json={"content": "still in time"}) as response:
            assert response.status == 200
        fake.clock.advance(61)
        async with http.patch(original, json={"content": "too late"}) as response:
            assert response.status == 401
            assert (await response.json())["code"] == 50027
        async with http.post("/api/v10" + ping.webhook_path, json={"content": "late"}) as response:
            assert response.status == 401


async def test_channel_messages_need_send_messages_and_replies_the_history(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    path = f"/api/v10/channels/{fake.channel_id}/messages"
    await fake.set_overwrite(fake.bot_role_id, deny=SEND_MESSAGES)
    async with http.post(path, json={"content": "hello"}) as response:
        assert response.status == 403
        assert (await response.json())["code"] == 50013
    await fake.set_overwrite(fake.bot_role_id, deny=READ_MESSAGE_HISTORY)
    async with http.post(path, json={"content": "hello"}) as response:
        assert response.status == 200
        sent = await response.json()
    reply = {"content": "a reply", "message_reference": {"message_id": sent["id"]}}
    async with http.post(path, json=reply) as response:
        assert response.status == 403


def command(**fields: Any) -> Json:
    return {"name": "cmd", "description": "A command", "type": 1, **fields}


def option(kind: int, name: str = "opt", **fields: Any) -> Json:
    return {"type": kind, "name": name, "description": "An option", **fields}


@pytest.mark.parametrize(
    "bad",
    [
        command(options=[option(1, "sub", options=[option(2, "group")])]),  # group in a sub
        command(options=[option(2, "g", options=[option(2, "inner")])]),  # group in a group
        command(options=[option(2, "g", options=[option(3, "text")])]),  # a value in a group
        command(options=[option(1, "sub"), option(3, "text")]),  # a sub beside a value
        command(options=[option(3, max_length=6001)]),
        command(options=[option(3, min_length=-1)]),
        command(options=[option(3, min_length=10, max_length=5)]),
        command(options=[option(5, choices=[{"name": "yes", "value": "y"}])]),
        command(
            options=[
                option(
                    3, f"o{n}", choices=[{"name": "c" * 100, "value": f"v{i}"} for i in range(4)]
                )
                for n in range(25)
            ]
        ),  # 25 options of 400 characters of choices: over 8,000 in all
    ],
    ids=[
        "group-in-subcommand",
        "group-in-group",
        "value-in-group",
        "subcommand-beside-value",
        "max-length",
        "min-length",
        "min-over-max",
        "choices-on-boolean",
        "over-8000",
    ],
)
async def test_commands_that_break_discords_rules_are_refused(
    fake: FakeDiscord, http: aiohttp.ClientSession, bad: Json
) -> None:
    path = f"/api/v10/applications/{fake.application_id}/guilds/{fake.guild_id}/commands"
    async with http.put(path, json=[bad]) as response:
        assert response.status == 400
        assert (await response.json())["code"] == 50035
    nested = command(options=[option(2, "g", options=[option(1, "s", options=[option(3)])])])
    async with http.put(path, json=[nested]) as response:
        assert response.status == 200  # a group of subcommands with values is fine


async def test_a_gateway_payload_over_4096_bytes_closes_the_connection(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    async with identified(fake, http, GUILDS) as gateway:
        await gateway.ws.send_json({"op": 1, "d": None, "padding": "x" * 4096})
        closed = await gateway.ws.receive(timeout=5)
        assert closed.type is aiohttp.WSMsgType.CLOSE and closed.data == 4002


async def test_more_than_120_gateway_payloads_a_minute_close_the_connection(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    async with identified(fake, http, GUILDS) as gateway:  # the IDENTIFY was one
        for _ in range(119):
            await gateway.ws.send_json({"op": 1, "d": None})
        fake.clock.advance(61)  # a minute later the count starts again
        for _ in range(120):
            await gateway.ws.send_json({"op": 1, "d": None})
        assert not gateway.ws.closed
        await gateway.ws.send_json({"op": 1, "d": None})
        while (message := await gateway.ws.receive(timeout=5)).type is not aiohttp.WSMsgType.CLOSE:
            continue
        assert message.data == 4008


async def test_nothing_but_a_heartbeat_may_come_before_identify(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    async with http.ws_connect(fake.gateway_url + "?v=10&encoding=json") as ws:
        gateway = RawGateway(ws)
        assert (await gateway.receive())["op"] == 10
        await ws.send_json({"op": 1, "d": None})
        assert (await gateway.receive())["op"] == 11
        await ws.send_json({"op": 3, "d": {"status": "online", "afk": False, "since": None}})
        closed = await ws.receive(timeout=5)
        assert closed.type is aiohttp.WSMsgType.CLOSE and closed.data == 4003


async def test_responses_carry_rate_limit_headers_and_a_spent_bucket_answers_429(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    async with http.get("/api/v10/users/@me") as response:
        assert {
            "X-RateLimit-Limit",
            "X-RateLimit-Remaining",
            "X-RateLimit-Reset",
            "X-RateLimit-Reset-After",
            "X-RateLimit-Bucket",
        } <= set(response.headers)
    second = fake.add_guild("Second club")
    path = f"/api/v10/channels/{fake.channel_id}/messages"
    remaining = []
    for _ in range(5):
        async with http.post(path, json={"content": "hi"}) as response:
            assert response.status == 200
            remaining.append(int(response.headers["X-RateLimit-Remaining"]))
    assert remaining == [4, 3, 2, 1, 0]
    async with http.post(path, json={"content": "one too many"}) as response:
        assert response.status == 429
        assert response.headers["X-RateLimit-Scope"] == "user"
        body = await response.json()
        assert body["global"] is False and 0 < body["retry_after"] <= 1.0
    # Another channel is another bucket; the spent one is back after its window.
    async with http.post(
        f"/api/v10/channels/{second.channel_id}/messages", json={"content": "hi"}
    ) as response:
        assert response.status == 200
    fake.clock.advance(1.0)
    async with http.post(path, json={"content": "hi again"}) as response:
        assert response.status == 200
    fake.unknown_routes.clear()


async def test_more_than_fifty_requests_a_second_meet_the_global_limit(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    statuses = []
    for number in range(51):
        path = "/api/v10/users/@me" if number % 2 else f"/api/v10/channels/{fake.channel_id}"
        async with http.get(path) as response:
            statuses.append(response.status)
            last = response
    assert statuses[:50] == [200] * 50 and statuses[50] == 429
    assert last.headers["X-RateLimit-Global"] == "true"
    fake.clock.advance(1.0)
    async with http.get("/api/v10/users/@me") as response:
        assert response.status == 200


async def test_identify_past_the_daily_quota_ends_sessions_and_resets_the_token(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    fake.quotas.identifies_per_day = 2
    for expected in (1, 0):
        async with identified(fake, http, GUILDS):
            pass
        async with http.get("/api/v10/gateway/bot") as response:
            limit = (await response.json())["session_start_limit"]
            assert (limit["total"], limit["remaining"]) == (2, expected)
    async with http.ws_connect(fake.gateway_url + "?v=10&encoding=json") as ws:
        gateway = RawGateway(ws)
        await gateway.receive()
        await ws.send_json({"op": 2, "d": {"token": TOKEN, "intents": GUILDS, "properties": {}}})
        closed = await ws.receive(timeout=5)
        assert closed.type is aiohttp.WSMsgType.CLOSE and closed.data == 4004
    async with http.get("/api/v10/users/@me") as response:
        assert response.status == 401  # the token was reset


async def test_command_creates_past_the_daily_quota_are_refused_until_tomorrow(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    fake.quotas.command_creates_per_day = 3
    path = f"/api/v10/applications/{fake.application_id}/guilds/{fake.guild_id}/commands"
    three = [command(name=name) for name in ("one", "two", "three")]
    async with http.put(path, json=three) as response:
        assert response.status == 200
    async with http.put(path, json=three) as response:
        assert response.status == 200  # updating the same commands creates none
    async with http.put(path, json=[*three, command(name="four")]) as response:
        assert response.status == 400
        assert (await response.json())["code"] == 30034
    fake.clock.advance(24 * 60 * 60)
    async with http.put(path, json=[*three, command(name="four")]) as response:
        assert response.status == 200
