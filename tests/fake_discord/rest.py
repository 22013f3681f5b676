"""The local Discord's REST API: routing, recording every request, authorisation, injected faults,
rate limits (`ratelimits`), and the routes of the gateway, the application, its commands (with
the daily quota of creates) and channels (messages and interactions bring their own routes)."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.fake_discord import limits, payloads
from tests.fake_discord.faults import Faults
from tests.fake_discord.payloads import Json
from tests.fake_discord.quotas import Quotas
from tests.fake_discord.ratelimits import RateLimits
from tests.fake_discord.records import Journal, RecordedRequest
from tests.fake_discord.world import World

log = logging.getLogger(__name__)

Handler = Callable[..., Awaitable[tuple[int, Any]]]


class ApiError(Exception):
    """Raised by a route handler: the status and JSON body Discord would answer with."""

    def __init__(self, status: int, code: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body: Json = {"message": message, "code": code, **extra}


def form_error(errors: limits.FormErrors) -> ApiError:
    """400 Invalid Form Body, with Discord's nested error shape."""
    error = ApiError(400, 50035, "Invalid Form Body")
    error.body = limits.invalid_form_body(errors)
    return error


def channel_or_404(world: World, channel: str | int) -> Json:
    """A guild's text channel or a DM channel with that id, or Unknown Channel."""
    try:
        return world.known_channel(channel)
    except LookupError:
        raise ApiError(404, 10003, "Unknown Channel") from None


@dataclass(frozen=True)
class Route:
    """A method and a path pattern (named groups become the handler's keyword arguments)."""

    method: str
    pattern: re.Pattern[str]
    handler: Handler
    auth: bool  # needs the bot token (interaction callbacks and webhooks do not)


def route(method: str, path_regex: str, handler: Handler, *, auth: bool = True) -> Route:
    return Route(method, re.compile(path_regex), handler, auth)


