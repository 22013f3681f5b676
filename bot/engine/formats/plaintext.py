"""Plain text -> `Extracted`: paragraphs, a title line, and transcripts told by their labels.

A paragraph is a run of non-blank lines: hard-wrapped lines are one paragraph, kept as uploaded (the
line breaks are spaces to search, `check` and Discord), but for footnote marks pasted from a PDF
after a sentence's full stop ("supply.1 We": "supply. We") and its pages' headers and footers
("Water Strategy 2024-2030 Page 2", "- 3 -"; a paragraph they cut is whole again: `pastedpages`).
A file with no blank lines at all is split where a short line ends a sentence (and, pasted from
a PDF's pages, at its sections' headings and numbered items). A short first line that is no
sentence is the title (under an organisation's name in capitals, its publisher: "EASTVALE WATER
AUTHORITY"). A Markdown heading ("## Against") is the section of the paragraphs under it, not a
paragraph, and a thematic break ("---") is nothing. When most paragraphs open with a speaker
label, the file is a transcript (`transcript`; role labels, "PRESENTER:", credited to whom the
head names: `rolenames`); a parliament's record is titled by the business
over its first speech (`record`); a hearing's typed transcript (margin line numbers, "Q." and
"A." lines, a witness sworn) is read by `hearing`; an email thread's messages are each its
sender's (`email_thread`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.formats import transcript
from bot.engine.formats.casing import title_case
from bot.engine.formats.email_thread import read_email_thread
from bot.engine.formats.extracted import Extracted, Paragraph, clean_field, extractor_name
from bot.engine.formats.head import KICKER, is_field_line, is_head_line, is_month_line, masthead
from bot.engine.formats.hearing import read_hearing
from bot.engine.formats.hyphens import broken_word, joined_lines, written_words
from bot.engine.formats.judgment import judgment_of_lines
from bot.engine.formats.meetinghead import agenda_heading, meeting_head, prepared_by
from bot.engine.formats.pastedpages import (
    is_pasted_heading,
    opens_item,
    page_furniture,
    pasted_head,
)
from bot.engine.formats.podcast import podcast_form
from bot.engine.formats.record import business_heading
from bot.engine.formats.release import RELEASE_MARK
from bot.engine.formats.rolenames import broadcast_head, transcript_turns
from bot.engine.formats.titlepage import ending_date, names_organisation
from bot.engine.models import Form, Kind

# Bump when the rules below change what a file gives.
# 3: a title with a byline or date under it; 4: line-end hyphens; 5: kickers, release marks;
# 6: a file that states no date has none (not the day it was uploaded); 7: a letter's
# salutation and sign-off are no passages, its signer its author; 8: Markdown headings are the
# sections of what follows, not paragraphs, and thematic breaks go; 9: the people reported
# (`bot.engine.people`) without job titles, with accents, no firm taken for a person; 10: a
# label's role in parentheses ("ODUYA (CITY ENGINEER):"); 11: a press release's mark says its
# kind (`release`); 12: the roles a text calls people by ("the mayor"), and surnames that are
# place words ("Linda Park"); 13: "Prepared (for ...) by" bylines, salutations with an honorific
# ("Dear Ms. Kerr,"); 14: footnote marks pasted after a full stop ("supply.1 We") dropped; 15:
# a PDF's running header pasted with the text ("... Page 2") dropped, the paragraph it cut whole;
# 16: an organisation's masthead over the title ("EASTVALE WATER AUTHORITY") the publisher; 17: a
# transcript's title may hold a colon ("Town Hall Meeting: 14 March 1954", its date the
# document's), its introduction dates it, head fields ("Location:") are no turns; a date alone on
# its line heads a diary's entry (`head.dated_entries`); a letter set among the file's other
# words is its signer's (`letter.letters_within`); 18: a speaker label that is a role ("THE
# CHAIRMAN:") a speaker a question can name, a titled one known by its title ("the mayor");
# 19: a year-only publication line at the head or the foot ("First published 1998", "© 2011
# The Portlow Society") is the year the document appeared (`head.publication_year`), and one
# under the title is split from it as a byline or a date is;
# 20: a parliament's record is a transcript: a label with its seat and party in parentheses ("Ms
# Jane Roe (Northfield) (Lab):"), an office with its holder ("The Minister for Schools (Ms Jane
# Roe):", the holder speaks), the time alone on a line ("11.42 am"), and a short label the same
# speaker's full one ("Ms Roe:"); "hon." ends no sentence; a label's role or office names
# its speaker ("the host", "the minister"); a record's own lines ("Question put
# and agreed to.", "Resolved,") end the turn;
# 21: a byline under an editor's note is still the byline, a colophon line in the head
# ("Published in the Westmoor Courier, 18 February 2025") its date and publisher; a release mark
# of two ("PRESS RELEASE — FOR IMMEDIATE RELEASE"), a dateline under the standfirst, and "ENDS"
# no passage
# 22: a page of several signed letters (each opening "Sir," or "Dear Editor,", signed
# "Harold Benning, Upper Clough") is each letter its signer's, the signature line and the
# headline over each letter no passages, the town a name for the signer ("the writer from
# Upper Clough"): `letter.letters_within`;
# 23: a speech's heading ("Speech by the Mayor of X, Councillor Jane Roe, to ...", "Remarks by")
# names its speaker, the author with her role, and makes it a speech (`speech`), whose audience
# notes ("(Applause)", "[inaudible]") are no words of hers; a head line of sentences ("The
# Courier, 27 April 2024. Interview by Jane Roe.") its publisher, date and byline; an
# interview's "X spoke to Y" names its two people; a title may have a head's field under it
# ("Venue: ...")
# 24: a page of two letters or more is of the kind letter; a parliament's record titled by the
# business over its first speech, its chamber the publisher (`record`); a name between commas
# before a reporting verb reports ("The chair of X, Jane Roe, said": `people`)
# 25: a hearing's typed transcript (`hearing`): margin line numbers and page headers ("Page 45")
# dropped, a speech's wrapped lines joined across them; "Q." lines the examining counsel's, "A."
# lines the sworn witness's, "THE CHAIR:" the chair the head names; the head's title (with
# "Day 12") and date the document's; "(sworn)", "Examination by ...", "(11.12 am)" no passages
# 26: a byline under the opening paragraph ("By Jo Kim, Local Democracy Reporter" under a pasted
# story's lede) and a credit line ("Rowan Ellery · 3 April 2025") name the author, no passage
# (`byline`); links to other stories ("Related: ...", "More from this area" and the list under
# it), buttons ("[Subscribe now]"), a newsletter's pitch and footer, a copyright line at the foot
# and a writer's sign-off ("Until next time," / "Rowan") no passages; "Image caption: ..." a
# caption (`furniture`, `letter.writers_sign_off`)
# 27: a document saying it is a report ("This report sets out ...") or with an "Executive
# summary" section is of the kind report (`titlepage.calls_itself_report`); the form a
# reader recognises a file as ("newsletter", "encyclopedia page", "blog post", "hearing",
# "podcast", "paper", "live blog": `models.Form`) is stored, "the newsletter" names it
# (`forms`); a file named by
# nothing ("message.txt", "Untitled.txt") and stating no title is titled by its opening sentence
# 28: a file's own head naming people with their parts (a judgment's counsel) adds them to
# its people,
# and a form's author is called as the form says ("the judge"): `upload`
# 29: a podcast's or a show's transcript (`podcast`): the show and episode its head names
# the title ("The Division Bell, episode 47: ..."), the show the publisher, the hosts the
# authors, "Guest:" the guest ("the guest"); each turn's timestamp its heading ("00:03:08",
# cited with its quote), a timestamp alone on the line over a label too; capital labels
# named as written ("OKONKWO-HALE" -> "Okonkwo-Hale", "McDONALD" -> "McDonald": `casing`)
# 30: a court's judgment pasted as text (neutral citation, court, "Before:", "Between:") is read
# as a PDF's is (`judgment.judgment_of_lines`): form judgment, the case name and citation its
# title, the judge its author, the judgment's date, its numbered paragraphs, counsel as people
# 31: an email thread (`email_thread`): each message its sender's, under the day and time it
# was sent, in the order sent; ">"-quoted copies of messages the thread holds not read twice;
# headers, salutations, sign-offs, signatures, disclaimers and "Sent from my iPhone" no
# passages; titled by the first message's subject (no "RE:"), its sender the author, its day
# the date; of the kind letter, the form "email" or "email thread"
# 32: an interview's introduction saying "Sam Poe tells Jane Roe", "He tells Jane Roe" (after
# a paragraph opening with the name), "Jane Roe meets Sam Poe" or "In conversation with Sam Poe"
# names who answered and who asked (`interview.interview_pair`)
# 33: a speech's head of fields ("Speaker: Cllr Jane Roe, Leader of X", "Occasion:",
# "Date:") names its speaker, day and occasion; "Heckler:" lines the heckler's turns; "Thank
# you." signs nothing; a press release's mark as a heading, its embargo line, a numbered
# contact note; a quotation joined to its "X said:"; a consultation summary a report, the
# bodies whose views it reports people (`speech`, `release`, `consultation`)
# 34: a transcript's title naming an episode as `podcast` reads one ("S2E5", "episode
# #3") makes it a podcast's, and an abstract opens a paper as the PDF reader reads one
# ("ABSTRACT This ...", not "Abstract-expressionist ..."): one pattern each
# (`podcast.podcast_form`, `titlepage.opens_abstract`)
# 35: a speech's occasion and venue (its head's "Occasion:"/"Venue:" fields, its heading line's
# "to the X"/"at the X") kept as `DocumentMeta.occasion`; an interview of questions and
# answers is of the form interview, its answerer `DocumentMeta.interviewee` (`upload`)
# 36: text pasted from a PDF (`pastedpages`): a running header or footer with its page number
# after spaces or a bar ("Clearing the Air | page 4", "Harbour Review        4") dropped when it
# recurs with another number, a heading set again at a page's top by it dropped, the sentence it
# cut joined; in a file without blank lines so paged, a section's heading ("2. What the
# modelling shows", "Foreword") the section of what follows, no paragraph, and a numbered item
# after a sentence's end or a colon a paragraph; a transcript's role labels ("PRESENTER:",
# "AUDIENCE MEMBER:") credited to whom its head ("Presenter: Nadia Kurt", "an audience member,
# Tom Vale"), the presenter's "I'm ..." or "our first question is from ..." names, the role kept
# as theirs, head fields ("Panel: ...") no turns (`rolenames`); a programme's name over its
# head's fields the title, the broadcaster under it the publisher; a transcript label that is a
# role naming its holder in parentheses ("AUDIENCE MEMBER (TOM VALE):") is the holder's turn,
# the role theirs (`transcript.role_holder`); a person whose name a line's end wraps ("Morgan" /
# "Teague, who chairs ..., said") is reported (`people`); a pasted report's head over its first
# heading a line a paragraph, a title wrapped over two lines whole (`pastedpages.pasted_head`),
# a line of it ending with a date or a month ("Published November 2025") its date, a body's name
# under the title its publisher
# 37: a broadcast's head fields ("PROGRAMME:", "BROADCAST:", "PRESENTER: Nadia Kurt") no turns:
# the programme the title, the broadcaster the publisher, its day the date, the presenter's own
# turns their role (`rolenames`); what each speaker's document says of them beside their name kept
# for the attribution line (`DocumentMeta.credits`: a role, a letter's town); a closing third-
# person note on the author their bio ("About the author", `voices`)
# 38: a press briefing's transcript or a meeting's minutes opening with the organisation and
# their own name in capitals and labelled fields (`meetinghead`): the title from them ("Press
# briefing: <Subject>", or the record's name and the organisation), the organisation the
# publisher, "Date:" the date, "Location:" where it was held (`DocumentMeta.occasion`), "Prepared
# by:" or the minutes' closing "Minutes respectfully submitted by X, Recording Secretary" the
# author and her role, the form "press briefing" or "minutes" (a report); minutes' agenda
# headings ("5. STUDENT REPRESENTATIVE REPORT", "Public comment on item 7.1:") the section of
# what follows, no text; a reporter's label ("Q (Jane Roe, The Harbour Gazette):") the asker's
# turn, "reporter for" the outlet their role, a label of any length starting its own turn; a
# contact line after the last turn ("Media enquiries: ...") no one's words (`transcript`)
# 39: an interview whose title names several things that read as names is with the person a
# part of it names as whose views follow ("Topic: X on Y", "In conversation with X", "X talks
# about Y"), else the one of them its introduction names (`interview.title_interviewee`); an
# interview series' label over the text ("THE HARBOURLINE INTERVIEW") no passage
TEXT_EXTRACTION_VERSION = 39

# A title line: short, one line, not ending like a sentence (a question or exclamation may).
_MAX_TITLE_CHARS = 150
# Lines of a file without blank lines: one shorter than this share of the usual line length,
# ending a sentence, ends its paragraph.
_SHORT_LINE_SHARE = 0.7
_WRAPPED_LINE_CHARS = 100  # files whose usual line is longer have a paragraph a line
# A title under a masthead has this many words at least, or a byline or a date under it.
_MASTHEAD_TITLE_WORDS = 4
# A first block of a title and at most this many short lines under it is a title and its head.
_HEAD_LINES = 2
# The most opening blocks a briefing's or minutes' head spans (the organisation and the record's
# name, the fields, the attendees), and the closing blocks that may say who took the minutes.
_MEETING_HEAD_BLOCKS = 4
_SIGNED_BLOCKS = 3
# A Markdown heading (ATX: "## Arguments for", closing hashes optional; CommonMark allows up to
# three spaces before it) or a line under a heading (setext: "Against" over "-------"); and a
# thematic break ("---", "***", "___"), which says nothing.
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
# A head's field ("Broadcast: 21 May 2026", "Topic: ..."), and the most words of a
# broadcaster's name under a programme's ("Radio Westmarch").
_HEAD_FIELD = re.compile(r"[A-Z][\w'’-]*(?:[ \t][\w'’-]+){0,2}:[ \t]+\S")
_BROADCASTER_WORDS = 4
# A footnote mark pasted after a full stop: a small-letter word, its full stop, one or two
# digits, then a capitalised word ("supply.1 We"). Abbreviations that take a number ("fig.3",
# "para.2") are no sentence's end.
_NOTE_MARK = re.compile(r"\b(?P<word>[a-z]{3,})\.\d{1,2}(?=[ \t\n]+[A-Z])")
_NUMBERED_ABBREVIATIONS = frozenset(
    "fig figs vol vols sec secs para paras chap art arts ref refs eqn tab app pts rev ver edn "
    "ibid".split()
)


@dataclass(frozen=True, slots=True)
class _Block:
    text: str
    line: int  # 1-based line of the file where it starts
    heading: bool = False  # a section's heading in pasted text (`pastedpages.is_pasted_heading`)


def extractor() -> str:
    """The name and version of this extraction, as stored with an upload."""
    return extractor_name("text", TEXT_EXTRACTION_VERSION)


def extract_text(text: str, *, title_given: bool = False) -> Extracted:
    """Extract paragraphs (and a title line, unless `title_given`) from decoded text with
    '\\n' line ends. Never raises; an empty result has no paragraphs."""
    hearing = read_hearing(text)
    if hearing is not None:
        # A hearing's typed transcript: its pages' line numbers and its examination's "Q." and
        # "A." lines read as its speakers' turns (`hearing`).
        return Extracted(
            paragraphs=hearing.paragraphs,
            extractor=extractor(),
            title=hearing.title,
            date=hearing.date,
            kind="transcript",
            form=Form.HEARING,
        )
    judgment = _judgment(text)
    if judgment is not None:
        # A court's judgment pasted as text: read as the PDF reader reads one (`judgment`).
        return judgment
    thread = read_email_thread(text)
    if thread is not None:
        # An email thread: each message its sender's, quoted copies and furniture out.
        senders = {p.speaker for p in thread.paragraphs if p.speaker}
        return Extracted(
            paragraphs=thread.paragraphs,
            extractor=extractor(),
            title=thread.title,
            author=thread.author,
            date=thread.date,
            kind=Kind.LETTER.value,
            form=Form.EMAIL_THREAD if len(senders) > 1 else Form.EMAIL,
            people=thread.people,
        )
    furniture = page_furniture(text.split("\n"))
    text = "\n".join("" if n in furniture else line for n, line in enumerate(text.split("\n")))
    vocabulary = written_words(text.split("\n"))
    blocks = [
        _Block(_without_note_marks(_dehyphenated(b.text, vocabulary)), b.line, b.heading)
        for b in _rejoined(_blocks(text, furniture), furniture)
    ]
    title: str | None = None
    kind: str | None = None
    if len(blocks) > 2 and RELEASE_MARK.fullmatch(blocks[0].text):
        blocks = blocks[1:]  # a press release's mark over its headline
        kind = Kind.PRESS_RELEASE.value
    elif len(blocks) > 2 and (kicker := KICKER.fullmatch(blocks[0].text)) is not None:
        blocks = blocks[1:]  # a kicker over the headline: "OPINION" says an op-ed
        kind = "op-ed" if kicker.group("opinion") else None
    publisher: str | None = None
    # A briefing's transcript or a meeting's minutes opening with their organisation, their
    # own name and fields ("Subject:", "Date:", "Location:"): `meetinghead`.
    meeting = meeting_head([b.text for b in blocks[:_MEETING_HEAD_BLOCKS]])
    if meeting is not None:
        blocks = [
            *(_Block(text, blocks[0].line) for text in meeting.fields),
            *blocks[meeting.blocks :],
        ]
        publisher = meeting.publisher
        title_given = title_given or bool(meeting.title)
        title = meeting.title
    if not title_given and len(blocks) > 2 and _over_title(blocks):
        # An organisation's masthead over a report's title is who publishes it.
        publisher = masthead(blocks[0].text)
        blocks = blocks[1:]
    if not title_given and len(blocks) > 1:
        blocks = _dated_title(blocks)
        labels = _labels_after(blocks)
        first, *rest = blocks[0].text.split("\n")
        if (
            rest
            and len(rest) <= _HEAD_LINES
            and _is_title(first, labels)
            and all(is_head_line(line) or is_field_line(line) for line in rest)
            and any(map(is_head_line, rest))
        ):
            # A title with a line or two under it ("June 10, 2022", "By Helena Marsh", a head's
            # field: "Venue: ..."): the title, then those lines as paragraphs of their own (the
            # upload reads them).
            lines = [
                _Block(line.strip(), blocks[0].line + number)
                for number, line in enumerate(rest, start=1)
                if line.strip()
            ]
            blocks = [_Block(first, blocks[0].line), *lines, *blocks[1:]]
        if _is_title(blocks[0].text, labels):
            title = clean_field(blocks[0].text.lstrip("# "))
            blocks = blocks[1:]
    if (
        title
        and publisher is None
        and any(b.heading for b in blocks[1:])
        and not blocks[0].heading
        and names_organisation(blocks[0].text)
    ):
        # A pasted report's body under its title ("Harbour Transport Commission") publishes it.
        publisher, blocks = clean_field(blocks[0].text), blocks[1:]
    if meeting is not None and meeting.form is Form.MINUTES:
        blocks = _agenda_headings(blocks)
    paragraphs = _under_headings(blocks)
    # Role labels ("PRESENTER:") credited to whom the head or the turns name for them.
    turns = transcript_turns(paragraphs)
    if turns is not None:
        if title is None and not title_given:
            title, publisher, turns = _programme(turns, publisher)
        # A broadcast's head of fields ("PROGRAMME: ...", "BROADCAST: ..."): its title,
        # broadcaster and day, no one's words.
        broadcast = broadcast_head(turns)
        turns = list(broadcast.turns)
        title = title or (None if title_given else broadcast.programme)
        publisher = publisher or broadcast.broadcaster
    if turns is not None and title and not publisher:
        # A parliament's record: the chamber publishes it, the business debated is its title.
        heading = business_heading(title, turns)
        if heading is not None:
            title, publisher, turns = heading[0], heading[1], list(heading[2])
    date, month = _pasted_head_date(blocks)
    date = date or (broadcast.date if turns is not None else None)
    author = role = None
    if meeting is not None:
        date = meeting.date or date
        author, role = prepared_by(meeting, [b.text for b in blocks[-_SIGNED_BLOCKS:]])
        kind = kind or (Kind.REPORT.value if meeting.form is Form.MINUTES else None)
    return Extracted(
        paragraphs=tuple(paragraphs if turns is None else turns),
        extractor=extractor(),
        title=title,
        author=author,
        author_role=role,
        publisher=publisher,
        occasion=meeting.place if meeting is not None else None,
        form=meeting.form if meeting is not None else None,
        kind=kind if turns is None else "transcript",
        date=date,
        year=month[0] if month is not None else None,
        month=month[1] if month is not None else None,
    )


def _programme(
    turns: list[Paragraph], publisher: str | None
) -> tuple[str | None, str | None, list[Paragraph]]:
    """A transcript's head opening with its programme's name over lines of the head's fields
    ("THE WEDNESDAY PANEL" over "Broadcast: 21 May 2026"): the name its title (in a title's
    capitals: `casing.title_case`), and the line under it, a name of a few capitalised words
    the text names again ("Radio Westmarch" ... "prepared by Radio Westmarch"), its publisher;
    the turns without them. None and the turns as given for any other head, and for a
    podcast's (`podcast.show_head` reads that)."""
    lines = turns[0].text.split("\n") if turns and turns[0].speaker is None else []
    if (
        len(lines) < 2
        or not _is_title(lines[0])
        or transcript.opening_label(lines[0]) is not None
        or not any(_HEAD_FIELD.match(line) or is_head_line(line) for line in lines[1:])
        # A podcast's head names its show and episode: `podcast.show_head` titles it.
        or podcast_form(turns[0].text, transcript=True) is not None
    ):
        return None, publisher, turns
    rest, under = lines[1:], lines[1].strip()
    words = under.split()
    if (
        publisher is None
        and 1 < len(words) <= _BROADCASTER_WORDS
        and all(word[:1].isupper() for word in words)
        and under in " ".join(turns[0].text.split("\n")[2:])
    ):
        publisher, rest = under, lines[2:]
    head = dataclasses.replace(turns[0], text="\n".join(rest).strip())
    return title_case(lines[0]), publisher, [head, *turns[1:]] if head.text else turns[1:]


