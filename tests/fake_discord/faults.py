"""Faults the local Discord injects: REST requests that fail (429 or any status) or answer late,
and a gateway that drops, closes with a close code, asks for a reconnect, turns zombie, forgets
the session, or holds new connections before HELLO."""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

from tests.fake_discord.gateway import Gateway
from tests.fake_discord.payloads import Json

# Close codes Discord sends after which the session can be resumed; after the others (4007
# invalid seq, 4009 session timed out, and 4004, 4010-4014, which are not worth reconnecting
# after) a RESUME gets INVALID_SESSION.
RESUMABLE_CLOSE_CODES = {4000, 4001, 4002, 4003, 4005, 4008}


@dataclass
class Fault:
    """The next `times` requests matching `method` and `pattern` fail with `status`."""

    method: str
    pattern: re.Pattern[str]
    status: int
    retry_after: float
    global_: bool
    times: int

    def response(self) -> tuple[int, Json, dict[str, str]]:
        """(status, body, headers) as Discord answers: a rate limit's headers for a 429."""
        headers = {"Via": "1.1 google"}
        if self.status != 429:
            return self.status, {"message": f"{self.status}: injected fault", "code": 0}, headers
        body: Json = {
            "message": "You are being rate limited.",
            "retry_after": self.retry_after,
            "global": self.global_,
        }
        if self.global_:
            body["code"] = 0
        headers.update(
            {
                "Retry-After": str(math.ceil(self.retry_after)),
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + self.retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{self.retry_after:.3f}",
                "X-RateLimit-Scope": "global" if self.global_ else "user",
            }
        )
        if self.global_:
            headers["X-RateLimit-Global"] = "true"
        return 429, body, headers


@dataclass
class Delay:
    """The next `times` requests matching `method` and `pattern` wait `seconds` first."""

    method: str
    pattern: re.Pattern[str]
    seconds: float
    times: int


class Faults:
    """What a test asked to go wrong, and the gateway's faults acted out at once."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self._faults: list[Fault] = []
        self._delays: list[Delay] = []

    # --- REST -----------------------------------------------------------------------------

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
            Fault(method.upper(), re.compile(path_regex), status, retry_after, global_, times)
        )

    def take_fault(self, method: str, path: str) -> Fault | None:
        """The fault this request meets (counted as used), if any."""
        for fault in self._faults:
            if fault.method == method and fault.pattern.fullmatch(path):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def delay_next(self, method: str, path_regex: str, seconds: float, *, times: int = 1) -> None:
        """The next `times` matching requests wait `seconds` before the fake handles them (a
        slow API: the bot's HTTP call takes that long; a callback's 3-second deadline counts
        until it is handled)."""
        self._delays.append(Delay(method.upper(), re.compile(path_regex), seconds, times))

    def take_delay(self, method: str, path: str) -> float:
        """Seconds to hold this request (counted as used), or 0."""
        for delay in self._delays:
            if delay.method == method and delay.pattern.fullmatch(path):
                delay.times -= 1
                if delay.times <= 0:
                    self._delays.remove(delay)
                return delay.seconds
        return 0.0

    # --- gateway --------------------------------------------------------------------------

    async def close_gateway(self, code: int, timeout: float = 5.0) -> None:
        """Discord closes the bot's gateway socket with `code`; after a code that is not
        resumable (see RESUMABLE_CLOSE_CODES) the session is gone, so a RESUME is refused."""
        if code not in RESUMABLE_CLOSE_CODES:
            self.forget_session()
        await self.drop_connection(code, timeout)

    async def send_reconnect(self, timeout: float = 5.0) -> None:
        """Op 7 RECONNECT: the bot must close this socket and RESUME on a new one. Events from
        now on are held for the RESUME. Returns once the bot has closed the socket."""
        session, connection = self.gateway.live_connection()
        connection.dropped = True
        session.connection = None
        await self.gateway.send_frame(connection, {"op": 7, "d": None, "s": None, "t": None})
        await asyncio.wait_for(connection.finished.wait(), timeout)

    def withhold_heartbeat_acks(self) -> None:
        """The connection turns zombie: the socket stays open but heartbeats get no ACK and no
        events arrive (they are held for a RESUME), as when a route to Discord dies silently.
        A client must notice, close the socket and resume."""
        session, connection = self.gateway.live_connection()
        connection.silent = True
        connection.dropped = True
        session.connection = None

    async def drop_connection(
        self, code: int | None = 4000, timeout: float = 5.0, *, shard_id: int = 0
    ) -> None:
        """Close the bot's gateway socket (shard `shard_id`'s; the other shards' stay): with a
        close `code`, or (None) cut the TCP stream."""
        session = self.gateway.shard_session(shard_id)
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
        if self.gateway.session is not None:
            self.gateway.session.ended = True

    def hold_handshakes(self) -> None:
        """New gateway connections wait before HELLO until `release_handshakes`."""
        self.gateway.handshakes_open.clear()

    def release_handshakes(self) -> None:
        self.gateway.handshakes_open.set()

    @contextlib.asynccontextmanager
    async def disconnected(self, code: int | None = 4000) -> AsyncIterator[None]:
        """Inside the block the bot is offline (events queue up); on exit it may resume."""
        self.hold_handshakes()
        try:
            await self.drop_connection(code)
            yield
        finally:
            self.release_handshakes()
