"""Email threads pasted as text: each message its sender's passages under the day it was sent,
quoted copies read once, headers, signatures and disclaimers no passages, the thread titled by
its subject and authored by its first sender (trial 17's faults, on invented threads)."""

from __future__ import annotations

import datetime as dt

from bot.engine.answer import AnswerEngine
from bot.engine.formats.plaintext import extract_text
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Kind, Voice
from bot.engine.quote import speaker_label
from tests.conftest import written_article

# Outlook's way: the newest message on top, each earlier one quoted under it, deeper each time.
OUTLOOK = """From: Marek Oyelaran <marek.o@eastfield-rowing.example>
Sent: Monday, 9 March 2026 19:02
To: Priya Nandakumar <captain@eastfield-rowing.example>
Cc: Tom Ashdown <treasurer@eastfield-rowing.example>
Subject: RE: RE: New boat shed - committee vote

Priya,

I'm happy to back the shed, but only if we phase it. The juniors need the trailer fixed before the
regatta season, and that has to come first.

Best wishes,
Marek

--
Marek Oyelaran
Club Secretary, Eastfield Rowing Club
Sent from my iPhone

> From: Tom Ashdown <treasurer@eastfield-rowing.example>
> Sent: Sunday, 8 March 2026 10:15
> To: Priya Nandakumar <captain@eastfield-rowing.example>;
>  Marek Oyelaran <marek.o@eastfield-rowing.example>
> Subject: RE: New boat shed - committee vote
>
> Hi both,
>
> The quote from Harlow Timber came in at 41,000 pounds, which is nearly twice our reserves. We
> could borrow the rest from the county rowing fund at two per cent over ten years.
>
> Tom
>
> Tom Ashdown
> Treasurer, Eastfield Rowing Club
> 07700 900 312
>
> >> From: Priya Nandakumar <captain@eastfield-rowing.example>
> >> Sent: Friday, 6 March 2026 08:40
> >> To: Tom Ashdown <treasurer@eastfield-rowing.example>
> >> Cc: Marek Oyelaran <marek.o@eastfield-rowing.example>
> >> Subject: New boat shed - committee vote
> >>
> >> Dear Tom,
> >>
> >> The old shed leaked again this winter and two of the eights now have soft spots in the hull.
> >> I want to put a new shed to the committee vote on the 20th.
> >>
> >> With thanks,
> >> Priya
> >>
> >> Priya Nandakumar
> >> Club Captain
> >>
> >> This email and any attachments are confidential and intended solely for the addressee. If
> >> you have received it in error, please notify the sender and delete it.
"""

OTHER = written_article(
    "regatta-report",
    "The county regatta drew forty crews this year, most of them juniors.\n\n"
    "The weather held until the final, when the wind rose on the long reach.",
)


def _upload(text: str, name: str = "shed-emails.txt") -> Document:
    return document_from_upload(text.encode(), name, UploadDetails(), doc_id="shed").document


def _message_starts(document: Document) -> list[tuple[str, str, str | None]]:
    """Each passage's speaker, first words and heading, in order."""
    return [(p.speaker, " ".join(p.text.split()[:3]), p.heading) for p in document.passages]


def test_each_message_is_its_senders_in_the_order_sent() -> None:
    document = _upload(OUTLOOK)
    assert _message_starts(document) == [
        ("Priya Nandakumar", "The old shed", "6 March 2026, 08:40"),
        ("Tom Ashdown", "The quote from", "8 March 2026, 10:15"),
        ("Marek Oyelaran", "I'm happy to", "9 March 2026, 19:02"),
    ]
    assert all(p.voice is Voice.SPEAKER for p in document.passages)


def test_the_thread_is_titled_by_its_subject_and_its_first_sender_wrote_it() -> None:
    meta = _upload(OUTLOOK).meta
    assert meta.title == "New boat shed - committee vote"
    assert meta.author == "Priya Nandakumar"
    assert meta.date == dt.date(2026, 3, 6)
    assert meta.kind is Kind.LETTER
    assert meta.form is not None and meta.form.value == "email thread"


def test_headers_signatures_and_disclaimers_are_no_passages() -> None:
    text = "\n".join(p.text for p in _upload(OUTLOOK).passages)
    for furniture in (
        ">",
        "From:",
        "Subject:",
        "Best wishes",
        "Club Secretary",
        "iPhone",
        "07700",
        "confidential",
        "Dear Tom",
        "Hi both",
        "With thanks",
    ):
        assert furniture not in text


def test_a_quote_is_credited_to_the_message_sender_with_its_day() -> None:
    answer = AnswerEngine([_upload(OUTLOOK), OTHER]).answer(
        "How much did the Harlow Timber quote come to?"
    )
    first = answer.quotes[0]
    assert "41,000 pounds" in first.text
    assert first.attribution.speaker == "Tom Ashdown"
    assert speaker_label(first.attribution) == "Tom Ashdown, in the email thread"
    assert first.attribution.part == "8 March 2026, 10:15"


def test_a_signature_gives_its_sender_a_role_a_question_can_name() -> None:
    answer = AnswerEngine([_upload(OUTLOOK), OTHER]).answer(
        "What did the treasurer say the club could borrow?"
    )
    assert answer.quotes[0].attribution.speaker == "Tom Ashdown"
    assert "county rowing fund" in answer.quotes[0].text


def test_a_sender_is_named_by_the_given_name_the_thread_calls_them_by() -> None:
    answer = AnswerEngine([_upload(OUTLOOK), OTHER]).answer(
        "What did Priya say was wrong with the eights?"
    )
    assert answer.quotes[0].attribution.speaker == "Priya Nandakumar"
    assert "soft spots" in answer.quotes[0].text


