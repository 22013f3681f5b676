"""HTML pages -> `Extracted`: the article's paragraphs, headings and metadata (trafilatura).

trafilatura finds the article in the page and hands back its structure (`<p>`, `<head>`,
`<list>`/`<item>`, `<quote>`), which is kept: one paragraph per block, a heading as the section
of the paragraphs under it (one that states something a paragraph too). The bytes are decoded
first, by the charset the page (or the server that sent it) declares, else by detection; an
undecodable page is refused, never patched with U+FFFD. What trafilatura leaves of a site's
furniture (newsletter and letters boxes, share and follow lines, related-article links, the
author's bio, pull quotes repeating the text) is dropped by the rules of its stages.

The stages: `htmlcharset` (bytes -> text), `htmltext` (the tree -> paragraphs, furniture and
pull quotes out), `htmlasides` (figure captions and italic asides, read before trafilatura),
`htmlcredits` (a block quote's credit, read before trafilatura, which drops `<footer>`, or
the person the paragraph before it names: "Osei said:"), `htmllive` (a live blog's entry
times written into its headings before trafilatura, which drops them),
`htmlnotes` (an encyclopedia page's contents box and "[edit]" links out, its notes list the
bibliography, taken from the tree before trafilatura), `htmlmeta` (headline, other titles,
the site, byline, the author's bio, a wiki's "last edited" line) and `htmlmasthead` (every
name the byline links, the outlet's name over a web domain, a live blog's last update). A
court's judgment (`htmljudgment`) is read from the page's lines, not trafilatura's article;
a forum thread's posts (`forum`: each its poster's) before trafilatura, whose text is then not
used; `standfirst` says whom an interview is with (its standfirst kept, else its `<title>`'s
"X on ..."). A blog's or a newsletter's readers' comments, which trafilatura drops, are read
first (`htmlcomments`: each its commenter's, after the article); a guest post's host's
introduction is the host's and the guest its author (`guestpost`).
"""

from __future__ import annotations

import datetime as dt
import re

from bot.engine.formats.extracted import (
    Extracted,
    Paragraph,
    clean_field,
    extractor_name,
    is_turn,
    parse_date,
)
from bot.engine.formats.forum import forum_thread
from bot.engine.formats.guestpost import guest_post
from bot.engine.formats.htmlasides import (
    italic_paragraphs,
    page_captions,
    with_asides,
    with_captions,
)
from bot.engine.formats.htmlcharset import decode_html
from bot.engine.formats.htmlcomments import page_comments
from bot.engine.formats.htmlcredits import page_credits, with_credits
from bot.engine.formats.htmljudgment import page_judgment
from bot.engine.formats.htmlletters import page_editors_note, signed_letters, with_editors_note
from bot.engine.formats.htmllive import with_entry_times
from bot.engine.formats.htmlmasthead import (
    Masthead,
    byline_people,
    is_domain,
    page_masthead,
    written_names,
)
from bot.engine.formats.htmlmeta import (
    byline_author,
    names_author,
    other_titles,
    page_bio,
    page_titles,
    revision_dates,
    title_site,
    title_without_site,
    without_follow,
)
from bot.engine.formats.htmlnotes import page_apparatus, page_form
from bot.engine.formats.htmlrecord import page_record, record_publisher
from bot.engine.formats.htmltext import (
    blocks_to_paragraphs,
    squashed_text,
    with_stated_headings,
)
from bot.engine.formats.interview import bold_text, interview_questions, interview_turns
from bot.engine.formats.standfirst import named_by_titles, page_standfirst, with_standfirst
from bot.engine.models import CorpusError, Form, Kind
from bot.engine.voices import ABOUT_THE_AUTHOR

