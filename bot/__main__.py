"""Command line: run, ask, ingest, sources (`debate-bot ...` or `python -m bot ...`)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import textwrap
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import click
from pydantic import ValidationError

from bot.engine.formats.article import article_paths
from bot.engine.formats.upload import UPLOAD_SUFFIXES, UploadDetails
from bot.engine.models import Answer, Attribution, CorpusError, Kind, QuestionError, Quote
from bot.engine.rebut import Rebuttal
from bot.library import Library, Uploaded
from bot.logs import configure_logging
from bot.settings import Settings
from bot.store import StoreError

T = TypeVar("T")
log = logging.getLogger("bot")


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']).upper()}: {item['msg']}"
            for item in error.errors()
        )
        raise click.ClickException(f"bad setting in the environment or .env: {problems}") from None


def with_library(settings: Settings, work: Callable[[Library], Awaitable[T]]) -> T:
    async def main() -> T:
        library = await Library.open(settings)
        try:
            return await work(library)
        finally:
            await library.close()

    try:
        return asyncio.run(main())
    except StoreError as error:
        raise click.ClickException(str(error)) from None


# --- rendering for the terminal ------------------------------------------------------------------


def format_quote(number: int, quote: Quote) -> str:
    who = quote.attribution
    speaker = who.speaker
    if who.voice.value == "author" and who.author_role:
        speaker = f"{speaker} ({who.author_role})"
    elif who.voice.value == "publisher":
        speaker = f"{speaker} (publisher's introduction)"
    if who.reporting:
        speaker = f"{speaker}, reporting {who.reporting}"
    if who.part:
        speaker = who.part if who.part.startswith(who.speaker) else f"{speaker} ({who.part})"
    source = ", ".join(
        part
        for part in (
            f"motion “{who.motion}”" if who.motion else f"“{who.title}”",
            who.kind,
            who.publisher or "",
            who.date.isoformat(),
            f"¶{who.paragraph}",
        )
        if part
    )
    body = textwrap.fill(quote.text, width=88, initial_indent="   “", subsequent_indent="    ")
    lines = [f"{number}. {speaker}:", body + "”"]
    lines.extend(
        textwrap.fill(
            f"[{entry.number}] {entry.text}",
            width=88,
            initial_indent="     ",
            subsequent_indent="         ",
        )
        for entry in quote.references
    )
    lines.append(f"   — {source}")
    if who.url:
        lines.append(f"   {who.url}")
    lines.append(f"   [{quote.passage_id}]  score {quote.score:.2f}")
    return "\n".join(lines)


def format_answer(answer: Answer) -> str:
    if answer.abstained:
        return answer.note or "Nothing in the corpus answers this."
    return "\n\n".join(
        format_quote(answer.offset + i, quote) for i, quote in enumerate(answer.quotes, start=1)
    )


GUILD_OPTION = click.option(
    "--guild",
    "guild_id",
    type=click.IntRange(min=1),
    default=None,
    help="As this Discord server sees it: the shared documents and the server's own.",
)

# --- commands ------------------------------------------------------------------------------------


@click.group(invoke_without_command=True)
@click.pass_context
def cli(context: click.Context) -> None:
    """debate-bot: answers questions about articles by quoting them, with attribution."""
    settings = load_settings()
    token = settings.discord_token.get_secret_value() if settings.discord_token else ""
    configure_logging(settings.log_level, secrets=[token])
    context.obj = settings
    if context.invoked_subcommand is None:
        context.invoke(run)


@cli.command()
@click.pass_obj
def run(settings: Settings) -> None:
    """Run the Discord bot, or answer in the terminal when no DISCORD_TOKEN is set."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value():
        click.echo(
            "No DISCORD_TOKEN set: answering in the terminal. To run the Discord bot, put "
            "DISCORD_TOKEN=... in .env (see .env.example).",
            err=True,
        )
        with_library(settings, terminal_session)
        return
    from bot.chat.client import run_bot  # imported here so the terminal mode needs no discord

    status = run_bot(settings)
    if status:
        raise click.exceptions.Exit(status)


