"""Uploaded files -> documents: the corpus format, plain text, Markdown, HTML, PDF, Word
(.docx) or subtitles (.vtt, .srt).

A file in the corpus format goes through the corpus parser. Any other file goes through its
format's extractor (`bot.engine.formats`: HTML with trafilatura, PDF with pdfminer.six, Word
with python-docx, all in a worker process within limits; plain text, transcripts, subtitles
(webvtt-py) and Markdown written for a site generator in-process), and its `Extracted`
paragraphs become passages directly, keeping their sections, speakers and the user's own line
numbers in messages. Problems raise `CorpusError` naming the file and what was wrong.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from bot.engine.formats import html, markdown, pdf, plaintext, subtitles, word
from bot.engine.formats.article import parse_article
from bot.engine.formats.byline import late_byline
from bot.engine.formats.common import (
    MAX_FILE_BYTES,
    capped,
    capped_title,
    content_hash,
    decode_upload_text,
)
from bot.engine.formats.consultation import (
    consultation_closed,
    is_consultation_summary,
    respondents,
)
from bot.engine.formats.details import UploadDetails as UploadDetails  # its old home
from bot.engine.formats.extracted import Extracted, Paragraph, calendar_date, is_turn
from bot.engine.formats.furniture import is_furniture, newsletter_lines, without_furniture
from bot.engine.formats.head import (
    KICKER,
    dated_entries,
    is_field_line,
    is_series_kicker,
    preamble_date,
    read_colophon,
    read_head,
    read_publication_year,
)
from bot.engine.formats.interview import interview_roles, interview_sides, interviewee_of
from bot.engine.formats.letter import (
    letters_page_title,
    letters_within,
    read_letter,
    signer_people,
    writers_sign_off,
)
from bot.engine.formats.markdown import extract_markdown, front_matter, is_foreign_front_matter
from bot.engine.formats.plaintext import extract_text
from bot.engine.formats.podcast import podcast_form, show_head
from bot.engine.formats.release import read_release
from bot.engine.formats.sandbox import extract_isolated
from bot.engine.formats.speech import (
    interjections,
    notes_of_transcriber,
    speech_by,
    speech_head,
    without_directions,
)
from bot.engine.formats.titlepage import calls_itself_report, opens_abstract
from bot.engine.formats.transcript import speaker_turns
from bot.engine.forms import FORM_AUTHOR_NAMES
from bot.engine.models import (
    CorpusError,
    Credit,
    Document,
    DocumentMeta,
    Form,
    Kind,
    Passage,
    Voice,
)
from bot.engine.people import speaker_people
from bot.engine.text import split_sentences
from bot.engine.voices import (
    ABOUT_THE_ISSUER,
    CAPTION,
    LETTER_SECTION,
    PUBLISHERS_NOTE_PART,
    detect_voices,
    no_byline,
    same_person,
)

log = logging.getLogger(__name__)

UPLOAD_SUFFIXES = (".md", ".txt", ".html", ".htm", ".pdf", ".docx", ".vtt", ".srt")
# Suffixes of files refused with what to do instead: an old binary Word file.
_SAVE_AS = {
    ".doc": "an old Word document (.doc), which I cannot read: open it in Word and save it as "
    ".docx (File > Save As > Word Document) or as PDF",
}
# A letter or digit of any script: a file without one holds nothing to quote.
_A_WORD = re.compile(r"[^\W_]")
# A passage at most this long: a longer paragraph is split at sentence boundaries. Long
# enough for any paragraph of the real articles and reports tried (the longest, 1,167
# characters, in the Federal Register notice), short enough for one Discord embed field.
MAX_PASSAGE_CHARS = 3_000
# Passages a document may have: a 2 MB file of short paragraphs is refused, not indexed
# (330,000 two-letter lines would cost hundreds of MB as passages).
MAX_DOCUMENT_PASSAGES = 5_000
# The extractor stored with an upload in the corpus format (read by the corpus parser).
CORPUS_FORMAT = "corpus-format"


# An upload's id until the store names it (see `bot.store.Store.save_upload`).
_NO_ID = ""


@dataclass(frozen=True, slots=True)
class Upload:
    """An uploaded file read into a document that the store has yet to name, and the name and
    version of the extractor that read it.

    `document.id` is a placeholder ("") unless the upload is read again under its id;
    `id_hint` is what a new document's id is made from: the file's own `id:` (in any case:
    `ID:`, `Id:`), else its title.
    """

    document: Document
    id_hint: str
    extractor: str
    # What the uploader should know of the extraction (`Extracted.notes`).
    notes: tuple[str, ...] = ()


# A title that says what kind of writing it is, as publications label them: "Letter: ...",
# "Letters to the editor", "An open letter to ...", "Op-Ed: ...", "Opinion | ...".
_KIND_IN_TITLE = (
    (
        re.compile(
            r"^\s*(?:letters?\s*(?::|\||-|\u2013|\u2014|to the editor\b)|(?:an\s+)?open letter\b)",
            re.IGNORECASE,
        ),
        Kind.LETTER,
    ),
    (
        re.compile(r"^\s*(?:op-?ed|opinion|column)\s*(?::|\||-|\u2013|\u2014)", re.IGNORECASE),
        Kind.OP_ED,
    ),
)


# A news page's title saying its entries run live ("Budget day - live", "Election results:
# live updates", "... as it happened").
_LIVE = re.compile(
    r"(?:[-–—|:]\s*live(?:\s+updates?|\s+coverage|\s+blog)?\s*$|^live\s*[:|-]|\blive updates?\b|"
    r"\bas it happened\s*$)",
    re.IGNORECASE,
)


def kind_in_title(title: str) -> str | None:
    """The kind of document a title labels itself as ("letter" for "Letter: A Defense of Mary
    Poplin", "op-ed" for "Op-Ed: A Senate Divided?"), or None when it labels none."""
    for pattern, kind in _KIND_IN_TITLE:
        if pattern.search(title):
            return kind.value
    return None


def document_from_upload(
    data: bytes,
    filename: str,
    details: UploadDetails,
    *,
    declared_charset: str | None = None,
    url: str | None = None,
    doc_id: str | None = None,
    isolated: bool = False,
) -> Upload:
    """Read an uploaded file into a document for the store to name (see `Upload`), or under
    `doc_id` when an upload is extracted again.

    HTML and PDF are extracted in a worker process within time and memory limits (blocking:
    call from a thread), unless the caller is such a worker already (`isolated`). Raises
    `CorpusError` naming `filename` (and the line of the user's file, where one applies).
    """
    reader, text = _read(data, filename)
    if reader == "corpus-format":
        # Its metadata wins, but its `id:` is only a hint for the store, and its text (body
        # lines included) is kept as written.
        document = parse_article(data, filename, default_id=doc_id or _NO_ID, check_id=False)
        hint = document.id or document.meta.title
        if doc_id is not None and document.id != doc_id:
            document = document.renamed(doc_id)
        _check_passage_count(document, filename)
        if details.responds_to:  # the uploader's word over the file's
            meta = document.meta.model_copy(update={"responds_to": details.responds_to})
            document = document.replaced(meta=meta)
        return Upload(document, hint, CORPUS_FORMAT)
    if reader in ("markdown", "text"):
        _check_paragraph_count(text, filename)
        if reader == "markdown":
            extracted = extract_markdown(text, filename)
        else:
            extracted = extract_text(text, title_given=bool(details.title))
    elif reader == "subtitles":
        extracted = subtitles.extract_subtitles(text, filename)
    elif isolated:
        if reader == "html":
            extracted = html.extract_html(
                data, filename, declared_charset=declared_charset, url=url
            )
        else:
            extracted = (word.extract_docx if reader == "docx" else pdf.extract_pdf)(data, filename)
    elif reader == "html":
        extracted = extract_isolated(
            "html", data, filename, declared_charset=declared_charset, url=url
        )
    else:
        extracted = extract_isolated(reader, data, filename)
    document = document_from_extracted(extracted, data, filename, details, doc_id=doc_id)
    return Upload(document, document.meta.title, extracted.extractor, extracted.notes)


def upload_format(data: bytes, filename: str) -> str:
    """Which reader an uploaded file goes to: "corpus-format", "markdown" (Markdown with a site
    generator's front matter), "text", "html", "pdf", "docx" or "subtitles".

    Raises `CorpusError` naming `filename` for an unsupported type, an empty file, one over
    the size limit, or a text file in no charset that can be told (or binary data).
    """
    return _read(data, filename)[0]


def _read(data: bytes, filename: str) -> tuple[str, str]:
    """`upload_format`'s answer, and a text file's text (decoded once; "" for HTML, PDF and
    Word, which their extractors decode)."""
    refusal = unsupported(filename)
    if refusal is not None:
        raise CorpusError(filename, refusal)
    suffix = PurePath(filename).suffix.lower()
    if not data.strip():
        raise CorpusError(filename, "the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise CorpusError(
            filename, f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"
        )
    if suffix in (".html", ".htm"):
        return "html", ""
    if suffix == ".pdf":
        return "pdf", ""
    if suffix == ".docx":
        return "docx", ""
    text = decode_upload_text(data, filename)
    if suffix in (".vtt", ".srt"):
        return "subtitles", text
    block = front_matter(text)
    if suffix == ".md" and (
        (block is not None and is_foreign_front_matter(block[0]))
        or not text.lstrip().startswith("---")
    ):
        # Markdown with a site's front matter, or with none: rendered as Markdown (its
        # emphasis, links and headings are markup, not words).
        return "markdown", text
    return ("corpus-format" if text.lstrip().startswith("---") else "text"), text


def unsupported(filename: str) -> str | None:
    """Why a file of this name is refused, fit to show its uploader ("unsupported file type
    '.odt'; upload one of ...", or what to do with an old Word .doc); None for a supported
    one."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in UPLOAD_SUFFIXES:
        return None
    if suffix in _SAVE_AS:
        return f"the file is {_SAVE_AS[suffix]}"
    return f"unsupported file type {suffix or '(none)'!r}; upload one of " + ", ".join(
        UPLOAD_SUFFIXES
    )


def extractor_for(data: bytes, filename: str) -> str:
    """The name and version of the extraction that would read this upload now (compared with
    the one stored with it, to know whether a reindex should extract it again). Raises
    `CorpusError` as `upload_format` does."""
    reader = upload_format(data, filename)
    names: dict[str, Callable[[], str]] = {
        "corpus-format": lambda: CORPUS_FORMAT,
        "markdown": markdown.extractor,
        "text": plaintext.extractor,
        "html": html.extractor,
        "pdf": pdf.extractor,
        "docx": word.extractor,
        "subtitles": subtitles.extractor,
    }
    return names[reader]()


def document_from_extracted(
    extracted: Extracted,
    data: bytes,
    filename: str,
    details: UploadDetails,
    *,
    doc_id: str | None = None,
) -> Document:
    """An extraction as a document: one passage per paragraph, a long paragraph split at
    sentence boundaries into passages that each cite it (`<id>:p12`, `<id>:p12.2`, ...);
    the uploader's details over the file's own metadata; its id `doc_id` when given, else a
    placeholder for the store to replace (see `Upload`). The date is the uploader's, else the
    file's metadata, its head or its file name; None when none gives one (never the day it was
    uploaded: the store keeps that apart); with none, a publication line's year ("First
    published 1998") is `DocumentMeta.year`. Raises `CorpusError`."""
    if not extracted.paragraphs:
        raise CorpusError(filename, "no text was found in the file")
    if not any(_A_WORD.search(paragraph.text) for paragraph in extracted.paragraphs):
        raise CorpusError(filename, "no words were found in the file, only punctuation or symbols")
    title = _one_line(
        details.title or extracted.title or _title_from(filename, extracted.paragraphs)
    )
    # A diary's dated entries: each date alone on its line heads the entry under it.
    paragraphs = dated_entries(extracted.paragraphs)
    # A byline or a date the file states in its first lines ("By Helena Marsh", "June 10,
    # 2022"), when its format's metadata has none: read, and such lines left out of the text.
    head = read_head(paragraphs)
    if head.author is None and not (details.author or extracted.author):
        # A byline under the opening paragraph, as a news page pasted whole sets it.
        late = late_byline(paragraphs, [is_furniture(p.text) for p in paragraphs])
        if late is not None:
            head = dataclasses.replace(
                head,
                author=late.author,
                date=head.date or late.date,
                consumed=head.consumed | late.consumed,
            )
    from_head = (head.author is not None and not (details.author or extracted.author)) or (
        (head.date is not None or head.year is not None) and not (details.date or extracted.date)
    )
    if from_head and len(head.consumed) < len(paragraphs):
        paragraphs = tuple(p for i, p in enumerate(paragraphs) if i not in head.consumed)
    # Where and when it appeared, in a sentence of its own ("Published in The Courier, March
    # 21, 2024"), when nothing else dates it: read, and a paragraph that only said so left out.
    colophon = None
    if not (details.date or extracted.date or head.date):
        colophon = read_colophon(paragraphs)
        if colophon is not None and colophon.alone is not None and len(paragraphs) > 1:
            paragraphs = tuple(p for i, p in enumerate(paragraphs) if i != colophon.alone)
    # Only the year it appeared, in a line of its own at the head or the foot ("First
    # published 1998", "© 2011 The Portlow Society"), when nothing gives a day: the year is
    # shown where the date would be (`DocumentMeta.year`), the date stays unknown.
    year = month = None
    if not (details.date or extracted.date or head.date or colophon):
        stated = None if head.year else read_publication_year(paragraphs)
        year = head.year or (stated.year if stated is not None else None) or extracted.year
        # The month the file states with the year ("March 2026" under a paper's title).
        month = extracted.month if year is not None and year == extracted.year else None
        if stated is not None and stated.alone is not None and len(paragraphs) > 1:
            paragraphs = tuple(p for i, p in enumerate(paragraphs) if i != stated.alone)
    # A press release (`release`): its mark, dateline and contact block are no one's words, its
    # boilerplate ("About Riverbend Food Bank") the issuer's, who is its publisher.
    release = read_release(paragraphs, marked=extracted.kind == Kind.PRESS_RELEASE.value)
    if release is not None and release.paragraphs:
        paragraphs = release.paragraphs
    publisher = (release.issuer if release is not None else None) or extracted.publisher
    # Where the text says it appeared ("Published in the Westmoor Courier, ..."): its
    # publisher, not its author (a syndicated piece's writer is not the paper).
    appeared_in = head.publisher or (colophon.publisher if colophon is not None else None)
    # A kicker over the article ("OPINION") says its kind; it and the page's furniture kept as
    # paragraphs ("Advertisement", "Most popular", "Topics: ...", a press release's "###")
    # are nobody's words.
    kicker = KICKER.fullmatch(paragraphs[0].text.strip()) if paragraphs else None
    newsletter = newsletter_lines(paragraphs)
    # An interview series' label ("THE HARBOURLINE INTERVIEW") says no more than its form.
    dropped = kicker is not None or (
        len(paragraphs) > 1 and not paragraphs[0].speaker and is_series_kicker(paragraphs[0].text)
    )
    paragraphs = without_furniture(paragraphs[1:] if dropped else paragraphs) or paragraphs
    # A letter's salutation and sign-off ("Dear Editor," ... "Sincerely," / "Jane Roe") are no
    # one's words to quote; its signer wrote it unless a byline names someone else (then the
    # sign-off stays for `voices` to make the letter its signer's turn).
    # A speech's heading line as its title ("Speech by the Mayor of Aldermoor, Councillor Jane
    # Roe, to ..."): its speaker is its author, the role beside the name hers.
    speech = speech_by(title)
    # Or its head's fields ("Speaker: Cllr Jane Roe, Leader of ...", "Date: ...").
    fields = speech_head(paragraphs) if speech is None else None
    if fields is not None:
        speech, paragraphs = fields.by, fields.paragraphs
    byline = details.author or extracted.author or head.author or (speech.name if speech else None)
    role = speech.role if speech is not None else (head.role or extracted.author_role)
    letter = read_letter(paragraphs)
    signed_by = letter.signer if letter.signer and (not byline or no_byline(byline)) else None
    if letter.signer is None or signed_by or (byline and same_person(letter.signer, byline)):
        paragraphs = letter.kept
    else:
        paragraphs = letter.signed
    if letter.signer is None and not letter.salutation:
        # A letter set in a page among its publisher's words (a museum's introduction and note):
        # its paragraphs, salutation and sign-off kept, its signer's.
        paragraphs = letters_within(paragraphs)
    if letter.signer is None and not any(p.letter or is_turn(p) for p in paragraphs):
        # A newsletter's or a blog post's sign-off ("Until next time," / "Rowan").
        writer = writers_sign_off(paragraphs, byline)
        paragraphs = writer.kept
        byline = byline or writer.signer
    date = (
        _date(details.date, filename)
        # A release's dateline says when it was issued; a page's metadata may date it only by
        # a year in its text (htmldate's guess: January 1).
        or (release.date if release is not None else None)
        or (fields.date if fields is not None else None)
        or extracted.date
        or head.date
        or (colophon.date if colophon is not None else None)
    )
    # A quotation credited to its speaker (`Paragraph.quoted`) is no turn: the rest of the text
    # is still read for turns and voices.
    turns = None if any(is_turn(p) for p in paragraphs) else speaker_turns(paragraphs)
    if turns is not None:
        # A page or a PDF whose paragraphs open with speaker labels is a transcript, as a text
        # file is (`transcript.speaker_turns`): each label is its turn's speaker.
        paragraphs = tuple(turns)
    # A show's transcript: its head names the show and the episode (the title, where the file
    # gives none; the show its publisher), the hosts (its authors, where no byline names one)
    # and the guests ("the guest": `podcast`).
    show = (
        show_head(paragraphs, details.title or extracted.title)
        if turns is not None or any(is_turn(p) for p in paragraphs)
        else None
    )
    if show is not None:
        title = (None if details.title or extracted.title else show.title) or title
        byline = byline or show.authors()
        appeared_in = appeared_in or show.show
    # A transcript's introduction says when the meeting was held, past a dateline's reach. The
    # day the file was made (a PDF's /CreationDate) dates it only when nothing else does: the
    # text's own date is when it was published, the file's when it was produced.
    date = (
        date
        or preamble_date(paragraphs)
        or _date_in(filename)
        or (extracted.created if year is None else None)
    )
    paragraphs = _notes_after_turns(paragraphs)
    consultation = is_consultation_summary(title, paragraphs)
    kind_name = (
        details.kind
        or extracted.kind
        or ("transcript" if turns is not None else None)
        or (Kind.PRESS_RELEASE.value if release is not None else None)
        or (Kind.SPEECH.value if speech is not None else head.kind)
        or kind_in_title(title)
        or (Kind.REPORT.value if calls_itself_report(paragraphs) else None)
        # A summary of consultation responses (`consultation`).
        or (Kind.REPORT.value if consultation else None)
        or (Kind.LETTER.value if letter.salutation and letter.signer else None)
        # A letters page: two letters or more, each its signer's (`letters_within`).
        or (Kind.LETTER.value if max((p.letter or 0 for p in paragraphs), default=0) > 1 else None)
        or (Kind.OP_ED.value if kicker and kicker.group("opinion") else None)
        or Kind.ARTICLE.value
    ).lower()
    try:
        kind = Kind(kind_name)
    except ValueError:
        kinds = ", ".join(k.value for k in Kind)
        raise CorpusError(filename, f"kind must be one of {kinds}, found {kind_name!r}") from None
    paged = letters_page_title(title) if kind is Kind.LETTER and not details.title else None
    if paged is not None and not (publisher or appeared_in):
        # A letters page titled by its paper: the paper publishes it.
        title, appeared_in = paged
    url = details.url or extracted.url
    if url is not None and not re.match(r"^https?://[^\s<>\"]+$", url):
        raise CorpusError(filename, f"url must start with http:// or https://, found {url!r}")
    author = _one_line(signed_by or byline or "") or (
        publisher or notice_agency(extracted.paragraphs) or UNKNOWN_AUTHOR
    )
    if kind is Kind.SPEECH and turns is None:
        # The audience's reactions ("(Applause)") are no words of the speaker's, nor are the
        # head's fields ("Venue: ...").
        paragraphs = without_directions(_without_head_fields(paragraphs))
        # What the audience called out ("Heckler: ...") is theirs; an italic line the
        # transcript's publisher's.
        paragraphs = notes_of_transcriber(interjections(paragraphs))
    asker = author if author and author != UNKNOWN_AUTHOR else None
    # An interview of questions and answers ("Q"/"A", or bold questions): its form, and whom
    # it is of (who answers: `interview.interviewee_of`).
    sides = interview_sides(paragraphs, title, asker)
    paragraphs = interview_roles(paragraphs, title, asker)
    interview = sides is not None or extracted.form is Form.INTERVIEW
    roles = {p.speaker: p.speaker_role for p in paragraphs if p.speaker and p.speaker_role}
    for speaker, named in (show.roles() if show is not None else {}).items():
        roles.setdefault(speaker, named)
    credits = speaker_credits(paragraphs, roles)
    if role and author not in roles:
        roles[author] = role.lower()
    # The form its reader recognised; else what any format may be: a newsletter (its footer's
    # lines), a transcript of a podcast's episode, a live blog (by its title), a paper (an
    # abstract opening its text).
    form = (
        extracted.form
        or (Form.NEWSLETTER if newsletter else None)
        or podcast_form(title, transcript=kind is Kind.TRANSCRIPT)
        or (Form.LIVE_BLOG if _LIVE.search(title) else None)
        or (Form.PAPER if any(opens_abstract(p.text) for p in paragraphs[:8]) else None)
        or (Form.INTERVIEW if interview else None)
        or (Form.CONSULTATION if consultation else None)
    )
    # Where and at what a speech was given: its head's fields, else its heading line's words.
    # A briefing's or a meeting's place is its head's ("Location: ...": `meetinghead`).
    occasion = (fields.occasion if fields is not None else None) or (
        speech.occasion if speech is not None else None
    )
    occasion = occasion if kind is Kind.SPEECH else extracted.occasion
    meta = DocumentMeta(
        id=doc_id or _NO_ID,
        title=capped_title(title),
        author=capped(author) or author,
        author_role=capped(role) if role and same_person(author, byline or "") else None,
        publisher=capped(publisher or appeared_in),
        date=date,
        year=year if date is None else None,
        month=month if date is None else None,
        url=url,
        kind=kind,
        form=form,
        occasion=capped(occasion),
        interviewee=capped(interviewee_of(paragraphs, sides, asker))
        if form is Form.INTERVIEW
        else None,
        closed=consultation_closed(paragraphs) if consultation else None,
        # "The judge" names a judgment's author (`forms.FORM_AUTHOR_NAMES`).
        author_aliases=FORM_AUTHOR_NAMES.get(form, ()) if form is not None else (),
        responds_to=details.responds_to,
        # A case file's motion (`casefile`), when it is read as a debate.
        motion=capped(extracted.motion) if kind is Kind.DEBATE else None,
        bibliography=extracted.references,
        # Speakers their labels give a role ("MARCUS LEE (HOST):"), and a speech's speaker the
        # role its heading gives ("the Mayor of Aldermoor"): "the host", "the mayor" name them.
        mentions=speaker_people(roles)
        # A letters page's signers by their towns ("the writer from Upper Clough").
        + signer_people({p.speaker: p.place for p in paragraphs if p.speaker and p.place})
        # People the file's own head names with their parts (a judgment's counsel).
        + extracted.people
        # The bodies whose views a consultation's summary reports.
        + (respondents(paragraphs) if consultation else ()),
        credits=credits,
        aliases=tuple(
            alias
            for other in extracted.titles
            if (alias := capped_title(_one_line(other))) != title
        ),
    )
    pieces: list[tuple[int, str, Paragraph]] = []
    for number, paragraph in enumerate(paragraphs, start=1):
        pieces.extend((number, text, paragraph) for text in split_long(paragraph.text))
        if len(pieces) > MAX_DOCUMENT_PASSAGES:
            raise CorpusError(
                filename,
                f"the file makes over {MAX_DOCUMENT_PASSAGES:,} passages, the most a "
                "document may have; split it into several files",
            )
    counts: dict[int, int] = {}
    for number, _, _ in pieces:
        counts[number] = counts.get(number, 0) + 1
    body_parts: list[str] = []
    passages: list[Passage] = []
    offset = 0
    seen: dict[int, int] = {}
    for index, (number, text, paragraph) in enumerate(pieces, start=1):
        if body_parts:
            offset += 2
        seen[number] = seen.get(number, 0) + 1
        suffix = f".{seen[number]}" if seen[number] > 1 else ""
        voice, speaker = _voice(paragraph, author, publisher or appeared_in)
        passages.append(
            Passage(
                id=f"{meta.id}:p{number}{suffix}",
                doc_id=meta.id,
                number=index,
                start=offset,
                end=offset + len(text),
                text=text,
                voice=voice,
                speaker=speaker,
                sentences=tuple(split_sentences(text)),
                side=paragraph.side if kind is Kind.DEBATE else None,
                section=f"{LETTER_SECTION}{paragraph.letter}" if paragraph.letter else None,
                heading=paragraph.section,
                paragraph=number if counts[number] > 1 or number != index else None,
            )
        )
        body_parts.append(text)
        offset += len(text)
    document = Document(
        meta=meta,
        body="\n\n".join(body_parts),
        content_hash=content_hash(data),
        source=filename,
        passages=tuple(passages),
    )
    # Whose words each paragraph is and whom the text reports, as for a corpus-format file; a
    # transcript's turns already have their speakers from the labels.
    speakers_known = any(is_turn(paragraph) for paragraph in paragraphs)
    return detect_voices(document, keep_voices=speakers_known)


