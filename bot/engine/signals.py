"""What a question's best passages show about whether the corpus answers it: `Signals`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engine.abstain import Signals
from bot.engine.answer_kind import AnswerKind, figure_near, holds_kind_asked
from bot.engine.collection import Collection
from bot.engine.coverage import group_weight
from bot.engine.models import Passage, Voice
from bot.engine.question import Query
from bot.engine.sayer import gives_words, own_voice
from bot.engine.windows import sentence_windows, window_shares

# A sentence that asks: a question mark closing it (before a closing quotation mark).
_ASKING = re.compile(r"\?[\"'”’)]*(?:\s|$)")


class SignalReader:
    """Reads the abstention signals (`Signals`) of a ranked question from `collection`."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    def signals(
        self,
        query: Query,
        groups: Sequence[frozenset[str]],
        weights: Sequence[float],
        unseen: float,
        best_position: int,
        best_raw: float,
        possible: float,
        coverage: float,
        head: Sequence[Passage],
    ) -> Signals:
        """What the best candidate (at `best_position`, of BM25 score `best_raw` before any
        boost, and of `coverage`) shows about whether the corpus answers the query
        (`bot.engine.abstain.Signals`); `head` is the ranking's first passages (an answer's
        quotes), of which none may give the words a question asks for."""
        total = sum(weights)
        best = self.collection.passages[best_position]
        windows, window_spans = sentence_windows(self.collection, best_position)
        # What the question asks about: what its structure names ("X's salary", "say about Y"),
        # else what "how many" counts, else its rarest word.
        focus = (
            list(query.asked)
            or list(query.must)
            or [groups[i] for i in sorted(range(len(groups)), key=lambda i: -weights[i])[:1]]
        )
        stats = self.collection.statistics(query.scope)
        focus_weights = [group_weight(group, self.collection.index, stats) for group in focus]
        sentence_coverage, focus_in_sentence, window = window_shares(
            windows, groups, weights, focus, focus_weights
        )
        # The best window's sentences, joined by a space.
        text = (
            " ".join(best.text[start:end] for start, end in window_spans[window])
            if window >= 0
            else ""
        )
        # The question wants a kind of answer (a figure, an age, a name...) the best sentences
        # do not hold; when they ask ("And what's the fine in Australia?"), nor the next
        # speaker's turn, which answers them (`turns.answer_after_question`).
        kind_absent = bool(query.expects) and (
            window < 0
            or (
                self._kind_absent(query, text)
                and not self._answered_after(query, best_position, text)
            )
        )
        return Signals(
            coverage=coverage,
            score_share=min(1.0, best_raw / possible) if possible else 0.0,
            unseen_share=unseen / total if total else 0.0,
            focused=bool(
                query.focus.doc_ids or query.focus.side or query.focus.voice or query.focus.speaker
            ),
            groups=len(groups),
            sentence_coverage=sentence_coverage,
            focus_in_sentence=focus_in_sentence,
            kind_absent=1.0 if kind_absent else 0.0,
            speech_absent=1.0 if all(self._speech_absent(query, p) for p in head) else 0.0,
        )

    def _speech_absent(self, query: Query, passage: Passage) -> bool:
        """Whether the query asks for someone's words (`Query.sayer`) that `passage` cannot
        give: the sayer is not its document's own voice (`sayer.own_voice`: its author,
        publisher, title or a word for a writer), and the passage is no speaker's turn nor a
        debate side's point and quotes or reports no one (`sayer.gives_words`)."""
        if query.sayer is None or passage.voice is Voice.SPEAKER or passage.side is not None:
            # A speaker's turn, or a debate side's point ("how does the opposition respond
            # ..."): someone's own words.
            return False
        meta = self.collection.documents[passage.doc_id].meta
        names = [
            meta.author,
            meta.title,
            *meta.author_aliases,
            *(name for name in (meta.author_role, meta.publisher) if name),
            *meta.publisher_aliases,
        ]
        return not own_voice(query.sayer, names) and not gives_words(passage.text)

    def _answered_after(self, query: Query, position: int, text: str) -> bool:
        """Whether the best sentences `text` of the speaker's turn at `position` ask (one of
        them is a question: "And what's the fine in Australia? Because I have this idea it's
        enormous."), and the
        next passage, another speaker's turn of the same document, holds the kind of answer
        they ask for."""
        asked = self.collection.passages[position]
        if asked.voice is not Voice.SPEAKER or _ASKING.search(text) is None:
            return False
        if position + 1 >= len(self.collection.passages):
            return False
        reply = self.collection.passages[position + 1]
        if reply.doc_id != asked.doc_id or reply.speaker in (None, asked.speaker):
            return False
        # What it counts the question turn names ("the fine"): the kind alone is asked of it.
        return holds_kind_asked(query.expects, reply.text, query.text)

    def _kind_absent(self, query: Query, text: str) -> bool:
        """Whether `text` holds none of the kinds of answer the question asks for
        (`Query.expects`: a figure, an age, a year, a name...); for "how many X", no figure
        within reach of X ("How many collisions?": a figure, but of something else, does not
        answer it)."""
        if not holds_kind_asked(query.expects, text, query.text):
            return True
        counted = [g for g in query.must if not any(" " in t for t in g)]
        if AnswerKind.FIGURE in query.expects and counted:
            return not figure_near(
                text,
                self.collection.analyser.tokens(text),
                frozenset().union(*counted),
                frozenset(query.terms),
            )
        return False
