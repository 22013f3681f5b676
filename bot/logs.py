"""Logging that keeps users' words and secrets out: at every level, ours and discord.py's.

discord.py logs whole gateway events and REST payloads at DEBUG (message content, questions,
interaction tokens, webhook URLs whose last part is a token). `PayloadSummary` replaces such
arguments with their shape before a record is formatted, and `RedactingFormatter` removes what
still looks like a token from every formatted line, tracebacks included. Our own code logs a
user's text only through `text_summary`: its length and a short hash, unless the operator turns
content logging on.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import re
import sys
from collections.abc import Iterable, Mapping

# A bot token: three base64url parts (the user id, a timestamp, an HMAC).
_BOT_TOKEN = re.compile(r"\b[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}\b")
# The token in a webhook or interaction URL: /webhooks/<id>/<token>, /interactions/<id>/<token>.
_URL_TOKEN = re.compile(r"(/(?:webhooks|interactions)/\d+/)[^/\s?'\"]+")
# A "token" key in a payload printed as JSON or as a Python dict.
_TOKEN_FIELD = re.compile(r"""(["']token["']\s*:\s*)(["'])(?:\\.|(?!\2).)*\2""")
# Message content and question text printed inside a payload.
_CONTENT_FIELD = re.compile(
    r"""(["'](?:content|value|title|description|name|query)["']\s*:\s*)(["'])(?:\\.|(?!\2).)*\2"""
)
# Gateway event fields safe to show: which event, which sequence number.
_EVENT_FIELDS = ("op", "t", "s")
# A string argument longer than this, or shaped like a payload, is summarised.
_LONG_ARGUMENT = 120
HIDDEN = "[hidden]"


def text_summary(text: str, *, show: bool = False) -> str:
    """A user's text as logs may show it: its length and the first 8 hex digits of its SHA-256
    (enough to match two log lines about the same question), or the text itself when `show`
    (the LOG_CONTENT setting) is on."""
    if show:
        return repr(text)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"<{len(text)} chars #{digest}>"


def redact(line: str, secrets: Iterable[str] = ()) -> str:
    """`line` without anything that looks like a token or a payload's text."""
    for secret in secrets:
        if secret:
            line = line.replace(secret, HIDDEN)
    line = _BOT_TOKEN.sub(HIDDEN, line)
    line = _URL_TOKEN.sub(rf"\1{HIDDEN}", line)
    line = _TOKEN_FIELD.sub(rf"\1\2{HIDDEN}\2", line)
    return _CONTENT_FIELD.sub(rf"\1\2{HIDDEN}\2", line)


def _shape(value: object) -> object:
    """A payload argument reduced to what is safe to log."""
    if isinstance(value, Mapping):
        if "op" in value:  # a gateway event: which one, never its data
            return {key: value.get(key) for key in _EVENT_FIELDS if key in value}
        return f"<{len(value)} fields: {', '.join(sorted(map(str, value))[:12])}>"
    if isinstance(value, list | tuple | set):
        return f"<{len(value)} items>"
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(value)} bytes>"
    if isinstance(value, str):
        stripped = value.lstrip()
        if stripped.startswith(("http://", "https://", "ws://", "wss://")):
            return redact(value)  # a route: where it went is worth a line, its token is not
        if len(value) > _LONG_ARGUMENT or stripped.startswith(("{", "[")):
            return f"<{len(value)} characters>"
        return redact(value)
    if value is None or isinstance(value, int | float | enum.Enum):
        return value
    if isinstance(value, BaseException):
        return redact(f"{type(value).__name__}: {' '.join(str(value).split())}"[:200])
    # Anything else may print what it holds (aiosqlite logs each call with its SQL parameters).
    return f"<{type(value).__name__}>"


class PayloadSummary(logging.Filter):
    """Replaces the arguments of the libraries' records (discord.py, aiohttp, aiosqlite) with
    their shape, so a payload is never formatted into a line; our own records pass unchanged
    (they log users' words only through `text_summary`)."""

    PREFIXES = ("discord", "aiohttp", "aiosqlite", "websockets")

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(self.PREFIXES):
            return True
        _one_line_connection_failure(record)
        if not record.args:
            return True
        args = record.args
        if isinstance(args, Mapping):  # logging unpacks a single dict argument into a mapping
            if "%(" in str(record.msg):
                record.args = {key: _shape(value) for key, value in args.items()}
            else:
                record.args = (_shape(args),)
        else:
            record.args = tuple(_shape(value) for value in args)
        return True


def _one_line_connection_failure(record: logging.LogRecord) -> None:
    """A connection failure discord.py logs with its traceback ("Attempting a reconnect in
    2.5s", every few seconds while Discord is away) becomes one line naming the failure."""
    if not record.exc_info or record.exc_info[1] is None or isinstance(record.args, Mapping):
        return
    error = record.exc_info[1]
    module = type(error).__module__
    if not isinstance(error, OSError | TimeoutError) and not module.startswith(
        ("aiohttp", "discord.errors", "discord.gateway")
    ):
        return
    text = " ".join(str(error).split())
    record.msg = f"{record.msg} (%s)"
    summary = f"{type(error).__name__}: {text}" if text else type(error).__name__
    record.args = (*(record.args or ()), summary)
    record.exc_info = None
    record.exc_text = None


class RedactingFormatter(logging.Formatter):
    """One line per record (tracebacks included) with tokens and payload text removed."""

    def __init__(self, fmt: str, secrets: Iterable[str] = ()) -> None:
        super().__init__(fmt)
        self.secrets = tuple(secret for secret in secrets if secret)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


def configure_logging(level: int | str, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level` through the redacting formatter and the payload filter, for
    every logger (discord.py's propagate to the root); `secrets` (the bot token) are removed
    wherever they appear."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", secrets)
    )
    handler.addFilter(PayloadSummary())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)
    # aiosqlite logs every call to the database thread at DEBUG: noise, never news.
    logging.getLogger("aiosqlite").setLevel(logging.INFO)
