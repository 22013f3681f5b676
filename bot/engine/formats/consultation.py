"""A consultation's summary of responses: a report, and the bodies whose views it sums up.

A government department or a public body that consulted publishes a summary of the responses:
"Summary of Consultation Responses", "Consultation outcome", "Government response to the
consultation". It is a report (`is_consultation_summary`), the body's own, and it reports
what named organisations said in the third person, a paragraph each: "The Airline Operators'
Association opposed the levy. It argued that ...", "The Island Trust strongly supported the
levy". Those organisations (a word for a body among their words: "Association", "Forum",
"Trust") are people the text reports (`respondents`), known by their whole
names ("the Business Travel Forum", not "Travel Forum") and without "the", so a quote of
their view is credited "Department for X, reporting Business Travel Forum".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from bot.engine.formats.extracted import Paragraph
from bot.engine.models import Person

# A title or heading naming a summary of consultation responses.
_SUMMARY = re.compile(
    r"\bconsultation\s+(?:responses?|outcome|summary|report)\b|"
    r"\b(?:summary|analysis)\s+of\s+(?:the\s+)?(?:consultation\s+)?responses\b|"
    r"\bresponse\s+to\s+(?:the\s+)?consultation\b",
    re.IGNORECASE,
)
# How far down the text's heading may name it as one (under a cover's lines).
_HEAD_PARAGRAPHS = 4
# An organisation opening a paragraph (after its number) or a sentence as the subject of a verb
# of view: "3.1 The Airline Operators' Association opposed ...", "The Island Trust strongly
# supported ...". Its words are capitalised (and "of", "for", "and", "the"), two to eight.
_WORD = r"[A-Z][\w&'\u2019.-]*"
_BODY = rf"{_WORD}(?:\s+(?:{_WORD}|of|for|and|the|on|in|&)){{1,7}}"
_VIEW_VERBS = (
    r"said|says|argued|argues|opposed|opposes|supported|supports|welcomed|welcomes|objected|"
    r"urged|urges|called|calls|asked|asks|expressed|raised|warned|noted|recommended|suggested|"
    r"proposed|accepted|agreed|disagreed|questioned|stated|considered|believed|did\s+not|"
    r"does\s+not|was\s+concerned|were\s+concerned|responded"
)
_OPENING = re.compile(
    rf"(?:^\s*(?:\d{{1,2}}(?:\.\d{{1,2}})*\.?\s+)?|(?<=[.;]\s))(?:The\s+)?(?P<body>{_BODY})"
    rf"(?:\s+\w+ly)?\s+(?:{_VIEW_VERBS})\b"
)
# Words whose presence makes a capitalised run a body rather than a person's name.
_BODY_WORDS = frozenset(
    """
    association federation forum council society institute institution trust union
    confederation chamber alliance coalition network group board authority agency commission
    company ltd plc partnership foundation charity campaign league club committee centre center
    friends organisation organization industry
    """.split()
)


def is_body_name(name: str) -> bool:
    """Whether a name is an organisation's: "The X", or a word for a body among its words
    ("Harbour Users' Association", "Friends of the Marsh")."""
    words = [word.lower().strip(".'\u2019") for word in name.split()]
    return bool(words) and (
        words[0] == "the" or any(w in _BODY_WORDS or w.rstrip("s") in _BODY_WORDS for w in words)
    )


def is_consultation_summary(title: str, paragraphs: Sequence[Paragraph]) -> bool:
    """Whether the title, or a heading or a line of the first _HEAD_PARAGRAPHS paragraphs,
    names the document a summary of consultation responses (`_SUMMARY`)."""
    heads = [title, *(p.section or "" for p in paragraphs[:_HEAD_PARAGRAPHS])]
    return any(_SUMMARY.search(head) for head in heads)


# A person opening a paragraph with the body they belong to, whose view the sentence reports:
# "3.5 Professor Jane Roe of the Carrow Institute, responding in a personal capacity, argued".
_PERSON_OPENING = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?P<person>[A-Z][\w.'\u2019-]*"
    r"(?:\s+[A-Z][\w.'\u2019-]*){1,4})\s+(?:of|from|at)\s+[^.]{1,160}?\b"
    rf"(?:{_VIEW_VERBS})\b"
)


def respondents(paragraphs: Sequence[Paragraph]) -> tuple[Person, ...]:
    """The organisations the paragraphs report the views of (`_OPENING`: a body's name, a word
    for a body among its words, as the subject of a verb of view), each a `Person` named
    without "the", known also as "the <name>"; then the people opening a paragraph with the
    body they belong to, whose view it reports (`_PERSON_OPENING`), known by their surnames
    too (`people.aliases`)."""
    from bot.engine.people import aliases, canonical, is_person_name

    found: dict[str, None] = {}
    people: list[Person] = []
    for paragraph in paragraphs:
        text = " ".join(paragraph.text.split())
        person = _PERSON_OPENING.match(text)
        if person is not None and is_person_name(person.group("person")):
            name = canonical(person.group("person"))
            people.append(Person(name=name, aliases=aliases(person.group("person"))))
        for match in _OPENING.finditer(text):
            body = match.group("body")
            if is_body_name(re.sub(r"^The\s+", "", body)):  # not "The Government"
                found.setdefault(body, None)
    bodies = [Person(name=name, aliases=(f"the {name}",)) for name in found]
    return (*bodies, *{person.name: person for person in people}.values())


# When a consultation closed, as its summary's head or introduction says: "Consultation period:
# 3 February 2026 to 28 April 2026", "The consultation ran from 3 February to 28 April 2026",
# "Closing date: 28 April 2026", "The consultation closed on 28 April 2026".
_PERIOD = re.compile(
    r"\bconsultation\s+(?:period|ran|was\s+open|opened)\b[^.\n]{0,80}?\b(?:to|until|and|[-\u2013])"
    r"\s+(?P<to>[^.\n]{6,40})"
    r"|\b(?:closing\s+date|closed|closes|closed\s+on|close\s+of\s+consultation)\s*:?\s*(?:on\s+)?"
    r"(?P<closed>[^.\n]{6,40})",
    re.IGNORECASE,
)
# How far down the summary its period may be stated.
_PERIOD_PARAGRAPHS = 8


def consultation_closed(paragraphs: Sequence[Paragraph]) -> dt.date | None:
    """The day a consultation closed, as one of its summary's first _PERIOD_PARAGRAPHS
    paragraphs says ("Consultation period: 3 February 2026 to 28 April 2026": 28 April 2026;
    "The consultation closed on 28 April 2026"); None when none says (or gives no whole day)."""
    from bot.engine.formats.head import date_in

    for paragraph in paragraphs[:_PERIOD_PARAGRAPHS]:
        for found in _PERIOD.finditer(paragraph.text):
            day = date_in(found.group("to") or found.group("closed"))
            if day is not None:
                return day
    return None
