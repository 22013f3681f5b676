"""What kind of answer a question expects (a figure, an age, a sum of money, a share, a
duration, a date, a year, a person, a name), whether a sentence holds one, and what the
question's structure says it asks about ("what is X's Y" asks about Y; "what did X say about
the cost of Y" about the cost, and Y).

Abstention reads these (`Signals.kind_absent`, `Signals.focus_in_sentence`): a passage on the
question's topic that holds no age cannot answer "how old", one with a figure of something
else cannot answer "how many X", and one that holds the topic's words but not the word asked
about ("salary" in "what is her salary") answers something else. The patterns are lexical and
English; they decide nothing alone, the fitted model weighs them. What else a question asks
for (advice, a thesis, a definition) is `intents`'s.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.engine.text import PARAGRAPH_NUMBER

if TYPE_CHECKING:
    from bot.engine.text import Token


class AnswerKind(StrEnum):
    """A kind of answer. A question expects its finest kind ("how old" an age, not any figure);
    a sentence holds every kind its text shows (an age is a figure too)."""

    FIGURE = "figure"  # "how many", "how much better", "how far", "how tall"
    AGE = "age"  # "how old", "at what age": "a 14-year-old", "in their 20s", "aged 64"
    MONEY = "money"  # "how much did it cost", "what salary": "$80", "17 billion dollars"
    SHARE = "share"  # "what percentage", "what share": "38%", "about a third", "seven in ten"
    DURATION = "duration"  # "how long": "two-hour", "three weeks", "yesterday"
    # "how often": "every fortnight", "twice a week", "monthly", "three times a year"
    FREQUENCY = "frequency"
    DATE = "date"  # "when", "which day"
    YEAR = "year"  # "what year", "which decade": "in 2007", "the 1950s"
    PERSON = "person"  # "who is", "who chairs" (not "who said": the speaker is the answer)
    NAME = "name"  # "which newspaper", "what is the name of": a proper name the question lacks


_FIGURE_QUESTION = re.compile(
    r"\bhow (?:many|much|old|long|far|often|tall|high|wide|deep|big|large|heavy|fast)\b"
    r"|\b(?:what|which) (?:share|percentage|proportion|fraction|number|figure|amount|salary|"
    r"price|rate)\b|\bcost\b"
    # "what is huawei's share", "what was the unemployment rate", "what fines would ..."
    r"|\bwhat (?:(?:is|was|are|were) (?:[\w'’]+ ){0,3}?)?(?:share|salary|rate|price|"
    r"budget|population|age|fines?|wages?|turnout|revenue|deficit|tally)\b"
)
_DATE_QUESTION = re.compile(r"^when\b|\b(?:what|which|in what) (?:year|date|day|month)\b")
# The finer kinds a figure or date question may ask for (issue 12: "how old was X?" answered by
# any sentence holding a number, "what year did she join?" by one holding a date of something
# else).
_AGE_QUESTION = re.compile(r"\bhow old\b|\b(?:what|which) age\b|\bat what age\b")
_MONEY_QUESTION = re.compile(
    r"\bhow much (?:[\w'’]+ ){0,2}?(?:money|funding|cash|rent|tuition)\b"
    r"|\bhow much (?:[\w'’]+ ){0,6}?(?:cost|costs|costing|spend|spent|spends|pay|paid|pays|"
    r"earn|earns|earned|charge|charges|charged|raise|raised|give|gave|save|saved|borrow|"
    r"borrowed|invest|invested|worth)\b"
    r"|\b(?:what|which) (?:(?:is|was|are|were) (?:[\w'’]+ ){0,3}?)?(?:salary|wages?|price|"
    r"budget|fines?|fee|fees|tuition|rent)\b"
)
_SHARE_QUESTION = re.compile(
    r"\b(?:what|which) (?:(?:is|was) (?:[\w'’]+ ){0,3}?)?(?:share|percentage|proportion|"
    r"fraction|percent)\b|\bhow many (?:per ?cent|percent)\b"
)
# A question a yes or no answers ("does the debate say access depends on how much money you
# have?"): what it mentions is not what it asks for.
_YES_NO = re.compile(r"^(?:does|do|did|is|are|was|were|has|have|had|can|could|will|would|should)\b")
_DURATION_QUESTION = re.compile(r"\bhow long\b(?! ago)")
_YEAR_QUESTION = re.compile(r"\b(?:what|which|in what) (?:year|decade|century)\b")
# "Which newspaper ...?": nouns whose answers are names (a city, a paper, a firm), so a passage
# naming none does not answer. Nouns of arguments and kinds ("which point", "what analogy")
# are left out: their answers are common words.
_NAMED_NOUNS = (
    "city|cities|town|towns|village|country|countries|state|states|province|region|paper|"
    "papers|newspaper|newspapers|magazine|journal|website|hospital|college|colleges|university|"
    "universities|school|schools|company|companies|firm|firms|airline|charity|charities|"
    "organi[sz]ation|organi[sz]ations|agency|party|parties|team|church|court|dorm|language|"
    "languages|app|apps|brand|bank|senator|senators|politician|leader|president|minister|"
    "book|film|song|album|show|station|network|channel|island|river|street"
)
_NAME_QUESTION = re.compile(
    # Up to two words before the noun, neither an auxiliary nor an article ("which german
    # paper", not "what did the newspapers ...").
    r"^(?:which|what) (?:(?!(?:did|does|do|is|was|are|were|has|have|had|will|would|can|could|"
    rf"should|the|a|an)\b)[\w'’-]+ ){{0,2}}?(?:{_NAMED_NOUNS})\b"
    r"|\bwhat (?:is|was|are|were) (?:the )?(?:name|names|headline|title)s? of\b"
)
# "Who" opening the question, followed by a verb that does not ask whose words these are.
_PERSON_QUESTION = re.compile(r"^who(?:'s)?\s+(\w+)")
# ... but not "born after what year?", where the clause is what is asked.
_SUBORDINATE = re.compile(
    r"(?<=\w) (?:when|while|after|before|because|since|until|as)\b(?! (?:what|which|how)\b)"
)
_COPULAS = frozenset("is was are were 's".split())
# Verbs of speech: "who said ...", and "who raised the worry about ...", whose answer is whoever
# says it (in a transcript, the turn's speaker: trial 16's d05).
_SPEECH_VERBS = frozenset(
    """
    said says say argued argues argue claimed claims claim wrote writes write told tells tell
    asked asks ask called calls accused accuses warned warns urged urges described describes
    criticised criticized criticises criticizes compared compares quoted quotes mentioned
    mentions responded responds replied replies answered answers insisted insists
    raised raises raise suggested suggests suggest objected objects object complained complains
    complain admitted admits admit
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
_HONORIFICS = ("Mr", "Mrs", "Ms", "Dr", "Prof", "Rev", "Sen", "Rep", "Gov")
_TITLE = rf"(?:{'|'.join(_HONORIFICS)})\.?|Senator|President|Professor|Congressman"
_PERSON_TEXT = re.compile(
    rf"\b(?:{_TITLE})\s+[A-Z][\w’'-]+|(?<=[a-z,;:] )[A-Z][a-z’'-]+\s+(?:[A-Z]\.\s+)?[A-Z][a-z’'-]+"
)
_NUMBER_WORD = r"(?:\d+|" + "|".join(_NUMBER_WORDS.split()[:28]) + ")"
_AGE_TEXT = re.compile(
    rf"\b{_NUMBER_WORD}[- ]years?[- ]old\b|\baged? \d{{1,3}}\b|\bage of {_NUMBER_WORD}\b"
    r"|\bin (?:his|her|their|my|our|your) (?:early |mid-?|late )?(?:teens|twenties|thirties|"
    r"forties|fifties|sixties|seventies|eighties|nineties|\d0s)\b|, \d{1,3},|\bteen(?:ager)?s?\b",
    re.IGNORECASE,
)
_MONEY_TEXT = re.compile(
    r"[$€£¥]|\b(?:dollars?|pounds|euros?|yuan|cents|pence|bucks|usd|gbp|eur)\b"
    # A sum written without its currency, as speakers and local reports do ("the county's own
    # figure for upkeep is around 300,000 a year", "it will cost 4 million"): a large amount
    # that counts nothing (not "300,000 residents").
    r"|\b(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s*(?:thousand|million|billion|trillion|bn))"
    r"(?=\s*(?:[.,;:)!?]|$|(?:a|per|each|every|annually|in|on|for|from|over|to|and|or|but|"
    r"which|that|this|is|was|were|will|would|last|next|more|less|before|after|between)\b))",
    re.IGNORECASE,
)
_SHARE_TEXT = re.compile(
    r"%|\bper ?cent\b|\b(?:half|halves|thirds?|quarters?|fifths?|tenths?|majority|minority)\b"
    rf"|\b{_NUMBER_WORD} (?:in|out of) (?:a )?{_NUMBER_WORD}\b",
    re.IGNORECASE,
)
_FREQUENCY_QUESTION = re.compile(
    r"\bhow (?:often|frequently|regularly)\b|\bhow many times (?:a|an|per|each|every)\b"
)
_PERIOD = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|term|year|decade)"
_FREQUENCY_TEXT = re.compile(
    rf"\b(?:every|each|per|a|an)\s+(?:other\s+|single\s+|{_NUMBER_WORD}\s+|few\s+)?{_PERIOD}s?\b"
    r"|\b(?:hourly|daily|nightly|weekly|fortnightly|monthly|quarterly|annually|yearly|biennially"
    r"|weekdays|weeknights|weekends)\b"
    rf"|\b(?:once|twice|thrice|{_NUMBER_WORD}\s+times)\b",
    re.IGNORECASE,
)
_DURATION_TEXT = re.compile(
    rf"\b(?:{_NUMBER_WORD}|an?|several|few|many|couple of)[- ](?:seconds?|minutes?|hours?|days?|"
    r"nights?|weeks?|months?|years?|decades?|centur(?:y|ies))\b|\b(?:yesterday|overnight)\b",
    re.IGNORECASE,
)
_YEAR_TEXT = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d)s?\b|(?<![\w$£€])['’]?\d0s\b|\b(?:last|this|next) year\b"
    r"|\byears? ago\b",
    re.IGNORECASE,
)
# A capitalised word, and what ends the text before a sentence's opening (where capitals
# name nothing).
_CAPITALISED = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]*")
_SENTENCE_ENDS = tuple('.!?:;"“”(')

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