async def terminal_session(library: Library) -> None:
    count = len(library.engine.collection.documents)
    click.echo(f"{count} documents loaded. Ask a question (an empty line or Ctrl-D quits).")
    while True:
        try:
            line = await asyncio.to_thread(input, "? ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if not line.strip():
            return
        try:
            answer = await library.ask(line)
        except QuestionError as error:
            click.echo(str(error))
            continue
        click.echo(format_answer(answer) + "\n")


@cli.command()
@click.argument("question", nargs=-1, required=True)
@click.option("--k", "k", type=click.IntRange(1, 20), default=None, help="How many quotes.")
@click.option("--json", "as_json", is_flag=True, help="Print the stable JSON shape.")
@click.option("--document", "doc_id", default=None, help="Only this document id.")
@GUILD_OPTION
@click.pass_obj
def ask(
    settings: Settings,
    question: tuple[str, ...],
    k: int | None,
    as_json: bool,
    doc_id: str | None,
    guild_id: int | None,
) -> None:
    """Answer QUESTION by quoting the corpus."""
    text = " ".join(question)
    scope = str(guild_id) if guild_id else ""

    async def work(library: Library) -> Answer:
        if doc_id is not None and not library.engine.collection.is_visible(doc_id, scope):
            raise click.ClickException(f"no document with id {doc_id!r}; see `debate-bot sources`")
        return await library.ask(text, k, doc_id=doc_id, scope=scope)

    try:
        answer = with_library(settings, work)
    except QuestionError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_answer(answer))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--guild",
    "guild_id",
    type=click.IntRange(min=1),
    default=None,
    help="Add to this server's own corpus, as /corpus add does (.md, .txt, .html, .pdf).",
)
@click.option("--title", help="With --guild and one file: its title (the file's own if not given).")
@click.option("--author", help="With --guild and one file: who wrote it.")
@click.option("--date", help="With --guild and one file: when it was published (YYYY-MM-DD).")
@click.option("--url", help="With --guild and one file: where it was published.")
@click.option(
    "--kind",
    type=click.Choice([kind.value for kind in Kind if kind is not Kind.DEBATE]),
    help="With --guild and one file: what it is.",
)
@click.option(
    "--replace",
    "replace",
    metavar="DOC_ID",
    help="With --guild and one file: the server's document it replaces (a file of the same "
    "name replaces its earlier upload without this).",
)
@click.pass_obj
def ingest(
    settings: Settings,
    paths: tuple[Path, ...],
    guild_id: int | None,
    title: str | None,
    author: str | None,
    date: str | None,
    url: str | None,
    kind: str | None,
    replace: str | None,
) -> None:
    """Add or update articles (files in the corpus format, or folders of them)."""
    details = UploadDetails(title=title, author=author, date=date, url=url, kind=kind)
    if guild_id is None and (details != UploadDetails() or replace is not None):
        raise click.UsageError(
            "--title, --author, --date, --url, --kind and --replace describe uploads: use "
            "them with --guild (a shared article gives its own in its metadata block)"
        )

    async def work(library: Library) -> None:
        if guild_id is not None:
            await upload_files(library, paths, str(guild_id), details, replace)
            return
        report = await library.ingest(paths)
        for error in report.errors:
            click.echo(f"error: {error}", err=True)
        for doc_id in report.added:
            click.echo(f"added {doc_id}")
        for doc_id in report.updated:
            click.echo(f"updated {doc_id}")
        for doc_id in report.unchanged:
            click.echo(f"unchanged {doc_id}")
        click.echo(report.summary())
        if report.errors:
            raise click.exceptions.Exit(1)

    with_library(settings, work)


