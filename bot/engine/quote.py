"""Passage + Query -> Quote: the span of the passage that answers, and who says it.

The quote is the passage's best sentence (with a neighbour when it is short), located by
offsets; the attribution says whose words it is (the author, the publisher's framing, a
transcript speaker or a debate side), where it stands, and whose words it reports.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Container
from dataclasses import dataclass

from bot.engine.collection import Collection
from bot.engine.labels import label_terms
from bot.engine.models import (
    FOOTNOTE,
    Document,
    DocumentMeta,
    Form,
    Kind,
    Passage,
    Role,
    Voice,
    date_text,
)
from bot.engine.names import document_words, phrase
from bot.engine.numerals import Number, numbers_held
from bot.engine.question import Query
from bot.engine.quotemarks import DOUBLE_MARK
from bot.engine.results import Attribution, DocumentFacts, Quote
from bot.engine.span import SpanChooser
from bot.engine.text import Analyser, Token, fold, passage_terms, term_set
from bot.engine.tuning import (
    PASTED_TEXT_WORDS,
)
from bot.engine.voices import (
    ABOUT_THE_AUTHOR,
    ABOUT_THE_ISSUER,
    CAPTION,
    LETTER_SECTION,
    PUBLISHERS_NOTE,
    PUBLISHERS_NOTE_PART,
)

# What a transcript's title may call the occasion, in the order they are looked for.
_SETTINGS = ("debate", "interview", "hearing", "town hall", "press conference", "speech")
# A turn in a document of these forms is in the form itself, whatever its title says: a
# message of an email thread (`formats.email_thread`) is "in the email thread".
_FORM_SETTINGS = {
    Form.EMAIL.value: "the email",
    Form.EMAIL_THREAD.value: "the email thread",
    Form.FORUM.value: "the forum thread",
    Form.PODCAST.value: "the podcast",
    Form.INTERVIEW.value: "the interview",
}
# A span between double quotation marks (straight, curly, low-high or guillemets).
_QUOTED = re.compile(
    r"[\"\u201c\u201e\u00ab]([^\"\u201c\u201d\u201e\u00ab\u00bb]{1,400})[\"\u201d\u00bb]"
)


# Punctuation a title may end with that a passage giving it need not repeat ("Security First or
# America First?" is "entitled "Security First or America First"").
_TITLE_END = "?!.:;, "
# Words that introduce a title ("an article entitled", "a piece called").
_NAMING_TITLE = r"\b(?:entitled|titled|called|headlined|named)"


# An opening passage says what a document is about: the first of the document's own words
# with at least this many words (a dateline, a byline or a one-line heading is not one).
OPENING_MIN_WORDS = 25


def _opening(document: Document) -> Passage | None:
    """The passage that opens what `document` says: its first passage of OPENING_MIN_WORDS
    words or more in the author's, a speaker's or a debate side's voice, else its first
    passage of that many words, else its first passage (None for no passage)."""
    long_enough = [p for p in document.passages if len(p.text.split()) >= OPENING_MIN_WORDS]
    own = [p for p in long_enough if p.voice is not Voice.PUBLISHER]
    return next(iter(own or long_enough or document.passages), None)


# How many first letters of a word a word of the passage must share to hold it
# (`Quoter.missing_words`).
_PREFIX = 4


def _held(term: str, held: set[str], prefixes: set[str]) -> bool:
    """Whether a passage with terms `held` (and their first _PREFIX letters, `prefixes`) holds
    `term` or a word beginning as it does."""
    if term in held:
        return True
    if len(term) >= _PREFIX:
        return term[:_PREFIX] in prefixes
    return any(word.startswith(term) for word in held)


@functools.lru_cache(maxsize=256)
def _tokens_of(analyser: Analyser, text: str) -> tuple[Token, ...]:
    """The tokens of a question, read once for all the quotes of its answer."""
    return tuple(analyser.tokens(text))


class Quoter:
    """Quotes a collection's passages as answers to queries."""

    def __init__(self, collection: Collection, analyser: Analyser) -> None:
        self.collection = collection
        self.analyser = analyser
        self.spans = SpanChooser(collection, analyser)
        self._titles: frozenset[str] | None = None

    def titles(self) -> frozenset[str]:
        """Every document's title as names are matched (`names.phrase`), made on first use."""
        if self._titles is None:
            self._titles = frozenset(
                phrase(doc.meta.title) for doc in self.collection.documents.values()
            )
        return self._titles

    def quote_passage(
        self, passage: Passage, query: Query, score: float, also_in: tuple[str, ...] = ()
    ) -> Quote:
        """The passage as an answer to `query`: its best span, attribution and references."""
        start, end = self.spans.best_span(passage, query)
        wanted = set(query.terms)
        # Tokens of the quote's own text carry offsets relative to the quote already.
        highlights = tuple(
            (token.start, token.end)
            for token in self.analyser.tokens(passage.text[start:end])
            if token.stem in wanted
        )
        doc = self.collection.documents[passage.doc_id]
        reported = reported_in(self.collection, passage, start, end)
        reporting, quoting = (
            (reported[0], holds_quotation(passage.text[reported[1] : reported[2]], self.titles()))
            if reported is not None
            else (None, False)
        )
        return Quote(
            passage_id=passage.id,
            passage=passage.text,
            quote_start=start,
            quote_end=end,
            score=score,
            attribution=attribution(
                doc.meta, passage, reporting, self.answered_title(passage), quoting
            ),
            highlights=highlights,
            also_in=also_in,
            references=tuple(
                entry
                for number in dict.fromkeys(cited_notes(passage, start, end))
                if (entry := doc.meta.reference(number, passage.section)) is not None
            ),
            missing=self.missing_words(passage, query),
        )

    def missing_words(self, passage: Passage, query: Query) -> tuple[str, ...]:
        """The words of a typed question (as typed, in its order) that `passage` holds neither
        itself nor through a stand-in: the question's content groups (`Query.content`) the
        passage's terms miss, less the name of the person asked about (a passage may report
        them as "he"). What a search engine shows as "Missing: ...": a quote that leaves out
        "old" in "how old was he when he died" may not answer it. Empty for a question with no
        content groups (one about a document itself) or a pasted text (over PASTED_TEXT_WORDS
        words: most of its words are in no one passage)."""
        if not query.content or not query.text:
            return ()
        if len(query.text.split()) > PASTED_TEXT_WORDS:
            return ()
        tokens = _tokens_of(self.analyser, query.text)
        # The passage's words, and its document's title's: "in the harbour report" is said of
        # the Harbour Board's report, whatever paragraph is quoted.
        title = self.collection.documents[passage.doc_id].meta.title
        indexed = self.collection.indexed_terms(passage)
        held = set(indexed if indexed is not None else passage_terms(self.analyser, passage))
        held |= term_set(self.analyser, title)
        point = self.answered_title(passage) or (passage.heading if passage.side else None)
        if point:
            # A debate passage is quoted under its point's title ("Proposition answer to
            # opposition point 2: Public money does more good elsewhere"): said of it too.
            held |= term_set(self.analyser, point)
        # Words for a kind of document ("in the creationism debate") say where to look, and a
        # person asked about may be reported as "he": neither is missing from an answer.
        never = (
            document_words(self.analyser)[1]
            | term_set(self.analyser, "intro introduction")
            | set(self.analyser.terms(query.focus.person or ""))
        )
        if passage.heading:
            # "What does section 2.1 say?": said of a passage under "2.1 Background".
            held |= term_set(self.analyser, passage.heading)
        for label in query.labels:
            # "Footnote 5", "recommendation 3": the part asked for, which the quote is.
            never |= set(label_terms(label, self.analyser))
        # A word counts as held by one sharing its first four letters too ("spend" by "spent",
        # "dredge" by "dredging"), which stemming does not join: a word shown missing should
        # be missing. Errs towards naming fewer.
        prefixes = {term[:_PREFIX] for term in held}
        words: list[str] = []
        figures: list[Number] | None = None
        for group in query.content:
            if any(all(_held(part, held, prefixes) for part in term.split()) for term in group):
                continue
            if figures is None:  # "16" held by "sixteen-year-olds", "eighty-five" by "85"
                figures = numbers_held(query.text, f"{title}\n{passage.text}")
            stems = {part for term in group for part in term.split()} - never
            words += [
                query.text[t.start : t.end]
                for t in tokens
                if t.stem in stems and not any(n.start <= t.start < n.end for n in figures)
            ]
        return tuple(dict.fromkeys(word.lower() for word in words))

    def stating(self, document: Document, facts: DocumentFacts) -> Passage | None:
        """The first passage of `document` that states the fact asked for: its title, its date
        (as 2019-12-05, December 5, 2019 or 5 December 2019), its publisher or its author; for
        "summary", its opening passage (`_opening`)."""
        if facts.asked == "summary":
            return _opening(document)
        if facts.asked == "author" and (bio := _author_bio(document, facts.author)) is not None:
            return bio
        wanted = {
            "title": [facts.title],
            "date": _day_forms(facts.date),
            "venue": [facts.publisher] if facts.publisher else [],
            "author": [facts.author],
            "place": [facts.occasion] if facts.occasion else [],
            "interviewee": [facts.interviewee] if facts.interviewee else [],
            "closed": _day_forms(facts.closed),
        }[facts.asked]
        needles = [
            fold(n).casefold().rstrip(_TITLE_END) for n in wanted if n and len(n.strip()) > 3
        ]
        texts = [fold(passage.text).casefold() for passage in document.passages]
        if facts.asked == "title" and needles:
            # A passage that gives the title as a title ("an article entitled 'X'", "called
            # "X"") states it; one that only uses its words ("is it X?") may not.
            naming = re.compile(
                _NAMING_TITLE
                + r"\s*[\"'\u201c\u2018]?\s*"
                + re.escape(needles[0])
                + r"|[\"\u201c]\s*"
                + re.escape(needles[0])
            )
            for passage, text in zip(document.passages, texts, strict=True):
                if naming.search(text):
                    return passage
        for passage, text in zip(document.passages, texts, strict=True):
            if any(needle in text for needle in needles):
                return passage
        return None

    def answered_title(self, passage: Passage) -> str | None:
        """The title of the point a debate answer answers."""
        if passage.answers is None:
            return None
        doc = self.collection.documents[passage.doc_id]
        return next((p.heading for p in doc.passages if p.section == passage.answers), None)