class Rest:
    """Answers /api/v10/...: each request is recorded, may be delayed or fail (`Faults`), then
    goes to its route's handler."""

    def __init__(
        self,
        world: World,
        journal: Journal,
        faults: Faults,
        quotas: Quotas,
        *,
        token: str,
        routes: Sequence[Route],
    ) -> None:
        self.world = world
        self.journal = journal
        self.faults = faults
        self.quotas = quotas
        self.ratelimits = RateLimits(world.clock)
        self.token = token
        commands = r"/applications/(?P<app>\d+)(?:/guilds/(?P<guild>\d+))?/commands"
        self.routes: list[Route] = [
            route("GET", r"/gateway", self._get_gateway, auth=False),
            route("GET", r"/gateway/bot", self._get_gateway_bot),
            route("GET", r"/users/@me", self._get_me),
            route("GET", r"/oauth2/applications/@me", self._get_application),
            route("GET", commands, self._get_commands),
            route("PUT", commands, self._put_commands),
            route("GET", r"/channels/(?P<channel>\d+)", self._get_channel),
            route("POST", r"/channels/(?P<channel>\d+)/typing", self._post_typing),
            *routes,
        ]
        self._command_ids: dict[tuple[int | None, int, str], int] = {}

    async def serve(self, request: web.Request) -> web.StreamResponse:
        """/api/v10/{tail}: record, delay or fail as asked, handle, answer in JSON."""
        path = "/" + request.match_info["tail"]
        body, files = await self._read_body(request)
        record = RecordedRequest(
            index=len(self.journal.requests),
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
        self.journal.requests.append(record)
        record.delayed = self.faults.take_delay(record.method, path)
        if record.delayed:
            await self.journal.notify()  # arrived: `wait_for_arrival` sees it while it is held
            await asyncio.sleep(record.delayed)
        headers = {"Via": "1.1 google"}
        fault = self.faults.take_fault(record.method, path)
        if fault is not None:
            status, payload, headers = fault.response()
            record.injected = True
        else:
            status, payload, limit_headers = await self._limited(request, record)
            headers.update(limit_headers)
        record.status, record.response = status, copy.deepcopy(payload)
        await self.journal.notify()
        if payload is None:
            return web.Response(status=status, headers=headers)
        # Exactly "application/json", no charset: discord.py reads JSON only then.
        body = json.dumps(payload, ensure_ascii=False).encode()
        return web.Response(
            body=body, status=status, headers={**headers, "Content-Type": "application/json"}
        )

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, list[str]]:
        if not request.can_read_body:
            return None, []
        if request.content_type == "multipart/form-data":
            form = await request.post()
            files = [value.filename for value in form.values() if isinstance(value, web.FileField)]
            raw = form.get("payload_json")
            return (json.loads(raw) if isinstance(raw, str) else None), files
        text = await request.text()
        return (json.loads(text) if text else None), []

    def _route(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for candidate in self.routes:
            match = candidate.pattern.fullmatch(path)
            if match and candidate.method == method:
                return candidate, {k: v for k, v in match.groupdict().items() if v is not None}
        return None

    async def _limited(
        self, request: web.Request, record: RecordedRequest
    ) -> tuple[int, Any, dict[str, str]]:
        """Route, authorise and count the request against its rate limits, then handle it."""
        found = self._route(record.method, record.path)
        if found is None:
            log.warning("fake Discord has no route for %s %s", record.method, record.path)
            self.journal.unknown_routes.append(record)
            return 404, {"message": "404: Not Found", "code": 0}, {}
        target, params = found
        if target.auth and (
            request.headers.get("Authorization") != f"Bot {self.token}" or self.quotas.token_reset
        ):
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        headers, refusal = self.ratelimits.take(
            record.method, record.path, global_bound=target.auth
        )
        if refusal is not None:
            return 429, refusal.body, refusal.headers
        try:
            status, payload = await target.handler(record, **params)
        except ApiError as error:
            status, payload = error.status, error.body
        return status, payload, headers

    async def _get_gateway(self, record: RecordedRequest) -> tuple[int, Any]:
        return 200, {"url": self.world.gateway_url}

    async def _get_gateway_bot(self, record: RecordedRequest) -> tuple[int, Any]:
        limit = self.quotas.session_start_limit()
        return 200, {
            "url": self.world.gateway_url,
            "shards": self.world.shard_count,
            "session_start_limit": limit,
        }

    async def _get_me(self, record: RecordedRequest) -> tuple[int, Any]:
        bot_user = self.world.bot_user
        return 200, {**bot_user, "verified": True, "mfa_enabled": False, "email": None}

    async def _get_application(self, record: RecordedRequest) -> tuple[int, Any]:
        world = self.world
        return 200, payloads.application(world.application_id, world.bot_user, world.owner)

    def _command_scope(self, app: str, guild: str | None) -> int | None:
        if int(app) != self.world.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if guild is None:
            return None
        if all(int(guild) != place.id for place in self.world.guilds):
            raise ApiError(403, 50001, "Missing Access")
        return int(guild)

    async def _get_commands(
        self, record: RecordedRequest, app: str, guild: str | None = None
    ) -> tuple[int, Any]:
        return 200, copy.deepcopy(self.world.commands.get(self._command_scope(app, guild), []))

    async def _put_commands(
        self, record: RecordedRequest, app: str, guild: str | None = None
    ) -> tuple[int, Any]:
        scope = self._command_scope(app, guild)
        body = record.json
        if not isinstance(body, list):
            raise form_error({"_": ["Expected a list of commands."]})
        errors = limits.check_commands(body)
        if errors:
            raise form_error(errors)
        commands = self.world.commands
        known = {(int(c.get("type", 1)), c["name"]) for c in commands.get(scope, [])}
        created = sum(1 for c in body if (int(c.get("type", 1)), c["name"]) not in known)
        if self.quotas.create_commands(scope, created) is not None:
            # Discord answers 400 (not a 429 to wait out): the quota is back tomorrow.
            raise ApiError(
                400,
                30034,
                "Max number of daily application command creates has been reached "
                f"({self.quotas.command_creates_per_day})",
            )
        commands[scope] = [self._registered(scope, command) for command in body]
        return 200, copy.deepcopy(commands[scope])

    def _registered(self, scope: int | None, command: Json) -> Json:
        world = self.world
        kind = int(command.get("type", 1))
        name = str(command["name"])
        command_id = self._command_ids.setdefault((scope, kind, name), world.ids.next())
        permissions = command.get("default_member_permissions")
        registered = {
            **copy.deepcopy(command),
            "id": str(command_id),
            "application_id": str(world.application_id),
            "version": str(world.ids.next()),
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
        return 200, copy.deepcopy(channel_or_404(self.world, channel))

    async def _post_typing(self, record: RecordedRequest, channel: str) -> tuple[int, Any]:
        channel_or_404(self.world, channel)
        return 204, None
