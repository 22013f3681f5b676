"""What people call a document by its form ("the newsletter", "the wiki page", "the podcast").

A kind (`models.Kind`) says what a document does (an article, a transcript); its form
(`models.Form`) what it came as, where the upload's reader recognised one (a wiki's page, a
newsletter's issue, a blog post with comments, a hearing's typed transcript, a podcast's
episode). A form's names (`FORM_NAMES`) name the documents of that form; where a scope holds
none of that form, they name the documents of the form's kind (`FORM_KINDS`), as a kind's
names do ("the blog post about blazers" still finds an article on blazers a reader did not
recognise as a blog's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engine.models import Document, DocumentMeta, Form, Kind, Voice

FORM_NAMES: dict[Form, tuple[str, ...]] = {
    Form.ENCYCLOPEDIA: (
        "the encyclopedia page",
        "the encyclopedia article",
        "the encyclopedia entry",
        "the encyclopaedia page",
        "the encyclopaedia article",
        "the encyclopaedia entry",
        "the wiki page",
        "the wiki article",
        "the wiki",
        "the wikipedia page",
        "the wikipedia article",
        "the wikipedia entry",
    ),
    Form.NEWSLETTER: ("the newsletter", "the newsletter issue", "the newsletter post"),
    Form.BLOG: ("the blog post", "the blog"),
    Form.HEARING: ("the hearing", "the hearing transcript", "the inquiry transcript"),
    Form.PODCAST: ("the podcast", "the podcast episode", "the podcast transcript", "the episode"),
    Form.PAPER: (
        "the paper",
        "the working paper",
        "the research paper",
        "the academic paper",
        "the discussion paper",
    ),
    Form.LIVE_BLOG: ("the live blog", "the live page", "the live coverage"),
    Form.FORUM: ("the forum thread", "the forum discussion", "the forum post"),
    # Not in `FORM_KINDS`: "the interview" names a transcript too (`names.KIND_NAMES`).
    Form.INTERVIEW: ("the interview", "the q and a"),
    Form.CONSULTATION: (
        "the consultation",
        "the consultation summary",
        "the summary of responses",
        "the summary of consultation responses",
        "the consultation response",
        "the consultation responses",
        "the government response",
    ),
    Form.JUDGMENT: (
        "the judgment",
        "the judgement",
        "the court's judgment",
        "the court's judgement",
        "the judge's ruling",
        "the judge's judgment",
    ),
    Form.BRIEFING: (
        "the briefing",
        "the press briefing",
        "the news briefing",
        "the media briefing",
        "the press conference",
        "the news conference",
    ),
    Form.MINUTES: (
        "the minutes",
        "the meeting minutes",
        "the minutes of the meeting",
        "the board minutes",
        "the council minutes",
    ),
    Form.EMAIL: ("the email", "the e-mail"),
    Form.EMAIL_THREAD: (
        "the email thread",
        "the email chain",
        "the email exchange",
        "the emails",
        "the e-mails",
    ),
}
# The kind whose documents a form's names name where the scope has none of the form. Not a
# paper's: "the paper" is as often a newspaper ("what did the former chair say about the
# paper?"), so with no paper in the scope it names nothing.
FORM_KINDS: dict[Form, Kind] = {
    Form.ENCYCLOPEDIA: Kind.ARTICLE,
    Form.NEWSLETTER: Kind.ARTICLE,
    Form.BLOG: Kind.ARTICLE,
    Form.HEARING: Kind.TRANSCRIPT,
    Form.PODCAST: Kind.TRANSCRIPT,
    Form.LIVE_BLOG: Kind.ARTICLE,
    Form.JUDGMENT: Kind.ARTICLE,
    Form.EMAIL: Kind.LETTER,
    Form.EMAIL_THREAD: Kind.LETTER,
    Form.FORUM: Kind.ARTICLE,
    Form.BRIEFING: Kind.TRANSCRIPT,
    Form.MINUTES: Kind.REPORT,
}
# What a question calls the author of a document of a form: a judgment's judge ("why did the
# judge say ...": the judgment's own words, its author's voice).
FORM_AUTHOR_NAMES: dict[Form, tuple[str, ...]] = {Form.JUDGMENT: ("the judge",)}
# The words of the forms' names that say a form, beside the kinds' (`names.DOCUMENT_KIND_WORDS`):
# they describe no document in particular, nor tell one title from another. Not "page",
# "entry", "issue" or "inquiry": titles use them as their own words.
FORM_WORDS = "encyclopedia encyclopaedia wiki wikipedia newsletter blog hearing podcast episode"


def with_this(names: tuple[str, ...]) -> tuple[str, ...]:
    """`names` and, for each "the X", "this X": "this newsletter", "this letter" name what
    "the newsletter", "the letter" do."""
    return names + tuple(f"this {name[4:]}" for name in names if name.startswith("the "))


# A form's name, lower case, -> the form (each name names one form).
FORM_PHRASES: dict[str, Form] = {
    name: form for form, names in FORM_NAMES.items() for name in with_this(names)
}
# Any form's name in a question made `names.searchable` (folded, punctuation as spaces), the
# longest first.
_FORM_PHRASE = re.compile(
    r"(?<!\S)(?:"
    + "|".join(re.escape(name) for name in sorted(FORM_PHRASES, key=len, reverse=True))
    + r")(?!\S)"
)


def form_names_in(searchable_text: str) -> list[tuple[int, int, Form]]:
    """The forms' names in a question made searchable (`names.searchable`), as (start, end,
    form) spans of that text, in order."""
    return [
        (match.start(), match.end(), FORM_PHRASES[match.group()])
        for match in _FORM_PHRASE.finditer(searchable_text)
    ]


def kind_label(meta: DocumentMeta) -> str:
    """What a listing of sources calls a document: its form where its reader recognised one
    ("email thread", "forum thread", "interview", "podcast"), else its kind ("speech",
    "article")."""
    return meta.form.value if meta.form is not None else meta.kind.value


def byline_label(meta: DocumentMeta, others: Sequence[str] = ()) -> str:
    """Whose a document is, as a listing of sources says it: "by Jane Roe (Leader of the
    Council)"; an interview "interview of Sam Poe by Jane Roe" (its interviewee, who says most
    of what is quoted, first); a thread with `others` writing in it besides its starter "by
    Lena Moss and 2 others (Omar Reyes, Bea Lindqvist)"."""
    role = f" ({meta.author_role})" if meta.author_role else ""
    if meta.interviewee:
        return f"interview of {meta.interviewee} by {meta.author}{role}"
    return f"by {meta.author}{role}{others_label(others)}"


def others_label(others: Sequence[str]) -> str:
    """Who else writes in a thread, as a byline goes on: " and 2 others (Omar Reyes, Bea
    Lindqvist)"; "" for none."""
    if not others:
        return ""
    return f" and {len(others)} other{'s' if len(others) > 1 else ''} ({', '.join(others)})"


# Forms whose documents are messages several people write, each message its writer's turn.
_THREAD_FORMS = frozenset({Form.EMAIL_THREAD, Form.FORUM})


def participants(document: Document) -> tuple[str, ...]:
    """The people who write in a thread (an email thread's senders, a forum thread's posters),
    in the order they first write; () for a document of any other form."""
    if document.meta.form not in _THREAD_FORMS:
        return ()
    return tuple(
        dict.fromkeys(
            p.speaker for p in document.passages if p.voice is Voice.SPEAKER and p.speaker
        )
    )
