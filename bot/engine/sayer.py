"""Whose words a question asks for ("what did the council leader say ...?"), and whether a passage
gives anyone's words, for abstention.

"What did the Lib Dem candidate say after the result?" asks for someone's words; a passage that
only states the result, in its writer's own voice, quotes and reports no one, and cannot answer
it, however many of the question's words it holds. The question's *sayer* is the subject of its
speech verb ("the Lib Dem candidate"). When every word of it is one a document's own voice goes
by (a pronoun, "the writer", "the column", "the judge", or its author's, publisher's or title's
words: "what does the reply say about ...", "what does Zhang Ming say ..."), the document's own
text is that voice's words; otherwise the passage must report words (quotation marks, a
reporting verb, "according to") or be a speaker's turn. Rules, read on the question's surface;
the abstention model (`abstain.Signals.speech_absent`) weighs what they say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.engine.forms import FORM_AUTHOR_NAMES, FORM_NAMES
from bot.engine.names import KIND_NAMES
from bot.engine.people import REPORT_VERBS
from bot.engine.text import STOP_WORDS, normalise

# "What did X say ...", "what does X think of ...": the subject X of a verb that asks for
# someone's words or view, after the auxiliary. Not "how do the traders respond to ...", "how
# does the minister answer ...": a response or a reply is most often the document's own text,
# whoever its metadata names.
# Only a question asking what or how: "when did they announce ...", "did she ever say sorry ..."
# ask a date or a yes or no, and "how many supporters does the club want?" a figure, which a
# passage may state in its own words.
_SAYER = re.compile(
    r"^\W*(?:what|how(?!\s+(?:many|much|long|old|far|big|large|often|soon|high|tall)\b))\b"
    r"[^?]*?\b(?:did|does|do|has|have|had|will|would|could|might)\s+(?P<who>[^?,;]{1,80}?)\s+"
    r"(?:say|said|tell|told|claim|claimed|argue|argued|think|believe|want|propose|proposed|"
    r"suggest|suggested|warn|warned|insist|insisted|demand|demanded|accuse|accused|allege|"
    r"alleged|announce|announced|promise|promised|admit|admitted|testify|testified|"
    r"comment|commented|feel|felt)\b"
    # "What is the mayor's view on fares?" (a response or a reaction is most often the
    # document's own text, as "how does the minister answer ...": no sayer)
    r"|^\W*what\s+(?:is|was|are|were)\s+(?P<whose>[^?,;]{1,60}?)(?:'s|’s|(?<=s)'|(?<=s)’)\s+"
    r"(?:views?|position|stance|opinion|take|verdict)\s+(?:on|of|about)\b",
    re.IGNORECASE,
)
# Words naming a document's own voice: pronouns and what people call a writer.
_OWN_VOICE_WORDS = frozenset(
    """
    he she they it you i we his her their its him them this that these those
    author authors writer writers columnist columnists blogger journalist reporter editor
    editors correspondent commentator piece text document site website page
    recommendation recommendations section chapter paragraph clause part appendix summary
    conclusion conclusions introduction abstract foreword preface table figure
    """.split()
)
# The words of the names documents are called by ("the reply", "the paper", "the judge").
_DOCUMENT_NAME_WORDS = frozenset(
    word
    for names in (
        *(names for names, _ in KIND_NAMES.values()),
        *FORM_NAMES.values(),
        *FORM_AUTHOR_NAMES.values(),
    )
    for name in names
    for word in re.findall(r"[\w-]+", name.lower())
)
# Words that report someone's words: a quotation mark, a reporting verb, "according to".
# Beside `people.REPORT_VERBS` (which name a person's words for the people finder), verbs that
# report a stance or statement without naming who ("confirmed", "denied", "welcomed").
_STATEMENT_VERBS = (
    "confirmed|confirms|denied|denies|promised|promises|pledged|pledges|vowed|vows|agreed|"
    "agrees|welcomed|welcomes|criticised|criticises|criticized|criticizes|condemned|condemns|"
    "praised|praises|predicted|predicts|quoted|quotes|according to"
)
_GIVES_WORDS = re.compile(
    rf"[\"\u201c\u201d\u201e\u00ab\u00bb]|\b(?:{REPORT_VERBS}|{_STATEMENT_VERBS})\b"
    # A line opening with a speaker's label ("PANDARUS: Alas, ..."), as a script prints it.
    r"|(?-i:^\s*[A-Z][A-Z.'\u2019 -]{1,40}:\s)",
    re.IGNORECASE | re.MULTILINE,
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def _words(text: str) -> set[str]:
    """The content words of `text`, normalised (`text.normalise`), possessive 's cut, stop
    words left out."""
    words = set()
    for word in _WORD.findall(normalise(text)):
        word = re.sub(r"['\u2019]s$", "", word)
        if word not in STOP_WORDS:
            words.add(word)
    return words


def asked_sayer(question: str) -> str | None:
    """The subject of the question's speech verb ("What did the new MP say her first job would
    be?" -> "the new MP"), or None when the question asks for no one's words."""
    match = _SAYER.search(question)
    if match is None:
        return None
    return (match.group("who") or match.group("whose")).strip()


def own_voice(sayer: str, names: Iterable[str]) -> bool:
    """Whether `sayer` is the voice of a document whose author, publisher and title are among
    `names` (strings): every content word of it is a pronoun, a word for a writer, a word of a
    document's names ("the reply", "the judge") or a word of `names`."""
    known = set(_OWN_VOICE_WORDS) | _DOCUMENT_NAME_WORDS
    for name in names:
        known |= _words(name)
    # A numbered part ("recommendation 9", "section 2.1") is the document's own too.
    words = {word for word in _words(sayer) if not word.replace(".", "").isdigit()}
    return not words or words <= known


def gives_words(text: str) -> bool:
    """Whether `text` quotes or reports anyone's words: a quotation mark, a reporting verb
    ("said", "told", "argued": `people.REPORT_VERBS`; "confirmed", "denied") or "according to"."""
    return _GIVES_WORDS.search(text) is not None
