"""Which sentences of a passage a quote gives: the one (or two) that answer the question."""

from __future__ import annotations

import re

from bot.engine.answer_kind import holds_figure, holds_kind_asked
from bot.engine.collection import Collection
from bot.engine.coverage import holds
from bot.engine.evidence import SentenceKind
from bot.engine.intents import defines, states_thesis
from bot.engine.models import Passage, Voice
from bot.engine.question import Query
from bot.engine.quotemarks import DOUBLE_MARK
from bot.engine.text import Analyser, fold
from bot.engine.tuning import (
    CITING_SENTENCE_WEIGHT,
    DEFINING_SENTENCE_WEIGHT,
    FIGURE_TIE_WEIGHT,
    FOLLOWING_SPAN_CHARS,
    REPEAT_WEIGHT,
    SHORT_SENTENCE_CHARS,
    WANTED_SENTENCE_WEIGHT,
)
from bot.engine.voices import PUBLISHERS_NOTE

# A publisher's note (a correction, an editor's note) up to this long is quoted whole.
WHOLE_NOTE_CHARS = 600
# A speaker's turn that holds no word of the question (a guest's answer after the host's
# question, `turns`) is quoted from its start up to this long: nothing says which sentence
# answers, and an answer opens with its point or leads to it (trial 16: "Less than people
# think. The studies I trust suggest it shifts results by a couple of points ...", 260).
UNMATCHED_TURN_CHARS = 450
# "Why would it cost so much?" asks for a reason, though it names a cost.
_ASKS_WHY = re.compile(r"\W*why\b", re.IGNORECASE)

# A sentence that restates what the writer answers: another's recommendation, proposal or
# question ("Your Committee recommended that ...", "You asked whether ...", "The consultation
# proposes ...", "Question 2 asks ..."), or a question put before its answer ("I asked Samira
# what would count as success.").
_RESTATES = re.compile(
    r"^\W*(?:(?:your|the)\s+(?:\w+\s+){0,3}?(?:committee|report|consultation|proposal|"
    r"letter|review|inquiry|department|government|council|board)\s+(?:has\s+)?"
    r"(?:recommend|propos|suggest|ask|urg|argu|call|invit)\w*"
    r"|you\s+(?:have\s+)?(?:ask|recommend|propos|suggest|urg|rais|call)\w*"
    r"|question\s+\d+\s+(?:ask|propos)\w*"
    r"|it\s+(?:has\s+been|was|is)\s+(?:suggested|proposed|argued|recommended)\s+that"
    # A question the writer put to someone, their answer next: "I asked Samira what would
    # count as success.", "When we asked him whether ...".
    r"|(?:when\s+)?(?:i|we)\s+(?:then\s+|also\s+)?asked\s+(?:[\w'’.,-]+\s+){1,4}?"
    r"(?:what|whether|why|how|if|when|where|who|which)"
    r"|(?:when\s+)?asked\s+(?:what|whether|why|how|if|when|where|who|which))\b",
    re.IGNORECASE,
)


# A sentence that opens with someone's words ("“Half the island heard ...,” he said.").
_QUOTATION_OPENING = re.compile(r"^\W{0,3}?[\"\u201c\u201e\u00ab]")
# A sentence that opens with a pronoun for a person named before it ("He blamed ...").
_PRONOUN_OPENING = re.compile(r"^\W*(?:he|she|they)\b", re.IGNORECASE)


def _surname_in(person: str, text: str) -> bool:
    """Whether `text` names `person` by their last name (folded, any case)."""
    words = fold(person).casefold().split()
    return (
        bool(words)
        and re.search(rf"(?<!\w){re.escape(words[-1])}(?!\w)", fold(text).casefold()) is not None
    )


