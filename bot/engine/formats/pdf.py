"""PDF -> `Extracted`: paragraphs rebuilt from the page layout (pdfminer.six).

pdfminer.six's layout analysis gives text lines with their positions, grouped in boxes and put
in reading order column by column (a two-column page's boxes put in order again, left column
then right, between blocks set across both: pdfminer may put a right-hand box first). From them:
running headers, footers and page numbers (lines near the top or bottom edge that recur from
page to page, or are only a number or "OFFICIAL"; on a page of its own, small lines set apart
above or below the text) and vertical text (margin stamps, set a character a line) are dropped;
a paragraph ends where the next line is indented, or further down than the line spacing, or
after a short line that ends a sentence, or at a list's bullet (dropped, as is a bullet pdfminer
cannot name, "(cid:127)"), and goes on across a column or page break otherwise; a numbered
paragraph or a list's item set with a hanging indent goes on while its lines are set under its
text, ragged right or not, and ends at the next number; a footnote
marker (a digit set small and raised, after some of its line's text) is not glued to the word
it follows: written "[n]" where note n is read, dropped otherwise; a word hyphenated at a line
end is joined again unless the document writes it with its hyphen ("long-term"); a heading
(larger, bold or capitals, alone on its line) is the section of what follows; small print
(footnotes) is kept as paragraphs of its own after the text, each note its own, its body's
markers written "[n]" and a note citing a work an entry of the sources (`pdfnotes`); a ruled
table is a paragraph of its rows, a row a line of its cells in order joined by " | "
(`pdftables`), under its caption or its title row. The title is the first page's most prominent
block that is not the publication's masthead (an organisation's name in capitals opening page 1
over the title is its publisher), and the byline and date printed under it ("Dr. Lena Whitford
and Tomas Reyes", "Authors: Jane Roe and Sam Poe", "14 March 2024", "February 2024") win over
the file's /Author and /CreationDate (`titlepage.read_title_page`), an organisation the /Author
names then the publisher; a
letter (a salutation after its letterhead, address and date, and a close over the signer's name)
is its signer's, its title "Letter from <signer>", its letterhead its publisher. A PDF that goes
on into another document (a gazette's next notice) is cut where the first one's opening headings
come again word for word (not "Question 2" after "Question 1"), and the uploader is told what
was left out. Every failure of the parser on a damaged or hostile file is one `CorpusError`
naming the file.

The stages: `pdflines` (pages -> lines in reading order), `pdfheads` (running heads and page
numbers), `pdftitle` (the title and masthead), `pdfpaper` (a paper's head and abstract),
`pdfparagraphs` (lines -> paragraphs, small print, the cut at a second document), `pdfnotes`
(footnotes and their markers), `pdfletter`
(a letter's signer), `pdftables` (ruled tables), `pdfunruled` (tables set without rules),
`pdftabletext` (a table's paragraphs), `pdfpanels` (a designed page's boxes and charts) and
`pdfprinted` (a web page a browser printed to PDF: its
article without the site's furniture, its byline, date, site and URL).
"""

from __future__ import annotations

import logging

from bot.engine.formats.extracted import (
    Extracted,
    Paragraph,
    clean_field,
    extractor_name,
    parse_date,
)
from bot.engine.formats.head import masthead
from bot.engine.formats.judgment import Judgment, judgment_extracted, read_judgment
from bot.engine.formats.pdfletter import find_letter
from bot.engine.formats.pdflines import Line, document_info, open_pdf, read_lines
from bot.engine.formats.pdfpaper import abstract_sections, head_lines, head_paragraph
from bot.engine.formats.pdfparagraphs import read_paragraphs
from bot.engine.formats.pdfprinted import printed_extracted, read_printed_page
from bot.engine.formats.pdftitle import cover_lines, layout_title, masthead_line, release_mark_line
from bot.engine.formats.titlepage import names_organisation, read_title_page
from bot.engine.models import CorpusError, Form, Kind

log = logging.getLogger(__name__)

