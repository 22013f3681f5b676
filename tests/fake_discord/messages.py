"""Messages in the local Discord: creating and editing them as Discord does (who a message pings,
embeds and components as echoed back, replies, interaction metadata), the channel message routes,
and finding a message the bot sent."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.fake_discord import limits, payloads
from tests.fake_discord.gateway import Gateway
from tests.fake_discord.payloads import APPLICATION_COMMAND, Json, MessageFlag, Permission
from tests.fake_discord.records import Journal, RecordedRequest
from tests.fake_discord.rest import ApiError, Route, channel_or_404, form_error, route
from tests.fake_discord.world import FakeGuild, World

if TYPE_CHECKING:
    from tests.fake_discord.interactions import Exchange

# Message flags a bot may set when it sends a message.
SENDABLE_FLAGS = (
    MessageFlag.SUPPRESS_EMBEDS
    | MessageFlag.EPHEMERAL
    | MessageFlag.SUPPRESS_NOTIFICATIONS
    | MessageFlag.IS_COMPONENTS_V2
)
MESSAGE_ROUTE = r"/channels/(?P<channel>\d+)/messages/(?P<id>\d+)"


def mentioned_roles(content: str, guild: FakeGuild | None) -> list[int]:
    """The guild's roles that `content` mentions (<@&id>), in order."""
    return [
        int(rid)
        for rid in dict.fromkeys(re.findall(r"<@&(\d+)>", content))
        if guild is not None and any(role["id"] == rid for role in guild.roles)
    ]


