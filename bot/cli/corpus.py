"""Commands that change or list the corpus: ingest (shared files, or uploads to a server),
import-debates, sources."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

import click

from bot.cli.app import GUILD_OPTION, guild_option, with_library
from bot.cli.render import sources_text
from bot.engine.formats.article import article_paths
from bot.engine.formats.upload import UPLOAD_SUFFIXES, UploadDetails
from bot.engine.forms import participants
from bot.engine.models import CorpusError, Kind
from bot.fetch import is_link
from bot.library import Library, scope_of
from bot.settings import Settings
from bot.uploads import Uploaded


@click.command()
@click.argument("arguments", metavar="PATHS", nargs=-1, required=True)
@guild_option(
    "Add to this server's own corpus, as /corpus add does (.md, .txt, .html, .pdf, or an "
    "http(s) link in place of a path).",
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
    "--responds-to",
    "responds_to",
    help="With --guild and one file: the document it answers (an id or title the server sees).",
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
    arguments: tuple[str, ...],
    guild_id: int | None,
    title: str | None,
    author: str | None,
    date: str | None,
    url: str | None,
    kind: str | None,
    responds_to: str | None,
    replace: str | None,
) -> None:
    """Add or update articles (files in the corpus format, or folders of them)."""
    links = [argument for argument in arguments if is_link(argument)]
    paths = tuple(Path(argument) for argument in arguments if not is_link(argument))
    if links and guild_id is None:
        raise click.UsageError("links are uploads: add them with --guild ID")
    details = UploadDetails(
        title=title, author=author, date=date, url=url, kind=kind, responds_to=responds_to
    )
    if guild_id is None and (details != UploadDetails() or replace is not None):
        raise click.UsageError(
            "--title, --author, --date, --url, --kind, --responds-to and --replace describe "
            "uploads: use them with --guild (a shared article gives its own in its metadata "
            "block)"
        )

    async def work(library: Library) -> None:
        if guild_id is not None:
            await upload_files(library, paths, scope_of(guild_id), details, links, replace)
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
    links: Sequence[str] = (),
    replace: str | None = None,
) -> None:
    """Upload files and links to a server's corpus as /corpus add does: folders give the
    files of the types an upload takes (others are left alone); a file named outright that
    cannot be uploaded is an error. The others still land."""
    added = updated = 0
    errors: list[str] = []
    try:
        files = list(article_paths(paths, UPLOAD_SUFFIXES))
    except CorpusError as error:
        raise click.ClickException(str(error)) from None
    if (details != UploadDetails() or replace is not None) and len(files) + len(links) != 1:
        # The title makes the id: given to several files, each would be another document.
        raise click.UsageError(
            f"--title, --author, --date, --url, --kind and --replace describe one file; these "
            f"paths give {len(files) + len(links)}: upload them one at a time"
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
        click.echo(upload_line(uploaded, scope))
    for link in links:
        try:
            uploaded = await library.upload_link(link, scope, None, details, replace=replace)
        except CorpusError as error:
            errors.append(str(error))
            continue
        updated += uploaded.replaced is not None
        added += uploaded.replaced is None
        click.echo(upload_line(uploaded, scope))
    for message in errors:
        click.echo(f"error: {message}", err=True)
    rejected = f", {len(errors)} rejected" if errors else ""
    click.echo(f"{added} added, {updated} updated{rejected}")
    if errors or not (files or links):
        raise click.exceptions.Exit(1)


def upload_line(uploaded: Uploaded, scope: str) -> str:
    """One line: what an upload added or replaced, and why its id is what it is; then a line
    for each thing the reading of the file left out (`Uploaded.notes`)."""
    document, replaced, taken = uploaded.document, uploaded.replaced, uploaded.id_taken_by
    notes = "".join(f"\n  note: {note}" for note in uploaded.notes)
    if replaced is not None:
        return (
            f"updated {document.id} for server {scope} (it replaces “{replaced.title}”, "
            f"uploaded from {replaced.source})"
        ) + notes
    line = f"added {document.id} for server {scope}"
    if taken is not None:
        line += (
            f" ({taken.id} is “{taken.title}”, from {taken.source}; to update that one, "
            f"upload with --replace {taken.id})"
        )
    return line + notes


@click.command(name="import-debates")
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
        written = [library.document(doc_id) for doc_id in (*report.added, *report.updated)]
        passages = sum(len(document.passages) for document in written if document is not None)
        click.echo(f"{report.summary()}; {passages:,} passages written in {elapsed:.1f} s")
        if report.errors and not (report.changed or report.unchanged):
            raise click.exceptions.Exit(1)
        if not (report.errors or report.changed or report.unchanged):
            click.echo(
                f"error: no debate was found in {path} (a debate is a folder holding the "
                "Debatabase's files; see the README)",
                err=True,
            )
            raise click.exceptions.Exit(1)

    with_library(settings, work)


@click.command()
@click.option("--json", "as_json", is_flag=True)
@GUILD_OPTION
@click.pass_obj
def sources(settings: Settings, as_json: bool, guild_id: int | None) -> None:
    """List the documents in the corpus with their metadata."""

    async def work(library: Library) -> None:
        documents = library.documents(scope_of(guild_id))
        if as_json:
            rows = [
                {
                    **d.meta.model_dump(mode="json"),
                    "paragraphs": len(d.passages),
                    # A thread's writers, its starter first (only a thread has them).
                    **({"participants": list(people)} if (people := participants(d)) else {}),
                }
                for d in documents
            ]
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            # The documents that come with the bot, among a server's own: marked as such.
            own = {d.id for d in library.own_documents(scope_of(guild_id))} if guild_id else None
            bundled = {d.id for d in documents} - own if own is not None else set()
            click.echo(sources_text(documents, bundled))

    with_library(settings, work)


@click.command()
@click.argument("doc_id")
@guild_option(
    "Remove one of this server's own documents, as /corpus remove does (another server's "
    "are never touched); without it, a shared document.",
)
@click.pass_obj
def remove(settings: Settings, doc_id: str, guild_id: int | None) -> None:
    """Remove the document DOC_ID (an id as `sources` lists it) and its passages."""

    async def work(library: Library) -> None:
        scope = scope_of(guild_id)
        document = library.document(doc_id, scope)
        bundled = (
            document is not None
            and not guild_id
            and (settings.corpus_dir / Path(document.source).name).is_file()
        )
        if not await library.remove(doc_id, scope):
            whose = f"server {guild_id}'s own documents" if guild_id else "the shared documents"
            listing = f"sources --guild {guild_id}" if guild_id else "sources"
            click.echo(
                f"error: no document {doc_id!r} among {whose} (`{listing}` lists them)", err=True
            )
            raise click.exceptions.Exit(1)
        note = (
            f" (a bundled file: it comes back at the next start unless it leaves "
            f"{settings.corpus_dir})"
        )
        click.echo(f"removed {doc_id}" + (note if bundled else ""))

    with_library(settings, work)
