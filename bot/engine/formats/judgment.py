"""A court's or tribunal's judgment: its head (court, citation, date, judge, parties, counsel) read.

Courts of England and Wales (and the tribunals and courts that follow their form) set a
judgment's first page as a head over numbered paragraphs: the neutral citation ("Neutral
Citation Number: [2026] EWHC 1234 (Admin)"), the case number, the court's name in capitals
("IN THE HIGH COURT OF JUSTICE", "KING'S BENCH DIVISION"), the date ("Date: 14/10/2026",
"Date: 14 October 2026", "Judgment handed down ... on 14 October 2026"), "Before:" and the judge
("THE HONOURABLE MRS JUSTICE ROE"), "Between:" and the parties, each over its role ("Claimant",
"- and -", "Defendant"), the counsel who appeared ("Ms Jane Roe KC (instructed by ...) for the
Claimant"), the hearing dates, and "APPROVED JUDGMENT"; the judgment may open with its judge's
name as a label ("Mrs Justice Roe:"). A head is a judgment's when it gives a neutral citation, or
a court's name with "Before:" or "Between:". From it: the title is the case name (the file's
own title when it names the case, "X v Y" or the citation; else the parties', "R (X) v Y" for a
claim brought "on the application of" X) and the citation is another name for it; the date is
the judgment's, the judge its author (the one whose label opens it, of several), and each
party's leading counsel a person a question may call "counsel for the claimant" or "the
council's barrister". The head's lines are no passages but the counsel's and the hearing
dates'. Rules written from how the courts set their judgments; no model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.formats.extracted import Extracted, Paragraph, calendar_date, clean_field
from bot.engine.formats.head import date_in
from bot.engine.models import Form, Person
from bot.engine.people import aliases

# A neutral citation: "[2026] EWHC 2217 (Admin)", "[2025] EWCA Civ 114", "[2024] UKSC 7",
# "[2023] UKUT 12 (IAC)".
NEUTRAL_CITATION = re.compile(
    r"\[(?:19|20)\d\d\]\s+(?:UKSC|UKPC|UKHL|EWCA\s+(?:Civ|Crim)|EWHC|EWFC|EWCOP|UKUT|UKFTT|"
    r"UKEAT|UKIPTrib|CAT|CSIH|CSOH|HCJAC|NICA|NIQB|NICh|NIFam|IEHC|IESC|IECA)\s+\d+"
    r"(?:\s+\((?:Admin|Ch|QB|KB|Fam|Comm|TCC|Pat|IPEC|Admlty|SCCO|Costs|IAC|AAC|LC|TCC|TC|GRC)\))?"
)
# The court's name set in the head.
_COURT = re.compile(
    r"^(?:IN\s+)?(?:THE\s+)?(?:HIGH\s+COURT|COURT\s+OF\s+APPEAL|SUPREME\s+COURT|CROWN\s+COURT|"
    r"COUNTY\s+COURT|FAMILY\s+COURT|COURT\s+OF\s+PROTECTION|UPPER\s+TRIBUNAL|FIRST-TIER\s+TRIBUNAL|"
    r"EMPLOYMENT\s+APPEAL\s+TRIBUNAL|COURT\s+OF\s+SESSION|PRIVY\s+COUNCIL)\b"
)
_BEFORE = re.compile(r"^\s*before\s*:?\s*$", re.IGNORECASE)
_BETWEEN = re.compile(r"^\s*between\s*:?\s*$", re.IGNORECASE)
# A party's role under its name.
_PARTY_ROLE = re.compile(
    r"^\s*(?P<role>claimants?|defendants?|appellants?|respondents?|applicants?|"
    r"interested\s+part(?:y|ies)|interveners?|petitioners?)\s*$",
    re.IGNORECASE,
)
_AND = re.compile(r"^\s*[-–—]*\s*(?:and|v|-v-)\s*[-–—]*\s*$", re.IGNORECASE)
_RULE = re.compile(r"^[\s\-–—_=*.]+$")
# Where the judgment itself begins: its heading, or a notice of its handing down.
_JUDGMENT_HEADING = re.compile(
    r"^\s*(?:approved\s+)?judgment\s*$|^\s*judgment\s+approved\b", re.IGNORECASE
)
# The judge as the head sets them ("THE HONOURABLE MRS JUSTICE ROE", "LORD JUSTICE BEAN",
# "HIS HONOUR JUDGE KIRK", "DEPUTY HIGH COURT JUDGE") and as a label opening the judgment.
_JUDICIAL = (
    r"(?:(?:mrs?|ms|miss)\s+justice|lord\s+justice|lady\s+justice|lord|lady|dame|sir|"
    r"(?:his|her)\s+honour\s+judge|hhj|district\s+judge|upper\s+tribunal\s+judge|"
    r"employment\s+judge|tribunal\s+judge|master|judge)"
)
_JUDGE = re.compile(
    rf"^\s*(?:the\s+(?:right\s+)?hon(?:ourable|\.)?\s+)?(?P<name>{_JUDICIAL}\s+"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s*(?:[A-Z]{2,4}\s*)?$",
    re.IGNORECASE,
)
_JUDGE_LABEL = re.compile(
    rf"^\s*(?P<name>{_JUDICIAL}\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}})\s*:\s*$",
    re.IGNORECASE,
)
# Counsel's line: "Ms Jane Roe KC and Mr Tom Poe (instructed by X LLP) for the Claimant".
_COUNSEL = re.compile(
    r"^(?P<names>.+?)\s+for\s+the\s+(?P<party>claimants?|defendants?|appellants?|respondents?|"
    r"applicants?|interested\s+part(?:y|ies)|interveners?|petitioners?)\b",
    re.IGNORECASE,
)
_INSTRUCTED = re.compile(r"\s*\((?:instructed|acting)\b[^)]*\)", re.IGNORECASE)
_POST_NOMINAL = re.compile(r"\s+(?:KC|QC|SC)\b\.?", re.IGNORECASE)
_HEARING = re.compile(r"^\s*hearing\s+dates?\b", re.IGNORECASE)
# "Date: 14/10/2026": courts of England and Wales write the day first.
_DATE_FIELD = re.compile(r"^\s*(?:date|dated|date\s+of\s+judgment|judgment\s+date)\s*:", re.I)
_NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>(?:19|20)\d\d)\b")
_HANDED_DOWN = re.compile(r"\bhanded\s+down\b", re.IGNORECASE)
# The first numbered paragraph ends the head.
_FIRST_PARAGRAPH = re.compile(r"^\s*(?:1\.|\[1\]|\(1\))\s+\S")
# The head is within a judgment's first lines.
_HEAD_LINES = 80
# Words of a party's name that say what it is, not which one ("the council's barrister"),
# besides the name's last word: none of these.
_NOT_PARTY_WORDS = frozenset(
    "the of and for on in at by district borough city county metropolitan london royal ltd "
    "limited plc llp llc inc king queen application".split()
)


@dataclass(frozen=True, slots=True)
class Judgment:
    """What a judgment's head says: its title (the case name), the neutral citation, the date,
    the judge who gives it, the leading counsel of each party (as people), where the head ends
    (the index of the text's first line after it) and which of its lines (by index) are kept
    as passages (the counsel's and the hearing dates')."""

    title: str | None
    citation: str | None
    date: dt.date | None
    judge: str | None
    counsel: tuple[Person, ...]
    end: int
    kept: frozenset[int]


def read_judgment(lines: Sequence[str], file_title: str | None) -> Judgment | None:
    """The judgment whose head opens `lines` (a file's text lines in reading order), or None
    when they are not a judgment's (no neutral citation, nor a court's name with "Before:" or
    "Between:"). `file_title`: the file's own title (a PDF's /Title)."""
    end = _head_end(lines)
    head = [line.strip() for line in lines[:end]]
    text = "\n".join(head)
    citation_match = NEUTRAL_CITATION.search(text)
    court = any(_COURT.match(line) for line in head)
    marked = any(_BEFORE.match(line) or _BETWEEN.match(line) for line in head)
    if citation_match is None and not (court and marked):
        return None
    citation = " ".join(citation_match.group().split()) if citation_match else None
    kept = {i for i, line in enumerate(head) if _counsel_line(head, i) or _HEARING.match(line)}
    judges = _judges(head)
    label = next((m.group("name") for line in head if (m := _JUDGE_LABEL.match(line))), None)
    judge = _styled(label) if label else (judges[0] if judges else None)
    parties = _parties(head)
    return Judgment(
        title=_title(file_title, parties, citation),
        citation=citation,
        date=_date(head),
        judge=judge,
        counsel=_counsel(head, parties),
        end=end,
        kept=frozenset(kept),
    )


def judgment_extracted(
    judgment: Judgment,
    kept: Sequence[Paragraph],
    body: Sequence[Paragraph],
    extractor: str,
    file_title: str | None = None,
    file_author: str | None = None,
    **more: object,
) -> Extracted:
    """A judgment's reading, whatever file it came in: `body` its paragraphs after the head
    (a quotation set as a block joined to the paragraph introducing it: `with_block_quotes`),
    under the head's `kept` lines (counsel, hearing dates; a line ending "for the" one with the
    next), titled by its case, dated and credited to its judge as the head says, its citation
    another name, its counsel people. `file_title`, `file_author`: what the file says of
    itself, taken when the head does not say; `more`: other fields of `Extracted` (the PDF's
    `created`, `notes`). Its paragraphs may be empty (the caller says what is wrong)."""
    lines: list[Paragraph] = []
    for line in kept:
        if lines and FOR_THE.search(lines[-1].text):
            lines[-1] = dataclasses.replace(lines[-1], text=f"{lines[-1].text} {line.text}")
        else:
            lines.append(line)
    return Extracted(
        paragraphs=tuple(lines + with_block_quotes(body)),
        extractor=extractor,
        title=judgment.title or file_title,
        author=judgment.judge or file_author,
        date=judgment.date,
        form=Form.JUDGMENT,
        titles=(judgment.citation,) if judgment.citation and judgment.title else (),
        people=judgment.counsel,
        **more,  # type: ignore[arg-type]
    )


def judgment_of_lines(
    lines: Sequence[str], blocks: Sequence[int], file_title: str | None, extractor: str
) -> Extracted | None:
    """The judgment a text file or a web page holds (its lines in reading order, blank ones
    left out, `blocks` giving each line's block: a text's run of lines between blank lines, a
    page's element), read as a PDF's is (`read_judgment`, `judgment_extracted`); None when it
    is not a judgment, which here needs a neutral citation with a court's name, "Before:" or
    "Between:" (or a court's name with either), as a news story quoting a citation has not.
    After the head, each block is a paragraph, its lines joined; a judgment's number alone
    ("12.", "[12]", as a page sets it in a cell or a span of its own) opens the paragraph after
    it."""
    judgment = read_judgment(lines, file_title)
    if judgment is None or not judgment.end:
        return None
    head = lines[: judgment.end]
    marks = (
        any(NEUTRAL_CITATION.search(line) for line in head),
        any(_COURT.match(line.strip()) for line in head),
        any(_BEFORE.match(line) or _BETWEEN.match(line) for line in head),
    )
    if sum(marks) < 2:
        return None
    kept = [Paragraph(text=" ".join(lines[i].split())) for i in sorted(judgment.kept)]
    return judgment_extracted(
        judgment, kept, _body(lines, blocks, judgment.end), extractor, file_title
    )


def _body(lines: Sequence[str], blocks: Sequence[int], end: int) -> list[Paragraph]:
    """The paragraphs of a judgment's lines after its head (`end`): a block's lines one
    paragraph; a number alone the start of the paragraph after it; a short line that ends no
    sentence ("Introduction", "Ground 1: consultation") the section of those under it; a block
    going on with a paragraph that ends no sentence (cut at a page's end) joined to it; a line
    repeating one of the head's (a running head) none."""
    head = {" ".join(line.split()) for line in lines[:end]}
    body: list[Paragraph] = []
    section: str | None = None
    number: str | None = None
    for index in range(end, len(lines)):
        text = " ".join(lines[index].split())
        if not text or text in head:
            continue
        same = index > end and blocks[index] == blocks[index - 1]
        if body and not number and (same or _goes_on(body[-1].text, text)):
            body[-1] = dataclasses.replace(body[-1], text=f"{body[-1].text} {text}")
        elif _NUMBER_ALONE.fullmatch(text):
            number = text
        elif not number and _is_heading(text):
            section = text
        else:
            body.append(Paragraph(text=f"{number} {text}" if number else text, section=section))
            number = None
    return body


def _goes_on(previous: str, text: str) -> bool:
    """Whether `text` goes on with the paragraph `previous` (which ends no sentence, and `text`
    opens with a small letter: a paragraph cut at a page's end)."""
    return not _SENTENCE_END.search(previous) and text[:1].islower()


def _is_heading(text: str) -> bool:
    """A judgment's heading: a short line, capitalised, ending no sentence, no number first."""
    return (
        len(text.split()) <= _HEADING_WORDS
        and text[:1].isupper()
        and not _SENTENCE_END.search(text)
        and not text.endswith((",", ";"))
    )


# A judgment's headings run to a few words ("Ground 2: the public sector equality duty").
_HEADING_WORDS = 10
_SENTENCE_END = re.compile(r"[.!?:][\"”’')\]]*$")


# A judgment's paragraph number set apart from its text: "12.", "[12]", "(12)".
_NUMBER_ALONE = re.compile(r"\d{1,3}\.|\[\d{1,3}\]|\(\d{1,3}\)")


def with_block_quotes(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """The judgment's paragraphs, a quotation set as a block after a paragraph that introduces
    it ("She submitted:") part of that paragraph, as the judgment numbers it: "[7]" cites the
    submission with its speaker."""
    joined: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.section == paragraph.section
            and previous.text.rstrip().endswith(":")
            and _OPENS_QUOTATION.match(paragraph.text)
        ):
            joined[-1] = dataclasses.replace(previous, text=f"{previous.text} {paragraph.text}")
        else:
            joined.append(paragraph)
    return joined


_OPENS_QUOTATION = re.compile(r"^\s*[\"“‘']")


def _head_end(lines: Sequence[str]) -> int:
    """The index of the first line after the head: after the judge's label or the judgment's
    heading, or at the first numbered paragraph."""
    for index, line in enumerate(lines[:_HEAD_LINES]):
        if _FIRST_PARAGRAPH.match(line):
            return index
        if _JUDGE_LABEL.match(line):
            return index + 1
    return 0


def _counsel_line(head: Sequence[str], index: int) -> bool:
    """Whether the head's line is (or begins) a counsel's line: it names whom they appear for,
    or ends "for the" over the party's role."""
    line = head[index]
    if _COUNSEL.match(line):
        return True
    following = head[index + 1] if index + 1 < len(head) else ""
    if FOR_THE.search(line) and _PARTY_ROLE.match(_THE.sub("", following)):
        return True
    previous = head[index - 1] if index else ""
    return bool(_PARTY_ROLE.match(_THE.sub("", line)) and FOR_THE.search(previous))


# A counsel's line wrapped before the party's role: "... for" or "... for the" over "the
# Claimant" or "Claimant".
FOR_THE = re.compile(r"\bfor(?:\s+the)?\s*$", re.IGNORECASE)
_THE = re.compile(r"^\s*the\s+", re.IGNORECASE)


def _judges(head: Sequence[str]) -> list[str]:
    """The judges named after "Before:", styled as a text names them ("Mrs Justice Roe")."""
    start = next((i for i, line in enumerate(head) if _BEFORE.match(line)), None)
    if start is None:
        return []
    found = []
    for line in head[start + 1 : start + 6]:
        match = _JUDGE.match(line)
        if match is not None:
            found.append(_styled(match.group("name")))
        elif _RULE.match(line) or _BETWEEN.match(line):
            break
    return found


def _styled(name: str) -> str:
    """A name set in capitals as it is written in a sentence ("MRS JUSTICE ROE" -> "Mrs
    Justice Roe", "HHJ KIRK" -> "HHJ Kirk"); a name in mixed case as it is."""
    words = name.split()
    if any(word.islower() or not word.isupper() for word in words if word.isalpha()):
        return " ".join(words)
    styled = " ".join(_styled_word(word) for word in words)
    return styled[:1].upper() + styled[1:]


def _styled_word(word: str) -> str:
    """One capitalised word of a name in a sentence's case; a short word without vowels (an
    initialism: "DC", "HHJ", "NHS") stays in capitals."""
    if len(word) <= 3 and not re.search(r"[AEIOUY]", word):
        return word
    if word.lower() in ("of", "and", "the", "for", "on", "in"):
        return word.lower()

    def cased(match: re.Match[str]) -> str:
        part = match.group()
        if len(part) == 1 and match.start() and word[match.start() - 1] in "'’":
            return part.lower()  # "KING'S" -> "King's"
        return part[0] + part[1:].lower()  # "O'BRIEN" -> "O'Brien"

    return re.sub(r"[^\W\d_]+", cased, word)


@dataclass(frozen=True, slots=True)
class _Party:
    """A party as the head names it, with its role ("claimant") and whether the claim is brought
    for it by the Crown ("THE KING on the application of X")."""

    name: str
    role: str
    crown: bool


def _parties(head: Sequence[str]) -> list[_Party]:
    """The parties set between "Between:" and the counsel's lines, each over its role."""
    start = next((i for i, line in enumerate(head) if _BETWEEN.match(line)), None)
    if start is None:
        return []
    parties: list[_Party] = []
    names: list[str] = []
    for index in range(start + 1, len(head)):
        line = head[index]
        if _counsel_line(head, index) or _HEARING.match(line) or _JUDGMENT_HEADING.match(line):
            break
        role = _PARTY_ROLE.match(line)
        if role is not None:
            if names:
                whole = " ".join(names)
                crown = re.match(
                    r"^\s*(?:the\s+)?(?:king|queen|r)\b.*?\bon\s+the\s+application\s+of\s+",
                    whole,
                    re.IGNORECASE,
                )
                name = whole[crown.end() :] if crown else whole
                parties.append(_Party(_styled(name), role.group("role").lower(), bool(crown)))
            names = []
        elif not (_RULE.match(line) or _AND.match(line)):
            names.append(line)
    return parties


def _title(file_title: str | None, parties: Sequence[_Party], citation: str | None) -> str | None:
    """The case name: the file's own title when it names the case (" v " or the citation),
    else the parties' ("R (X) v Y"), with the citation after it; the citation alone without
    them."""
    own = clean_field(file_title)
    if own and (re.search(r"\sv\.?\s", own) or NEUTRAL_CITATION.search(own)):
        return own
    claimant = next((p for p in parties if p.role.startswith(("claimant", "appellant"))), None)
    other = next((p for p in parties if p.role.startswith(("defendant", "respondent"))), None)
    if claimant is None or other is None:
        return citation
    first = f"R ({claimant.name})" if claimant.crown else claimant.name
    case = f"{first} v {other.name}"
    return f"{case} {citation}" if citation else case


def _date(head: Sequence[str]) -> dt.date | None:
    """The judgment's date: a "Date:" field (day first when in figures) or the day it was
    handed down."""
    for line in head:
        if _DATE_FIELD.match(line) or _HANDED_DOWN.search(line):
            found = date_in(line)
            numeric = _NUMERIC_DATE.search(line)
            if found is None and numeric is not None:
                found = calendar_date(
                    numeric.group("year"), numeric.group("month"), numeric.group("day")
                )
            if found is not None:
                return found
    return None


def _counsel(head: Sequence[str], parties: Sequence[_Party]) -> tuple[Person, ...]:
    """Each party's leading counsel (the first named for it), known by name and surname and as
    the party's counsel or barrister ("counsel for the claimant", "the claimant's barrister",
    and by the words of the party's name: "the council's barrister"); their juniors by name."""
    people: list[Person] = []
    index = 0
    while index < len(head):
        line = head[index]
        if FOR_THE.search(line) and index + 1 < len(head):
            line = f"{line} {head[index + 1]}"
            index += 1
        index += 1
        match = _COUNSEL.match(_INSTRUCTED.sub("", line))
        if match is None:
            continue
        role = re.sub(r"s$", "", match.group("party").lower())
        party = next((p for p in parties if p.role.startswith(role)), None)
        names = [
            n.strip(" ,") for n in re.split(r",|\band\b|&", match.group("names")) if n.strip(" ,")
        ]
        for order, written in enumerate(names):
            plain = _POST_NOMINAL.sub("", written).strip()
            words = plain.split()
            if len(words) < 2:
                continue
            name = " ".join(words[1:]) if words[0].lower().strip(".") in _HONORIFICS else plain
            if len(name.split()) < 2:
                continue
            surname = name.split()[-1]
            called = [*aliases(name), f"{surname} KC", f"{surname} QC", written]
            if order == 0:
                called += _counsel_names(role, party)
            people.append(
                Person(name=name, aliases=tuple(dict.fromkeys(n for n in called if n != name)))
            )
    return tuple(people)


_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady"})


def _counsel_names(role: str, party: _Party | None) -> list[str]:
    """What a question calls a party's counsel: by the party's role and by the words of its
    name ("counsel for the claimant", "the council's barrister", "the residents' lawyer")."""
    words = [role]
    if party is not None:
        for word in re.findall(r"[A-Za-z]+", party.name):
            lowered = word.lower()
            if len(lowered) > 3 and lowered not in _NOT_PARTY_WORDS:
                words.append(lowered)
    names = []
    for word in dict.fromkeys(words):
        possessive = f"{word}'" if word.endswith("s") else f"{word}'s"
        for lawyer in ("counsel", "barrister", "lawyer"):
            names += [f"{lawyer} for the {word}", f"the {possessive} {lawyer}"]
    return names
