"""Which Discord servers a process serves: its gateway shards, and Discord's guild -> shard rule.

Discord sends a server's events to shard `(guild_id >> 22) % shard_count` (the "Sharding
Formula" of Discord's gateway documentation); direct messages go to shard 0. A process running
some of the shards holds the shared corpus and the uploads of those shards' servers only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# A guild's id is a snowflake: its bits above the 22nd are a timestamp, spread evenly by shard.
SNOWFLAKE_SHIFT = 22
# The highest shard id a list may name: far past any bot (a shard holds up to 2,500 servers), and
# low enough that a mistyped range such as 0-99999999 is refused rather than filling memory.
MAX_SHARD_ID = 65_535


class ShardError(ValueError):
    """A shard count or list of shard ids that cannot be used; the message names the value."""


def shard_of(guild_id: int, count: int) -> int:
    """The shard (0..count-1) that Discord sends guild `guild_id`'s events to.

    Raises ShardError if `count` is under 1 or `guild_id` is negative.
    """
    if count < 1:
        raise ShardError(f"the shard count must be at least 1, not {count}")
    if guild_id < 0:
        raise ShardError(f"a server id is never negative ({guild_id})")
    return (guild_id >> SNOWFLAKE_SHIFT) % count


@dataclass(frozen=True, slots=True)
class Shards:
    """Shards `ids` of `count` (ids a non-empty subset of 0..count-1), run by one process."""

    count: int
    ids: frozenset[int]

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ShardError(f"the shard count must be at least 1, not {self.count}")
        if not self.ids:
            raise ShardError("a process must run at least one shard")
        outside = sorted(i for i in self.ids if not 0 <= i < self.count)
        if outside:
            raise ShardError(
                f"shard ids must be 0 to {self.count - 1} for {self.count} shards, "
                f"not {', '.join(map(str, outside))}"
            )

    @classmethod
    def of(cls, count: int, ids: Iterable[int] | None = None) -> Shards:
        """Shards `ids` (all `count` of them when None) of `count`; ShardError if they do not
        fit (see the class)."""
        return cls(count, frozenset(range(count) if ids is None else ids))

    @property
    def whole(self) -> bool:
        """True when this process runs every shard (it holds every server)."""
        return len(self.ids) == self.count

    def owns_guild(self, guild_id: int) -> bool:
        """Whether guild `guild_id`'s events come to one of these shards."""
        return shard_of(guild_id, self.count) in self.ids

    def owns(self, scope: str) -> bool:
        """Whether a corpus scope is held here: "" (the shared corpus) always, a server's id
        (decimal digits) when its shard is one of these.

        Raises ShardError for a scope that is neither "" nor a server id.
        """
        if scope == "":
            return True
        if not scope.isdecimal() or not scope.isascii():
            raise ShardError(f"{scope!r} is not a server id")
        return self.owns_guild(int(scope))

    def sorted_ids(self) -> list[int]:
        """The shard ids in increasing order (as discord.py's `shard_ids` takes them)."""
        return sorted(self.ids)


def parse_shard_ids(text: str) -> frozenset[int]:
    """Shard ids from a list such as "0,1", "0-3" or "0-3,8,10-11" (spaces allowed).

    Raises ShardError naming the part that is not a number or a range low-high with low <= high.
    """
    ids: set[int] = set()
    parts = [part.strip() for part in text.split(",")]
    if not any(parts):
        raise ShardError("no shard ids given (write them as 0,1 or 0-3)")
    for part in parts:
        low, dash, high = part.partition("-")
        low, high = low.strip(), high.strip()
        if not low.isdecimal() or (dash and not high.isdecimal()):
            raise ShardError(f"{part!r} is not a shard id or a range such as 0-3")
        first, last = int(low), int(high) if dash else int(low)
        if first > last:
            raise ShardError(f"the range {part!r} goes backwards")
        if last > MAX_SHARD_ID:
            raise ShardError(f"shard id {last} is past the highest, {MAX_SHARD_ID}")
        ids.update(range(first, last + 1))
    return frozenset(ids)
