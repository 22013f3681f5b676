"""Markdown written for another tool (Hugo, Jekyll, a blog export) or by hand -> `Extracted`.

Such a file may open with YAML front matter of its own (`title`, `authors`, `date`, `excerpt`,
`categories`...), which is not the corpus format and must not be refused as if it were a broken
one: its title, author(s) and date are read (PyYAML), the rest is left. A file with no front
matter has its first heading, when the text opens with one ("# Title"), as its title. The body
is rendered as Markdown (markdown-it-py, CommonMark with the inline HTML such exports carry) and
read block by block as the HTML extractor reads a page: a paragraph, list item or block quote a
paragraph, a heading (or a paragraph that is only bold, as blog exports set sub-heads) the
section of what follows, entities decoded, links and emphasis reduced to their text
("**Roe:** ...", "*By Jane Roe*" are a speaker label and a byline, not asterisks). Notes the
text cites (`[^1]: ...`, a "## Notes" list) are its bibliography, not its text (`markdownnotes`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bot.engine.formats.casefile import (
    case_head,
    is_motion_line,
    stated_motion,
    with_cards,
    with_sides,
)
from bot.engine.formats.extracted import (
    Extracted,
    Paragraph,
    clean_field,
    extractor_name,
    parse_date,
)
from bot.engine.formats.head import MAX_HEAD_LINE_CHARS, date_in, is_head_line
from bot.engine.formats.interview import bold_text, interview_questions, interview_turns, only_bold
from bot.engine.formats.markdownnotes import split_notes
from bot.engine.models import CorpusError, Kind

# Bump when the rules below change what a file gives.
# 2: paragraphs opening with speaker labels are turns; 3: a file that states no date has none;
# 4: a letter's salutation and sign-off are no passages; 5: the people reported without job
# titles, with accents, no firm taken for a person; 6: Markdown with no front matter is read
# here too (it was read as plain text, markup and all), its opening heading its title; 7: a
# block quote's paragraphs are quotes (one repeating the text a pull quote, left out); 8: a
# paragraph wholly in italics is an aside (after an interview's turns, the publisher's); 9: the
# roles a text calls people by ("the mayor"), and surnames that are place words ("Linda Park");
# 10: a transcript's introduction dates it, head fields ("Location:") are no turns, an oral
# history's "Q"/"A" its interviewer's and interviewee's; a date alone heads a diary's entry;
# a letter set among the file's other words is its signer's; 11: a speaker label that is a role
# ("THE CHAIRMAN:") a speaker a question can name, a titled one known by its title ("the mayor");
# 12: notes (`[^1]: ...` definitions, a list closing the file) the bibliography its `[1]` marks
# cite, not passages (`markdownnotes`); 13: a year-only publication line at the head or the
# foot ("First published 1998", "© 2011 The Portlow Society") is the year the document appeared
# (`head.publication_year`);
# 14: a parliament's record is a transcript: a label with its seat and party in parentheses ("Ms
# Jane Roe (Northfield) (Lab):"), an office with its holder ("The Minister for Schools (Ms Jane
# Roe):", the holder speaks), the time alone on a line ("11.42 am"), and a short label the same
# speaker's full one ("Ms Roe:"); "hon." ends no sentence; a label's role or office names
# its speaker ("the host", "the minister"); a record's own lines ("Question put
# and agreed to.", "Resolved,") end the turn;
# 15: a byline under an editor's note is still the byline; a colophon line in the head
# ("Published in the Westmoor Courier, 18 February 2025") its date and publisher, no passage; a
# press release's dateline under its standfirst dates it
# 16: a page of several signed letters (each opening "Sir," or "Dear Editor,", signed
# "Harold Benning, Upper Clough") is each letter its signer's, the signature line and the
# headline over each letter no passages, the town a name for the signer ("the writer from
# Upper Clough"): `letter.letters_within`;
# 17: bold-only paragraphs that mostly ask ("**Why did you resign?**"), each over a plain answer
# in the first person, are an interview's questions, no sub-heads: the interviewer's turns, the
# answers the interviewee's; a speech's heading ("Speech by the Mayor of X, Councillor Jane Roe,
# to ...", "Remarks by") names its speaker, the author with her role, and makes it a speech
# (`speech`), whose audience notes ("(Applause)", "[inaudible]") are no words of hers; a head
# line of sentences ("The Courier, 27 April 2024. Interview by Jane Roe.") its publisher, date
# and byline; an interview's "X spoke to Y" names its two people
# 18: a page of two letters or more is of the kind letter; a name between commas
# before a reporting verb reports ("The chair of X, Jane Roe, said": `people`)
# 19: a byline under the opening paragraph ("By Jo Kim, Local Democracy Reporter" under a pasted
# story's lede) and a credit line ("Rowan Ellery · 3 April 2025") name the author, no passage
# (`byline`); links to other stories ("Related: ...", "More from this area" and the list under
# it), buttons ("[Subscribe now]"), a newsletter's pitch and footer, a copyright line at the foot
# and a writer's sign-off ("Until next time," / "Rowan") no passages; "Image caption: ..." a
# caption (`furniture`, `letter.writers_sign_off`)
# 20: a document saying it is a report ("This report sets out ...") or with an "Executive
# summary" section is of the kind report (`titlepage.calls_itself_report`); the form a
# reader recognises a file as ("newsletter", "encyclopedia page", "blog post", "hearing",
# "podcast", "paper", "live blog": `models.Form`) is stored, "the newsletter" names it
# (`forms`); a file named by
# nothing ("message.txt", "Untitled.txt") and stating no title is titled by its opening sentence
# 21: a file's own head naming people with their parts (a judgment's counsel) adds them to
# its people,
# and a form's author is called as the form says ("the judge"): `upload`
# 22: a podcast's or a show's transcript (`podcast`): the show and episode its head names
# the title ("The Division Bell, episode 47: ..."), the show the publisher, the hosts the
# authors, "Guest:" the guest ("the guest"); each turn's timestamp its heading ("00:03:08",
# cited with its quote), a timestamp alone on the line over a label too; capital labels
# named as written ("OKONKWO-HALE" -> "Okonkwo-Hale", "McDONALD" -> "McDonald": `casing`)
# 23: an interview's introduction saying "Sam Poe tells Jane Roe", "He tells Jane Roe" (after
# a paragraph opening with the name), "Jane Roe meets Sam Poe" or "In conversation with Sam Poe"
# names who answered and who asked (`interview.interview_pair`)
# 24: a speech's head of fields ("Speaker: Cllr Jane Roe, Leader of X", "Occasion:",
# "Date:") names its speaker, day and occasion; "Heckler:" lines the heckler's turns; "Thank
# you." signs nothing; a press release's mark as a heading, its embargo line, a numbered
# contact note; a quotation joined to its "X said:"; a consultation summary a report, the
# bodies whose views it reports people (`speech`, `release`, `consultation`)
# 25: a transcript's title naming an episode as `podcast` reads one ("S2E5", "episode
# #3") makes it a podcast's, and an abstract opens a paper as the PDF reader reads one
# ("ABSTRACT This ...", not "Abstract-expressionist ..."): one pattern each
# (`podcast.podcast_form`, `titlepage.opens_abstract`)
# 26: a speech's occasion and venue (its head's "Occasion:"/"Venue:" fields, its heading line's
# "to the X"/"at the X") kept as `DocumentMeta.occasion`; an interview of questions and
# answers is of the form interview, its answerer `DocumentMeta.interviewee` (`upload`)
# 27: a transcript label that is a role naming its holder in parentheses ("AUDIENCE MEMBER (TOM
# VALE):") is the holder's turn, the role theirs (`transcript.role_holder`); a person whose name
# a line's end wraps ("Morgan" / "Teague, who chairs ..., said") is reported (`people`)
# 28: what each speaker's document says of them beside their name kept for the attribution line
# (`DocumentMeta.credits`: a role, a letter's town); a closing third-person note on the author
# their bio ("About the author", `voices`)
# 29: a reporter's label naming the asker and the outlet ("Q (Jane Roe, The Harbour Gazette):")
# is the asker's turn, "reporter for" the outlet their role; a contact line after the last turn
# ("Media enquiries: press@... | 0170 ...") no one's words (`transcript`); "reported" reports
# 30: an interview whose title names several things that read as names is with the person a
# part of it names as whose views follow ("Topic: X on Y", "In conversation with X", "X talks
# about Y"), else the one of them its introduction names (`interview.title_interviewee`); an
# interview series' label over the text ("THE HARBOURLINE INTERVIEW") no passage
# 31: no text is dropped: a bold-only line heads text only when text follows it before the next
# heading (else, or when it is a sentence or a motion, it is a paragraph), and a line that is only
# a link is text; a head's lines ("**Compiled by:** Jane Roe" / "Calder Shield, 22 November
# 2025") are paragraphs apart; "Compiled by: X" a byline; a case file (both sides' cases under
# headings) a debate: its motion, each side's paragraphs, its cards' quotations their authors',
# its date its "Last edited" line's, its author its compiler's, in any order (`casefile`)
MARKDOWN_EXTRACTION_VERSION = 31
# Front matter is a few lines; a larger block is no front matter anyone wrote by hand.
MAX_FRONT_MATTER_CHARS = 64_000
# Keys that static-site generators and blog exports write and the corpus format never does
# (Hugo, Jekyll, Eleventy, Pelican, WordPress exports): one of them, or YAML's own block syntax,
# tells foreign front matter from a corpus-format header with a typo.
SITE_KEYS = frozenset(
    """
    authors categories category tags type layout draft excerpt description summary slug
    permalink lastmod weight image images featured_image cover subtitle keywords series toc
    comments published publishdate expirydate linktitle menu sitemap redirect_from header
    sidebar share thumbnail canonical_url canonicalurl modified updated
    """.split()
)
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)
_YAML_BLOCK = re.compile(r"^(?:[ \t]+\S|-[ \t])", re.MULTILINE)  # indented lines, list items
_BOLD_HEADING_CHARS = 90


def front_matter(text: str) -> tuple[str, int] | None:
    """The front matter block of `text` (between an opening `---` line and the next `---` or
    `...` line) and the 0-based line where the body starts; None when there is none."""
    if not text.startswith("---"):
        return None
    first_break = text.find("\n")
    if first_break < 0 or text[:first_break].strip() != "---":
        return None
    closing = _FENCE.search(text, first_break + 1)
    if closing is None:
        return None
    block = text[first_break + 1 : closing.start()]
    return block, text.count("\n", 0, closing.end()) + 1


def is_foreign_front_matter(block: str) -> bool:
    """Whether a front matter block was written for another tool: YAML block syntax (indented
    lines, list items) or a key only static-site generators use. A corpus-format header with
    a misspelt key is not foreign: the corpus parser's error names it."""
    if _YAML_BLOCK.search(block):
        return True
    return any(match.group(1).casefold() in SITE_KEYS for match in _KEY.finditer(block))