# "How many X ...": the word after it, and the one after that (for "how many registered X").
_HOW_MANY = re.compile(r"\bhow many\s+([\w'-]+)(?:\s+([\w'-]+))?(?:\s+([\w'-]+))?")
# A verb that follows the words a "how many" question counts ("how many library branches are
# ..."): the word before it heads what is counted.
_AUXILIARY = frozenset(
    "are were is was did do does have has had will would could can should might must".split()
)
# Words after a verb that a question counts with ("how many died on ...", "voted for"): no noun
# follows, so nothing named is counted.
_AFTER_VERB = frozenset(
    "on in at of for the a an to from by with during when after before since last this that "
    "there here so".split()
)
# What no "how many" question counts: a word after a verb, or a verb.
_NOT_COUNTED = _AFTER_VERB | _AUXILIARY


def counted_word(question: str) -> str | None:
    """What a folded "how many ...?" question counts, which a passage's figure must count too:
    "how many trawlers moored ..." -> "trawlers", "how many registered voters ..." ->
    "voters", "how many Thessmoor branches are ..." -> "branches"; None for a verb ("how many
    died on the flight?": the text may say "killed" or
    "lost"), for "how many times" (a frequency any figure may give) and "how many of ...",
    and for a question that does not ask "how many"."""
    match = _HOW_MANY.search(question)
    if match is None:
        return None
    first, second, third = match.group(1), match.group(2), match.group(3)
    if first in ("times", "of"):
        return None
    if first.endswith("ed"):
        return None if second is None or second in _AFTER_VERB else second
    if second is not None and third in _AUXILIARY and second not in _NOT_COUNTED:
        # "how many Thessmoor branches are ...", "how many library staff were ...": a
        # name or a noun before the noun counted.
        return second
    return first