def _pasted_head_date(blocks: Sequence[_Block]) -> tuple[dt.date | None, tuple[int, int] | None]:
    """When a pasted report's head (its lines over its first heading, each a block:
    `pastedpages.pasted_head`) says it appeared ("Published November 2025", "3 June 2025"):
    the date, or the (year, month) of one without its day (`titlepage.ending_date`); Nones for
    none, or for a file with no such head."""
    if not any(block.heading for block in blocks):
        return None, None
    for block in blocks:
        if block.heading or "\n" in block.text:
            break
        date, month = ending_date(block.text)
        if date is not None or month is not None:
            return date, month
    return None, None


def _judgment(text: str) -> Extracted | None:
    """The judgment the text is (`judgment.judgment_of_lines`: its lines, each run between
    blank lines a block, less the page numbers of a text pasted from a PDF), or None."""
    lines: list[str] = []
    blocks: list[int] = []
    block = 0
    written = text.split("\n")
    furniture = page_furniture(written)
    for index, line in enumerate(written):
        if index in furniture:
            continue
        if line.strip():
            lines.append(line.strip())
            blocks.append(block)
        else:
            block += 1
    return judgment_of_lines(lines, blocks, None, extractor())


def _over_title(blocks: Sequence[_Block]) -> bool:
    """Whether the first block is a masthead over the title (`head.masthead`): the title under
    it a line of its own, of `_MASTHEAD_TITLE_WORDS` words or more or over a byline, a date or
    a month ("Regional Water Resilience Strategy 2024-2030", "Harbour Plan" over "March 2025"),
    not a section's heading ("Summary")."""
    first, title, after = (block.text for block in blocks[:3])
    if "\n" in first or masthead(first) is None or not _is_title(title):
        return False
    under = after.split("\n")[0]
    return (
        len(title.split()) >= _MASTHEAD_TITLE_WORDS or is_head_line(under) or is_month_line(under)
    )


