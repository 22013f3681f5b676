"""An interview's turns: its questions and answers, and who asked and who answered.

Written-up interviews in Markdown ("**Why did you resign?**") and on web pages
(`<p><strong>Why did you resign?</strong></p>`) set each question as a paragraph of bold text
alone, over the answer (`interview_questions`); its paragraphs are then turns labelled as an
oral history's, "Q" and "A" (`interview_turns`). An explainer's bold sub-heads that ask,
answered in the third person, are no interview. Turns labelled only "Q" and "A", from either
or from a transcript's labels, are named as the people they are (`interview_roles`): the
byline, the text's "X spoke to Y", the title's one person.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from bot.engine.formats.extracted import Paragraph, is_turn
from bot.engine.formats.head import is_head_line
from bot.engine.voices import interviewees, same_person

# An interview's questions set in bold, the answers plain (`interview_questions`): a question
# may run to a few sentences; the fewest that make an interview (two bold lines asking are as
# likely an explainer's sub-heads). Set on the user trial's interview (nine questions, the
# longest 101 characters) and the Markdown tests' sub-heads.
_BOLD_QUESTION_CHARS = 400
MIN_INTERVIEW_QUESTIONS = 3
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|my|me)\b")
_FIRST_PERSON_ANY = re.compile(r"\b(?:I|I'm|I've|I'd|my|me|[Ww]e|[Oo]ur|us|[Ww]e're|[Ww]e've)\b")
# A question opening with its label: "Q: Why ...?", "Question. Why ...?".
_Q_OPENING = re.compile(r"(?:Q|Question)\s*[:.]\s")


def interview_questions(root: object) -> list[object]:
    """The paragraphs that are an interview's questions, set in bold with the answers plain
    under them ("**Why did you resign?**"): when MIN_INTERVIEW_QUESTIONS or more paragraphs are
    bold only, most of them ask ("?"), each is followed by a plain paragraph, and most answers
    speak in the first person ("I", "my"); else none (an FAQ's bold questions stay sub-heads)."""
    bold = [
        element
        for element in root.iter("p")  # type: ignore[attr-defined]
        if (only_bold(element, _BOLD_QUESTION_CHARS) or bold_label_question(element))
        and not is_head_line(element.text_content())
    ]
    if len(bold) < MIN_INTERVIEW_QUESTIONS:
        return []
    asking = sum(1 for element in bold if bold_text(element).endswith("?"))
    answers = [element.getnext() for element in bold]
    # Questions labelled "Q:" say they are an interview's: the answers may speak for a body
    # ("we", "our") as the head of one does.
    labelled = sum(1 for element in bold if _Q_OPENING.match(bold_text(element))) * 2 > len(bold)
    person = _FIRST_PERSON_ANY if labelled else _FIRST_PERSON
    if (
        asking * 2 <= len(bold)
        or any(a is None or a.tag != "p" or only_bold(a, _BOLD_QUESTION_CHARS) for a in answers)
        or sum(1 for a in answers if person.search(a.text_content())) * 2 <= len(answers)
    ):
        return []
    return bold


def interview_turns(paragraphs: list[Paragraph], questions: set[str]) -> list[Paragraph]:
    """An interview's paragraphs as turns labelled as an oral history's are: each question
    (`questions`, their texts) "Q", the paragraphs after it up to the next "A" (the upload
    names them: `interview_roles`); the introduction before the first question and the
    asides (an italic closing note) no one's turn."""
    if not questions:
        return paragraphs
    turns: list[Paragraph] = []
    asked = False
    for paragraph in paragraphs:
        if " ".join(paragraph.text.split()) in questions:
            asked = True
            turns.append(dataclasses.replace(paragraph, speaker="Q"))
        elif asked and not paragraph.aside and not paragraph.speaker:
            turns.append(dataclasses.replace(paragraph, speaker="A"))
        else:
            turns.append(paragraph)
    return turns


def bold_text(element: object) -> str:
    """A paragraph element's text with its white space collapsed."""
    return " ".join(element.text_content().split())  # type: ignore[attr-defined]


def bold_label_question(element: object) -> bool:
    """Whether a paragraph is a question under a bold "Q:" label, its words plain ("<strong>Q:
    </strong> You fell out with the board. What changed?"), of at most `_BOLD_QUESTION_CHARS`
    characters."""
    children = list(element)  # type: ignore[call-overload]
    if not children or children[0].tag not in ("strong", "b"):
        return False
    label = " ".join("".join(children[0].itertext()).split())
    text = bold_text(element)
    return (
        not (element.text or "").strip()  # type: ignore[attr-defined]
        and _Q_LABEL.fullmatch(label) is not None
        and len(text) <= _BOLD_QUESTION_CHARS
        and len(text) > len(label)
    )


# An interviewer's question's bold label: "Q:", "Q.", "Question:".
_Q_LABEL = re.compile(r"(?:Q|Question)\s*[:.]?")


def only_bold(element: object, limit: int) -> bool:
    """Whether a paragraph is one run of bold text of at most `limit` characters and nothing
    else."""
    children = list(element)  # type: ignore[call-overload]
    if len(children) != 1 or children[0].tag not in ("strong", "b"):
        return False
    outside = (element.text or "") + (children[0].tail or "")  # type: ignore[attr-defined]
    inside = " ".join("".join(children[0].itertext()).split())
    return not outside.strip() and 0 < len(inside) <= limit


def interview_roles(
    paragraphs: Sequence[Paragraph], title: str, author: str | None
) -> tuple[Paragraph, ...]:
    """Turns labelled only "Q" and "A" (or "Question" and "Answer") as the people they are:
    the questions the asker's, the answers the answerer's (`interview_sides`). Paragraphs of
    any other text are returned as they are."""
    sides = interview_sides(paragraphs, title, author)
    if sides is None:
        return tuple(paragraphs)
    asker, answerer = sides
    return tuple(
        dataclasses.replace(
            p,
            speaker=answerer
            if p.speaker in _ANSWER_LABELS
            else asker
            if p.speaker in _QUESTION_LABELS
            else p.speaker,
        )
        for p in paragraphs
    )


def interview_sides(
    paragraphs: Sequence[Paragraph], title: str, author: str | None
) -> tuple[str, str] | None:
    """Who asked and who answered an interview whose turns are labelled only "Q" and "A" (or
    "Question" and "Answer"), as (asker, answerer): the answerer the interviewee the text's own
    words name (`interview_pair`), else the one person the title names other than the author
    ("Q&A: Chef Lorenzo Vitale on ..."), else "Interviewee"; the asker the `author` (the byline
    "Interviewed by ..."; None for a text that names none), else the one the text's words
    name, else "Interviewer". None when the turns are labelled otherwise, or there are none:
    no interview of questions and answers."""
    speakers = {p.speaker for p in paragraphs if is_turn(p)}
    if not speakers or not speakers <= set(_QUESTION_LABELS) | set(_ANSWER_LABELS):
        return None
    named = interviewees(title, author)
    texts = [p.text for p in paragraphs if not p.speaker]
    told = interview_pair(texts)
    asker = author or told[0] or INTERVIEWER
    # The text's "Sam Poe was speaking to Jane Roe" says outright whom the title may only name.
    answerer = (
        told[1]
        or (named[0] if len(named) == 1 else title_interviewee(title, named, texts))
        or INTERVIEWEE
    )
    return asker, answerer


def title_interviewee(title: str, named: Sequence[str], texts: Sequence[str]) -> str | None:
    """The interviewee of a title naming several things that read as names ("Wetlands and
    Weirs: Idris Kalloway on Rewilding the Brannock Fen": `named` holds "Idris Kalloway" and
    "Brannock Fen"): the person a part of it names as whose views follow ("X on Y", "In
    conversation with X", "X talks about Y"), as `named` writes them (without a job title);
    else the one name of `named` that the text's own paragraphs (`texts`: the standfirst, the
    introduction) write in full (of several, the one a paragraph opens with); None when
    neither says."""
    from bot.engine.people import is_person_name

    subject = title_subject(title)
    if subject is None:
        for part in _TITLE_PARTS.split(title):
            found = _TITLE_CONVERSATION.match(part)
            name = found.group("name") or found.group("talker") if found is not None else None
            if name is not None and is_person_name(name):
                subject = name
                break
    if subject is not None:
        return next((n for n in named if same_person(n, subject) and n in subject), subject)
    used = [n for n in named if any(n in text for text in texts)]
    if len(used) > 1:
        # Of several, the one a paragraph opens with ("Marisol Quenneville runs the ...").
        used = [n for n in used if any(text.lstrip().startswith(n) for text in texts)]
    return used[0] if len(used) == 1 else None


# Who asked and who answered an interview that names neither.
INTERVIEWER = "Interviewer"
INTERVIEWEE = "Interviewee"


def interviewee_of(
    paragraphs: Sequence[Paragraph], sides: tuple[str, str] | None, asker: str | None
) -> str | None:
    """Whom an interview is of: its answerer (`interview_sides`, when the turns were labelled
    "Q" and "A"), else the speaker of the most turns who is not the `asker` (its author; a
    reader may have named the turns already); None when that is no one's name ("Interviewee")
    or no turn is anyone else's."""
    if sides is not None:
        return sides[1] if sides[1] != INTERVIEWEE else None
    counts: dict[str, int] = {}
    for paragraph in paragraphs:
        speaker = paragraph.speaker
        if is_turn(paragraph) and speaker and not (asker and same_person(speaker, asker)):
            counts[speaker] = counts.get(speaker, 0) + 1
    most = max(counts, key=counts.__getitem__, default=None)
    return most if most not in (None, INTERVIEWEE, INTERVIEWER) else None


def interview_pair(texts: Iterable[str]) -> tuple[str | None, str | None]:
    """Who asked and who answered, as an interview's introduction or closing note says: "Jane
    Roe spoke to Sam Poe", "Sam Poe was speaking to Jane Roe", "Interview(ed) by Jane Roe" (the
    interviewer only); each None where no paragraph (no turn's) says, or the words are no
    person's name (`people.is_person_name`)."""
    from bot.engine.people import is_person_name

    asker: str | None = None
    answerer: str | None = None
    for text in texts:
        for by in _INTERVIEW_BY.finditer(text):
            asker = asker or (by.group("name") if is_person_name(by.group("name")) else None)
        for found in _SPOKE_TO.finditer(text):
            first, second = found.group("first"), found.group("second")
            if not (is_person_name(first) and is_person_name(second)):
                continue
            speaking = found.group("speaking") is not None
            asker = asker or (second if speaking else first)
            answerer = answerer or (first if speaking else second)
        told = _told(text)
        asker = asker or told[0]
        answerer = answerer or told[1]
    return asker, answerer


def _told(text: str) -> tuple[str | None, str | None]:
    """Who asked and who answered, as a standfirst says it the other way round from "spoke
    to": "Sam Poe tells Jane Roe why ...", "Sam Poe, professor of ..., led ... He tells Jane
    Roe ..." (the person the paragraph opens with), "Jane Roe meets Sam Poe", "In conversation
    with Sam Poe" (the interviewer unnamed); each None where the text does not say."""
    from bot.engine.people import is_person_name

    for found in _TELLS.finditer(text):
        first, second = found.group("first"), found.group("second")
        if first is None:
            opening = _OPENING_NAME.match(text)
            first = opening.group("name") if opening is not None else None
        if first and is_person_name(first) and is_person_name(second):
            return second, first
    for found in _MEETS.finditer(text):
        if is_person_name(found.group("first")) and is_person_name(found.group("second")):
            return found.group("first"), found.group("second")
    for found in _IN_CONVERSATION.finditer(text):
        if is_person_name(found.group("name")):
            return None, found.group("name")
    return None, None


# "Interview by Jane Roe", "Jane Roe spoke to Sam Poe", "Sam Poe was speaking to Jane Roe": names
# of two to four capitalised words or initials.
_PERSON = r"[A-Z](?:\.|[\w'’-]+)(?:\s+[A-Z](?:\.|[\w'’-]+)){1,3}"
_INTERVIEW_BY = re.compile(rf"\b(?i:interview(?:ed)?\s+by)\s+(?P<name>{_PERSON})")
_SPOKE_TO = re.compile(
    rf"\b(?P<first>{_PERSON})\s+(?:spoke|talked|talks|speaks|"
    r"(?P<speaking>was\s+speaking|was\s+talking))\s+(?:to|with)\s+"
    rf"(?P<second>{_PERSON})"
)

# A standfirst's "Sam Poe tells Jane Roe", "He tells (talks to) Jane Roe" (after a paragraph
# opening with Sam Poe's name; "Jane Roe talks to Sam Poe" is `_SPOKE_TO`'s), "Jane Roe meets
# Sam Poe", "In conversation with Sam Poe".
_TELLS = re.compile(
    rf"(?:\b(?P<first>{_PERSON})\s+(?:tells|told)|(?<![\w-])(?:He|She|They)\s+(?:tells|told|"
    rf"talks\s+to|speaks\s+to))\s+(?P<second>{_PERSON})"
)
_OPENING_NAME = re.compile(rf"\s*(?P<name>{_PERSON})(?=[\s,(])")
_MEETS = re.compile(rf"\b(?P<first>{_PERSON})\s+(?:meets|met)\s+(?P<second>{_PERSON})")
_IN_CONVERSATION = re.compile(rf"\b(?i:in\s+conversation\s+with)\s+(?P<name>{_PERSON})")
# A title's part naming whose views follow: "Maren Osei on legal personhood".
_ON_TOPIC = re.compile(rf"^\W*(?P<name>{_PERSON})\s+on\s+\w")
# A title's part naming whom a conversation is with: "In conversation with Sam Poe", "Sam Poe
# talks about ...", "Sam Poe talks to Jane Roe" (whose first name is the interviewee's).
_TITLE_CONVERSATION = re.compile(
    rf"^\W*(?:(?i:in\s+conversation\s+with)\s+(?P<name>{_PERSON})"
    rf"|(?P<talker>{_PERSON})\s+(?:talks|speaks)\s+(?:about|to|with)\s)"
)
# What parts a page's `<title>`: the headline, the interviewee's "X on Y", the site; a
# headline's topic words before a colon ("Salt and Money: X on Y").
_TITLE_PARTS = re.compile(r"\s+[-|–—·]\s+|\s*:\s+")


def title_subject(title: str) -> str | None:
    """The person a title's part names as the one whose views follow ("“Rivers have rights
    too” – Maren Osei on legal personhood | The Quarterly": "Maren Osei"); None when no part
    of `title` opens with a person's name and "on"."""
    from bot.engine.people import is_person_name

    for part in _TITLE_PARTS.split(title):
        found = _ON_TOPIC.match(part)
        if found is not None and is_person_name(found.group("name")):
            return found.group("name")
    return None


_QUESTION_LABELS = ("Q", "Q.", "Question")
_ANSWER_LABELS = ("A", "A.", "Answer")
