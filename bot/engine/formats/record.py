"""A parliament's record: the business of the day under its chamber's name.

A record such as Hansard opens with the chamber in capitals ("HOUSE OF COMMONS") and the day,
then procedural lines ("The House met at half-past Eleven o'clock", "PRAYERS"), then the
heading of the business debated ("Free School Meals (Extension to Secondary Pupils)") right
above the first speech. The chamber is who publishes the record, and the heading is what the
record is about: its title.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.formats.extracted import Paragraph, clean_field
from bot.engine.formats.head import date_in, is_head_line, masthead

# Longest heading of business, in characters.
_HEADING_CHARS = 120
# A heading's long words (over three letters) are mostly capitalised ("Free School Meals
# (Extension to Secondary Pupils)"); a procedural line's are not ("The House met at half-past
# Eleven o'clock": two of four).
_CAPITALISED_SHARE = 0.5


def business_heading(
    title: str, turns: Sequence[Paragraph]
) -> tuple[str, str, tuple[Paragraph, ...]] | None:
    """For a transcript (`turns`, its speeches with their `speaker`) titled by a chamber's name
    in capitals (`head.masthead`: "HOUSE OF COMMONS"): the heading of the business right above
    the first speech as the title, the chamber ("House of Commons") as the publisher, and the
    paragraphs without the heading. None when the title is no such name or no heading stands
    there."""
    chamber = masthead(title)
    first = next((i for i, p in enumerate(turns) if p.speaker), None)
    if chamber is None or not first:
        return None
    text = turns[first - 1].text.strip()
    heading = None if "\n" in text else clean_field(text)
    if heading is None or not _is_heading(heading):
        return None
    return heading, chamber, (*turns[: first - 1], *turns[first:])


def _is_heading(text: str) -> bool:
    """Whether a line is a heading of business: two words or more, not in
    capitals, ending with no sentence's punctuation, no date, its long words mostly
    capitalised."""
    words = text.split()
    long_words = [word.strip("()[]") for word in words if len(word.strip("()[]")) > 3]
    return (
        len(words) >= 2
        and len(text) <= _HEADING_CHARS
        and not text.isupper()
        and not text.endswith((".", ",", ";", ":", "?", "!"))
        and date_in(text) is None
        and not is_head_line(text)
        and bool(long_words)
        and sum(word[:1].isupper() for word in long_words) / len(long_words) > _CAPITALISED_SHARE
    )
