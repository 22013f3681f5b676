"""The local Discord's gateway: the websocket, IDENTIFY and RESUME, sequence numbers, the events
held for a RESUME, and what the session's intents let through; and what Discord closes a
connection for (docs/events/gateway.mdx): a payload over 4,096 bytes (4002), more than 120 in a
minute (4008), anything but a heartbeat before IDENTIFY or RESUME (4003), a token that is wrong
or was reset after too many IDENTIFY (4004), a `shard` that is not [id, count] with
0 <= id < count (4010 invalid shard), a shard count leaving a shard over 2,500 guilds (4011
sharding required).

Sharding (docs/events/gateway.mdx, "Sharding"): each shard is a session of its own; a guild's
events go to shard (guild_id >> 22) % count only, direct messages to shard 0."""

from __future__ import annotations

import asyncio
import copy
import json
import secrets
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.fake_discord.payloads import Intent, Json, MessageFlag
from tests.fake_discord.quotas import Quotas
from tests.fake_discord.records import Journal
from tests.fake_discord.world import World

# Close codes after which Discord forgets the session (a client's clean close).
SESSION_ENDING_CLOSE_CODES = {1000, 1001}
PAYLOAD_MAX_BYTES = 4096
EVENTS_PER_MINUTE = 120
# What a client may send before it has identified or resumed: heartbeats (and those two).
BEFORE_SESSION_OPS = {1, 2, 6}
# Discord's "Sharding" section: past 2,500 guilds on one session IDENTIFY is closed with 4011.
MAX_GUILDS_PER_SHARD = 2500


def shard_of(guild_id: int, count: int) -> int:
    """The shard Discord sends guild `guild_id`'s events to (its "Sharding Formula")."""
    return (guild_id >> 22) % count


class Connection:
    """One gateway websocket; with zlib-stream, one compressor for the connection's life."""

    def __init__(self, number: int, ws: web.WebSocketResponse, transport: Any, zlib_stream: bool):
        self.number = number
        self.ws = ws
        self.transport = transport
        self.session: Session | None = None
        self.dropped = False
        self.silent = False  # a zombie: heartbeats go unanswered, events are held for RESUME
        self.finished = asyncio.Event()
        self.sent_at: list[float] = []  # when the client sent each payload (the fake's clock)
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
class Session:
    id: str
    intents: int
    shard: list[int] | None
    seq: int = 0
    events: list[Json] = field(default_factory=list)
    connection: Connection | None = None
    ready: bool = False
    ended: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def shard_id(self) -> int:
        """The shard this session is (0 when the bot did not shard)."""
        return int(self.shard[0]) if self.shard else 0

    def owns(self, guild_id: int | None) -> bool:
        """Whether this session gets a guild's events (None: direct messages, shard 0's)."""
        if self.shard is None:
            return True
        if guild_id is None:
            return self.shard_id == 0
        return shard_of(guild_id, int(self.shard[1])) == self.shard_id