class SpanChooser:
    """Chooses the quoted span of a passage for a question (`best_span`), reading sentence
    tags, reports and idf from `collection`."""

    def __init__(self, collection: Collection, analyser: Analyser) -> None:
        self.collection = collection
        self.analyser = analyser

    @staticmethod
    def _holds_kind(query: Query, sentence: str) -> bool:
        """Whether `sentence` holds a kind of answer the question asks for (a figure, a sum,
        a date: `Query.expects`)."""
        return holds_kind_asked(query.expects, sentence, query.text)

    def best_span(self, passage: Passage, query: Query) -> tuple[int, int]:
        """The sentence (or two adjacent sentences) of the passage that covers the query best,
        and the sentence after it when that one holds what it leads to (`_goes_on`): (start,
        end) character offsets in `passage.text`."""
        start, end = self._best_sentences(passage, query)
        sentences = passage.sentences
        last = next((i for i, (_, s_end) in enumerate(sentences) if s_end == end), None)
        if last is None or last + 1 >= len(sentences):
            return start, end
        if sentences[last + 1][1] - start > FOLLOWING_SPAN_CHARS:
            return start, end
        if self._goes_on(passage, query, start, last):
            return start, sentences[last + 1][1]
        return start, end

    def _goes_on(self, passage: Passage, query: Query, start: int, last: int) -> bool:
        """Whether the sentence after `last` belongs with the span from `start` to its end:

        - the span introduces someone's words without giving them (no quotation mark: "X said
          the village had not been asked.", "X put it bluntly.") and the next sentence opens
          with the words of the person the span names ("“...,” she said.", "She added: “...”";
          whom a sentence reports is its tags' `reports`); asked what X said, the words are the
          answer;
        - or the next sentence goes on about a person either reports ("He blamed ...") and
          holds a word of the question the span lacks ("blame" in "what did the candidate
          blame?").

        Someone else's words after it ("“We consulted,” the director replied") stay out."""
        text, sentences = passage.text, passage.sentences
        span = text[start : sentences[last][1]]
        following = text[sentences[last + 1][0] : sentences[last + 1][1]]
        pronoun = _PRONOUN_OPENING.match(following) is not None
        if not (pronoun or _QUOTATION_OPENING.match(following)):
            return False
        reports = self.collection.sentence_reports(passage)
        speaker = reports[last + 1]
        if (
            speaker is not None
            and DOUBLE_MARK.search(following)
            and not DOUBLE_MARK.search(span)
            and _surname_in(speaker, span)
        ):
            return True
        if pronoun and (speaker is not None or reports[last] is not None):
            asked = set(query.terms)
            if query.focus.person:
                asked -= set(self.analyser.terms(query.focus.person))
            new = asked.intersection(self.analyser.terms(following))
            return bool(new - set(self.analyser.terms(span)))
        return False

    def _best_sentences(self, passage: Passage, query: Query) -> tuple[int, int]:
        """The sentence (or two adjacent sentences) of the passage that covers the query best."""
        sentences, text = passage.sentences, passage.text  # each read makes them anew
        if not sentences:
            return 0, len(text)
        if (
            passage.voice is Voice.PUBLISHER
            and len(text) <= WHOLE_NOTE_CHARS
            and PUBLISHERS_NOTE.match(text)
        ):
            # A correction says what was wrong and then what is right: a sentence of it alone
            # would repeat the error it retracts.
            return 0, len(text)
        wanted = set(query.terms)
        if passage.voice is Voice.SPEAKER:
            # "DR. OYELARAN: ..." opens the first sentence; the label names who speaks, it is
            # not what the sentence says.
            wanted -= set(self.analyser.terms(passage.speaker))
        # Tags only where the question needs them (tagging a passage costs a millisecond).
        tags = self.collection.sentence_tags(passage) if query.wants else None
        reports = self.collection.sentence_reports(passage) if query.focus.person else None
        if query.focus.person and (
            query.asked or (reports is not None and query.focus.person in reports)
        ):
            # "What did Dr Brennan say about cherry-picking?": which sentences report him is
            # read from their tags below; his name's words would pick the sentence that
            # introduces him ("Dr Brennan, an economist, said ...") over the one saying it;
            # so for "what did Carol Dent say?" where a sentence reports her. ("Who called her
            # 'Mary Poppins Poplin'?" asks about no topic: its name is its phrase.)
            wanted -= set(self.analyser.terms(query.focus.person))
        stats = self.collection.statistics(query.scope)
        index = self.collection.index
        weights = []
        # Each sentence's terms, cut from the passage's where their runs were kept at ingest.
        cut = self.collection.sentence_terms(passage)
        every = [
            cut[number] if cut is not None else self.analyser.terms(text[start:end])
            for number, (start, end) in enumerate(sentences)
        ]
        # Which sentences hold what "how many X" counts: a figure sentence answers when it or a
        # neighbour does ("... the navy's ships. We have 543 at present."), not otherwise (a
        # figure about something else, "52 billion dollars" for "how many children?").
        counting = (
            [all(holds(group, frozenset(stems)) for group in query.must) for stems in every]
            if query.must
            else [True] * len(every)
        )
        near = [any(counting[max(0, i - 1) : i + 2]) for i in range(len(counting))]
        for number, (stems, (s_start, s_end)) in enumerate(zip(every, sentences, strict=True)):
            sentence = text[s_start:s_end]
            matched = wanted.intersection(stems)
            weight = sum(index.idf(term, stats) for term in sorted(matched))
            # Repeated matches count a little, so the sentence about the topic wins a tie.
            weight += REPEAT_WEIGHT * sum(1 for stem in stems if stem in wanted)
            if matched and holds_figure(sentence):
                # Of two sentences holding the same words, the one giving a figure ("would
                # cost £385 million") says more than one naming the topic ("the question
                # about cost").
                weight += FIGURE_TIE_WEIGHT
            if reports is not None and reports[number] == query.focus.person:
                weight += index.idf_of_unseen(stats)
            if tags is not None and query.wants.intersection(tags[number].kinds) and near[number]:
                # An evidence question wants the sentence that cites, not the one that asserts:
                # as much as two (a source) or one (other evidence) of the rarest possible terms.
                cites = SentenceKind.SOURCE in tags[number].kinds and query.wants_evidence
                weight += (
                    CITING_SENTENCE_WEIGHT if cites else WANTED_SENTENCE_WEIGHT
                ) * index.idf_of_unseen(stats)
            if query.defines and defines(sentence, query.defines, self.analyser):
                # "What is a minimum wage?": the sentence saying what one is.
                weight += DEFINING_SENTENCE_WEIGHT * index.idf_of_unseen(stats)
            if query.thesis and states_thesis(sentence):
                # "What is the essay's main argument?": the sentence stating it ("I argue ...").
                weight += DEFINING_SENTENCE_WEIGHT * index.idf_of_unseen(stats)
            weights.append(weight)
        if passage.voice is Voice.SPEAKER and not any(weights):
            # No sentence holds a word of the question: the turn from its start.
            last = max(
                (
                    i
                    for i, (_, s_end) in enumerate(sentences)
                    if s_end - sentences[0][0] <= UNMATCHED_TURN_CHARS
                ),
                default=0,
            )
            return sentences[0][0], sentences[last][1]
        if not any(weights) and len(sentences) > 1:
            # No sentence holds a word of the question (a turn answering the question turn
            # before it: "Less than people think. The studies I trust suggest ..."): its
            # opening two sentences.
            return sentences[0][0], sentences[1][1]
        best = max(range(len(weights)), key=lambda i: (weights[i], -i))
        start, end = sentences[best]
        if best + 1 < len(sentences) and _RESTATES.match(text[start:end]):
            # "Your Committee recommended that ...": what is answered, not the answer, which
            # comes next ("We will continue to use ...").
            return start, sentences[best + 1][1]
        if (
            query.expects
            and not query.must
            and not _ASKS_WHY.match(query.text)
            and not self._holds_kind(query, text[start:end])
        ):
            # "How big is the fine?": the best sentence names the fine, its neighbour gives
            # the sum ("... the fine is just the reminder. For a federal election it's twenty
            # Australian dollars ..."): the neighbour holding the kind asked for comes along.
            # In a speaker's turn, which answers one question, the nearest sentence holding it
            # ("It's not. For a federal election it's twenty Australian dollars ...") is the
            # answer itself.
            reach = len(sentences) if passage.voice is Voice.SPEAKER else 1
            nearest = sorted(range(len(sentences)), key=lambda i: (abs(i - best), -i))
            holder = next(
                (
                    i
                    for i in nearest
                    if 0 < abs(i - best) <= reach
                    and self._holds_kind(query, text[sentences[i][0] : sentences[i][1]])
                ),
                None,
            )
            if holder is not None and abs(holder - best) == 1:
                return min(start, sentences[holder][0]), max(end, sentences[holder][1])
            if holder is not None:
                return sentences[holder]
        if not counting[best]:
            # The figure's sentence does not say what it counts: its neighbour that does comes
            # along ("... ships. We have 543 at present.").
            holder = next(
                (i for i in (best - 1, best + 1) if 0 <= i < len(counting) and counting[i]), None
            )
            if holder is not None:
                start = min(start, sentences[holder][0])
                end = max(end, sentences[holder][1])
                return start, end
        # A short best sentence takes its strongest neighbour along, if that one matches too.
        if end - start < SHORT_SENTENCE_CHARS:
            neighbours = [i for i in (best - 1, best + 1) if 0 <= i < len(weights) and weights[i]]
            if neighbours:
                other = max(neighbours, key=lambda i: weights[i])
                start = min(start, sentences[other][0])
                end = max(end, sentences[other][1])
        return start, end
