"""Discord API v10 objects as plain JSON dicts, shaped like the ones Discord sends.

Only the fields discord.py 2.x reads (and a few it ignores, for realism) are filled in. Every
function returns a new dict, so callers may change what they get.
"""

from __future__ import annotations

import datetime as dt
import time
from enum import IntFlag
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000

Json = dict[str, Any]


class Permission(IntFlag):
    """The permission bits the fake hands out (a subset of Discord's)."""

    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    USE_APPLICATION_COMMANDS = 1 << 31
    SEND_MESSAGES_IN_THREADS = 1 << 38


class Intent(IntFlag):
    GUILDS = 1 << 0
    GUILD_MESSAGES = 1 << 9
    DIRECT_MESSAGES = 1 << 12
    MESSAGE_CONTENT = 1 << 15


# Interaction types (what Discord sends a bot).
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5


class MessageFlag(IntFlag):
    SUPPRESS_EMBEDS = 1 << 2
    EPHEMERAL = 1 << 6
    LOADING = 1 << 7
    SUPPRESS_NOTIFICATIONS = 1 << 12
    IS_COMPONENTS_V2 = 1 << 15


EVERYONE_PERMISSIONS = (
    Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.ADD_REACTIONS
    | Permission.USE_EXTERNAL_EMOJIS
    | Permission.USE_APPLICATION_COMMANDS
    | Permission.SEND_MESSAGES_IN_THREADS
)
BOT_PERMISSIONS = EVERYONE_PERMISSIONS | Permission.MENTION_EVERYONE
MODERATOR_PERMISSIONS = EVERYONE_PERMISSIONS | Permission.MANAGE_CHANNELS


class Snowflakes:
    """Increasing ids with a real timestamp in their top bits, as Discord makes them."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        stamp = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(stamp, self._last + 1)
        return self._last

    def next_on_shard(self, shard_id: int, count: int) -> int:
        """The next id whose timestamp bits put it on shard `shard_id` of `count` (for guilds:
        Discord's (id >> 22) % count), a millisecond or a few later than `next` would be."""
        snowflake = self.next()
        while (snowflake >> 22) % count != shard_id:
            self._last = ((snowflake >> 22) + 1) << 22
            snowflake = self._last
        return snowflake


def snowflake_time(snowflake: int) -> str:
    ms = (snowflake >> 22) + DISCORD_EPOCH_MS
    return iso(dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC))


def iso(moment: dt.datetime | None = None) -> str:
    return (moment or dt.datetime.now(tz=dt.UTC)).isoformat()


def user(user_id: int, username: str, *, bot: bool = False) -> Json:
    return {
        "id": str(user_id),
        "username": username,
        "discriminator": "4242" if bot else "0",
        "global_name": None if bot else username.title(),
        "avatar": None,
        "bot": bot,
        "system": False,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
    }