def _author_bio(document: Document, author: str) -> Passage | None:
    """What the publisher says of the author, naming them ("Dana Whitfield is a senior fellow
    at ..."): the passage under "About the author" (`voices.ABOUT_THE_AUTHOR`), else a
    publisher's framing that names them; None when there is neither."""
    words = fold(author).casefold().split()
    said = [
        p
        for p in document.passages
        if p.voice is Voice.PUBLISHER and words and words[-1] in fold(p.text).casefold()
    ]
    return next((p for p in said if p.heading == ABOUT_THE_AUTHOR), next(iter(said), None))


def reported_in(
    collection: Collection, passage: Passage, start: int, end: int
) -> tuple[str, int, int] | None:
    """Whom the first sentence of `passage` overlapping characters `start` to `end` that reports
    anyone reports (its tags' `reports`), with the (start, end) of that sentence inside the span;
    None when none does."""
    return next(
        (
            (reports, max(start, s_start), min(end, s_end))
            for reports, (s_start, s_end) in zip(
                collection.sentence_reports(passage), passage.sentences, strict=True
            )
            if reports and s_start < end and start < s_end
        ),
        None,
    )


def attribution(
    meta: DocumentMeta,
    passage: Passage,
    reporting: str | None = None,
    answered_title: str | None = None,
    quoting: bool = False,
) -> Attribution:
    """Who says `passage` and where it stands: its speaker, voice and role (`role_of`), the
    document's details, and `reporting`, the person whose words the quoted span reports (with
    `quoting` when it holds them in quotation marks). A speaker never reports themself."""
    if reporting is not None and _same_name(reporting, passage.speaker):
        reporting, quoting = None, False
    return Attribution(
        speaker=passage.speaker,
        voice=passage.voice,
        doc_id=meta.id,
        title=meta.title,
        author=meta.author,
        author_role=meta.author_role,
        publisher=meta.publisher,
        date=meta.date,
        year=meta.year,
        month=meta.month,
        paragraph=passage.cited_paragraph,
        url=meta.url,
        kind=meta.kind.value,
        reporting=reporting,
        side=passage.side.value if passage.side else None,
        motion=(meta.motion or meta.title) if meta.kind is Kind.DEBATE else None,
        part=debate_part(passage, answered_title),
        role=role_of(passage),
        quoting=quoting and reporting is not None,
        form=meta.form.value if meta.form is not None else None,
        credit=meta.credit_for(passage.speaker) if passage.voice is Voice.SPEAKER else None,
        occasion=meta.occasion if meta.kind is Kind.TRANSCRIPT else None,
    )


