"""Interactions in the local Discord: the callback (once, within the deadline, of a type the
interaction allows), follow-ups (the first after a deferral fills in the "thinking" message and
keeps its visibility), the webhook's message routes, and what the user sees as the answer."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from tests.fake_discord import limits
from tests.fake_discord.messages import SENDABLE_FLAGS, Messages
from tests.fake_discord.payloads import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    Json,
    MessageFlag,
)
from tests.fake_discord.records import Journal, RecordedRequest, SentInteraction
from tests.fake_discord.rest import ApiError, Route, form_error, route
from tests.fake_discord.world import FakeGuild, World

# The callback types a bot may answer each interaction type with.
CALLBACKS_ALLOWED = {
    APPLICATION_COMMAND: {4, 5, 9},
    MESSAGE_COMPONENT: {4, 5, 6, 7, 9},
    AUTOCOMPLETE: {8},
    MODAL_SUBMIT: {4, 5, 6, 7},
}
WEBHOOK = r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)"
# An interaction's token works this long (docs/interactions/receiving-and-responding.mdx,
# Followup Messages); after it, its webhook routes answer 401 Invalid Webhook Token.
TOKEN_LIFETIME = 15 * 60.0


@dataclass
class Exchange:
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


class Interactions:
    """The interactions users started and the bot's answers to them."""

    def __init__(
        self, world: World, journal: Journal, messages: Messages, *, callback_deadline: float
    ) -> None:
        self.world = world
        self.journal = journal
        self.messages = messages
        self.callback_deadline = callback_deadline
        self._exchanges: dict[str, Exchange] = {}

    def routes(self) -> list[Route]:
        return [
            route(
                "POST",
                r"/interactions/(?P<interaction>\d+)/(?P<token>[^/]+)/callback",
                self._post_callback,
                auth=False,
            ),
            route("POST", WEBHOOK, self._post_followup, auth=False),
            *(
                route(
                    method,
                    WEBHOOK + r"/messages/(?P<id>@original|\d+)",
                    self._webhook_message,
                    auth=False,
                )
                for method in ("GET", "PATCH", "DELETE")
            ),
        ]

    def open(self, exchange: Exchange) -> None:
        """An interaction a user has just started, waiting for the bot's answer."""
        self.journal.interactions.append(exchange.sent)
        self._exchanges[exchange.sent.token] = exchange

    def _exchange(self, token: str) -> Exchange:
        exchange = self._exchanges.get(token)
        if exchange is None:
            raise ApiError(404, 10062, "Unknown interaction")
        return exchange

    def _webhook_exchange(self, app: str, token: str) -> Exchange:
        exchange = self._exchanges.get(token)
        if (
            exchange is None
            or int(app) != self.world.application_id
            or exchange.response_type is None
        ):
            raise ApiError(404, 10015, "Unknown Webhook")
        if self.world.clock.now() - exchange.created > TOKEN_LIFETIME:
            raise ApiError(401, 50027, "Invalid Webhook Token")
        return exchange

    async def _post_callback(
        self, record: RecordedRequest, interaction: str, token: str
    ) -> tuple[int, Any]:
        exchange = self._exchange(token)
        if exchange.sent.id != int(interaction):
            raise ApiError(404, 10062, "Unknown interaction")
        if exchange.response_type is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if self.world.clock.now() - exchange.created > self.callback_deadline:
            raise ApiError(404, 10062, "Unknown interaction")
        body = record.json or {}
        kind = int(body.get("type", 0))
        data: Json = body.get("data") or {}
        if kind not in CALLBACKS_ALLOWED.get(exchange.sent.type, set()):
            raise form_error(
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
                raise form_error(errors)
        if kind == 8:
            errors = limits.check_choices(data.get("choices") or [])
            if errors:
                raise form_error(errors)
        exchange.response_type = kind
        message = await self._respond(exchange, kind, data)
        await self.journal.notify()
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

    async def _respond(self, exchange: Exchange, kind: int, data: Json) -> Json | None:
        """Act out an accepted callback; the message it made or changed, if any."""
        message: Json | None = None
        flags = int(data.get("flags", 0))
        bot_user = self.world.bot_user
        if kind == 4:
            message = await self.messages.create(
                bot_user,
                data,
                flags=flags & SENDABLE_FLAGS,
                message_type=self._response_message_type(exchange),
                interaction=exchange,
            )
            exchange.original_id = int(message["id"])
        elif kind == 5:
            message = await self.messages.create(
                bot_user,
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
            message = self.world.messages.get(exchange.original_id or 0)
            if kind == 7 and message is not None:
                await self.messages.edit(message, data)
        elif kind == 8:
            exchange.choices = copy.deepcopy(data.get("choices") or [])
        return message

    @staticmethod
    def _response_message_type(exchange: Exchange) -> int:
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
            raise form_error(errors)
        if exchange.awaiting_first_followup and exchange.original_id is not None:
            # The first follow-up fills in the "thinking" message; its ephemeral flag is
            # ignored, the deferral decided who sees it.
            message = self.world.messages[exchange.original_id]
            exchange.awaiting_first_followup = False
            await self.messages.edit(message, body, completing=True)
        else:
            message = await self.messages.create(
                self.world.bot_user,
                body,
                flags=int(body.get("flags", 0)) & SENDABLE_FLAGS,
                interaction=exchange,
            )
            exchange.followup_ids.append(int(message["id"]))
        await self.journal.notify()
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
        messages = self.world.messages
        message = messages.get(message_id) if message_id is not None else None
        if message is None:
            raise ApiError(404, 10008, "Unknown Message")
        if record.method == "GET":
            return 200, copy.deepcopy(message)
        if record.method == "DELETE":
            del messages[int(message["id"])]
            if message_id == exchange.original_id:
                exchange.awaiting_first_followup = False  # a follow-up now makes a new message
            await self.journal.notify()
            return 204, None
        body = record.json or {}
        errors = limits.check_message(body, creating=False)
        if errors:
            raise form_error(errors)
        completing = exchange.awaiting_first_followup and message_id == exchange.original_id
        if completing:
            exchange.awaiting_first_followup = False
        await self.messages.edit(message, body, completing=completing)
        await self.journal.notify()
        return 200, copy.deepcopy(message)

    async def callback(self, interaction: SentInteraction, timeout: float = 5.0) -> Json:
        """The body of the bot's accepted answer to the interaction (`type`, `data`)."""
        request = await self.journal.wait_for_request(
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
            if exchange.response_type == 6 and not self.journal.edited_since(interaction):
                return None
            message = self.world.messages.get(exchange.original_id)
            return copy.deepcopy(message) if message is not None else None

        return await self.journal.wait(
            found, timeout, f"the response to interaction {interaction.id}"
        )

    def followups(self, interaction: SentInteraction) -> list[Json]:
        """Follow-up messages (not the original response) the bot sent for an interaction."""
        exchange = self._exchanges[interaction.token]
        messages = self.world.messages
        return [copy.deepcopy(messages[i]) for i in exchange.followup_ids if i in messages]
