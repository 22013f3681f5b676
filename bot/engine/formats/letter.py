"""A letter's salutation and sign-off: whom it is written to and who signed it, neither of them
words of the letter to quote.

A letter saved as a file opens with a salutation ("Dear Editor,", "To the Editor:") and ends
with a complimentary close and the signer's name, perhaps with a place or an affiliation under
it ("Sincerely," / "Jane Roe" / "Springfield"), or a dash and the name ("-- Jane Roe,
Springfield"), or, after a salutation, the name alone in a last paragraph of its own.
`read_letter` finds them at the two ends of an upload's paragraphs: the signer
is who wrote it when nothing else names an author, and those lines are left out of its
passages. A page of several signed letters is left to `bot.engine.voices`, which makes each
letter its signer's turn.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.head import date_in, masthead
from bot.engine.models import Person
from bot.engine.people import aliases, is_person_name, role_in
from bot.engine.text import fold
from bot.engine.voices import (
    CLOSE,
    SIGNATURE_LINE_CHARS,
    SIGNATURE_LINES,
    same_person,
    signature,
    signer,
)

# A salutation alone on its line: "Dear Editor,", "Dear Ms. Kerr,", "Dear Sir or Madam:", "To
# the Editor:".
_SALUTATION = re.compile(
    r"^\s*(?:(?:my\s+)?dear\s+(?:(?:mr|mrs|ms|mx|dr|prof)\.\s*)?[^\n,:;.!?]{1,60}|to\s+the\s+editors?|to\s+whom\s+it\s+may\s+"
    r"concern|hello|greetings)\s*[,:]?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Letter:
    """What the two ends of an upload say of it as a letter: `signer`, the name its sign-off
    gives (None when it has none, or more than one letter is signed in it); whether it opens
    with a salutation; its paragraphs without the salutation and sign-off lines (`kept`), and
    without the salutation only (`signed`, for a letter whose sign-off is to stay); each the
    paragraphs as given when there is nothing to leave out."""

    signer: str | None
    salutation: bool
    kept: tuple[Paragraph, ...]
    signed: tuple[Paragraph, ...]


def read_letter(paragraphs: Sequence[Paragraph]) -> Letter:
    """The salutation opening `paragraphs` and the sign-off closing them (see the module's
    docstring), and the paragraphs without them. A sign-off is only read when it is the one in
    the text (a page of letters signs several) and its name reads as a person's
    (`people.is_person_name`); a salutation alone, with no sign-off, is still no passage."""
    given = tuple(paragraphs)
    signed = list(paragraphs)
    salutation = bool(signed) and _drop_salutation(signed)
    kept = list(signed)
    name = _sign_off(kept)
    if name is None and salutation and len(kept) > 1:
        # A letter to the editor signed with the name alone under its last paragraph, perhaps
        # with an affiliation and a place ("Jane Roe" / "Chair, Harbour Association" /
        # "Springfield"), no close before it: the salutation says it is a letter.
        name = signature(kept[-1].text.strip().split("\n"))
        if name is not None:
            del kept[-1]
    if name is not None and any(_signs_off(p.text) for p in kept):
        name, kept = None, list(signed)  # another letter is signed before it: a page of them
    if not kept:
        return Letter(None, False, given, given)
    return Letter(name, salutation, tuple(kept), tuple(signed))


# A family letter's sign-off on one line, close and name ("Your loving brother, Tom", "Your
# affectionate son,<br>Harry", "With all my love, Nell"): the name may be a given name alone.
_CLOSE_AND_NAME = re.compile(
    r"^\s*(?i:yours?\b[^,\n]{0,40}|(?:with\s+)?(?:all\s+)?(?:my\s+)?(?:love|best\s+love)|"
    r"(?:yours\s+)?(?:sincerely|faithfully|truly|ever)(?:\s+yours)?)\s*,\s*"
    r"(?P<name>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})\s*\.?\s*$",
)
# Longest line heading a letter with its place and date ("France, 9th July 1916").
_DATELINE_CHARS = 80


def letters_within(paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """The paragraphs, each letter a page sets among its own words marked as its signer's
    (`Paragraph.speaker`, `Paragraph.letter` 1, 2, ...): a museum's introduction and notes
    around "France, 9th July 1916" / "Dear Edie," / ... / "Your loving brother, Tom", or a
    letters page's letters, each opening "Sir, ..." and signed "Harold Benning, Upper Clough".
    A letter runs from its salutation (alone on its line, or opening its first paragraph), or
    the place and date over it, to its sign-off. A close with the name stays in the letter; a
    signature alone (the name, a place after a comma) is no paragraph, its place kept as the
    letter's `Paragraph.place`, and a headline over the letter ("A REPLY TO MR BENNING") is the
    heading of its paragraphs (`Paragraph.section`), no paragraph. The paragraphs as given when
    no salutation after the first paragraph is followed by a sign-off."""
    out: list[Paragraph] = []
    at = 0  # the first paragraph not yet copied to `out`
    number = 0
    while (found := _next_letter(paragraphs, at)) is not None:
        start, end, name, place = found
        number += 1
        if start - 1 >= at and (headline := _headline(paragraphs[start - 1].text)) is not None:
            out.extend(paragraphs[at : start - 1])
            section: str | None = headline
        else:
            out.extend(paragraphs[at:start])
            section = None
        body = paragraphs[start:end] if place is not None else paragraphs[start : end + 1]
        out.extend(
            dataclasses.replace(
                p, speaker=name, letter=number, place=place, section=section or p.section
            )
            for p in body
        )
        at = end + 1
    if not number:
        return tuple(paragraphs)
    return (*out, *paragraphs[at:])


def _next_letter(
    paragraphs: Sequence[Paragraph], first: int
) -> tuple[int, int, str, str | None] | None:
    """The next letter from paragraph `first` on: the paragraph it opens with (its place and
    date, or its salutation), its sign-off's, its signer and the place a signature alone gives
    (None for a close with the name)."""
    for start in range(first, len(paragraphs)):
        inline = _SALUTATION_OPENING.match(paragraphs[start].text) is not None
        # A salutation alone opening the text is `read_letter`'s; one with its first words
        # ("Sir, I read ...") opens a letter wherever it stands.
        if not (inline or (start and is_salutation(paragraphs[start].text))):
            continue
        signed = _sign_off_after(paragraphs, start, inline)
        if signed is None:
            continue
        end, name, place = signed
        above = paragraphs[start - 1].text if start else ""
        if above and len(above) <= _DATELINE_CHARS and "\n" not in above.strip() and date_in(above):
            start -= 1  # the place and date heading the letter
        return start, end, name, place
    return None


def _sign_off_after(
    paragraphs: Sequence[Paragraph], start: int, inline: bool
) -> tuple[int, str, str | None] | None:
    """The sign-off of the letter opening at paragraph `start` (its salutation `inline` with
    its first words, or alone): its paragraph, the signer and the signature's place."""
    for end in range(start + (1 if inline else 2), len(paragraphs)):
        text = paragraphs[end].text
        if is_salutation(text) or _SALUTATION_OPENING.match(text):
            return None  # another letter opens before this one is signed
        found = _CLOSE_AND_NAME.match(" ".join(text.split()))
        if found is not None:
            return end, found.group("name"), None
        lines = [line.strip() for line in text.strip().split("\n")]
        name = signature(lines) if len(lines) <= _SIGNATURE_ALONE_LINES else None
        if name is not None and not SIGNATURE_END.search(lines[-1]):
            return end, name, _place(lines[0])
    return None


