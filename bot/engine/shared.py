"""A server's own uploads before the shared documents: the practice debates' padding left out.

Every server sees the bundled documents (a practice debate, a reply) beside its own uploads. A
question about an upload that shares a word or two with the debate ("cost", "access") would have
"Opposition point 1 ..." among its first quotes, though a server's users mostly ask about what
they uploaded. After a first quote from the server's own uploads, a shared document's passage is
shown only when it scores at least SHARED_SECONDARY_SHARE of that first quote; a question that
concerns a debate ("the opposition", "the motion", "in the internet debate") keeps them all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engine.collection import Collection
from bot.engine.question import Query
from bot.engine.ranking import Scored
from bot.engine.tuning import SHARED_SECONDARY_SHARE

# Words that say a question concerns a debate (the bundled practice debates are shared).
_ABOUT_DEBATES = re.compile(r"\b(?:debates?|motions?|proposition|opposition|prop|opp)\b", re.I)


def own_uploads_first(
    collection: Collection, query: Query, head: Sequence[Scored]
) -> Sequence[Scored]:
    """`head` (ranked, best first) less the shared documents' passages scoring under
    SHARED_SECONDARY_SHARE of the first, when the first is the asking server's own upload
    (`query.scope`) and the question names no document or debate side and no debate word;
    `head` itself otherwise."""
    if not head or not query.scope or query.focus.doc_ids or query.focus.side is not None:
        return head
    scopes = collection.scopes
    if scopes.get(head[0].passage.doc_id) != query.scope or _ABOUT_DEBATES.search(query.text):
        return head
    floor = head[0].score * SHARED_SECONDARY_SHARE
    return [
        scored
        for scored in head
        if scored.score >= floor or scopes.get(scored.passage.doc_id) == query.scope
    ]
