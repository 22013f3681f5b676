"""Simulated users of the local Discord: they run slash commands (options checked as Discord's
client checks them), type into autocomplete, pick message actions, press buttons and post
messages, in a guild or in their direct messages with the bot."""

from __future__ import annotations

import copy
import math
import re
import secrets
from collections.abc import Iterator, Mapping, Sequence

from tests.fake_discord import payloads
from tests.fake_discord.gateway import Gateway
from tests.fake_discord.interactions import Exchange, Interactions
from tests.fake_discord.messages import Messages, mentioned_roles
from tests.fake_discord.payloads import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    Json,
    Permission,
)
from tests.fake_discord.records import SentInteraction
from tests.fake_discord.world import FakeGuild, World


def buttons(message: Json) -> Iterator[Json]:
    """The buttons on a message, row by row."""
    for row in message.get("components", []):
        yield from (child for child in row.get("components", []) if child.get("type") == 2)


def option_values(
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


class Users:
    """What people do in Discord's client, as the gateway events and interactions it makes."""

    def __init__(
        self, world: World, gateway: Gateway, messages: Messages, interactions: Interactions
    ) -> None:
        self.world = world
        self.gateway = gateway
        self.messages = messages
        self.interactions = interactions

    def registered(
        self, name: str, kind: int = 1, *, guild: int | None = None, dm: bool = False
    ) -> Json:
        """The command as the bot registered it, as a user in `guild` (an id; the first guild
        by default) or in their DMs with the bot (`dm`) finds it: the guild's own commands
        first, then global ones (a DM offers global commands only)."""
        return self._registered_in(name, kind, self._place(guild, dm))

    def _registered_in(self, name: str, kind: int, place: FakeGuild | None) -> Json:
        commands = self.world.commands
        scopes: list[int | None] = [None] if place is None else [place.id, None]
        for scope in scopes:
            for command in commands.get(scope, []):
                if command["name"] == name and command["type"] == kind:
                    return command
        names = sorted(c["name"] for scope in scopes for c in commands.get(scope, []))
        where = "in DMs" if place is None else f"in guild {place.id}"
        raise LookupError(f"no command {name!r} of type {kind} is registered {where}; have {names}")

    def _place(self, guild: int | None, dm: bool) -> FakeGuild | None:
        """Where a user acts: a guild (the first by default), or None for their DMs."""
        if dm:
            if guild is not None:
                raise ValueError("a direct message is in no guild")
            return None
        return self.world.guild_by_id(guild)

    def _offered_to(self, command: Json, account: Json, place: FakeGuild | None) -> None:
        if place is None:
            contexts = command.get("contexts")
            if "guild_id" in command or (contexts is not None and 1 not in contexts):
                raise PermissionError(f"Discord would not offer /{command['name']} in DMs")
            return
        required = command.get("default_member_permissions")
        if required is None:
            return
        held = self.world.permissions_of(int(account["id"]), place)
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
        world = self.world
        account = account or world.user
        user_id = int(account["id"])
        if place is None:
            channel = world.dm_channel(account)
            member = None
            seen_channel = copy.deepcopy(channel)
            app_permissions = int(payloads.BOT_PERMISSIONS)
        else:
            channel = place.channel
            held = world.channel_permissions(user_id, place)
            member = payloads.member(
                account,
                place.member_roles.get(user_id, []),
                joined_at=world.joined_at,
                permissions=held,
            )
            seen_channel = {**channel, "permissions": str(held)}
            app_permissions = world.channel_permissions(world.bot_id, place)
        interaction_id = world.ids.next()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        payload = payloads.interaction(
            interaction_id,
            world.application_id,
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
        sent = SentInteraction(
            interaction_id, token, kind, world.application_id, payload, created=world.clock.now()
        )
        self.interactions.open(
            Exchange(
                sent,
                created=sent.created,
                user=account,
                channel=channel,
                guild=place,
                component_message_id=int(message["id"]) if message else None,
            )
        )
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return sent

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
        options = option_values(target, values, focused, resolved)
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
        self._offered_to(command, user or self.world.user, place)
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

    async def context_menu(
        self, name: str, target: Json, *, user: Json | None = None
    ) -> SentInteraction:
        """A user picks Apps → `name` on message `target` (content shown in full), where the
        message is (its guild, or a DM)."""
        target = copy.deepcopy(self.world.messages.get(int(target["id"]), target))
        place = self.world.place_of(target)
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

    async def click(
        self, custom_id: str, message: Json | int, *, user: Json | None = None
    ) -> SentInteraction:
        """A user presses the button `custom_id` on `message` (as the fake last stored it), in
        the guild (or DM) the message is in."""
        message_id = message if isinstance(message, int) else int(message["id"])
        stored = self.world.messages.get(message_id)
        if stored is None:
            raise LookupError(f"message {message_id} does not exist (deleted?)")
        button = next((b for b in buttons(stored) if b.get("custom_id") == custom_id), None)
        if button is None:
            have = [b.get("custom_id") for b in buttons(stored)]
            raise LookupError(f"no button {custom_id!r} on message {message_id}; have {have}")
        if button.get("disabled"):
            raise ValueError(f"button {custom_id!r} is disabled: a user cannot press it")
        data = {"custom_id": custom_id, "component_type": 2, "id": button.get("id")}
        return await self._start(
            MESSAGE_COMPONENT, data, user, message=stored, place=self.world.place_of(stored)
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
        world = self.world
        place = world.guild_by_id(guild)
        author = author or world.user
        if mentions is None:
            ids = dict.fromkeys(int(uid) for uid in re.findall(r"<@!?(\d+)>", content))
            mentions = [world.users[uid] for uid in ids if uid in world.users]
        mentioned = list(mentions)
        if reply_to is not None and ping_reply:
            replied_author = reply_to["author"]
            if all(m["id"] != replied_author["id"] for m in mentioned):
                mentioned.append(replied_author)
        message_id = world.ids.next()
        message = payloads.message(
            message_id,
            place.channel_id,
            author,
            guild_id=place.id,
            content=content,
            message_type=19 if reply_to else 0,
            mentions=[world.mentioned(account, place) for account in mentioned],
            mention_roles=mentioned_roles(content, place),
            mention_everyone=world.can_mention_everyone(content, int(author["id"]), place),
            author_member=world.member_of(author, with_user=False, guild=place),
        )
        if reply_to is not None:
            self.messages.refer(message, reply_to, place)
        world.messages[message_id] = message
        await self.gateway.dispatch("MESSAGE_CREATE", message)
        return copy.deepcopy(message)