def role_of(passage: Passage) -> Role:
    """What the passage's speaker is to its document: a debate side, the publisher, a letter's
    signer on a letters page (`bot.engine.voices` marks each letter's section "letter-<n>"), a
    transcript speaker, or the author."""
    if passage.side is not None:
        return Role.SIDE
    if passage.voice is Voice.PUBLISHER:
        return Role.PUBLISHER
    if passage.voice is Voice.SPEAKER:
        letter = (passage.section or "").startswith(LETTER_SECTION)
        return Role.LETTER_WRITER if letter else Role.SPEAKER
    return Role.AUTHOR


def holds_quotation(text: str, titles: Container[str] = ()) -> bool:
    """Whether `text` quotes someone's words in double quotation marks (straight, curly or
    guillemets); an apostrophe ("Pompeo’s") is not a quotation mark, and a quoted title of a
    document (in `titles`, each as `names.phrase` gives it) is a name, not someone's words."""
    if DOUBLE_MARK.search(text) is None:
        return False
    spans = _QUOTED.findall(text)
    if not spans:
        return True  # a quotation mark whose other half is outside the sentence
    return any(phrase(span) not in titles for span in spans)


def _same_name(a: str, b: str) -> bool:
    words_a, words_b = fold(a).casefold().split(), fold(b).casefold().split()
    return bool(words_a and words_b) and words_a[-1] == words_b[-1]