_FIGURE_KINDS = (
    (_AGE_QUESTION, AnswerKind.AGE),
    (_MONEY_QUESTION, AnswerKind.MONEY),
    (_SHARE_QUESTION, AnswerKind.SHARE),
    (_DURATION_QUESTION, AnswerKind.DURATION),
    (_FREQUENCY_QUESTION, AnswerKind.FREQUENCY),
    (re.compile(r"\bhow long ago\b"), AnswerKind.DATE),
    (_FIGURE_QUESTION, AnswerKind.FIGURE),
)
_DATE_KINDS = ((_YEAR_QUESTION, AnswerKind.YEAR), (_DATE_QUESTION, AnswerKind.DATE))
_NAME_KINDS = ((_NAME_QUESTION, AnswerKind.NAME),)


def asks_yes_no(question: str) -> bool:
    """Whether a folded (lower-case) question asks yes or no ("did he reply?", "is it true
    ...?"): it opens with an auxiliary verb."""
    return _YES_NO.match(question) is not None


def expected_kinds(question: str) -> frozenset[AnswerKind]:
    """The kinds of answer a folded (lower-case) question asks for, the finest that fits ("how
    old" an `AGE`, "how much did it cost" `MONEY`, "what year" a `YEAR`); empty when it asks
    for none in particular ("what does X argue", "who said ...")."""
    kinds: set[AnswerKind] = set()
    if _YES_NO.match(question):
        return frozenset()
    # What a clause opened by "when", "after"... mentions is not what is asked ("what did he
    # propose when pushed on the bailout's cost?" asks for no figure).
    main = _SUBORDINATE.split(question, maxsplit=1)[0]
    # In each list, the first kind whose pattern the question matches (the finest first).
    for choices in _FIGURE_KINDS, _DATE_KINDS, _NAME_KINDS:
        kind = next((kind for pattern, kind in choices if pattern.search(main)), None)
        if kind is not None:
            kinds.add(kind)
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


