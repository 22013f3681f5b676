"""A block quote's credit on an HTML page: who the quotation is, kept as text and as its speaker.

A page credits a quotation it sets apart (`<blockquote>`) in a line of its own: inside the
quote, a `<footer>` or a `<cite>` (the form of the W3C's HTML 5.1 and of most sites' markup),
or a last line opening with a dash; right after it, a paragraph of a credit's class
(`<p class="attribution">`) or one opening with a dash ("— Jane Roe, Mayor"). trafilatura
drops a `<footer>` with its text, so the credits are read from the page's tree before it
(`page_credits`) and put back under their quotations (`with_credits`): the credit's line a
paragraph of the page, the quotation its speaker's (`Paragraph.speaker`, `Paragraph.quoted`).
A quote with no credit line that a paragraph introduces ("In her victory speech, Osei said:",
"Kettering told supporters:") is the person's that paragraph names, by the full name the page
gives them ("Abena Osei"); the introducing paragraph stays the text's.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.htmltext import element_text, squashed_text
from bot.engine.people import INTRODUCES_WORDS, REPORT_VERBS, candidate_names

# The classes of an element crediting a quotation ("attribution", "quote-source",
# "blockquote__cite", "pullquote-author").
_CREDIT_CLASS = re.compile(r"attribution|credit|source|cite|author|speaker", re.IGNORECASE)
_DASHES = "-\u2010\u2012\u2013\u2014\u2015\u2212~"
# A credit is a line, not a paragraph of the article: longer text right after a quote is the
# article going on, whatever it opens with.
CREDIT_CHARS = 240
# Where the credit's name ends: a comma, a bracket or a colon, or the words that go on to say
# where or when it was said ("speaking on Westmoor Radio", "in a speech").
_NAME_ENDS = re.compile(r"[,;:(\[|/]|\s(?:speaking|writing|in|on|at|to|during|via)\s")
_INTRO_CHARS = 600
# A reporting clause whose subject is a pronoun ("She told us:", "In a statement, he said:").
_PRONOUN_INTRO = re.compile(rf"(?:^|[\s,])(?:[Hh]e|[Ss]he)\s+(?:\w+ly\s+)?(?:{REPORT_VERBS})\b")
# The marks a quotation of someone's words opens with.
_SPEECH_MARKS = '"“‘«„'
# A name alone right before the reporting verb, or right after it ("Osei said", "said Osei").
_SURNAME = r"[A-Z][\w'’-]+"
_NAMED_BEFORE = re.compile(rf"\b({_SURNAME})\s+(?:\w+ly\s+)?(?:{REPORT_VERBS})\b")
_NAMED_AFTER = re.compile(rf"\b(?:{REPORT_VERBS})\s+({_SURNAME})\b")


@dataclass(frozen=True, slots=True)
class Credit:
    """A quotation's credit on a page: `quote`, the quotation's text (`squashed_text`, the
    credit left out); `text`, the credit as the page states it, one line ("" when a paragraph
    before the quote introduces it, which stays where it is); `speaker`, whom it names (None
    when it names no one a name can be read for, as a book's title)."""

    quote: str
    text: str
    speaker: str | None


def page_credits(tree: Any) -> list[Credit]:
    """The credits of a page's block quotes (an lxml tree, before trafilatura, which drops
    `<footer>`), in document order: for each `<blockquote>` the credit inside it (its last
    `<footer>`, `<cite>`, element of a credit's class or line opening with a dash) or, when it
    holds none, the paragraph right after it of a credit's class or opening with a dash. A
    quote with no credit, or nothing besides it, gives none."""
    credits: list[Credit] = []
    people: list[str] | None = None
    for quote in tree.iter("blockquote"):
        element = _credit_inside(quote)
        held = copy.deepcopy(quote)
        if element is not None:
            held.remove(held[quote.index(element)])  # no tail: `_credit_inside`
        else:
            element = _credit_after(quote)
            if element is None:
                before = _paragraph_before(quote)
                said = " ".join(element_text(held).split())
                if before is None or not said:
                    continue
                if people is None:
                    people = candidate_names(
                        " ".join(element_text(e).split()) for e in tree.iter("p", "li", "h2", "h3")
                    )
                speaker = introduced_person(before, people, speech=said[0] in _SPEECH_MARKS)
                if speaker is not None:
                    credits.append(Credit(squashed_text(said), "", speaker))
                continue
        text = " ".join(element_text(element).split())
        quoted = squashed_text(element_text(held))
        if text and quoted and len(text) <= CREDIT_CHARS:
            credits.append(Credit(quoted, text, credited_person(text)))
    return credits


def credited_person(credit: str) -> str | None:
    """The person (or body) a credit names: the first name in it before a comma, a bracket or
    the words saying where it was said ("— Dermot Vallance, Minister for Transport" ->
    "Dermot Vallance"); None when the credit names no one (`people.candidate_names`)."""
    line = credit.lstrip(_DASHES + " \u00a0").removeprefix("by ").removeprefix("By ")
    names = candidate_names([_NAME_ENDS.split(line, maxsplit=1)[0]])
    return names[0] if names else None


def introduced_person(
    introduction: str, people: Sequence[str], *, speech: bool = False
) -> str | None:
    """The person a paragraph introducing a quotation names ("In her victory speech, Osei
    said:" -> "Abena Osei"): the one word next to the reporting verb ("Osei said", "said
    Osei"), when it is the surname (or the first name) of one name of its last sentence or of
    `people` (the names the page gives in full), else the last full name of that sentence;
    None when it names no one ("A spokesperson told us:", "She said:"). A quotation in
    quotation marks (`speech`: someone's words) after a paragraph that does not introduce it
    so ("Kettering was gracious in his speech.") is the one person that paragraph names, when
    it names one (by full name, or by a surname of `people`), and ends in no colon. A
    pronoun introducing it ("She told us:") is the last person the sentences before name."""
    text = introduction.strip()
    sentence = re.split(r"(?<=[.!?])\s+", text)[-1]
    if INTRODUCES_WORDS.search(sentence) is None:
        if not speech or text.endswith(":"):
            return None
        mentioned = set(candidate_names([text]))
        for word in re.findall(_SURNAME, text):
            matches = {name for name in people if word == name.split()[-1]}
            mentioned |= matches if len(matches) == 1 else set()
        return mentioned.pop() if len(mentioned) == 1 else None
    named = candidate_names([sentence])
    if not named and _PRONOUN_INTRO.search(sentence):
        # "Professor Jane Roe has studied the estuary for years. She told us:": the person the
        # sentences before named last.
        earlier = candidate_names([text[: len(text) - len(sentence)]])
        return earlier[-1] if earlier else None
    for pattern in (_NAMED_BEFORE, _NAMED_AFTER):
        for found in pattern.finditer(sentence):
            word = found.group(1)
            matches = {
                name for name in [*named, *people] if word in (name.split()[-1], name.split()[0])
            }
            if len(matches) == 1:
                return matches.pop()
    return named[-1] if named else None


def _paragraph_before(quote: Any) -> str | None:
    """The text of the paragraph right before a block quote, when it is short enough to
    introduce the quote (`introduced_person` reads whom it names)."""
    previous = quote.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()  # a comment between them
    if previous is None or previous.tag not in ("p", "div") or (previous.tail or "").strip():
        return None
    text = " ".join(element_text(previous).split())
    return text if text and len(text) <= _INTRO_CHARS else None


def with_credits(paragraphs: Sequence[Paragraph], credits: Sequence[Credit]) -> list[Paragraph]:
    """The paragraphs with each credit (`page_credits`) under its quotation: the quotation's
    paragraphs (one or more in a row, together its text) its speaker's, marked `quoted`, and
    the credit's line a paragraph right after them, in their section, unless the paragraph
    there is that line already (trafilatura keeps a `<cite>` or a paragraph after the quote). A
    credit whose quotation is not among the paragraphs (left out as a pull quote) is left out."""
    out = list(paragraphs)
    for credit in credits:
        found = _quotation(out, credit.quote)
        if found is None:
            continue
        start, end = found
        if credit.speaker is not None:
            for index in range(start, end):
                out[index] = dataclasses.replace(out[index], speaker=credit.speaker, quoted=True)
        line = squashed_text(credit.text)
        if not line or (end < len(out) and squashed_text(out[end].text) == line):
            continue  # credited by the paragraph introducing it, or the line is there
        out.insert(end, Paragraph(text=credit.text, section=out[end - 1].section))
    return out


def _quotation(paragraphs: Sequence[Paragraph], quote: str) -> tuple[int, int] | None:
    """Where in `paragraphs` a quotation stands: the first run of paragraphs, none of them
    anyone's already, whose text together is `quote` (squashed), as (start, end); else None."""
    for start in range(len(paragraphs)):
        joined = ""
        for end in range(start, len(paragraphs)):
            if paragraphs[end].speaker:
                break
            joined += squashed_text(paragraphs[end].text)
            if joined == quote:
                return start, end + 1
            if not joined or not quote.startswith(joined):
                break
    return None


def _credit_inside(quote: Any) -> Any | None:
    """The element crediting a block quote from inside it: its last child, when that is a
    `<footer>`, a `<cite>`, of a credit's class or a line opening with a dash, and not the
    quote's only child."""
    children = [child for child in quote if isinstance(child.tag, str)]
    if len(children) < 2 and not (quote.text or "").strip():
        return None
    last = children[-1] if children else None
    if last is None or (last.tail or "").strip():
        return None
    return last if last.tag in ("footer", "cite") or _credit_like(last) else None


def _credit_after(quote: Any) -> Any | None:
    """The paragraph right after a block quote that credits it (see `page_credits`)."""
    following = quote.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()  # a comment between them
    if following is None or (quote.tail or "").strip():
        return None
    if following.tag not in ("p", "div", "footer", "cite", "figcaption"):
        return None
    return following if _credit_like(following) else None


def _credit_like(element: Any) -> bool:
    """Whether an element reads as a quotation's credit: a short line of a credit's class,
    opening with a dash, or wholly a `<cite>` (`<p><cite>Jane Roe</cite></p>`)."""
    text = " ".join(element_text(element).split())
    if not text or len(text) > CREDIT_CHARS:
        return False
    children = [child for child in element if isinstance(child.tag, str)]
    cited = (
        len(children) == 1
        and children[0].tag == "cite"
        and not (element.text or "").strip()
        and not (children[0].tail or "").strip()
    )
    return (
        cited
        or bool(_CREDIT_CLASS.search(element.get("class", "") or ""))
        or text[0] in _DASHES[:-1]
    )
