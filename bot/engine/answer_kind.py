"""What kind of answer a question expects (a figure, a date, a person), whether a sentence holds
one, and what the question's structure says it asks about ("what is X's Y" asks about Y).

Abstention reads these (`Signals.kind_absent`, `Signals.focus_in_sentence`): a passage on the
question's topic that holds no figure cannot answer "how many", and one that holds the topic's
words but not the word asked about ("salary" in "what is her salary") answers something else.
The patterns are lexical and English; they decide nothing alone, the fitted model weighs them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.text import Analyser, Token


class AnswerKind(StrEnum):
    FIGURE = "figure"  # "how many", "how much", "what percentage", "how old", "cost"
    DATE = "date"  # "when", "what year", "which day"
    PERSON = "person"  # "who is", "who chairs" (not "who said": the speaker is the answer)


_FIGURE_QUESTION = re.compile(
    r"\bhow (?:many|much|old|long|far|often)\b|\b(?:what|which) (?:share|percentage|proportion|"
    r"fraction|number|figure|amount|salary|price|rate)\b|\bpercentage\b|\bper ?cent\b|\bcost\b"
    # "what is huawei's share", "what was the unemployment rate", "what fines would ..."
    r"|\bwhat (?:(?:is|was|are|were) (?:[\w'’]+ ){0,3}?)?(?:share|salary|rate|price|"
    r"budget|population|age|fines?|wages?)\b"
)
_DATE_QUESTION = re.compile(r"^when\b|\b(?:what|which|in what) (?:year|date|day|month)\b")
# "Who" opening the question, followed by a verb that does not ask whose words these are.
_PERSON_QUESTION = re.compile(r"^who(?:'s)?\s+(\w+)")
_SUBORDINATE = re.compile(r"(?<=\w) (?:when|while|after|before|because|since|until|as)\b")
_COPULAS = frozenset("is was are were 's".split())
_SPEECH_VERBS = frozenset(
    """
    said says say argued argues argue claimed claims claim wrote writes write told tells tell
    asked asks ask called calls accused accuses warned warns urged urges described describes
    criticised criticized criticises criticizes compared compares quoted quotes mentioned
    mentions responded responds replied replies answered answers insisted insists
    """.split()
)

_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred hundreds thousand thousands million millions billion billions trillion dozen "
    "dozens half third thirds quarter quarters twice double triple percent"
)
_FIGURE_TEXT = re.compile(r"\d|[$€£%]|\b(?:" + "|".join(_NUMBER_WORDS.split()) + r")\b")
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_DATE_TEXT = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d)s?\b|\b\d{1,2}/\d{1,2}\b|\b(?:"
    + "|".join(_MONTHS.split())
    + r")\b\.?|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
    r"tomorrow|last (?:week|month|year)|next (?:week|month|year)|(?:\w+ )?(?:years?|decades?|"
    r"centur(?:y|ies)|months?|weeks?|days?) ago)\b",
    re.IGNORECASE,
)
# A person named: a title before a capitalised word, or two capitalised words in a row that do
# not open the sentence ("said Brian Moore", "Senator Loutey").
_TITLE = r"(?:Mr|Mrs|Ms|Dr|Prof|Rev|Sen|Rep|Gov)\.?|Senator|President|Professor|Congressman"
_PERSON_TEXT = re.compile(
    rf"\b(?:{_TITLE})\s+[A-Z][\w’'-]+|(?<=[a-z,;:] )[A-Z][a-z’'-]+\s+(?:[A-Z]\.\s+)?[A-Z][a-z’'-]+"
)

# Structural foci: the words after a possessive ("thomas willingham's job at reed" -> "job"),
# after "about" in "what does X say about Y", and what "how many/much" counts.
_POSSESSED = re.compile(r"\b\w+['’]s\s+((?:\w+\s+){0,1}\w+)")
_ABOUT = re.compile(
    r"\b(?:say|says|said|think|thinks|thought|write|writes|wrote|argue|argues|"
    r"argued|claim|claims|claimed|tell|tells|told)\b.*?\babout\s+(.+)$"
)
_COUNTED = re.compile(r"\bhow (?:many|much)\s+((?:[\w'-]+\s+){0,2}[\w'-]+)")
_STOP_AFTER = re.compile(
    r"\s+(?:at|in|on|of|for|from|with|to|after|before|during|does|do|did|"
    r"is|was|are|were|has|have|had)\b.*$"
)


# A request for the bot's own advice or a recommendation for the asker ("which phone should I
# buy?", "can you recommend a good café?", "anyone know a decent barber?", "how do you say
# thanks in Welsh?"), or for a service to the asker ("can someone look over my draft?", "how
# do I change my nickname?", "what's the best way to calm my nerves?"): the corpus's authors
# rarely answer it, and a passage sharing its topic word is no answer (issue 12: "which phone
# should I buy?" quoted a passage on phone bans).
_ADVICE = re.compile(
    r"\bshould (?:i|we) (?:buy|get|pick|choose|use|try|watch|read|eat|order|download|install|"
    r"wear|book|rent)\b"
    r"|\b(?:can|could|would) you (?:recommend|suggest)\b"
    r"|\b(?:you'?d|do you|would you) (?:recommend|suggest)\b"
    r"|\b(?:can|could|would|will) (?:someone|somebody|anyone|anybody|you) (?:please )?"
    r"(?:proofread|check|review|read over|look over|look at|edit|fix|grade|mark|rewrite|"
    r"write|help)\b.*\b(?:my|our|me|us)\b"
    r"|\bhelp me (?:with|write|prepare|practi[cs]e|fix|improve|find a)\b"
    r"|\bhow (?:do|can|should) (?:i|we) (?:reset|change|install|fix|stop|calm|get over|"
    r"get better|improve|prepare|practi[cs]e|sign up|join|become|set up|download|log in|"
    r"delete|invite|register|enrol|enroll)\b"
    r"|^(?:what'?s|whats|what is) (?:the )?(?:best|easiest|quickest) way (?:to|for (?:me|us) to)\b"
    r"|\brecommend (?:me |us )?(?:a|an|some|any)\b"
    r"|\bany (?:good )?(?:recommendations|suggestions|tips)\b"
    r"|\b(?:anyone|anybody|someone|you) know (?:a|an|any|of a|of any) "
    r"(?:good|decent|nice|cheap|great)\b"
    r"|\bwhere (?:can|should|do) (?:i|we) (?:buy|get|find|eat|order)\b"
    r"|\bhow (?:do|would) (?:you|i|we) say\b.+\bin [a-z]+$"
)


# "How many X ...": the word after it, and the one after that (for "how many registered X").
_HOW_MANY = re.compile(r"\bhow many\s+([\w'-]+)(?:\s+([\w'-]+))?")
# Words after a verb that a question counts with ("how many died on ...", "voted for"): no noun
# follows, so nothing named is counted.
_AFTER_VERB = frozenset(
    "on in at of for the a an to from by with during when after before since last this that "
    "there here so".split()
)


def counted_word(question: str) -> str | None:
    """What a folded "how many ...?" question counts, which a passage's figure must count too:
    "how many trawlers moored ..." -> "trawlers", "how many registered voters ..." ->
    "voters"; None for a verb ("how many died on the flight?": the text may say "killed" or
    "lost"), for "how many times" (a frequency any figure may give) and "how many of ...",
    and for a question that does not ask "how many"."""
    match = _HOW_MANY.search(question)
    if match is None:
        return None
    first, second = match.group(1), match.group(2)
    if first in ("times", "of"):
        return None
    if first.endswith("ed"):
        return None if second is None or second in _AFTER_VERB else second
    return first


def asks_advice(question: str) -> bool:
    """Whether a folded (lower-case) question asks for advice or a recommendation for the asker
    rather than for what the texts say ("which phone should i buy?", "can you recommend a good
    place to eat?"). The engine answers such a question only when one or two adjacent sentences
    hold all of its words."""
    return _ADVICE.search(question.strip(" ?.!")) is not None


def asks_thesis(question: str) -> bool:
    """Whether a folded (lower-case) question asks for a text's main argument ("what is the
    essay's main argument?", "what is the historian's thesis?", "what does the author argue
    overall?"), which the text states in a sentence of its own ("I argue that ...")."""
    return _ASKS_THESIS.search(question) is not None


def states_thesis(sentence: str) -> bool:
    """Whether a sentence states its writer's argument: "I argue that ...", "this essay
    contends ...", "my argument is ..."."""
    return _THESIS.search(sentence) is not None


_ASKS_THESIS = re.compile(
    r"\b(?:main|central|key|chief|overall|principal|core)\s+(?:argument|point|claim|"
    r"contention|thesis|case)s?\b|\bthesis\b|\bargues?\s+overall\b"
)
_THESIS = re.compile(
    r"\b(?:i|we)\s+(?:will\s+|shall\s+|would\s+)?(?:argue|contend|maintain|submit|propose)\b"
    r"|\b(?:this|my|our|the\s+present)\s+(?:essay|article|paper|piece|chapter|book|report|study)"
    r"\s+(?:argues|contends|maintains|proposes|shows|suggests)\b"
    r"|\bmy\s+(?:argument|contention|claim|thesis|case)\s+is\b",
    re.IGNORECASE,
)


# Asking how an argument is answered: a verb or noun of answering an argument (not "deal with"
# or "tackle", which take a problem: "how should failing schools be dealt with"), in a question
# that says whose answer (a side, "the other side", "the opponents") or what is answered ("the
# point that", "the argument", "the claim"). "The reply" alone names a kind of document.
_ANSWERING = re.compile(
    r"\b(?:answer(?:s|ed|ing)?|respon(?:d|ds|ded|ding|se|ses)|repl(?:y|ies|ied|ying)|"
    r"rebut(?:s|ted|ting|tal|tals)?|refut(?:e|es|ed|ing|ation)|counter(?:s|ed|ing)?|"
    r"counter-?arguments?|push(?:es|ed)? back|explain(?:s|ed)? away)\b"
)
_WHOSE_OR_WHAT = re.compile(
    r"\b(?:proposition|opposition|other side|opposing side|other team|opposing team|opponents?|"
    r"pro side|con side|side (?:for|against|in favou?r|opposing|proposing)|"
    r"negative team|affirmative team|government bench|"
    r"(?:the |that |this )(?:point|argument|claim|case|contention|idea|charge|criticism))\b"
)


# Asking what something is or means: "what is a minimum wage?", "what are faith schools?",
# "what does 'outdated institution' mean?", "what is meant by X", "define X", "how is X
# defined", "what does the motion mean by X".
_DEFINITION = re.compile(
    r"^(?:so\s+|and\s+)?(?:"
    r"what\s+(?:is|are|'s)\s+(?:an?\s+|the\s+)?(?P<x1>[^?,;]{2,60}?)"
    r"|what\s+(?:does|do)\s+(?P<x2>[^?,;]{2,60}?)\s+mean"
    r"|what\s+is\s+meant\s+by\s+(?:an?\s+|the\s+)?(?P<x3>[^?,;]{2,60}?)"
    r"|what\s+(?:does|do)\s+[^?,;]{2,40}?\s+mean\s+by\s+(?:an?\s+|the\s+)?(?P<x4>[^?,;]{2,60}?)"
    r"|define\s+(?:an?\s+|the\s+)?(?P<x5>[^?,;]{2,60}?)"
    r"|how\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<x6>[^?,;]{2,60}?)\s+defined"
    r")\s*[?.!]*$"
)


def defined_subject(question: str) -> str | None:
    """What a folded (lower-case) question asks the definition of ("what is a minimum wage?":
    "minimum wage"), without quotation marks; None when it asks no definition."""
    match = _DEFINITION.match(question.strip())
    if match is None:
        return None
    subject = next(group for group in match.groups() if group).strip(" '\"‘’“”")
    words = subject.split()
    # A thing's name, not a clause ("what is said about cost", "what is the councillor
    # proposing") nor a superlative ("what is the best argument for ...").
    if len(words) > _MAX_DEFINED_WORDS or any(
        word in _NOT_DEFINED or word.endswith("ing") for word in words
    ):
        return None
    return subject


_MAX_DEFINED_WORDS = 5
_NOT_DEFINED = frozenset(
    "said says about for against by with to from in on at best strongest main biggest most "
    "least first last actually really there it this that they he she we you i".split()
)


# After what a sentence defines: the verb that says what it is.
_DEFINING = re.compile(
    r"\s*(?:\([^)]{0,60}\)\s*)?(?:,[^,]{0,80},\s*)?(?:"
    r"(?:is|are)\s+(?:(?:simply|essentially|basically|usually|generally|typically|broadly)\s+)?"
    r"(?:a|an|the|one|any|when|where|what|something|defined as|known as)"
    r"|means|mean|refers to|refer to|describes|denotes|can be defined as|is the name for)\b",
    re.IGNORECASE,
)
# What may come before what a sentence defines: an article, after an opening phrase or not.
_SUBJECT_OPENING = re.compile(r"\s*(?:[^,]{0,40},\s*)?(?:(?:an?|the|this|that)\s+)?", re.IGNORECASE)
# How far into a sentence what it defines may start (in words): "A minimum wage is ...", "At
# its most basic, reality television means ...".
_DEFINED_WITHIN_WORDS = 8


def defines(sentence: str, subject: tuple[str, ...], analyser: Analyser) -> bool:
    """Whether `sentence` says what `subject` (its terms) is: the subject's words near its start,
    then "is", "are", "means", "refers to" ("A minimum wage is the minimum price ..."); or, anywhere
    in it, "the definition (or meaning) of" the subject ("A definition of reality television is
    hard, but at its most basic it means ..."), or a condition for it ("a household is in fuel
    poverty when ...", "a flat counts as overcrowded if ...")."""
    tokens = analyser.tokens(sentence)
    wanted = list(dict.fromkeys(subject))
    for first in range(len(tokens)):
        run = tokens[first : first + len(wanted)]
        if [token.stem for token in run] != wanted:
            continue
        if _DEFINITION_OF.search(sentence[: run[0].start]):
            return True
        if _COUNTS_AS.search(sentence[: run[0].start]) and _CONDITION.match(sentence, run[-1].end):
            return True
        if first < _DEFINED_WITHIN_WORDS:
            # The subject of the sentence, not of a clause ("Raising the minimum wage is ..."):
            # only an article, perhaps after an opening phrase ("At its simplest, a ...").
            opening = _SUBJECT_OPENING.fullmatch(sentence[: run[0].start])
            if opening is not None and _DEFINING.match(sentence, run[-1].end) is not None:
                return True
    return False


# A condition that defines ("a household is in fuel poverty when ...", "a home counts as
# overcrowded if ..."): before the subject, a verb of being or counting, and after it "when",
# "if" or "where".
_COUNTS_AS = re.compile(
    r"\b(?:is|are|counts?\s+as|is\s+(?:considered|classed\s+as|deemed)|are\s+"
    r"(?:considered|classed\s+as|deemed))\s+(?:in\s+)?(?:an?\s+|the\s+)?[\"'‘“]?$",
    re.IGNORECASE,
)
_CONDITION = re.compile(r"[\"'’”]?\s+(?:only\s+)?(?:when|if|where)\b", re.IGNORECASE)
# Just before what a sentence defines, anywhere in it: "a definition of", "the meaning of".
_DEFINITION_OF = re.compile(
    r"\b(?:definition|meaning)s?\s+of\s+(?:(?:an?|the|this|that)\s+)?[\"'‘“]?$", re.IGNORECASE
)


def asks_response(question: str) -> bool:
    """Whether a folded (lower-case) question asks how a debate side answers an argument ("how
    does the opposition respond to ...", "what is the other side's answer to the claim that
    ..."): a word of answering and one saying whose answer or what is answered."""
    return _ANSWERING.search(question) is not None and _WHOSE_OR_WHAT.search(question) is not None


# Questions about a document itself: its title, when or where it appeared, who wrote it.
_ABOUT_DOCUMENT: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "title",
        re.compile(
            r"\b(?:title|headline)\b"
            r"|\bwhat (?:is|was|'s) (?:it|the [\w' -]{1,40}?) (?:called|titled)\b"
            r"|\bwhat (?:is|was) the name of the (?:reply|response|op-ed|op ed|article|letter)"
        ),
    ),
    (
        "date",
        re.compile(
            r"\bwhen (?:was|did|is|were) .{0,60}?\b(?:publish(?:ed)?|write|written|appear(?:ed)?|"
            r"come out|came out|post(?:ed)?|run|ran|dated|print(?:ed)?|release(?:d)?)\b"
            r"|\bpublication date\b|\bwhat date was\b"
        ),
    ),
    (
        "venue",
        re.compile(
            r"\bwhere (?:was|did|is|were) .{0,60}?\b(?:publish(?:ed)?|appear(?:ed)?|run|ran|"
            r"post(?:ed)?|print(?:ed)?|come out|came out)\b|\bwho published\b"
            r"|\bwhich (?:newspaper|paper|site|website|"
            r"magazine|outlet|publication) (?:published|ran|carried|printed)\b"
        ),
    ),
    ("author", re.compile(r"\bwho (?:wrote|writes|authored|penned|is the author of)\b")),
    (
        "summary",
        re.compile(
            r"^\W*(?:so\s+)?what(?:'s|\u2019s| is| was)\s+(?:it|this|that|the [^?.!]{1,60}?)"
            r"\s+(?:all\s+|mainly\s+|basically\s+)?about\W*$"
            r"|^\W*(?:summari[sz]e|sum up|give (?:me )?(?:a )?(?:summary|gist) of)\s+(?:it|the)\b"
        ),
    ),
)


