"""Memory over a long run: the bot answers questions for minutes; is its memory steady?

`python -m bench.soak [--seconds 300] [--rate 10]` runs the real bot (`python -m bot run`) in
its own process against the project's local Discord (tests/fake_discord), sends `/ask` from 50
users at `rate` questions a second, and samples the bot process's resident memory (VmRSS from
/proc) every 10 seconds. Caches that could grow without bound (per-user cooldowns, sentence
tags, per-server masks, stored answers) would show as a rising line after the warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from tests.fake_discord import FakeDiscord

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "soak-token"
QUESTIONS = [
    "what evidence does the reply cite?",
    "what did Pompeo accuse China of?",
    "how does the ambassador answer the backdoor charge?",
    "which agency in Germany checked Huawei?",
    "what does the ambassador say about open markets?",
    "who wrote the reply?",
    "what evidence does the opposition cite on internet access?",
    "how many internet shutdowns were there in 2023?",
    "what would it cost to connect everyone by 2030?",
    "is there any proof the chinese telecom giant is a danger",
    "what does the reply say about PRISM?",
    "what is the capital of France?",
]
WARM_UP_SECONDS = 30.0
SAMPLE_SECONDS = 10.0
STEADY_GROWTH = 0.10  # "steady": under 10% more memory at the end than after the warm-up


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def forget_recordings(fake: FakeDiscord) -> None:
    """The fake keeps every request for tests to inspect; a soak only needs the latest."""
    fake.requests.clear()
    fake.frames.clear()
    fake.messages.clear()
    fake.interactions.clear()


async def soak(seconds: float, rate: float) -> int:
    fake = FakeDiscord(token=TOKEN)
    await fake.start()
    scratch = Path(tempfile.mkdtemp(prefix="debate-bot-soak-"))
    environment = {
        **os.environ,
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DEV_GUILD_ID": str(fake.guild_id),
        "DATABASE_PATH": str(scratch / "soak.sqlite3"),
        "CORPUS_DIR": str(ROOT / "corpus"),
        "USER_COOLDOWN_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=scratch, env=environment
    )
    users = [fake.add_user(f"user{n}") for n in range(50)]
    rng = random.Random(11)
    samples: list[tuple[float, float]] = []
    asked = 0
    try:
        await fake.wait_until_synced(timeout=60)
        started = time.monotonic()
        next_sample = 0.0
        while (elapsed := time.monotonic() - started) < seconds:
            if elapsed >= next_sample:
                samples.append((elapsed, rss_mb(process.pid)))
                print(f"  {elapsed:6.0f} s  {samples[-1][1]:7.1f} MB  ({asked} asked)", flush=True)
                forget_recordings(fake)
                next_sample += SAMPLE_SECONDS
            await fake.slash("ask", {"question": rng.choice(QUESTIONS)}, user=users[asked % 50])
            asked += 1
            await asyncio.sleep(1 / rate)
        samples.append((time.monotonic() - started, rss_mb(process.pid)))
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), timeout=15)
        await fake.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    after_warm_up = [mb for t, mb in samples if t >= WARM_UP_SECONDS] or [samples[-1][1]]
    first, last, peak = after_warm_up[0], after_warm_up[-1], max(mb for _, mb in samples)
    growth = (last - first) / first
    verdict = "PASS" if growth < STEADY_GROWTH else "MISS"
    print(
        f"soak: {asked} questions in {seconds:.0f} s from 50 users; bot RSS after warm-up "
        f"{first:.1f} MB, at the end {last:.1f} MB ({growth:+.1%}), peak {peak:.1f} MB; "
        f"steady (< {STEADY_GROWTH:.0%} growth): {verdict}; bot exit code {process.returncode}"
    )
    return 0 if verdict == "PASS" and process.returncode == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--rate", type=float, default=10.0, help="questions a second")
    options = parser.parse_args()
    return asyncio.run(soak(options.seconds, options.rate))


if __name__ == "__main__":
    raise SystemExit(main())