# Bump when the rules of this module or its stages (named above) change what a page gives, so
# stored uploads can be extracted again.
# 3: the author's bio kept, last, "About the author"; 4: the page's other titles kept as aliases.
# 5: labelled paragraphs are turns; 6: table rows; 7: a page that states no date has none;
# 8: a letter's salutation and sign-off are no passages; 9: the people reported without job
# titles, with accents, no firm taken for a person; 10: figure captions kept where the figure
# stands (the publisher's), paragraphs inside a block quote are quotes (a repeated one a pull quote)
# 11: a paragraph wholly in italics is an aside (after an interview's turns, the publisher's);
# 12: the roles a text calls people by ("the mayor"), and surnames that are place words ("Linda
# Park"); 13: a transcript's introduction dates it, head fields ("Location:") are no turns, an
# oral history's "Q"/"A" its interviewer's and interviewee's; a date alone heads a diary's entry; a
# line break (`<br>`) inside a paragraph is a space between its words; no date from a search of
# the text (htmldate's "January 1" of a year a note names); a letter set in a page its signer's;
# 14: a speaker label that is a role ("THE CHAIRMAN:") a speaker a question can name, a titled one
# known by its title ("the mayor"); 15: a year-only publication line at the head or the foot
# ("First published 1998", "© 2011 The Portlow Society") is the year the document appeared
# (`head.publication_year`); 16: a block quote's credit (`<footer>`, `<cite>`, a dash line)
# kept as a paragraph under it, the quotation its speaker's; 17: a heading that states something
# ("Our verdict: Mostly false") a paragraph too, first under itself;
# 18: a parliament's record is a transcript: a label with its seat and party in parentheses ("Ms
# Jane Roe (Northfield) (Lab):"), an office with its holder ("The Minister for Schools (Ms Jane
# Roe):", the holder speaks), the time alone on a line ("11.42 am"), and a short label the same
# speaker's full one ("Ms Roe:"); "hon." ends no sentence; a label's role or office names
# its speaker ("the host", "the minister"); a record's own lines ("Question put
# and agreed to.", "Resolved,") end the turn; a byline under an editor's note is still the byline,
# a colophon line in the head ("Published in the Westmoor Courier, 18 February 2025") its date
# and publisher (`head`)
# 19: a page of several signed letters (each opening "Sir," or "Dear Editor,", signed
# "Harold Benning, Upper Clough") is each letter its signer's, the signature line and the
# headline over each letter no passages, the town a name for the signer ("the writer from
# Upper Clough"): `letter.letters_within`;
# 20: a speech's heading ("Speech by the Mayor of X, Councillor Jane Roe, to ...", "Remarks by")
# names its speaker, the author with her role, and makes it a speech (`speech`), whose audience
# notes ("(Applause)", "[inaudible]") are no words of hers; a head line of sentences ("The
# Courier, 27 April 2024. Interview by Jane Roe.") its publisher, date and byline; an
# interview's "X spoke to Y" names its two people
# 21: a page of two letters or more is of the kind letter; an interview's questions in bold over
# plain answers in the first person are its turns (`interview`), as in Markdown; a name between
# commas before a reporting verb reports ("The chair of X, Jane Roe, said": `people`)
# 22: an encyclopedia page's contents box, "[edit]" links and "From X, the free encyclopedia"
# line are no text, its notes list (`<ol class="references">`, a "References" heading over a
# list the text's marks cite) its bibliography, a linked mark written "[n]" (`htmlnotes`); a
# table's header row that is the headline again no passage; the site a `<title>` names beside the
# headline ("Headline - Freepedia, the open encyclopedia") the publisher; a wiki's "This page was
# last edited on ..." no date
# 23: a byline under the opening paragraph ("By Jo Kim, Local Democracy Reporter" under a pasted
# story's lede) and a credit line ("Rowan Ellery · 3 April 2025") name the author, no passage
# (`byline`); links to other stories ("Related: ...", "More from this area" and the list under
# it), buttons ("[Subscribe now]"), a newsletter's pitch and footer, a copyright line at the foot
# and a writer's sign-off ("Until next time," / "Rowan") no passages; "Image caption: ..." a
# caption (`furniture`, `letter.writers_sign_off`)
# 24: a document saying it is a report ("This report sets out ...") or with an "Executive
# summary" section is of the kind report (`titlepage.calls_itself_report`); the form a
# reader recognises a file as ("newsletter", "encyclopedia page", "blog post", "hearing",
# "podcast", "paper", "live blog": `models.Form`) is stored, "the newsletter" names it
# (`forms`); a file named by
# nothing ("message.txt", "Untitled.txt") and stating no title is titled by its opening sentence
# 25: a page declaring no charset and not UTF-8 is read as a browser reads it (`htmlcharset`:
# windows-1252 for an English page's "£", "’" and "–", else detection among the web's encodings,
# the page's language and then windows-1252 breaking ties), not as DOS code page 775; a live
# blog's entry times (and days, across midnight) head its entries (`htmllive`); a block quote a
# paragraph introduces ("Osei told supporters:") is that person's (`htmlcredits`); a pull quote
# set as a paragraph in quotation marks is not stored twice; "Was this page helpful?", "LIVE",
# "Pinned" and "Key events" are no passages
# 26: a file's own head naming people with their parts (a judgment's counsel) adds them to
# its people,
# and a form's author is called as the form says ("the judge"): `upload`
# 27: a podcast's or a show's transcript (`podcast`): the show and episode its head names
# the title ("The Division Bell, episode 47: ..."), the show the publisher, the hosts the
# authors, "Guest:" the guest ("the guest"); each turn's timestamp its heading ("00:03:08",
# cited with its quote), a timestamp alone on the line over a label too; capital labels
# named as written ("OKONKWO-HALE" -> "Okonkwo-Hale", "McDONALD" -> "McDonald": `casing`)
# 28: a court's judgment saved as a page (BAILII, Find Case Law) is read from the page's lines
# as a PDF's is (`htmljudgment`); every name the byline links is an author ("Harriet Quayle and
# Dev Pillai"); the outlet's name (schema.org publisher, the `<title>`'s site, the masthead's
# logo) over a bare web domain; a live blog is dated by its last update (`dateModified`, else
# its latest entry's day); no entry's time stamp is skipped (`htmllive`: an id of a dropped lxml
# element taken for one seen)
# 29: a forum thread (phpBB, vBulletin, XenForo, Discourse, old and new Reddit, schema.org's
# `DiscussionForumPosting`/`Comment` microdata) is each post its poster's turn, the username as
# written, under its date ("11 April 2026, 19:22"); a quoted earlier post left out, another
# quotation its writer's; profile fields, signatures and votes no passages; the topic the title,
# the opening poster the author, the site the publisher (`forum`); an interview's standfirst
# kept first, its "He tells Jane Roe" naming who answered and who asked (`standfirst`); a live
# blog's stamps all read (`htmllive` had skipped some, by lxml's reused ids: a heading lost its
# time at random)
# 30: a speech's head of fields ("Speaker: Cllr Jane Roe, Leader of X", "Occasion:",
# "Date:") names its speaker, day and occasion; "Heckler:" lines the heckler's turns; "Thank
# you." signs nothing; a press release's mark as a heading, its embargo line, a numbered
# contact note; a quotation joined to its "X said:"; a consultation summary a report, the
# bodies whose views it reports people (`speech`, `release`, `consultation`)
# 31: a transcript's title naming an episode as `podcast` reads one ("S2E5") makes it a
# podcast's, and an abstract opens a paper as `titlepage.opens_abstract` reads one (`upload`'s
# fallbacks, one pattern each)
# 32: a speech's occasion and venue (its head's "Occasion:"/"Venue:" fields, its heading line's
# "to the X"/"at the X") kept as `DocumentMeta.occasion`; an interview of questions and
# answers is of the form interview, its answerer `DocumentMeta.interviewee` (`upload`); a
# page of bold questions over answers is an interview (`_interview_form`)
# 33: a transcript label that is a role naming its holder in parentheses ("AUDIENCE MEMBER (TOM
# VALE):") is the holder's turn, the role theirs (`transcript.role_holder`); a person whose name
# a line's end wraps ("Morgan" / "Teague, who chairs ..., said") is reported (`people`)
# 34: a parliament's record (Hansard) is each Member's contribution their turn, read from the
# names the page sets over the speeches (the office's holder speaks, "the Member for X" names
# the Member), its column numbers and times no words, its `<h1>` the title and its "debated
# on" line the day, a division list one passage under its lobby (`htmlrecord`); a letters
# page's letters (under their headlines, or told apart by their signatures), each signed with a
# name and a town alone, each its signer's, the editor's note the paper's (`htmlletters`)
# 35: a parliament's record published by the parliament ("UK Parliament" of "Hansard - UK
# Parliament"), its occasion the house's debate of its day, each Member credited with seat and
# party (`htmlrecord`); a letter's signature read for its town past a county and a role in
# brackets (`htmlletters`); what each speaker's document says of them beside their name kept for
# the attribution line (`DocumentMeta.credits`: a role, a letter's town); a closing third-person
# note on the author their bio ("About the author", `voices`)
# 36: a blog's or a newsletter's readers' comments kept, each its commenter's words under its
# time (`htmlcomments`); a guest post's guest its author, the host's introduction the host's
# (`guestpost`); notes set as blocks of their own (Substack's `<div class="footnote">`, "[1] ..."
# paragraphs under a "Footnotes" heading) the bibliography, their marks "[n]" (`htmlnotes`); a
# block quote introduced by "She told us:" the person named before it, and by a longer clause
# ("said Deputy Director of Public Health Jane Roe in a statement:") its person (`htmlcredits`)
# 37: a reporter's label naming the asker and the outlet ("Q (Jane Roe, The Harbour Gazette):")
# is the asker's turn, "reporter for" the outlet their role; a contact line after the last turn
# ("Media enquiries: press@... | 0170 ...") no one's words (`transcript`); "reported" reports
# 38: an interview whose title names several things that read as names is with the person a
# part of it names as whose views follow ("Topic: X on Y", "In conversation with X", "X talks
# about Y"), else the one of them its introduction names (`interview.title_interviewee`); an
# interview series' label over the text ("THE HARBOURLINE INTERVIEW") no passage; a question
# under a bold "Q:" label, its words plain, an interview's question; a photo caption that only
# labels who and where (`htmlasides.is_photo_label`) no passage
HTML_EXTRACTION_VERSION = 38


