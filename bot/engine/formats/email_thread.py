"""An email thread pasted as text: each message its sender's, quoted copies and furniture out.

A thread pasted from a mail program holds its messages in one of a few ways: stacked under
their header blocks ("From: Dev Rao <dev@example.org>" / "Sent: Thursday, 22 January 2026
21:47" / "To: ..." / "Subject: RE: ..."), perhaps parted by "-----Original Message-----"; or
each reply quoting the one before it, line by line, under ">" marks ("> >>" deeper), the quoted
message opening with its own header block or announced by "On Tue, 20 Jan 2026 at 08:12, Helen
Marchbank <head@example.org> wrote:". Each message here is its own paragraphs, credited to its
sender (a turn, as a transcript's are: `Paragraph.speaker`), its heading the day and time it
was sent ("22 January 2026, 21:47"); the messages run in the order they were sent. A quoted
copy of a message the thread holds already is that message, not another; a quoted message it
does not hold is kept, its sender the header's or the "wrote:" line's.

Headers, salutations ("Dev, Siobhan,"), sign-offs ("Best wishes," / "Dev"), signatures (after
"--", or the sender's name, role and telephone under the sign-off), confidentiality disclaimers
and "Sent from my iPhone" are a message's furniture, not its words.

The thread is titled by its first message's subject (without "RE:" / "FW:"), its author that
message's sender and its date the day that message was sent: the thread is the conversation
its first message opened, as a forum thread is its opening post's (each message's own day is
its heading).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr

from bot.engine.formats.extracted import Paragraph, calendar_date, clean_field
from bot.engine.formats.head import date_in
from bot.engine.formats.letter import is_salutation
from bot.engine.models import Person
from bot.engine.people import aliases, canonical
from bot.engine.text import fold
from bot.engine.voices import CLOSE, SIGNATURE_LINE_CHARS, SIGNATURE_LINES, same_person

# A header field of a message as mail programs paste it ("From: ...", "Sent: ...", "*Subject:*"
# as Outlook's rich paste marks it).
_FIELD = re.compile(
    r"^[ \t]*\*?(?P<name>from|sent|date|to|cc|bcc|subject|reply-to|importance|attachments?)"
    r"\*?[ \t]*:\*?[ \t]*(?P<value>.*?)[ \t]*$",
    re.IGNORECASE,
)
# The fields besides "From:" of which a header block holds one at least.
_WITH_FROM = frozenset({"sent", "date", "to", "subject"})
# A line parting a message from the one it forwards or answers.
_SEPARATOR = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:original[ \t]+message|forwarded[ \t]+message)[ \t]*-{2,}"
    r"|_{10,}|begin[ \t]+forwarded[ \t]+message[ \t]*:)[ \t]*$",
    re.IGNORECASE,
)
# The line over a quoted message naming who wrote it and when ("On Tue, 20 Jan 2026 at 08:12,
# Helen Marchbank <head@example.org> wrote:", "Helen Marchbank wrote:").
_WROTE = re.compile(
    r"^[ \t]*(?:on[ \t]+(?P<when>.+?),?[ \t]+)?(?P<who>[^,<>\[\]\n]{1,80}?)[ \t]*"
    r"(?:<[^<>\s]+>|\[mailto:[^\]\s]+\]|\([^()\s]+@[^()\s]+\))?[ \t]*wrote[ \t]*:[ \t]*$",
    re.IGNORECASE,
)
# A quoted line: its ">" marks ("> >> >>>" is as deep as the quoting goes).
_QUOTED = re.compile(r"^[ \t]*>")
_QUOTE_MARK = re.compile(r"^[ \t]*>+[ \t]?")
# A signature's delimiter ("-- ", the Usenet convention mail programs keep).
_SIGNATURE_DELIMITER = re.compile(r"^[ \t]*--[ \t]*$")
# A mail program's own line under a message ("Sent from my iPhone", "Get Outlook for iOS").
_SENT_FROM = re.compile(
    r"^[ \t]*[\"“]?(?:sent[ \t]+(?:from|with|via)[ \t]+(?:my[ \t]+)?\w+"
    r"|get[ \t]+outlook[ \t]+for)\b",
    re.IGNORECASE,
)
# What only a confidentiality notice or a company's legal footer says.
_DISCLAIMER = re.compile(
    r"\b(?:this[ \t\n]+(?:e-?mail|message|communication)\b.{0,80}?\b(?:is|are|may[ \t\n]+be)"
    r"[ \t\n]+(?:strictly[ \t\n]+)?(?:confidential|privileged|intended[ \t\n]+(?:solely|only))"
    r"|if[ \t\n]+you[ \t\n]+(?:have[ \t\n]+)?received[ \t\n]+(?:this|it)[ \t\n]+"
    r"(?:e-?mail[ \t\n]+|message[ \t\n]+)?in[ \t\n]+error"
    r"|registered[ \t\n]+in[ \t\n]+england|company[ \t\n]+limited[ \t\n]+by[ \t\n]+guarantee"
    r"|registered[ \t\n]+(?:office|charity[ \t\n]+(?:no|number)))",
    re.IGNORECASE | re.DOTALL,
)
# A greeting opening a message, alone on its line ("Hi both,", "Morning all,").
_GREETING = re.compile(
    r"^[ \t]*(?:hi|hey|hello|dear|morning|afternoon|evening|good[ \t]+(?:morning|afternoon|"
    r"evening))\b[^.!?\n]{0,40}[,!:]?[ \t]*$",
    re.IGNORECASE,
)
# A salutation of names alone ("Helen,", "Dev, Siobhan,", "Dev and Siobhan -"): at most this
# many capitalised words, ending with a comma or a dash.
_NAMES_SALUTATION = re.compile(
    r"^[ \t]*[A-Z][\w'’.-]*(?:(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+|[ \t]+)[A-Z][\w'’.-]*){0,4}"
    r"[ \t]*[,–—-][ \t]*$"
)
# A close a mail program's users write beside a letter's (`voices.CLOSE`).
_MAIL_CLOSE = re.compile(
    r"^[ \t]*(?:(?:with[ \t]+)?(?:many[ \t]+)?thanks(?:[ \t]+again)?|cheers|best|all[ \t]+best|"
    r"all[ \t]+the[ \t]+best|speak[ \t]+soon|talk[ \t]+soon|take[ \t]+care|warmly|"
    r"(?:kind|best|warm)[ \t]+regards|regards|best[ \t]+wishes|with[ \t]+(?:best[ \t]+)?wishes|"
    r"many[ \t]+thanks|thank[ \t]+you)[ \t]*[,.!]?[ \t]*$",
    re.IGNORECASE,
)
# A subject's reply and forward marks ("RE: RE: FW: ...", "Fwd:", "AW:").
_REPLY_MARKS = re.compile(r"^(?:[ \t]*(?:re|fw|fwd|aw|wg|sv|tr)(?:\[\d+\])?[ \t]*:[ \t]*)+", re.I)
# The time of day a header gives ("21:47", "8:12 AM", "08.12").
_TIME = re.compile(
    r"(?<![\d:./])(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?![./]?\d)(?::[0-5]\d)?"
    r"(?:[ \t]*(?P<half>[ap])\.?m\.?\b)?",
    re.IGNORECASE,
)
# A day in figures ("20/01/2026", "20.01.2026"): read only where it cannot be the other way
# round (one of the two numbers over 12), as "03/04/2026" is March in one country, April in
# another.
_FIGURES_DATE = re.compile(
    r"(?<!\d)(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d\d)(?!\d)"
)
# A line of a signature naming no role: a telephone number, an address, a web or mail address.
_CONTACT = re.compile(r"@|https?://|www\.|\d{3,}|\b(?:tel|phone|mobile|fax)\b", re.IGNORECASE)
# A signer's name under a close, where no header names the sender: one to three capitalised
# words ("Rafe", "Rafe Dunmore").
_NAME = re.compile(r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2}")
# Who a message is credited to when neither a header nor a sign-off names its sender.
UNKNOWN_SENDER = "Unknown sender"
# The most words a role in a signature has ("Head of Computing & Digital Learning").
_ROLE_WORDS = 8


@dataclass(frozen=True, slots=True)
class EmailThread:
    """An email thread's messages as paragraphs (each its sender's turn, `Paragraph.speaker`,
    under the day and time it was sent, `Paragraph.section`), in the order they were sent; its
    title (the first message's subject without "RE:"), author (that message's sender) and
    date (the day it was sent), each None where the headers do not say; `people`, the senders
    with the names a question calls them by: the given name the thread calls them by
    ("Helen"), "the <role>" their signatures give ("the headteacher")."""

    paragraphs: tuple[Paragraph, ...]
    title: str | None
    author: str | None
    date: dt.date | None
    people: tuple[Person, ...] = ()


@dataclass(slots=True)
class _Message:
    """One message as read: its header's sender, when it was sent, subject, and its own lines
    (file line, text), quoted messages apart."""

    sender: str | None = None
    sent: dt.date | None = None
    time: dt.time | None = None
    subject: str | None = None
    lines: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    headed: bool = False  # opened by a header block or a "wrote:" line
    depth: int = 0
    order: int = 0


@dataclass(frozen=True, slots=True)
class _Read:
    """A message's words: its paragraphs (furniture out), and the role its signature gives the
    sender ("headteacher"), lower case."""

    paragraphs: tuple[Paragraph, ...]
    role: str | None


def read_email_thread(text: str) -> EmailThread | None:
    """The email thread `text` is (see the module's docstring), or None when it is none: no
    header block opening it (a "From:" line with a "Sent:", "Date:", "To:" or "Subject:"
    beside it), nor a quoted message under a "wrote:" line, or no message with words in it.
    Never raises."""
    lines = [(number, line.rstrip()) for number, line in enumerate(text.split("\n"), start=1)]
    opening = next((i for i, (_, line) in enumerate(lines) if line.strip()), None)
    if opening is None or not (
        _header_at(lines, opening) is not None or _answers_quoted(lines) or _separated(lines)
    ):
        return None
    messages = _messages(lines, 0, None, [0])
    kept = _held_once([(m, _words(m)) for m in messages])
    if not kept or all(p.speaker == UNKNOWN_SENDER for _, read in kept for p in read.paragraphs):
        return None
    if all(m.sent is not None for m, _ in kept):
        kept.sort(key=lambda pair: (pair[0].sent, pair[0].time or dt.time(), -pair[0].order))
    else:
        kept.reverse()  # a reply stands over what it answers
    first = kept[0][0]
    subject = first.subject or next((m.subject for m in messages if m.subject), None)
    paragraphs = tuple(p for _, read in kept for p in read.paragraphs)
    roles: dict[str, str | None] = {}
    for message, read in kept:
        if message.sender and "@" not in message.sender and " " in message.sender:
            roles[message.sender] = roles.get(message.sender) or read.role
    given = Counter(sender.split()[0] for sender in roles)
    return EmailThread(
        paragraphs=paragraphs,
        title=clean_field(_REPLY_MARKS.sub("", subject)) if subject else None,
        author=first.sender,
        date=first.sent,
        people=tuple(
            _person(sender, role, given[sender.split()[0]] == 1) for sender, role in roles.items()
        ),
    )


def _person(sender: str, role: str | None, own_given_name: bool) -> Person:
    """A sender with the names a question calls them by: the surname forms (`people.aliases`),
    the given name the thread calls them by ("Helen", unless two senders share it), and the
    role their signature gives ("the head of computing", of "Head of Computing & Digital
    Learning" too)."""
    roles = [role, re.split(r"[ \t]+(?:&|and)[ \t]+", role)[0]] if role else []
    given = [canonical(sender).split()[0]] if own_given_name and canonical(sender) else []
    named = (*aliases(sender), *given, *(f"the {r}" for r in roles))
    name = canonical(sender) or sender
    return Person(name=name, aliases=tuple(n for n in dict.fromkeys(named) if n != name))


def _answers_quoted(lines: Sequence[tuple[int, str]]) -> bool:
    """Whether a mail program's "On <day>, <name> wrote:" line stands over quoted lines ("> ...",
    a blank line between them or not). A forum's "quietradical wrote:" names no day: no email's."""
    for index, (_, line) in enumerate(lines):
        found = _WROTE.match(line)
        if found is None or _date(found.group("when") or "") is None:
            continue
        below = next((text for _, text in lines[index + 1 :] if text.strip()), "")
        if _QUOTED.match(below):
            return True
    return False


def _separated(lines: Sequence[tuple[int, str]]) -> bool:
    """Whether an "-----Original Message-----" line parts a message from a header block."""
    return any(
        _SEPARATOR.match(line) and _header_at(lines, index + 1) is not None
        for index, (_, line) in enumerate(lines)
    )


def _header_at(lines: Sequence[tuple[int, str]], start: int) -> tuple[dict[str, str], int] | None:
    """The header block opening at `start` (blank lines before it skipped): its fields (name
    in lower case -> value, a wrapped value joined) and the index after it; None when the lines
    there hold no "From:" with one of "Sent:", "Date:", "To:", "Subject:" beside it."""
    index = start
    while index < len(lines) and not lines[index][1].strip():
        index += 1
    fields: dict[str, str] = {}
    last: str | None = None
    while index < len(lines):
        line = lines[index][1]
        found = _FIELD.match(line)
        if found is not None:
            last = found.group("name").lower()
            fields.setdefault(last, found.group("value"))
        elif last is not None and line[:1] in (" ", "\t") and line.strip():
            fields[last] = f"{fields[last]} {line.strip()}"  # a long "To:" wrapped
        else:
            break
        index += 1
    if "from" not in fields or not _WITH_FROM & fields.keys():
        return None
    return fields, index


def _messages(
    lines: Sequence[tuple[int, str]], depth: int, wrote: re.Match[str] | None, count: list[int]
) -> list[_Message]:
    """The messages in `lines` (quoted `depth` deep), in the order the file has them; the
    first credited to the "wrote:" line over the quotation (`wrote`) unless its header says.
    `count` numbers the messages in the file's order."""
    messages: list[_Message] = []
    current = _new_message(depth, count)
    if wrote is not None:
        _credit(current, wrote)
    index = 0
    while index < len(lines):
        line = lines[index][1]
        if _QUOTED.match(line):
            end = _quote_end(lines, index)
            above = _pop_wrote(current)
            inner = [
                (number, _QUOTE_MARK.sub("", text, count=1)) for number, text in lines[index:end]
            ]
            messages.extend(_messages(inner, depth + 1, above, count))
            index = end
            continue
        header = _header_at(lines, index) if _FIELD.match(line) else None
        if header is not None or _SEPARATOR.match(line):
            if current.lines or current.headed:
                messages.append(current)
                current = _new_message(depth, count)
            if header is not None:
                _headed(current, header[0])
                index = header[1]
            else:
                index += 1
            continue
        current.lines.append(lines[index])
        index += 1
    messages.append(current)
    return [m for m in messages if m.lines or m.subject]


def _new_message(depth: int, count: list[int]) -> _Message:
    count[0] += 1
    return _Message(depth=depth, order=count[0])


def _quote_end(lines: Sequence[tuple[int, str]], start: int) -> int:
    """The index after the quotation opening at `start`: its quoted lines and the blank lines
    between them."""
    end = start
    index = start
    while index < len(lines):
        if _QUOTED.match(lines[index][1]):
            end = index + 1
        elif lines[index][1].strip():
            break
        index += 1
    return end


def _pop_wrote(message: _Message) -> re.Match[str] | None:
    """The "wrote:" line closing a message's lines so far (a wrapped one joined: "On Tue, 20
    Jan 2026, Helen Marchbank <" / "head@example.org> wrote:"), taken out of them; None when
    none closes them."""
    filled = [i for i, (_, line) in enumerate(message.lines) if line.strip()]
    if not filled:
        return None
    last = filled[-1]
    found = _WROTE.match(message.lines[last][1])
    start = last
    if found is None and len(filled) > 1:
        joined = f"{message.lines[filled[-2]][1].strip()} {message.lines[last][1].strip()}"
        found = _WROTE.match(joined.replace("< ", "<"))
        start = filled[-2]
    if found is None or (start != last and message.lines[start][1].lstrip()[:3].lower() != "on "):
        return None
    del message.lines[start:]
    return found


def _credit(message: _Message, wrote: re.Match[str]) -> None:
    """A quoted message's sender and day as the "wrote:" line over it says."""
    who = wrote.group("who").strip(" \"'")
    message.sender = _name(who) or message.sender
    when = wrote.group("when") or ""
    message.sent = _date(when)
    message.time = _time_in(when)
    message.headed = True


def _headed(message: _Message, fields: dict[str, str]) -> None:
    """A message's sender, day, time and subject from its header's fields."""
    message.sender = _name(fields["from"])
    when = fields.get("sent") or fields.get("date") or ""
    message.sent = _date(when)
    message.time = _time_in(when)
    message.subject = clean_field(fields.get("subject"))
    message.headed = True


def _name(value: str) -> str | None:
    """A sender's name as a "From:" value gives it ("Dev Rao <dev@example.org>" -> "Dev Rao";
    "Rao, Dev" -> "Dev Rao"); the address where it names no one; None when empty."""
    name, address = parseaddr(value) if "@" in value else (value, "")
    name = clean_field(name.strip(" \"'")) or ""
    last, comma, given = name.partition(",")
    if comma and len(last.split()) == 1 and 1 <= len(given.split()) <= 2:
        name = f"{given.strip()} {last.strip()}"
    return name or clean_field(address)


def _date(text: str) -> dt.date | None:
    """The day a header or a "wrote:" line gives: in words ("Thursday, 22 January 2026",
    `head.date_in`), ISO, or in figures where the order is plain ("22/01/2026")."""
    found = date_in(text)
    if found is not None:
        return found
    figures = _FIGURES_DATE.search(text)
    if figures is None:
        return None
    a, b = int(figures.group("a")), int(figures.group("b"))
    if (a > 12) == (b > 12):
        return None
    day, month = (a, b) if a > 12 else (b, a)
    return calendar_date(figures.group("year"), str(month), str(day))


def _time_in(text: str) -> dt.time | None:
    found = _TIME.search(text)
    if found is None:
        return None
    hour, minute = int(found.group("hour")), int(found.group("minute"))
    half = (found.group("half") or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    return dt.time(hour, minute)


def _heading(message: _Message) -> str | None:
    """When a message was sent, as its paragraphs' heading: "22 January 2026, 21:47"."""
    if message.sent is None:
        return None
    day = f"{message.sent.day} {message.sent:%B %Y}"
    return f"{day}, {message.time:%H:%M}" if message.time is not None else day


def _held_once(read: list[tuple[_Message, _Read]]) -> list[tuple[_Message, _Read]]:
    """The messages with words, each once: a quoted copy of one the thread holds already (its
    words the same, or a part of its) is that one. The least deeply quoted copy is kept."""
    kept: list[tuple[_Message, _Read]] = []
    seen: list[str] = []
    for message, words in sorted(read, key=lambda pair: (pair[0].depth, pair[0].order)):
        key = " ".join(fold(" ".join(p.text for p in words.paragraphs)).casefold().split())
        if not key or any(key in held for held in seen):
            continue
        kept.append((message, words))
        seen.append(key)
    kept.sort(key=lambda pair: pair[0].order)
    return kept


def _words(message: _Message) -> _Read:
    """A message's paragraphs without its furniture (see the module's docstring), each its
    sender's under the day it was sent."""
    lines = list(message.lines)
    delimiter = next((i for i, (_, t) in enumerate(lines) if _SIGNATURE_DELIMITER.match(t)), None)
    signature = lines[delimiter + 1 :] if delimiter is not None else []
    lines = lines[:delimiter] if delimiter is not None else lines
    blocks = [
        block
        for block in _blocks(lines)
        if not _DISCLAIMER.search(" ".join(t for _, t in block))
        and not all(_SENT_FROM.match(t) for _, t in block)
    ]
    if blocks and _salutation(blocks[0][0][1]):
        blocks[0] = blocks[0][1:]
        blocks = [b for b in blocks if b]
    cut = _sign_off(blocks, message.sender)
    if cut is not None:
        at, line = cut
        signature = [*[pair for block in blocks[at:] for pair in block][line:], *signature]
        blocks = [*blocks[:at], blocks[at][:line]] if line else blocks[:at]
        blocks = [b for b in blocks if b]
    if message.sender is None and cut is not None:
        # A reply pasted without its own header is signed by its sender ("Thanks," / "Rafe").
        message.sender = next(
            (
                name
                for _, line in signature
                if _NAME.fullmatch(name := line.strip(" ,.-–—")) and not _closes(line)
            ),
            None,
        )
    role = _role(signature, message.sender)
    heading = _heading(message)
    paragraphs = tuple(
        Paragraph(
            text="\n".join(t for _, t in block).strip(),
            line=block[0][0],
            speaker=message.sender or UNKNOWN_SENDER,
            section=heading,
        )
        for block in blocks
    )
    return _Read(paragraphs, role)


def _blocks(lines: Sequence[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """The lines as runs of filled lines parted by blank ones."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, text in lines:
        if text.strip():
            blocks[-1].append((number, text.strip()))
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _salutation(line: str) -> bool:
    """Whether a message's first line only greets ("Dear Dev,", "Hi both,", "Dev, Siobhan,")."""
    return bool(is_salutation(line) or _GREETING.match(line) or _NAMES_SALUTATION.match(line))


def _sign_off(
    blocks: Sequence[Sequence[tuple[int, str]]], sender: str | None
) -> tuple[int, int] | None:
    """Where a message's sign-off begins (its block and line): a close ("Best wishes,") over
    the sender's name, or the sender's name alone, with nothing but short lines after it (the
    signature: a name, a role, an address, a telephone number)."""
    flat = [(b, i, text) for b, block in enumerate(blocks) for i, (_, text) in enumerate(block)]
    found: tuple[int, int] | None = None
    for at in range(len(flat) - 1, -1, -1):
        block, line, text = flat[at]
        after = [t for _, _, t in flat[at + 1 :]]
        if len(text) > SIGNATURE_LINE_CHARS or len(after) > 3 * SIGNATURE_LINES:
            break
        closing = _closes(text) and bool(after) and _signer_line(after[0], sender)
        if closing or (line == 0 and _is_sender(text, sender)):
            found = (block, line)
    return found


def _signer_line(line: str, sender: str | None) -> bool:
    """Whether a line under a close names its signer: the sender's name, or where the header
    gives no name, a person's name (no sender) or a short line (an address only)."""
    if sender is None:
        return _NAME.fullmatch(line.strip(" ,.-–—")) is not None
    return _is_sender(line, sender) or ("@" in sender and len(line.split()) <= 3)


def _closes(text: str) -> bool:
    return bool(CLOSE.match(text) or _MAIL_CLOSE.match(text))


def _is_sender(text: str, sender: str | None) -> bool:
    """Whether a line is the sender's name alone, or its initials ("Dev", "Helen Marchbank",
    "HM", "-- Dev")."""
    line = text.strip(" -–—,.")
    if not line or len(line.split()) > 4 or not sender or "@" in sender:
        return False
    if line.isupper() and len(line) <= 3:
        initials = "".join(word[0] for word in sender.split()).upper()
        return line in (initials, initials[:1])
    return same_person(line, sender) and all(word[:1].isupper() for word in line.split())


def _role(signature: Sequence[tuple[int, str]], sender: str | None) -> str | None:
    """The role a signature gives the sender: the line under the name, up to a comma
    ("Headteacher, Linwood Park Academy" -> "headteacher"), lower case; None when there is
    none, or it is an address or a number."""
    lines = [t.strip() for _, t in signature if t.strip()]
    named = max((i for i, t in enumerate(lines) if _is_sender(t, sender)), default=None)
    if named is None or named + 1 >= len(lines) or len(lines) - named > SIGNATURE_LINES + 1:
        return None
    role = lines[named + 1].split(",")[0].strip()
    if _CONTACT.search(role) or not role or len(role.split()) > _ROLE_WORDS:
        return None
    if not role[:1].isupper() or role.endswith((".", "!", "?")):
        return None
    return role.lower()