def extractor() -> str:
    """The name and version of this extraction, as stored with an upload."""
    return extractor_name("markdown", MARKDOWN_EXTRACTION_VERSION, "markdown-it-py")


def extract_markdown(text: str, filename: str) -> Extracted:
    """Extract an article from Markdown with foreign front matter or none (decoded text, '\\n'
    line ends). Raises `CorpusError` naming `filename` (and the line of the file) when the front
    matter is not YAML or is too long."""
    import yaml

    found = front_matter(text)
    block, body_line = found if found is not None else ("", 0)
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise CorpusError(
            filename, f"the front matter is over {MAX_FRONT_MATTER_CHARS:,} characters long", 1
        )
    try:
        meta = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the fence
        problem = clean_field(getattr(error, "problem", None)) or "not valid YAML"
        raise CorpusError(filename, f"the front matter cannot be read ({problem})", line) from None
    if not isinstance(meta, dict):
        meta = {}
    body = "\n".join(text.split("\n")[body_line:])
    url = clean_field(_first(meta, "canonical_url", "canonicalurl", "url", "link"))
    title = clean_field(meta.get("title"))
    if title is None:
        title, body = _opening_heading(body)
    notes = split_notes(body)
    paragraphs = _paragraphs(_head_lines_apart(notes.body), title)
    date = _date(_first(meta, "date", "publishdate", "published"))
    author = _authors(_first(meta, "authors", "author"))
    # A case file (`casefile`): a debate, its motion stated, by its compiler, dated by its
    # last edit.
    debate = any(p.side is not None for p in paragraphs)
    if debate:
        head = case_head(paragraphs)
        paragraphs = head.paragraphs
        author, date = author or head.compiler, date or head.edited
    return Extracted(
        paragraphs=tuple(paragraphs),
        extractor=extractor(),
        title=title,
        author=author,
        date=date,
        url=url if url and re.match(r"https?://\S+$", url) else None,
        references=notes.references,
        kind=Kind.DEBATE.value if debate else None,
        motion=stated_motion(paragraphs) if debate else None,
    )


