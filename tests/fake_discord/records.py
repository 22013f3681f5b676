"""What happened between the bot and the local Discord, and waiting until something has.

The `Journal` keeps every REST request, gateway frame and interaction in order; the other parts
write to it and call `notify`, tests read it and `wait` on it.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tests.fake_discord.payloads import Json

T = TypeVar("T")


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


class Journal:
    """Every request, frame and interaction so far, and a condition to wait on for more."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[RecordedRequest] = []
        self.frames: list[GatewayFrame] = []
        self.interactions: list[SentInteraction] = []  # every interaction a user started
        self._changed = asyncio.Condition()

    async def notify(self) -> None:
        """Something changed: wake everyone waiting."""
        async with self._changed:
            self._changed.notify_all()

    async def wait(self, found: Callable[[], T | None], timeout: float, what: str) -> T:
        """`found()` once it is no longer None (or False); AssertionError after `timeout` s."""
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

        return await self.wait(found, timeout, f"{method} {path_regex}")

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

        return await self.wait(found, timeout, f"{method} {path_regex} to arrive")

    def edited_since(self, interaction: SentInteraction) -> bool:
        """Whether the bot has edited a message of the interaction's webhook successfully."""
        pattern = re.compile(re.escape(interaction.webhook_path) + r"/messages/.*")
        return any(
            request.method == "PATCH" and request.ok and pattern.fullmatch(request.path)
            for request in self.requests
        )

    async def record_frame(self, connection: int, sender: str, payload: Json) -> None:
        self.frames.append(GatewayFrame(len(self.frames), connection, sender, payload))
        await self.notify()

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

        return await self.wait(found, timeout, f"gateway op {op} from the {sender}")
