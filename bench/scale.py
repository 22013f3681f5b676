"""`python -m bench.scale` (`make bench-scale`): the bot past one process, measured on a real
PostgreSQL server (a throwaway cluster, or DATABASE_URL).

1. Memory: 1,000 servers each holding 20 uploaded documents (5 paragraphs each: 100,000
   passages of synthetic text beside the bundled corpus), loaded by one process holding every
   server, and by four shard processes (SHARD_COUNT=4, one shard each) holding a quarter each:
   resident memory after the load (psutil), peak (getrusage), load time.
2. Change latency: a process follows corpus changes (LISTEN/NOTIFY); another uploads a
   document; the time from the upload's commit to the follower answering from it, 20 times.

Each measured process is a fresh `python -m bench.scale child ...`, so one's memory never counts
in another's. Progress goes to stderr; the table to stdout.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

try:
    import psutil
except ImportError:  # pragma: no cover - a message, not a traceback
    raise SystemExit(
        "bench.scale needs the bench extra: run `make bench-scale`, or pip install -e '.[bench]'"
    ) from None

from bench.corpus_gen import generate
from bot.engine.formats.article import parse_article
from bot.engine.formats.upload import UploadDetails
from bot.engine.text import analyse_document, default_analyser
from bot.library import Library
from bot.settings import Settings
from bot.store import Store
from tests.postgres import PostgresCluster, find_binaries

ROOT = Path(__file__).resolve().parent.parent
SERVERS = 1_000
DOCUMENTS_PER_SERVER = 20
PASSAGES_PER_DOCUMENT = 5
SHARDS = 4
CHANGES = 20


def _progress(message: str) -> None:
    click.echo(f"bench.scale: {message}", err=True)


def guild_id(number: int) -> int:
    """A plausible server id (a snowflake) whose shard of SHARDS is `number % SHARDS`."""
    return ((1_100_000_000_000 + number) << 22) | 0x1F


def _settings(url: str, **values: object) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=url,
        corpus_dir=ROOT / "corpus",
        discord_token=None,
        **values,
    )


async def populate(url: str, servers: int) -> int:
    """Write `servers` servers' uploads (DOCUMENTS_PER_SERVER documents of
    PASSAGES_PER_DOCUMENT paragraphs each) straight into the store, a transaction a server;
    returns the passages written."""
    library = await Library.open(_settings(url))  # the bundled corpus first
    await library.close()
    per_server = DOCUMENTS_PER_SERVER * PASSAGES_PER_DOCUMENT
    corpus = generate(servers * per_server, queries=1)
    texts = [passage.text for document in corpus.documents for passage in document.passages]
    analyser = default_analyser()
    store = await Store.connect(url)
    written = 0
    try:
        for number in range(servers):
            scope = str(guild_id(number))
            items = []
            for document in range(DOCUMENTS_PER_SERVER):
                first = number * per_server + document * PASSAGES_PER_DOCUMENT
                body = "\n\n".join(texts[first : first + PASSAGES_PER_DOCUMENT])
                doc_id = f"g{scope}-notes-{document}"
                head = (
                    f"---\nid: {doc_id}\ntitle: Notes {document} of server {number}\n"
                    "author: A Member\ndate: 2026-01-01\nkind: article\n---\n\n"
                )
                parsed = parse_article((head + body + "\n").encode(), f"notes-{document}.md")
                parsed, terms = analyse_document(analyser, parsed)
                items.append((parsed, terms, None))
                written += len(parsed.passages)
            await store.save_documents(items, scope=scope)
            if number % 100 == 99:
                _progress(f"{number + 1} servers written")
    finally:
        await store.close()
    return written


def _child(
    *arguments: str, environment: dict[str, str], stdin: str | None = None
) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.scale", "child", *arguments],
        env={**os.environ, **environment},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise click.ClickException(f"a measured process failed: {done.stderr[-2000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure_memory(url: str) -> list[tuple[str, dict[str, object]]]:
    """One process holding every server, then each of SHARDS shard processes."""
    rows = [("one process, every server", _child("load", environment={"DATABASE_URL": url}))]
    for shard in range(SHARDS):
        environment = {"DATABASE_URL": url, "SHARD_COUNT": str(SHARDS), "SHARD_IDS": str(shard)}
        rows.append((f"shard {shard} of {SHARDS}", _child("load", environment=environment)))
    return rows


async def measure_changes(url: str) -> list[float]:
    """Seconds from an upload's commit to a following process answering from it."""
    follower = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.scale",
        "child",
        "follow",
        env={**os.environ, "DATABASE_URL": url},
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    assert follower.stdin is not None and follower.stdout is not None
    ready = await follower.stdout.readline()
    assert ready.strip() == b"ready", ready
    library = await Library.open(_settings(url), sync_corpus=False)
    delays: list[float] = []
    try:
        for number in range(CHANGES):
            scope = str(guild_id(number))
            text = (
                f"The marina board agreed to dredge basin number {number} next spring.\n\n"
                f"Dredging basin {number} will cost {40 + number},000 pounds.\n"
            )
            saved = await library.upload(
                text.encode(),
                f"basin-{number}.txt",
                scope,
                7,
                UploadDetails(title=f"Basin {number}"),
            )
            committed = time.time()
            follower.stdin.write(f"{scope} {saved.document.id} {number}\n".encode())
            await follower.stdin.drain()
            answered = float((await follower.stdout.readline()).decode())
            delays.append(answered - committed)
    finally:
        await library.close()
        follower.stdin.close()
        await follower.wait()
    return delays


