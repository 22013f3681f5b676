"""A question's answer: in a transcript or an interview, the turn that answers first; in a
consultation response or a reply, the paragraph after the question it answers.

A question about what someone said often shares most of its words with the question an
interviewer or a moderator put to them ("Where does the 300 children figure come from?"), so
ranking alone quotes the question turn, and the answer, the next turn, comes after it or not at
all. When the best ranked passage is such a turn (a speaker's turn that matched the question
only in sentences that ask) and the next passage of its document is another speaker's turn,
that turn is moved first, the question turn after it (`Ranking.moved_first`), when it shares
a word with the question too (it is ranked) or is the turn of the speaker the question names
("why did Finch resign?" answered by Finch after "Why did you resign?"). A response to a
consultation sets each of its questions as a paragraph ("Do you agree that the standard should
be raised to band C by 2028?") and answers in the next: the next paragraph in the same voice
moves first the same way, unless it only asks too. Not when the question asks what was asked,
nor when it asks for the words of the one who asked.
"""

from __future__ import annotations

import re

import numpy as np

from bot.engine.collection import Collection
from bot.engine.models import Passage, Voice
from bot.engine.question import Query
from bot.engine.ranking import Ranking

# A question that asks what was asked: its answer is the question turn itself.
_ASKS_WHAT_WAS_ASKED = re.compile(r"\b(?:ask(?:s|ed|ing)?|question(?:s|ed)?|quer(?:y|ies))\b", re.I)


def answer_after_question(collection: Collection, query: Query, ranked: Ranking) -> Ranking:
    """`ranked` with the turn that answers its first passage first, when that passage is a
    question turn (see the module); `ranked` itself otherwise. The answer keeps its score and
    coverage as ranked."""
    if not ranked or asks_what_was_asked(query.text or ""):
        return ranked
    asked = ranked[0].passage
    if not asks_what_matched(asked, query, collection) or asked.speaker == query.focus.speaker:
        return ranked
    position = collection.position_of(asked.id) + 1
    if position >= len(collection.passages):
        return ranked
    reply = collection.passages[position]
    if reply.doc_id != asked.doc_id or reply.voice is not asked.voice:
        return ranked
    if asked.voice is Voice.SPEAKER and reply.speaker == asked.speaker:
        return ranked
    if asked.voice is not Voice.SPEAKER and only_asks(reply):
        return ranked  # questions one after another: no answer among them
    scored = ranked.scored_at(position)
    if scored is None:
        if reply.speaker is None or only_asks(reply):
            return ranked
        if reply.speaker != query.focus.speaker and asked.voice is not Voice.SPEAKER:
            return ranked  # the next paragraph shares no word with the question: no answer
        # "Why did Finch resign?" after "Why did you resign?": the answer is the turn of the
        # one the question names, though its words are its own ("I could not chair ..."); so,
        # in a transcript, the next speaker's turn after a question turn ("Does compulsory
        # voting change who wins?" / "Less than people think. ..."). It is ranked as the
        # question turn it answers was.
        scored = ranked[0]
    return ranked.moved_first(
        np.array([position], dtype=np.int64),
        np.array([scored.score]),
        np.array([scored.coverage]),
    )


def asks_what_matched(passage: Passage, query: Query, collection: Collection) -> bool:
    """Whether a passage matched the question only in what it asks: every sentence of
    it holding a word of the question is a question ("Where does the figure come from?"), so
    a moderator's turn that states facts before asking ("The board voted in March ... How
    would the ban work?") answers with those facts itself."""
    wanted = set(query.terms)
    texts = passage.sentence_texts()
    # Each sentence's terms as the index holds them, where their runs were kept at ingest.
    cut = collection.sentence_terms(passage)
    every = cut if cut is not None else [collection.analyser.terms(text) for text in texts]
    matched = [text for text, terms in zip(texts, every, strict=True) if wanted.intersection(terms)]
    return bool(matched) and all(map(_asks, matched))


def asks_what_was_asked(question: str) -> bool:
    """Whether a question asks what was asked ("what did the host ask?"): then a question turn
    is its answer."""
    return _ASKS_WHAT_WAS_ASKED.search(question) is not None


def only_asks(passage: Passage) -> bool:
    """Whether every sentence of the passage is a question."""
    return all(map(_asks, passage.sentence_texts()))


def _asks(sentence: str) -> bool:
    """Whether a sentence is a question: it ends with a question mark (before any closing
    quotation mark or bracket)."""
    return sentence.rstrip(" \"'”’)").endswith("?")