def _under_headings(blocks: Sequence[_Block]) -> list[Paragraph]:
    """The blocks as paragraphs, each under the Markdown heading before it (its `section`):
    a heading ("## Against", or "Against" over "-------") is no paragraph, whether it is a
    block of its own or opens one, and neither is a thematic break ("---", "***")."""
    paragraphs: list[Paragraph] = []
    section: str | None = None
    for block in blocks:
        if block.heading:
            section = clean_field(block.text) or section
            continue
        lines = block.text.split("\n")
        start = 0
        if len(lines) > 1 and _SETEXT_UNDERLINE.match(lines[1]) and lines[0].strip():
            section = clean_field(lines[0]) or section
            start = 2
        for index in range(start, len(lines)):
            atx = _ATX_HEADING.match(lines[index])
            if atx is None and not _THEMATIC_BREAK.match(lines[index]):
                continue
            _add_paragraph(paragraphs, lines[start:index], block.line + start, section)
            if atx is not None:
                section = clean_field(atx.group("text")) or section
            start = index + 1
        _add_paragraph(paragraphs, lines[start:], block.line + start, section)
    return paragraphs


def _agenda_headings(blocks: Sequence[_Block]) -> list[_Block]:
    """Minutes' blocks with the agenda's headings opening them ("5. STUDENT REPRESENTATIVE
    REPORT", "Public comment on item 7.1:": `meetinghead.agenda_heading`) made headings of
    their own, the section of what follows."""
    out: list[_Block] = []
    for block in blocks:
        lines = block.text.split("\n")
        start = 0
        while start < len(lines) and agenda_heading(lines[start]):
            out.append(_Block(lines[start].strip(), block.line + start, heading=True))
            start += 1
        rest = "\n".join(lines[start:]).strip()
        if rest:
            out.append(dataclasses.replace(block, text=rest, line=block.line + start))
    return out


