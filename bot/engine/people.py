"""People found in a text: the names of those whose words it reports, and how else they are called.

No hand-written `mention:` line is needed: a capitalised name of two to four words ("Mary
Poplin", "Walter F Mondale", "Rep. James Clyburn") counts as a person when the text reports
their words somewhere ("said Mary Poplin", "Poplin posited", "according to Poplin", "Clyburn
told") or gives them a turn, and does not speak of it as a thing ("Greenfield Robotics said its
staff", "..., which"). A job title or honorific before a name is no part of it ("Economist
Irene Vasquez" is Irene Vasquez: nameparser's titles), and names are written in any Latin,
Greek or Cyrillic letters ("Björn Åkesson"). Each person is also known by surname and by
honorific and surname ("Poplin", "Ms. Poplin", "Senator Obama"), split by nameparser (a
maintained name parser), and by the role the text gives them where no one else it names has
that role ("Mayor Linda Park" ... "the mayor added": `role_aliases`). A surname that is also a
word for a place ("Park", "Hall") ends a name, but "the Royal Albert Hall" is a place.
Rules, not a model: spaCy's English models are not on PyPI, and these rules are tested on texts
written for the tests.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from nameparser import HumanName
from nameparser.config import CONSTANTS as NAME_CONSTANTS

from bot.engine.models import Person
from bot.engine.text import STOP_WORDS, fold

# Verbs that report someone's words ("X said", "said X", "X reported that"), the one list both
# the people finder (`REPORT_VERBS`) and the evidence tagger (`evidence`'s, with the forms it
# adds for stances and pronouns) read.
SHARED_REPORT_VERBS = (
    "said|says|say|told|tells|argued|argues|argue|claimed|claims|wrote|writes|added|adds|"
    "explained|explains|insisted|insists|warned|warns|noted|notes|stated|states|contended|"
    "contends|suggested|suggests|declared|declares|replied|replies|responded|responds|countered|"
    "counters|urged|urges|maintained|maintains|called|calls|described|describes|accused|accuses|"
    "accusing|attacked|attacks|attacking|slandered|slandering|alleged|alleges|charged|charges|"
    "contributed|proposed|proposes|asserted|asserts|conceded|concedes|emphasized|"
    # Minutes' reports of an officer's words ("The superintendent reported that ...").
    "reported|reports"
)
# Words a reporting clause uses ("X said", "said X", "X told", "according to X").
REPORT_VERBS = SHARED_REPORT_VERBS + (
    "|asked|asks|posited|posits|recalled|recalls|continued|continues|believes|believed|thinks|"
    "thought|acknowledged|acknowledges|admitted|admits|concluded|concludes|announced|announces|"
    "testified|testifies|pointed out|went as far as|reiterated|reiterates|stressed"
)
# A sentence ending by introducing someone's words set after it (a block quote, an indented
# paragraph): a verb of speech, a few words and a colon ("She told us:", "In her victory speech,
# Osei said:", "said the director in a statement:", with a note's mark "She told us:[3]"); not a
# proposal's "as follows:".
# Note marks a reader keeps after a sentence's last character ("She told us:[3]").
TRAILING_NOTE_MARKS = r"(?:\[\d{1,3}\])*"
INTRODUCES_WORDS = re.compile(
    r"\b(?:said|says|told|tells|added|adds|wrote|writes|explained|explains|stated|states|"
    r"replied|replies|responded|responds|warned|warns|argued|argues|insisted|insists|"
    r"claimed|claims|declared|declares|announced|announces|recalled|recalls|noted|notes|"
    r"continued|continues|asked|asks|urged|urges|admitted|admits|conceded|concedes|"
    r"concluded|concludes|testified|testifies|put it)\b[^.!?:\"\u201c\u201d]{0,100}:"
    + TRAILING_NOTE_MARKS
    + "$",
    re.IGNORECASE,
)
HONORIFICS = (
    "Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sen|Senator|Rep|Representative|Gov|Governor|President|"
    "Ambassador|Amb|Secretary|Sec|Councillor|Councilor|Mayor|Judge|Justice|Rev|Father|Fr|"
    "Sister|Gen|General|Col|Colonel|Maj|Major|Lt|Capt|Captain|Chancellor|Minister|Prime Minister|"
    "Reverend"
)
# A capital letter of the Latin, Greek or Cyrillic scripts ("Å" of "Åkesson", "Ł" of "Łukasz"),
# and a letter of any case or a hyphen: names are written in more than ASCII.
_UPPER = "".join(re.escape(chr(code)) for code in range(0x530) if chr(code).isupper())
_LETTER = r"(?:[^\W\d_]|-)"
_WORD = (
    rf"(?:[{_UPPER}]{_LETTER}+(?:['\u2019][{_UPPER}]{_LETTER}+)?"
    rf"|[{_UPPER}]\.?(?=\s+[{_UPPER}]))"
)
# A run of capitalised words and initials ("US Secretary of State Mike Pompeo" gives "US
# Secretary" and "State Mike Pompeo"): the name is its longest tail of person-like words.
_RUN = re.compile(rf"{_WORD}(?:\s+{_WORD})+")
# Words that make a capitalised run an organisation, a place or a title, not a person; a name
# is the tail of the run after the last of them.
_NOT_PERSON = frozenset(
    """
    the a an der die das le la el los las this that these those our their his her its my
    university college school council board news times post mission government ministry
    department office commission association party senate house company inc ltd institute
    foundation agency administration committee court union republic kingdom states nations
    street avenue road city county state church centre center club society review journal
    line lines sands quay wharf terrace crescent boulevard
    town village hall bay row square park bridge river valley port harbour harbor island market
    press gazette courier herald tribune daily weekly magazine network bank group league
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday god us u.s. uk eu un
    vice treasurer president senator secretary chair chairman chairwoman director manager
    professor prof ambassador amb councillor councilor mayor governor gov minister dean ceo
    editor speaker leader general judge justice officer head spokesman spokeswoman member
    candidate rep representative sen mr mrs ms miss dr rev father sister captain colonel
    senators representatives councillors professors ministers officials
    congressman congresswoman congressmen lieutenant sergeant chancellor prime deputy
    assistant executive chief founder author public health
    reporter correspondent anchor host moderator panelist student students dear friend
    when while after before but and if although because however meanwhile yet so in on at
    for to of from by with as
    """.split()
)


# Job titles and honorifics before a name ("Economist Irene Vasquez", "Historian Tomasz
# Wojcik"): nameparser's list of titles (812 in nameparser 2.6), which a name loses while two
# words of it are left ("Prince Harry" stays whole).
_TITLES = frozenset(NAME_CONSTANTS.titles)


def is_title_word(word: str) -> bool:
    """Whether a word is a job title or an honorific as nameparser knows them ("Councillor",
    "Dr.", "Senator"), in any case."""
    return word.lower().strip(".") in _TITLES


def _untitled(words: list[str]) -> list[str]:
    """The words of a name without the job titles and honorifics before it (nameparser's
    titles), keeping at least two words."""
    while len(words) > 2 and words[0].lower().strip(".") in _TITLES:
        words = words[1:]
    return words


def _not_person_word(word: str) -> bool:
    """A word that is no part of a person's name; an initial ("A." in "Walter A. Reed") is,
    though as a word ("a") it is an article."""
    if len(word) == 2 and word[0].isupper() and word[1] == ".":
        return False
    return word.lower().strip(".'\u2019") in _NOT_PERSON


# Ranks written after a barrister's name ("Jane Roe KC"), no part of it.
_POST_NOMINALS = frozenset({"KC", "QC"})


def canonical(name: str) -> str:
    """A name without its honorific or title and with single spaces: "Rep. James  Clyburn" ->
    "James Clyburn", "Economist Irene Vasquez" -> "Irene Vasquez"."""
    words = " ".join(fold(name).split()).split(" ")
    while words and words[0].lower().strip(".") in _NOT_PERSON:
        words = words[1:]
    while len(words) > 1 and words[-1].strip(".,") in _POST_NOMINALS:
        words = words[:-1]  # "Jane Roe KC": a rank, no part of her name
    return " ".join(_untitled(words))


def is_person_name(name: str) -> bool:
    """Whether a capitalised run reads as a person's name (not an organisation or place)."""
    words = canonical(name).split()
    if len(words) < 2 or len(words) > 4 or words[0].lower() in _PLACE_OPENINGS:
        return False
    if words[-1].lower() in _PLACE_SURNAMES and not _not_person_word(words[-2]):
        words = words[:-1]  # "Linda Park": a surname
    if any(_not_person_word(word) for word in words):
        return False
    return len(words[-1].strip(".")) > 1  # a surname, not an initial