def speaker_credits(
    paragraphs: Sequence[Paragraph], roles: Mapping[str, str]
) -> tuple[Credit, ...]:
    """What the attribution line says beside each speaker's name (`models.Credit`): what their
    file says of them as written (`Paragraph.credit`: a letter's signature, a Member's seat and
    party), else a letter's town (`Paragraph.place`), else their role (`roles`: speaker ->
    "presenter"); speakers with none of them have no credit."""
    words: dict[str, str] = {}
    for paragraph in paragraphs:
        said = paragraph.credit or (paragraph.place if paragraph.letter else None)
        if paragraph.speaker and said:
            words.setdefault(paragraph.speaker, said)
    for speaker, role in roles.items():
        words.setdefault(speaker, role)
    return tuple(Credit(name=name, words=capped(said) or said) for name, said in words.items())


def _voice(paragraph: Paragraph, author: str, publisher: str | None) -> tuple[Voice, str]:
    """Whose words a paragraph is, as its extraction tells: a turn's its speaker's, a figure's
    caption (section `CAPTION`), a note closing an interview (`_notes_after_turns`) and a press
    release's boilerplate (`release`) the publisher's, the rest the author's (`voices` reads
    more from the text)."""
    if paragraph.speaker:
        return Voice.SPEAKER, paragraph.speaker
    if paragraph.section in (CAPTION, PUBLISHERS_NOTE_PART, ABOUT_THE_ISSUER):
        return Voice.PUBLISHER, publisher or "the publisher"
    return Voice.AUTHOR, author