async def upload_files(
    library: Library,
    paths: tuple[Path, ...],
    scope: str,
    details: UploadDetails,
    replace: str | None = None,
) -> None:
    """Upload files to a server's corpus as /corpus add does: folders give the files of the
    types an upload takes (others are left alone); a file named outright that cannot be
    uploaded is an error. The others still land."""
    added = updated = 0
    errors: list[str] = []
    try:
        files = list(article_paths(paths, UPLOAD_SUFFIXES))
    except CorpusError as error:
        raise click.ClickException(str(error)) from None
    if (details != UploadDetails() or replace is not None) and len(files) != 1:
        raise click.UsageError(
            f"--title, --author, --date, --url, --kind and --replace describe one file; these "
            f"paths give {len(files)}: upload them one at a time"
        )
    for path in files:
        try:
            data = path.read_bytes()
            uploaded = await library.upload(data, path.name, scope, None, details, replace=replace)
        except OSError as error:
            errors.append(f"{path}: cannot read it: {error.strerror or error}")
            continue
        except CorpusError as error:  # it names the file by its name; say where it is
            line = f", line {error.line}" if error.line is not None else ""
            errors.append(f"{path}{line}: {error.problem}")
            continue
        updated += uploaded.replaced is not None
        added += uploaded.replaced is None
        click.echo(describe_upload(uploaded, scope))
    for message in errors:
        click.echo(f"error: {message}", err=True)
    rejected = f", {len(errors)} rejected" if errors else ""
    click.echo(f"{added} added, {updated} updated{rejected}")
    if errors or not files:
        raise click.exceptions.Exit(1)


def describe_upload(uploaded: Uploaded, scope: str) -> str:
    """One line: what an upload added or replaced, and why its id is what it is."""
    document, replaced, taken = uploaded.document, uploaded.replaced, uploaded.id_taken_by
    if replaced is not None:
        return (
            f"updated {document.id} for server {scope} (it replaces “{replaced.title}”, "
            f"uploaded from {replaced.source})"
        )
    line = f"added {document.id} for server {scope}"
    if taken is not None:
        line += (
            f" ({taken.id} is “{taken.title}”, from {taken.source}; to update that one, "
            f"upload with --replace {taken.id})"
        )
    return line


@cli.command(name="import-debates")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_obj
def import_debates(settings: Settings, path: Path) -> None:
    """Import idebate.org Debatabase debates (one a folder, or a tree of them) as debates."""

    async def work(library: Library) -> None:
        started = time.perf_counter()
        report = await library.import_debates(path)
        elapsed = time.perf_counter() - started
        for error in report.errors:
            click.echo(f"skipped: {error}", err=True)
        passages = sum(
            len(library.engine.collection.documents[doc_id].passages)
            for doc_id in (*report.added, *report.updated)
            if doc_id in library.engine.collection.documents
        )
        click.echo(f"{report.summary()}; {passages:,} passages written in {elapsed:.1f} s")
        if report.errors and not (report.changed or report.unchanged):
            raise click.exceptions.Exit(1)

    with_library(settings, work)


