"""A question as typed -> the text the stages read: cleaned, and within its length limit.

Refused here, before anything is searched: an empty question, and one over
`MAX_QUESTION_CHARS` (a setting may lower it). Format characters (a soft hyphen, a zero-width
space inside a word) are removed, other control characters become spaces.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from bot.engine.models import QuestionError

MAX_QUESTION_CHARS = 500


def clean_question(question: str, max_chars: int = MAX_QUESTION_CHARS) -> str:
    """The question with control characters turned into spaces, format characters (a soft
    hyphen, a zero-width space inside a word) removed, and white space folded; QuestionError
    when nothing is left or it is over `max_chars` characters."""
    # A text with no character of a "C" category (control, format, surrogate, private, unassigned)
    # is printable (`str.isprintable`, the same Unicode database): nothing to replace, and no
    # character looked up one by one (a fifth of a millisecond for a pasted paragraph).
    printable = (
        question
        if question.isprintable()
        else "".join(
            "" if category == "Cf" else " " if category.startswith("C") else char
            for char, category in ((char, unicodedata.category(char)) for char in question)
        )
    )
    cleaned = " ".join(printable.split())
    if not cleaned:
        raise QuestionError("The question is empty: type what you want to know about the articles.")
    if len(cleaned) > max_chars:
        raise QuestionError(
            f"The question is {len(cleaned):,} characters long; the limit is {max_chars:,}. "
            "Ask about one thing at a time."
        )
    return cleaned


@dataclass(frozen=True, slots=True)
class Question:
    """Text already cleaned by `clean_question` (within its limit): the stages take it as it is.

    A caller that must refuse a bad question before doing anything else (Discord: before the
    public "thinking…" message) cleans it once with `Question.of` and passes this on.
    """

    text: str

    @classmethod
    def of(cls, text: str, max_chars: int = MAX_QUESTION_CHARS) -> Question:
        """Raises QuestionError for empty text or text over `max_chars` once cleaned."""
        return cls(clean_question(text, max_chars))


def question_text(question: str | Question, max_chars: int = MAX_QUESTION_CHARS) -> str:
    """The text the stages read: a `Question`'s as it is, a string's cleaned (QuestionError)."""
    if isinstance(question, Question):
        return question.text
    return clean_question(question, max_chars)