# A salutation opening a letter's first paragraph, its words after it on the line: "Sir, I
# read ...", "Dear Editor, Your report ...". Only the forms a letters page prints.
_SALUTATION_OPENING = re.compile(
    r"^\s*(?:(?:my\s+)?dear\s+(?:sir|madam|sir\s+or\s+madam|editor)|sir|madam|to\s+the\s+"
    r"editors?)\s*[,:]\s+\S",
    re.IGNORECASE,
)
# A signature alone, under a letter opened by a salutation: the name and a place or an
# affiliation, in a line or two ("Harold Benning, Upper Clough"; "Jane Roe" / "Springfield").
_SIGNATURE_ALONE_LINES = 2
SIGNATURE_END = re.compile(r"[.!?:;\"\u201d]$")
# A place after a signer's name and a comma: a few capitalised words ("Upper Clough", "Fenwick
# Vale", "St. Ives"), no role ("Mayor") nor affiliation ("Chair of the Friends").
_PLACE = re.compile(r"^[A-Z][\w.'\u2019-]*(?:[ -][A-Z][\w.'\u2019-]*){0,3}$")


def is_place(words: str) -> bool:
    """Whether words after a signer's name and a comma are a place ("Upper Clough"), not a role
    ("Mayor") nor an affiliation."""
    return _PLACE.match(words) is not None and role_in(words.split()) is None


# Longest headline over a letter on a letters page.
_HEADLINE_CHARS = 80


def _place(line: str) -> str | None:
    """The place a signature line gives after the name ("Harold Benning, Upper Clough": "Upper
    Clough"), or None when it gives none or a role ("Jane Roe, Mayor")."""
    _, comma, rest = line.partition(",")
    place = rest.strip(" .")
    if not comma or not is_place(place):
        return None
    return place