@functools.lru_cache(maxsize=16_384)
def aliases(name: str) -> tuple[str, ...]:
    """Other ways a text or a question calls a person: the surname, and honorifics with it
    ("Barack H Obama" -> "Obama", "Mr. Obama", "Senator Obama"...)."""
    parsed = HumanName(canonical(name))
    last = parsed.last
    if not last and parsed.title and len(parsed.first) > 2 and not parsed.middle:
        # "Prince Harry", "Pope Francis", "Queen Elizabeth": a title and one name, and the
        # name alone is what a text or a question calls them ("Harry said ...").
        return (parsed.first,)
    if not last or len(last) < 3:
        return ()
    found = [last]
    found.extend(f"{title} {last}" for title in ("Mr.", "Ms.", "Mrs.", "Dr.", "Senator", "Sen."))
    first = parsed.first
    if first and len(first) > 1:
        found.append(f"{first} {last}")
    return tuple(dict.fromkeys(a for a in found if a != canonical(name)))


# Words for places that are also common surnames ("Linda Park", "Stuart Hall"): the last word of
# a run, after a word that may be a given name, they end a name (the name must still be
# reported, as every name found here: "Central Park said" is rare).
_PLACE_SURNAMES = frozenset({"park", "hall", "church", "bay"})
# First words of places, not of people's names ("North Sands", "Upper Clough", "Little Marram").
_PLACE_OPENINGS = frozenset("north south east west upper lower little great old new".split())
_DETERMINERS = frozenset("the a an this that these those our their his her its my".split())


