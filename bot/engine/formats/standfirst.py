"""Whom an HTML interview is with: its standfirst, else the page's other titles.

A magazine sets a Q&A interview's standfirst ("Tomasz Wrenfield, professor of ... He tells
Priya Halloran why ...") in an element of its own class under the headline, which trafilatura
often leaves out of the article. It is the one place such a page names its interviewee in its
text (the answers are only "I"), so an interview's page keeps it as its opening paragraph
(`with_standfirst`), where `interview.interview_pair` reads who asked and who answered. A page
whose text names no one may name the interviewee in its `<title>` beside a headline that is a
quotation ("“Rivers have rights too” – Maren Osei on legal personhood": `named_by_titles`).
"""

from __future__ import annotations

from typing import Any

from bot.engine.formats.extracted import Paragraph, is_turn
from bot.engine.formats.htmltext import comparable, element_text
from bot.engine.formats.interview import interview_pair, interview_roles, title_subject
from bot.engine.voices import interviewees, same_person

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


def named_by_titles(
    paragraphs: list[Paragraph], title: str | None, titles: tuple[str, ...], author: str | None
) -> list[Paragraph]:
    """An interview's turns labelled "Q" and "A" named, when neither its text
    (`interview_pair`) nor its headline names the interviewee but one of the page's other
    `titles` names one person other than the `author` (the byline, who asks); the paragraphs
    as they are otherwise (the upload names the turns from the text and the headline)."""
    if not author or not any(p.speaker == "A" for p in paragraphs):
        return paragraphs
    if interview_pair(p.text for p in paragraphs if not is_turn(p))[1] is not None:
        return paragraphs
    if len(interviewees(title or "", author)) == 1:
        return paragraphs
    for other in titles:
        subject = title_subject(other)
        if subject is not None and not same_person(subject, author):
            return list(interview_roles(paragraphs, subject, author))
    return paragraphs