def _opening_heading(body: str) -> tuple[str | None, str]:
    """A body's opening ATX heading of any level ("# Title", the first line that is not blank)
    as its title, its markup reduced to text, and the body without it; (None, body) when the
    body opens with anything else."""
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, body
    heading = _ATX_HEADING.match(lines[first])
    if heading is None:
        return None, body
    import lxml.html
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").renderInline(heading.group("text"))
    words = lxml.html.fragment_fromstring(rendered, create_parent="span").text_content()
    title = clean_field(words)
    if title is None:
        return None, body
    return title, "\n".join(lines[first + 1 :])


_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")


def _first(meta: dict[object, object], *keys: str) -> object:
    lowered = {str(key).casefold(): value for key, value in meta.items()}
    return next((lowered[key] for key in keys if lowered.get(key) is not None), None)


def _authors(value: object) -> str | None:
    """ "Jane Roe", ["Jane Roe", "Joe Bloggs"] or [{name: Jane Roe}] -> "Jane Roe; Joe Bloggs"."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        name = clean_field(item)
        if name:
            names.append(name)
    return "; ".join(dict.fromkeys(names)) or None


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(value)


def _paragraphs(body: str, title: str | None) -> list[Paragraph]:
    """The body's blocks as paragraphs, under their headings."""
    import lxml.html
    from markdown_it import MarkdownIt

    from bot.engine.formats.htmlasides import italic_paragraphs, with_asides
    from bot.engine.formats.htmltext import blocks_to_paragraphs, element_text

    rendered = MarkdownIt("commonmark", {"html": True}).render(body)
    if not rendered.strip():
        return []
    root = lxml.html.fragment_fromstring(rendered, create_parent="div")
    questions = interview_questions(root)
    for element in [p for p in root.iter("p") if p not in questions]:
        if only_bold(element, _BOLD_HEADING_CHARS) and _is_sub_head(element):
            # A sub-head set in bold, as blog exports do.
            element.tag = "h3"
    # Every block is the writer's: a line that is only a link is no page's navigation.
    paragraphs = with_asides(
        blocks_to_paragraphs(root, title, None, written=True), italic_paragraphs(root)
    )
    paragraphs = interview_turns(paragraphs, {bold_text(q) for q in questions})
    headings = [
        (int(element.tag[1]), " ".join(element_text(element).split()))
        for element in root.iter(*_HEADINGS)
    ]
    sided = with_sides(paragraphs, headings)
    return with_cards(sided) if any(p.side is not None for p in sided) else sided


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _is_sub_head(element: Any) -> bool:
    """Whether a bold-only paragraph heads the text under it: not a byline or a date set in bold
    ("**By Jane Roe | The Courier | April 10, 2024**", which `read_head` reads), not a sentence
    nor a motion ("**THW introduce a four-day week.**"), and with a block of text after it
    before the next heading; else it is text of its own, never dropped as a heading over
    nothing."""
    text = " ".join(element.text_content().split())
    if is_head_line(text) or is_motion_line(text) or text.endswith((".", "!")):
        return False
    following = element.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()  # a comment
    if following is None or following.tag in _HEADINGS:
        return False
    return not (following.tag == "p" and only_bold(following, _BOLD_HEADING_CHARS))


