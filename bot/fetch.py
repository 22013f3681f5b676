"""Fetching a pasted link for an upload: http(s) only, bounded, and never into private networks.

aiohttp (which discord.py brings) does the HTTP. Every connection's address comes from a
resolver that refuses private, loopback, link-local and other non-public addresses (unless
`allow_private` is set, as the tests do for a server on 127.0.0.1), so a name that resolves
inside the host's network is refused whichever redirect it comes from, and the address checked
is the one connected to. Redirects are followed by hand, a few times, each checked again.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

MAX_FETCH_BYTES = 2_000_000  # the upload limit (bot.engine.formats.common.MAX_FILE_BYTES)
MAX_REDIRECTS = 5
CONNECT_SECONDS = 5.0
TOTAL_SECONDS = 20.0
# Content types an upload can be, and the file suffix each is read as.
CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/markdown": ".md",
}
_USER_AGENT = "debate-bot (+https://github.com/; fetches a page a user asked it to quote)"


class FetchError(ValueError):
    """A link that cannot be fetched; the message says why and is fit to show."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched page: its bytes, the URL it came from after redirects, a file name to call it
    by (its path's last part, with the suffix its content type reads as) and the charset the
    server declared, if any."""

    data: bytes
    url: str
    filename: str
    content_type: str
    charset: str | None


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local,
    multicast, reserved or unspecified; IPv4-mapped IPv6 judged by its IPv4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _PublicResolver(AbstractResolver):
    """Resolves with the system resolver and keeps only public addresses (or all, when
    private ones are allowed)."""

    def __init__(self, allow_private: bool) -> None:
        self._inner = aiohttp.ThreadedResolver()
        self._allow_private = allow_private

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        allowed = [r for r in results if self._allow_private or is_public(r["host"])]
        if not allowed:
            raise FetchError(f"{host} is not on the public internet; links there are refused")
        return allowed

    async def close(self) -> None:
        await self._inner.close()


async def fetch(url: str, *, allow_private: bool = False) -> Fetched:
    """Fetch `url` for an upload.

    Raises `FetchError` (a message fit to show) for another scheme, a non-public address
    (unless `allow_private`), more than `MAX_REDIRECTS` redirects, a body over
    `MAX_FETCH_BYTES`, a content type an upload cannot be, an HTTP error status, or a timeout.
    """
    connector = aiohttp.TCPConnector(resolver=_PublicResolver(allow_private), force_close=True)
    timeout = aiohttp.ClientTimeout(total=TOTAL_SECONDS, sock_connect=CONNECT_SECONDS)
    try:
        async with aiohttp.ClientSession(
            connector=connector, timeout=timeout, headers={"User-Agent": _USER_AGENT}
        ) as session:
            for _ in range(MAX_REDIRECTS + 1):
                _check_url(url, allow_private)
                async with session.get(url, allow_redirects=False) as response:
                    if response.status in (301, 302, 303, 307, 308):
                        location = response.headers.get("Location")
                        if not location:
                            raise FetchError(f"{url} redirects without saying where")
                        url = urljoin(url, location)
                        continue
                    return await _read(response, url)
            raise FetchError(f"the link redirects more than {MAX_REDIRECTS} times")
    except FetchError:
        raise
    except TimeoutError:
        raise FetchError(f"{url} did not answer within {TOTAL_SECONDS:g} seconds") from None
    except aiohttp.ClientError as error:
        raise FetchError(f"{url} cannot be fetched ({_reason(error)})") from None


def _reason(error: BaseException) -> str:
    cause: Any = error
    while cause.__cause__ is not None or cause.__context__ is not None:
        nested = cause.__cause__ or cause.__context__
        if isinstance(nested, FetchError):
            return str(nested)
        cause = nested
    return type(error).__name__


def _check_url(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"only http:// and https:// links can be added, not {url[:80]!r}")
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return  # a name: the resolver checks the addresses it gives
    if not allow_private and not is_public(str(literal)):
        raise FetchError(f"{parts.hostname} is not on the public internet; links there are refused")


async def _read(response: aiohttp.ClientResponse, url: str) -> Fetched:
    if response.status >= 400:
        raise FetchError(f"{url} answered {response.status} {response.reason or ''}".strip())
    content_type = response.content_type.lower()
    suffix = CONTENT_TYPES.get(content_type)
    if suffix is None:
        raise FetchError(
            f"{url} is {content_type or 'of no stated type'}; a link must lead to an HTML page, "
            "a PDF or plain text"
        )
    if response.content_length is not None and response.content_length > MAX_FETCH_BYTES:
        raise FetchError(_too_big(url))
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(65536):
        size += len(chunk)
        if size > MAX_FETCH_BYTES:
            raise FetchError(_too_big(url))
        chunks.append(chunk)
    return Fetched(
        data=b"".join(chunks),
        url=str(response.url),
        filename=_filename(str(response.url), suffix),
        content_type=content_type,
        charset=response.charset,
    )


def _too_big(url: str) -> str:
    return f"{url} is over {MAX_FETCH_BYTES:,} bytes, the upload limit"


def _filename(url: str, suffix: str) -> str:
    """A file name for messages: the URL path's last part, with the suffix it is read as."""
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) or parts.hostname or "page"
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", last)[:80] or "page"
    return f"{stem}{suffix}"


def is_link(text: str) -> bool:
    """Whether a command-line argument or option is a link rather than a path."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text))