# Bump when the rules of this module or its stages (named above) change what a PDF gives.
# 3: a speaker label alone on its line joins its turn; 4: paragraphs opening with labels are turns;
# 5: a file that states no date has none (not the day it was uploaded); 6: letters' sign-offs;
# 7: the people reported without job titles, with accents, no firm taken for a person;
# 8: a heading repeated with another number ("Question 2") no longer ends the document;
# 9: the title page's byline and date over /Author and /CreationDate, a title over two lines,
# letters (letterhead, salutation and sign-off no passages, the signer the author); 10: a
# two-column page read down the left column, then the right (`_in_reading_order`); 11: the roles
# a text calls people by ("the mayor"), and surnames that are place words ("Linda Park"); 12:
# footnote markers (small raised digits after a line's first word) dropped ("2023.¹" -> "2023.");
# 13: a one-page PDF's header and footer (small, set apart at the edge) and protective markings
# ("OFFICIAL") dropped; 14: a list's bullets ("•", a symbol font's "(cid:127)") dropped, each
# item a paragraph; 15: an organisation's masthead in capitals over the title ("INSTITUTE FOR
# ENERGY EQUITY") the publisher, not a heading; 16: a ruled table's rows each a paragraph of its
# cells, "label | cell | cell" (`pdftables`), not cells regrouped across rows nor small print;
# 17: a transcript's introduction dates it, head fields ("Location:") are no turns, an oral
# history's "Q"/"A" its interviewer's and interviewee's; a date alone heads a diary's entry; a
# letter set among the file's other words is its signer's; 18: a speaker label that is a role
# ("THE CHAIRMAN:") a speaker a question can name, a titled one known by its title ("the mayor");
# 19: a year-only publication line at the head or the foot ("First published 1998", "© 2011
# The Portlow Society") is the year the document appeared (`head.publication_year`);
# 20: a parliament's record is a transcript: a label with its seat and party in parentheses ("Ms
# Jane Roe (Northfield) (Lab):"), an office with its holder ("The Minister for Schools (Ms Jane
# Roe):", the holder speaks), the time alone on a line ("11.42 am"), and a short label the same
# speaker's full one ("Ms Roe:"); "hon." ends no sentence; a label's role or office names
# its speaker ("the host", "the minister"); a record's own lines ("Question put
# and agreed to.", "Resolved,") end the turn;
# 21: a press release's mark ("PRESS RELEASE — FOR IMMEDIATE RELEASE") says its kind and is no
# heading, a dateline in its first paragraphs dates it; /CreationDate only when the text states
# no date (a dateline, a byline's date, a colophon); a byline under an editor's note, a colophon
# line in the head ("Published in the Westmoor Courier, 18 February 2025") its date and
# publisher
# 22: a page of several signed letters (each opening "Sir," or "Dear Editor,", signed
# "Harold Benning, Upper Clough") is each letter its signer's, the signature line and the
# headline over each letter no passages, the town a name for the signer ("the writer from
# Upper Clough"): `letter.letters_within`;
# 23: a speech's heading ("Speech by the Mayor of X, Councillor Jane Roe, to ...", "Remarks by")
# names its speaker, the author with her role, and makes it a speech (`speech`), whose audience
# notes ("(Applause)", "[inaudible]") are no words of hers; a head line of sentences ("The
# Courier, 27 April 2024. Interview by Jane Roe.") its publisher, date and byline; an
# interview's "X spoke to Y" names its two people
# 24: a page of two letters or more is of the kind letter; a name between commas
# before a reporting verb reports ("The chair of X, Jane Roe, said": `people`); a report's
# cover: its title though the running head repeats it (the file's /Title agrees), its authors,
# organisation (the publisher) and month (the year) read, its subtitle a title; a heading
# wrapped over two lines is one
# 25: a byline under the opening paragraph ("By Jo Kim, Local Democracy Reporter" under a pasted
# story's lede) and a credit line ("Rowan Ellery · 3 April 2025") name the author, no passage
# (`byline`); links to other stories ("Related: ...", "More from this area" and the list under
# it), buttons ("[Subscribe now]"), a newsletter's pitch and footer, a copyright line at the foot
# and a writer's sign-off ("Until next time," / "Rowan") no passages; "Image caption: ..." a
# caption (`furniture`, `letter.writers_sign_off`)
# 26: a document saying it is a report ("This report sets out ...") or with an "Executive
# summary" section is of the kind report (`titlepage.calls_itself_report`); the form a
# reader recognises a file as ("newsletter", "encyclopedia page", "blog post", "hearing",
# "podcast", "paper", "live blog": `models.Form`) is stored, "the newsletter" names it
# (`forms`); a file named by
# nothing ("message.txt", "Untitled.txt") and stating no title is titled by its opening
# sentence; an organisation's name alone on a report's cover ("Westmarch Policy Unit") its
# publisher, though the file's
# /Author does not name it (`titlepage.names_organisation`)
# 27: a two-column paper: the pieces pdfminer splits a justified line into joined again in
# order (a word of two letters was lost as a margin label, "four years" moved out of its
# sentence); a left column's right edge not where the abstract across the page ends (a
# paragraph was cut at "start:"); a paper's title the large lines opening its head's block, its
# authors, affiliations and month under it read ("March 2026"), kept as one passage
# (`pdfpaper`); an abstract a section; a table ruled only across read row by row
# (`pdftables.open_grids`); such a paper (a head or an abstract) of the form paper ("the
# paper", "the working paper", "the study" name it)
# 28: a judgment (`judgment`): its head (court, citation, parties, "Before:") no passages but
# its counsel's and hearing dates' lines, its title the case name and its citation, its date
# the head's ("Date: 14/10/2026"), its judge the author, its leading counsel people ("counsel
# for the claimant"), a quotation introduced by "She submitted:" part of that paragraph; a
# numbered paragraph set with a hanging indent one paragraph, its number kept, a number set
# alone in the margin ("12." then a tab) put before its text (`pdflines`)
# 29: a podcast's or a show's transcript (`podcast`): the show and episode its head names
# the title ("The Division Bell, episode 47: ..."), the show the publisher, the hosts the
# authors, "Guest:" the guest ("the guest"); each turn's timestamp its heading ("00:03:08",
# cited with its quote), a timestamp alone on the line over a label too; capital labels
# named as written ("OKONKWO-HALE" -> "Okonkwo-Hale", "McDONALD" -> "McDonald": `casing`)
# 30: an interview's introduction saying "Sam Poe tells Jane Roe", "He tells Jane Roe" (after
# a paragraph opening with the name), "Jane Roe meets Sam Poe" or "In conversation with Sam Poe"
# names who answered and who asked (`interview.interview_pair`)
# 31: a speech's head of fields ("Speaker: Cllr Jane Roe, Leader of X", "Occasion:",
# "Date:") names its speaker, day and occasion; "Heckler:" lines the heckler's turns; "Thank
# you." signs nothing; a press release's mark as a heading, its embargo line, a numbered
# contact note; a quotation joined to its "X said:"; a consultation summary a report, the
# bodies whose views it reports people (`speech`, `release`, `consultation`)
# 32: a paper's or a report's month under its title ("November 2026", "Working Paper No. 14,
# November 2026") kept with its year (`DocumentMeta.month`, shown "November 2026"), a full date
# closing such a line ("..., 14 November 2026") its date; a list of references set with a hanging
# indent an entry a paragraph (not cut at its second line); a table's header wider than its
# column, running into the one before ("First electionSecond election"), cut between its words,
# not at a column's edge (`pdftables`); a transcript's title naming an episode as `podcast`
# reads one ("S2E5", "episode #3") makes it a podcast's, and an abstract opens a paper as
# `titlepage.opens_abstract` reads one ("Abstract" alone over it too): one pattern each
# 33: a speech's occasion and venue (its head's "Occasion:"/"Venue:" fields, its heading line's
# "to the X"/"at the X") kept as `DocumentMeta.occasion`; an interview of questions and
# answers is of the form interview, its answerer `DocumentMeta.interviewee` (`upload`)
# 34: a numbered paragraph ("4.5", "(a)") or a list's item set with a hanging indent, ragged
# right, one paragraph though its first line ends short ("... in line with the"), its wrapped
# lines set where its text starts (`Line.text_x0`), the next number opening the next; a bullet
# or a letter set alone a tab from its text put with it (the bullet had been dropped and the
# items run together); a ruled table one paragraph, its header row and a row a line (12 rows a
# paragraph at most), under its caption or its title row ("Headline results"), the text after
# a captioned table under the section before the caption, a table going on over a page break
# opening there with its header row too (`pdftabletext`); a table set without rules (cells
# of three rows or more in columns, one of figures) read as a ruled one (`pdfunruled`); in a
# text whose paragraphs are spaced apart (a press release), a ragged line ending a sentence
# short goes on its paragraph when the next line is straight under it (`pdfparagraphs._spaced`)
# 35: a web page a browser printed to PDF (a URL and a print time at the pages'
# edges): its header and footer, the site's menu, cookie notice, breadcrumb, share buttons and
# the links under the article no passages; its headline the title, its byline and date the
# author and date, its site the publisher, its URL the link; a pull quote repeating the text
# dropped, another the author's (`pdfprinted`)
# 36: a transcript label that is a role naming its holder in parentheses ("AUDIENCE MEMBER (TOM
# VALE):") is the holder's turn, the role theirs (`transcript.role_holder`); a person whose name
# a line's end wraps ("Morgan" / "Teague, who chairs ..., said") is reported (`people`)
# 37: a designed page (a factsheet): a pull quote or a sidebar set in a drawn box across a
# column is read apart, the column's paragraph going on past it; a quotation and its credit
# line one paragraph, the credited person's; a bar chart's labels no passages; a bullet of no
# width (pdfminer's empty line) opens its item (`pdfpanels`)
# 38: what each speaker's document says of them beside their name kept for the attribution line
# (`DocumentMeta.credits`: a role, a letter's town); a closing third-person note on the author
# their bio ("About the author", `voices`)
# 39: a reporter's label naming the asker and the outlet ("Q (Jane Roe, The Harbour Gazette):")
# is the asker's turn, "reporter for" the outlet their role; a contact line after the last turn
# ("Media enquiries: press@... | 0170 ...") no one's words (`transcript`); "reported" reports
# 40: footnotes (small print numbered "1 ...", "2 ...") each a paragraph, cut at their numbers
# in sequence, one going on over a column joined again; a note citing a work ("Corvale Library
# Service, Annual Lending Return 2024, table 6.") under "Sources", an entry of a list of
# references, and the reference its marker cites; the body's markers kept as "[n]" where such a
# note is read (`pdfnotes`); a labelled byline ("Authors: Jane Roe and Sam Poe") the authors,
# kept as a passage, the file's /Author (an organisation) then the publisher
# 41: an interview whose title names several things that read as names is with the person a
# part of it names as whose views follow ("Topic: X on Y", "In conversation with X", "X talks
# about Y"), else the one of them its introduction names (`interview.title_interviewee`); an
# interview series' label over the text ("THE HARBOURLINE INTERVIEW") no passage
PDF_EXTRACTION_VERSION = 41