@cli.command(name="rebut")
@click.argument("argument", nargs=-1, required=True)
@click.option("--k", "k", type=click.IntRange(1, 20), default=3, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def rebut_command(settings: Settings, argument: tuple[str, ...], k: int, as_json: bool) -> None:
    """The passages of the corpus's debates that answer ARGUMENT best."""

    async def work(library: Library) -> None:
        try:
            rebuttal = await library.rebut(" ".join(argument), k)
        except QuestionError as error:
            raise click.ClickException(str(error)) from None
        if as_json:
            payload = {
                "argument": rebuttal.argument,
                "found": rebuttal.found.id if rebuttal.found else None,
                "side": rebuttal.side.value if rebuttal.side else None,
                "linked": rebuttal.linked,
                "answers": [quote.to_json() for quote in rebuttal.quotes],
            }
            click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        click.echo(describe_rebuttal(rebuttal))
        for number, quote in enumerate(rebuttal.quotes, start=1):
            click.echo()
            click.echo(format_quote(number, quote))

    with_library(settings, work)


def describe_rebuttal(rebuttal: Rebuttal) -> str:
    if not rebuttal.quotes:
        return "No debate in the corpus argues this, so there is nothing to answer it with."
    if rebuttal.found is not None and rebuttal.found.side is not None:
        where = f"{rebuttal.found.side.label}'s point “{rebuttal.found.heading or ''}”"
        if rebuttal.linked:
            return f"This is the {where}; the other side's answer to it comes first."
        return f"This is the {where}; the other side's answers follow."
    return "This argument is not in the corpus; the closest debate's answers follow."


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@GUILD_OPTION
@click.pass_obj
def sources(settings: Settings, as_json: bool, guild_id: int | None) -> None:
    """List the documents in the corpus with their metadata."""

    async def work(library: Library) -> None:
        visible = library.engine.collection.visible_documents(str(guild_id) if guild_id else "")
        docs = sorted(visible, key=lambda d: (d.meta.date, d.id))
        if as_json:
            rows = [{**d.meta.model_dump(mode="json"), "paragraphs": len(d.passages)} for d in docs]
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not docs:
            click.echo("The corpus is empty: `debate-bot ingest PATH` adds articles.")
        for d in docs:
            m = d.meta
            role = f" ({m.author_role})" if m.author_role else ""
            click.echo(f"{m.id}  [{m.kind.value}, {m.date.isoformat()}, {len(d.passages)} ¶]")
            click.echo(
                f"    “{m.title}” by {m.author}{role}" + (f", {m.publisher}" if m.publisher else "")
            )
            if m.responds_to:
                click.echo(f"    responds to: {m.responds_to}")
            if m.url:
                click.echo(f"    {m.url}")

    with_library(settings, work)


@cli.command()
@click.argument("text", nargs=-1, required=True)
@click.pass_obj
def check(settings: Settings, text: tuple[str, ...]) -> None:
    """Is TEXT in the corpus verbatim, nearly (with the true wording), or not at all?"""
    from bot.engine.check import Verdict, check_quote

    async def work(library: Library) -> str:
        result = check_quote(library.engine, " ".join(text))
        if result.verdict is Verdict.VERBATIM and result.attribution:
            return f"Verbatim, in {describe(result.attribution)}:\n  “{result.true_wording}”"
        if result.attribution is None:
            return "Not in the corpus: no passage is close to these words."
        head = (
            f"Nearly ({result.ratio:.0%} of the words match), in {describe(result.attribution)}."
            if result.verdict is Verdict.NEARLY
            else f"Not in the corpus. The closest passage ({result.ratio:.0%} of the words) is "
            f"in {describe(result.attribution)}."
        )
        return (
            f"{head}\n  The text says: “{result.true_wording}”\n"
            f"  Difference ([-yours-] {{+the text+}}): {result.diff}"
        )

    try:
        click.echo(with_library(settings, work))
    except QuestionError as error:
        raise click.ClickException(str(error)) from None


def describe(who: Attribution) -> str:
    speaker = who.speaker + (
        " (publisher's introduction)" if who.voice.value == "publisher" else ""
    )
    place = f"¶{who.paragraph} [{who.doc_id}:p{who.paragraph}]"
    return f"{speaker}, “{who.title}”, {who.date.isoformat()}, {place}"


@cli.command()
@click.option("--document", "doc_id", default=None, help="Only this document id.")
@click.option(
    "--type",
    "kind",
    type=click.Choice(["source", "statistic", "event", "study", "example"]),
    default=None,
    help="Only this kind of evidence.",
)
@click.pass_obj
def evidence(settings: Settings, doc_id: str | None, kind: str | None) -> None:
    """List the evidence sentences (sources, numbers, dated events, studies, examples)."""
    from bot.engine.debate import list_evidence
    from bot.engine.evidence import SentenceKind

    async def work(library: Library) -> None:
        if doc_id is not None and doc_id not in library.engine.collection.documents:
            raise click.ClickException(f"no document with id {doc_id!r}; see `debate-bot sources`")
        items = list_evidence(library.engine, doc_id, SentenceKind(kind) if kind else None)
        if not items:
            click.echo("No evidence sentences found.")
        for item in items:
            kinds = ", ".join(k.value for k in item.kinds)
            click.echo(f"[{item.passage_id}] {item.speaker} ({kinds})")
            click.echo(
                textwrap.fill(item.sentence, 88, initial_indent="   “", subsequent_indent="    ")
                + "”"
            )
            if item.sources:
                click.echo(f"   sources: {'; '.join(item.sources)}")

    with_library(settings, work)


@cli.command()
@click.argument("topic", nargs=-1, required=True)
@click.pass_obj
def clash(settings: Settings, topic: tuple[str, ...]) -> None:
    """Side by side: the best passage of each side of an exchange on TOPIC."""
    from bot.engine.debate import clash as find_clashes

    async def work(library: Library) -> None:
        clashes = find_clashes(library.engine, " ".join(topic))
        if not clashes:
            click.echo("Neither side of any exchange in the corpus speaks to this.")
        for item in clashes:
            for side, quote in ((item.first, item.first_quote), (item.second, item.second_quote)):
                click.echo(f"{side.label}:")
                click.echo(
                    format_quote(1, quote).split("\n", 1)[1] if quote else "   (nothing on this)"
                )
            click.echo()

    try:
        with_library(settings, work)
    except QuestionError as error:
        raise click.ClickException(str(error)) from None


@cli.command()
@click.argument("doc_id")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.3, show_default=True)
@click.pass_obj
def unanswered(settings: Settings, doc_id: str, threshold: float) -> None:
    """The paragraphs of DOC_ID (an op-ed) that no reply in the corpus engages with."""
    from bot.engine.debate import unanswered as find_unanswered

    async def work(library: Library) -> None:
        if doc_id not in library.engine.collection.documents:
            raise click.ClickException(f"no document with id {doc_id!r}; see `debate-bot sources`")
        try:
            items = find_unanswered(library.engine, doc_id, threshold)
        except LookupError as error:
            raise click.ClickException(str(error)) from None
        if not items:
            click.echo("The replies engage every paragraph.")
        for item in items:
            coverage = f"best reply coverage {item.coverage:.0%}"
            click.echo(f"[{item.passage.id}] {item.passage.speaker} ({coverage})")
            click.echo(
                textwrap.fill(item.passage.text, 88, initial_indent="   ", subsequent_indent="   ")
            )

    with_library(settings, work)


