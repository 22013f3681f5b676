"""Page furniture pasted or exported with an article's text: no one's words to quote.

Text copied from a news page, or a newsletter exported to Markdown (Substack, Ghost, Beehiiv),
keeps the page's furniture as paragraphs of their own: advertising marks ("Advertisement"), links
to other stories ("Related: Saltby solar farm plans withdrawn", "Read more: ...", "More from this
area" and the headlines listed under it), picture credits ("Image source: Reuters"), share and
subscribe buttons ("[Subscribe now]", "Share"), a newsletter's pitch ("Thanks for reading The
Quiet Carriage! Subscribe for free to receive new posts and support my work.") and footer
("Unsubscribe", "© 2025 Rowan Ellery"). `without_furniture` leaves them out; a picture's caption
("Image caption: The turbine would stand on farmland ...") is kept where it stands as a caption
(section `CAPTION`, the publisher's words), as the HTML reader keeps a `<figcaption>`. Each rule
matches a paragraph whole and short, or a paragraph every sentence of which is a pitch, so an
article's own sentences about newsletters or related plans stay.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from bot.engine.formats.extracted import Paragraph
from bot.engine.text import split_sentences
from bot.engine.voices import CAPTION

# Paragraphs that are page furniture: advertising and promotion marks, lists of topics, the end
# mark of a press release ("###", "-30-", British "ENDS"); each whole, and short.
FURNITURE = re.compile(
    r"(?i:advertisement|advert|sponsored(?: content)?|most (?:popular|read|viewed)|"
    r"read (?:more|next)|related(?: (?:articles|stories|coverage|content))?|"
    r"share (?:this|on) \w+(?: \w+)?|(?:tags|topics|filed under|categories)\s*:[^\n]{0,120})"
    r"|#{3}|-\s*(?:30|end)\s*-|\*{3}|ENDS"
)
# The longest line a link to another story, a button or a credit may be: a headline's length.
MAX_LINK_CHARS = 160
# A link to another story: a label and a headline on one line ("Related: Saltby solar farm plans
# withdrawn after flooding concerns", "Read more: ...", "See also - ...").
_STORY_LINK = re.compile(
    r"(?i:related(?: (?:articles?|stories|story|coverage|content|topics|reading))?|"
    r"read (?:more|next|also)|also read|see also|more on this(?: story)?|recommended|"
    r"you (?:may|might) also like|further reading|watch|listen)"
    r"\s*(?::|\||[-–—]\s)\s*\S[^\n]*"
)
# A heading over a list of other stories ("More from this area", "More on this story", "Top
# stories", "Most read"): it and the short lines listed under it, to the end, are furniture.
_STORY_LIST = re.compile(
    r"(?i:more (?:from|on|in|about) [^\n.!?:]{1,60}|top stories|most (?:read|popular|viewed)|"
    r"related (?:articles|stories|topics|content)|you (?:may|might) also like|"
    r"(?:elsewhere|around) (?:on|in) [^\n.!?]{1,40}|latest (?:news|stories)|trending)"
)
# A picture's caption as a pasted page labels it ("Image caption: ...", "Media caption, ..."):
# kept as a caption; a caption of fewer words is a label, not a sentence (as `htmlasides`).
_CAPTION_LABEL = re.compile(
    r"(?i:(?:image|media|picture|photo|video) caption|caption|pictured)\s*[:,]\s*(?P<text>\S.*)",
    re.DOTALL,
)
_CAPTION_WORDS = 4
# A picture's credit ("Image source: Getty Images", "Photograph: Jo Kim/The Courier").
_CREDIT = re.compile(
    r"(?i:image (?:source|copyright|credit)|photo(?:graph)?(?: credit)?|picture(?: credit)?|"
    r"credit|illustration)\s*[:,]\s*\S[^\n]*|(?i:getty images|reuters|pa media|ap photo)\S*"
)
# A button of a newsletter or a page, alone on its paragraph, perhaps as a link left unresolved
# ("[Subscribe now]").
_BUTTON = re.compile(
    r"\[?\s*(?i:subscribe(?: now| for free| today| here)?|sign up(?: now| for free| here)?|"
    r"share(?: this (?:post|article|story|email))?|leave a comment|"
    r"comment|like|restack|give a gift subscription|upgrade to paid|get the app|"
    r"read in (?:the )?app|start writing|listen now|"
    r"view (?:this )?(?:post|email|issue) (?:online|in (?:your |the )?browser)|"
    r"view (?:online|in (?:your |the )?browser)|donate(?: now)?|join(?: now| for free)?|"
    r"become a (?:paid )?(?:subscriber|member|supporter)|unsubscribe|"
    r"(?:update|manage) (?:your )?(?:email )?preferences)\s*[.!]?\s*\]?"
    # "Share The Quiet Carriage": the button and the publication's name.
    r"|\[?(?i:share) [A-Z][\w'’&-]*(?: (?:[A-Z][\w'’&-]*|of|the|and|&)){0,6}\]?"
)
# A sentence of a newsletter's pitch or footer: thanks for reading, asks to subscribe or share,
# says how the reader got the email or how to stop it.
_PITCH = re.compile(
    r"(?i:^thanks? (?:you )?(?:so much )?for reading\s+[^\s!.]|"
    r"\bsubscribe (?:for free|now|today|here|below|to (?:get|receive|support))\b|"
    r"\b(?:consider )?becoming a (?:free or )?(?:paid )?(?:subscriber|member|supporter)\b|"
    r"\bbecome a (?:free or )?(?:paid )?(?:subscriber|member|supporter)\b|"
    r"\bis a reader-supported publication\b|\bto receive new posts\b|"
    r"(?:^|\|\s*)unsubscribe\b|\b(?:or|to) unsubscribe\b|\bunsubscribe (?:here|now|at any time)\b|"
    r"\bforward(?:ed)? this (?:email|newsletter|post)\b|"
    r"\bsign up (?:here|now|for free|to (?:get|receive))\b|"
    r"\byou(?:'re|’re| are) receiving this (?:email|newsletter)\b|"
    r"\b(?:update|manage) your (?:email )?preferences\b|\bpowered by (?:substack|ghost|beehiiv|"
    r"buttondown|mailchimp)\b|\bshare (?:this post|it) with (?:a friend|someone)\b)"
)
# A newsletter's own lines, which a news page's sign-up box does not say: the reader got it
# by email, may forward it, is thanked for reading it by name; a platform's footer.
_NEWSLETTER_LINE = re.compile(
    r"(?i:^thanks? (?:you )?(?:so much )?for reading\s+[^\s!.]|\bto receive new posts\b|"
    r"\bis a reader-supported publication\b|\bforward(?:ed)? this (?:email|newsletter)\b|"
    r"\byou(?:'re|’re| are) receiving this (?:email|newsletter)\b|\bpowered by (?:substack|"
    r"ghost|beehiiv|buttondown|mailchimp)\b|\bview (?:this )?(?:email|issue) in (?:your |the )?"
    r"browser\b)"
)


def newsletter_lines(paragraphs: Sequence[Paragraph]) -> bool:
    """Whether a text's furniture says it is a newsletter's issue ("Thanks for reading The
    Quiet Carriage!", "You're receiving this email because ..."): a line of a pitch that a news
    page's sign-up box ("Subscribe to our newsletter") does not have."""
    return any(
        _NEWSLETTER_LINE.search(p.text) and is_furniture(p.text)
        for p in paragraphs
        if len(p.text) <= MAX_LINK_CHARS * 4
    )


# A copyright line closing a page ("© 2025 Rowan Ellery", "Copyright (c) 2024 The Courier. All
# rights reserved."): a symbol, or the word or "(c)" with a year; among the last
# FOOTER_PARAGRAPHS only (a paper may quote a program's licence in its text).
_COPYRIGHT = re.compile(
    r"(?:©|(?:(?i:copyright)\s*(?:©|\((?i:c)\))?|\((?i:c)\))\s*(?:19|20)\d\d)[^\n]*"
    r"|[^\n]{0,80}(?i:all rights reserved)\.?"
)
FOOTER_PARAGRAPHS = 3


def is_furniture(text: str) -> bool:
    """Whether a paragraph is only page furniture (see the module's docstring), to leave out;
    a caption (`caption_of`) is not."""
    text = text.strip()
    if FURNITURE.fullmatch(text):
        return True
    if len(text) > MAX_LINK_CHARS or "\n" in text:
        return _is_pitch(text)
    return bool(
        _STORY_LINK.fullmatch(text)
        or _STORY_LIST.fullmatch(text)
        or _CREDIT.fullmatch(text)
        or _BUTTON.fullmatch(text)
        or _is_pitch(text)
    )


def caption_of(text: str) -> str | None:
    """The caption a labelled paragraph gives ("Image caption: The turbine would stand on
    farmland" -> "The turbine would stand on farmland"); None for any other paragraph, or a
    label of fewer than `_CAPTION_WORDS` words."""
    found = _CAPTION_LABEL.fullmatch(text.strip())
    if found is None or len(text) > MAX_LINK_CHARS * 3:
        return None
    caption = found.group("text").strip()
    return caption if len(caption.split()) >= _CAPTION_WORDS else None


def _is_pitch(text: str) -> bool:
    """Whether every sentence of a paragraph is a newsletter's pitch or footer line."""
    sentences = [text[start:end].strip() for start, end in split_sentences(text)]
    return bool(sentences) and all(_PITCH.search(sentence) for sentence in sentences)


def without_furniture(paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """The paragraphs without page furniture (`is_furniture`) and a copyright line among the
    last FOOTER_PARAGRAPHS, a labelled caption kept as a caption (section `CAPTION`, its label
    off), and a list of other stories closing the text left out from its heading ("More from
    this area") on, when all under it are short lines (headlines, captions); when something
    longer follows, only the heading goes. Empty when nothing else is left."""
    listed = _story_list_start(paragraphs)
    kept: list[Paragraph] = []
    for index, paragraph in enumerate(paragraphs):
        if listed is not None and index >= listed:
            break
        if is_furniture(paragraph.text) or (
            index >= len(paragraphs) - FOOTER_PARAGRAPHS
            and len(paragraph.text) <= MAX_LINK_CHARS
            and _COPYRIGHT.fullmatch(paragraph.text.strip())
        ):
            continue
        caption = caption_of(paragraph.text)
        if caption is not None:
            paragraph = dataclasses.replace(paragraph, text=caption, section=CAPTION)
        kept.append(paragraph)
    return tuple(kept)


def _story_list_start(paragraphs: Sequence[Paragraph]) -> int | None:
    """Where a list of other stories closing the text begins: its heading's paragraph, when
    every paragraph after it is one short line; None when there is none."""
    for index in range(len(paragraphs) - 1, -1, -1):
        text = paragraphs[index].text.strip()
        if _STORY_LIST.fullmatch(text):
            return index
        if "\n" in text or len(text) > MAX_LINK_CHARS:
            return None
    return None