def _head_lines_apart(body: str) -> str:
    """The body with each line of a block at its head (before its first heading) a paragraph
    of its own when the lines are a head's fields, not a paragraph wrapped by hand: each
    `_head_like`, and one of them a byline, a date line or a label ("**Compiled by:** Jane
    Roe", "Calder Shield, 22 November 2025", "*Last edited 14 November 2025 by J. Roe.*").
    Markdown joins such lines into one paragraph; a head reads them line by line."""
    lines = body.split("\n")
    out: list[str] = []
    start = 0
    while start < len(lines):
        if _ATX_HEADING.match(lines[start]):
            out.extend(lines[start:])
            break
        end = start
        while end < len(lines) and lines[end].strip():
            end += 1
        block = lines[start:end]
        plain = [_HEAD_MARKUP.sub("", line).strip() for line in block]
        if (
            len(block) > 1
            and all(len(line) <= MAX_HEAD_LINE_CHARS for line in plain)
            and not any(_ATX_HEADING.match(line) or _LIST_ITEM.match(line) for line in block)
            and any(is_head_line(line) or _FIELD_LABEL.match(line) for line in plain)
            and all(map(_head_like, block, plain))
        ):
            out.append("\n\n".join(block))
        else:
            out.extend(block)
        out.extend(lines[end : end + 1])  # the blank line after it
        start = end + 1
    return "\n".join(out)


def _head_like(line: str, plain: str) -> bool:
    """Whether a line (`plain`: without its emphasis marks) may be a head's: a byline, a date
    line or a field, one holding a date ("Calder Shield Regional Round, 22 November 2025"), one
    wholly in emphasis, or a short name with no sentence's end ("Westbrook Debating Society");
    a line of a paragraph wrapped by hand is none of them."""
    stripped = line.strip()
    return (
        is_head_line(plain)
        or _FIELD_LABEL.match(plain) is not None
        or date_in(plain) is not None
        or (stripped[:1] in "*_" and stripped[-1:] in "*_")
        or (len(plain) <= _HEAD_NAME_CHARS and not plain.endswith((".", "?", "!", ",", ";", ":")))
    )


# A head's line naming someone or something ("Westbrook Debating Society") is short; a line of
# a paragraph wrapped by hand is longer (editors wrap at 72 to 80 characters).
_HEAD_NAME_CHARS = 60
# Emphasis marks around a head's words ("**Compiled by:**", "*Last edited ...*").
_HEAD_MARKUP = re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)")
# A head's field: a short label and a colon ("Compiled by:", "Venue:", "Round:").
_FIELD_LABEL = re.compile(r"^[A-Z][\w ]{0,30}:\s+\S")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])[ \t]")