def asks_about_document(question: str) -> str | None:
    """What a folded question asks about a document itself: "title", "date", "venue",
    "author" ("when was the reply published?" -> "date") or "summary" ("what is the letter
    about?"); None when it asks about what a document says."""
    return next((kind for kind, pattern in _ABOUT_DOCUMENT if pattern.search(question)), None)


# "Who said there you go again?": the words after the verb, unquoted.
_SAID_WORDS = re.compile(
    r"^who (?:said|says|called|coined) (?:the (?:words|phrase|line) )?"
    r"(?P<words>[\w' ,-]{6,80}?)[\s?.!]*$"
)


def unquoted_saying(question: str) -> str | None:
    """The words a folded "who said ..." question asks the source of, when it does not quote
    them ("who said there you go again" -> "there you go again"); None for other questions or
    fewer than three words. The caller decides whether they are a phrase to look for (when they
    are mostly common words a search cannot find them by)."""
    match = _SAID_WORDS.match(question.strip())
    if match is None or len(match.group("words").split()) < 3:
        return None
    return match.group("words").strip(" ,'")


def expected_kinds(question: str) -> frozenset[AnswerKind]:
    """The kinds of answer a folded (lower-case) question asks for; empty when it asks for none
    in particular ("what does X argue", "who said ...")."""
    kinds: set[AnswerKind] = set()
    # What a clause opened by "when", "after"... mentions is not what is asked ("what did he
    # propose when pushed on the bailout's cost?" asks for no figure).
    main = _SUBORDINATE.split(question, maxsplit=1)[0]
    if _FIGURE_QUESTION.search(main):
        kinds.add(AnswerKind.FIGURE)
    if _DATE_QUESTION.search(main):
        kinds.add(AnswerKind.DATE)
    person = _PERSON_QUESTION.match(question)
    if person is not None and not _asks_whose_words(question):
        kinds.add(AnswerKind.PERSON)
    return frozenset(kinds)