class Messages:
    """Every message's lifecycle: created by the bot or a user, edited, deleted, echoed."""

    def __init__(self, world: World, gateway: Gateway, journal: Journal) -> None:
        self.world = world
        self.gateway = gateway
        self.journal = journal
        self._allowed_mentions: dict[int, Json | None] = {}

    def routes(self) -> list[Route]:
        return [
            route("POST", r"/channels/(?P<channel>\d+)/messages", self._post_channel_message),
            *(
                route(method, MESSAGE_ROUTE, self._channel_message)
                for method in ("GET", "PATCH", "DELETE")
            ),
        ]

    def pings(
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
            rid
            for rid in mentioned_roles(content, guild)
            if "roles" in parse or str(rid) in roles_allowed
        ]
        everyone = "everyone" in parse and self.world.can_mention_everyone(
            content, author_id, guild
        )
        users = self.world.users
        mentions = [
            self.world.mentioned(users[int(uid)], guild)
            for uid in dict.fromkeys(user_ids)
            if int(uid) in users
        ]
        return mentions, role_ids, everyone

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

    def refer(self, message: Json, replied_to: Json, guild: FakeGuild | None) -> None:
        """Make `message` a reply to `replied_to` (as the fake last stored it)."""
        message["message_reference"] = {
            "type": 0,
            "message_id": replied_to["id"],
            "channel_id": replied_to["channel_id"],
        }
        if guild is not None:
            message["message_reference"]["guild_id"] = str(guild.id)
        referenced = copy.deepcopy(self.world.messages.get(int(replied_to["id"]), replied_to))
        referenced.pop("referenced_message", None)
        message["referenced_message"] = referenced

    async def create(
        self,
        author: Json,
        body: Json,
        *,
        flags: int,
        message_type: int = 0,
        replied_to: Json | None = None,
        interaction: Exchange | None = None,
        loading: bool = False,
        channel: Json | None = None,
    ) -> Json:
        """A message in `channel` (an interaction's channel, else the first guild's)."""
        world = self.world
        channel = interaction.channel if interaction else channel or world.channel
        guild = world.place_of(channel)
        message_id = world.ids.next()
        author_id = int(author["id"])
        allowed = body.get("allowed_mentions")
        content = body.get("content") or ""
        mentions, roles, everyone = self.pings(content, allowed, author_id, replied_to, guild)
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
                else world.member_of(author, with_user=False, guild=guild)
            ),
        )
        message.update(self._normalised(body))
        if replied_to is not None:
            self.refer(message, replied_to, guild)
        if interaction is not None:
            sent = interaction.sent
            message["webhook_id"] = str(world.application_id)
            message["application_id"] = str(world.application_id)
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
        world.messages[message_id] = message
        self._allowed_mentions[message_id] = allowed
        await self.gateway.echo("MESSAGE_CREATE", message)
        return message

    async def edit(self, message: Json, body: Json, *, completing: bool = False) -> None:
        """Apply an edit; `completing` fills in a deferred ("thinking…") message."""
        message.update(self._normalised(body))
        if "content" in body:
            allowed = body.get("allowed_mentions", self._allowed_mentions.get(int(message["id"])))
            guild = self.world.place_of(message)
            mentions, roles, everyone = self.pings(
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
        await self.gateway.echo("MESSAGE_UPDATE", message)

    def _require(self, place: Json, needed: Permission) -> None:
        """403 Missing Permissions unless the bot holds `needed` in the channel (always in DMs):
        docs/resources/message.md, Create Message."""
        guild = self.world.place_of(place)
        if guild is None:
            return
        held = self.world.channel_permissions(self.world.bot_id, guild)
        if needed & ~held:
            raise ApiError(403, 50013, "Missing Permissions")

    async def _post_channel_message(self, record: RecordedRequest, channel: str) -> tuple[int, Any]:
        place = channel_or_404(self.world, channel)
        body = record.json or {}
        reference = body.get("message_reference")
        needed = Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES
        self._require(place, needed | (Permission.READ_MESSAGE_HISTORY if reference else 0))
        errors = limits.check_message(body, creating=True)
        replied_to = None
        if reference:
            replied_to = self.world.messages.get(int(reference.get("message_id", 0)))
            if replied_to is None and reference.get("fail_if_not_exists", True):
                errors.setdefault("message_reference", []).append("Unknown message")
        if errors:
            raise form_error(errors)
        message = await self.create(
            self.world.bot_user,
            body,
            flags=int(body.get("flags", 0)) & SENDABLE_FLAGS & ~MessageFlag.EPHEMERAL,
            message_type=19 if replied_to else 0,
            replied_to=replied_to,
            channel=place,
        )
        return 200, copy.deepcopy(message)

    def _channel_message_or_404(self, channel: str, message_id: str) -> Json:
        channel_or_404(self.world, channel)
        message = self.world.messages.get(int(message_id))
        if message is None or message["flags"] & MessageFlag.EPHEMERAL:
            raise ApiError(404, 10008, "Unknown Message")
        return message

    async def _channel_message(
        self, record: RecordedRequest, channel: str, id: str
    ) -> tuple[int, Any]:
        message = self._channel_message_or_404(channel, id)
        if record.method == "GET":
            return 200, copy.deepcopy(message)
        if message["author"]["id"] != self.world.bot_user["id"]:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        if record.method == "DELETE":
            del self.world.messages[int(id)]
            return 204, None
        body = record.json or {}
        errors = limits.check_message(body, creating=False)
        if errors:
            raise form_error(errors)
        await self.edit(message, body)
        return 200, copy.deepcopy(message)

    async def wait_for_message(
        self, predicate: Callable[[Json], bool], *, timeout: float = 5.0, what: str = "a message"
    ) -> Json:
        def found() -> Json | None:
            for message in self.world.messages.values():
                if predicate(message):
                    return copy.deepcopy(message)
            return None

        return await self.journal.wait(found, timeout, what)

    async def reply_to(self, message: Json, timeout: float = 5.0) -> Json:
        """The bot's channel message that replies to `message`."""
        wanted = message["id"]
        bot_id = self.world.bot_user["id"]
        return await self.wait_for_message(
            lambda m: (
                m["author"]["id"] == bot_id
                and m.get("message_reference", {}).get("message_id") == wanted
            ),
            timeout=timeout,
            what=f"a reply to message {wanted}",
        )
