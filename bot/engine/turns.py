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
from bot.engine.evidence import introduces
from bot.engine.models import DocumentMeta, Form, Passage, Voice
from bot.engine.question import Query
from bot.engine.ranking import Ranking, Scored

# A question turn holding at least this share of the question's weight asks what the user asks,
# so the other speaker's turn after it answers it though it shares no word with the question
# (trial 16: "Does making voting compulsory change who wins?" against the host's "Does
# compulsory voting change who wins?", 1.0; a word the host did not say, as in "Does public
# ownership make bus fares cheaper?", 0.72; a turn sharing one word of four is no echo).
ECHO_COVERAGE = 0.6
# How many ranked passages are read for the question put to the speaker a question names:
# the named speaker's turns rank first, the question turn after them (trial 16: 4th).
QUESTION_DEPTH = 10
# A question that asks what was asked, or who raised it ("Who raised the worry about donkey
# votes?"): its answer is the question turn itself.
_ASKS_WHAT_WAS_ASKED = re.compile(
    r"\b(?:ask(?:s|ed|ing)?|question(?:s|ed)?|quer(?:y|ies))\b"
    r"|^\W*who\b.*?\b(?:rais(?:e|es|ed|ing)|brought[ \t]+up|posed?)\b",
    re.I,
)


def answer_after_question(collection: Collection, query: Query, ranked: Ranking) -> Ranking:
    """`ranked` with the turn that answers its first passage first, when that passage is a
    question turn (see the module); `ranked` itself otherwise. The answer keeps its score and
    coverage as ranked."""
    if not ranked or asks_what_was_asked(query.text or ""):
        return ranked
    put = ranked[0]
    speaker = query.focus.speaker
    if speaker is not None and put.passage.speaker == speaker:
        # "How did the guest answer the argument that ...?": the guest's turns come first, but
        # the question they answered, another's turn, holds the question's words.
        found = _put_to(collection, query, ranked)
        if found is None:
            return ranked
        put = found
    asked = put.passage
    if asked.speaker == speaker or not (
        asks_what_matched(asked, query, collection) or question_turn(asked, collection)
    ):
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
        if (
            reply.speaker is None
            or only_asks(reply)
            or not (
                (reply.speaker is not None and reply.speaker == speaker)
                or (asked.voice is Voice.SPEAKER and put.coverage >= ECHO_COVERAGE)
            )
        ):
            return ranked  # the next turn shares no word with the question: not an answer to it
        # "Why did Finch resign?" after "Why did you resign?": the answer is the turn of the
        # one the question names, though its words are its own ("I could not chair ..."); so
        # is the turn after a host's question that asks what the user asks ("Does compulsory
        # voting change who wins?"), though the guest answers in words of their own ("Less
        # than people think."). It is ranked as the question turn it answers was.
        scored = put
    moved = [position] if put is ranked[0] else [position, collection.position_of(asked.id)]
    return ranked.moved_first(
        np.array(moved, dtype=np.int64),
        np.array([scored.score, put.score][: len(moved)]),
        np.array([scored.coverage, put.coverage][: len(moved)]),
    )


def _put_to(collection: Collection, query: Query, ranked: Ranking) -> Scored | None:
    """The question turn put to the speaker the question names that matches it best, among
    the first `QUESTION_DEPTH` ranked: another speaker's turn, scoring above the named
    speaker's best turn, matching only in what it asks (`asks_what_matched`), with the named
    speaker's turn after it; None when there is none."""
    best = ranked[0].score
    for scored in sorted(ranked[:QUESTION_DEPTH], key=lambda s: -s.score):
        passage = scored.passage
        if scored.score <= best:
            return None
        if passage.voice is not Voice.SPEAKER or passage.speaker == query.focus.speaker:
            continue
        after = collection.position_of(passage.id) + 1
        if after >= len(collection.passages):
            continue
        reply = collection.passages[after]
        if (
            reply.doc_id == passage.doc_id
            and reply.speaker == query.focus.speaker
            and asks_what_matched(passage, query, collection)
        ):
            return scored
    return None


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


def question_turn(passage: Passage, collection: Collection) -> bool:
    """Whether a passage is the asking side's turn of questions and answers, asking (its last
    sentence a question): a turn labelled or opening "Q" ("Q: You have been critical of the
    board. Has that changed?"), in an interview (`Form.INTERVIEW`) a turn of anyone but its
    interviewee, or in a press briefing (`Form.BRIEFING`) a reporter's turn. Such a turn
    states a premise before it asks, so it shares the user's words though the answer is the
    next turn's."""
    if passage.voice is not Voice.SPEAKER or not passage.speaker:
        return False
    texts = passage.sentence_texts()
    if not texts or not _asks(texts[-1]):
        return False
    if passage.speaker in _QUESTION_SPEAKERS or _Q_MARK.match(passage.text):
        return True
    meta = collection.documents[passage.doc_id].meta
    if meta.form is Form.BRIEFING:
        # A press briefing's reporter ("Q (Jane Roe, The Gazette):" made her turn, "reporter
        # for The Gazette" her role) asks; the officials answer.
        return _is_reporter(meta, passage.speaker)
    return (
        meta.form is Form.INTERVIEW
        and meta.interviewee is not None
        and passage.speaker != meta.interviewee
    )


def _is_reporter(meta: DocumentMeta, speaker: str) -> bool:
    """Whether a briefing's `speaker` is a reporter: their credit says so ("reporter for The
    Gazette", as the briefing's "Q (Name, Outlet):" label gives it)."""
    return (meta.credit_for(speaker) or "").lower().startswith("reporter")


# The asking side of questions and answers as labelled ("Q", "Interviewer"), and a turn's
# opening "Q:" kept in its text (a bold "Q: ..." question on a web page).
_QUESTION_SPEAKERS = frozenset({"Q", "Q.", "Question", "Interviewer"})
_Q_MARK = re.compile(r"\s*Q\s*[:.]\s")


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


def words_after_introduction(collection: Collection, query: Query, ranked: Ranking) -> Ranking:
    """`ranked` with the passage a first-ranked introduction introduces moved first: asked what
    someone said, the paragraph ending "She told us:" (`evidence.introduces`, its last
    sentence reporting that person) names her, the next paragraph of the same document, which
    reports her in its first sentence (an indented quotation), is what she said. It keeps the
    introduction's score and coverage, and the introduction follows it. `ranked` itself
    otherwise."""
    if not ranked or (query.sayer is None and query.focus.person is None):
        return ranked
    put = ranked[0]
    intro = put.passage
    if not introduces(intro.sentence_texts()):
        return ranked
    person = collection.sentence_reports(intro)[-1]
    if person is None or (query.focus.person is not None and query.focus.person != person):
        return ranked
    position = collection.position_of(intro.id) + 1
    if position >= len(collection.passages):
        return ranked
    words = collection.passages[position]
    if words.doc_id != intro.doc_id or collection.sentence_reports(words)[:1] != (person,):
        return ranked
    return ranked.moved_first(
        np.array([position, collection.position_of(intro.id)], dtype=np.int64),
        np.array([put.score, put.score]),
        np.array([put.coverage, put.coverage]),
    )