@cli.command(name="eval")
@click.argument("question_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--corpus",
    "corpus_paths",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Article files or folders to evaluate over (default: the bundled corpus).",
)
@click.option("--baseline/--no-baseline", default=True, help="Also score plain rank-bm25.")
@click.option("--misses", is_flag=True, help="List the questions the engine got wrong.")
@click.pass_obj
def evaluate_command(
    settings: Settings,
    question_file: Path,
    corpus_paths: tuple[Path, ...],
    baseline: bool,
    misses: bool,
) -> None:
    """Score the engine on a question file: hit@1, hit@3, MRR, quote, speaker, abstention."""
    from bot.engine.answer import AnswerEngine
    from bot.engine.evaluate import (
        EvalFileError,
        engine_system,
        evaluate,
        load_questions,
        whitespace_bm25_system,
    )
    from bot.engine.formats.article import article_paths, read_article
    from bot.engine.models import CorpusError
    from bot.library import answer_settings

    try:
        documents = [read_article(p) for p in article_paths(corpus_paths or [settings.corpus_dir])]
        questions = load_questions(question_file)
    except (CorpusError, EvalFileError) as error:
        raise click.ClickException(str(error)) from None
    engine = AnswerEngine(documents, answer_settings(settings))
    click.echo(
        f"{len(questions)} questions over {len(documents)} documents, "
        f"{len(engine.collection.passages)} passages\n"
    )
    report = evaluate(questions, engine_system(engine))
    click.echo(report.table("debate-bot"))
    if baseline:
        without = AnswerEngine(
            documents, dataclasses.replace(answer_settings(settings), understanding=False)
        )
        before = evaluate(questions, engine_system(without))
        click.echo("\n" + before.table("no understanding"))
        plain = evaluate(questions, whitespace_bm25_system(engine.collection.passages))
        click.echo("\n" + plain.table("rank-bm25 plain"))
    if misses and report.misses:
        click.echo("\nmissed:\n  " + "\n  ".join(report.misses))


@cli.command()
@click.pass_obj
def sync(settings: Settings) -> None:
    """Register the slash commands with Discord (DEV_GUILD_ID if set, else globally)."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value():
        raise click.ClickException("DISCORD_TOKEN is not set (see .env.example).")
    from bot.chat.client import sync_only

    count = asyncio.run(sync_only(settings))
    where = f"guild {settings.dev_guild_id}" if settings.dev_guild_id else "all servers (global)"
    click.echo(f"synced {count} commands to {where}")


def main() -> None:
    cli(prog_name="debate-bot")


if __name__ == "__main__":
    main()
