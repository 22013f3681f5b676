"""Whose words each paragraph is, found in the text when no `voices:` line says so.

- A publisher's framing: an opening paragraph that introduces the author in the third person
  ("... invited a response from Gwen Pellow", "Ambassador Zhang Ming wrote the following
  reply"), or a closing note about them ("Dana Loutey is a current Senator").
- Letters on a letters page: each letter runs up to its sign-off ("-Darryl Leong '72, MD",
  "Sincerely, Alan Montecillo") and is that signer's, not the page byline's.
- A quotation set apart and credited on the line after it ("“Food banks were meant to be a
  stopgap ...”" / "— Jo Roe, chief executive"), as a factsheet or a report prints a pull quote:
  the quotation is the credited person's, and the credit is no letter's sign-off.
- An interview: a paragraph that is one quotation and nothing else, in a document whose title
  names one person other than its author ("Leader spotlight: Erin Spiceland"), is that person's,
  and so are its paragraphs in the first person that quote no one; in a document whose title
  says it is an interview ("Interview: ...", "Q&A: ..."), those first-person paragraphs are
  the interviewee's even when no paragraph is set as a quotation.
- The people a document reports (`bot.engine.people`), added to its `mentions`, so questions
  and sentence tags know them without a hand-written `mention:` line.

`voices:` and `mention:` in the metadata stay overrides: what they say is kept as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engine.models import Document, Kind, Passage, Voice
from bot.engine.people import candidate_names, is_person_name, people_of, reported_names
from bot.engine.text import fold

# A sign-off closing a letter: a dash and a name, or a closing word and a name.
_SIGN_OFF = re.compile(
    r"^\s*(?:[-\u2013\u2014]+\s*|(?i:sincerely|regards|best regards|yours|yours truly|warmly|"
    r"respectfully|thank you|thanks),?\s+)"
    r"(?P<name>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){1,3})"
    r"(?P<rest>[^\n]{0,120})$"
)
# A complimentary close alone on its line: "Sincerely,", "Yours faithfully,", "Best wishes,";
# the signer's name is on the next line.
CLOSE = re.compile(
    r"^\s*(?:(?:yours\s+)?(?:sincerely|faithfully|truly|respectfully)(?:\s+yours)?|yours|"
    r"(?:with\s+)?(?:best|kind|warm|warmest)?\s*(?:regards|wishes)|respectfully|cordially|"
    r"warmly|thank\s+you|thanks|best)\s*[,.!]?\s*$",
    re.IGNORECASE,
)
# The lines a sign-off may hold after its close: the name, then a place or an affiliation or
# two ("Springfield", "Chair, Friends of the Library"); each a short line.
SIGNATURE_LINES = 4
SIGNATURE_LINE_CHARS = 80
# What may follow a signer's name on its line: a place or a title after a comma or a bracket.
_AFTER_NAME = re.compile(r"\s*[,(|].*$")
# Third-person words that introduce an author: what a publisher's framing says of them.
_INTRODUCES = re.compile(
    r"\b(?:wrote|writes|written|following|below|invited|response from|reply from|article|"
    r"op-ed|contributed|views|is a|is the|teaches|serves as|the author)\b",
    re.IGNORECASE,
)
# The heading an upload's author bio is kept under, last (`formats.html`): what the page says
# of its author, the publisher's words whatever they hold ("Follow us ...").
ABOUT_THE_AUTHOR = "About the author"
# The section of a figure's caption on a page (`formats.html`), kept where the figure stands:
# what the page states of its picture, the publisher's words.
CAPTION = "Caption"
# The part of its document a publisher's note is (an editor's note, a correction, an italic
# line closing an interview: `quote.debate_part`), and the section such a line is kept under.
PUBLISHERS_NOTE_PART = "Publisher's note"
# The section of a press release's boilerplate on the organisation issuing it ("About Riverbend
# Food Bank ...", `formats.release`): the issuer's words about itself, in the publisher's voice.
ABOUT_THE_ISSUER = "About the organisation"
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|my|me|we|our|us)\b")
_FRAMING_MAX_CHARS = 700
# A title that says the document is an interview: its paragraphs in the first person are the
# interviewee's even where none of them is set as a quotation (questions in bold, answers plain).
_INTERVIEW_TITLE = re.compile(
    r"\b(?:interview(?:ed|s)?|q\s*&\s*a|q and a|in conversation|conversation with|spotlight|"
    r"talks to|speaks to|sits down with)\b",
    re.IGNORECASE,
)
# A paragraph that is one quotation from end to end, with no quotation marks inside it.
_WHOLLY_QUOTED = re.compile(r'^\s*["\u201c](?P<words>[^"\u201c\u201d]{20,})["\u201d]\s*$')
# The section of each letter on a letters page: "letter-1", "letter-2"... (the attribution line
# calls its signer "a reader, letter to the editor, signed ...").
LETTER_SECTION = "letter-"


def detect_voices(document: Document, *, keep_voices: bool = False) -> Document:
    """The document with the voices its text shows (see the module's docstring); with
    `keep_voices` (its metadata says whose each paragraph is), only its people are added."""
    passages = list(document.passages)
    if not keep_voices and document.meta.kind is not Kind.DEBATE:
        passages = _credited_quotations(passages)
        passages = _letters(passages, document.meta.author)
        passages = _framing(passages, document.meta.author, document.meta.publisher)
        passages = _publishers_notes(passages, document.meta.publisher)
        passages = _interview(passages, document.meta.title, document.meta.author)
    texts = [p.text for p in passages]
    speakers = [p.speaker for p in passages if p.voice is Voice.SPEAKER]
    mentions = people_of(
        texts, dict.fromkeys(speakers), document.meta.mentions, document.meta.author
    )
    meta = document.meta
    if len(mentions) != len(meta.mentions):
        meta = meta.model_copy(update={"mentions": tuple(mentions)})
    letter_by = _single_signer(passages)
    if letter_by is not None and no_byline(meta.author):
        # One letter, signed, under a page's "Staff" byline: "who wrote it?" is its signer.
        meta = meta.model_copy(update={"author": letter_by})
    if meta is document.meta and passages == list(document.passages):
        return document
    return document.replaced(meta=meta, passages=tuple(passages))


def signer(paragraph: str) -> str | None:
    """The person a paragraph signs a letter as, if it is a sign-off: a line ("Sincerely, Jane
    Roe", "-Darryl Leong '72, MD") or a close over the name and a line or two ("Sincerely," /
    "Jane Roe" / "Springfield"); else None."""
    lines = [line.strip() for line in fold(paragraph).strip().split("\n")]
    if len(lines) > 1:
        return signature(lines[1:]) if CLOSE.match(lines[0]) else None
    if len(paragraph) > 160:
        return None
    match = _SIGN_OFF.match(fold(paragraph).strip().strip("*_ "))
    if match is None:
        return None
    name = match.group("name").strip(" .,'\u2019")
    name = re.sub(r"\s+'?\d{2}$", "", name)  # a class year: "Darryl Leong '72"
    return name if is_person_name(name) and not stock_closing(name) else None


def signature(lines: Sequence[str]) -> str | None:
    """The signer the lines under a close give: the first line's name (up to a comma: "Jane
    Roe, Springfield"), when it reads as a person's and the lines are few and short."""
    if not lines or len(lines) > SIGNATURE_LINES:
        return None
    if any(len(line.strip()) > SIGNATURE_LINE_CHARS for line in lines):
        return None
    name = _AFTER_NAME.sub("", lines[0].strip()).strip(" .")
    return name if is_person_name(name) and not stock_closing(name) else None


# Stock phrases closing a speech or a message ("Thank you.", "Good night", "God bless"): two
# words, capitalised, read as a name, but nobody's signature.
_STOCK_CLOSING = re.compile(
    r"(?:thank\s+you|thanks|many\s+thanks|good\s*night|good\s*bye|god\s+bless|best\s+wishes|"
    r"take\s+care|see\s+you|cheers|bye|regards|kind\s+regards)"
    r"(?:\s+(?:all|everyone|everybody|again|so\s+much|very\s+much|friends))?",
    re.IGNORECASE,
)


def stock_closing(words: str) -> bool:
    """Whether `words` are a stock closing phrase ("Thank you", "Good night, everyone"), or
    end with a word in lower case ("Thank you"): no person's name, though capitalised."""
    words = " ".join(words.replace(",", " ").split())
    last = words.split(" ")[-1] if words else ""
    return _STOCK_CLOSING.fullmatch(words) is not None or last[:1].islower()


def _letters(passages: list[Passage], author: str) -> list[Passage]:
    """Each letter of a page of letters as its signer's turn. A document signed once by its own
    author is not a letters page."""
    ends = [
        (i, name)
        for i, p in enumerate(passages)
        if (name := signer(p.text)) is not None and not _credits_quotation(passages, i, name)
    ]
    signers = {name for _, name in ends}
    if not ends or (len(signers) == 1 and same_person(next(iter(signers)), author)):
        return passages
    if len(ends) == 1 and ends[0][0] < len(passages) // 2:
        return passages  # a sign-off early in a long text is not the end of a letter
    out = list(passages)
    first = 0
    for number, (last, name) in enumerate(ends, start=1):
        for i in range(first, last + 1):
            out[i] = out[i].replaced(
                voice=Voice.SPEAKER, speaker=name, section=f"{LETTER_SECTION}{number}"
            )
        first = last + 1
    return out


# A quotation's last characters: its closing mark, then perhaps a footnote number or a space.
_QUOTATION_ENDS = re.compile(r"[\u201d\"\u00bb]\W{0,3}\d{0,2}\s*$")
_QUOTATION_OPENS = re.compile(r"^\W{0,3}[\u201c\"\u00ab]")
_DASH_OPENS = re.compile(r"^\s*[-\u2013\u2014\u2015]")


def _credited_quotations(passages: list[Passage]) -> list[Passage]:
    """A quotation set apart, its credit on the line after it ("— Jo Roe, chief executive"):
    the quotation's paragraph (opening and ending with a quotation mark, right before the
    credit) is the credited person's turn. One a page or a column break cut in two is left as
    it is: which credit is whose is not sure there."""
    out = list(passages)
    for index, passage in enumerate(passages):
        if index == 0 or not _DASH_OPENS.match(passage.text):
            continue
        name = signer(passage.text)
        if name is None or not _QUOTATION_ENDS.search(passages[index - 1].text):
            continue
        quotation = passages[index - 1]
        if quotation.voice is Voice.AUTHOR and _QUOTATION_OPENS.match(quotation.text):
            out[index - 1] = quotation.replaced(voice=Voice.SPEAKER, speaker=name)
    return out


def _credits_quotation(passages: Sequence[Passage], index: int, name: str) -> bool:
    """Whether the line at `index` ("— Jane Roe, Mayor") credits the quotation right before it,
    already that person's (a page's block quote and its credit, `formats.htmlcredits`): a
    credit, not a letter's sign-off."""
    before = passages[index - 1] if index else None
    return (
        before is not None
        and before.voice is Voice.SPEAKER
        and same_person(before.speaker or "", name)
    )


def _framing(passages: list[Passage], author: str, publisher: str | None) -> list[Passage]:
    """An opening or closing paragraph that speaks of the author in the third person is the
    publisher's framing."""
    if len(passages) < 3 or not author or author.casefold().startswith("unknown"):
        return passages
    out = list(passages)
    for i in (0, len(passages) - 1):
        passage = passages[i]
        if passage.voice is Voice.AUTHOR and passage.heading == ABOUT_THE_AUTHOR:
            out[i] = passage.replaced(voice=Voice.PUBLISHER, speaker=publisher or "the publisher")
            continue
        if passage.voice is not Voice.AUTHOR or len(passage.text) > _FRAMING_MAX_CHARS:
            continue
        text = fold(passage.text)
        names_author = _mentions(text, author)
        if names_author and _INTRODUCES.search(text) and not _FIRST_PERSON.search(text):
            # A closing note on the author is their bio ("about the author"), as a page's is.
            closing = i == len(passages) - 1 and passage.heading is None
            out[i] = passage.replaced(
                voice=Voice.PUBLISHER,
                speaker=publisher or "the publisher",
                heading=ABOUT_THE_AUTHOR if closing else passage.heading,
            )
    return out


# A note the publication adds to a piece: "Editor's note: ...", "Correction: ...".
PUBLISHERS_NOTE = re.compile(
    r"^\W{0,3}(?:editors?['\u2019]?s?\s+note|correction|clarification|update|updated)\s*[:.\u2014-]",
    re.IGNORECASE,
)


def _publishers_notes(passages: list[Passage], publisher: str | None) -> list[Passage]:
    """A paragraph of the author's that is an editor's note, a correction or a clarification
    is the publisher's words, not the author's (nor a reporter's)."""
    return [
        p.replaced(voice=Voice.PUBLISHER, speaker=publisher or "the publisher")
        if p.voice is Voice.AUTHOR and PUBLISHERS_NOTE.match(p.text)
        else p
        for p in passages
    ]


def no_byline(author: str) -> bool:
    """Whether an author names nobody in particular: empty, "Unknown author" or "Staff"."""
    return not author or author.casefold().startswith(("unknown", "staff"))


def _single_signer(passages: Sequence[Passage]) -> str | None:
    """The signer of a document that is one letter from first paragraph to last."""
    sections = {p.section for p in passages}
    speakers = {p.speaker for p in passages}
    if (
        len(sections) == 1
        and len(speakers) == 1
        and all(p.voice is Voice.SPEAKER for p in passages)
    ):
        section = next(iter(sections))
        if section is not None and section.startswith(LETTER_SECTION):
            return next(iter(speakers))
    return None


def _interview(passages: list[Passage], title: str, author: str) -> list[Passage]:
    """Each paragraph that is wholly a quotation is the interviewee's, when the title names one
    person and that person is not the author (an interview or a profile quotes its subject),
    and the title says it is an interview or the text reports that person's words."""
    people = interviewees(title, author)
    quoted = [
        p.voice is Voice.AUTHOR and bool(_WHOLLY_QUOTED.match(fold(p.text))) for p in passages
    ]
    if len(people) != 1 or not (any(quoted) or _INTERVIEW_TITLE.search(title)):
        return passages
    reported = {fold(name).casefold() for name in reported_names([p.text for p in passages])}
    if not _INTERVIEW_TITLE.search(title) and fold(people[0]).casefold() not in reported:
        # A title naming a place or a body like a person ("Protest at Fenwick Vale ..."): a
        # profile's subject is someone its text reports.
        return passages
    # Where the subject is quoted whole, the paragraphs in the first person are theirs too (a
    # profile gives them the floor); the interviewer's framing speaks of them in the third.
    return [
        p.replaced(voice=Voice.SPEAKER, speaker=people[0])
        if whole or (p.voice is Voice.AUTHOR and _speaks_for_self(p.text))
        else p
        for p, whole in zip(passages, quoted, strict=True)
    ]


def interviewees(title: str, author: str | None) -> list[str]:
    """The people a document's title names other than its author ("Q&A: Chef Lorenzo Vitale on
    ...": ["Lorenzo Vitale"], the job title left out): in an interview, who answers."""
    return [
        n
        for n in candidate_names([title])
        if not same_person(n, author or "") and not _NOT_INTERVIEWEE.search(n)
    ]


# Words of a title that say what the document is, making no name of the words before them ("Oral
# History: Mrs Ada Penrose ..."); `people` reads "Oral History" as it would "Ada Penrose".
_NOT_INTERVIEWEE = re.compile(r"\b(?:history|histories|interview|transcript|memoir)\b", re.I)


def _speaks_for_self(text: str) -> bool:
    """A paragraph in the first person ("I", "my") holding no quotation of anyone else."""
    folded = fold(text)
    return '"' not in folded and re.search(r"\b(?:I|I'm|I've|my|me)\b", folded) is not None


def _mentions(text: str, name: str) -> bool:
    words = [w for w in fold(name).split() if len(w) > 2]
    return bool(words) and re.search(rf"\b{re.escape(words[-1])}\b", text) is not None


def same_person(a: str, b: str) -> bool:
    """Whether two names may be one person's: the same first word or the same last one."""
    first_a, first_b = fold(a).casefold().split(), fold(b).casefold().split()
    return bool(first_a and first_b) and (first_a[0] == first_b[0] or first_a[-1] == first_b[-1])


def voiced(documents: Sequence[Document]) -> list[Document]:
    """`detect_voices` over several documents (their own `voices:` kept where given)."""
    return [detect_voices(d, keep_voices=bool(d.meta.voices)) for d in documents]