def _add_paragraph(
    paragraphs: list[Paragraph], lines: Sequence[str], line: int, section: str | None
) -> None:
    """Add the lines as a paragraph starting at file line `line`, unless they are blank."""
    text = "\n".join(lines).strip()
    if text:
        paragraphs.append(Paragraph(text=text, line=line, section=section))


def _blocks(text: str, furniture: set[int]) -> list[_Block]:
    """The text's paragraphs: runs of lines between blank lines, or a file without blank lines
    (but where its pages' headers and footers, `furniture`, were) unwrapped (`_unwrapped`)."""
    lines = text.split("\n")
    if sum(1 for line in lines if line.strip()) > 1 and all(
        line.strip() or n in furniture
        for n, line in enumerate(lines)
        if _first_filled(lines) <= n <= _last_filled(lines)
    ):
        return _unwrapped(lines, bool(furniture))
    blocks: list[_Block] = []
    start: int | None = None
    for number, line in enumerate([*lines, ""]):
        if line.strip():
            if start is None:
                start = number
        elif start is not None:
            blocks.append(_Block(_trimmed(lines[start:number]), start + 1))
            start = None
    return blocks


def _dehyphenated(text: str, vocabulary: set[str]) -> str:
    """A paragraph's lines with each word broken at a line end whole again ("in-" / "crease":
    "increase"; "long-" / "term": "long-term", see `hyphens`), its other line breaks kept."""
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if broken_word(out[-1], line) is not None:
            out[-1] = joined_lines(out[-1], line, vocabulary)
        else:
            out.append(line)
    return "\n".join(out)