def extractor() -> str:
    """The name and version of this extraction, as stored with an upload."""
    return extractor_name("html", HTML_EXTRACTION_VERSION, "trafilatura")


def extract_html(
    data: bytes, filename: str, *, declared_charset: str | None = None, url: str | None = None
) -> Extracted:
    """Extract the article of an HTML page (bytes as uploaded or fetched).

    Raises `CorpusError` naming `filename` when the page cannot be decoded or holds no article
    text.
    """
    import trafilatura  # imported here: only uploads need it, and it loads lxml
    from trafilatura.settings import set_date_params
    from trafilatura.utils import load_html

    try:
        html = decode_html(data, declared_charset)
    except ValueError as error:
        raise CorpusError(filename, str(error)) from None
    # The page parsed once, as trafilatura parses it: its author box is read (`page_bio`)
    # before trafilatura, which prunes the tree it is given, takes the article out of it.
    tree = load_html(html)
    if tree is None:
        raise CorpusError(filename, "no article text was found in the HTML page")
    # A court's judgment (BAILII's, Find Case Law's page): its head, which trafilatura drops as
    # furniture, read as a PDF's is (`htmljudgment`).
    judgment = page_judgment(tree, extractor())
    if judgment is not None:
        if not judgment.paragraphs:
            raise CorpusError(filename, "no judgment text was found under the judgment's head")
        return judgment
    # A forum thread's posts, each its poster's, read before anything prunes the tree.
    thread = forum_thread(tree)
    # A parliament's record: each Member's contribution their turn, read from the names the
    # page sets over the speeches before trafilatura drops some of them.
    record = page_record(tree) if thread is None else None
    # An encyclopedia page's contents box, "[edit]" links and notes list are no text of its:
    # taken out of the tree (the notes its bibliography) before anything else reads it.
    form = page_form(tree, url)
    references = page_apparatus(tree)
    # A blog's or a newsletter's readers' comments, each its commenter's, which trafilatura
    # drops: read (and taken out of the tree) first.
    comments = page_comments(tree) if thread is None and record is None else []
    revised = revision_dates(tree)
    boxed = page_bio(tree)
    headings = page_titles(tree)
    captions = page_captions(tree)
    italic = italic_paragraphs(tree)
    credits = page_credits(tree)
    masthead = page_masthead(tree)
    editors_note = page_editors_note(tree)
    # A live blog's entry times, which trafilatura drops, written into the entries' headings.
    entry_days = with_entry_times(tree)
    # An interview's questions in bold over plain answers, read before trafilatura drops the
    # emphasis, as the Markdown reader reads them.
    questions = {bold_text(question) for question in interview_questions(tree)}
    standfirst = page_standfirst(tree) if questions else None
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        # A thread's posts are read already: its text is not extracted again the slow way.
        fast=thread is not None,
        include_tables=True,
        include_images=False,
        include_links=True,
        include_formatting=False,
        # No date from a search of the page's text: htmldate reads a month or a year there (a
        # note's "March 2019") as January 1 of it. A date the text states is read by the head.
        date_extraction_params=set_date_params(extensive=False),
    )
    body = getattr(result, "body", None)
    if not isinstance(result, trafilatura.settings.Document) or body is None:
        raise CorpusError(filename, "no article text was found in the HTML page")
    hostname = clean_field(result.hostname)
    # The topic's title over a thread's page (whose `<h1>` is often the site's name). A site
    # that names itself only in the page's `<title>` ("Headline - Freepedia") is the publisher
    # too; a web domain (trafilatura's site when the page gives no `og:site_name`) only when
    # neither the page's schema.org data, its `<title>` nor its masthead's logo names the outlet.
    headline = thread.title if thread is not None and thread.title else clean_field(result.title)
    headline = record.title if record is not None and record.title else headline
    sitename = clean_field(result.sitename)
    publisher = (
        (None if is_domain(sitename) else sitename)
        or masthead.publisher
        or title_site(clean_field(headings[0]) if headings else None, headline)
        or (masthead.logo if sitename else None)
        or sitename
    )
    title = title_without_site(headline, publisher, hostname)
    if record is not None:
        # A parliament's record is published by the parliament, not by "Hansard - UK
        # Parliament": the record's own name is no publisher's.
        publisher = record_publisher(publisher)
    others = other_titles(headings, title, publisher, hostname)
    given = clean_field(result.author)
    bylined = byline_people(given, masthead)
    author = byline_author(bylined, publisher)
    if thread is not None:
        author, paragraphs = thread.opener, list(thread.paragraphs)
        bylined = given = author
    elif record is not None:
        paragraphs = list(record.paragraphs)
    else:
        paragraphs = with_stated_headings(blocks_to_paragraphs(body, title, author))
        paragraphs = with_asides(paragraphs, italic)
        paragraphs = with_credits(paragraphs, credits)
        # A letters page: each letter its signer's, the editor's note the paper's.
        paragraphs = with_editors_note(signed_letters(paragraphs), editors_note)
        # Who the interview is with, as only its standfirst may say.
        paragraphs = with_standfirst(interview_turns(paragraphs, questions), standfirst)
        # A guest's post: the guest its author, the host's introduction the host's.
        guest = guest_post(paragraphs, author)
        if guest is not None:
            author, paragraphs, bylined = guest.author, list(guest.paragraphs), guest.author
    # An interview whose text names no one: its page's `<title>` may ("X on votes at 16").
    paragraphs = named_by_titles(paragraphs, title, others, author)
    if not paragraphs:
        raise CorpusError(filename, "no article text was found in the HTML page")
    # Who wrote it, and what they do: a reader weighing a source asks it of the page. The
    # page's own bio box (one that names the author) is taken over the bio line trafilatura
    # kept when it holds that line whole (trafilatura's copy can lose the space after a linked
    # name and the text of links), and added when the text holds neither.
    kept = paragraphs.pop().text if paragraphs[-1].section == ABOUT_THE_AUTHOR else None
    paragraphs = with_captions(paragraphs, captions) if thread is None else paragraphs
    paragraphs += comments
    bio = kept
    boxed = [text for text in boxed if names_author(text, author) and thread is None]
    if boxed and (
        squashed_text(kept) in squashed_text(boxed[0])
        if kept is not None
        else not any(squashed_text(boxed[0]) in squashed_text(p.text) for p in paragraphs)
    ):
        bio = boxed[0]
    if bio is not None:
        paragraphs.append(Paragraph(text=without_follow(bio), section=ABOUT_THE_AUTHOR))
    page_url = clean_field(result.url) or url
    return Extracted(
        paragraphs=tuple(paragraphs),
        extractor=extractor(),
        title=title,
        # The names the page's byline adds as it writes them ("Harriet Quayle and Dev Pillai").
        author=written_names(author) if author and bylined != given else author,
        publisher=publisher,
        # htmldate reads a wiki's "This page was last edited on ..." footer as the page's date:
        # the day it was last changed, not the day it appeared.
        date=(thread.date if thread is not None else None)
        or (record.date if record is not None else None)
        or _page_date(parse_date(result.date), revised, masthead, entry_days),
        url=page_url if page_url and re.match(r"https?://\S+$", page_url) else None,
        titles=others,
        references=references,
        # A page of bold questions over answers is an interview (whose turns a title may have
        # named already: `named_by_titles`).
        form=Form.FORUM if thread is not None else form or _interview_form(questions, paragraphs),
        kind=Kind.TRANSCRIPT.value if record is not None else None,
        # A poster's username as a question writes it ("Marta Lindqvist" of "Marta_Lindqvist").
        people=thread.people() if thread is not None else (),
        occasion=record.occasion if record is not None else None,
    )


def _interview_form(questions: set[str], paragraphs: list[Paragraph]) -> Form | None:
    """`Form.INTERVIEW` for a page whose bold questions over answers made turns; else None."""
    return Form.INTERVIEW if questions and any(is_turn(p) for p in paragraphs) else None


def _page_date(
    published: dt.date | None,
    revised: set[dt.date],
    masthead: Masthead,
    entry_days: list[dt.date | None],
) -> dt.date | None:
    """The day a page is cited by: a live blog's (entries under time stamps, or schema.org
    `LiveBlogPosting`) its last update (`dateModified`, else its latest entry's day), which is
    what the saved page shows; another page's the day trafilatura reads (`published`), unless
    that is a wiki's "last edited" day (`revised`), which dates a revision, not the text."""
    if entry_days or masthead.live:
        latest = max(
            (day for day in [masthead.updated, *entry_days] if day is not None), default=None
        )
        if latest is not None and (published is None or latest >= published):
            return latest
    return published if published not in revised else None
