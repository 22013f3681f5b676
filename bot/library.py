"""The corpus as the bot and the CLI use it: files -> store -> answer engine.

`Library` is the one door: it owns the store and the live engine (`bot.live`), writes through
`bot.ingest` (bundled articles, debates) and `bot.uploads` (a server's own documents), and
answers off the event loop, so Discord's gateway keeps its heartbeat. Ingesting parses every
file before writing anything, writes in one transaction, then swaps in a new engine built off
the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from bot.engine.answer import AnswerEngine
from bot.engine.check import MAX_CHECK_CHARS, CheckResult, check_quote
from bot.engine.cleaning import Question
from bot.engine.debate import Clash, EvidenceItem, Unanswered, clash, list_evidence, unanswered
from bot.engine.evidence import SentenceKind
from bot.engine.formats.details import UploadDetails
from bot.engine.models import Document, Passage, date_order
from bot.engine.rebut import MAX_ARGUMENT_CHARS, Rebuttal, is_point, rebut
from bot.engine.results import Answer
from bot.engine.tuning import UNANSWERED_THRESHOLD
from bot.ingest import CorpusWriter, IngestReport
from bot.live import LiveEngine
from bot.logs import text_summary
from bot.settings import Settings
from bot.store import AuditEntry, ShownAnswer, Store, StoreError
from bot.uploads import Reindexed, Uploaded, Uploader, UploadFile
from bot.workers import UploadWorkers

log = logging.getLogger(__name__)
CHOICES_MAX = 25  # autocomplete offers at most 25 choices (Discord's limit)


def scope_of(guild_id: int | None) -> str:
    """The corpus a place sees: a server's id (the shared documents and its own), or "" in
    direct messages and on the command line (the shared documents only)."""
    return str(guild_id) if guild_id else ""


class Library:
    """The stored corpus and the engine that answers over it."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.uploads = UploadWorkers(
            settings.upload_workers,
            settings.upload_seconds,
            settings.upload_memory_mb * 1024 * 1024,
        )
        self.live = LiveEngine(store, settings)
        self._writer = CorpusWriter(store, self.live)
        self._uploader = Uploader(settings, self.uploads, self._writer)

    @property
    def engine(self) -> AnswerEngine:
        """The engine answering now (replaced, never changed, as the corpus changes)."""
        return self.live.engine

    @engine.setter
    def engine(self, engine: AnswerEngine) -> None:
        self.live.engine = engine

    @classmethod
    async def open(
        cls, settings: Settings, *, sync_corpus: bool = True, warm: bool = True
    ) -> Library:
        """Open the database, load what it holds, and ingest new or changed bundled files.

        With `warm`, each engine put in place (this one, and each after a corpus change) is
        warmed in the background (see `LiveEngine._warm_later`; `warmed` waits for it): what the
        first questions would build on their answer path is built before they come (the first
        "what does the op-ed say...?" at 100k passages took 0.16 s, a warmed one 7 ms). A
        one-shot command, which asks at most one question, passes False.

        Raises StoreError (one plain line) if the database cannot be opened, read or written;
        the database is closed again then, so no thread keeps the process alive.
        """
        store = await Store.connect(
            settings.database_location, busy_seconds=settings.database_busy_seconds
        )
        library = cls(store, settings)
        library.live.warming = warm
        try:
            await library.reload()
            if sync_corpus and settings.corpus_dir.is_dir():
                report = await library.ingest([settings.corpus_dir])
                for error in report.errors:
                    log.warning("bundled article skipped: %s", error)
                if report.changed:
                    log.info("bundled corpus: %s", report.summary())
                # Opened with the index of what it holds stored, as a start without changes.
                await library.live.index_stored()
        except BaseException:
            await library.live.stop_warming()
            await store.close()
            raise
        return library

    async def warmed(self) -> None:
        """Wait until the engine in place is warmed (see `LiveEngine.warmed`): at once when it
        is, or when the library was opened without warming."""
        await self.live.warmed()

    async def close(self) -> None:
        """Stop the upload workers (uploads in progress fail) and the warming of the engine
        (see `LiveEngine.stop_warming`), let the index of the last change be stored (see
        `LiveEngine.index_stored`) and close the database."""
        self.uploads.close()
        await self.live.stop_warming()
        await self.live.index_stored()
        await self.store.close()

    def abandon_uploads(self) -> None:
        """Stop the uploads being read now, at once (a shutdown does not wait for them): each
        fails with "the bot is restarting, so nothing was added"; none is taken after."""
        self.uploads.close()

    def on_storage_fault(self, listener: Callable[[StoreError], object]) -> None:
        """Call `listener` once, the first time the database fails for good (damaged,
        read-only, full, deleted or replaced: see `bot.store.FATAL_FAULTS`); every write after
        that is refused with the same error."""
        self.store.on_fault = listener

    async def watch_storage(self, every: float) -> None:
        """Check every `every` seconds that the database file is still the one opened (not
        deleted or replaced); returns when it is not (the fault listener has been told)."""
        while True:
            await asyncio.sleep(every)
            try:
                await self.store.check_file()
            except StoreError:
                return

    # --- corpus changes: see bot.live (following), bot.ingest and bot.uploads (writing) --------

    async def reload(self) -> None:
        """Rebuild the engine from what the store holds (no article file is read); see
        `LiveEngine.reload`. Raises StoreError if the store cannot be read."""
        await self.live.reload()

    async def catch_up(self) -> bool:
        """Take the corpus changes other processes made since the engine's version; returns
        whether anything changed (see `LiveEngine.catch_up`)."""
        return await self.live.catch_up()

    async def follow_changes(self, poll_seconds: float) -> None:
        """Apply other processes' corpus changes as they are made, until cancelled (see
        `LiveEngine.follow_changes`)."""
        await self.live.follow_changes(poll_seconds)

    async def ingest(self, paths: Iterable[Path]) -> IngestReport:
        """Add or update the articles at `paths` (files or folders); what was added, updated,
        unchanged and rejected (see `CorpusWriter.ingest`)."""
        return await self._writer.ingest(paths)

    async def import_debates(self, root: Path, batch: int = 100) -> IngestReport:
        """Import every Debatabase debate folder under `root`, `batch` debates a transaction
        (see `CorpusWriter.import_debates`)."""
        return await self._writer.import_debates(root, batch)

    async def remove(self, doc_id: str, scope: str = "", user_id: int | None = None) -> bool:
        """Remove a scope's document ("": a shared one); False if the scope has no such
        document (another server's is never touched)."""
        return await self._writer.remove(doc_id, scope, user_id)

    async def upload(
        self,
        data: bytes,
        filename: str,
        scope: str,
        user_id: int | None,
        details: UploadDetails,
        *,
        replace: str | None = None,
        declared_charset: str | None = None,
        url: str | None = None,
    ) -> Uploaded:
        """Add one uploaded file to a server's corpus, or update one of the server's documents
        (the one `replace` names, else the one uploaded from the same file name). `declared_charset`
        and `url` describe a fetched page (its Content-Type charset and where it came from).
        Raises CorpusError naming the file, with nothing written (see `Uploader.upload`)."""
        file = UploadFile(data, filename, details, declared_charset, url)
        return await self._uploader.upload(file, scope, user_id, replace=replace)

    async def upload_link(
        self,
        link: str,
        scope: str,
        user_id: int | None,
        details: UploadDetails,
        *,
        replace: str | None = None,
    ) -> Uploaded:
        """Fetch a pasted link and add the page as `upload` adds a file. Raises CorpusError
        naming the link when it cannot be fetched (see `Uploader.fetch`), and as `upload`
        does (naming the page's file name) when what it gives cannot be added."""
        file = await self._uploader.fetch(link, details)
        return await self._uploader.upload(file, scope, user_id, replace=replace)

    async def reindex(self, scope: str, user_id: int | None = None) -> Reindexed:
        """Read a server's documents again (extracted again where the extractor changed,
        analysed again); the files that could not be are in the result (see
        `Uploader.reindex`)."""
        return await self._uploader.reindex(scope, user_id)

    async def history(self, scope: str, limit: int = 20) -> list[AuditEntry]:
        """A server's latest corpus changes, newest first."""
        return await self.store.audit(scope, limit)

    # --- reading the corpus: cheap lookups, fine on the event loop ------------------------------

    def documents(self, scope: str = "") -> list[Document]:
        """The documents a place sees (`scope`: a server's id, "" for direct messages and the
        command line), oldest first (by date, then id)."""
        visible = self.engine.collection.visible_documents(scope)
        return sorted(visible, key=lambda d: (date_order(d.meta.date), d.id))

    def own_documents(self, scope: str) -> list[Document]:
        """A server's uploads (not the shared documents)."""
        return self.engine.collection.own_documents(scope)

    def document(self, doc_id: str, scope: str = "") -> Document | None:
        """The document with that id, if the place may see it."""
        collection = self.engine.collection
        if not collection.is_visible(doc_id, scope):
            return None
        return collection.documents[doc_id]

    def passage(self, passage_id: str, scope: str = "") -> Passage | None:
        """The passage with that id (`doc-id:pN`), if the place may see its document."""
        collection = self.engine.collection
        passage = collection.passage_by_id.get(passage_id)
        if passage is None or not collection.is_visible(passage.doc_id, scope):
            return None
        return passage

    def document_of(self, passage: Passage) -> Document:
        """The document a passage (one this library gave out) belongs to."""
        return self.engine.collection.documents[passage.doc_id]

    def context(self, passage_id: str) -> list[Passage]:
        """The passage with the paragraphs on either side of it, in order."""
        return self.engine.collection.neighbours(passage_id)

    def step(self, passage: Passage, by: int) -> Passage:
        """The paragraph `by` paragraphs after (before, when negative) `passage` in its
        document, stopping at the first and the last."""
        paragraphs = self.document_of(passage).passages
        return paragraphs[min(max(passage.number - 1 + by, 0), len(paragraphs) - 1)]

    def document_choices(self, typed: str, scope: str = "", *, own: bool = False) -> list[Document]:
        """Documents whose title or id contains what was typed, by title, at most
        `CHOICES_MAX`: those the place sees, or (`own`) the server's uploads only."""
        needle = typed.casefold().strip()
        collection = self.engine.collection
        documents = self.own_documents(scope) if own else collection.visible_documents(scope)
        return [
            document
            for document in sorted(documents, key=lambda d: d.meta.title)
            if not needle or needle in document.meta.title.casefold() or needle in document.id
        ][:CHOICES_MAX]

    async def passage_choices(self, typed: str, scope: str = "") -> list[Passage]:
        """Passages for what was typed, at most `CHOICES_MAX`, of the documents the place sees:
        those whose id starts with it; else the best BM25 matches for its words; else those
        of the documents whose id starts with it. Off the event loop (it scans every passage)."""
        return await asyncio.to_thread(self._passage_choices, self.engine, typed.strip(), scope)

    @staticmethod
    def _passage_choices(engine: AnswerEngine, needle: str, scope: str) -> list[Passage]:
        collection = engine.collection
        mask = collection.visible_mask(scope)
        visible = [p for p, shown in zip(collection.passages, mask, strict=True) if shown]
        if not needle:
            return visible[:CHOICES_MAX]
        passages: list[Passage] = []
        if ":" in needle or any(p.id.startswith(needle) for p in visible):
            passages = [p for p in visible if p.id.startswith(needle)]
        if not passages:
            passages = engine.search(needle, scope, CHOICES_MAX)
        if not passages:
            folded = needle.casefold()
            passages = [p for p in visible if p.doc_id.startswith(folded)]
        return passages[:CHOICES_MAX]

    async def point_choices(self, typed: str, scope: str = "") -> list[Passage]:
        """Debate points (a side's titled point, not an answer) the place sees, at most
        `CHOICES_MAX`, for an argument being typed: those its words match best by BM25, else
        (nothing typed, or no word matched) the first in corpus order. Picking one gives
        `rebut` the point's own title, which it finds as that point. Off the event loop."""
        return await asyncio.to_thread(self._point_choices, self.engine, typed.strip(), scope)

    @staticmethod
    def _point_choices(engine: AnswerEngine, typed: str, scope: str) -> list[Passage]:
        collection = engine.collection
        allowed = collection.debate_mask() & collection.visible_mask(scope)
        if typed:
            positions, _ = collection.index.search_arrays(
                engine.analyser.terms(typed),
                allowed,
                statistics=collection.statistics(scope),
            )
            matched = [collection.passages[int(p)] for p in positions]
            found = [p for p in matched if is_point(p)][:CHOICES_MAX]
            if found:
                return found
        points = (p for p, shown in zip(collection.passages, allowed, strict=True) if shown)
        return [p for p in points if is_point(p)][:CHOICES_MAX]

    # --- questions: cleaned once, before anything is acknowledged ----------------------------

    def question(self, text: str) -> Question:
        """`text` cleaned as a question; QuestionError when it is empty or over
        MAX_QUESTION_CHARS. A caller that must refuse privately checks here first and passes
        the result on (it is not cleaned again)."""
        return Question.of(text, self.settings.max_question_chars)

    def argument(self, text: str) -> Question:
        """`text` cleaned as an argument to rebut (QuestionError: empty, over
        MAX_ARGUMENT_CHARS)."""
        return Question.of(text, MAX_ARGUMENT_CHARS)

    def quotation(self, text: str) -> Question:
        """`text` cleaned as words to look for verbatim (QuestionError: empty, over
        MAX_CHECK_CHARS)."""
        return Question.of(text, MAX_CHECK_CHARS)

    # --- answering: CPU-bound, off the event loop --------------------------------------------

    async def ask(
        self,
        question: str | Question,
        k: int | None = None,
        *,
        offset: int = 0,
        doc_id: str | None = None,
        scope: str = "",
    ) -> Answer:
        """The top-k quotes for `question` from `offset` on, or an abstention (see
        `AnswerEngine.answer`). Raises QuestionError for an empty or over-long question.

        Logged at DEBUG as its length and a hash (its words only with LOG_CONTENT)."""
        engine = self.engine
        started = time.perf_counter()
        answer = await asyncio.to_thread(
            engine.answer,
            question,
            k,
            offset=offset,
            doc_id=doc_id,
            max_question_chars=self.settings.max_question_chars,
            scope=scope,
        )
        text = question.text if isinstance(question, Question) else question
        log.debug(
            "question %s in %s: %s in %.0f ms",
            text_summary(text, show=self.settings.log_content),
            f"server {scope}" if scope else "the shared corpus",
            "abstained" if answer.abstained else f"{len(answer.quotes)} quotes",
            (time.perf_counter() - started) * 1000,
        )
        return answer

    async def rebut(self, argument: str | Question, k: int = 3, scope: str = "") -> Rebuttal:
        """The best counters to an argument (see `bot.engine.rebut`)."""
        return await asyncio.to_thread(rebut, self.engine, argument, k, scope=scope)

    async def clash(self, topic: str, scope: str = "") -> list[Clash]:
        """Each side's best passage on a topic (see `bot.engine.debate.clash`)."""
        return await asyncio.to_thread(clash, self.engine, topic, scope)

    async def check(self, text: str | Question, scope: str = "") -> CheckResult:
        """Whether `text` is in the corpus verbatim, nearly, or not at all."""
        return await asyncio.to_thread(check_quote, self.engine, text, scope)

    async def evidence(
        self, doc_id: str | None = None, kind: SentenceKind | None = None, scope: str = ""
    ) -> list[EvidenceItem]:
        """Every evidence sentence (of one document, of one kind), in text order."""
        return await asyncio.to_thread(list_evidence, self.engine, doc_id, kind, scope)

    async def unanswered(
        self, doc_id: str, scope: str = "", threshold: float = UNANSWERED_THRESHOLD
    ) -> list[Unanswered]:
        """The paragraphs of an op-ed no reply engages; LookupError when nothing replies."""
        return await asyncio.to_thread(unanswered, self.engine, doc_id, threshold, scope)

    # --- what the bot remembers: answers shown, feedback, channels ---------------------------

    async def remember(
        self,
        answer: Answer,
        k: int,
        doc_id: str | None,
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int | None,
    ) -> int | None:
        """Store an answer as shown, so its buttons work later (after restarts too); its id,
        or None for an abstention (which has no buttons)."""
        if answer.abstained:
            return None
        return await self.store.save_answer(
            answer.question,
            k,
            doc_id,
            [quote.passage_id for quote in answer.quotes],
            user_id=user_id,
            guild_id=guild_id,
            channel_id=channel_id,
        )

    async def remembered(self, answer_id: int) -> ShownAnswer | None:
        """An answer as shown, or None when it is too old to be kept."""
        return await self.store.answer(answer_id)

    async def turn_page(self, answer_id: int, answer: Answer) -> None:
        """The answer message now shows `answer` (the next page of the same question)."""
        await self.store.move_answer(
            answer_id, answer.offset, [quote.passage_id for quote in answer.quotes]
        )

    async def feedback(
        self, passage_id: str, question: str, vote: int, user_id: int, guild_id: int | None
    ) -> None:
        """A reader's 👍 (1) or 👎 (-1) on a passage as the answer to a question."""
        await self.store.record_feedback(passage_id, question, vote, user_id, guild_id)

    async def listening_channels(self) -> set[int]:
        """The channels where plain questions ending in '?' are answered."""
        return await self.store.listening_channels()

    async def set_listening(self, channel_id: int, guild_id: int | None, listen: bool) -> None:
        """Answer plain questions ending in '?' in a channel (`listen`), or stop."""
        await self.store.set_listening(channel_id, guild_id, listen)

    async def synced_commands(self, scope: str) -> str | None:
        """The digest of the slash commands last registered with Discord in `scope` (an
        application and a guild, or global), if they were."""
        return await self.store.synced_commands(scope)

    async def record_synced_commands(self, scope: str, digest: str) -> None:
        """Remember that the slash commands of `digest` are what Discord holds in `scope`."""
        await self.store.record_synced_commands(scope, digest)
