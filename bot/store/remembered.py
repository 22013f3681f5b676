"""What the bot remembers besides the corpus: readers' feedback, the channels it listens in,
the slash commands last registered with Discord, and the answers it has shown (so their
buttons work after a restart).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.store.access import StoreAccess, _guarded
from bot.store.records import ShownAnswer, now, str_or_none


class BotMemory(StoreAccess):
    """Feedback, channel settings, synced commands and shown answers, one row each."""

    # --- feedback and channels -------------------------------------------------------------

    async def record_feedback(
        self, passage_id: str, question: str, vote: int, user_id: int, guild_id: int | None
    ) -> None:
        """One vote per user, passage and question; voting again replaces the earlier vote."""

        async def work() -> None:
            await self._run(
                "INSERT INTO feedback (passage_id, question, vote, user_id, guild_id, created_at)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT (passage_id, question, user_id)"
                " DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at",
                (passage_id, question, vote, str(user_id), str_or_none(guild_id), now()),
            )

        await self._write(work)

    @_guarded
    async def feedback(self, passage_id: str) -> list[tuple[str, int, str]]:
        """(question, vote, user id) of every vote on a passage."""
        query = "SELECT question, vote, user_id FROM feedback WHERE passage_id = ? ORDER BY id"
        rows = await self._rows(query, (passage_id,))
        return [(str(r[0]), int(r[1]), str(r[2])) for r in rows]

    async def set_listening(self, channel_id: int, guild_id: int | None, listen: bool) -> None:
        """Answer plain questions in a channel (`listen`), or stop; one row a channel."""

        async def work() -> None:
            await self._run(
                "INSERT INTO channel_settings (channel_id, guild_id, listen) VALUES (?,?,?)"
                " ON CONFLICT (channel_id) DO UPDATE SET listen = excluded.listen",
                (str(channel_id), str_or_none(guild_id), int(listen)),
            )

        await self._write(work)

    @_guarded
    async def listening_channels(self) -> set[int]:
        """The ids of the channels where plain questions are answered."""
        query = "SELECT channel_id FROM channel_settings WHERE listen = 1"
        rows = await self._rows(query)
        return {int(row[0]) for row in rows}

    @_guarded
    async def synced_commands(self, scope: str) -> str | None:
        """The digest of the commands last registered in `scope`, if any were."""
        query = "SELECT digest FROM command_sync WHERE scope = ?"
        row = await self._row(query, (scope,))
        return str(row[0]) if row else None

    async def record_synced_commands(self, scope: str, digest: str) -> None:
        """Remember that the commands of `digest` are what Discord holds in `scope`."""

        async def work() -> None:
            await self._run(
                "INSERT INTO command_sync (scope, digest, synced_at) VALUES (?, ?, ?)"
                " ON CONFLICT (scope) DO UPDATE SET digest = excluded.digest,"
                " synced_at = excluded.synced_at",
                (scope, digest, now()),
            )

        await self._write(work)

    # --- answers shown in Discord -----------------------------------------------------------

    async def save_answer(
        self,
        question: str,
        k: int,
        doc_id: str | None,
        passage_ids: Sequence[str],
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int | None,
    ) -> int:
        """Keep an answer as shown (its question, `k`, the document it was limited to and its
        passages' ids, in order), for its buttons; returns its id."""

        async def work() -> int:
            row = await self._row(
                "INSERT INTO answers (question, k, doc_id, passage_ids_json, guild_id,"
                " channel_id, user_id, created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
                (
                    question,
                    k,
                    doc_id,
                    json.dumps(list(passage_ids)),
                    str_or_none(guild_id),
                    str_or_none(channel_id),
                    str(user_id),
                    now(),
                ),
            )
            return int(row[0]) if row else 0

        return await self._write(work)

    @_guarded
    async def answer(self, answer_id: int) -> ShownAnswer | None:
        """An answer as shown, or None when no answer has that id."""
        query = (
            "SELECT id, question, k, doc_id, page_offset, passage_ids_json, user_id"
            " FROM answers WHERE id = ?"
        )
        row = await self._row(query, (answer_id,))
        if row is None:
            return None
        return ShownAnswer(
            id=int(row[0]),
            question=str(row[1]),
            k=int(row[2]),
            doc_id=row[3],
            offset=int(row[4]),
            passage_ids=tuple(json.loads(row[5])),
            user_id=int(row[6]),
        )

    async def move_answer(self, answer_id: int, offset: int, passage_ids: Sequence[str]) -> None:
        """The shown answer now starts at quote `offset` and shows these passages."""

        async def work() -> None:
            await self._run(
                "UPDATE answers SET page_offset = ?, passage_ids_json = ? WHERE id = ?",
                (offset, json.dumps(list(passage_ids)), answer_id),
            )

        await self._write(work)
