"""An HTML interview's standfirst: the lines under the headline saying whom the interview is with.

A magazine sets a Q&A interview's standfirst ("Tomasz Wrenfield, professor of ... He tells
Priya Halloran why ...") in an element of its own class under the headline, which trafilatura
often leaves out of the article. It is the one place such a page names its interviewee (the
answers are only "I"), so an interview's page keeps it as its opening paragraph
(`with_standfirst`), where `interview.interview_pair` reads who asked and who answered.
"""

from __future__ import annotations

from typing import Any

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.htmltext import comparable, element_text

# Class tokens a page's standfirst is set in (the Guardian's and most British magazines'
# "standfirst", American "dek", a CMS's "subtitle"/"strapline"/"summary").
_STANDFIRST_CLASSES = frozenset(
    {
        "standfirst",
        "article-standfirst",
        "dek",
        "article-dek",
        "deck",
        "strapline",
        "subtitle",
        "sub-title",
        "subheadline",
        "article-summary",
        "summary",
    }
)
# A standfirst is a sentence or three; a longer element of such a class is a summary box.
_STANDFIRST_CHARS = 600


def page_standfirst(tree: Any) -> str | None:
    """The text of a page's standfirst (an lxml tree, read before trafilatura; unchanged): the
    first element of a standfirst's class (`_STANDFIRST_CLASSES`) holding a short text; None
    when the page has none."""
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if not _STANDFIRST_CLASSES & set((element.get("class") or "").split()):
            continue
        text = " ".join(element_text(element).split())
        if text and len(text) <= _STANDFIRST_CHARS:
            return text
    return None


def with_standfirst(paragraphs: list[Paragraph], standfirst: str | None) -> list[Paragraph]:
    """An interview's paragraphs (its answers labelled "A": `interview.interview_turns`) with
    the page's standfirst first, when the text does not hold it already; any other page's
    paragraphs as they are."""
    if standfirst is None or not any(p.speaker == "A" for p in paragraphs):
        return paragraphs
    wanted = comparable(standfirst)
    if any(wanted in comparable(p.text) for p in paragraphs):
        return paragraphs
    return [Paragraph(standfirst), *paragraphs]
