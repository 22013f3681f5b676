"""Daily quotas in the local Discord: 1,000 IDENTIFY a day (over it Discord ends every session
and resets the bot's token: docs/events/gateway.mdx, Identifying) and 200 application command
creates a day per guild (docs/interactions/application-commands.mdx, Registering a Command)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.fake_discord.world import Clock

DAY = 24 * 60 * 60.0
IDENTIFIES_PER_DAY = 1000
COMMAND_CREATES_PER_DAY = 200


@dataclass
class Quotas:
    """What the bot has used of each daily quota, on the fake's clock."""

    clock: Clock
    identifies_per_day: int = IDENTIFIES_PER_DAY
    command_creates_per_day: int = COMMAND_CREATES_PER_DAY
    token_reset: bool = False  # the bot's token no longer works (after too many IDENTIFY)
    _identifies: list[float] = field(default_factory=list)
    _creates: dict[int | None, list[float]] = field(default_factory=dict)

    def _recent(self, moments: list[float]) -> list[float]:
        now = self.clock.now()
        moments[:] = [moment for moment in moments if now - moment < DAY]
        return moments

    def identify(self) -> bool:
        """Count an IDENTIFY; False when it is one over the quota (the token is reset then)."""
        recent = self._recent(self._identifies)
        recent.append(self.clock.now())
        if len(recent) > self.identifies_per_day:
            self.token_reset = True
        return not self.token_reset

    def session_start_limit(self) -> dict[str, int]:
        """GET /gateway/bot's `session_start_limit`."""
        recent = self._recent(self._identifies)
        reset_after = DAY - (self.clock.now() - recent[0]) if recent else DAY
        return {
            "total": self.identifies_per_day,
            "remaining": max(0, self.identifies_per_day - len(recent)),
            "reset_after": int(reset_after * 1000),
            "max_concurrency": 1,
        }

    def create_commands(self, scope: int | None, count: int) -> float | None:
        """Count `count` command creates in a guild (None: global); the seconds until the quota
        allows them when it does not (nothing is counted then)."""
        recent = self._recent(self._creates.setdefault(scope, []))
        if count and len(recent) + count > self.command_creates_per_day:
            return DAY - (self.clock.now() - recent[0]) if recent else DAY
        recent.extend([self.clock.now()] * count)
        return None
