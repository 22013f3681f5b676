"""A local fake of Discord's gateway and REST API, for end-to-end tests of the bot.

    fake = FakeDiscord(token="fake-token")
    await fake.start()
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    ...start the bot, then: await fake.wait_until_ready()
    ask = await fake.slash("ask", {"question": "what evidence does the reply cite?"})
    answer = await fake.response(ask)  # the message the user sees
    await fake.stop()

tests/chat/e2e/conftest.py wires this into pytest fixtures.
"""

from tests.fake_discord.records import GatewayFrame, RecordedRequest, SentInteraction
from tests.fake_discord.server import FakeDiscord
from tests.fake_discord.world import FakeGuild

__all__ = ["FakeDiscord", "FakeGuild", "GatewayFrame", "RecordedRequest", "SentInteraction"]
