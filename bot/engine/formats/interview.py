"""An interview set out with its questions in bold and the answers plain under them.

Written-up interviews in Markdown ("**Why did you resign?**") and on web pages
(`<p><strong>Why did you resign?</strong></p>`) set each question as a paragraph of bold text
alone, over the answer (`interview_questions`); its paragraphs are then turns labelled as an
oral history's, "Q" and "A" (`interview_turns`), whom the upload names
(`upload._interview_roles`). An explainer's bold sub-heads that ask, answered in the third
person, are no interview.
"""

from __future__ import annotations

import dataclasses
import re

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.head import is_head_line

# An interview's questions set in bold, the answers plain (`interview_questions`): a question
# may run to a few sentences; the fewest that make an interview (two bold lines asking are as
# likely an explainer's sub-heads). Set on the user trial's interview (nine questions, the
# longest 101 characters) and the Markdown tests' sub-heads.
_BOLD_QUESTION_CHARS = 400
MIN_INTERVIEW_QUESTIONS = 3
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|my|me)\b")


def interview_questions(root: object) -> list[object]:
    """The paragraphs that are an interview's questions, set in bold with the answers plain
    under them ("**Why did you resign?**"): when MIN_INTERVIEW_QUESTIONS or more paragraphs are
    bold only, most of them ask ("?"), each is followed by a plain paragraph, and most answers
    speak in the first person ("I", "my"); else none (an FAQ's bold questions stay sub-heads)."""
    bold = [
        element
        for element in root.iter("p")  # type: ignore[attr-defined]
        if only_bold(element, _BOLD_QUESTION_CHARS) and not is_head_line(element.text_content())
    ]
    if len(bold) < MIN_INTERVIEW_QUESTIONS:
        return []
    asking = sum(1 for element in bold if bold_text(element).endswith("?"))
    answers = [element.getnext() for element in bold]
    if (
        asking * 2 <= len(bold)
        or any(a is None or a.tag != "p" or only_bold(a, _BOLD_QUESTION_CHARS) for a in answers)
        or sum(1 for a in answers if _FIRST_PERSON.search(a.text_content())) * 2 <= len(answers)
    ):
        return []
    return bold


def interview_turns(paragraphs: list[Paragraph], questions: set[str]) -> list[Paragraph]:
    """An interview's paragraphs as turns labelled as an oral history's are: each question
    (`questions`, their texts) "Q", the paragraphs after it up to the next "A" (the upload
    names them: `upload._interview_roles`); the introduction before the first question and the
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


def only_bold(element: object, limit: int) -> bool:
    """Whether a paragraph is one run of bold text of at most `limit` characters and nothing
    else."""
    children = list(element)  # type: ignore[call-overload]
    if len(children) != 1 or children[0].tag not in ("strong", "b"):
        return False
    outside = (element.text or "") + (children[0].tail or "")  # type: ignore[attr-defined]
    inside = " ".join("".join(children[0].itertext()).split())
    return not outside.strip() and 0 < len(inside) <= limit
