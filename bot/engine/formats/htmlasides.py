"""What an HTML page sets apart from its article's text: figure captions and italic asides.

Both are read from the page's tree before trafilatura, which drops `<figcaption>` and
emphasis: each figure's caption is put back where the figure stands, under the section
`CAPTION` (the publisher's words), and a paragraph set wholly in italics is marked as an aside
(`Paragraph.aside`), as an editor's line closing an interview is.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from bot.engine.formats.extracted import Paragraph
from bot.engine.formats.htmltext import element_text, squashed_text
from bot.engine.voices import CAPTION

# Figure captions (`page_captions`): a caption of fewer words is a label or a credit ("Photo:
# Reuters"), not a sentence the page states; the blocks either side of a figure that may place
# it in the article; the elements that credit a picture, not caption it ("o-credit", "c-credit
# __attribution"); and the page's boxes whose pictures are not the article's.
_CAPTION_WORDS = 4
_CAPTION_ANCHORS = 3
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|photographer", re.IGNORECASE)
_FIGURE_FURNITURE = re.compile(
    r"\bbio\b|author-info|share|social|newsletter|related|promo|comment|advert|recirc|teaser",
    re.IGNORECASE,
)
_TEXT_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")
_ITALIC = ("em", "i")


@dataclass(frozen=True, slots=True)
class Caption:
    """A figure's caption on a page and the text blocks around the figure that place it:
    `before` the nearest blocks before it, nearest first, `after` those after it (each
    `squashed_text`, at most `_CAPTION_ANCHORS`)."""

    text: str
    before: tuple[str, ...]
    after: tuple[str, ...]


def page_captions(tree: Any) -> list[Caption]:
    """The captions of a page's figures (an lxml tree, before trafilatura, which drops
    `<figcaption>`), in document order, each with the text blocks around its figure.

    A caption is the `<figcaption>`'s text less the elements crediting the picture; a
    figcaption that is a credit ("Noah Berger / AP" in a `class="credit"`), one of fewer than
    `_CAPTION_WORDS` words, and a figure in the page's furniture (an `<aside>`, `<nav>`,
    `<footer>`, a related-stories or author box) give none."""
    events: list[Caption | str] = []
    for element in tree.iter(*_TEXT_BLOCKS, "figure"):
        if element.tag != "figure":
            if element.xpath("ancestor::figure"):
                continue
            text = squashed_text(element.text_content())
            if text:
                events.append(text)
            continue
        caption = _caption_text(element)
        if caption is not None:
            events.append(Caption(caption, (), ()))
    captions: list[Caption] = []
    for index, event in enumerate(events):
        if isinstance(event, Caption):
            before = [e for e in reversed(events[:index]) if isinstance(e, str)]
            after = [e for e in events[index + 1 :] if isinstance(e, str)]
            captions.append(
                Caption(
                    event.text,
                    tuple(before[:_CAPTION_ANCHORS]),
                    tuple(after[:_CAPTION_ANCHORS]),
                )
            )
    return captions


def _caption_text(figure: Any) -> str | None:
    """The caption a `<figure>` states (see `page_captions`), or None."""
    found = figure.find(".//figcaption")
    if found is None or _CREDIT_CLASS.search(found.get("class", "") or ""):
        return None
    for ancestor in figure.iterancestors():
        if ancestor.tag in ("aside", "nav", "footer") or _FIGURE_FURNITURE.search(
            ancestor.get("class", "") or ""
        ):
            return None
    caption = copy.deepcopy(found)
    for credit in caption.xpath(".//*[@class]"):
        if _CREDIT_CLASS.search(credit.get("class", "")) and credit.getparent() is not None:
            credit.drop_tree()
    text = " ".join(element_text(caption).split())
    return text if len(text.split()) >= _CAPTION_WORDS and not is_photo_label(text) else None


# A photo's label: a name, then where they stand, and nothing it states ("Quenneville at the
# estuary monitoring site.", "Ama Serwaa, left, with volunteers on the dunes"): at most
# `_LABEL_WORDS` words, no figure, a capitalised name (not "The old ford ...") before a word
# of place. Such a caption ranked first for the words of the place though it answers nothing
# (the nineteenth session's interview page).
_LABEL_WORDS = 14
_PHOTO_LABEL = re.compile(
    r"(?!(?:The|A|An|This|These|Those)\b)(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]*"
    r"(?:,\s+(?:left|right|centre|center|above|below|pictured)\s*,)?"
    r"\s+(?:at|in|on|beside|outside|inside|near|by|with|during|aboard)\s+[^.!?;:\d]+[.]?"
)


def is_photo_label(text: str) -> bool:
    """Whether a caption only labels a photo with who is in it and where (`_PHOTO_LABEL`)."""
    return len(text.split()) <= _LABEL_WORDS and _PHOTO_LABEL.fullmatch(text.strip()) is not None


def with_captions(paragraphs: list[Paragraph], captions: list[Caption]) -> list[Paragraph]:
    """The paragraphs with each caption (`page_captions`) where its figure stands: after the
    nearest block before the figure that is a paragraph of the article, else before the
    nearest such block after it; a caption near no paragraph of the article is the page's,
    not the article's, and is left out, as is one the paragraphs hold already. Each caption
    is a paragraph of its own under the section `CAPTION` (the publisher's words, `upload`)."""
    out = list(paragraphs)
    held = {squashed_text(p.text) for p in paragraphs}
    for caption in captions:
        if squashed_text(caption.text) in held:
            continue
        place = _caption_place(out, caption)
        if place is not None:
            out.insert(place, Paragraph(text=caption.text, section=CAPTION))
            held.add(squashed_text(caption.text))
    return out


def _caption_place(paragraphs: list[Paragraph], caption: Caption) -> int | None:
    """Where in `paragraphs` a caption goes (see `with_captions`), or None."""
    squashed = [squashed_text(p.text) for p in paragraphs]
    for anchor in caption.before:
        for index, text in enumerate(squashed):
            if text == anchor and paragraphs[index].section != CAPTION:
                after = index + 1
                while after < len(paragraphs) and paragraphs[after].section == CAPTION:
                    after += 1  # after the captions of the figures before this one
                return after
    for anchor in caption.after:
        if anchor in squashed:
            return squashed.index(anchor)
    return None


def italic_paragraphs(tree: Any) -> set[str]:
    """The paragraphs (`<p>`) of an lxml tree set wholly in italics: each one's text,
    `squashed_text`, where every word is inside `<em>` or `<i>` (read before trafilatura,
    which drops emphasis, as the Markdown renderer's output is)."""
    found: set[str] = set()
    for paragraph in tree.iter("p"):
        children = [child for child in paragraph if isinstance(child.tag, str)]
        if (
            children
            and not (paragraph.text or "").strip()
            and all(c.tag in _ITALIC and not (c.tail or "").strip() for c in children)
        ):
            text = squashed_text(paragraph.text_content())
            if text:
                found.add(text)
    return found


def with_asides(paragraphs: list[Paragraph], italic: set[str]) -> list[Paragraph]:
    """The paragraphs, those whose text is one of the `italic` ones (`italic_paragraphs`)
    marked as set apart (`Paragraph.aside`)."""
    return [
        dataclasses.replace(paragraph, aside=True)
        if squashed_text(paragraph.text) in italic
        else paragraph
        for paragraph in paragraphs
    ]
