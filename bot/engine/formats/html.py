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
bibliography, taken from the tree before trafilatura) and `htmlmeta` (headline, other titles,
the site, byline, the author's bio, a wiki's "last edited" line).
"""

from __future__ import annotations

import re

from bot.engine.formats.extracted import (
    Extracted,
    Paragraph,
    clean_field,
    extractor_name,
    parse_date,
)
from bot.engine.formats.htmlasides import (
    italic_paragraphs,
    page_captions,
    with_asides,
    with_captions,
)
from bot.engine.formats.htmlcharset import decode_html
from bot.engine.formats.htmlcredits import page_credits, with_credits
from bot.engine.formats.htmllive import with_entry_times
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
from bot.engine.formats.htmltext import (
    blocks_to_paragraphs,
    squashed_text,
    with_stated_headings,
)
from bot.engine.formats.interview import bold_text, interview_questions, interview_turns
from bot.engine.models import CorpusError
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
# 28: a speech's head of fields ("Speaker: Cllr Jane Roe, Leader of X", "Occasion:",
# "Date:") names its speaker, day and occasion; "Heckler:" lines the heckler's turns; "Thank
# you." signs nothing; a press release's mark as a heading, its embargo line, a numbered
# contact note; a quotation joined to its "X said:"; a consultation summary a report, the
# bodies whose views it reports people (`speech`, `release`, `consultation`)
HTML_EXTRACTION_VERSION = 28


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
    # An encyclopedia page's contents box, "[edit]" links and notes list are no text of its:
    # taken out of the tree (the notes its bibliography) before anything else reads it.
    form = page_form(tree, url)
    references = page_apparatus(tree)
    revised = revision_dates(tree)
    boxed = page_bio(tree)
    headings = page_titles(tree)
    captions = page_captions(tree)
    italic = italic_paragraphs(tree)
    credits = page_credits(tree)
    # A live blog's entry times, which trafilatura drops, written into the entries' headings.
    with_entry_times(tree)
    # An interview's questions in bold over plain answers, read before trafilatura drops the
    # emphasis, as the Markdown reader reads them.
    questions = {bold_text(question) for question in interview_questions(tree)}
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
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
    # A site that names itself only in the page's `<title>` ("Headline - Freepedia") is the
    # publisher too.
    publisher = clean_field(result.sitename) or title_site(
        clean_field(headings[0]) if headings else None, clean_field(result.title)
    )
    title = title_without_site(clean_field(result.title), publisher, hostname)
    others = other_titles(headings, title, publisher, hostname)
    author = byline_author(clean_field(result.author), publisher)
    paragraphs = with_stated_headings(blocks_to_paragraphs(body, title, author))
    paragraphs = with_asides(paragraphs, italic)
    paragraphs = with_credits(paragraphs, credits)
    paragraphs = interview_turns(paragraphs, questions)
    if not paragraphs:
        raise CorpusError(filename, "no article text was found in the HTML page")
    # Who wrote it, and what they do: a reader weighing a source asks it of the page. The
    # page's own bio box (one that names the author) is taken over the bio line trafilatura
    # kept when it holds that line whole (trafilatura's copy can lose the space after a linked
    # name and the text of links), and added when the text holds neither.
    kept = paragraphs.pop().text if paragraphs[-1].section == ABOUT_THE_AUTHOR else None
    paragraphs = with_captions(paragraphs, captions)
    bio = kept
    boxed = [text for text in boxed if names_author(text, author)]
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
        author=author,
        publisher=publisher,
        # htmldate reads a wiki's "This page was last edited on ..." footer as the page's date:
        # the day it was last changed, not the day it appeared.
        date=date if (date := parse_date(result.date)) not in revised else None,
        url=page_url if page_url and re.match(r"https?://\S+$", page_url) else None,
        titles=others,
        references=references,
        form=form,
    )