def _headline(text: str) -> str | None:
    """The text as a headline over a letter, a short line ending with no punctuation ("THE
    FOOTPATH IS NOT ENOUGH"), else None."""
    line = text.strip()
    if not line or "\n" in line or len(line) > _HEADLINE_CHARS or not line[-1].isalnum():
        return None
    return None if date_in(line) else line


def signer_people(places: Mapping[str, str]) -> tuple[Person, ...]:
    """The signers of a letters page whose signatures give a place (signer -> "Upper Clough"),
    each with the names a question may call them by: the surname forms (`people.aliases`) and
    "writer from Upper Clough" ("what did the letter writer from Upper Clough argue?"), as a
    reader or a correspondent too. Two signers from one place share those names."""
    return tuple(
        Person(
            name=name,
            aliases=(
                *aliases(name),
                *(
                    f"{noun} from {place}"
                    for noun in ("writer", "letter writer", "reader", "correspondent")
                ),
            ),
        )
        for name, place in places.items()
    )


def is_salutation(text: str) -> bool:
    """Whether a line is a letter's salutation alone ("Dear Michael,", "To the Editor:")."""
    return _SALUTATION.match(text) is not None


def _drop_salutation(paragraphs: list[Paragraph]) -> bool:
    """Drop a salutation opening the first paragraph (the paragraph, or its first line when
    the letter's words follow on the next line); whether there was one."""
    first = paragraphs[0]
    head, _, rest = first.text.strip().partition("\n")
    if not is_salutation(head):
        return False
    if rest.strip():
        line = None if first.line is None else first.line + 1
        paragraphs[0] = dataclasses.replace(first, text=rest.strip(), line=line)
    else:
        del paragraphs[0]
    return True


def _sign_off(paragraphs: list[Paragraph]) -> str | None:
    """The signer of the sign-off closing the last paragraph or two, which are cut to what
    comes before it; None (and the paragraphs as they were) when there is none."""
    if not paragraphs:
        return None
    last = paragraphs[-1].text.strip()
    named = signer(last)
    if named is not None:  # "Sincerely, Jane Roe", "-- Jane Roe, Springfield", or in lines
        del paragraphs[-1]
        return named
    # The close and the lines under it, in the last paragraph or closing the one before it.
    lines = [(len(paragraphs) - 1, line) for line in last.split("\n")]
    if len(paragraphs) > 1 and len(lines) <= SIGNATURE_LINES:
        lines = [(len(paragraphs) - 2, line) for line in paragraphs[-2].text.strip().split("\n")]
        lines += [(len(paragraphs) - 1, line) for line in last.split("\n")]
    for at in range(len(lines) - 2, max(-1, len(lines) - 2 - SIGNATURE_LINES), -1):
        if not CLOSE.match(lines[at][1]):
            continue
        name = signature([line for _, line in lines[at + 1 :]])
        if name is None:
            return None
        _cut(paragraphs, lines[at][0], at - sum(1 for index, _ in lines if index < lines[at][0]))
        return name
    return None


def _cut(paragraphs: list[Paragraph], index: int, line: int) -> None:
    """Cut the paragraphs at line `line` of paragraph `index`: what follows goes."""
    del paragraphs[index + 1 :]
    before = "\n".join(paragraphs[index].text.strip().split("\n")[:line]).strip()
    if before:
        paragraphs[index] = dataclasses.replace(paragraphs[index], text=before)
    else:
        del paragraphs[index]


def _signs_off(text: str) -> bool:
    """Whether a paragraph is, or ends with, a sign-off (a close and a name, or a dash and a
    name): a letter ends there."""
    if signer(text) is not None:
        return True
    lines = [line.strip() for line in text.strip().split("\n")]
    return any(CLOSE.match(line) for line in lines[-SIGNATURE_LINES - 1 : -1])


# A letters page's title naming its paper ("ALDERMOOR GAZETTE - LETTERS TO THE EDITOR", "Letters
# to the Editor | The Harbour Herald"): the paper and the page's name.
_LETTERS_PAGE = r"(?:(?:your|readers'?|readers’)\s+)?letters(?:\s+to\s+the\s+editor)?"
_PAPER_FIRST = re.compile(rf"^(?P<paper>[^|:–—-]+?)\s*[|:–—-]\s*(?P<page>{_LETTERS_PAGE})$", re.I)
_PAGE_FIRST = re.compile(
    rf"^(?P<page>{_LETTERS_PAGE})\s*[|\u2013\u2014-]\s*(?P<paper>[^|:\u2013\u2014-]+?)$", re.I
)


