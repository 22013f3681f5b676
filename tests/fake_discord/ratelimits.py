"""Rate limits in the local Discord: per-route buckets answered with Discord's `X-RateLimit-*`
headers on every response, a 429 with `retry_after` when a bucket is spent, and the global limit
of 50 requests a second (docs/topics/rate-limits.md).

Discord does not document its per-route numbers (apps must read the headers), so the fake picks
its own, short windows so that the tests stay quick; a test may set others (`RateLimits.routes`).
A bucket is one route (method and path template) and its top-level resource, as Discord counts:
the channel, the guild, or the webhook and its token. Interaction callbacks are not bound to the
global limit and carry no headers.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field

from tests.fake_discord.payloads import Json
from tests.fake_discord.world import Clock

GLOBAL_PER_SECOND = 50


@dataclass(frozen=True)
class RouteLimit:
    """`limit` requests every `window` seconds for matching requests (a method, or "*")."""

    method: str
    pattern: re.Pattern[str]
    limit: int
    window: float

    @property
    def bucket(self) -> str:
        """The bucket's name as Discord sends it in `X-RateLimit-Bucket`: an opaque hash."""
        text = f"{self.method} {self.pattern.pattern}".encode()
        return hashlib.sha1(text).hexdigest()[:16]


def _limit(method: str, path_regex: str, limit: int, window: float) -> RouteLimit:
    return RouteLimit(method, re.compile(path_regex), limit, window)


# The top-level resources of a path, named as the patterns below name them.
MAJOR = ("channel", "guild", "webhook", "token")
DEFAULT_ROUTES = (
    _limit("POST", r"/channels/(?P<channel>\d+)/messages", 5, 1.0),
    _limit("*", r"/channels/(?P<channel>\d+)/messages/\d+", 5, 1.0),
    _limit("POST", r"/channels/(?P<channel>\d+)/typing", 5, 1.0),
    _limit("*", r"/webhooks/(?P<webhook>\d+)/(?P<token>[^/]+)(?:/.*)?", 5, 1.0),
    _limit("PUT", r"/applications/\d+(?:/guilds/(?P<guild>\d+))?/commands", 5, 5.0),
)
# Any other route: a bucket of its own, per method and path template.
OTHER_LIMIT, OTHER_WINDOW = 50, 1.0
UNBOUND = re.compile(r"/interactions/\d+/[^/]+/callback")  # no bucket, no headers


@dataclass
class _Bucket:
    limit: int
    window: float
    name: str
    used: int = 0
    resets_at: float = 0.0


@dataclass
class Refusal:
    """A 429: the body and headers Discord sends with it."""

    body: Json
    headers: dict[str, str]


@dataclass
class RateLimits:
    """Counts requests per bucket and globally; `take` answers one request."""

    clock: Clock
    routes: list[RouteLimit] = field(default_factory=lambda: list(DEFAULT_ROUTES))
    global_per_second: int = GLOBAL_PER_SECOND
    _buckets: dict[tuple[str, str], _Bucket] = field(default_factory=dict)
    _global_used: int = 0
    _global_resets_at: float = 0.0

    def take(
        self, method: str, path: str, *, global_bound: bool
    ) -> tuple[dict[str, str], Refusal | None]:
        """Count a request: its rate limit headers, and the 429 it gets if it is over a limit
        (`global_bound`: it counts towards the 50 a second, as bot-token requests do)."""
        if UNBOUND.fullmatch(path):
            return {}, None
        now = self.clock.now()
        if global_bound:
            refusal = self._take_global(now)
            if refusal is not None:
                return refusal.headers, refusal
        bucket = self._bucket(method, path)
        if now >= bucket.resets_at:
            bucket.used, bucket.resets_at = 0, now + bucket.window
        reset_after = max(0.0, bucket.resets_at - now)
        headers = {
            "X-RateLimit-Limit": str(bucket.limit),
            "X-RateLimit-Remaining": str(max(0, bucket.limit - bucket.used - 1)),
            "X-RateLimit-Reset": f"{self.clock.epoch() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket.name,
        }
        if bucket.used >= bucket.limit:
            headers.update(
                {
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Scope": "user",
                    "Retry-After": str(math.ceil(reset_after)),
                }
            )
            body = {
                "message": "You are being rate limited.",
                "retry_after": round(reset_after, 3),
                "global": False,
            }
            return headers, Refusal(body, headers)
        bucket.used += 1
        return headers, None

    def _take_global(self, now: float) -> Refusal | None:
        if now >= self._global_resets_at:
            self._global_used, self._global_resets_at = 0, now + 1.0
        if self._global_used < self.global_per_second:
            self._global_used += 1
            return None
        retry_after = max(0.0, self._global_resets_at - now)
        headers = {
            "Retry-After": str(math.ceil(retry_after)),
            "X-RateLimit-Global": "true",
            "X-RateLimit-Scope": "global",
        }
        body = {"message": "You are being rate limited.", "retry_after": retry_after}
        body["global"] = True
        return Refusal(body, headers)

    def _bucket(self, method: str, path: str) -> _Bucket:
        for route in self.routes:
            match = route.pattern.fullmatch(path)
            if match and route.method in ("*", method):
                groups = match.groupdict()
                major = ":".join(str(groups.get(name) or "") for name in MAJOR)
                key = (route.bucket, major)
                if key not in self._buckets:
                    self._buckets[key] = _Bucket(route.limit, route.window, route.bucket)
                return self._buckets[key]
        template = re.sub(r"\d{5,}", "{id}", path)
        name = hashlib.sha1(f"{method} {template}".encode()).hexdigest()[:16]
        key = (name, "")
        if key not in self._buckets:
            self._buckets[key] = _Bucket(OTHER_LIMIT, OTHER_WINDOW, name)
        return self._buckets[key]