def member(
    account: Json,
    role_ids: list[int],
    *,
    joined_at: str,
    permissions: int | None = None,
    with_user: bool = True,
) -> Json:
    """A guild member; `permissions` (in the channel) is set in interaction payloads only."""
    data: Json = {
        "roles": [str(role_id) for role_id in role_ids],
        "nick": None,
        "avatar": None,
        "banner": None,
        "joined_at": joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if with_user:
        data["user"] = account
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def role(
    role_id: int,
    name: str,
    permissions: int,
    *,
    position: int,
    managed: bool = False,
    bot_id: int | None = None,
) -> Json:
    data: Json = {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": managed,
        "mentionable": False,
        "flags": 0,
    }
    if bot_id is not None:
        data["tags"] = {"bot_id": str(bot_id)}
    return data


def text_channel(channel_id: int, guild_id: int, name: str, *, position: int = 0) -> Json:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "parent_id": None,
        "topic": None,
        "nsfw": False,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def dm_channel(channel_id: int, recipient: Json) -> Json:
    """A direct-message channel between the bot and one user."""
    return {
        "id": str(channel_id),
        "type": 1,
        "last_message_id": None,
        "recipients": [recipient],
        "flags": 0,
    }


def attachment(
    attachment_id: int, filename: str, size: int, url: str, content_type: str | None
) -> Json:
    """A file a user attached, as it appears in an interaction's data.resolved.attachments."""
    data: Json = {
        "id": str(attachment_id),
        "filename": filename,
        "size": size,
        "url": url,
        "proxy_url": url,
        "ephemeral": True,
    }
    if content_type is not None:
        data["content_type"] = content_type
    return data


def guild(
    guild_id: int,
    name: str,
    *,
    owner_id: int,
    roles: list[Json],
    channels: list[Json],
    members: list[Json],
    joined_at: str,
) -> Json:
    """A GUILD_CREATE payload: the whole guild as the gateway sends it after READY."""
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "preferred_locale": "en-US",
        "features": [],
        "roles": roles,
        "emojis": [],
        "stickers": [],
        "joined_at": joined_at,
        "large": False,
        "unavailable": False,
        "member_count": len(members),
        "voice_states": [],
        "members": members,
        "channels": channels,
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "application_id": None,
        "max_members": 500_000,
        "max_video_channel_users": 25,
        "vanity_url_code": None,
    }


def application(app_id: int, bot_account: Json, owner: Json) -> Json:
    """GET /oauth2/applications/@me."""
    return {
        "id": str(app_id),
        "name": bot_account["username"],
        "icon": None,
        "description": "A fake application for end-to-end tests.",
        "summary": "",
        "type": None,
        "bot": bot_account,
        "bot_public": False,
        "bot_require_code_grant": False,
        "owner": owner,
        "team": None,
        "verify_key": "0" * 64,
        "flags": 0,
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "approximate_guild_count": 1,
        "integration_types_config": {"0": {}},
    }


def message(
    message_id: int,
    channel_id: int,
    author: Json,
    *,
    guild_id: int | None,
    content: str = "",
    embeds: list[Json] | None = None,
    components: list[Json] | None = None,
    flags: int = 0,
    message_type: int = 0,
    mentions: list[Json] | None = None,
    mention_roles: list[int] | None = None,
    mention_everyone: bool = False,
    author_member: Json | None = None,
) -> Json:
    data: Json = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author,
        "content": content,
        "timestamp": snowflake_time(message_id),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": mention_everyone,
        "mentions": mentions or [],
        "mention_roles": [str(role_id) for role_id in mention_roles or []],
        "attachments": [],
        "embeds": embeds or [],
        "components": components or [],
        "reactions": [],
        "pinned": False,
        "type": message_type,
        "flags": flags,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if author_member is not None:
        data["member"] = author_member
    return data


def interaction(
    interaction_id: int,
    application_id: int,
    interaction_type: int,
    token: str,
    *,
    data: Json | None,
    guild_id: int | None,
    channel: Json,
    member_data: Json | None,
    app_permissions: int,
    message_data: Json | None = None,
    user_data: Json | None = None,
) -> Json:
    """An INTERACTION_CREATE payload from a guild text channel, or (no `guild_id`: `user_data`
    instead of `member_data`) from the user's direct messages with the bot."""
    payload: Json = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": interaction_type,
        "token": token,
        "version": 1,
        "channel_id": channel["id"],
        "channel": channel,
        "app_permissions": str(app_permissions),
        "locale": "en-US",
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if guild_id is not None:
        payload.update(
            guild_id=str(guild_id),
            guild={"id": str(guild_id), "locale": "en-US", "features": []},
            member=member_data,
            guild_locale="en-US",
            authorizing_integration_owners={"0": str(guild_id)},
            context=0,
        )
    else:
        assert user_data is not None
        payload.update(
            user=user_data,
            authorizing_integration_owners={"0": "0"},
            context=1,  # BOT_DM
        )
    if data is not None:
        payload["data"] = data
    if message_data is not None:
        payload["message"] = message_data
    return payload
