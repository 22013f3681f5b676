"""What a sentence does in an argument: cite a source, give a number, date an event, or claim.

Rules over the surface of the sentence, not a model: they are fast, explainable ("tagged as a
source because 'stated' follows 'Der Tagesspiegel'") and right often enough to rank evidence
first when a question asks for it.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

from nameparser.config import CONSTANTS as NAME_CONSTANTS

from bot.engine.models import FOOTNOTE, DocumentMeta, Passage, Voice
from bot.engine.people import (
    HONORIFICS,
    INTRODUCES_WORDS,
    OF_BODY,
    SHARED_REPORT_VERBS,
    TRAILING_NOTE_MARKS,
    stands_alone,
)
from bot.engine.text import PARAGRAPH_NUMBER, STOP_WORDS, fold, normalise
from bot.engine.unnamed import may_quote_unnamed, unnamed_source


class SentenceKind(StrEnum):
    SOURCE = "source"  # cites a named publication, institution, person, report or programme
    STATISTIC = "statistic"  # a number, percentage or amount
    EVENT = "event"  # a dated event
    STUDY = "study"  # a study, survey, review or expert
    EXAMPLE = "example"
    QUESTION = "question"  # a rhetorical question
    APPEAL = "appeal"  # a call to act or hope
    CLAIM = "claim"


EVIDENCE_KINDS = frozenset(
    {
        SentenceKind.SOURCE,
        SentenceKind.STATISTIC,
        SentenceKind.EVENT,
        SentenceKind.STUDY,
        SentenceKind.EXAMPLE,
    }
)

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_REPORTING = (
    r"stated|states|said|says|reported|reports|found|finds|concluded|concludes|showed|shows|"
    r"estimated|estimates|warned|warns|published|revealed|reveals|noted|notes|according to|"
    r"confirmed|confirms|told|wrote|writes|testified|announced|recorded|records|counted"
)
_SOURCE_CUES = re.compile(
    rf"\b(?:{_REPORTING})\b|\baccording to\b|\bfailed to find\b|\bafter (?:years of )?review\b",
    re.IGNORECASE,
)
_STUDY = re.compile(
    r"\b(?:study|studies|survey|surveys|research|researchers|report|review|analysis|audit|"
    r"experiment|trial|poll|census|data|dataset|professor|expert|experts|economist|scientist|"
    r"institute|university|Dr\.)\b",
    re.IGNORECASE,
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER = re.compile(
    r"(?<![\w.])(?:\d[\d,.]*\s*(?:%|per ?cent|percent|million|billion|thousand)?|"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|"
    r"hundred|half|a third|a quarter)\s+(?:per ?cent|percent|million|billion|times|in \w+)|"
    # "every eight minutes", "seven votes to four": a counted plural, not the pronoun "one"
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred)\s+(?:[a-z-]+\s+)?[a-z]+s\b|"
    # Numbers in words: "eighty-five", "two-thirds", "three quarters", "a third of", "dozens of"
    rf"\b(?:{_TENS})-(?:{_UNITS})\b|"
    rf"\b(?:{_UNITS})[- ](?:halves|thirds|quarters|fifths|tenths)\b|"
    r"\b(?:a|one)[- ](?:half|third|quarter|fifth|tenth) of\b|"
    r"\b(?:dozens|hundreds|thousands|millions|billions) of\b)",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\b(?:(?:on|in|since|by|until|last|this)\s+(?:{_MONTHS})\b|(?:{_MONTHS})\s+\d{{1,2}}\b|"
    rf"\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b(?:in|since|by|until)\s+(?:19|20)\d\d\b|"
    r"\b(?:yesterday|last (?:week|month|year))\b)"
)
_EXAMPLE = re.compile(
    r"\b(?:for example|for instance|such as|e\.g\.|take the case|in the case of)\b", re.IGNORECASE
)
_APPEAL = re.compile(
    r"\b(?:let's|let us|we must|we should|must not|should not|it is my hope|i hope|i urge|"
    r"we urge|call on|opt for)\b",
    re.IGNORECASE,
)
_CAP = r"(?:[A-Z][\w-]*|[A-Z]\.(?:[A-Z]\.)+)"
_JOIN = r"(?:\s+(?:of|for|on|de|der|du|la|le)\s+|\s+)"
# A proper name: capitalised words joined by spaces or "of"/"for" ("Federal Office for
# Information Security"), optionally owned ("Germany's ...") or preceded by "the".
_NAME = rf"(?:{_CAP}'s\s+)?{_CAP}(?:{_JOIN}{_CAP})*"
_NAMED_SOURCE = re.compile(
    rf"(?:\bthe\s+)?(?P<name>{_NAME})(?:,[^,]{{1,60}},)?\s+(?:{_REPORTING})\b"
)
_ACCORDING = re.compile(rf"\baccording to\s+(?:the\s+)?(?P<name>{_NAME})")
_INSTITUTION = re.compile(
    rf"(?:\bthe\s+)?(?P<name>(?:{_CAP}'s\s+)?(?:{_CAP}\s+){{0,3}}?(?:{_CAP}\s+)?"
    r"(?:government|ministry|[Oo]ffice|[Cc]ommission|[Aa]gency|[Cc]ouncil|[Pp]arliament|"
    r"[Cc]ourt|[Cc]ommittee|[Dd]epartment|[Ii]nstitute|[Uu]niversity|[Bb]ureau|[Aa]uthority|"
    r"[Aa]ssociation|[Ff]oundation|[Ss]urvey|[Rr]eport|[Ss]tudy)\b"
    rf"(?:\s+(?:of|for|on)\s+{_CAP}(?:\s+{_CAP})*)?)"
)
_NOT_NAMES = frozenset(
    {
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "If",
        "When",
        "While",
        "Despite",
        "It",
        "This",
        "That",
        "There",
        "We",
        "I",
        "He",
        "She",
        "They",
        "Yesterday",
        "Everybody",
        "To",
        "But",
        "And",
        "After",
        "Before",
        "As",
        "Since",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
    }
    | set(_MONTHS.split("|"))
)
_COMMON_ACRONYMS = frozenset({"IPR", "CEO", "EU", "USA", "UK", "US", "OK", "TV", "GDP"})


def _clean_name(name: str) -> str | None:
    words = name.strip(" .,;:").split()
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    if not words or (len(words) == 1 and len(words[0]) < 3):
        return None
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class SentenceTags:
    kinds: tuple[SentenceKind, ...]
    sources: tuple[str, ...]
    reports: str | None = None  # the person whose words the sentence reports

    @property
    def is_evidence(self) -> bool:
        return any(kind in EVIDENCE_KINDS for kind in self.kinds)


# Words in capitals side by side, three or more or one longer than an acronym is (a heading or
# a shouted phrase: "FOR FURTHER INFORMATION CONTACT", "PARTICULAR PURPOSE"; "US NSA" is two
# acronyms), or opening the sentence as a label ("SUMMARY:", "VIOLA."): not acronyms naming a
# body or a programme. Five letters: the longest acronyms in the corpora (NASA, GCHQ, NPRM, UNHCR).
_CAPITALS_RUN = re.compile(r"\b[A-Z]{2,}(?:[\s,;:.-]+[A-Z]{2,}\b)+")
_ACRONYM_MAX_LETTERS = 5
_LABEL = re.compile(r"^\W*[A-Z]{3,}\s*[:.]")


def _acronyms(text: str) -> list[str]:
    """The acronyms of a sentence (PRISM, NSA): words of three or more capitals, less the
    common ones, those in a run of capitals and a label opening the sentence."""
    taken: set[tuple[int, int]] = set()
    for run in _CAPITALS_RUN.finditer(text):
        words = re.findall(r"[A-Z]+", run.group())
        if len(words) > 2 or any(len(w) > _ACRONYM_MAX_LETTERS for w in words):
            taken.add(run.span())
    label = _LABEL.match(text)
    found: list[str] = []
    for match in re.finditer(r"\b[A-Z]{3,}\b", text):
        inside = any(start <= match.start() < end for start, end in taken)
        if inside or (label is not None and match.end() <= label.end()):
            continue
        if match.group() not in _COMMON_ACRONYMS:
            found.append(match.group())
    return found


# Verbs of speech: what a person or a body does, not a fact or a finding ("shows", "found").
_SPEECH = r"said|says|told|tells|wrote|writes|testified|announced|warned|confirmed|stated|states"


def _names_a_source(name: str, text: str, institution: bool, people: Collection[str]) -> bool:
    """Whether a name found before a reporting verb (or an institution's word) names a source:
    an organisation, a publication, a named study or a person, not an ordinary word.

    An institution's word alone or uncapitalised ("government", "the survey", "Report") names
    none; nor does one word opening the sentence before a verb an argument uses of facts
    ("Reality shows that ...", "History proves"), unless it is an acronym or a person the
    document reports (`people`: lower-case names and aliases): "Meghan said", where a verb of
    speech follows, still names one; nor a stop word ("You said") or one of nameparser's
    titles alone ("President said")."""
    words = name.split()
    if institution and (len(words) < 2 or not any(w[:1].isupper() for w in words)):
        return False
    if len(words) > 1:
        return True
    word = words[0]
    lowered = word.lower()
    if lowered in STOP_WORDS or lowered in NAME_CONSTANTS.titles:
        return False
    opens = re.match(rf"^\W*(?:the\s+)?{re.escape(word)}\b", text) is not None
    speaks = re.search(rf"\b{re.escape(word)}\s+(?:{_SPEECH})\b", text) is not None
    return not opens or speaks or word.isupper() or lowered in people


def tag_sentence(
    sentence: str,
    ignore_names: frozenset[str] = frozenset(),
    people: Collection[str] = (),
) -> SentenceTags:
    """The argumentative kinds of one sentence and the sources it cites.

    `ignore_names` are the names the document is about (its author, the people it answers),
    which are subjects of the argument, not sources for it; `people` the lower-case names and
    aliases of the people it reports, who are sources though a sentence opens with one word of
    their name ("Meghan said ...": see `_names_a_source`).
    """
    text = fold(sentence)
    kinds: list[SentenceKind] = []
    found: list[str] = []
    cues = bool(_SOURCE_CUES.search(text))
    for pattern in (_NAMED_SOURCE, _ACCORDING) + ((_INSTITUTION,) if cues else ()):
        for match in pattern.finditer(text):
            name = _clean_name(match.group("name"))
            if name is not None and _names_a_source(name, text, pattern is _INSTITUTION, people):
                found.append(name)
    # Acronyms (PRISM, NSA) are programmes or bodies the sentence points to.
    found.extend(_acronyms(text))
    sources: list[str] = []
    for name in sorted(dict.fromkeys(found), key=len, reverse=True):
        lowered = name.lower()
        if lowered in ignore_names or any(lowered.endswith(" " + n) for n in ignore_names):
            continue
        if any(name in longer for longer in sources):
            continue
        sources.append(name)
    sources.sort(key=text.find)
    if sources:
        kinds.append(SentenceKind.SOURCE)
    if _STUDY.search(text):
        kinds.append(SentenceKind.STUDY)
    dated = _DATE.search(text)
    # A numbered paragraph's own number ("10. Mr Roe ...") is no figure it gives.
    counted = PARAGRAPH_NUMBER.sub("", text)
    if _NUMBER.search(_DATE.sub("", re.sub(r"\b\d+G\b", "", counted))):
        kinds.append(SentenceKind.STATISTIC)
    if dated:
        kinds.append(SentenceKind.EVENT)
    if _EXAMPLE.search(text):
        kinds.append(SentenceKind.EXAMPLE)
    if text.rstrip("\"' )").endswith("?"):
        kinds.append(SentenceKind.QUESTION)
    if _APPEAL.search(text):
        kinds.append(SentenceKind.APPEAL)
    if not kinds:
        kinds.append(SentenceKind.CLAIM)
    return SentenceTags(tuple(dict.fromkeys(kinds)), tuple(sources))


_REPORT_VERBS = SHARED_REPORT_VERBS + (
    r"|saying|claim|claiming|arguing|urging|warning|alleging|"
    # Counsel's words as a judgment reports them ("Ms Roe KC submitted that ...").
    r"submitted|submits|emphasised|"
    # A consultation's summary of a body's view ("The Forum opposed the levy").
    r"opposed|opposes|supported|supports|welcomed|welcomes|recommended|recommends|objected|"
    r"expressed"
)
# A reporting clause whose subject is "he" or "she": at the start of a sentence, after the
# closing quotation mark or comma of the words reported, or after "and".
_PRONOUN_REPORT = re.compile(
    rf"(?:^|[,;:\"\u201d]\s*|\band\s+)(?P<pronoun>he|she)\s+(?:\w+ly\s+|also\s+|then\s+)?"
    rf"(?:{_REPORT_VERBS})\b",
    re.IGNORECASE,
)
# A sentence whose subject is "he" or "she": it opens with the pronoun.
_PRONOUN_SUBJECT = re.compile(r"^\W*(he|she)\b", re.IGNORECASE)
# The words between a reporting verb and a name ("said union leader Sven Dahl"): a role.
_FUNCTION_WORDS = (
    "that|the|a|an|this|these|those|to|of|in|on|at|for|with|by|as|about|from|it|its|his|her|"
    "their|and|or|but|if|when|how|why|what|which|who|whom|was|were|is|are|be|been|not|no"
)
_ROLE = rf"(?:(?!(?:{_FUNCTION_WORDS})\s)[\w.'\u2019-]+\s+){{0,3}}"
_REPORTED_NOUNS = (
    r"claims?|arguments?|accusations?|remarks?|article|op-ed|words|allegations?|charges?"
)


def reported_person(sentence: str, people: dict[str, str]) -> str | None:
    """The person whose words or claims the sentence reports, if it says so.

    `people` maps a lower-case name or alias to the person's full name. "Pompeo keeps attacking",
    "according to Pompeo" and "Pompeo's claims" all report Pompeo; a bare mention does not. Of
    several, the first named.
    """
    text = fold(sentence)
    lowered = text.lower()
    # Of several people the sentence reports, the first named ("Inspector Carol Whitlock of
    # Aldermoor Police said": the inspector), the longest name at one place ("Mary Quill").
    found: list[tuple[bool, int, int, str]] = []
    # Where each person's names stand, longest first: "Energy" of "Hob Hill Energy" stands
    # where the whole name does.
    named: dict[str, list[tuple[int, int]]] = {}
    for alias in sorted(people, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", lowered):
            spans = named.setdefault(people[alias], [])
            whole = next(((s, e) for s, e in spans if s <= match.start() < e), match.span())
            spans.append(whole)
            after = text[match.end() : match.end() + 160]
            before = lowered[max(0, match.start() - 40) : match.start()]
            if (
                re.match(rf"(?:'s)?\s+(?:\w+\s+)?(?:{_REPORTED_NOUNS})\b", after, re.IGNORECASE)
                or re.match(
                    rf"(?:(?:\s+(?:of|from|at)\s+[^,.]{{1,80}})?(?:,[^,]{{1,80}}){{1,2}},)?"
                    rf"(?-i:{OF_BODY})(?:\s+\w+){{0,2}}?\s+"
                    rf"(?:{_REPORT_VERBS})\b",
                    after,
                    re.IGNORECASE,
                )
                # "The chair of Saltby Renewables, Martin Greaves, said": the name between commas
                or (
                    re.search(rf",\s(?:(?:the\s+)?(?:{HONORIFICS})\.?\s+)?$", before, re.IGNORECASE)
                    and re.match(
                        rf"(?-i:{OF_BODY}),(?:\s+\w+){{0,2}}?\s+(?:{_REPORT_VERBS})\b",
                        after,
                        re.IGNORECASE,
                    )
                )
                # "according to Quill", "according to Dr. Quill"
                or re.search(r"\baccording to\s+(?:[\w.]+\s+)?$", before)
                # "..., said Mary Quill", "argued Senator Quill", "said union leader Quill":
                # a title or a role of up to three words, none a function word ("noted that
                # the AOA DISAGREE alert ..." reports no one).
                or re.search(rf"\b(?:{_REPORT_VERBS})\s+{_ROLE}$", before)
            ):
                # A body a person speaks for ("The chair of Saltby Renewables, Martin Greaves,
                # said") is not who speaks, when the person is named too.
                ahead = lowered[max(0, whole[0] - 40) : whole[0]]
                body = re.search(r"\b(?:of|from|at)\s+(?:the\s+)?$", ahead) is not None
                found.append((body, match.start(), -len(alias), people[alias]))
    return min(found)[3] if found else None


# --- a document's sentences, tagged at ingest ---------------------------------------------


def _subject_names(meta: DocumentMeta) -> frozenset[str]:
    """Names a document argues about or is by: not sources it cites."""
    names = {meta.author, *meta.author_aliases}
    for person in meta.mentions:
        names.update((person.name, *person.aliases))
    return frozenset(normalise(name) for name in names)


def reported_people(meta: DocumentMeta) -> dict[str, str]:
    """Lower-case name or alias -> full name, for the people a document reports."""
    people: dict[str, str] = {}
    for person in meta.mentions:
        for alias in (person.name, *person.aliases):
            people[normalise(alias)] = person.name
    return people


@dataclass(frozen=True, slots=True)
class Tagger:
    """Tags the sentences of one document's passages (a millisecond or so a passage: done at
    ingest). The names the document is about are worked out once, not once a passage."""

    meta: DocumentMeta
    subjects: frozenset[str]
    people: dict[str, str]

    @classmethod
    def of(cls, meta: DocumentMeta) -> Tagger:
        return cls(meta, _subject_names(meta), reported_people(meta))

    def tags(self, passage: Passage, previous: Passage | None = None) -> tuple[SentenceTags, ...]:
        """Each sentence's tags; a sentence that reports "he" or "she" ("He said ...") reports
        the person an earlier sentence named (`pronoun_reports`), unless the last sentence
        naming anyone named two people; a quotation that goes on from one saying whose it is
        ("“A,” she said. “B.”", a quotation's later sentences, a paragraph opening a quotation
        after one that reported) reports the same person. "Earlier" reaches into `previous`,
        the paragraph before in the same document, when given (a story's "She added that ..."
        opens a paragraph), and only that far."""
        texts = _spoken_texts(passage)
        before = _spoken_texts(previous) if previous is not None else []
        carried = self._reports(before)[1:] if previous is not None else None
        reports, _, _ = self._reports(
            texts, *(carried or (None, None)), introduced=introduces(before)
        )
        return tuple(
            _with_footnotes(
                dataclasses.replace(
                    tag_sentence(text, self.subjects, self.people), reports=reported
                ),
                text,
                self.meta,
                passage.section,
            )
            for text, reported in zip(texts, reports, strict=True)
        )

    def document_tags(self, passages: Sequence[Passage]) -> list[tuple[SentenceTags, ...]]:
        """`tags` of each of a document's `passages` (in order), each read with the paragraph
        before it, as `Collection.sentence_tags` reads one on first use."""
        return [
            self.tags(passage, previous)
            for previous, passage in zip((None, *passages), passages, strict=False)
        ]

    def _reports(
        self,
        texts: Sequence[str],
        last: str | None = None,
        quoted_by: str | None = None,
        *,
        introduced: bool = False,
    ) -> tuple[list[str | None], str | None, str | None]:
        """Whom each sentence of `texts` reports, and, after the last, the person named last
        (None after a sentence naming two) and the one whose quotation may go on, starting
        from those of the paragraph before (`last`, `quoted_by`). A paragraph the one before
        `introduced` (ending "She told us:") is `quoted_by`'s words, set apart with or without
        quotation marks (an indented quotation)."""
        out: list[str | None] = []
        open_quote = introduced and quoted_by is not None
        # Whom a sentence with a pronoun for its subject meant, and that pronoun, while later
        # sentences name others: "She relies on the surgery in Corrick. “...,” she said."
        meant: tuple[str, str] | None = None
        for text in texts:
            reports = reported_person(text, self.people)
            if reports is None and may_quote_unnamed(text):
                reports = unnamed_source(text)
            pronoun = reporting_pronoun(text)
            if reports is None and meant is not None and pronoun == meant[1]:
                reports = meant[0]
            if reports is None and last is not None and pronoun is not None:
                reports = last
            goes_on = open_quote or _opens_quotation(text)
            if reports is None and quoted_by is not None and goes_on:
                reports = quoted_by
            named = named_people(text, self.people)
            subject = _PRONOUN_SUBJECT.match(fold(text))
            if reports is None and named and last is not None and subject is not None:
                meant = meant or (last, subject.group(1).lower())
            elif reports is not None or named:
                meant = None
            if reports is not None:
                # The one who speaks, not a name inside their words ("“... stays in Saltby,” he
                # said"): "He added ..." goes on with the speaker.
                last = reports
            elif len(named) > 1:
                last = None  # after a sentence naming two people, "he" could be either
            elif named:
                last = named[0]
            open_quote = _quotation_open_after(text, open_quote)
            # "She submitted:" introduces the quotation set after it.
            quoting = (
                goes_on
                or any(mark in text for mark in '"“”')
                or _ENDS_COLON.search(text) is not None
            )
            quoted_by = reports if reports is not None and quoting else None
            out.append(reports)
        return out, last, quoted_by

    def may_report(
        self, passage: Passage, person: str | None = None, previous: Passage | None = None
    ) -> bool:
        """False when no sentence of the passage can report `person` (a full name of
        `people`; default: anyone) in `tags`: no sentence holds any of the person's names or
        aliases as `reported_person` and `named_people` look for them (lower-cased, quotes
        folded), as a substring. A sentence reports only a person whose name it matches, or
        (after "he said") one an earlier sentence of the passage matched, so this is exact when
        False; True says only that `tags` must be asked."""
        aliases = [alias for alias, name in self.people.items() if person in (None, name)]
        if not aliases:
            return False
        texts = _spoken_texts(passage)
        if any(pronoun_reports(text) or _opens_quotation(text) for text in texts):
            return True  # may report whom the paragraph before named
        if previous is not None and introduces(_spoken_texts(previous)):
            return True  # a quotation the paragraph before introduced ("She told us:")
        lowered = [fold(text).lower() for text in texts]
        return any(alias in text for text in lowered for alias in aliases)


# A sentence ending with a colon, a note's mark after it or not ("She told us:[3]").
_ENDS_COLON = re.compile(":" + TRAILING_NOTE_MARKS + r"\s*$")


def introduces(texts: Sequence[str]) -> bool:
    """Whether a paragraph's sentences (`texts`) end introducing someone's words after them
    ("In a statement, she said:", "He told us:"): its last sentence ends with a colon a verb
    of speech comes shortly before (`people.INTRODUCES_WORDS`; not "proposes to amend it as
    follows:")."""
    return bool(texts) and INTRODUCES_WORDS.search(fold(texts[-1]).rstrip()) is not None


def _opens_quotation(sentence: str) -> bool:
    """Whether the sentence opens with a quotation that runs to its end or past it ("“It will
    fall by half.”", "“The limits were written by people who don't live here."), not with a
    quoted phrase the sentence goes on from ("“Project Fear” was the phrase ...")."""
    text = sentence.strip()
    if len(text) < 2 or text[0] not in '"\u201c':
        return False
    rest = text[1:].rstrip()
    close = min((i for i in (rest.find('"'), rest.find("\u201d")) if i >= 0), default=-1)
    return close < 0 or not rest[close + 1 :].strip(" .,;:!?'\u2019")


def _quotation_open_after(sentence: str, open_before: bool) -> bool:
    """Whether a double quotation is still open after `sentence`, given whether one was open
    before it (a quotation's sentences after the first hold no marks of their own)."""
    open_now = open_before
    for mark in sentence:
        if mark == "\u201c":
            open_now = True
        elif mark == "\u201d":
            open_now = False
        elif mark == '"':
            open_now = not open_now
    return open_now


def pronoun_reports(sentence: str) -> bool:
    """Whether the sentence reports the words of a "he" or "she" ("He said the vote...",
    "“We will win,” she argued", "Later, he told the council"): the person meant is the one
    named last before it, which the caller knows."""
    return reporting_pronoun(sentence) is not None


def reporting_pronoun(sentence: str) -> str | None:
    """The pronoun ("he" or "she", lower case) whose words the sentence reports
    (`pronoun_reports`); None when it reports no pronoun's."""
    found = _PRONOUN_REPORT.search(fold(sentence))
    return found.group("pronoun").lower() if found is not None else None


def named_people(sentence: str, people: dict[str, str]) -> list[str]:
    """The distinct people (full names) the sentence names by any of their names or aliases
    (`people` as `reported_people` gives it), in no particular order. A one-word name (a
    surname) names no one where it ends a longer name ("Vale" of "Fenwick Vale ward")."""
    text = fold(sentence)
    lowered = text.lower()
    return list(
        dict.fromkeys(
            name
            for alias, name in people.items()
            if any(
                " " in alias or stands_alone(text, match.start())
                for match in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", lowered)
            )
        )
    )


# Raised whenever the tagging rules change, so tags stored by older rules are made again (on
# first use) rather than read: 2 added numbers in words, 3 "said <name>", 4 "he said" after a
# sentence naming the person, 5 an introduction's footnotes read from its own notes, 6 more
# reporting verbs ("added", "noted") and a role between verb and name ("said union leader"), 7
# the people a document reports found as `people` now finds them (no job titles, accents,
# no firm spoken of as "its"), 8 sources only proper names (no "survey", "Reality shows",
# "SUMMARY:" or a run of capitals), 9 a name with two clauses after it before its verb ("Samuel
# Rudd, foreman of ..., who was ..., said"), and a speaker known by a role ("the mayor"), 10 a
# quotation right after one saying whose it is reports the same person, 11 so do a quotation's
# later sentences and its next paragraph, "She added ..." opening a paragraph reports the
# person the paragraph before named last, the first of two people a sentence reports is the one
# ("Inspector Keane of Hollow Bay Police said"), and a surname ending a longer name ("Vale" of
# "Fenwick Vale") names no one, 12 a name between commas before the verb reports ("The chair of
# Saltby Renewables, Martin Greaves, said"), the person over the body they speak for, and "argue";
# "he added" goes on with the last sentence's speaker, not a name inside their quotation, 13
# counsel's verbs ("submitted", "contended", "conceded") report, and a sentence reporting
# someone that ends with a colon ("She submitted:") makes the quotation after it theirs, and a
# numbered paragraph's number ("10. ...") is no statistic; 14: a body's view reported
# ("X opposed", "supported", "welcomed", "recommended", "objected", "expressed"); a body and
# an aside between the name and the verb ("Professor Roe of the X Institute, speaking for
# herself, argued"); 15: an unnamed source a story quotes ("A Labour spokesperson told us:",
# "said a spokesperson for the council": `unnamed.unnamed_source`) is whom the sentence reports;
# 16: a paragraph after one ending "She told us:" is the reported person's words with or without
# quotation marks (an indented quotation), and "..., she said" after a sentence whose subject is
# "she" and which names someone else ("She relies on the surgery in Corrick.") reports the one
# "she" stood for; "Public" and "Health" no part of a person's name ("Director of Public Health
# Jane Roe").
# "said a spokesperson for the council": `unnamed.unnamed_source`) is whom the sentence reports.
# 17: "reported" reports ("Student Representative Roe reported that ...", as minutes write).
TAGS_VERSION = 17


def encode_tags(tags: Sequence[SentenceTags]) -> str:
    """Sentence tags as compact JSON, for the store, marked with the rules' version."""
    return json.dumps(
        [TAGS_VERSION, [[[k.value for k in t.kinds], list(t.sources), t.reports] for t in tags]],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode_tags(raw: str) -> tuple[SentenceTags, ...] | None:
    """`encode_tags` read back; None when the stored form is not this version's."""
    try:
        version, rows = json.loads(raw)
        if version != TAGS_VERSION:
            return None
        return tuple(
            SentenceTags(tuple(SentenceKind(k) for k in kinds), tuple(sources), reports)
            for kinds, sources, reports in rows
        )
    except (ValueError, TypeError):
        return None


def _with_footnotes(
    tags: SentenceTags, text: str, meta: DocumentMeta, section: str | None
) -> SentenceTags:
    """A sentence with a `[n]` footnote into the bibliography (or its section's own notes,
    `DocumentMeta.reference`) cites that entry's source."""
    cited = [
        entry
        for match in FOOTNOTE.finditer(text)
        if (entry := meta.reference(int(match.group(1)), section)) is not None
    ]
    if not cited:
        return tags
    kinds = tags.kinds if SentenceKind.SOURCE in tags.kinds else (SentenceKind.SOURCE, *tags.kinds)
    names = [entry.author or entry.title or f"[{entry.number}]" for entry in cited]
    return dataclasses.replace(
        tags,
        kinds=tuple(k for k in kinds if k is not SentenceKind.CLAIM),
        sources=tuple(dict.fromkeys((*tags.sources, *names))),
    )


def _spoken_texts(passage: Passage) -> list[str]:
    """Sentence texts without a transcript's "DR. OYELARAN:" label, which would tag as a source."""
    texts = passage.sentence_texts()
    if passage.voice is Voice.SPEAKER and texts:
        label, colon, rest = texts[0].partition(":")
        if colon and normalise(label.strip()) == normalise(passage.speaker):
            texts[0] = rest.lstrip()
    return texts