def candidate_names(texts: Iterable[str]) -> list[str]:
    """Every person-like name in `texts` (the tail of each capitalised run after titles and
    organisation words), in order of first appearance."""
    found: dict[str, None] = {}
    for text in map(fold, texts):
        for match in _RUN.finditer(text):
            words = match.group().split()
            tail: list[str] = []
            place = (
                len(words) >= 2
                and words[-1].lower() in _PLACE_SURNAMES
                and not _not_person_word(words[-2])
            )
            before = text[max(0, match.start() - 4) : match.start()].lower()
            if place and before.endswith(("the ", "a ")):
                continue  # "the Royal Albert Hall": a place
            if place:
                tail, words = [words[-1]], words[:-1]
            for word in reversed(words):
                if _not_person_word(word):
                    if place and word.lower() in _DETERMINERS:
                        tail = []  # "The Royal Albert Hall": a place
                    break
                tail.insert(0, word)
            name = " ".join(_untitled(tail)[-4:])
            if is_person_name(name):
                found.setdefault(name.rstrip("."), None)
    return list(found)


def _reported(name: str, text: str) -> bool:
    """Does `text` report the words of the person called `name` (or by their surname, unless
    it is a place's word too: "Park said" may be another Park's words, or no one's)? The name
    must stand alone: "Save Fenwick Vale says" reports the campaign, not "Fenwick Vale"."""
    calls = [name]
    if name.split()[-1].lower() not in _PLACE_SURNAMES:
        calls += [a for a in aliases(name) if " " not in a]
    # A name may be wrapped at a line's end ("Beverley" / "Stroud, chair of ...").
    pattern = "|".join(r"\s+".join(map(re.escape, c.split())) for c in calls)
    nouns = "argument|arguments|assertion|claim|claims|proposal|point|view|position|remarks?|"
    nouns += "words|statement|accusations?|allegations?"
    verbs = REPORT_VERBS
    led = (
        # "Quill's claims", "Quill, the mayor, said", "Quill said"
        rf"(?:{pattern})['\u2019]s\s+(?:\w+\s+)?(?:{nouns})\b",
        rf"(?:{pattern})(?:'s)?(?:(?:,[^,]{{1,80}}){{1,2}},)?{OF_BODY}\s+(?:[a-z]\w*\s+)?(?:{verbs})\b",
        # "Quill spoke on Tuesday. She argued that ...": the next sentence reports "she"; so
        # does a quotation after it ("... led the march. “It is wrong,” she said."), and one
        # after a sentence or two whose subject is the pronoun ("... no longer drives. She
        # relies on neighbours. “I hate asking,” she said.").
        rf"(?:{pattern})\b[^.!?\n]*[.!?][\"\u201d]?\s+"
        rf"(?:(?:He|She)\s[^.!?\n\"\u201c]*[.!?]\s+){{0,2}}"
        rf"(?:[\"\u201c][^\"\u201c\u201d\n]{{1,400}}[\"\u201d]\s+)?(?:[Hh]e|[Ss]he)\s+"
        rf"(?:\w+ly\s+)?(?:{verbs})\b",
        # "The chair of Saltby Renewables, Martin Greaves, said": the name between commas.
        rf"(?<=,\s)(?:(?:the\s+)?(?:{HONORIFICS})\.?\s+)?(?:{pattern}){OF_BODY},\s+(?:[a-z]\w*\s+)?"
        rf"(?:{verbs})\b",
    )
    for number, form in enumerate(led):
        for found in re.finditer(rf"(?<![\w-]){form}", text):
            # Of the next sentence's "she", the sentence's first name is meant; a name between
            # commas stands alone.
            if number == 3 or stands_alone(text, found.start(), first=number == 2):
                return True
    # "said union leader Sven Dahl", "According to Dr. Amara Nwosu", "according to the city
    # engineer, Raymond Oduya"
    return bool(
        re.search(rf"\b(?:{verbs}|[Aa]ccording to)\s+(?:[\w.]+,?\s+){{0,3}}(?:{pattern})\b", text)
    )