def _asks_whose_words(question: str) -> bool:
    """Whether a "who ..." question asks whose words these are: its first verb of speech comes
    before any "is/was" ("who on the letters page says ...", not "who is the commissioner the
    ambassador wrote to")."""
    for word in re.findall(r"[\w']+", question)[1:]:
        if word in _SPEECH_VERBS:
            return True
        if word in _COPULAS:
            return False
    return False


def kinds_in(text: str) -> frozenset[AnswerKind]:
    """The kinds of answer a sentence (as written, with its capitals) holds."""
    kinds: set[AnswerKind] = set()
    if _FIGURE_TEXT.search(text.lower()):
        kinds.add(AnswerKind.FIGURE)
    if _DATE_TEXT.search(text):
        kinds.add(AnswerKind.DATE)
    if _PERSON_TEXT.search(text):
        kinds.add(AnswerKind.PERSON)
    return frozenset(kinds)


def asked_about(question: str) -> list[str]:
    """The span(s) of a folded question that say what it asks about, by its structure: what
    follows a possessive ("X's Y"), "say/think ... about Y", "how many Y". Empty when the
    structure names nothing."""
    text = question.strip(" ?.!")
    spans: list[str] = []
    for pattern in (_COUNTED, _POSSESSED, _ABOUT):
        match = pattern.search(text)
        if match is not None:
            span = _STOP_AFTER.sub("", match.group(1)).strip()
            if span:
                spans.append(span)
    return spans


# How many content words apart a figure and the word it counts may be ("57 recorded
# collisions": 1; "38 of the county's secondary schools": 2, stop words not counted).
FIGURE_REACH = 3


def figure_near(
    text: str,
    tokens: Sequence[Token],
    counted: Collection[str],
    asked: Collection[str],
    reach: int = FIGURE_REACH,
) -> bool:
    """Whether `text` (its content-word `tokens`) gives a figure within `reach` words of a
    word it counts (stems in `counted`): "how many collisions?" is answered by "57 recorded
    collisions", not by a sentence with a date and the word "collisions". A figure the question
    itself uses ("737" in "how many 737 MAX airplanes") is not an answer (stems in `asked`)."""
    figures = [
        i
        for i, token in enumerate(tokens)
        if token.stem not in asked and _FIGURE_TEXT.search(text[token.start : token.end].lower())
    ]
    words = [i for i, token in enumerate(tokens) if token.stem in counted]
    return any(abs(f - w) <= reach for f in figures for w in words)
