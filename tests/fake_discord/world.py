"""The local Discord's world: the application and its bot, users, guilds with their channel and
roles, direct-message channels, the messages sent so far, registered commands, and the files
users attach (served as Discord's CDN would)."""

from __future__ import annotations

import copy
import mimetypes
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from aiohttp import web

from tests.fake_discord import payloads
from tests.fake_discord.payloads import Json, Permission

API_PREFIX = "/api/v10"


class Clock:
    """The fake's time, which a test may move on (`advance`) to see what Discord does after 15
    minutes or a day without waiting for it."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        """Monotonic seconds."""
        return time.monotonic() + self.offset

    def epoch(self) -> float:
        """Seconds since 1970, as in `X-RateLimit-Reset`."""
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


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


class World:
    """One guild with one text channel, a bot, its owner, a member and a moderator (more guilds:
    `guilds`, `add_guild`). `guild_id`, `channel_id`, `roles`... are the first guild's."""

    def __init__(self, *, guilds: int = 1) -> None:
        self.ids = payloads.Snowflakes()
        self.clock = Clock()
        self.port = 0  # where the fake is served, once it is
        self.shard_count = 1  # the shards GET /gateway/bot recommends
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
        self.messages: dict[int, Json] = {}
        self.commands: dict[int | None, list[Json]] = {}  # scope (guild id, None: global)
        self.downloads: list[str] = []  # attachment URLs the bot fetched
        self._attachments: dict[int, tuple[str, bytes]] = {}  # id -> (content type, bytes)

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

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

    def add_guild(
        self,
        name: str = "Second club",
        channel_name: str = "general",
        *,
        shard: tuple[int, int] | None = None,
    ) -> FakeGuild:
        """Another guild with the same bot, owner and users (the moderator a moderator there
        too), its own channel and roles; with `shard` (id, count), its id puts it on that shard.
        Call it before the bot connects: GUILD_CREATE is sent at READY."""
        guild_id = self.ids.next() if shard is None else self.ids.next_on_shard(*shard)
        guild = self._new_guild(
            name, channel_name, guild_id, self.ids.next(), self.ids.next(), self.ids.next()
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

    def place_of(self, message_or_channel: Json) -> FakeGuild | None:
        """The guild a message or channel is in (None: a DM)."""
        guild_id = message_or_channel.get("guild_id")
        return self.guild_by_id(guild_id) if guild_id is not None else None

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

    def known_channel(self, channel: str | int) -> Json:
        """A guild's text channel or a DM channel with that id; LookupError if there is none."""
        for found in [g.channel for g in self.guilds] + list(self.dm_channels.values()):
            if found["id"] == str(channel):
                return found
        raise LookupError(f"the fake has no channel {channel}")

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

    def channel_permissions(self, user_id: int, guild: FakeGuild | None = None) -> int:
        """A member's permissions in the guild's channel: their roles', then the channel's
        overwrites (@everyone's, their roles', their own), as Discord computes them
        (docs/topics/permissions.md, Permission Overwrites)."""
        place = guild or self.guilds[0]
        permissions = self.permissions_of(user_id, place)
        if permissions & Permission.ADMINISTRATOR:
            return permissions
        overwrites = {int(o["id"]): o for o in place.channel.get("permission_overwrites", [])}
        everyone = overwrites.get(place.id)
        if everyone is not None:
            permissions = (permissions & ~int(everyone["deny"])) | int(everyone["allow"])
        allow = deny = 0
        for role_id in place.member_roles.get(user_id, []):
            overwrite = overwrites.get(role_id)
            if overwrite is not None and int(overwrite["type"]) == 0:
                allow, deny = allow | int(overwrite["allow"]), deny | int(overwrite["deny"])
        permissions = (permissions & ~deny) | allow
        own = overwrites.get(user_id)
        if own is not None and int(own["type"]) == 1:
            permissions = (permissions & ~int(own["deny"])) | int(own["allow"])
        return permissions

    def overwrite_channel(
        self,
        target: int,
        *,
        allow: int = 0,
        deny: int = 0,
        member: bool = False,
        guild: int | None = None,
    ) -> Json:
        """Set the permission overwrite of a role (or a member) on a guild's channel; returns
        the channel as it is now (send it as CHANNEL_UPDATE)."""
        place = self.guild_by_id(guild)
        overwrites = [
            o for o in place.channel.get("permission_overwrites", []) if int(o["id"]) != target
        ]
        overwrites.append(
            {"id": str(target), "type": 1 if member else 0, "allow": str(allow), "deny": str(deny)}
        )
        place.channel["permission_overwrites"] = overwrites
        return copy.deepcopy(place.channel)

    def can_mention_everyone(self, content: str, user_id: int, guild: FakeGuild | None) -> bool:
        """Whether `content` from this user pings @everyone / @here in `guild`."""
        return (
            ("@everyone" in content or "@here" in content)
            and guild is not None
            and bool(self.permissions_of(user_id, guild) & Permission.MENTION_EVERYONE)
        )

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

    def mentioned(self, account: Json, guild: FakeGuild | None) -> Json:
        """A user in a message's `mentions` (with their member, in a guild)."""
        if guild is None:
            return copy.deepcopy(account)
        return {**account, "member": self.member_of(account, with_user=False, guild=guild)}

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

    async def serve_attachment(self, request: web.Request) -> web.StreamResponse:
        """GET /ephemeral-attachments/{app}/{id}/{filename}: an attached file's bytes."""
        self.downloads.append(str(request.url))
        found = self._attachments.get(int(request.match_info["id"]))
        if found is None or request.match_info["app"] != str(self.application_id):
            return web.Response(status=404, text="Not Found")
        content_type, data = found
        return web.Response(body=data, headers={"Content-Type": content_type})