def _notes_after_turns(paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """The paragraphs, each aside (`Paragraph.aside`, wholly in italics) that is no one's turn
    after the first turn made a publisher's note (section `PUBLISHERS_NOTE_PART`): the line
    closing an interview ("This interview has been edited for length and clarity.", a line on
    who the interviewee is) is the publication's, not the last speaker's nor the author's."""
    first = next((i for i, p in enumerate(paragraphs) if is_turn(p)), len(paragraphs))
    return tuple(
        dataclasses.replace(p, section=PUBLISHERS_NOTE_PART)
        if i > first and p.aside and not p.speaker
        else p
        for i, p in enumerate(paragraphs)
    )


def _without_head_fields(paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """The paragraphs without the fields opening them ("Venue: The Assembly Rooms",
    `head.is_field_line`): where a speech was given, no words of its speaker's."""
    start = 0
    while start < len(paragraphs) - 1 and all(
        is_field_line(line) for line in paragraphs[start].text.split("\n") if line.strip()
    ):
        start += 1
    return tuple(paragraphs[start:])


# The author of an upload that names none.
UNKNOWN_AUTHOR = "Unknown author"


def split_long(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[str]:
    """A paragraph as pieces of at most `limit` characters, each cut after the last whole
    sentence that fits (a sentence longer than the limit is cut at a space, or at the limit)."""
    if len(text) <= limit:
        return [text]
    ends = [end for _, end in split_sentences(text)]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        fits = bisect.bisect_right(ends, start + limit) - 1
        cut = ends[fits] if fits >= 0 and ends[fits] > start else -1
        if cut < 0:
            space = text.rfind(" ", start + 1, start + limit + 1)
            cut = space if space > start else start + limit
        pieces.append(text[start:cut].strip())
        start = cut
        while start < len(text) and text[start].isspace():
            start += 1
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


def _check_paragraph_count(text: str, filename: str) -> None:
    """Refuse a text that would make more passages than a document may have, before making
    any (a 2 MB file of two-letter paragraphs would otherwise cost hundreds of MB)."""
    blocks = len(re.findall(r"\n[ \t]*\n\s*(?=\S)", text)) + 1
    if blocks > MAX_DOCUMENT_PASSAGES:
        raise CorpusError(
            filename,
            f"the file has {blocks:,} paragraphs; a document may have at most "
            f"{MAX_DOCUMENT_PASSAGES:,}: split it into several files",
        )


def _check_passage_count(document: Document, filename: str) -> None:
    if len(document.passages) > MAX_DOCUMENT_PASSAGES:
        raise CorpusError(
            filename,
            f"the file has {len(document.passages):,} paragraphs; a document may have at most "
            f"{MAX_DOCUMENT_PASSAGES:,}: split it into several files",
        )


# Words of the names files get that say nothing of them: Discord makes a long pasted message
# "message.txt"; editors save "Untitled", "New Text Document", "paste (2)".
_NAMELESS_FILE_WORDS = frozenset(
    "message paste pasted untitled document doc text new file article page copy clipboard "
    "download output input notes note draft story news".split()
)
# The longest opening sentence kept whole as a title; a longer one is cut at a word.
OPENING_TITLE_CHARS = 90
# The fewest words of the paragraph whose opening is a title (not a byline or a date line).
_OPENING_WORDS = 8


def _title_from(filename: str, paragraphs: Sequence[Paragraph] = ()) -> str:
    """A file name as a title: 'debate-1984-reagan.said.txt' -> 'debate 1984 reagan said'. A
    name that says nothing of the file ('message.txt', which Discord makes of a long pasted
    message; 'pasted_news (2).txt'; 'Untitled.txt') gives way to the text's opening sentence,
    cut at a word after OPENING_TITLE_CHARS characters ("Plans for a 40-metre wind turbine on
    the edge of Saltby Moor have been approved…")."""
    stem = PurePath(filename).stem
    words = [word for word in re.split(r"[-_.\s()]+", stem) if word]
    named = " ".join(words).strip() or "Untitled"
    if not all(word.lower() in _NAMELESS_FILE_WORDS or word.isdigit() for word in words):
        return named
    opening = next((p.text for p in paragraphs if len(p.text.split()) >= _OPENING_WORDS), None)
    if opening is None:
        return named
    start, end = next(iter(split_sentences(opening)), (0, len(opening)))
    sentence = " ".join(opening[start:end].split())
    if len(sentence) <= OPENING_TITLE_CHARS:
        return sentence
    cut = sentence[:OPENING_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return f"{cut}…"


def _date(value: str | None, filename: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CorpusError(filename, f"date must be YYYY-MM-DD, found {value!r}") from None


def _date_in(filename: str) -> dt.date | None:
    match = re.search(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)", filename)
    return calendar_date(*match.groups()) if match else None


# A government notice's header field naming who issues it ("AGENCY: Federal Aviation
# Administration (FAA), DOT." in the Federal Register), among its first paragraphs: the name
# ends at its abbreviation in brackets, or else before a department's abbreviation.
_AGENCY = re.compile(r"AGENCY:\s*(?P<name>[^()\n]+?)\s*(?:\([A-Z]{2,}\).*|,\s*[A-Z]{2,}\.?|\.)?$")
_HEADER_PARAGRAPHS = 12


def notice_agency(paragraphs: tuple[Paragraph, ...]) -> str | None:
    """The agency a government notice's "AGENCY:" header names ("Federal Aviation
    Administration"); None when no header says."""
    for paragraph in paragraphs[:_HEADER_PARAGRAPHS]:
        match = _AGENCY.match(paragraph.text.strip())
        if match:
            return match.group("name").strip(" ,;.") or None
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())