def extractor() -> str:
    """The name and version of this extraction, as stored with an upload."""
    return extractor_name("pdf", PDF_EXTRACTION_VERSION, "pdfminer.six")


def extract_pdf(data: bytes, filename: str) -> Extracted:
    """Extract a PDF's text layer as paragraphs, with its title, author and date.

    Raises `CorpusError` naming `filename` when the file cannot be read (damaged, encrypted
    with a password, too many pages, no text layer)."""

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        document, pages = open_pdf(data, filename)
        info = document_info(document)
        lines = list(read_lines(pages))
    except CorpusError:
        raise
    except RecursionError:
        raise CorpusError(
            filename, "the PDF cannot be read (its structure nests too deep)"
        ) from None
    except MemoryError:
        raise CorpusError(filename, "the PDF cannot be read (it needs too much memory)") from None
    except Exception as error:  # a parser over hostile bytes may raise anything at all
        log.info("PDF %s not read: %r", filename, error)
        raise CorpusError(
            filename, f"the PDF cannot be read ({_reason(error)}); is it a damaged file?"
        ) from None
    # A web page a browser printed: its article without the site's furniture (`pdfprinted`).
    printed = read_printed_page(lines)
    if printed is not None:
        return printed_extracted(printed, lines, info, extractor(), filename)
    # A press release's mark over its headline says what it is, and is no one's words.
    mark = release_mark_line(lines)
    if mark is not None:
        lines = [line for line in lines if line is not mark]
    judgment = read_judgment([line.text for line in lines], info.get("Title"))
    if judgment is not None:
        return _judgment(judgment, lines, info, filename)
    title = layout_title(lines, clean_field(info.get("Title")))
    top = masthead_line(lines, title)
    masthead_name = masthead(top.text) if top is not None else None
    # A cover page's lines under the title (its authors, its month, its organisation) are the
    # title page's, read for its byline and date, not headings over nothing.
    cover = cover_lines(lines, title)
    # A paper's authors, affiliations and date under its title, in its block.
    head = head_lines(lines, title) if not cover else []
    read = read_paragraphs(
        [
            line
            for line in lines
            if line is not top
            and not any(line is t for t in title)
            and not any(line is c for c in cover)
            and not any(line is h for h in head)
        ]
    )
    cut = read.cut
    paragraphs = abstract_sections(read.paragraphs)
    stated_head = head_paragraph(head)
    if stated_head is not None:
        paragraphs.insert(0, stated_head)
    if not paragraphs:
        raise CorpusError(filename, "the PDF has no text layer (a scan?); upload its text instead")
    title_text = clean_field(" ".join(line.text for line in title))
    notes = (cut.note(),) if cut is not None else ()
    created = parse_date(info.get("CreationDate"))
    letter = find_letter(paragraphs)
    if letter is not None:
        # The letterhead over a letter is who it comes from, not its title.
        return Extracted(
            paragraphs=letter.body,
            extractor=extractor(),
            title=f"Letter from {letter.signer}",
            author=letter.signer,
            publisher=title_text or masthead_name,
            date=read_title_page(letter.head).date,
            created=created,
            kind=Kind.LETTER.value,
            notes=notes,
            references=read.references,
        )
    # The byline and date printed under the title: the file's /CreationDate is the day it was
    # made, often long after (or, for a draft, before) the day the document bears, so it is
    # only `created`, which any date the text states wins over (a release's dateline).
    if cover:
        page = read_title_page([Paragraph(text=line.text, page=1) for line in cover])
        # What the cover states besides its byline and date: the organisation the file names
        # as its author publishes it; a subtitle is another title.
        stated_by = clean_field(info.get("Author"))
        rest = [clean_field(line.text) for i, line in enumerate(cover) if i not in page.consumed]
        publisher = next((text for text in rest if text and text == stated_by), None) or next(
            (text for text in rest if text and names_organisation(text)), None
        )
        subtitles = tuple(text for text in rest if text and text != publisher)
    elif head:
        page = read_title_page([Paragraph(text=line.text, page=1) for line in head])
        publisher, subtitles = None, ()
    else:
        page = read_title_page(paragraphs)
        if len(page.consumed) < len(paragraphs):
            paragraphs = [p for i, p in enumerate(paragraphs) if i not in page.consumed]
        # The byline under the title names the authors; the organisation the file names as
        # its author (a template's /Author, "Northgate Policy Institute") publishes it.
        stated_by = clean_field(info.get("Author"))
        publisher = stated_by if stated_by and names_organisation(stated_by) else None
        subtitles = ()
    if page.month is not None and (created is None or (created.year, created.month) != page.month):
        created = None  # "February 2024" printed, made another month: its day is unknown
    return Extracted(
        paragraphs=tuple(paragraphs),
        extractor=extractor(),
        title=title_text or info.get("Title"),
        author=page.author or info.get("Author"),
        publisher=masthead_name or (publisher if page.author else None),
        date=page.date,
        created=created,
        kind=Kind.PRESS_RELEASE.value if mark is not None else None,
        # A paper: an abstract, or authors read under its title in its head's block.
        form=Form.PAPER
        if (head and page.author) or any(p.section == "Abstract" for p in paragraphs)
        else None,
        notes=notes,
        titles=subtitles,
        year=page.month[0] if page.month is not None and page.date is None else None,
        month=page.month[1] if page.month is not None and page.date is None else None,
        references=read.references,
    )


def _judgment(
    judgment: Judgment, lines: list[Line], info: dict[str, str], filename: str
) -> Extracted:
    """A judgment's text without its head, titled by its case, dated and credited to its judge
    as the head says (`judgment`)."""
    read = read_paragraphs([line for index, line in enumerate(lines) if index >= judgment.end])
    paragraphs, cut = read.paragraphs, read.cut
    # The head's lines kept (counsel, hearing dates) are each a paragraph, set centred as they
    # are.
    kept = [
        Paragraph(text=line.text, page=line.page)
        for index, line in enumerate(lines)
        if index in judgment.kept
    ]
    extracted = judgment_extracted(
        judgment,
        kept,
        paragraphs,
        extractor(),
        info.get("Title"),
        info.get("Author"),
        created=parse_date(info.get("CreationDate")),
        notes=(cut.note(),) if cut is not None else (),
        references=read.references,
    )
    if not extracted.paragraphs:
        raise CorpusError(filename, "the PDF has no text layer (a scan?); upload its text instead")
    return extracted


def _reason(error: Exception) -> str:
    text = clean_field(str(error)) or type(error).__name__
    return text[:120]
