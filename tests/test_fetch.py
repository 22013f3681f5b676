"""Fetching links: against a local HTTP server on 127.0.0.1 (private addresses allowed there)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.fetch import MAX_FETCH_BYTES, FetchError, _PublicResolver, fetch, is_public

PAGE = "<html><head><title>Quay</title></head><body><p>Müller said so.</p></body></html>"


@pytest.fixture
async def server() -> AsyncIterator[str]:
    async def page(request: web.Request) -> web.Response:
        return web.Response(
            body=PAGE.encode("iso-8859-1"), content_type="text/html", charset="iso-8859-1"
        )

    async def hop(request: web.Request) -> web.Response:
        left = int(request.match_info["n"])
        raise web.HTTPFound("/page" if left == 0 else f"/hop/{left - 1}")

    async def big(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/plain"})
        await response.prepare(request)
        for _ in range(MAX_FETCH_BYTES // 65536 + 2):
            await response.write(b"x" * 65536)
        return response

    async def image(request: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG", content_type="image/png")

    async def missing(request: web.Request) -> web.Response:
        raise web.HTTPNotFound()

    app = web.Application()
    app.add_routes(
        [
            web.get("/page", page),
            web.get("/hop/{n}", hop),
            web.get("/big", big),
            web.get("/image.png", image),
            web.get("/missing", missing),
        ]
    )
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def test_a_page_is_fetched_with_its_declared_charset(server: str) -> None:
    fetched = await fetch(f"{server}/page", allow_private=True)
    assert fetched.charset == "iso-8859-1"
    assert fetched.data.decode("iso-8859-1") == PAGE
    assert fetched.filename == "page.html"


async def test_redirects_are_followed_a_few_times(server: str) -> None:
    fetched = await fetch(f"{server}/hop/3", allow_private=True)
    assert fetched.url.endswith("/page")
    with pytest.raises(FetchError, match="redirects more than"):
        await fetch(f"{server}/hop/9", allow_private=True)


@pytest.mark.parametrize(
    ("path", "problem"),
    [("/big", "upload limit"), ("/image.png", "image/png"), ("/missing", "404")],
)
async def test_refused_bodies_say_why(server: str, path: str, problem: str) -> None:
    with pytest.raises(FetchError, match=problem):
        await fetch(f"{server}{path}", allow_private=True)


async def test_private_addresses_are_refused_unless_allowed(server: str) -> None:
    with pytest.raises(FetchError, match="not on the public internet"):
        await fetch(f"{server}/page")
    port = server.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="not on the public internet"):
        await fetch(f"http://localhost:{port}/page")  # a name resolving to loopback


async def test_the_resolver_refuses_names_that_resolve_inside() -> None:
    with pytest.raises(FetchError):
        await _PublicResolver(allow_private=False).resolve("localhost", 80)


@pytest.mark.parametrize("url", ["ftp://example.org/a.pdf", "file:///etc/passwd", "javascript:x"])
async def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="only http"):
        await fetch(url)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("10.0.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("127.0.0.1", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("fe80::1", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("2001:4860:4860::8888", True),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public(address) is public
