"""A local Discord: the gateway websocket and the REST API on 127.0.0.1, for end-to-end tests.

`FakeDiscord` plays one guild with one text channel, a bot, a member and a moderator (more
guilds: `guilds=` or `add_guild`, each with its own channel and roles). A test points discord.py
at it (`Route.BASE`, `DiscordWebSocket.DEFAULT_GATEWAY`), then acts as the users (`slash`,
`autocomplete`, `context_menu`, `click`, `message`; in another guild with `guild=`, in direct
messages with `dm=True`; subcommands as "group sub"; files from `attachment`, served as Discord's
CDN would) and asserts on what the bot sent (`requests`, `wait_for_request`, `response`,
`messages`, `downloads`).

It keeps Discord's rules where a bot can get them wrong (README.md in this folder lists each with
its page in Discord's documentation): the 3-second deadline, single use and 15-minute token of
an interaction, the first follow-up after a deferral replacing the "thinking" message (and
taking its visibility from the deferral), message, embed, component and command limits, allowed
mentions, channel permissions, the message content intent, gateway payload size, rate and
order, sequence numbers and RESUME replay, rate limit headers and buckets, and the daily quotas
of IDENTIFY and command creates. Time is the world's `clock`, which a test may `advance`.

Faults: REST requests fail (`fail_next`: 429 with `retry_after`, or any status) or answer late
(`delay_next`); the gateway drops (`drop_connection`, `disconnected`), closes with a close code
as Discord does (`close_gateway`), asks the bot to reconnect (`send_reconnect`, op 7), goes
silent like a zombie connection (`withhold_heartbeat_acks`), or forgets the session
(`forget_session`).

This module is the front; each concern has its own module:

    world.py         the application, bot, users, guilds, channels, permissions, messages,
                     commands, files, and the clock
    records.py       what happened (requests, frames, interactions) and waiting for it
    gateway.py       the websocket: IDENTIFY, RESUME, dispatches, intents, what closes it
    rest.py          routing, recording, authorisation; application, commands, channels
    ratelimits.py    per-route buckets, their headers, the global limit
    quotas.py        the daily quotas of IDENTIFY and command creates
    limits.py        what Discord refuses in a message, components, choices and commands
    messages.py      creating and editing messages, pings, the channel message routes
    interactions.py  callbacks, follow-ups, the webhook routes, what the user sees
    faults.py        failing and slow requests, and the gateway's faults
    users.py         simulated users: commands, autocomplete, menus, buttons, messages
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence

from aiohttp import web

from tests.fake_discord.faults import Faults
from tests.fake_discord.gateway import Gateway
from tests.fake_discord.interactions import Interactions
from tests.fake_discord.messages import Messages
from tests.fake_discord.payloads import Json
from tests.fake_discord.quotas import Quotas
from tests.fake_discord.recording import record_if_asked
from tests.fake_discord.records import GatewayFrame, Journal, RecordedRequest, SentInteraction
from tests.fake_discord.rest import Rest
from tests.fake_discord.users import Users, buttons
from tests.fake_discord.world import API_PREFIX, World


class FakeDiscord(World):
    """Discord's gateway and REST API for one guild (or more: `guilds`, `add_guild`), served on a
    random loopback port. The world's state (`World`) is its own; the rest is delegated."""

    def __init__(
        self,
        *,
        token: str = "fake-token",
        heartbeat_interval_ms: int = 1500,
        callback_deadline: float = 3.0,
        guilds: int = 1,
    ) -> None:
        super().__init__(guilds=guilds)
        self.token = token
        self.journal = Journal()
        self.quotas = Quotas(self.clock)
        self.gateway = Gateway(
            self,
            self.journal,
            self.quotas,
            token=token,
            heartbeat_interval_ms=heartbeat_interval_ms,
        )
        self.faults = Faults(self.gateway)
        self.messaging = Messages(self, self.gateway, self.journal)
        self.exchanges = Interactions(
            self, self.journal, self.messaging, callback_deadline=callback_deadline
        )
        self.rest = Rest(
            self,
            self.journal,
            self.faults,
            self.quotas,
            token=token,
            routes=[*self.exchanges.routes(), *self.messaging.routes()],
        )
        self.people = Users(self, self.gateway, self.messaging, self.exchanges)
        self._runner: web.AppRunner | None = None

        # What happened, for tests to assert on.
        self.requests: list[RecordedRequest] = self.journal.requests
        self.unknown_routes: list[RecordedRequest] = self.journal.unknown_routes
        self.frames: list[GatewayFrame] = self.journal.frames
        self.interactions: list[SentInteraction] = self.journal.interactions
        self.close_codes: dict[int, int | None] = self.gateway.close_codes

    # --- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/", self.gateway.serve)
        app.router.add_route(
            "GET", "/ephemeral-attachments/{app}/{id}/{filename}", self.serve_attachment
        )
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self.rest.serve)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        self.gateway.handshakes_open.set()
        for connection in list(self.gateway.connections):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.ws.close(code=1001), 2)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            record_if_asked(self.requests)

    # --- settings a test may change -----------------------------------------------------------

    @property
    def heartbeat_interval_ms(self) -> int:
        return self.gateway.heartbeat_interval_ms

    @heartbeat_interval_ms.setter
    def heartbeat_interval_ms(self, value: int) -> None:
        self.gateway.heartbeat_interval_ms = value

    @property
    def callback_deadline(self) -> float:
        return self.exchanges.callback_deadline

    @callback_deadline.setter
    def callback_deadline(self, value: float) -> None:
        self.exchanges.callback_deadline = value

    async def set_overwrite(
        self,
        target: int,
        *,
        allow: int = 0,
        deny: int = 0,
        member: bool = False,
        guild: int | None = None,
    ) -> None:
        """Set a role's (or a member's) permission overwrite on a guild's channel, and tell the
        bot (CHANNEL_UPDATE) if it is connected."""
        channel = self.overwrite_channel(target, allow=allow, deny=deny, member=member, guild=guild)
        if self.gateway.live:
            await self.dispatch("CHANNEL_UPDATE", channel)

    # --- the gateway --------------------------------------------------------------------------

    @property
    def connections_opened(self) -> int:
        """How many gateway websockets the bot has opened so far."""
        return self.gateway.connections_opened

    @property
    def identifies(self) -> int:
        return self.gateway.identifies

    @property
    def resumes(self) -> int:
        return self.gateway.resumes

    async def dispatch(self, event: str, data: Json) -> int | None:
        return await self.gateway.dispatch(event, data)

    async def wait_until_ready(self, timeout: float = 5.0) -> None:
        """Until a bot has identified (or resumed) and holds a live gateway session."""
        await self.journal.wait(lambda: self.gateway.live, timeout, "a gateway session")

    async def wait_until_shard_ready(self, shard_id: int, timeout: float = 5.0) -> None:
        """Until shard `shard_id` has a live gateway session."""
        what = f"a gateway session of shard {shard_id}"
        await self.journal.wait(lambda: self.gateway.shard_live(shard_id), timeout, what)

    async def wait_until_synced(self, timeout: float = 5.0) -> None:
        """Until a bot process is ready and has registered its commands in the guild: from then
        on it takes slash commands."""
        await self.wait_until_ready(timeout=timeout)
        await self.wait_for_request(
            "PUT",
            rf"/applications/{self.application_id}/guilds/{self.guild_id}/commands",
            timeout=timeout,
        )

    # --- waiting and looking ----------------------------------------------------------------

    def describe_requests(self) -> str:
        return self.journal.describe_requests()

    def requests_to(
        self, method: str, path_regex: str, *, since: int = 0, ok_only: bool = False
    ) -> list[RecordedRequest]:
        return self.journal.requests_to(method, path_regex, since=since, ok_only=ok_only)

    async def wait_for_request(
        self,
        method: str,
        path_regex: str,
        *,
        timeout: float = 5.0,
        since: int = 0,
        ok_only: bool = False,
        where: Callable[[RecordedRequest], bool] | None = None,
    ) -> RecordedRequest:
        return await self.journal.wait_for_request(
            method, path_regex, timeout=timeout, since=since, ok_only=ok_only, where=where
        )

    async def wait_for_arrival(
        self, method: str, path_regex: str, *, timeout: float = 5.0
    ) -> RecordedRequest:
        return await self.journal.wait_for_arrival(method, path_regex, timeout=timeout)

    def frames_from_client(self, op: int) -> list[GatewayFrame]:
        return self.journal.frames_from_client(op)

    async def wait_for_frame(
        self, op: int, *, sender: str = "client", since: int = 0, timeout: float = 5.0
    ) -> GatewayFrame:
        return await self.journal.wait_for_frame(op, sender=sender, since=since, timeout=timeout)

    async def callback(self, interaction: SentInteraction, timeout: float = 5.0) -> Json:
        return await self.exchanges.callback(interaction, timeout)

    async def response(self, interaction: SentInteraction, timeout: float = 5.0) -> Json:
        return await self.exchanges.response(interaction, timeout)

    def followups(self, interaction: SentInteraction) -> list[Json]:
        return self.exchanges.followups(interaction)

    async def wait_for_message(
        self, predicate: Callable[[Json], bool], *, timeout: float = 5.0, what: str = "a message"
    ) -> Json:
        return await self.messaging.wait_for_message(predicate, timeout=timeout, what=what)

    async def reply_to(self, message: Json, timeout: float = 5.0) -> Json:
        return await self.messaging.reply_to(message, timeout)

    # --- faults -------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int = 429,
        retry_after: float = 0.2,
        global_: bool = False,
        *,
        times: int = 1,
    ) -> None:
        self.faults.fail_next(method, path_regex, status, retry_after, global_, times=times)

    def delay_next(self, method: str, path_regex: str, seconds: float, *, times: int = 1) -> None:
        self.faults.delay_next(method, path_regex, seconds, times=times)

    async def close_gateway(self, code: int, timeout: float = 5.0) -> None:
        await self.faults.close_gateway(code, timeout)

    async def send_reconnect(self, timeout: float = 5.0) -> None:
        await self.faults.send_reconnect(timeout)

    def withhold_heartbeat_acks(self) -> None:
        self.faults.withhold_heartbeat_acks()

    async def drop_connection(self, code: int | None = 4000, timeout: float = 5.0) -> None:
        await self.faults.drop_connection(code, timeout)

    async def drop_shard(
        self, shard_id: int, code: int | None = 4000, timeout: float = 5.0
    ) -> None:
        """Close shard `shard_id`'s gateway socket alone (None: cut its TCP stream)."""
        await self.faults.drop_connection(code, timeout, shard_id=shard_id)

    def forget_session(self) -> None:
        self.faults.forget_session()

    def hold_handshakes(self) -> None:
        self.faults.hold_handshakes()

    def release_handshakes(self) -> None:
        self.faults.release_handshakes()

    @contextlib.asynccontextmanager
    async def disconnected(self, code: int | None = 4000) -> AsyncIterator[None]:
        async with self.faults.disconnected(code):
            yield

    # --- simulated users ----------------------------------------------------------------------

    def registered(
        self, name: str, kind: int = 1, *, guild: int | None = None, dm: bool = False
    ) -> Json:
        return self.people.registered(name, kind, guild=guild, dm=dm)

    async def slash(
        self,
        name: str,
        options: Mapping[str, object] | None = None,
        *,
        user: Json | None = None,
        guild: int | None = None,
        dm: bool = False,
    ) -> SentInteraction:
        return await self.people.slash(name, options, user=user, guild=guild, dm=dm)

    async def autocomplete(
        self,
        name: str,
        focused: str,
        typed: str,
        options: Mapping[str, object] | None = None,
        *,
        user: Json | None = None,
        guild: int | None = None,
        dm: bool = False,
    ) -> SentInteraction:
        return await self.people.autocomplete(
            name, focused, typed, options, user=user, guild=guild, dm=dm
        )

    async def context_menu(
        self, name: str, target: Json, *, user: Json | None = None
    ) -> SentInteraction:
        return await self.people.context_menu(name, target, user=user)

    @staticmethod
    def buttons(message: Json) -> Iterator[Json]:
        return buttons(message)

    async def click(
        self, custom_id: str, message: Json | int, *, user: Json | None = None
    ) -> SentInteraction:
        return await self.people.click(custom_id, message, user=user)

    async def message(
        self,
        content: str,
        *,
        author: Json | None = None,
        mentions: Sequence[Json] | None = None,
        reply_to: Json | None = None,
        ping_reply: bool = True,
        guild: int | None = None,
    ) -> Json:
        return await self.people.message(
            content,
            author=author,
            mentions=mentions,
            reply_to=reply_to,
            ping_reply=ping_reply,
            guild=guild,
        )
