"""A local Discord: the gateway websocket and the REST API on 127.0.0.1, for end-to-end tests.

`FakeDiscord` plays one guild with one text channel, a bot, a member and a moderator (more
guilds: `guilds=` or `add_guild`, each with its own channel and roles). A test points discord.py
at it (`Route.BASE`, `DiscordWebSocket.DEFAULT_GATEWAY`), then acts as the users (`slash`,
`autocomplete`, `context_menu`, `click`, `message`; in another guild with `guild=`, in direct
messages with `dm=True`; subcommands as "group sub"; files from `attachment`, served as Discord's
CDN would) and asserts on what the bot sent (`requests`, `wait_for_request`, `response`,
`messages`, `downloads`).

It keeps Discord's rules where a bot can get them wrong: the 3-second deadline and single use of
an interaction callback, the first follow-up after a deferral replacing the "thinking" message
(and taking its visibility from the deferral), message and embed limits, allowed mentions, the
message content intent, sequence numbers and RESUME replay.

Faults: REST requests fail (`fail_next`: 429 with `retry_after`, or any status) or answer late
(`delay_next`); the gateway drops (`drop_connection`, `disconnected`), closes with a close code
as Discord does (`close_gateway`), asks the bot to reconnect (`send_reconnect`, op 7), goes
silent like a zombie connection (`withhold_heartbeat_acks`), or forgets the session
(`forget_session`).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import math
import mimetypes
import re
import secrets
import socket
import time
import urllib.parse
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

from tests.fake_discord import limits, payloads
from tests.fake_discord.payloads import Intent, Json, MessageFlag, Permission
from tests.fake_discord.recording import record_if_asked

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
T = TypeVar("T")

# Interaction types (what Discord sends) and the callback types a bot may answer each with.
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CALLBACKS_ALLOWED = {
    APPLICATION_COMMAND: {4, 5, 9},
    MESSAGE_COMPONENT: {4, 5, 6, 7, 9},
    AUTOCOMPLETE: {8},
    MODAL_SUBMIT: {4, 5, 6, 7},
}
# Message flags a bot may set when it sends a message.
SENDABLE_FLAGS = (
    MessageFlag.SUPPRESS_EMBEDS
    | MessageFlag.EPHEMERAL
    | MessageFlag.SUPPRESS_NOTIFICATIONS
    | MessageFlag.IS_COMPONENTS_V2
)
# Close codes after which Discord forgets the session (a client's clean close).
SESSION_ENDING_CLOSE_CODES = {1000, 1001}
# Close codes Discord sends after which the session can be resumed; after the others (4007
# invalid seq, 4009 session timed out, and 4004, 4010-4014, which are not worth reconnecting
# after) a RESUME gets INVALID_SESSION.
RESUMABLE_CLOSE_CODES = {4000, 4001, 4002, 4003, 4005, 4008}


class ApiError(Exception):
    """Raised by a route handler: the status and JSON body Discord would answer with."""

    def __init__(self, status: int, code: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body: Json = {"message": message, "code": code, **extra}


def _form_error(errors: limits.FormErrors) -> ApiError:
    error = ApiError(400, 50035, "Invalid Form Body")
    error.body = limits.invalid_form_body(errors)
    return error


@dataclass
class RecordedRequest:
    """One REST request the bot made, with the answer the fake gave."""

    index: int
    method: str
    path: str
    query: dict[str, str]
    json: Any
    headers: dict[str, str]
    files: list[str] = field(default_factory=list)
    status: int = 0
    response: Any = None
    injected: bool = False
    at: float = field(default_factory=time.monotonic)
    delayed: float = 0.0  # seconds the fake held the request before handling it (`delay_next`)

    @property
    def handled(self) -> bool:
        return self.status != 0

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def __str__(self) -> str:
        query = "?" + "&".join(f"{k}={v}" for k, v in self.query.items()) if self.query else ""
        fault = " (injected)" if self.injected else ""
        return f"#{self.index} {self.method} {self.path}{query} -> {self.status}{fault}"


@dataclass
class GatewayFrame:
    """One gateway payload; `sender` is "client" (the bot) or "server" (the fake)."""

    index: int
    connection: int
    sender: str
    payload: Json

    @property
    def op(self) -> int:
        return int(self.payload.get("op", -1))

    @property
    def event(self) -> str | None:
        return self.payload.get("t")


@dataclass
class SentInteraction:
    """An interaction a simulated user started; the bot answers it through these paths."""

    id: int
    token: str
    type: int
    application_id: int
    payload: Json
    created: float = field(default_factory=time.monotonic)  # when Discord created it (monotonic)

    @property
    def callback_path(self) -> str:
        return f"/interactions/{self.id}/{self.token}/callback"

    @property
    def webhook_path(self) -> str:
        return f"/webhooks/{self.application_id}/{self.token}"


@dataclass
class FakeGuild:
    """One guild of the fake: its text channel, its roles and which member holds which."""

    id: int
    name: str
    channel: Json
    roles: list[Json]
    member_roles: dict[int, list[int]]
    moderator_role_id: int
    bot_role_id: int

    @property
    def channel_id(self) -> int:
        return int(self.channel["id"])


@dataclass
class _Exchange:
    """What Discord remembers about an interaction while the bot answers it."""

    sent: SentInteraction
    created: float
    user: Json
    channel: Json
    guild: FakeGuild | None
    component_message_id: int | None = None
    response_type: int | None = None
    original_id: int | None = None
    awaiting_first_followup: bool = False
    followup_ids: list[int] = field(default_factory=list)
    choices: list[Json] | None = None


@dataclass
class _Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    retry_after: float
    global_: bool
    times: int


@dataclass
class _Delay:
    method: str
    pattern: re.Pattern[str]
    seconds: float
    times: int


class _Connection:
    """One gateway websocket; with zlib-stream, one compressor for the connection's life."""

    def __init__(self, number: int, ws: web.WebSocketResponse, transport: Any, zlib_stream: bool):
        self.number = number
        self.ws = ws
        self.transport = transport
        self.session: _Session | None = None
        self.dropped = False
        self.silent = False  # a zombie: heartbeats go unanswered, events are held for RESUME
        self.finished = asyncio.Event()
        self._compressor = zlib.compressobj() if zlib_stream else None
        self._lock = asyncio.Lock()

    async def send(self, frame: Json) -> bool:
        text = json.dumps(frame, separators=(",", ":"), ensure_ascii=False)
        async with self._lock:
            if self.ws.closed:
                return False
            try:
                if self._compressor is None:
                    await self.ws.send_str(text)
                else:
                    data = self._compressor.compress(text.encode())
                    await self.ws.send_bytes(data + self._compressor.flush(zlib.Z_SYNC_FLUSH))
            except (ConnectionError, RuntimeError):
                return False
        return True


@dataclass
class _Session:
    id: str
    intents: int
    shard: list[int] | None
    seq: int = 0
    events: list[Json] = field(default_factory=list)
    connection: _Connection | None = None
    ready: bool = False
    ended: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


Handler = Callable[..., Awaitable[tuple[int, Any]]]