def holds_figure(text: str) -> bool:
    """Whether `text` holds a figure: a digit, a currency or percent sign, or a number in words
    ("eleven", "two-thirds")."""
    return _FIGURE_TEXT.search(PARAGRAPH_NUMBER.sub("", text).lower()) is not None


def kinds_in(text: str, known: Collection[str] = ()) -> frozenset[AnswerKind]:
    """The kinds of answer a sentence (as written, with its capitals) holds. A name or a person
    counts only if some word of it is not in `known` (the question's folded words): "the CEO
    of California's grid operator" names no one for "who is the ceo of california's grid
    operator?"."""
    kinds: set[AnswerKind] = set()
    if holds_figure(text):
        kinds.add(AnswerKind.FIGURE)
    for kind, pattern in (
        (AnswerKind.AGE, _AGE_TEXT),
        (AnswerKind.MONEY, _MONEY_TEXT),
        (AnswerKind.SHARE, _SHARE_TEXT),
        (AnswerKind.DURATION, _DURATION_TEXT),
        (AnswerKind.FREQUENCY, _FREQUENCY_TEXT),
        (AnswerKind.YEAR, _YEAR_TEXT),
    ):
        if pattern.search(text):
            kinds.add(kind)
    if kinds & {
        AnswerKind.AGE,
        AnswerKind.MONEY,
        AnswerKind.SHARE,
        AnswerKind.DURATION,
        AnswerKind.FREQUENCY,
    }:
        kinds.add(AnswerKind.FIGURE)
    if AnswerKind.YEAR in kinds or _DATE_TEXT.search(text):
        kinds.add(AnswerKind.DATE)
    if _names_new(text, known):
        # A name may be a person's ("Gatys, Ecker and Bethge showed ...") or a body's ("The
        # ISPs ... act as judge"): both answer "who".
        kinds.update((AnswerKind.NAME, AnswerKind.PERSON))
    elif any(_new_words(m.group(0), known) for m in _PERSON_TEXT.finditer(text)):
        kinds.add(AnswerKind.PERSON)
    return frozenset(kinds)