# The body a person speaks for, between their name and the verb: "Inspector Carol Whitlock of
# Aldermoor Police said", "Dr Lena Vogt from the Eastport Institute said". Its capitalised words
# are taken whole (possessive): "the FAA of the United States" does not end in a verb "States".
OF_BODY = (
    r"(?:\s+(?:of|from|at)\s+(?:the\s+)?[A-Z][\w'\u2019&.-]*+(?:\s+[A-Z][\w'\u2019&.-]*+){0,4}+)?"
)


def stands_alone(text: str, start: int, *, first: bool = False) -> bool:
    """Whether the name at `start` of `text` is a name of its own, not the end of a longer one
    ("Save Fenwick Vale"): the word before it is no capitalised word but a title ("Councillor
    Maria Okonkwo-Hale"); with `first`, no capitalised word but a title or the sentence's
    first word comes before it in its sentence either."""
    sentence = re.split(r"[.!?][\"\u201d]?\s+", text[:start])[-1]
    words = sentence.split()
    capitals = [i for i, word in enumerate(words) if word[:1].isupper() and not is_title_word(word)]
    if first:
        return not [i for i in capitals if i > 0]
    return not capitals or capitals[-1] < len(words) - 1


def _spoken_of_as_it(name: str, text: str) -> bool:
    """Does `text` speak of `name` as a thing, not a person: "Greenfield Robotics, which ...",
    "Greenfield Robotics said its staff ..." (a firm or a body named like a person; "who",
    "he" and "she" stand for a person, "which" and "its" for a thing)."""
    called = re.escape(name)
    return (
        re.search(
            rf"\b{called}(?:,\s+which\b|\s+(?:\w+\s+)?(?:{REPORT_VERBS})\s+(?:that\s+)?"
            r"its\b)",
            text,
        )
        is not None
    )


def first_name(name: str) -> str | None:
    """A name's given name, when it is a word long enough to stand for the person ("Walter A.
    Clyburn Reed" -> "Walter"); None for an initial or a name of one word."""
    parsed = HumanName(canonical(name))
    first = parsed.first
    if not parsed.last or len(first) < 3 or not first[:1].isupper() or "." in first:
        return None
    return first


def called_by_first_name(names: Sequence[str], texts: Iterable[str]) -> set[str]:
    """The names among `names` whose words the text reports by the given name alone ("...,"
    Walter said."), when no other of `names` has that given name."""
    whole = "\n".join(fold(text) for text in texts)
    firsts = Counter(first_name(name) for name in names)
    return {
        name
        for name in names
        if (first := first_name(name)) is not None
        and firsts[first] == 1
        and _reported(first, whole)
    }