# Gmail's way: a reply over an "On ..., X wrote:" line and the message it answers under ">".
GMAIL_HELD = """From: Anja Kowalczyk <anja.k@example.org>
Date: Tue, 14 Apr 2026 at 09:05
Subject: Library opening hours
To: Rafe Dunmore <rafe@example.org>

Rafe,

Footfall after seven has fallen to about a dozen people a night. I'd like to close at seven on
weekdays from May.

Anja

From: Rafe Dunmore <rafe@example.org>
Date: Tue, 14 Apr 2026 at 17:30
Subject: Re: Library opening hours
To: Anja Kowalczyk <anja.k@example.org>

Students revise here in the evenings before exams, so please keep the late nights in May and June.

On Tue, 14 Apr 2026 at 09:05, Anja Kowalczyk <anja.k@example.org> wrote:
> Rafe,
>
> Footfall after seven has fallen to about a dozen people a night. I'd like to close at seven on
> weekdays from May.
>
> Anja
"""


def test_a_quoted_copy_of_a_message_the_thread_holds_is_not_read_twice() -> None:
    document = _upload(GMAIL_HELD, "library.txt")
    texts = [p.text for p in document.passages]
    assert sum("Footfall after seven" in text for text in texts) == 1
    assert [p.speaker for p in document.passages] == ["Anja Kowalczyk", "Rafe Dunmore"]
    assert all("wrote:" not in text for text in texts)
    assert document.meta.title == "Library opening hours"


GMAIL_NOT_HELD = """From: Rafe Dunmore <rafe@example.org>
Date: Wed, 15 Apr 2026 at 08:10
Subject: Re: Library opening hours
To: Anja Kowalczyk <anja.k@example.org>

Agreed, then: late nights stay until the end of June and we review in July.

Sent from my iPhone

On Tue, 14 Apr 2026 at 21:48, Anja Kowalczyk <anja.k@example.org> wrote:

> Fair point about the exams. Could we keep Tuesdays and Thursdays open until nine and close at
> seven on the other days?
"""


def test_a_quoted_message_the_thread_lacks_is_kept_and_credited_by_its_wrote_line() -> None:
    document = _upload(GMAIL_NOT_HELD, "library-2.txt")
    assert _message_starts(document) == [
        ("Anja Kowalczyk", "Fair point about", "14 April 2026, 21:48"),
        ("Rafe Dunmore", "Agreed, then: late", "15 April 2026, 08:10"),
    ]
    assert document.meta.author == "Anja Kowalczyk"
    assert "iPhone" not in document.body


def test_a_reply_pasted_without_its_header_is_its_signers() -> None:
    text = (
        "Sounds fair. I'll tell the Thursday volunteers tonight.\n\nThanks,\nRafe\n\n"
        "On Tue, 14 Apr 2026 at 21:48, Anja Kowalczyk <anja.k@example.org> wrote:\n"
        "> Could we keep Thursdays open until nine?\n>\n> Anja\n"
    )
    document = _upload(text, "volunteers.txt")
    assert [(p.speaker, p.text.split()[0]) for p in document.passages] == [
        ("Anja Kowalczyk", "Could"),
        ("Rafe", "Sounds"),
    ]


def test_messages_parted_by_original_message_lines_are_each_their_senders() -> None:
    text = (
        "From: Lena Varga\nSent: 2 June 2026 14:00\nTo: Works team\nSubject: FW: Bridge closure\n"
        "\nThe contractor now says the bridge reopens on 30 June, a week late.\n\nKind regards,\n"
        "Lena Varga\nHighways Manager\n\n-----Original Message-----\nFrom: Colm Reddy\n"
        "Sent: 1 June 2026 09:12\nTo: Lena Varga\nSubject: Bridge closure\n\nThe steel for the "
        "deck arrived damaged and has gone back to the mill.\n\nColm\n"
    )
    document = _upload(text, "bridge.txt")
    assert [(p.speaker, p.text.split()[0]) for p in document.passages] == [
        ("Colm Reddy", "The"),
        ("Lena Varga", "The"),
    ]
    assert "Highways Manager" not in document.body
    assert document.meta.title == "Bridge closure"


def test_one_email_with_its_header_is_the_senders() -> None:
    text = (
        "From: Ines Barbosa <ines@example.org>\nSent: 3 May 2026 11:20\nTo: Parents\n"
        "Subject: Sports day moved\n\nDear parents,\n\nSports day moves to Friday 15 May because "
        "the field is being reseeded.\n\nMany thanks,\nInes Barbosa\n"
    )
    document = _upload(text, "sports.txt")
    assert document.meta.author == "Ines Barbosa"
    assert document.meta.form is not None and document.meta.form.value == "email"
    assert [p.text for p in document.passages] == [
        "Sports day moves to Friday 15 May because the field is being reseeded."
    ]


def test_text_that_is_no_email_reads_as_before() -> None:
    text = (
        "From the archive\n\nFrom: a letter of 1911, the mayor's reply to the tram company.\n\n"
        "To: the board, who had asked for a subsidy.\n"
    )
    extracted = extract_text(text)
    assert extracted.form is None
    assert extracted.title == "From the archive"
    assert [p.speaker for p in extracted.paragraphs] == [None, None]


def test_a_header_with_no_message_under_it_is_read_without_error() -> None:
    text = "From: Nobody <n@example.org>\nSent: 1 May 2026 10:00\nSubject: (no subject)\n"
    document = _upload(text, "empty.txt")
    assert document.passages


def test_a_forum_post_quoting_another_is_no_email() -> None:
    text = (
        "Re: Basic income trial\n\nquietradical wrote:\n> The pilot paid everyone the same.\n\n"
        "It did, and that is why the results are hard to read.\n"
    )
    assert extract_text(text).form is None