# A newsletter's or a blog post's close, over its writer's name ("Until next time," / "Rowan"),
# beside a letter's (`voices.CLOSE`).
_WRITERS_CLOSE = re.compile(
    r"^\s*(?i:until|till|til)\s+(?:next\s+(?:time|week|month|issue|year)|tomorrow|then)"
    r"|^\s*(?i:see\s+you\s+(?:next\s+(?:time|week|month)|soon|then|there)|talk\s+soon|"
    r"speak\s+soon|more\s+soon|bye\s+for\s+now|take\s+care|stay\s+(?:safe|well)|cheers|"
    r"onwards|love|with\s+love|all\s+best|all\s+the\s+best|thanks\s+for\s+reading)"
)
_CLOSE_END = re.compile(r"\s*[,.!]*\s*$")
# The writer's name under such a close: one to four capitalised words, perhaps after a dash.
_WRITERS_NAME = re.compile(
    r"^\s*(?:[-–—]+\s*)?(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*\.?\s*$"
)


@dataclass(frozen=True, slots=True)
class WritersSignOff:
    """A text's paragraphs without the sign-off closing it (`kept`), and the signer it names
    when that reads as a person's full name (None for a given name alone: "Rowan")."""

    kept: tuple[Paragraph, ...]
    signer: str | None


def writers_sign_off(paragraphs: Sequence[Paragraph], author: str | None) -> WritersSignOff:
    """The sign-off closing a newsletter or a blog post, its writer's close and name ("Until
    next time," / "Rowan", "Best,\nRowan Ellery", "Talk soon, Rowan"): no words to quote. The
    name must be the author's (`voices.same_person`: "Rowan" of "Rowan Ellery"), or any person's
    full name, or a given name alone when the text names no author; the close a letter's
    (`voices.CLOSE`) or a writer's (`_WRITERS_CLOSE`). The paragraphs as given when they close
    with none, or another sign-off comes before it (a page of letters)."""
    given = WritersSignOff(tuple(paragraphs), None)
    if not paragraphs:
        return given
    lines = [(len(paragraphs) - 1, line) for line in paragraphs[-1].text.strip().split("\n")]
    if len(lines) == 1 and len(paragraphs) > 1:
        lines = [(len(paragraphs) - 2, line) for line in paragraphs[-2].text.strip().split("\n")]
        lines += [(len(paragraphs) - 1, paragraphs[-1].text.strip())]
    if len(lines) < 2:
        return _close_and_name(paragraphs, author) or given
    (at, close), (_, name_line) = lines[-2], lines[-1]
    name = _writers_name(name_line, author)
    if name is None or not _is_close(close):
        return _close_and_name(paragraphs, author) or given
    kept = list(paragraphs)
    _cut(kept, at, sum(1 for index, _ in lines[:-2] if index == at))
    if not kept or any(_signs_off(p.text) for p in kept):
        return given  # another sign-off before it: a page of letters, each its signer's
    return WritersSignOff(tuple(kept), name if is_person_name(name) else None)


def _close_and_name(paragraphs: Sequence[Paragraph], author: str | None) -> WritersSignOff | None:
    """A last paragraph that is a close and the name on one line ("Talk soon, Rowan")."""
    close, comma, name_line = paragraphs[-1].text.strip().partition(",")
    if not comma or "\n" in close or len(paragraphs) < 2 or not _is_close(close):
        return None
    name = _writers_name(name_line, author)
    if name is None or any(_signs_off(p.text) for p in paragraphs[:-1]):
        return None
    return WritersSignOff(tuple(paragraphs[:-1]), name if is_person_name(name) else None)


def _is_close(line: str) -> bool:
    line = line.strip()
    return len(line) <= SIGNATURE_LINE_CHARS and bool(
        CLOSE.match(line)
        or ((found := _WRITERS_CLOSE.match(line)) and _CLOSE_END.fullmatch(line, found.end()))
    )


def _writers_name(line: str, author: str | None) -> str | None:
    """The writer's name a sign-off line gives, when it is the author's, a person's full name,
    or a given name alone of a text with no author."""
    found = _WRITERS_NAME.match(fold(line))
    if found is None:
        return None
    name = found.group("name").rstrip(".")
    if author:
        return name if same_person(name, author) else None
    if is_person_name(name) or " " not in name:
        return name
    return None


def letters_page_title(title: str) -> tuple[str, str] | None:
    """A letters page's title as the page's name and its paper: "ALDERMOOR GAZETTE - LETTERS TO
    THE EDITOR" -> ("Letters to the Editor", "Aldermoor Gazette"), a name in capitals set as
    names are (`head.masthead`). None when the title names no paper beside "Letters"."""
    found = _PAPER_FIRST.match(title.strip()) or _PAGE_FIRST.match(title.strip())
    if found is None:
        return None
    paper, page = found.group("paper").strip(), found.group("page")
    if not paper[:1].isupper():
        return None
    if page.isupper():
        page = page.capitalize().replace(" the editor", " the Editor")
    if paper.isupper():
        paper = masthead(paper) or paper.title()
    return page, paper