def publisher_part(part: str | None) -> str:
    """What a publisher's passage is, as attribution lines name it: "about the author",
    "publisher's note" (an editor's note, a correction), "caption" (a figure's), "about the
    organisation" (a press release's boilerplate) or "publisher's introduction"."""
    if part == ABOUT_THE_AUTHOR:
        return "about the author"
    if part == PUBLISHERS_NOTE_PART:
        return "publisher's note"
    if part == CAPTION:
        return "caption"
    if part == ABOUT_THE_ISSUER:
        return "about the organisation"
    return "publisher's introduction"


# A turn's time in a recording, as an upload's transcript sets it at the end of the turn's
# heading ("00:03:08", "Part two, 00:41:12").
_TURN_TIME = re.compile(r"(?:^|, )\d{1,2}:\d{2}(?::\d{2})?$")


def debate_part(passage: Passage, answered_title: str | None = None) -> str | None:
    """Where a debate passage stands: "Proposition point 2: <title>", "Opposition answer to
    proposition point 2: <its title>", "Introduction"; "About the author" for an upload's
    author bio, "Publisher's note" for an editor's note or a correction, "Caption" for a
    figure's caption, "About the organisation" for a press release's boilerplate; a recorded
    turn's time ("00:03:08", its heading ending with it: `formats.transcript`); None
    elsewhere outside debates."""
    if passage.voice is Voice.PUBLISHER and passage.heading in (
        ABOUT_THE_AUTHOR,
        ABOUT_THE_ISSUER,
        CAPTION,
        PUBLISHERS_NOTE_PART,
    ):
        # An upload's author bio (`voices`), a press release's boilerplate, a caption, an aside
        # closing an interview (`upload`).
        return passage.heading
    if passage.voice is Voice.PUBLISHER and PUBLISHERS_NOTE.match(passage.text):
        return PUBLISHERS_NOTE_PART  # an editor's note or a correction (`voices`)
    if passage.voice is Voice.SPEAKER and passage.heading and _TURN_TIME.search(passage.heading):
        # A recording's turn, where its transcript gives its time: cited by it ("00:03:08").
        return passage.heading
    if passage.section is None:
        return None
    if passage.section == "intro":
        return "Introduction"
    if passage.side is None:
        return None
    if passage.answers:
        side, _, number = passage.answers.rpartition("-")
        answered = f"{passage.side.label} answer to {side} point {number}"
        return f"{answered}: {answered_title}" if answered_title else answered
    number = (passage.section or "").rpartition("-")[2]
    return f"{passage.side.label} point {number}: {passage.heading}"


def speaker_label(who: Attribution, limit: int | None = None) -> str:
    """Whose words the quote is, as every surface names them:

    - the author: "Zhang Ming, Ambassador, Head of the Chinese Mission to the EU" (with their
      role; "the author" when the document's author is unknown);
    - the publisher: "Mission of ... (publisher's introduction)";
    - a letter on a letters page: "a reader, letter to the editor, signed Sam Doe, Tollcross"
      (what the signature says after the name: `Attribution.credit`);
    - a transcript turn: "Jane Q Roe, presenter, in the debate" (their role or seat where the
      document gives one; the document named by its occasion, "the House of Commons debate of
      11 March 2026", where it names one, else by its kind, or by "debate", "interview" or
      "hearing" when its title says so);
    - a debate side: the side;

    then ", quoting Mike Pompeo" when the quote holds a named person's words in quotation marks,
    or ", reporting Mike Pompeo" when it reports them otherwise. With `limit` (characters), the
    author's role is left out of a label that would be longer; the caller clips what remains.
    """
    label = _reported(who, _voice_label(who, with_role=True))
    if limit is not None and len(label) > limit and who.author_role:
        label = _reported(who, _voice_label(who, with_role=False))
    return label