async def _child_load() -> dict[str, object]:
    process = psutil.Process()
    started = time.perf_counter()
    library = await Library.open(Settings(), sync_corpus=False)  # type: ignore[call-arg]
    seconds = time.perf_counter() - started
    collection = library.engine.collection
    result = {
        "documents": len(collection.documents),
        "passages": len(collection.passages),
        "servers": len({scope for scope in collection.scopes.values() if scope}),
        "load_seconds": round(seconds, 2),
        "rss_mb": round(process.memory_info().rss / 2**20, 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    await library.close()
    return result


async def _child_follow() -> None:
    library = await Library.open(Settings(), sync_corpus=False)  # type: ignore[call-arg]
    following = asyncio.create_task(library.follow_changes(poll_seconds=3600))
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    print("ready", flush=True)
    try:
        while line := await reader.readline():
            scope, doc_id, number = line.decode().split()
            while doc_id not in library.engine.collection.documents:
                await asyncio.sleep(0.001)
            answer = await library.ask(f"what will dredging basin {number} cost?", scope=scope)
            assert answer.quotes and answer.quotes[0].attribution.doc_id == doc_id
            print(time.time(), flush=True)
    finally:
        following.cancel()
        await library.close()


@click.group(invoke_without_command=True)
@click.option("--servers", default=SERVERS, show_default=True, help="Servers to populate.")
@click.pass_context
def main(context: click.Context, servers: int) -> None:
    """Memory per shard process and change latency across processes, on PostgreSQL."""
    if context.invoked_subcommand is not None:
        return
    url = os.environ.get("DATABASE_URL")
    cluster = None
    folder = None
    if not url:
        binaries = find_binaries()
        if binaries is None:
            raise click.ClickException("PostgreSQL is not installed (apt-get install postgresql)")
        folder = Path(tempfile.mkdtemp(prefix="debate-bot-scale-"))
        cluster = PostgresCluster(binaries, folder)
        cluster.start()
        url = cluster.new_database()
    try:
        _progress(f"writing {servers:,} servers x {DOCUMENTS_PER_SERVER} documents")
        started = time.perf_counter()
        passages = asyncio.run(populate(url, servers))
        _progress(f"{passages:,} passages written in {time.perf_counter() - started:.0f} s")
        rows = measure_memory(url)
        delays = asyncio.run(measure_changes(url))
    finally:
        if cluster is not None:
            cluster.stop()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    whole = float(rows[0][1]["rss_mb"])  # type: ignore[arg-type]
    click.echo(
        f"{servers:,} servers x {DOCUMENTS_PER_SERVER} uploaded documents "
        f"({passages:,} passages) on PostgreSQL\n"
    )
    click.echo("| process | servers | passages | load s | resident MB | peak MB | vs one |")
    click.echo("|---|---:|---:|---:|---:|---:|---:|")
    for name, row in rows:
        ratio = float(row["rss_mb"]) / whole  # type: ignore[arg-type]
        click.echo(
            f"| {name} | {row['servers']:,} | {row['passages']:,} | {row['load_seconds']} "
            f"| {row['rss_mb']} | {row['peak_mb']} | {ratio:.2f}x |"
        )
    ordered = sorted(delays)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000
    click.echo(
        f"\nupload committed -> answered in another process (LISTEN/NOTIFY), {len(delays)} "
        f"uploads: p50 {p50:.0f} ms, max {max(ordered) * 1000:.0f} ms, p99 {p99:.0f} ms"
    )


@main.command(name="child", hidden=True)
@click.argument("what", type=click.Choice(["load", "follow"]))
def child(what: str) -> None:
    """A measured process (see the module's docstring)."""
    if what == "load":
        click.echo(json.dumps(asyncio.run(_child_load())))
    else:
        asyncio.run(_child_follow())


if __name__ == "__main__":
    main()
