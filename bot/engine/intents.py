"""What a question asks for beyond a passage on its words: advice for the asker, a text's main
argument, a definition, how one side answers another, a document's details, the source of an
unquoted saying.

Each reader here is lexical and English, and decides how the question is read (`Query`): a
request for advice is answered only by sentences holding all its words, a thesis question by
the sentence stating the argument, "what is X?" by a passage defining X first. The kinds of
answer a question expects (a figure, a year, a name) are `answer_kind`'s.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.text import Analyser


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
    r"|\b(?:anyone|anybody|someone|somebody) (?:got|have|has) (?:a|an|any|some) "
    r"(?:good|decent|nice|cheap|great|favou?rite)\b(?! (?:source|article|quote|evidence|example|"
    r"passage|reference|study|paper|point|argument)s?\b)"
    r"|^is (?:a|an|the|it) (?:[\w'’-]+ ){0,3}?worth (?:paying|buying|getting|it|the money)\b"
    # A text for the asker to be written: "write me a speech for banning phones", "can you
    # draft an email to the council?" (the bot quotes; it composes nothing).
    r"|^(?:(?:can|could|would|will) you |please )?(?:write|draft|compose|generate) "
    r"(?:me |us )?(?:a|an|my|our|some) (?:[\w'’-]+ ){0,3}?(?:speech|essay|poem|story|email|"
    r"e-mail|letter|song|joke|script|tweet|post|limerick|cover letter)s?\b"
    # Thanks, said to the bot: "thanks, that's really helpful!", "cheers"
    r"|^(?:thanks|thank you|thankyou|thx|ty|cheers|ta)\b(?!\s+to\b)[^?]*$"
    # The club's own arrangements: "who's bringing snacks to the next meeting?"
    r"|\b(?:to|at|for|before) (?:our|the) next (?:meeting|session|practice|class|round|meetup)\b"
)


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


# What a speech or talk is called, and its giving, in a question asking where it was given.
_TALK = (
    r"(?:speech|speeches|address|lecture|talk|remarks|sermon|keynote|eulogy|oration|toast|"
    # A briefing is held where its transcript's head says ("Location: ...": `meetinghead`).
    r"briefing|press conference|news conference)"
)
_GIVEN = r"(?:give|gave|given|giving|deliver|delivered|make|made|held|hold|host|hosted)"
_NAMES_TALK = re.compile(rf"\b{_TALK}\b")
# Questions about a document itself: its title, when or where it appeared, who wrote it.
# A question asking who conducted an interview ("who did the interview?", "who was the
# interviewer?", "who carried out the interview with her?"): its author, who asked.
ASKS_INTERVIEWER = (
    r"\bwho (?:did|conducted|carried out|ran|led|gave) (?:the|this|that|an?) interview\b"
    r"|\bwho (?:is|was) the interviewer\b"
)
_ABOUT_DOCUMENT: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "title",
        re.compile(
            r"\b(?:title|headline)\b"
            r"|\bwhat (?:is|was|'s) (?:it|(?:the|this|that) [\w' -]{1,80}?) (?:called|titled)\b"
            r"|\bwhat (?:is|was) the name of the (?:reply|response|op-ed|op ed|article|letter)"
        ),
    ),
    (
        "date",
        re.compile(
            r"\bwhen (?:was|did|is|were) .{0,60}?\b(?:publish(?:ed)?|write|written|appear(?:ed)?|"
            r"come out|came out|post(?:ed)?|run|ran|dated|print(?:ed)?|release(?:d)?|"
            r"(?:last )?(?:updated|edited|revised|modified))\b"
            r"|\bpublication date\b|\bwhat date was\b"
            # "When did the mayor give her speech?", "when was the lecture delivered?"
            r"|\bwhen (?:was|did|is|were) .{0,60}?\b(?:give|gave|given|deliver(?:ed)?|make|made)\b"
            r".{0,20}?\b(?:speech|address|lecture|talk|remarks|sermon)\b"
            r"|\bwhen (?:was|were) (?:the|this|that|her|his|their) (?:speech|address|lecture|talk|"
            r"remarks|sermon) (?:given|delivered|made)\b"
            # "When was the judgment given?", "when was the ruling handed down?"
            # "When (and where) was the briefing held?"
            r"|\bwhen (?:(?:and|&) where )?(?:was|were) (?:the|this|that) (?:press |news |media )?"
            r"(?:briefing|press conference|news conference) (?:held|given)\b"
            r"|\bwhen (?:was|were) (?:the|this|that) (?:judgment|judgement|ruling) (?:given|"
            r"delivered|made|handed down|published)\b"
        ),
    ),
    (
        # Where a speech or talk was given: its occasion, not its publisher ("where was the
        # speech given?", "where did the mayor give her speech?", "at what event did she speak?").
        "place",
        re.compile(
            rf"\bwhere (?:(?:and|&) when )?(?:was|were|did|is|will) .{{0,60}}?\b{_GIVEN}\b"
            rf".{{0,30}}?\b{_TALK}\b"
            rf"|\bwhere (?:(?:and|&) when )?(?:was|were|did|is|will) .{{0,40}}?\b{_TALK}\b"
            rf".{{0,20}}?\b{_GIVEN}\b"
            r"|\bwhere (?:(?:and|&) when )?(?:did|does|do|was|were) .{0,60}?\b(?:speak|spoke|"
            r"spoken|speaking)\b"
            rf"|\b(?:at|on|for) (?:what|which) (?:event|occasion|venue|dinner|conference|"
            r"meeting)\b|\bwhat (?:was|is) the (?:occasion|venue)\b|\bin (?:what|which) venue\b"
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
    (
        # When a consultation closed ("when did the consultation close?", "closing date").
        "closed",
        re.compile(
            r"\bwhen (?:did|does|do|was|is|will) (?:it|the consultation|this consultation|the "
            r"consultation period) (?:close|closed|end|ended|finish|finished)\b"
            r"|\bclosing date\b|\bwhen (?:was|is) the (?:consultation )?deadline\b"
        ),
    ),
    (
        # Whom an interview is of ("who was interviewed?", "who did the magazine interview?").
        "interviewee",
        re.compile(
            r"\bwho (?:was|is|were|has been|had been|got|gets) (?:being )?interviewed\b"
            r"|\bwho (?:is|was) the interviewee\b"
            # Not "who did the interview?", which asks who asked the questions (the author).
            r"|\bwhom? (?:did|does|do) (?!(?:the|this|that|an?) interview\b).{1,60}? interview\b"
            r"|\bwho (?:is|was) the interview with\b"
            r"|\bwho (?:is|was) (?:it|this) an interview with\b"
        ),
    ),
    (
        "author",
        re.compile(
            r"\bwho (?:wrote|writes|authored|penned|is the author of|interviewed|conducted the "
            r"interview)\b"
            # Who asked an interview's questions is its author: "who did the interview?", "who
            # was the interviewer?".
            rf"|{ASKS_INTERVIEWER}"
            # A case file's or a briefing's author is who compiled or prepared it.
            r"|\bwho (?:compiled|prepared|put together) (?:the|this|that|it)\b"
            # A judgment's author is its judge: "which judge decided the case?"
            r"|\bwhich judges?\b"
            r"|\bwho (?:was the judge|judged|decided the case|heard the case|"
            r"gave (?:the )?judgment)\b"
            # Whoever gave a speech, started a thread, issued a release or sent an email is
            # its author: "who gave the speech?", "who started the email thread?".
            r"|\bwho (?:gave|delivered|made) (?:the|this|that) (?:speech|address|lecture|talk|"
            r"remarks|sermon)\b"
            r"|\bwho (?:started|began|opened) (?:the|this|that) (?:(?:email |forum |discussion )?"
            r"thread|email chain|discussion|conversation)\b"
            r"|\bwho (?:issued|put out|released|sent out) (?:the|this|that) (?:press release|"
            r"news release|release|statement)\b"
            r"|\bwho (?:sent|wrote) (?:the|this|that) (?:first )?(?:email|e-mail|message)\b"
            # Who the author is and what they do, as a bio says: "who is the author?", "what
            # does the author of the op-ed do?", "what is the writer's background?".
            r"|\bwho (?:is|was) (?:the|its|this) (?:author|writer|columnist)\b"
            r"|\bwhat (?:does|did) (?:the|its|this) (?:author|writer|columnist)\b[^?]{0,80}? do\W*$"
            r"|\bwhat (?:is|was) (?:the|its|this) (?:author|writer|columnist)(?:'s|\u2019s) "
            r"(?:job|background|role|position|occupation|profession)\b"
            # Whoever took a meeting's minutes wrote them: "who took the minutes?"
            r"|\bwho (?:took|kept|recorded|prepared|submitted|compiled|signed) (?:the|these|those) "
            r"(?:meeting |board )?minutes\b"
        ),
    ),
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
    """What a folded question asks about a document itself: "title", "date", "place" (where a
    speech was given), "venue" (who published it), "interviewee", "author" ("when was the
    reply published?" -> "date") or "summary" ("what is the letter about?"); None when it asks
    about what a document says."""
    return next(
        (
            kind
            for kind, pattern in _ABOUT_DOCUMENT
            if any(not _relative(question, match) for match in pattern.finditer(question))
        ),
        None,
    )


# What stands before "who" when it opens a relative clause, not a question: a noun after a
# determiner ("the person who started the thread", "a reader who wrote in"), or a pronoun
# for people ("someone who wrote").
_BEFORE_RELATIVE = re.compile(
    r"(?:\b(?:the|a|an|this|that|these|those|every|any|each|one|whoever)\s+(?:[\w'-]+\s+){0,2}"
    r"|\b(?:someone|somebody|anyone|anybody|everyone|everybody|people|those)\s+)$"
)


def _relative(question: str, match: re.Match[str]) -> bool:
    """Whether a `match` of a document question's pattern opens with "who" as a relative
    pronoun ("what debate is the person who started the thread preparing for?" asks about the
    debate, not who started the thread)."""
    return match.group().startswith("who ") and (
        _BEFORE_RELATIVE.search(question, 0, match.start()) is not None
    )


# A further detail asked after the first, in a few words: "who published the report, and
# when?", "what is the issue called and who wrote it?", "who wrote it and where did it appear?".
_ALSO_ASKED: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "date",
        re.compile(
            r"\b(?:and|&) (?:when|on what date|what date|in what year|what year)\b"
            r"|\b(?:where (?:and|&) when|when (?:and|&) where)\b"
        ),
    ),
    (
        "author",
        re.compile(
            r"\b(?:and|&) (?:by whom|who (?:by|is the author|was the author))\b|, by whom\b"
            r"|\b(?:and|&|,) who interviewed\b"
        ),
    ),
    (
        "closed",
        re.compile(r"\b(?:and|&|,) when did (?:it|the consultation) (?:close|end)\b"),
    ),
    (
        "interviewee",
        re.compile(
            r"\b(?:and|&|,) (?:who (?:was|is) (?:being )?interviewed|whom?\b.{0,40}\binterview\b)"
        ),
    ),
    (
        "venue",
        re.compile(
            r"\b(?:and|&) (?:where|in which (?:paper|newspaper|publication))\b"
            r"|\b(?:for|in) which (?:paper|newspaper|publication|magazine|site|website)\b"
            r"|\b(?:where (?:and|&) when|when (?:and|&) where)\b"
        ),
    ),
    ("title", re.compile(r"\b(?:and|&) what (?:is|was) (?:it|its title) called\b")),
)


def document_details_asked(question: str) -> tuple[str, ...]:
    """Every detail of a document a folded question asks for, in the order it asks them ("who
    published the report, and when?" -> ("venue", "date"); "what is the issue called and who
    wrote it?" -> ("title", "author")), one of them `asks_about_document`'s. Empty when it
    asks about what a document says; a "summary" question asks for nothing else."""
    first = asks_about_document(question)
    if first is None or first == "summary":
        return (first,) if first else ()
    found: dict[str, int] = {}
    for kind, pattern in (*_ABOUT_DOCUMENT, *_ALSO_ASKED):
        match = pattern.search(question)
        if kind != "summary" and match is not None:
            found[kind] = min(found.get(kind, match.start()), match.start())
    if "place" in found and "venue" in found and not asks_publisher(question):
        # "Where and when was the speech given?": its "where" asks where it was given.
        del found["venue"]
    if "venue" in found and not asks_publisher(question) and _NAMES_TALK.search(question):
        # "Who gave the speech, where and when?": of a speech, "where" asks where it was given.
        found["place"] = found.pop("venue")
    if "closed" in found and "date" in found and _ASKS_DATE.search(question) is None:
        # "Who published the consultation and when did it close?": its "when" asks the close.
        del found["date"]
    return tuple(sorted(found, key=found.__getitem__))


# Words asking where a document appeared, its publisher, not where a speech was given.
_PUBLISHED = re.compile(
    r"\b(?:publish(?:ed|er)?|appear(?:ed)?|ran|printed|posted|newspaper|magazine|outlet|"
    r"website|publication)\b"
)


# The date detail's own pattern (when it appeared), not a further "and when".
_ASKS_DATE = dict(_ABOUT_DOCUMENT)["date"]


def asks_publisher(question: str) -> bool:
    """Whether a folded question's "where" asks who published a document ("where did the
    interview appear?", "which magazine ran it?"), not where a speech was given."""
    return _PUBLISHED.search(question) is not None


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


# "Who hosts the podcast?" asks who the host is: a role a transcript's labels give ("MARCUS
# LEE (HOST):"), named by its noun (`people.speaker_people`).
_ROLE_VERB = re.compile(
    r"^(\s*who\s+)(host|chair|moderate|present)(?:s|ed|d)?\b(\s+)(?:(?:of|on|at)\s+)?",
    re.IGNORECASE,
)
_ROLE_NOUN = {"host": "host", "chair": "chair", "moderate": "moderator", "present": "presenter"}


def role_asked(question: str) -> str:
    """`question` with "who hosts X" asked as "who is the host of X" (so with "chairs",
    "moderated", "presents"): the noun is what a speaker's role calls them; any other question
    unchanged."""
    match = _ROLE_VERB.match(question)
    if match is None:
        return question
    noun = _ROLE_NOUN[match.group(2).lower()]
    return f"{match.group(1)}is the {noun} of{match.group(3)}{question[match.end() :]}"
