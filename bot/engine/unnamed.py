"""Unnamed sources a story quotes: "a Labour spokesperson", "one resident", "a senior official".

News quotes people it does not name ("A council spokesperson said ...", "“...,” one resident
told us."). A sentence giving such a person's words reports them as the story calls them, so
a quote is credited "quoting a Labour spokesperson", not to the reporter who wrote it down.
"""

from __future__ import annotations

import re

from bot.engine.text import fold

# What an unnamed source is called: a role, not a name (Reuters and AP style guides list
# these as the usual attributions of anonymous sources; the rest are the roles local news
# quotes by).
_ROLE = (
    r"spokes(?:person|man|woman|people)|officials?|sources?|aides?|advis[eo]rs?|insiders?|"
    r"residents?|campaigners?|activists?|organi[sz]ers?|traders?|shopkeepers?|parents?|"
    r"teachers?|nurses?|doctors?|workers?|employees?|voters?|supporters?|critics?|"
    r"witness(?:es)?|neighbou?rs?|colleagues?|analysts?|diplomats?|ministers?|MPs?|"
    r"backbenchers?|staffers?|representatives?|lawyers?|officers?|figures?|executives?"
)
# Words that do not qualify a role ("a spokesperson" can follow "told" in "told a spokesperson"
# only as its object): the qualifiers before the role are none of these.
_NOT_QUALIFIER = (
    r"(?:the|a|an|this|that|these|those|to|of|in|on|at|for|with|by|as|about|from|it|its|his|"
    r"her|their|and|or|but|if|when|who|which|was|were|is|are|be|been|not|no|said|says|told)"
)
# "a Labour spokesperson", "one long-serving resident", "a spokesperson for the council": up to
# three qualifiers, the role, and who they speak for.
_WHO = (
    rf"(?P<who>(?:a|an|one|another)\s+(?:(?!{_NOT_QUALIFIER}\s)[\w'\u2019-]+\s+){{0,3}}?"
    rf"(?:{_ROLE})"
    rf"(?:\s+(?:for|from|of|close\s+to)\s+(?:the\s+)?[\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]*){{0,3}})?)"
)
_VERBS = (
    r"said|says|told|tells|added|adds|insisted|insists|warned|warns|explained|confirmed|"
    r"admitted|claimed|claims|argued|argues|replied|responded|conceded|stressed"
)
# The source opens the sentence or its clause, then (after where they were: "at the count")
# the reporting verb: "A Labour spokesperson at the count told us flatly: ...".
_SUBJECT = re.compile(
    rf"(?:^|[,;:\u2014\u2013]\s+|\band\s+)\W*{_WHO}"
    rf"(?:\s+(?:at|in|on)\s+(?:the\s+)?[\w'\u2019-]+)?(?:,[^,]{{1,60}},)?"
    rf"\s+(?:\w+ly\s+)?(?:{_VERBS})\b(?!\s+to\s+be\b)",
    re.IGNORECASE,
)
# The verb first, after the words: "“...,” said a spokesperson for the council."
_AFTER_VERB = re.compile(rf"\b(?:said|says|added|adds|insisted|warned)\s+{_WHO}", re.IGNORECASE)
# The source after the words, then the verb: "“...,” one resident said."
_AFTER_WORDS = re.compile(rf"[,\u201d\"]\s+{_WHO}\s+(?:\w+ly\s+)?(?:{_VERBS})\b", re.IGNORECASE)


# A role after "a" or "one", anywhere: a passage without one quotes no unnamed source.
_CUE = re.compile(rf"\b(?:a|an|one|another)\s+(?:\S+\s+){{0,3}}?(?:{_ROLE})\b", re.IGNORECASE)


def may_quote_unnamed(text: str) -> bool:
    """False when no sentence of `text` can report an unnamed source (`unnamed_source`): no
    role follows "a", "an", "one" or "another" within four words. True says only that the
    sentences must be read."""
    return _CUE.search(text) is not None


def unnamed_source(sentence: str) -> str | None:
    """Who a sentence reports when it names no one: the unnamed source as the sentence calls
    them ("a Labour spokesperson", "a spokesperson for the council", "one resident"), its
    article lower-cased, or None when it reports no such person."""
    text = fold(sentence)
    for pattern in (_SUBJECT, _AFTER_VERB, _AFTER_WORDS):
        match = pattern.search(text)
        if match is not None:
            who = " ".join(match.group("who").split())
            first, _, rest = who.partition(" ")
            return f"{first.lower()} {rest}"
    return None