def _rejoined(blocks: Sequence[_Block], furniture: set[int]) -> list[_Block]:
    """The blocks, with a paragraph that a page's header or footer (`furniture`, line indexes)
    cut in two whole again: where the block before the header ends in a full line (no
    heading) that ends no sentence."""
    if not furniture:
        return list(blocks)
    filled = [len(line.strip()) for b in blocks for line in b.text.split("\n")]
    usual = statistics.median(filled) if filled else 0
    joined: list[_Block] = []
    for block in blocks:
        if joined:
            before = joined[-1]
            last = before.text.split("\n")[-1].strip()
            end = before.line + before.text.count("\n")  # 1-based: the index after it
            if (
                any(index in furniture for index in range(end, block.line - 1))
                and last[-1:] not in ".!?:;\"'”’)"
                and len(last) >= _SHORT_LINE_SHARE * usual
            ):
                joined[-1] = _Block(f"{before.text}\n{block.text}", before.line)
                continue
        joined.append(block)
    return joined


def _without_note_marks(text: str) -> str:
    """The text without footnote marks pasted from a PDF after a sentence's full stop
    ("supply.1 We will" -> "supply. We will"): a number of one or two digits after a word of
    three or more small letters and its full stop, before a capitalised word. Decimals and
    numbered parts ("Table 4.2", "version 2.1", "£1.5") and abbreviations ("fig.3") keep
    theirs."""

    def unmarked(match: re.Match[str]) -> str:
        word = match.group("word")
        return match.group(0) if word in _NUMBERED_ABBREVIATIONS else f"{word}."

    return _NOTE_MARK.sub(unmarked, text)