def reported_names(texts: Iterable[str]) -> list[str]:
    """The person names whose words `texts` report (by full name, surname, or a given name no
    one else in them has), in order of first appearance, without honorifics or titles."""
    texts = [fold(text) for text in texts]
    whole = "\n".join(texts)
    candidates = [name for name in candidate_names(texts) if not _spoken_of_as_it(name, whole)]
    by_first = called_by_first_name(candidates, texts)
    return [name for name in candidates if name in by_first or _reported(name, whole)]


# Honorifics, which say how to address someone, not what they do: "Dr. Quill" makes no "the
# dr" of her.
_HONORIFICS = frozenset("mr mrs ms miss mx dr sir dame lady lord rev prof hon".split())
_FUNCTION = frozenset("the a an of and or in on at for to by with from as that this who".split())
_REPORTING = frozenset(REPORT_VERBS.split("|"))


def _role(words: Sequence[str]) -> str | None:
    """The role the last of `words` end in (lower case): a run of job titles (nameparser's
    titles, not honorifics), with one word before it that says of what ("union leader", "city
    engineer", "chief economist"); None when the last word is no job title."""
    written = [word.strip(".,;:") for word in words]
    parts = [word.lower() for word in written]
    run: list[str] = []
    while parts and _job_title(parts[-1]):
        run.insert(0, parts.pop())
    if not run:
        return None
    # One word before the titles, when it names a body or a place ("union", "city") or is set
    # in capitals as titles are ("Transport Minister"); not a verb or an adjective ("the
    # mentioned president", "the great secretary").
    if (
        parts
        and parts[-1].isalpha()
        and parts[-1] not in _FUNCTION | _REPORTING | _HONORIFICS
        and (parts[-1] in _NOT_PERSON or written[len(parts) - 1][:1].isupper())
    ):
        run.insert(0, parts[-1])
    return " ".join(run)


def role_in(words: Sequence[str]) -> str | None:
    """The role `words` state when they are only a role ("HOST", "City Engineer": lower
    case, `_role`'s reading), or None ("Northfield", "Lab", "D-Ore.")."""
    role = _role(words)
    return role if role is not None and len(role.split()) == len(words) else None


def speaker_people(roles: dict[str, str]) -> tuple[Person, ...]:
    """The people whose speaker labels give them a role (label -> role, as
    `transcript.label_role` reads it), each with the names a question may call them by: the
    label, the surname forms (`aliases`), and the role with "the" ("the host"; an office's
    head too, "the minister" of "the minister for schools", where no other label has it)."""
    heads = {label: role.split(" for ")[0].split(" of ")[0] for label, role in roles.items()}
    held = Counter(heads.values())
    people = []
    for label, role in roles.items():
        name = canonical(label) or label
        head = [f"the {heads[label]}"] if held[heads[label]] == 1 else []
        named = tuple(dict.fromkeys((*aliases(label), label, f"the {role}", *head)))
        people.append(Person(name=name, aliases=tuple(n for n in named if n != name)))
    return tuple(people)


def _job_title(word: str) -> bool:
    """A job title among nameparser's titles: not an honorific, nor a common English word
    nameparser lists for its place in titles ("most" of "Most Reverend")."""
    return word in _TITLES and word not in _HONORIFICS and word not in STOP_WORDS