class Gateway:
    """Serves the bot's websocket: HELLO, heartbeats, READY and GUILD_CREATE, dispatches."""

    def __init__(
        self,
        world: World,
        journal: Journal,
        quotas: Quotas,
        *,
        token: str,
        heartbeat_interval_ms: int,
    ) -> None:
        self.world = world
        self.journal = journal
        self.quotas = quotas
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.identifies = 0
        self.resumes = 0
        self.close_codes: dict[int, int | None] = {}  # connection number -> its close code
        self.connections_opened = 0
        self.sessions: dict[int, Session] = {}  # shard id (0 unsharded) -> its latest session
        self.connections: set[Connection] = set()
        self.handshakes_open = asyncio.Event()
        self.handshakes_open.set()

    @property
    def session(self) -> Session | None:
        """Shard 0's session (the only one when the bot does not shard)."""
        return self.sessions.get(0)

    def shard_session(self, shard_id: int) -> Session | None:
        """Shard `shard_id`'s latest session, if it identified."""
        return self.sessions.get(shard_id)

    async def send_frame(self, connection: Connection, frame: Json) -> None:
        if await connection.send(frame):
            await self.journal.record_frame(connection.number, "server", frame)

    async def serve(self, request: web.Request) -> web.StreamResponse:
        """GET /: one websocket, until it closes."""
        transport = request.transport
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.connections_opened += 1
        zlib_stream = request.query.get("compress") == "zlib-stream"
        connection = Connection(self.connections_opened, ws, transport, zlib_stream)
        self.connections.add(connection)
        try:
            await self.handshakes_open.wait()
            hello = {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake-gw"]}
            await self.send_frame(connection, {"op": 10, "d": hello, "s": None, "t": None})
            async for message in ws:
                if message.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    continue
                data = message.data.encode() if isinstance(message.data, str) else message.data
                if len(data) > PAYLOAD_MAX_BYTES:
                    await ws.close(code=4002, message=b"Decode error.")
                    break
                if self._too_many(connection):
                    await ws.close(code=4008, message=b"Rate limited.")
                    break
                frame = json.loads(data)
                await self.journal.record_frame(connection.number, "client", frame)
                await self._on_client_frame(connection, frame)
        finally:
            self.connections.discard(connection)
            self.close_codes[connection.number] = ws.close_code
            session = connection.session
            if session is not None:
                if session.connection is connection:
                    session.connection = None
                if not connection.dropped and ws.close_code in SESSION_ENDING_CLOSE_CODES:
                    session.ended = True
            connection.finished.set()
            await self.journal.notify()
        return ws

    def _too_many(self, connection: Connection) -> bool:
        """Count a payload from the client: is it over 120 in the last minute?"""
        now = self.world.clock.now()
        connection.sent_at = [t for t in connection.sent_at if now - t < 60.0]
        connection.sent_at.append(now)
        return len(connection.sent_at) > EVENTS_PER_MINUTE

    async def _on_client_frame(self, connection: Connection, frame: Json) -> None:
        op = frame.get("op")
        data = frame.get("d")
        if connection.silent:
            return  # a zombie connection: nothing the client sends gets through
        if connection.session is None and op not in BEFORE_SESSION_OPS:
            await connection.ws.close(code=4003, message=b"Not authenticated.")
            return
        if op == 1:
            await self.send_frame(connection, {"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            await self._identify(connection, data or {})
        elif op == 6:
            await self._resume(connection, data or {})
        elif op in (3, 4, 8):
            return  # presence, voice state, member requests: accepted and ignored
        else:
            await connection.ws.close(code=4001, message=b"Unknown opcode.")

    async def _identify(self, connection: Connection, data: Json) -> None:
        if data.get("token") != self.token or self.quotas.token_reset:
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return
        if not self.quotas.identify():
            # Over 1,000 a day: every session ends and the token is reset.
            for other in list(self.connections):
                await other.ws.close(code=4004, message=b"Authentication failed.")
            for ended in self.sessions.values():
                ended.ended = True
            return
        if connection.session is not None:
            await connection.ws.close(code=4005, message=b"Already authenticated.")
            return
        shard = data.get("shard")
        refusal = self._shard_refusal(shard)
        if refusal is not None:
            await connection.ws.close(code=refusal[0], message=refusal[1].encode())
            return
        session = Session(secrets.token_hex(16), int(data.get("intents", 0)), shard)
        previous = self.sessions.get(session.shard_id)
        if previous is not None:
            previous.ended = True
        self.sessions[session.shard_id] = session
        self.identifies += 1
        world = self.world
        guilds = [g for g in world.guilds if session.owns(g.id)]
        async with session.lock:
            session.connection = connection
            connection.session = session
            ready: Json = {
                "v": 10,
                "user": {**world.bot_user, "verified": True, "mfa_enabled": False, "email": None},
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": world.gateway_url,
                "application": {"id": str(world.application_id), "flags": 0},
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
                for guild in guilds:
                    await self._emit(session, "GUILD_CREATE", world.guild_payload(guild))
            session.ready = True
        await self.journal.notify()

    def _shard_refusal(self, shard: object) -> tuple[int, str] | None:
        """The close code and reason for IDENTIFY's `shard` field, or None when it is fine:
        [id, count] with 0 <= id < count (else 4010), and no shard over 2,500 guilds (4011)."""
        count = 1
        if shard is not None:
            if (
                not isinstance(shard, list)
                or len(shard) != 2
                or not all(type(n) is int for n in shard)
                or not 0 <= shard[0] < shard[1]
            ):
                return 4010, "Invalid shard."
            count = shard[1]
        per_shard: dict[int, int] = {}
        for guild in self.world.guilds:
            owner = shard_of(guild.id, count)
            per_shard[owner] = per_shard.get(owner, 0) + 1
        if max(per_shard.values(), default=0) > MAX_GUILDS_PER_SHARD:
            return 4011, "Sharding required."
        return None

    async def _resume(self, connection: Connection, data: Json) -> None:
        session = next((s for s in self.sessions.values() if s.id == data.get("session_id")), None)
        if (
            session is None
            or session.ended
            or data.get("session_id") != session.id
            or data.get("token") != self.token
            or self.quotas.token_reset
        ):
            await self.send_frame(connection, {"op": 9, "d": False, "s": None, "t": None})
            return
        async with session.lock:
            after = int(data.get("seq") or 0)
            for event in session.events:
                if event["s"] > after:
                    await self.send_frame(connection, event)
            session.connection = connection
            connection.session = session
            self.resumes += 1
            await self._emit(session, "RESUMED", {"_trace": ["fake-gw"]})
        await self.journal.notify()

    async def _emit(self, session: Session, event: str, data: Json) -> int:
        """Numbers, logs and (if connected) sends a dispatch; the caller holds session.lock."""
        session.seq += 1
        frame = {"op": 0, "t": event, "s": session.seq, "d": copy.deepcopy(data)}
        session.events.append(frame)
        if session.connection is not None:
            await self.send_frame(session.connection, frame)
        return session.seq

    @property
    def live(self) -> bool:
        """A bot has identified (or resumed) and holds a live session (shard 0's if sharded)."""
        return self.shard_live(0)

    def shard_live(self, shard_id: int) -> bool:
        """Shard `shard_id` has identified (or resumed) and holds a live session."""
        session = self.sessions.get(shard_id)
        return bool(session and session.ready and session.connection and not session.ended)

    async def dispatch(self, event: str, data: Json) -> int | None:
        """Send a gateway event to the bot (queued for RESUME while it is disconnected).

        Returns the sequence number, or None when the bot's intents exclude the event.
        """
        session = self._session_for(event, data)
        if session is None or session.ended:
            raise RuntimeError("no gateway session: has the bot identified?")
        delivered = self._as_delivered(session, event, data)
        if delivered is None:
            return None
        async with session.lock:
            return await self._emit(session, event, delivered)

    async def echo(self, event: str, message: Json) -> None:
        """Discord tells the bot about its own (non-ephemeral) messages too."""
        session = self._session_for(event, message)
        if message["flags"] & MessageFlag.EPHEMERAL or session is None or session.ended:
            return
        await self.dispatch(event, message)

    def _session_for(self, event: str, data: Json) -> Session | None:
        """The session of the shard that owns the event's guild (shard 0 for DMs)."""
        guild_id = data.get("guild_id")
        if guild_id is None and event.startswith("GUILD_"):
            guild_id = data.get("id")
        guild = int(guild_id) if guild_id is not None else None
        owners = sorted((s for s in self.sessions.values() if s.owns(guild)), key=lambda s: s.ended)
        return owners[0] if owners else None

    def _as_delivered(self, session: Session, event: str, data: Json) -> Json | None:
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
            bot_id = self.world.bot_user["id"]
            author = (data.get("author") or {}).get("id")
            mentioned = any(m.get("id") == bot_id for m in data.get("mentions", []))
            if in_guild and author != bot_id and not mentioned:
                hidden = {"content": "", "embeds": [], "attachments": [], "components": []}
                return {**data, **{k: v for k, v in hidden.items() if k in data}}
        return data

    def live_connection(self, shard_id: int = 0) -> tuple[Session, Connection]:
        session = self.sessions.get(shard_id)
        connection = session.connection if session else None
        if session is None or connection is None:
            raise RuntimeError("no live gateway connection")
        return session, connection