def _voice_label(who: Attribution, *, with_role: bool) -> str:
    if who.role is Role.PUBLISHER:
        return f"{who.speaker} ({publisher_part(who.part)})"
    credited = f"{who.speaker}, {who.credit}" if who.credit else who.speaker
    if who.role is Role.LETTER_WRITER:
        return f"a reader, letter to the editor, signed {credited}"
    if who.role is Role.SPEAKER:
        return f"{credited}, in {setting_of(who)}"
    if who.role is Role.SIDE:
        return who.speaker
    name = who.speaker if who.speaker and not _unknown(who.speaker) else "the author"
    return f"{name}, {who.author_role}" if with_role and who.author_role else name


def _reported(who: Attribution, label: str) -> str:
    if not who.reporting:
        return label
    return f"{label}, {'quoting' if who.quoting else 'reporting'} {who.reporting}"


def _day_forms(date: dt.date | None) -> list[str]:
    """How a text may write a day: 2019-12-05, December 5, 2019, 5 December 2019, December 5;
    none for None."""
    if date is None:
        return []
    month = date.strftime("%B")
    return [
        date.isoformat(),
        f"{month} {date.day}, {date.year}",
        f"{date.day} {month} {date.year}",
        f"{month} {date.day}",
    ]


def setting_of(who: Attribution) -> str:
    """The document a transcript turn is spoken in, by what it is: "the debate", "the
    interview" or "the hearing" when its title says so, else its kind ("the transcript"); a
    message of an email thread "the email thread", a post "the forum thread", a podcast's turn
    "the podcast" (`_FORM_SETTINGS`); a transcript that names its occasion by it ("the House of
    Commons debate of 11 March 2026")."""
    if who.occasion:
        return f"the {who.occasion}"
    if who.form in _FORM_SETTINGS:
        return _FORM_SETTINGS[who.form]
    title = fold(who.title).casefold()
    for word in _SETTINGS:
        if re.search(rf"\b{word}", title):
            return f"the {word}"
    return f"the {who.kind}"


def _unknown(name: str) -> bool:
    return name.casefold().startswith("unknown")


@dataclass(frozen=True, slots=True)
class AttributionParts:
    """An attribution line's parts, in the order every surface shows them."""

    speaker: str  # `speaker_label`, or a debate passage's part ("Opposition point 1: ...")
    work: str  # a debate's motion, else the document's title
    publisher: str | None  # left out where the publisher speaks (it is in `speaker` then)
    date: str  # YYYY-MM-DD, or `UNKNOWN_DATE` ("date unknown")
    paragraph: int  # counting from 1


def attribution_parts(who: Attribution, limit: int | None = None) -> AttributionParts:
    """The parts of the line under a quote: who (`speaker_label`, shortened past `limit`
    characters as it says), in which work, published by whom, when, which paragraph. A debate
    passage names its side's point (or the answer to one) as the speaker."""
    if who.part and who.part.startswith(who.speaker):
        speaker = who.part
    elif who.part and who.role is not Role.PUBLISHER:  # the publisher's label names its part
        speaker = f"{speaker_label(who, limit)} ({who.part})"
    else:
        speaker = speaker_label(who, limit)
    publisher = who.publisher if who.publisher and who.voice is not Voice.PUBLISHER else None
    return AttributionParts(
        speaker,
        who.motion or who.title,
        publisher,
        date_text(who.date, who.year, who.month),
        who.paragraph,
    )


def cited_notes(passage: Passage, start: int, end: int) -> list[int]:
    """The footnote numbers a quote of `passage.text[start:end]` cites, in order: the `[n]`
    marks inside it; with none, the first mark after it in the same paragraph (before a blank
    line), as a note covers the text back to the note before it (the usual rule for notes at
    the end of a paragraph: Chicago Manual of Style, 17th ed., 14.21). Empty when neither."""
    inside = passage.footnotes(start, end)
    if inside:
        return inside
    text = passage.text
    paragraph_end = text.find("\n\n", end)
    following = FOOTNOTE.search(text, end, len(text) if paragraph_end < 0 else paragraph_end)
    return [int(following.group(1))] if following is not None else []