def holds_kind_asked(expects: frozenset[AnswerKind], text: str, question: str) -> bool:
    """Whether `text` holds a kind of answer of `expects` (a question's `Query.expects`), the
    names `question` itself uses not counted (`kinds_in`, `question_words`)."""
    return bool(expects & kinds_in(text, question_words(question)))


def question_words(question: str) -> frozenset[str]:
    """A question's words, folded, possessives cut ("California's" -> "california"): what
    `kinds_in` does not count as a name the question lacks."""
    return frozenset(_possessive_cut(word) for word in re.findall(r"[\w’']+", question.lower()))


def _new_words(span: str, known: Collection[str]) -> bool:
    """Whether a capitalised span has a word (possessive cut) that `known` lacks."""
    return any(
        _possessive_cut(word.lower()) not in known
        for word in re.findall(r"[A-Za-z][\w’'-]+", span)
        if word not in _HONORIFICS
    )


def _possessive_cut(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _names_new(text: str, known: Collection[str]) -> bool:
    """Whether `text` holds a proper name the question (`known`, its folded words) does not: a
    capitalised word of two letters or more that does not open a sentence, or one that does and
    is followed by another capitalised word ("Der Tagesspiegel", "The Wall Street Journal")."""
    matches = list(_CAPITALISED.finditer(text))
    for i, match in enumerate(matches):
        word = match.group(0)
        if len(word) < 2 or _possessive_cut(word.lower()) in known:
            continue
        if _opens_sentence(text, match.start()):
            following = matches[i + 1] if i + 1 < len(matches) else None
            if following is None or text[match.end() : following.start()].strip(" "):
                continue
        return True
    return False


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens `text` or a sentence of it: nothing before it, or
    only spaces after a sentence's end (or an opening quote or bracket), or a line break."""
    before = text[:start]
    kept = before.rstrip()
    return not before or kept.endswith(_SENTENCE_ENDS) or "\n" in before[len(kept) :]


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


# Prepositions that open what a topic is of or on; "in", "at", "during" say where or when it was
# said ("about brexit in the oprah interview": brexit, not the interview).
_PREPOSITION = re.compile(r"\b(?:of|on|for|over|about|in|at|during|to|from|with|by)\b")
_COMPLEMENT = frozenset(("of", "on", "for", "over", "about"))
_CLAUSE = re.compile(r"\b(?:when|while|after|before|because|since|until|as|if|that|which)\b")


def about_heads(question: str) -> list[str]:
    """The last word of each phrase "of", "on", "for", "over" or "about" opens in what a folded
    "what did X say about Y?" asks about: the nouns Y is of or on ("the cost of the wall" ->
    ["wall"], "tariffs on european steel" -> ["steel"]), up to a phrase saying where or when
    ("brexit in the oprah interview" -> []) or a clause ("... when he ..."). Empty for another
    question."""
    match = _ABOUT.search(question.strip(" ?.!"))
    if match is None:
        return []
    about = _CLAUSE.split(match.group(1), maxsplit=1)[0]
    heads = []
    pieces = _PREPOSITION.split(about)
    openers = _PREPOSITION.findall(about)
    for opener, phrase in zip(openers, pieces[1:], strict=True):
        if opener not in _COMPLEMENT:
            break  # the rest says where or when
        words = re.findall(r"[\w'’-]+", phrase)
        if words:
            heads.append(words[-1])
    return heads


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