def _first_filled(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if line.strip()), 0)


def _last_filled(lines: list[str]) -> int:
    return max((i for i, line in enumerate(lines) if line.strip()), default=0)


def _trimmed(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip()


def _unwrapped(lines: list[str], paged: bool = False) -> list[_Block]:
    """A file without blank lines: a paragraph a line when lines are long (each was a
    paragraph), else paragraphs end at a short line that ends a sentence, or before an
    indented line. Text pasted from a PDF's pages (`paged`: their headers or footers were found)
    has its sections' headings as blocks of their own (`pastedpages.is_pasted_heading`), and a
    numbered item after a sentence's end or a colon opens a paragraph."""
    filled = [(n, line) for n, line in enumerate(lines) if line.strip()]
    usual = statistics.median(len(line.strip()) for _, line in filled)
    if usual > _WRAPPED_LINE_CHARS:
        return [_Block(line.strip(), n + 1) for n, line in filled]
    blocks: list[_Block] = []
    if paged:
        # A pasted report's head over its first heading: a line a block, a title wrapped over
        # two lines whole ("... Review of the" / "Proposed ...").
        head, end = pasted_head([line for _, line in filled])
        blocks = [_Block(text, filled[at][0] + 1) for at, text in head]
        filled = filled[end:]
    current: list[tuple[int, str]] = []
    for at, (n, line) in enumerate(filled):
        before = filled[at - 1][1] if at else None
        # A heading heads a paragraph of two lines or more (a name over a role is a signature).
        after = filled[at + 1][1] if at + 2 < len(filled) else None
        if paged and is_pasted_heading(line, before, after):
            if current:
                blocks.append(_Block(_trimmed([t for _, t in current]), current[0][0] + 1))
                current = []
            blocks.append(_Block(line.strip(), n + 1, heading=True))
            continue
        item = paged and before is not None and opens_item(line, before)
        indented = line[:1].isspace() and current and not current[-1][1][:1].isspace()
        # A speaker's label opens a turn, though the line before it was no short one; a label
        # alone on its line ("Roe: (01:15)") does not end one.
        label = transcript.line_label(line)
        labelled, label_only = label is not None, label is not None and label[1]
        # A line of no words said ("[CROSSTALK]") is a block of its own (a transcript drops it).
        direction = transcript.NO_WORDS_SAID.fullmatch(line.strip()) is not None
        if current and (indented or labelled or direction or item):
            blocks.append(_Block(_trimmed([t for _, t in current]), current[0][0] + 1))
            current = []
        current.append((n, line))
        stripped = line.strip()
        if direction or (
            not label_only
            and len(stripped) < _SHORT_LINE_SHARE * usual
            and stripped[-1:] in ".!?\"'”’)"
        ):
            blocks.append(_Block(_trimmed([t for _, t in current]), current[0][0] + 1))
            current = []
    if current:
        blocks.append(_Block(_trimmed([t for _, t in current]), current[0][0] + 1))
    return blocks


def _is_title(text: str, labels: frozenset[str] = frozenset()) -> bool:
    """Whether a first line is a title: one short line not ending like a sentence, and no
    speaker's label, unless that label opens no other paragraph and the line asks nothing (a
    transcript's "Millbrook Town Hall Meeting: The New Bridge", where a speaker speaks again)."""
    if "\n" in text or len(text) > _MAX_TITLE_CHARS:
        return False
    label = transcript.opening_label(text)
    if label is not None and (
        transcript.speaker_name(label) in labels or text.rstrip().endswith(("?", "!"))
    ):
        return False
    return text.startswith("#") or not text.rstrip().endswith((".", ",", ";", ":"))


def _labels_after(blocks: Sequence[_Block]) -> frozenset[str]:
    """The speakers whose labels open the blocks after the first (as names:
    `transcript.speaker_name`)."""
    return frozenset(
        transcript.speaker_name(found[0])
        for block in blocks[1:]
        if (found := transcript.turn_label(block.text))
    )


def _dated_title(blocks: list[_Block]) -> list[_Block]:
    """The blocks, a first line whose words after a colon are only a date ("Millbrook Town Hall
    Meeting: 14 March 1954") split into the title and, under it, the date as a head line of its
    own (for the upload's head to read)."""
    first, _, rest = blocks[0].text.partition("\n")
    name, colon, when = first.partition(":")
    if not (colon and name.strip() and is_head_line(when)) or is_head_line(first):
        return blocks  # no date after the colon, or a line only saying when ("Date: ...")
    return [
        _Block(name.strip(), blocks[0].line),
        _Block("\n".join([when.strip(), *rest.split("\n")]).strip(), blocks[0].line),
        *blocks[1:],
    ]