class FakeDiscord:
    """Discord's gateway and REST API for one guild (or more: `guilds`, `add_guild`), served on a
    random loopback port. `guild_id`, `channel_id`, `roles`... are the first guild's."""

    def __init__(
        self,
        *,
        token: str = "fake-token",
        heartbeat_interval_ms: int = 1500,
        callback_deadline: float = 3.0,
        guilds: int = 1,
    ) -> None:
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.callback_deadline = callback_deadline
        self.ids = payloads.Snowflakes()

        # The world: one guild, one channel, a bot, its owner, a member and a moderator.
        self.application_id = self.ids.next()
        self.bot_id = self.application_id
        guild_id, channel_id = self.ids.next(), self.ids.next()
        moderator_role_id, bot_role_id = self.ids.next(), self.ids.next()
        self.bot_user = payloads.user(self.bot_id, "debate-bot", bot=True)
        self.owner = payloads.user(self.ids.next(), "owner")
        self.user = payloads.user(self.ids.next(), "alice")
        self.moderator = payloads.user(self.ids.next(), "mod")
        self.joined_at = payloads.iso()
        self.users: dict[int, Json] = {
            int(account["id"]): account
            for account in (self.bot_user, self.owner, self.user, self.moderator)
        }
        self.guilds: list[FakeGuild] = [
            self._new_guild(
                "Debate club", "debate", guild_id, channel_id, moderator_role_id, bot_role_id
            )
        ]
        for number in range(2, guilds + 1):
            self.add_guild(f"Club {number}")
        self.dm_channels: dict[int, Json] = {}  # user id -> that user's DM channel with the bot
        self.downloads: list[str] = []  # attachment URLs the bot fetched
        self._attachments: dict[int, tuple[str, bytes]] = {}  # id -> (content type, bytes)

        # What happened, for tests to assert on.
        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[RecordedRequest] = []
        self.frames: list[GatewayFrame] = []
        self.messages: dict[int, Json] = {}
        self.commands: dict[int | None, list[Json]] = {}
        self.identifies = 0
        self.resumes = 0
        self.interactions: list[SentInteraction] = []  # every interaction a user started
        self.close_codes: dict[int, int | None] = {}  # connection number -> its close code

        self._command_ids: dict[tuple[int | None, int, str], int] = {}
        self._allowed_mentions: dict[int, Json | None] = {}
        self._exchanges: dict[str, _Exchange] = {}
        self._faults: list[_Fault] = []
        self._delays: list[_Delay] = []
        self._session: _Session | None = None
        self._connections: set[_Connection] = set()
        self._connection_count = 0
        self._handshakes_open = asyncio.Event()
        self._handshakes_open.set()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._routes: list[tuple[str, re.Pattern[str], Handler, bool]] = [
            ("GET", re.compile(r"/gateway"), self._get_gateway, False),
            ("GET", re.compile(r"/gateway/bot"), self._get_gateway_bot, True),
            ("GET", re.compile(r"/users/@me"), self._get_me, True),
            ("GET", re.compile(r"/oauth2/applications/@me"), self._get_application, True),
            ("GET", re.compile(r"/applications/(?P<app>\d+)/commands"), self._get_commands, True),
            ("PUT", re.compile(r"/applications/(?P<app>\d+)/commands"), self._put_commands, True),
            (
                "GET",
                re.compile(r"/applications/(?P<app>\d+)/guilds/(?P<guild>\d+)/commands"),
                self._get_commands,
                True,
            ),
            (
                "PUT",
                re.compile(r"/applications/(?P<app>\d+)/guilds/(?P<guild>\d+)/commands"),
                self._put_commands,
                True,
            ),
            (
                "POST",
                re.compile(r"/interactions/(?P<interaction>\d+)/(?P<token>[^/]+)/callback"),
                self._post_callback,
                False,
            ),
            (
                "POST",
                re.compile(r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)"),
                self._post_followup,
                False,
            ),
            *(
                (
                    method,
                    re.compile(
                        r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/(?P<id>@original|\d+)"
                    ),
                    self._webhook_message,
                    False,
                )
                for method in ("GET", "PATCH", "DELETE")
            ),
            ("GET", re.compile(r"/channels/(?P<channel>\d+)"), self._get_channel, True),
            (
                "POST",
                re.compile(r"/channels/(?P<channel>\d+)/messages"),
                self._post_channel_message,
                True,
            ),
            *(
                (
                    method,
                    re.compile(r"/channels/(?P<channel>\d+)/messages/(?P<id>\d+)"),
                    self._channel_message,
                    True,
                )
                for method in ("GET", "PATCH", "DELETE")
            ),
            ("POST", re.compile(r"/channels/(?P<channel>\d+)/typing"), self._post_typing, True),
        ]

    # --- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/", self._gateway)
        app.router.add_route(
            "GET", "/ephemeral-attachments/{app}/{id}/{filename}", self._get_attachment
        )
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        self._handshakes_open.set()
        for connection in list(self._connections):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.ws.close(code=1001), 2)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            record_if_asked(self.requests)

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    @property
    def connections_opened(self) -> int:
        """How many gateway websockets the bot has opened so far."""
        return self._connection_count

    # --- the world --------------------------------------------------------------------------

    # The first guild's, for the tests written when there was one guild.
    @property
    def guild(self) -> FakeGuild:
        return self.guilds[0]

    @property
    def guild_id(self) -> int:
        return self.guilds[0].id

    @property
    def channel_id(self) -> int:
        return self.guilds[0].channel_id

    @property
    def channel(self) -> Json:
        return self.guilds[0].channel

    @property
    def roles(self) -> list[Json]:
        return self.guilds[0].roles

    @property
    def member_roles(self) -> dict[int, list[int]]:
        return self.guilds[0].member_roles

    @property
    def moderator_role_id(self) -> int:
        return self.guilds[0].moderator_role_id

    @property
    def bot_role_id(self) -> int:
        return self.guilds[0].bot_role_id

    def _new_guild(
        self,
        name: str,
        channel_name: str,
        guild_id: int,
        channel_id: int,
        moderator_role_id: int,
        bot_role_id: int,
    ) -> FakeGuild:
        roles = [
            payloads.role(guild_id, "@everyone", payloads.EVERYONE_PERMISSIONS, position=0),
            payloads.role(
                moderator_role_id, "Moderators", payloads.MODERATOR_PERMISSIONS, position=1
            ),
            payloads.role(
                bot_role_id,
                "debate-bot",
                payloads.BOT_PERMISSIONS,
                position=2,
                managed=True,
                bot_id=self.bot_id,
            ),
        ]
        member_roles: dict[int, list[int]] = {user_id: [] for user_id in self.users}
        member_roles[self.bot_id] = [bot_role_id]
        member_roles[int(self.moderator["id"])] = [moderator_role_id]
        channel = payloads.text_channel(channel_id, guild_id, channel_name)
        return FakeGuild(
            guild_id, name, channel, roles, member_roles, moderator_role_id, bot_role_id
        )

    def add_guild(self, name: str = "Second club", channel_name: str = "general") -> FakeGuild:
        """Another guild with the same bot, owner and users (the moderator a moderator there
        too), its own channel and roles. Call it before the bot connects: GUILD_CREATE is sent
        at READY."""
        guild = self._new_guild(
            name, channel_name, self.ids.next(), self.ids.next(), self.ids.next(), self.ids.next()
        )
        self.guilds.append(guild)
        return guild

    def guild_by_id(self, guild_id: int | str | None) -> FakeGuild:
        """The guild with that id (None: the first guild)."""
        if guild_id is None:
            return self.guilds[0]
        for guild in self.guilds:
            if guild.id == int(guild_id):
                return guild
        raise LookupError(f"the fake has no guild {guild_id}")

    def add_role(self, name: str, permissions: int, *, guild: int | None = None) -> int:
        """A new role (below the bot's) in a guild; returns its id."""
        place = self.guild_by_id(guild)
        role_id = self.ids.next()
        place.roles.append(payloads.role(role_id, name, permissions, position=1))
        return role_id

    def add_user(self, name: str, *, roles: Sequence[int] = (), guild: int | None = None) -> Json:
        """A new member of every guild (with `roles` in `guild`, the first by default), who can
        then run commands as `user=`."""
        account = payloads.user(self.ids.next(), name)
        self.users[int(account["id"])] = account
        for place in self.guilds:
            place.member_roles[int(account["id"])] = []
        self.guild_by_id(guild).member_roles[int(account["id"])] = list(roles)
        return account

    def dm_channel(self, account: Json) -> Json:
        """The user's direct-message channel with the bot (made on first use)."""
        user_id = int(account["id"])
        if user_id not in self.dm_channels:
            self.dm_channels[user_id] = payloads.dm_channel(self.ids.next(), account)
        return self.dm_channels[user_id]

    def permissions_of(self, user_id: int, guild: FakeGuild | None = None) -> int:
        """A member's permissions in the guild's channel (no overwrites: roles only)."""
        place = guild or self.guilds[0]
        if user_id == int(self.owner["id"]):
            return int(sum(Permission))
        value = 0
        wanted = {place.id, *place.member_roles.get(user_id, [])}
        for role in place.roles:
            if int(role["id"]) in wanted:
                value |= int(role["permissions"])
        return int(sum(Permission)) if value & Permission.ADMINISTRATOR else value

    def member_of(
        self, account: Json, *, with_user: bool = True, guild: FakeGuild | None = None
    ) -> Json:
        place = guild or self.guilds[0]
        return payloads.member(
            account,
            place.member_roles.get(int(account["id"]), []),
            joined_at=self.joined_at,
            with_user=with_user,
        )

    def guild_payload(self, guild: FakeGuild | None = None) -> Json:
        place = guild or self.guilds[0]
        return payloads.guild(
            place.id,
            place.name,
            owner_id=int(self.owner["id"]),
            roles=copy.deepcopy(place.roles),
            channels=[copy.deepcopy(place.channel)],
            members=[
                self.member_of(self.users[user_id], guild=place)
                for user_id in place.member_roles
                if user_id in self.users
            ],
            joined_at=self.joined_at,
        )

    def attachment(self, filename: str, data: bytes, *, content_type: str | None = None) -> Json:
        """A file a user attaches to a command: pass it as the value of an attachment option.
        Its `url` serves `data` from the fake, as Discord's CDN would."""
        attachment_id = self.ids.next()
        kind = content_type or mimetypes.guess_type(filename)[0]
        self._attachments[attachment_id] = (kind or "application/octet-stream", data)
        url = (
            f"http://127.0.0.1:{self.port}/ephemeral-attachments/{self.application_id}/"
            f"{attachment_id}/{urllib.parse.quote(filename)}?ex=0&is=0&hm=fake"
        )
        return payloads.attachment(attachment_id, filename, len(data), url, kind)

    async def _get_attachment(self, request: web.Request) -> web.StreamResponse:
        self.downloads.append(str(request.url))
        found = self._attachments.get(int(request.match_info["id"]))
        if found is None or request.match_info["app"] != str(self.application_id):
            return web.Response(status=404, text="Not Found")
        content_type, data = found
        return web.Response(body=data, headers={"Content-Type": content_type})

    # --- waiting and looking ----------------------------------------------------------------

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _wait(self, found: Callable[[], T | None], timeout: float, what: str) -> T:
        async with self._changed:
            try:
                result = await asyncio.wait_for(self._changed.wait_for(found), timeout)
            except TimeoutError:
                raise AssertionError(
                    f"timed out after {timeout} s waiting for {what}; requests so far:\n"
                    + self.describe_requests()
                ) from None
        assert result is not None
        return result

    def describe_requests(self) -> str:
        return "\n".join(str(request) for request in self.requests) or "(none)"

    def requests_to(
        self, method: str, path_regex: str, *, since: int = 0, ok_only: bool = False
    ) -> list[RecordedRequest]:
        """Handled requests whose path fully matches `path_regex` (paths omit /api/v10)."""
        pattern = re.compile(path_regex)
        return [
            request
            for request in self.requests[since:]
            if request.handled
            and request.method == method.upper()
            and pattern.fullmatch(request.path)
            and (request.ok or not ok_only)
        ]

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
        """The first handled request (from index `since`) that matches; waits if none yet."""

        def found() -> RecordedRequest | None:
            for request in self.requests_to(method, path_regex, since=since, ok_only=ok_only):
                if where is None or where(request):
                    return request
            return None

        return await self._wait(found, timeout, f"{method} {path_regex}")

    async def wait_for_arrival(
        self, method: str, path_regex: str, *, timeout: float = 5.0
    ) -> RecordedRequest:
        """The first request that matches, as soon as it arrives (handled or still held back
        by `delay_next`)."""
        pattern = re.compile(path_regex)

        def found() -> RecordedRequest | None:
            for request in self.requests:
                if request.method == method.upper() and pattern.fullmatch(request.path):
                    return request
            return None

        return await self._wait(found, timeout, f"{method} {path_regex} to arrive")

    async def callback(self, interaction: SentInteraction, timeout: float = 5.0) -> Json:
        """The body of the bot's accepted answer to the interaction (`type`, `data`)."""
        request = await self.wait_for_request(
            "POST", re.escape(interaction.callback_path), ok_only=True, timeout=timeout
        )
        body: Json = request.json
        return body

    async def response(self, interaction: SentInteraction, timeout: float = 5.0) -> Json:
        """The message the interaction's user sees as the answer, once it is no longer loading.

        For a command that is the reply (or the deferred reply once filled in); for a button
        that edits its message, the edited message.
        """

        def found() -> Json | None:
            exchange = self._exchanges[interaction.token]
            if exchange.original_id is None or exchange.awaiting_first_followup:
                return None
            if exchange.response_type == 6 and not self._edited_since(exchange):
                return None
            message = self.messages.get(exchange.original_id)
            return copy.deepcopy(message) if message is not None else None

        return await self._wait(found, timeout, f"the response to interaction {interaction.id}")

    def _edited_since(self, exchange: _Exchange) -> bool:
        pattern = re.compile(re.escape(exchange.sent.webhook_path) + r"/messages/.*")
        return any(
            request.method == "PATCH" and request.ok and pattern.fullmatch(request.path)
            for request in self.requests
        )

    def followups(self, interaction: SentInteraction) -> list[Json]:
        """Follow-up messages (not the original response) the bot sent for an interaction."""
        exchange = self._exchanges[interaction.token]
        return [
            copy.deepcopy(self.messages[i]) for i in exchange.followup_ids if i in self.messages
        ]

    async def wait_for_message(
        self, predicate: Callable[[Json], bool], *, timeout: float = 5.0, what: str = "a message"
    ) -> Json:
        def found() -> Json | None:
            for message in self.messages.values():
                if predicate(message):
                    return copy.deepcopy(message)
            return None

        return await self._wait(found, timeout, what)

    async def reply_to(self, message: Json, timeout: float = 5.0) -> Json:
        """The bot's channel message that replies to `message`."""
        wanted = message["id"]
        return await self.wait_for_message(
            lambda m: (
                m["author"]["id"] == self.bot_user["id"]
                and m.get("message_reference", {}).get("message_id") == wanted
            ),
            timeout=timeout,
            what=f"a reply to message {wanted}",
        )

    def frames_from_client(self, op: int) -> list[GatewayFrame]:
        return [f for f in self.frames if f.sender == "client" and f.op == op]

    async def wait_for_frame(
        self, op: int, *, sender: str = "client", since: int = 0, timeout: float = 5.0
    ) -> GatewayFrame:
        def found() -> GatewayFrame | None:
            for frame in self.frames[since:]:
                if frame.sender == sender and frame.op == op:
                    return frame
            return None

        return await self._wait(found, timeout, f"gateway op {op} from the {sender}")

    async def wait_until_ready(self, timeout: float = 5.0) -> None:
        """Until a bot has identified (or resumed) and holds a live gateway session."""

        def found() -> bool:
            session = self._session
            return bool(session and session.ready and session.connection and not session.ended)

        await self._wait(found, timeout, "a gateway session")

    async def wait_until_synced(self, timeout: float = 5.0) -> None:
        """Until a bot process is ready and has registered its commands in the guild: from then
        on it takes slash commands."""
        await self.wait_until_ready(timeout=timeout)
        await self.wait_for_request(
            "PUT",
            rf"/applications/{self.application_id}/guilds/{self.guild_id}/commands",
            timeout=timeout,
        )

    # --- fault injection --------------------------------------------------------------------

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
        """The next `times` matching requests fail with `status` (429: a rate limit)."""
        self._faults.append(
            _Fault(method.upper(), re.compile(path_regex), status, retry_after, global_, times)
        )

    def _take_fault(self, method: str, path: str) -> _Fault | None:
        for fault in self._faults:
            if fault.method == method and fault.pattern.fullmatch(path):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    @staticmethod
    def _fault_response(fault: _Fault) -> tuple[int, Json, dict[str, str]]:
        headers = {"Via": "1.1 google"}
        if fault.status != 429:
            return fault.status, {"message": f"{fault.status}: injected fault", "code": 0}, headers
        body: Json = {
            "message": "You are being rate limited.",
            "retry_after": fault.retry_after,
            "global": fault.global_,
        }
        if fault.global_:
            body["code"] = 0
        headers.update(
            {
                "Retry-After": str(math.ceil(fault.retry_after)),
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + fault.retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{fault.retry_after:.3f}",
                "X-RateLimit-Scope": "global" if fault.global_ else "user",
            }
        )
        if fault.global_:
            headers["X-RateLimit-Global"] = "true"
        return 429, body, headers

    def delay_next(self, method: str, path_regex: str, seconds: float, *, times: int = 1) -> None:
        """The next `times` matching requests wait `seconds` before the fake handles them (a
        slow API: the bot's HTTP call takes that long; a callback's 3-second deadline counts
        until it is handled)."""
        self._delays.append(_Delay(method.upper(), re.compile(path_regex), seconds, times))

    def _take_delay(self, method: str, path: str) -> float:
        for delay in self._delays:
            if delay.method == method and delay.pattern.fullmatch(path):
                delay.times -= 1
                if delay.times <= 0:
                    self._delays.remove(delay)
                return delay.seconds
        return 0.0

    def _live_connection(self) -> tuple[_Session, _Connection]:
        session = self._session
        connection = session.connection if session else None
        if session is None or connection is None:
            raise RuntimeError("no live gateway connection")
        return session, connection

    async def close_gateway(self, code: int, timeout: float = 5.0) -> None:
        """Discord closes the bot's gateway socket with `code`; after a code that is not
        resumable (see RESUMABLE_CLOSE_CODES) the session is gone, so a RESUME is refused."""
        if code not in RESUMABLE_CLOSE_CODES:
            self.forget_session()
        await self.drop_connection(code, timeout)

    async def send_reconnect(self, timeout: float = 5.0) -> None:
        """Op 7 RECONNECT: the bot must close this socket and RESUME on a new one. Events from
        now on are held for the RESUME. Returns once the bot has closed the socket."""
        session, connection = self._live_connection()
        connection.dropped = True
        session.connection = None
        await self._send_frame(connection, {"op": 7, "d": None, "s": None, "t": None})
        await asyncio.wait_for(connection.finished.wait(), timeout)

    def withhold_heartbeat_acks(self) -> None:
        """The connection turns zombie: the socket stays open but heartbeats get no ACK and no
        events arrive (they are held for a RESUME), as when a route to Discord dies silently.
        A client must notice, close the socket and resume."""
        session, connection = self._live_connection()
        connection.silent = True
        connection.dropped = True
        session.connection = None

    async def drop_connection(self, code: int | None = 4000, timeout: float = 5.0) -> None:
        """Close the bot's gateway socket: with a close `code`, or (None) cut the TCP stream."""
        session = self._session
        connection = session.connection if session else None
        if connection is None:
            raise RuntimeError("no live gateway connection to drop")
        connection.dropped = True
        if session is not None:
            session.connection = None
        if code is None:
            connection.transport.abort()
        else:
            await connection.ws.close(code=code, message=b"dropped by the test")
        await asyncio.wait_for(connection.finished.wait(), timeout)

    def forget_session(self) -> None:
        """Discord loses the session: a RESUME gets INVALID_SESSION, the bot must IDENTIFY."""
        if self._session is not None:
            self._session.ended = True

    def hold_handshakes(self) -> None:
        """New gateway connections wait before HELLO until `release_handshakes`."""
        self._handshakes_open.clear()

    def release_handshakes(self) -> None:
        self._handshakes_open.set()

    @contextlib.asynccontextmanager
    async def disconnected(self, code: int | None = 4000) -> AsyncIterator[None]:
        """Inside the block the bot is offline (events queue up); on exit it may resume."""
        self.hold_handshakes()
        try:
            await self.drop_connection(code)
            yield
        finally:
            self.release_handshakes()

    # --- gateway ----------------------------------------------------------------------------

    async def _record_frame(self, connection: _Connection, sender: str, payload: Json) -> None:
        self.frames.append(GatewayFrame(len(self.frames), connection.number, sender, payload))
        await self._notify()

    async def _send_frame(self, connection: _Connection, frame: Json) -> None:
        if await connection.send(frame):
            await self._record_frame(connection, "server", frame)

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        transport = request.transport
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._connection_count += 1
        zlib_stream = request.query.get("compress") == "zlib-stream"
        connection = _Connection(self._connection_count, ws, transport, zlib_stream)
        self._connections.add(connection)
        try:
            await self._handshakes_open.wait()
            hello = {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake-gw"]}
            await self._send_frame(connection, {"op": 10, "d": hello, "s": None, "t": None})
            async for message in ws:
                if message.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    continue
                frame = json.loads(message.data)
                await self._record_frame(connection, "client", frame)
                await self._on_client_frame(connection, frame)
        finally:
            self._connections.discard(connection)
            self.close_codes[connection.number] = ws.close_code
            session = connection.session
            if session is not None:
                if session.connection is connection:
                    session.connection = None
                if not connection.dropped and ws.close_code in SESSION_ENDING_CLOSE_CODES:
                    session.ended = True
            connection.finished.set()
            await self._notify()
        return ws

    async def _on_client_frame(self, connection: _Connection, frame: Json) -> None:
        op = frame.get("op")
        data = frame.get("d")
        if connection.silent:
            return  # a zombie connection: nothing the client sends gets through
        if op == 1:
            await self._send_frame(connection, {"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            await self._identify(connection, data or {})
        elif op == 6:
            await self._resume(connection, data or {})
        elif op in (3, 4, 8):
            return  # presence, voice state, member requests: accepted and ignored
        else:
            await connection.ws.close(code=4001, message=b"Unknown opcode.")

    async def _identify(self, connection: _Connection, data: Json) -> None:
        if data.get("token") != self.token:
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return
        if connection.session is not None:
            await connection.ws.close(code=4005, message=b"Already authenticated.")
            return
        if self._session is not None:
            self._session.ended = True
        session = _Session(secrets.token_hex(16), int(data.get("intents", 0)), data.get("shard"))
        self._session = session
        self.identifies += 1
        async with session.lock:
            session.connection = connection
            connection.session = session
            ready: Json = {
                "v": 10,
                "user": {**self.bot_user, "verified": True, "mfa_enabled": False, "email": None},
                "guilds": [{"id": str(g.id), "unavailable": True} for g in self.guilds],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": self.gateway_url,
                "application": {"id": str(self.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": [],
                "user_settings": {},
                "_trace": ["fake-gw"],
            }
            if session.shard is not None:
                ready["shard"] = session.shard
            await self._emit(session, "READY", ready)
            if session.intents & Intent.GUILDS:
                for guild in self.guilds:
                    await self._emit(session, "GUILD_CREATE", self.guild_payload(guild))
            session.ready = True
        await self._notify()

    async def _resume(self, connection: _Connection, data: Json) -> None:
        session = self._session
        if (
            session is None
            or session.ended
            or data.get("session_id") != session.id
            or data.get("token") != self.token
        ):
            await self._send_frame(connection, {"op": 9, "d": False, "s": None, "t": None})
            return
        async with session.lock:
            after = int(data.get("seq") or 0)
            for event in session.events:
                if event["s"] > after:
                    await self._send_frame(connection, event)
            session.connection = connection
            connection.session = session
            self.resumes += 1
            await self._emit(session, "RESUMED", {"_trace": ["fake-gw"]})
        await self._notify()

    async def _emit(self, session: _Session, event: str, data: Json) -> int:
        """Numbers, logs and (if connected) sends a dispatch; the caller holds session.lock."""
        session.seq += 1
        frame = {"op": 0, "t": event, "s": session.seq, "d": copy.deepcopy(data)}
        session.events.append(frame)
        if session.connection is not None:
            await self._send_frame(session.connection, frame)
        return session.seq

    async def dispatch(self, event: str, data: Json) -> int | None:
        """Send a gateway event to the bot (queued for RESUME while it is disconnected).

        Returns the sequence number, or None when the bot's intents exclude the event.
        """
        session = self._session
        if session is None or session.ended:
            raise RuntimeError("no gateway session: has the bot identified?")
        delivered = self._as_delivered(session, event, data)
        if delivered is None:
            return None
        async with session.lock:
            return await self._emit(session, event, delivered)

    def _as_delivered(self, session: _Session, event: str, data: Json) -> Json | None:
        """The event as the session's intents let it through (None: not sent at all)."""
        intents = session.intents
        if event.startswith("GUILD_") and not intents & Intent.GUILDS:
            return None
        if not event.startswith("MESSAGE_"):
            return data
        in_guild = "guild_id" in data
        if not intents & (Intent.GUILD_MESSAGES if in_guild else Intent.DIRECT_MESSAGES):
            return None
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE") and not intents & Intent.MESSAGE_CONTENT:
            author = (data.get("author") or {}).get("id")
            mentioned = any(m.get("id") == self.bot_user["id"] for m in data.get("mentions", []))
            if in_guild and author != self.bot_user["id"] and not mentioned:
                hidden = {"content": "", "embeds": [], "attachments": [], "components": []}
                return {**data, **{k: v for k, v in hidden.items() if k in data}}
        return data

    # --- REST -------------------------------------------------------------------------------

    async def _read_body(self, request: web.Request) -> tuple[Any, list[str]]:
        if not request.can_read_body:
            return None, []
        if request.content_type == "multipart/form-data":
            form = await request.post()
            files = [value.filename for value in form.values() if isinstance(value, web.FileField)]
            raw = form.get("payload_json")
            return (json.loads(raw) if isinstance(raw, str) else None), files
        text = await request.text()
        return (json.loads(text) if text else None), []

    def _route(self, method: str, path: str) -> tuple[Handler, dict[str, str], bool] | None:
        for route_method, pattern, handler, auth in self._routes:
            match = pattern.fullmatch(path)
            if match and route_method == method:
                return handler, match.groupdict(), auth
        return None

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body, files = await self._read_body(request)
        record = RecordedRequest(
            index=len(self.requests),
            method=request.method,
            path=path,
            query=dict(request.query),
            json=body,
            headers={
                key: value
                for key, value in request.headers.items()
                if key.lower() in ("authorization", "content-type", "x-audit-log-reason")
            },
            files=files,
        )
        self.requests.append(record)
        record.delayed = self._take_delay(record.method, path)
        if record.delayed:
            await self._notify()  # arrived: `wait_for_arrival` sees it while it is held
            await asyncio.sleep(record.delayed)
        headers = {"Via": "1.1 google"}
        fault = self._take_fault(record.method, path)
        if fault is not None:
            status, payload, headers = self._fault_response(fault)
            record.injected = True
        else:
            status, payload = await self._handle(request, record)
        record.status, record.response = status, copy.deepcopy(payload)
        await self._notify()
        if payload is None:
            return web.Response(status=status, headers=headers)
        # Exactly "application/json", no charset: discord.py reads JSON only then.
        body = json.dumps(payload, ensure_ascii=False).encode()
        return web.Response(
            body=body, status=status, headers={**headers, "Content-Type": "application/json"}
        )

    async def _handle(self, request: web.Request, record: RecordedRequest) -> tuple[int, Any]:
        found = self._route(record.method, record.path)
        if found is None:
            log.warning("fake Discord has no route for %s %s", record.method, record.path)
            self.unknown_routes.append(record)
            return 404, {"message": "404: Not Found", "code": 0}
        handler, params, auth = found
        if auth and request.headers.get("Authorization") != f"Bot {self.token}":
            return 401, {"message": "401: Unauthorized", "code": 0}
        try:
            return await handler(record, **params)
        except ApiError as error:
            return error.status, error.body

    async def _get_gateway(self, record: RecordedRequest) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url}

    async def _get_gateway_bot(self, record: RecordedRequest) -> tuple[int, Any]:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return 200, {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}

    async def _get_me(self, record: RecordedRequest) -> tuple[int, Any]:
        return 200, {**self.bot_user, "verified": True, "mfa_enabled": False, "email": None}

    async def _get_application(self, record: RecordedRequest) -> tuple[int, Any]:
        return 200, payloads.application(self.application_id, self.bot_user, self.owner)

    def _command_scope(self, app: str, guild: str | None) -> int | None:
        if int(app) != self.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if guild is None:
            return None
        if all(int(guild) != place.id for place in self.guilds):
            raise ApiError(403, 50001, "Missing Access")
        return int(guild)

    async def _get_commands(
        self, record: RecordedRequest, app: str, guild: str | None = None
    ) -> tuple[int, Any]:
        return 200, copy.deepcopy(self.commands.get(self._command_scope(app, guild), []))

    async def _put_commands(
        self, record: RecordedRequest, app: str, guild: str | None = None
    ) -> tuple[int, Any]:
        scope = self._command_scope(app, guild)
        body = record.json
        if not isinstance(body, list):
            raise _form_error({"_": ["Expected a list of commands."]})
        errors = limits.check_commands(body)
        if errors:
            raise _form_error(errors)
        self.commands[scope] = [self._registered(scope, command) for command in body]
        return 200, copy.deepcopy(self.commands[scope])

    def _registered(self, scope: int | None, command: Json) -> Json:
        kind = int(command.get("type", 1))
        name = str(command["name"])
        command_id = self._command_ids.setdefault((scope, kind, name), self.ids.next())
        permissions = command.get("default_member_permissions")
        registered = {
            **copy.deepcopy(command),
            "id": str(command_id),
            "application_id": str(self.application_id),
            "version": str(self.ids.next()),
            "type": kind,
            "description": command.get("description", ""),
            "default_member_permissions": (
                None if permissions is None else str(permissions)  # a string, as Discord sends
            ),
            "nsfw": command.get("nsfw", False),
            "integration_types": command.get("integration_types", [0]),
            "contexts": command.get("contexts"),
        }
        if scope is not None:
            registered["guild_id"] = str(scope)
        if kind == 1:
            registered.setdefault("options", [])
        return registered

    async def _get_channel(self, record: RecordedRequest, channel: str) -> tuple[int, Any]:
        return 200, copy.deepcopy(self._known_channel(channel))

    async def _post_typing(self, record: RecordedRequest, channel: str) -> tuple[int, Any]:
        self._known_channel(channel)
        return 204, None

    def _known_channel(self, channel: str | int) -> Json:
        """A guild's text channel or a DM channel with that id, or Unknown Channel."""
        for found in [g.channel for g in self.guilds] + list(self.dm_channels.values()):
            if found["id"] == str(channel):
                return found
        raise ApiError(404, 10003, "Unknown Channel")

    def _guild_of(self, channel: Json) -> FakeGuild | None:
        """The guild a channel belongs to (None: a DM channel)."""
        guild_id = channel.get("guild_id")
        return self.guild_by_id(guild_id) if guild_id is not None else None

    # --- messages ---------------------------------------------------------------------------

    def _pings(
        self,
        content: str,
        allowed: Json | None,
        author_id: int,
        replied_to: Json | None,
        guild: FakeGuild | None,
    ) -> tuple[list[Json], list[int], bool]:
        """Who a message notifies: Discord reads mentions in the content, filtered by
        allowed_mentions (embeds never ping). Returns (users, role ids, @everyone)."""
        if allowed is None:
            parse = {"users", "roles", "everyone"}
            users_allowed: list[str] = []
            roles_allowed: list[str] = []
            replied_user = True
        else:
            parse = set(allowed.get("parse", []))
            users_allowed = [str(x) for x in allowed.get("users", [])]
            roles_allowed = [str(x) for x in allowed.get("roles", [])]
            replied_user = bool(allowed.get("replied_user", False))
        user_ids = [
            uid
            for uid in dict.fromkeys(re.findall(r"<@!?(\d+)>", content))
            if "users" in parse or uid in users_allowed
        ]
        if replied_to is not None and replied_user:
            user_ids.append(replied_to["author"]["id"])
        role_ids = [
            int(rid)
            for rid in dict.fromkeys(re.findall(r"<@&(\d+)>", content))
            if ("roles" in parse or rid in roles_allowed)
            and guild is not None
            and any(role["id"] == rid for role in guild.roles)
        ]
        everyone = (
            ("@everyone" in content or "@here" in content)
            and "everyone" in parse
            and guild is not None
            and bool(self.permissions_of(author_id, guild) & Permission.MENTION_EVERYONE)
        )
        mentions = [
            self._mentioned(self.users[int(uid)], guild)
            for uid in dict.fromkeys(user_ids)
            if int(uid) in self.users
        ]
        return mentions, role_ids, everyone

    def _mentioned(self, account: Json, guild: FakeGuild | None) -> Json:
        """A user in a message's `mentions` (with their member, in a guild)."""
        if guild is None:
            return copy.deepcopy(account)
        return {**account, "member": self.member_of(account, with_user=False, guild=guild)}

    @staticmethod
    def _normalised(body: Json) -> Json:
        """Embeds and components as Discord echoes them back."""
        out: Json = {}
        if "content" in body:
            out["content"] = body["content"] or ""
        if "embeds" in body:
            out["embeds"] = [{"type": "rich", **embed} for embed in body["embeds"] or []]
        if "components" in body:
            rows = copy.deepcopy(body["components"] or [])
            number = 0
            for row in rows:
                number += 1
                row.setdefault("id", number)
                for child in row.get("components", []):
                    number += 1
                    child.setdefault("id", number)
            out["components"] = rows
        if "attachments" in body:
            out["attachments"] = []
        return out

    async def _create_message(
        self,
        author: Json,
        body: Json,
        *,
        flags: int,
        message_type: int = 0,
        replied_to: Json | None = None,
        interaction: _Exchange | None = None,
        loading: bool = False,
        channel: Json | None = None,
    ) -> Json:
        """A message in `channel` (an interaction's channel, else the first guild's)."""
        channel = interaction.channel if interaction else channel or self.channel
        guild = self._guild_of(channel)
        message_id = self.ids.next()
        author_id = int(author["id"])
        allowed = body.get("allowed_mentions")
        content = body.get("content") or ""
        mentions, roles, everyone = self._pings(content, allowed, author_id, replied_to, guild)
        message = payloads.message(
            message_id,
            int(channel["id"]),
            author,
            guild_id=guild.id if guild else None,
            flags=int(flags | (MessageFlag.LOADING if loading else 0)),
            message_type=message_type,
            mentions=mentions,
            mention_roles=roles,
            mention_everyone=everyone,
            author_member=(
                None
                if interaction or guild is None
                else self.member_of(author, with_user=False, guild=guild)
            ),
        )
        message.update(self._normalised(body))
        if replied_to is not None:
            message["message_reference"] = {
                "type": 0,
                "message_id": replied_to["id"],
                "channel_id": replied_to["channel_id"],
            }
            if guild is not None:
                message["message_reference"]["guild_id"] = str(guild.id)
            message["referenced_message"] = copy.deepcopy(replied_to)
            message["referenced_message"].pop("referenced_message", None)
        if interaction is not None:
            sent = interaction.sent
            message["webhook_id"] = str(self.application_id)
            message["application_id"] = str(self.application_id)
            metadata: Json = {
                "id": str(sent.id),
                "type": sent.type,
                "user": interaction.user,
                "authorizing_integration_owners": {"0": str(guild.id if guild else 0)},
            }
            if sent.type == APPLICATION_COMMAND:
                metadata["name"] = sent.payload["data"]["name"]
                metadata["command_type"] = sent.payload["data"].get("type", 1)
            if interaction.component_message_id is not None:
                metadata["interacted_message_id"] = str(interaction.component_message_id)
            message["interaction_metadata"] = metadata
        self.messages[message_id] = message
        self._allowed_mentions[message_id] = allowed
        await self._echo("MESSAGE_CREATE", message)
        return message

    async def _edit_message(self, message: Json, body: Json, *, completing: bool = False) -> None:
        message.update(self._normalised(body))
        if "content" in body:
            allowed = body.get("allowed_mentions", self._allowed_mentions.get(int(message["id"])))
            guild = self.guild_by_id(message["guild_id"]) if "guild_id" in message else None
            mentions, roles, everyone = self._pings(
                message["content"], allowed, int(message["author"]["id"]), None, guild
            )
            message.update(
                mentions=mentions,
                mention_roles=[str(r) for r in roles],
                mention_everyone=everyone,
            )
        if completing:
            message["flags"] = int(message["flags"] & ~MessageFlag.LOADING)
        else:
            message["edited_timestamp"] = payloads.iso()
        await self._echo("MESSAGE_UPDATE", message)

    async def _echo(self, event: str, message: Json) -> None:
        """Discord tells the bot about its own (non-ephemeral) messages too."""
        session = self._session
        if message["flags"] & MessageFlag.EPHEMERAL or session is None or session.ended:
            return
        await self.dispatch(event, message)

    async def _post_channel_message(self, record: RecordedRequest, channel: str) -> tuple[int, Any]:
        place = self._known_channel(channel)
        body = record.json or {}
        errors = limits.check_message(body, creating=True)
        reference = body.get("message_reference")
        replied_to = None
        if reference:
            replied_to = self.messages.get(int(reference.get("message_id", 0)))
            if replied_to is None and reference.get("fail_if_not_exists", True):
                errors.setdefault("message_reference", []).append("Unknown message")
        if errors:
            raise _form_error(errors)
        message = await self._create_message(
            self.bot_user,
            body,
            flags=int(body.get("flags", 0)) & SENDABLE_FLAGS & ~MessageFlag.EPHEMERAL,
            message_type=19 if replied_to else 0,
            replied_to=replied_to,
            channel=place,
        )
        return 200, copy.deepcopy(message)

    def _channel_message_or_404(self, channel: str, message_id: str) -> Json:
        self._known_channel(channel)
        message = self.messages.get(int(message_id))
        if message is None or message["flags"] & MessageFlag.EPHEMERAL:
            raise ApiError(404, 10008, "Unknown Message")
        return message

    async def _channel_message(
        self, record: RecordedRequest, channel: str, id: str
    ) -> tuple[int, Any]:
        message = self._channel_message_or_404(channel, id)
        if record.method == "GET":
            return 200, copy.deepcopy(message)
        if message["author"]["id"] != self.bot_user["id"]:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        if record.method == "DELETE":
            del self.messages[int(id)]
            return 204, None
        body = record.json or {}
        errors = limits.check_message(body, creating=False)
        if errors:
            raise _form_error(errors)
        await self._edit_message(message, body)
        return 200, copy.deepcopy(message)

    # --- interactions -----------------------------------------------------------------------

    def _exchange(self, token: str) -> _Exchange:
        exchange = self._exchanges.get(token)
        if exchange is None:
            raise ApiError(404, 10062, "Unknown interaction")
        return exchange

    def _webhook_exchange(self, app: str, token: str) -> _Exchange:
        exchange = self._exchanges.get(token)
        if exchange is None or int(app) != self.application_id or exchange.response_type is None:
            raise ApiError(404, 10015, "Unknown Webhook")
        return exchange

    async def _post_callback(
        self, record: RecordedRequest, interaction: str, token: str
    ) -> tuple[int, Any]:
        exchange = self._exchange(token)
        if exchange.sent.id != int(interaction):
            raise ApiError(404, 10062, "Unknown interaction")
        if exchange.response_type is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - exchange.created > self.callback_deadline:
            raise ApiError(404, 10062, "Unknown interaction")
        body = record.json or {}
        kind = int(body.get("type", 0))
        data: Json = body.get("data") or {}
        if kind not in CALLBACKS_ALLOWED.get(exchange.sent.type, set()):
            raise _form_error(
                {
                    "type": [
                        f"Callback type {kind} is not valid for interaction type "
                        f"{exchange.sent.type}."
                    ]
                }
            )
        if kind in (4, 7):
            errors = limits.check_message(data, creating=kind == 4)
            if errors:
                raise _form_error(errors)
        if kind == 8:
            errors = limits.check_choices(data.get("choices") or [])
            if errors:
                raise _form_error(errors)
        exchange.response_type = kind
        message: Json | None = None
        flags = int(data.get("flags", 0))
        if kind == 4:
            message = await self._create_message(
                self.bot_user,
                data,
                flags=flags & SENDABLE_FLAGS,
                message_type=self._response_message_type(exchange),
                interaction=exchange,
            )
            exchange.original_id = int(message["id"])
        elif kind == 5:
            message = await self._create_message(
                self.bot_user,
                {"content": ""},
                flags=flags & MessageFlag.EPHEMERAL,
                message_type=self._response_message_type(exchange),
                interaction=exchange,
                loading=True,
            )
            exchange.original_id = int(message["id"])
            exchange.awaiting_first_followup = True
        elif kind in (6, 7):
            exchange.original_id = exchange.component_message_id
            message = self.messages.get(exchange.original_id or 0)
            if kind == 7 and message is not None:
                await self._edit_message(message, data)
        elif kind == 8:
            exchange.choices = copy.deepcopy(data.get("choices") or [])
        await self._notify()
        if record.query.get("with_response", "").lower() not in ("1", "true"):
            return 204, None
        callback: Json = {
            "interaction": {
                "id": str(exchange.sent.id),
                "type": exchange.sent.type,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(
                    message and message["flags"] & MessageFlag.EPHEMERAL
                ),
            },
            "resource": {"type": kind},
        }
        if message is not None and kind in (4, 5, 7):
            callback["interaction"]["response_message_id"] = message["id"]
            callback["resource"]["message"] = copy.deepcopy(message)
        return 200, callback

    @staticmethod
    def _response_message_type(exchange: _Exchange) -> int:
        if exchange.sent.type != APPLICATION_COMMAND:
            return 0
        return 20 if exchange.sent.payload["data"].get("type", 1) == 1 else 23

    async def _post_followup(
        self, record: RecordedRequest, app: str, token: str
    ) -> tuple[int, Any]:
        exchange = self._webhook_exchange(app, token)
        body = record.json or {}
        errors = limits.check_message(body, creating=True)
        if errors:
            raise _form_error(errors)
        if exchange.awaiting_first_followup and exchange.original_id is not None:
            # The first follow-up fills in the "thinking" message; its ephemeral flag is
            # ignored, the deferral decided who sees it.
            message = self.messages[exchange.original_id]
            exchange.awaiting_first_followup = False
            await self._edit_message(message, body, completing=True)
        else:
            message = await self._create_message(
                self.bot_user,
                body,
                flags=int(body.get("flags", 0)) & SENDABLE_FLAGS,
                interaction=exchange,
            )
            exchange.followup_ids.append(int(message["id"]))
        await self._notify()
        if record.query.get("wait", "").lower() in ("1", "true"):
            return 200, copy.deepcopy(message)
        return 204, None

    async def _webhook_message(
        self, record: RecordedRequest, app: str, token: str, id: str
    ) -> tuple[int, Any]:
        exchange = self._webhook_exchange(app, token)
        if id == "@original":
            message_id = exchange.original_id
        else:
            message_id = int(id)
            if message_id != exchange.original_id and message_id not in exchange.followup_ids:
                message_id = None
        message = self.messages.get(message_id) if message_id is not None else None
        if message is None:
            raise ApiError(404, 10008, "Unknown Message")
        if record.method == "GET":
            return 200, copy.deepcopy(message)
        if record.method == "DELETE":
            del self.messages[int(message["id"])]
            await self._notify()
            return 204, None
        body = record.json or {}
        errors = limits.check_message(body, creating=False)
        if errors:
            raise _form_error(errors)
        completing = exchange.awaiting_first_followup and message_id == exchange.original_id
        if completing:
            exchange.awaiting_first_followup = False
        await self._edit_message(message, body, completing=completing)
        await self._notify()
        return 200, copy.deepcopy(message)

    # --- simulated users --------------------------------------------------------------------

    def registered(
        self, name: str, kind: int = 1, *, guild: int | None = None, dm: bool = False
    ) -> Json:
        """The command as the bot registered it, as a user in `guild` (an id; the first guild
        by default) or in their DMs with the bot (`dm`) finds it: the guild's own commands
        first, then global ones (a DM offers global commands only)."""
        return self._registered_in(name, kind, self._place(guild, dm))

    def _registered_in(self, name: str, kind: int, place: FakeGuild | None) -> Json:
        scopes: list[int | None] = [None] if place is None else [place.id, None]
        for scope in scopes:
            for command in self.commands.get(scope, []):
                if command["name"] == name and command["type"] == kind:
                    return command
        names = sorted(c["name"] for scope in scopes for c in self.commands.get(scope, []))
        where = "in DMs" if place is None else f"in guild {place.id}"
        raise LookupError(f"no command {name!r} of type {kind} is registered {where}; have {names}")

    def _place(self, guild: int | None, dm: bool) -> FakeGuild | None:
        """Where a user acts: a guild (the first by default), or None for their DMs."""
        if dm:
            if guild is not None:
                raise ValueError("a direct message is in no guild")
            return None
        return self.guild_by_id(guild)

    def _offered_to(self, command: Json, account: Json, place: FakeGuild | None) -> None:
        if place is None:
            contexts = command.get("contexts")
            if "guild_id" in command or (contexts is not None and 1 not in contexts):
                raise PermissionError(f"Discord would not offer /{command['name']} in DMs")
            return
        required = command.get("default_member_permissions")
        if required is None:
            return
        held = self.permissions_of(int(account["id"]), place)
        if int(required) & ~held and not held & Permission.ADMINISTRATOR:
            raise PermissionError(f"Discord would not offer /{command['name']} to this user")

    async def _start(
        self,
        kind: int,
        data: Json,
        account: Json | None,
        message: Json | None = None,
        *,
        place: FakeGuild | None,
    ) -> SentInteraction:
        account = account or self.user
        user_id = int(account["id"])
        if place is None:
            channel = self.dm_channel(account)
            member = None
            seen_channel = copy.deepcopy(channel)
            app_permissions = int(payloads.BOT_PERMISSIONS)
        else:
            channel = place.channel
            held = self.permissions_of(user_id, place)
            member = payloads.member(
                account,
                place.member_roles.get(user_id, []),
                joined_at=self.joined_at,
                permissions=held,
            )
            seen_channel = {**channel, "permissions": str(held)}
            app_permissions = self.permissions_of(self.bot_id, place)
        interaction_id = self.ids.next()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        payload = payloads.interaction(
            interaction_id,
            self.application_id,
            kind,
            token,
            data=data,
            guild_id=place.id if place else None,
            channel=seen_channel,
            member_data=member,
            user_data=account if place is None else None,
            app_permissions=app_permissions,
            message_data=copy.deepcopy(message),
        )
        sent = SentInteraction(interaction_id, token, kind, self.application_id, payload)
        self.interactions.append(sent)
        self._exchanges[token] = _Exchange(
            sent,
            created=sent.created,
            user=account,
            channel=channel,
            guild=place,
            component_message_id=int(message["id"]) if message else None,
        )
        await self.dispatch("INTERACTION_CREATE", payload)
        return sent

    @staticmethod
    def _option_values(
        command: Json, values: Mapping[str, object], focused: str | None, resolved: Json
    ) -> list[Json]:
        """Options as Discord's client sends them, refusing what the client would refuse;
        attachments go into `resolved` too."""
        declared = {option["name"]: option for option in command.get("options", [])}
        unknown = set(values) - set(declared)
        if unknown:
            raise ValueError(f"/{command['name']} has no option(s) {sorted(unknown)}")
        if focused is None:
            missing = [n for n, o in declared.items() if o.get("required") and n not in values]
            if missing:
                raise ValueError(f"/{command['name']} needs {missing}")
        options = []
        for name, value in values.items():
            option = declared[name]
            kind = option["type"]
            if name == focused:
                options.append({"name": name, "type": kind, "value": str(value), "focused": True})
                continue
            if kind == 3:
                if not isinstance(value, str):
                    raise TypeError(f"option {name} takes a string")
                if not option.get("min_length", 0) <= len(value) <= option.get("max_length", 6000):
                    raise ValueError(f"Discord would not send {name}={value!r} (length)")
            elif kind in (4, 10):
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise TypeError(f"option {name} takes a number")
                low, high = option.get("min_value", -math.inf), option.get("max_value", math.inf)
                if not low <= value <= high:
                    raise ValueError(f"Discord would not send {name}={value!r} (range)")
            elif kind == 5:
                if not isinstance(value, bool):
                    raise TypeError(f"option {name} takes a boolean")
            elif kind == 11:
                if not isinstance(value, Mapping) or "url" not in value:
                    raise TypeError(f"option {name} takes an attachment (FakeDiscord.attachment)")
                resolved.setdefault("attachments", {})[value["id"]] = copy.deepcopy(dict(value))
                options.append({"name": name, "type": kind, "value": value["id"]})
                continue
            else:
                raise NotImplementedError(f"option type {kind} is not simulated")
            choices = option.get("choices")
            if choices and value not in [choice["value"] for choice in choices]:
                raise ValueError(f"{value!r} is not a choice of {name}")
            options.append({"name": name, "type": kind, "value": value})
        return options

    def _command_data(
        self,
        name: str,
        values: Mapping[str, object],
        focused: str | None,
        place: FakeGuild | None,
    ) -> tuple[Json, Json]:
        """(the registered command, the interaction's data) for /name; a name of several words
        ("corpus add") is a subcommand, its options nested as Discord nests them."""
        top, *path = name.split()
        command = self._registered_in(top, 1, place)
        target = command
        chain: list[Json] = []
        for part in path:
            sub = next(
                (
                    option
                    for option in target.get("options", [])
                    if option["name"] == part and option["type"] in (1, 2)
                ),
                None,
            )
            if sub is None:
                raise LookupError(f"/{top} has no subcommand {part!r}")
            chain.append(sub)
            target = sub
        subcommands = [o["name"] for o in target.get("options", []) if o["type"] in (1, 2)]
        if subcommands:
            raise ValueError(f"/{name} needs a subcommand: one of {subcommands}")
        resolved: Json = {}
        options = self._option_values(target, values, focused, resolved)
        for sub in reversed(chain):
            options = [{"type": sub["type"], "name": sub["name"], "options": options}]
        data: Json = {"id": command["id"], "name": top, "type": 1, "options": options}
        if resolved:
            data["resolved"] = resolved
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return command, data

    async def slash(
        self,
        name: str,
        options: Mapping[str, object] | None = None,
        *,
        user: Json | None = None,
        guild: int | None = None,
        dm: bool = False,
    ) -> SentInteraction:
        """A user runs /name with `options`; returns the interaction the bot must answer.

        "corpus add" names a subcommand; an attachment option takes what `attachment` returns.
        The user acts in the first guild, in `guild` (an id), or in their DMs with the bot.
        """
        place = self._place(guild, dm)
        command, data = self._command_data(name, options or {}, None, place)
        self._offered_to(command, user or self.user, place)
        return await self._start(APPLICATION_COMMAND, data, user, place=place)

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
        """A user types `typed` into option `focused` of /name (other options already set)."""
        place = self._place(guild, dm)
        values = {**(options or {}), focused: typed}
        _, data = self._command_data(name, values, focused, place)
        return await self._start(AUTOCOMPLETE, data, user, place=place)

    def _place_of(self, message: Json) -> FakeGuild | None:
        guild_id = message.get("guild_id")
        return self.guild_by_id(guild_id) if guild_id is not None else None

    async def context_menu(
        self, name: str, target: Json, *, user: Json | None = None
    ) -> SentInteraction:
        """A user picks Apps → `name` on message `target` (content shown in full), where the
        message is (its guild, or a DM)."""
        target = copy.deepcopy(self.messages.get(int(target["id"]), target))
        place = self._place_of(target)
        command = self._registered_in(name, 3, place)
        data: Json = {
            "id": command["id"],
            "name": name,
            "type": 3,
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
        }
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return await self._start(APPLICATION_COMMAND, data, user, place=place)

    @staticmethod
    def buttons(message: Json) -> Iterator[Json]:
        for row in message.get("components", []):
            yield from (child for child in row.get("components", []) if child.get("type") == 2)

    async def click(
        self, custom_id: str, message: Json | int, *, user: Json | None = None
    ) -> SentInteraction:
        """A user presses the button `custom_id` on `message` (as the fake last stored it), in
        the guild (or DM) the message is in."""
        message_id = message if isinstance(message, int) else int(message["id"])
        stored = self.messages.get(message_id)
        if stored is None:
            raise LookupError(f"message {message_id} does not exist (deleted?)")
        button = next((b for b in self.buttons(stored) if b.get("custom_id") == custom_id), None)
        if button is None:
            have = [b.get("custom_id") for b in self.buttons(stored)]
            raise LookupError(f"no button {custom_id!r} on message {message_id}; have {have}")
        if button.get("disabled"):
            raise ValueError(f"button {custom_id!r} is disabled: a user cannot press it")
        data = {"custom_id": custom_id, "component_type": 2, "id": button.get("id")}
        return await self._start(
            MESSAGE_COMPONENT, data, user, message=stored, place=self._place_of(stored)
        )

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
        """A user posts `content` in the channel of `guild` (the first by default):
        MESSAGE_CREATE; returns the message.

        `mentions` defaults to the users mentioned in the content; a reply with `ping_reply`
        mentions the replied-to author too, as Discord's client does by default.
        """
        place = self.guild_by_id(guild)
        author = author or self.user
        if mentions is None:
            ids = dict.fromkeys(int(uid) for uid in re.findall(r"<@!?(\d+)>", content))
            mentions = [self.users[uid] for uid in ids if uid in self.users]
        mentioned = list(mentions)
        if reply_to is not None and ping_reply:
            replied_author = reply_to["author"]
            if all(m["id"] != replied_author["id"] for m in mentioned):
                mentioned.append(replied_author)
        message_id = self.ids.next()
        message = payloads.message(
            message_id,
            place.channel_id,
            author,
            guild_id=place.id,
            content=content,
            message_type=19 if reply_to else 0,
            mentions=[self._mentioned(account, place) for account in mentioned],
            mention_roles=[
                int(rid)
                for rid in re.findall(r"<@&(\d+)>", content)
                if any(role["id"] == rid for role in place.roles)
            ],
            mention_everyone=("@everyone" in content or "@here" in content)
            and bool(self.permissions_of(int(author["id"]), place) & Permission.MENTION_EVERYONE),
            author_member=self.member_of(author, with_user=False, guild=place),
        )
        if reply_to is not None:
            message["message_reference"] = {
                "type": 0,
                "message_id": reply_to["id"],
                "channel_id": reply_to["channel_id"],
                "guild_id": str(place.id),
            }
            referenced = copy.deepcopy(self.messages.get(int(reply_to["id"]), reply_to))
            referenced.pop("referenced_message", None)
            message["referenced_message"] = referenced
        self.messages[message_id] = message
        await self.dispatch("MESSAGE_CREATE", message)
        return copy.deepcopy(message)