def roles(name: str, text: str) -> set[str]:
    """The roles `text` gives the person called `name` (lower case, without "the"): a title
    before the name ("Mayor Linda Park", "union leader Sven Dahl"), or a role beside it between
    commas ("Raymond Oduya, the city engineer,", "the city engineer, Raymond Oduya"). A news
    story names someone once with their role, then calls them by it ("the mayor added"). Only
    the words around each place the name is written are read."""
    found: set[str] = set()
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        whole = (not at or not text[at - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        )
        before = text[max(0, at - _ROLE_SPAN) : at] if whole else ""
        after = text[end : end + _ROLE_SPAN] if whole else ""
        at = text.find(name, end)
        for words in (
            _TITLE_BEFORE.search(before),
            _ROLE_AFTER.match(after),
            _ROLE_BEFORE.search(before),
        ):
            role = _role(words.group(1).split()) if words is not None else None
            if role is not None:
                found.add(role)
    return found


# How far before and after a name its role is looked for, in characters.
_ROLE_SPAN = 80
# "Mayor Linda Park": up to three words just before the name.
_TITLE_BEFORE = re.compile(r"((?:[A-Za-z][\w.-]*\s+){1,3})$")
# "Raymond Oduya, the city engineer, ...", "Amara Obi, chief economist at ...".
_ROLE_AFTER = re.compile(
    r",\s+(?:the\s+|a\s+|an\s+)?((?:[A-Za-z][\w-]*\s+){0,3}?[A-Za-z][\w-]*)"
    r"(?=\s*[,.;]|\s+(?:of|at|for|in|from)\b)"
)
# "the city engineer, Raymond Oduya".
_ROLE_BEFORE = re.compile(r"\bthe\s+((?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*),\s+$")


def role_aliases(names: Sequence[str], texts: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Name -> the roles it goes by in `texts`, as a text calls them later ("the mayor"), with
    the last word alone too ("the engineer" for "the city engineer"): only a role that no other
    person the texts name has (`candidate_names`: two councillors make no "the councillor",
    though only one of them is reported)."""
    whole = "\n".join(fold(text) for text in texts)
    given = {name: roles(name, whole) for name in names}
    held: Counter[str] = Counter()
    for name in dict.fromkeys([*names, *candidate_names([whole])]):
        found = given[name] if name in given else roles(name, whole)
        held.update({form for role in found for form in (role, role.split()[-1])})
    return {
        name: tuple(
            f"the {form}"
            for form in sorted({f for role in found for f in (role, role.split()[-1])})
            if held[form] == 1
        )
        for name, found in given.items()
    }


def people_of(
    texts: Sequence[str], speakers: Iterable[str], known: Iterable[Person], author: str = ""
) -> list[Person]:
    """The people a document reports or gives turns to: `known` (its metadata) first, then the
    speakers of its turns, then the names its text reports, each with its aliases; a name already
    known (as a name or an alias), or the document's own `author`, is not repeated."""
    people = list(known)
    taken = {fold(n).casefold() for p in people for n in (p.name, *p.aliases)}
    if author:
        taken.add(fold(canonical(author)).casefold())
    reported = reported_names(texts)
    # "Travel Forum" read in "The Business Travel Forum argued": the known body's name cut short.
    known_names = [fold(p.name).casefold() for p in people]
    by_first = called_by_first_name(reported, texts)
    labels = list(dict.fromkeys(speakers))
    found = [*labels, *reported]
    by_role = role_aliases(found, texts)
    by_label = _label_aliases(labels)
    for name in found:
        if name in by_label and _is_role_label(name):
            # "THE CHAIRMAN:", "VOICE FROM THE FLOOR:": a speaker known by a role alone.
            key, person = fold(name).casefold(), Person(name=name)
        else:
            key = fold(canonical(name)).casefold()
            first = (first_name(name),) if name in by_first else ()
            person = Person(
                name=canonical(name),
                aliases=tuple(
                    dict.fromkeys(
                        (
                            *aliases(name),
                            *(f for f in first if f),
                            *by_role.get(name, ()),
                            *by_label.get(name, ()),
                        )
                    )
                ),
            )
        if not key or key in taken or _tail_of_known(key, known_names):
            continue
        people.append(person)
        taken.update(fold(n).casefold() for n in (person.name, *person.aliases))
    return people


def _tail_of_known(key: str, known: Sequence[str]) -> bool:
    """Whether a name found (`key`, folded) is the end of a longer name already known."""
    return any(name.endswith(" " + key) for name in known)


def _is_role_label(label: str) -> bool:
    """Whether a speaker label names a role, not a person: nothing is left of it as a name
    ("The Chairman"), or what is left reads as no person's name ("Voice From The Floor")."""
    name = canonical(label)
    return not name or (" " in name and not is_person_name(name))


def _label_aliases(labels: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Speaker label -> other names for its speaker: the label itself where its person's name
    drops a title ("Mayor Hollis" for "Hollis"), and the title as a role ("the mayor") where no
    other label has it."""
    titles = {
        label: " ".join(
            itertools.takewhile(
                lambda word: is_title_word(word) and word.lower().strip(".") not in _HONORIFICS,
                label.split(),
            )
        ).lower()
        for label in labels
    }
    held = Counter(title for title in titles.values() if title)
    out: dict[str, tuple[str, ...]] = {}
    for label in labels:
        named = [label] if canonical(label) != label else []
        title = titles[label]
        role = [f"the {title}"] if title and held[title] == 1 else []
        out[label] = (*named, *role)
    return out
