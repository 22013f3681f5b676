"""Commands that answer from the corpus: ask, rebut, check, evidence, clash, unanswered."""

from __future__ import annotations

import json

import click

from bot.cli.app import GUILD_OPTION, known_document, print_result
from bot.cli.render import (
    answer_text,
    check_text,
    clash_text,
    evidence_text,
    rebuttal_text,
    unanswered_text,
)
from bot.engine.evidence import EVIDENCE_KINDS, SentenceKind
from bot.engine.tuning import UNANSWERED_THRESHOLD
from bot.library import Library, scope_of
from bot.settings import Settings


def _json(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2)


@click.command()
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
    scope = scope_of(guild_id)

    async def work(library: Library) -> str:
        if doc_id is not None:
            known_document(library, doc_id, scope)
        answer = await library.ask(" ".join(question), k, doc_id=doc_id, scope=scope)
        return _json(answer.to_json()) if as_json else answer_text(answer)

    print_result(settings, work)


@click.command(name="rebut")
@click.argument("argument", nargs=-1, required=True)
@click.option("--k", "k", type=click.IntRange(1, 20), default=3, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@GUILD_OPTION
@click.pass_obj
def rebut(
    settings: Settings, argument: tuple[str, ...], k: int, as_json: bool, guild_id: int | None
) -> None:
    """The passages of the corpus's debates that answer ARGUMENT best."""

    async def work(library: Library) -> str:
        rebuttal = await library.rebut(" ".join(argument), k, scope=scope_of(guild_id))
        return _json(rebuttal.to_json()) if as_json else rebuttal_text(rebuttal)

    print_result(settings, work)


@click.command()
@click.argument("text", nargs=-1, required=True)
@GUILD_OPTION
@click.pass_obj
def check(settings: Settings, text: tuple[str, ...], guild_id: int | None) -> None:
    """Is TEXT in the corpus verbatim, nearly (with the true wording), or not at all?"""

    async def work(library: Library) -> str:
        return check_text(await library.check(" ".join(text), scope=scope_of(guild_id)))

    print_result(settings, work)


@click.command()
@click.option("--document", "doc_id", default=None, help="Only this document id.")
@click.option(
    "--type",
    "kind",
    type=click.Choice([kind.value for kind in SentenceKind if kind in EVIDENCE_KINDS]),
    default=None,
    help="Only this kind of evidence.",
)
@GUILD_OPTION
@click.pass_obj
def evidence(
    settings: Settings, doc_id: str | None, kind: str | None, guild_id: int | None
) -> None:
    """List the evidence sentences (sources, numbers, dated events, studies, examples)."""
    scope = scope_of(guild_id)

    async def work(library: Library) -> str:
        if doc_id is not None:
            known_document(library, doc_id, scope)
        items = await library.evidence(doc_id, SentenceKind(kind) if kind else None, scope)
        return evidence_text(items)

    print_result(settings, work)


@click.command()
@click.argument("topic", nargs=-1, required=True)
@GUILD_OPTION
@click.pass_obj
def clash(settings: Settings, topic: tuple[str, ...], guild_id: int | None) -> None:
    """Side by side: the best passage of each side of an exchange on TOPIC."""

    async def work(library: Library) -> str:
        return clash_text(await library.clash(" ".join(topic), scope_of(guild_id)))

    print_result(settings, work)


@click.command()
@click.argument("doc_id")
@click.option(
    "--threshold", type=click.FloatRange(0, 1), default=UNANSWERED_THRESHOLD, show_default=True
)
@GUILD_OPTION
@click.pass_obj
def unanswered(settings: Settings, doc_id: str, threshold: float, guild_id: int | None) -> None:
    """The paragraphs of DOC_ID (an op-ed) that no reply in the corpus engages with."""
    scope = scope_of(guild_id)

    async def work(library: Library) -> str:
        known_document(library, doc_id, scope)
        try:
            return unanswered_text(
                await library.unanswered(doc_id, scope=scope, threshold=threshold)
            )
        except LookupError as error:
            raise click.ClickException(
                f"{error} (a reply is linked to what it answers by its metadata: "
                "`ingest --guild ID --responds-to DOC_ID FILE`, or /corpus add's responds_to)"
            ) from None

    print_result(settings, work)
