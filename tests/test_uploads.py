"""Uploads end to end: through `ingest --guild` and the library, with fixtures made here."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from bot.engine.check import Verdict, check_quote
from bot.engine.formats import plaintext
from bot.engine.formats.extracted import Extracted, Paragraph
from bot.engine.formats.upload import MAX_PASSAGE_CHARS, UploadDetails, document_from_extracted
from bot.engine.models import CorpusError, Document
from bot.library import Library
from bot.store import NewUpload, StoredUpload, UploadLimits
from tests.cli.test_commands import run_cli
from tests.conftest import make_settings
from tests.engine.formats import pdfs
from tests.engine.formats.test_html import page
from tests.engine.formats.test_markdown import HUGO
from tests.engine.formats.test_pdf import DREDGING, FEES, channel_report

GUILD = "333333333333333333"
BUGS = Path("../shared/bug-inputs").resolve()


def sources(tmp_path: Path) -> dict[str, dict[str, object]]:
    listed = json.loads(run_cli(tmp_path, "sources", "--json", "--guild", GUILD).stdout)
    return {d["id"]: d for d in listed if d["id"].startswith(f"g{GUILD}-")}


def test_ingest_guild_reads_html_pdf_and_transcripts_and_a_bad_pdf_does_not_stop_the_rest(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "club"
    folder.mkdir()
    (folder / "quay.html").write_bytes(page("iso-8859-1"))
    (folder / "report.pdf").write_bytes(channel_report())
    locked = pdfs.with_metadata(channel_report(), Title="Locked report")
    (folder / "locked.pdf").write_bytes(pdfs.encrypted(locked, "AES-256"))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (folder / "hearing.txt").write_text(
        "Harbour hearing\n\nMS. ROE: Will the ferry run?\n\nMR. DOE: It will.\n\n"
        "MS. ROE: When?\n\nMR. DOE: On Monday,\nif the pier holds.\n",
        encoding="utf-8",
    )
    result = run_cli(tmp_path, "ingest", "--guild", GUILD, str(folder))
    assert result.returncode == 1
    assert f"error: {folder / 'broken.pdf'}: the PDF cannot be read" in result.stderr
    assert "Traceback" not in result.stderr
    assert "4 added, 0 updated, 1 rejected" in result.stdout
    found = sources(tmp_path)
    quay = found[f"g{GUILD}-harbour-board-votes-to-dredge-the-channel"]
    # Six of the article, and the author's bio last ("About the author").
    assert quay["paragraphs"] == 7 and quay["publisher"] == "The Quay Gazette"
    assert quay["author"] == "Ines Müller"
    assert found[f"g{GUILD}-harbour-hearing"]["kind"] == "transcript"
    answer = json.loads(
        run_cli(
            tmp_path, "ask", "--json", "--guild", GUILD, "what became dangerous after the storm?"
        ).stdout
    )
    top = answer["answers"][0]
    assert "too dangerous for the night ferries" in top["quote"]
    hearing = json.loads(
        run_cli(tmp_path, "ask", "--json", "--guild", GUILD, "does the pier hold on Monday?").stdout
    )
    turns = [a for a in hearing["answers"] if a["doc_id"].endswith("harbour-hearing")]
    assert turns and turns[0]["speaker"] == "Mr. Doe"
    assert not turns[0]["passage"].startswith("MR. DOE")


STRIKE = (
    "The ferry strike\n\nThe crews walked out at dawn on Monday, and the island's only\n"
    "pharmacy ran short of insulin by Wednesday afternoon.\n"
)


def test_ingest_guild_reads_site_markdown_a_gazette_and_a_hard_wrapped_text(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "club"
    folder.mkdir()
    (folder / "ferry.md").write_text(HUGO, encoding="utf-8")
    (folder / "gazette.pdf").write_bytes(
        pdfs.gazette([("Dredging of the North Channel", DREDGING), ("Mooring Fees for 2025", FEES)])
    )
    (folder / "strike.txt").write_text(STRIKE, encoding="utf-8")
    result = run_cli(tmp_path, "ingest", "--guild", GUILD, str(folder))
    assert result.returncode == 0, result.stderr
    assert "3 added, 0 updated" in result.stdout
    # The uploader is told what was left out where the gazette goes on into its next notice.
    assert "note: The PDF goes on into another document at the heading" in result.stdout
    assert "(1 paragraph) were left out" in result.stdout
    found = sources(tmp_path)
    ferry = found[f"g{GUILD}-op-ed-the-ferry-needs-a-night-crossing"]
    assert (ferry["author"], ferry["date"]) == ("Ines Okoro; Tomas Ilves", "2024-11-15")
    assert f"g{GUILD}-dredging-of-the-north-channel" in found
    fees = json.loads(
        run_cli(
            tmp_path, "ask", "--json", "--guild", GUILD, "how much do mooring fees rise?"
        ).stdout
    )
    assert not any("four per cent" in a["quote"] for a in fees["answers"])  # cut off


async def test_a_hard_wrapped_upload_is_stored_as_written_and_checked_as_one_line(
    library: Library,
) -> None:
    uploaded = await library.upload(STRIKE.encode(), "strike.txt", GUILD, 7, UploadDetails())
    document = uploaded.document
    assert "island's only\npharmacy" in document.passages[0].text
    claimed = "the island's only pharmacy ran short of insulin by Wednesday afternoon."
    result = check_quote(library.engine, claimed, GUILD)
    assert result.verdict is Verdict.VERBATIM
    assert check_quote(library.engine, claimed).verdict is not Verdict.VERBATIM  # other scopes


async def test_a_long_paragraph_is_split_into_passages_that_cite_it(library: Library) -> None:
    sentence = "The harbour board met again on Thursday to argue about the channel fees. "
    long = sentence * (2 * MAX_PASSAGE_CHARS // len(sentence) + 3)
    text = f"Channel fees\n\nA first short paragraph.\n\n{long}\n\nA last one.\n"
    document = (await library.upload(text.encode(), "fees.txt", GUILD, 7, UploadDetails())).document
    ids = [p.id.rsplit(":", 1)[1] for p in document.passages]
    assert ids[:2] == ["p1", "p2"] and ids[2:4] == ["p2.2", "p2.3"] and ids[-1] == "p3"
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in document.passages)
    assert [p.cited_paragraph for p in document.passages] == [1, 2, 2, 2, 3]
    assert all(p.text.endswith("fees.") for p in document.passages[1:4])  # whole sentences
    await library.reload()  # the cited paragraph survives the store
    stored = library.engine.collection.documents[document.id]
    assert [p.cited_paragraph for p in stored.passages] == [1, 2, 2, 2, 3]


HEARING_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Ferry hearing, in full | The Quay Gazette</title>
<meta name="author" content="Gazette staff"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry hearing, in full</h1>
<p>What follows is the record of Tuesday's hearing on the night ferries.</p>
<p><strong>MS. ROE:</strong> Will the night ferry run again before the summer season?</p>
<p><strong>MR. DOE:</strong> It will run from Monday, if the divers find the pier sound.</p>
<p><strong>MS. ROE:</strong> And who pays for the divers and the new channel markers?</p>
<p><strong>MR. DOE:</strong> The harbour board pays, from the mooring fees it already holds.</p>
</article><footer>Copyright The Quay Gazette.</footer></body></html>
"""
SPEAKERS = {"Ms. Roe", "Mr. Doe"}
SHORT_TURNS = [
    ["What follows is the record of the hearing on the night ferries."],
    ["MS. ROE: Will the night ferry run again soon?"],
    ["MR. DOE: It will run from Monday, if the pier is sound."],
    ["MS. ROE: And who pays for the divers and the markers?"],
    ["MR. DOE: The harbour board pays, from the mooring fees it holds."],
]
HEARING_PDF = [
    [
        "What follows is the record of the hearing on the night",
        "ferries, held at the harbour office on Tuesday evening.",
    ],
    [
        "MS. ROE: Will the night ferry run again before the summer",
        "season, now that the storm damage to the pier is known",
        "and the pilots have said the channel is not safe?",
    ],
    [
        "MR. DOE: It will run from Monday, if the divers find the",
        "pier sound; the pilots will take the first crossings",
        "themselves, with the new markers in place by then.",
    ],
    [
        "MS. ROE: And who pays for the divers and the new channel",
        "markers, when the board says its budget for the year is",
        "already spent on the breakwater?",
    ],
    [
        "MR. DOE: The harbour board pays, from the mooring fees it",
        "already holds; no fee rises this year for the ferries or",
        "for the fishing boats that moor beside them.",
    ],
]


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("hearing.html", HEARING_PAGE.encode()),
        # Two pages, so the running header is known for one and left out.
        ("hearing.pdf", pdfs.report([HEARING_PDF[:3], HEARING_PDF[3:]], title="Ferry hearing")),
        # Short turns, a line each: turns still, not one exchange quoted in the text.
        ("short.pdf", pdfs.report([SHORT_TURNS[:3], SHORT_TURNS[3:]], title="Ferry hearing")),
    ],
)
async def test_a_page_or_pdf_of_labelled_turns_is_a_transcript_of_its_speakers(
    library: Library, filename: str, data: bytes
) -> None:
    document = (await library.upload(data, filename, GUILD, 7, UploadDetails())).document
    assert document.meta.kind.value == "transcript"
    # Each turn is its speaker's, not the page's author's, and no label is in its text.
    turns = [(p.speaker, p.text.split()[0]) for p in document.passages if p.speaker in SPEAKERS]
    assert turns == [("Ms. Roe", "Will"), ("Mr. Doe", "It"), ("Ms. Roe", "And"), ("Mr. Doe", "The")]
    answer = await library.ask("who pays, from the mooring fees it holds?", 1, scope=GUILD)
    assert answer.quotes[0].attribution.speaker == "Mr. Doe"
    assert answer.quotes[0].passage.startswith("The harbour board pays")
    # The introduction before the first label is the author's (or the publisher's) own.
    intro = await library.ask("what follows is the record of the hearing", 1, scope=GUILD)
    assert intro.quotes[0].attribution.speaker not in SPEAKERS


async def test_an_upload_keeps_its_original_bytes_hash_and_extractor(
    library: Library, tmp_path: Path
) -> None:
    data = page("windows-1252")
    document = (await library.upload(data, "quay.html", GUILD, 7, UploadDetails())).document
    with sqlite3.connect(tmp_path / "test.sqlite3") as connection:
        row = connection.execute(
            "SELECT filename, size, sha256, extractor FROM uploads WHERE doc_id = ?",
            (document.id,),
        ).fetchone()
    assert row[0] == "quay.html" and row[1] == len(data)
    assert row[2] == hashlib.sha256(data).hexdigest()
    assert row[3].startswith("html/")
    stored = await library.store.uploads([document.id])
    assert stored[document.id].data == data
    await library.remove(document.id, GUILD, 7)
    assert await library.store.uploads([document.id]) == {}


MINUTES = (
    "Harbour board minutes\n\n"
    "The board met on Thursday and agreed to dredge the channel.\n\n"
    "The treasurer asked who would pay for the dredgers.\n\n"
    "The chair said the loan would be repaid from mooring fees.\n"
)


def _an_old_extraction(text: str, *, title_given: bool = False) -> Extracted:
    """What an older text extractor made of a file: everything one paragraph."""
    return Extracted((Paragraph(" ".join(text.split())),), "text/0", title="Minutes")


async def _uploaded_by_an_old_extractor(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> Document:
    """The minutes as an older text extractor read and stored them (one paragraph, "text/0"):
    written to the store as that version wrote them (an upload is read in a worker process,
    where a patch of this process's extractor would not reach)."""
    data = MINUTES.encode()
    document = document_from_extracted(
        _an_old_extraction(MINUTES), data, "minutes.txt", UploadDetails()
    )
    analyser = library.engine.analyser
    saved = await library.store.save_upload(
        NewUpload(
            document=document,
            terms=[analyser.terms(passage.text) for passage in document.passages],
            tags=[None] * len(document.passages),
            scope=GUILD,
            filename="minutes.txt",
            id_hint=document.meta.title,
            user_id=7,
            original=StoredUpload("minutes.txt", data, "text/0", {}),
        ),
        UploadLimits(documents=100, passages=50_000, document_passages=5_000),
    )
    await library.reload()
    return saved.document


async def test_reindex_extracts_an_upload_again_when_the_extractor_has_changed(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = await _uploaded_by_an_old_extractor(library, monkeypatch)
    assert len(old.passages) == 1

    done = await library.reindex(GUILD, 7)

    assert (done.documents, done.extracted, done.failures) == (1, 1, ())
    again = library.engine.collection.documents[old.id]  # the id is kept
    assert again.passages[0].text.startswith("The board met on Thursday")
    assert len(again.passages) == 3
    stored = await library.store.uploads([old.id])
    assert stored[old.id].extractor == plaintext.extractor()  # today's, not "text/0"
    assert "1 documents, 1 extracted again" in (await library.history(GUILD))[0].detail
    await library.reload()
    assert len(library.engine.collection.documents[old.id].passages) == 3
    assert (await library.reindex(GUILD, 7)).extracted == 0  # up to date: analysed only


UNDATED = (
    "Why the lido should open early\n\n"
    "The outdoor pool sits empty through May while the town swelters.\n\n"
    "Opening the pool three weeks sooner would cost less than the autumn repairs.\n"
)


def test_an_upload_that_states_no_date_is_shown_as_date_unknown_not_the_upload_day(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lido.txt"
    path.write_text(UNDATED, encoding="utf-8")
    assert run_cli(tmp_path, "ingest", "--guild", GUILD, str(path)).returncode == 0
    today = dt.datetime.now(dt.UTC).date().isoformat()
    (lido,) = sources(tmp_path).values()
    assert lido["date"] is None
    listing = run_cli(tmp_path, "sources", "--guild", GUILD).stdout
    line = next(line for line in listing.splitlines() if line.startswith(str(lido["id"])))
    assert "date unknown" in line and today not in line
    asked = ("ask", "--guild", GUILD, "when would opening the pool cost less?")
    top = json.loads(run_cli(tmp_path, *asked[:1], "--json", *asked[1:]).stdout)["answers"][0]
    assert "three weeks sooner" in top["quote"] and top["date"] is None
    shown = run_cli(tmp_path, *asked).stdout
    assert "date unknown" in shown and today not in shown


async def test_reindex_takes_the_upload_day_off_an_upload_that_states_no_date(
    library: Library,
) -> None:
    """An upload stored when a file without a date was given the day it was uploaded: read
    again, it has no date (the store keeps when it was added apart)."""
    data = UNDATED.encode()
    document = document_from_extracted(
        _an_old_extraction(UNDATED), data, "lido.txt", UploadDetails()
    )
    assert document.meta.date is None
    old = document.replaced(meta=document.meta.model_copy(update={"date": dt.date(2025, 1, 1)}))
    analyser = library.engine.analyser
    saved = await library.store.save_upload(
        NewUpload(
            document=old,
            terms=[analyser.terms(passage.text) for passage in old.passages],
            tags=[None] * len(old.passages),
            scope=GUILD,
            filename="lido.txt",
            id_hint=old.meta.title,
            user_id=7,
            original=StoredUpload("lido.txt", data, "text/0", {}),
        ),
        UploadLimits(documents=100, passages=50_000, document_passages=5_000),
    )
    await library.reload()
    assert library.engine.collection.documents[saved.document.id].meta.date == dt.date(2025, 1, 1)
    assert (await library.reindex(GUILD, 7)).extracted == 1
    assert library.engine.collection.documents[saved.document.id].meta.date is None


async def test_reindex_keeps_a_document_whose_file_no_longer_extracts(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = await _uploaded_by_an_old_extractor(library, monkeypatch)

    def broken(text: str, *, title_given: bool = False) -> Extracted:
        raise CorpusError("minutes.txt", "the extractor choked", 3)

    monkeypatch.setattr("bot.engine.formats.upload.extract_text", broken)
    done = await library.reindex(GUILD, 7)

    assert done.extracted == 0
    assert done.failures == ("minutes.txt, line 3: the extractor choked",)
    assert len(library.engine.collection.documents[old.id].passages) == 1


async def test_too_many_passages_for_the_server_are_refused_with_a_message(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    settings = make_settings(tmp_path, corpus_dir=corpus).model_copy(
        update={"max_server_passages": 4}
    )
    library = await Library.open(settings)
    try:
        text = "\n\n".join(f"Paragraph {n} of the minutes." for n in range(3))
        await library.upload(text.encode(), "one.txt", GUILD, 7, UploadDetails(title="One"))
        with pytest.raises(Exception, match="a server may keep 4"):
            await library.upload(text.encode(), "two.txt", GUILD, 7, UploadDetails(title="Two"))
    finally:
        await library.close()


@pytest.mark.skipif(not BUGS.is_dir(), reason="../shared/bug-inputs is absent")
def test_bug_input_uploads_give_their_right_results(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path,
        "ingest",
        "--guild",
        GUILD,
        str(BUGS / "html-latin1-charset.html"),
        str(BUGS / "html-three-paragraphs.html"),
        str(BUGS / "pypdf-encryption-r6-empty-password.pdf"),
        str(BUGS / "pypdf-imagemagick-images.pdf"),
        str(BUGS / "trafilatura-nature.com.telescope.html"),
    )
    assert result.returncode == 0, result.stderr
    found = sources(tmp_path)
    assert found[f"g{GUILD}-council-backs-new-footbridge"]["paragraphs"] == 3
    assert any(d["title"] == "imagemagick-images" for d in found.values())
    latin = next(d for d in found.values() if "Gemeinderat" in str(d["title"]))
    assert "\ufffd" not in json.dumps(latin, ensure_ascii=False)
    answer = json.loads(
        run_cli(
            tmp_path, "ask", "--json", "--guild", GUILD, "how many pulsars did it discover?"
        ).stdout
    )
    assert answer["answers"][0]["quote"].startswith("During the testing phase")


async def test_an_uploads_sentence_terms_are_found_once_in_its_worker_and_kept(
    tmp_path: Path, library: Library
) -> None:
    uploaded = await library.upload(STRIKE.encode(), "strike.txt", GUILD, 7, UploadDetails())
    analyser = library.engine.analyser

    def cut_everywhere(engine_passages: list[int]) -> None:
        collection = library.engine.collection
        for position in engine_passages:
            passage = collection.passages[position]
            assert passage.sentence_runs is not None
            assert collection.sentence_terms(passage) == [
                analyser.terms(sentence) for sentence in passage.sentence_texts()
            ]

    def positions() -> list[int]:
        collection = library.engine.collection
        return [collection.position_of(p.id) for p in uploaded.document.passages]

    # Made in the upload's worker process, carried back with its passages, stored.
    cut_everywhere(positions())
    await library.close()
    reopened = await Library.open(make_settings(tmp_path, corpus_dir=tmp_path / "corpus"))
    try:
        library = reopened
        cut_everywhere(positions())
    finally:
        await reopened.close()


QA_TEXT = """Q&A: Chef Lorenzo Vitale on why he banned tipping

Interviewed by Ruth Abernathy, 4 April 2024

Q: You abolished tipping at your restaurant last year. Why?
A: Because tipping made my waiters' pay depend on the mood of strangers. I raised prices by
18 percent and pay everyone a proper salary now.

Q: Did customers complain about the prices?
A: A few did, for a month. Then they noticed the service was better.
"""
INTERVIEW_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Interview: Keiko Tanabe on the price of water</title>
<meta name="author" content="Sam Okafor"></head><body><article>
<h1>Interview: Keiko Tanabe on the price of water</h1>
<p>Keiko Tanabe has run the valley's water board for ten years. Sam Okafor asked her about
prices, dams and the next drought.</p>
<p><strong>Are big dams part of the solution?</strong></p>
<p>Not any more. I have seen three dams silt up in my career, and the money would do more in
repairing leaking pipes.</p>
<p><strong>What worries you most about the next drought?</strong></p>
<p>My biggest worry is the wells. We do not know how much water is left under the valley.</p>
</article></body></html>
"""


async def test_an_interview_in_q_and_a_form_is_its_two_peoples_words(library: Library) -> None:
    document = (
        await library.upload(QA_TEXT.encode(), "qa.txt", GUILD, 7, UploadDetails())
    ).document
    # Each question and each answer is a turn of its own, though no blank line parts them.
    turns = [(p.speaker, p.text.split()[0]) for p in document.passages]
    assert turns == [
        ("Ruth Abernathy", "You"),
        ("Lorenzo Vitale", "Because"),
        ("Ruth Abernathy", "Did"),
        ("Lorenzo Vitale", "A"),
    ]
    assert document.meta.author == "Ruth Abernathy"
    answer = await library.ask("why did Lorenzo Vitale raise prices?", 1, scope=GUILD)
    assert answer.quotes[0].attribution.speaker == "Lorenzo Vitale"


async def test_an_interview_pages_answers_are_the_interviewees(library: Library) -> None:
    await library.upload(INTERVIEW_PAGE.encode(), "water.html", GUILD, 7, UploadDetails())
    answer = await library.ask("what does Keiko Tanabe think of big dams?", 1, scope=GUILD)
    assert answer.quotes[0].passage.startswith("Not any more.")
    assert answer.quotes[0].attribution.speaker == "Keiko Tanabe"
    framing = await library.ask("who asked about prices, dams and the next drought", 1, scope=GUILD)
    assert framing.quotes[0].attribution.speaker == "Sam Okafor"  # the interviewer's framing


FOUR_DAY_WEEK = (
    "Town weighs a four-day week\n\n"
    "Economist Irene Vasquez said the trial would save the town money on heating.\n\n"
    "Greenfield Robotics said its staff were happier on the shorter week.\n\n"
    "Björn Åkesson, a union organiser, argued that workers should not lose pay for the day.\n"
)


async def test_people_in_an_upload_are_named_as_a_user_asks_for_them(library: Library) -> None:
    """Job titles are no part of a name, a company is no person, and a name typed without its
    accents finds the person."""
    await library.upload(FOUR_DAY_WEEK.encode(), "week.txt", GUILD, 7, UploadDetails())
    vasquez = await library.ask("what did Irene Vasquez say?", 1, scope=GUILD)
    assert vasquez.quotes[0].attribution.reporting == "Irene Vasquez"
    akesson = await library.ask("what did Bjorn Akesson say", 1, scope=GUILD)
    assert not akesson.abstained
    assert "should not lose pay" in akesson.quotes[0].text
    assert akesson.quotes[0].attribution.reporting == "Björn Åkesson"
    robotics = await library.ask("what did Greenfield Robotics say?", 1, scope=GUILD)
    assert all(q.attribution.reporting != "Greenfield Robotics" for q in robotics.quotes)


async def test_the_discord_reply_says_what_a_cut_pdf_left_out(library: Library) -> None:
    from bot.chat.cogs.server_corpus import upload_message

    data = pdfs.gazette(
        [("Dredging of the North Channel", DREDGING), ("Mooring Fees for 2025", FEES)]
    )
    uploaded = await library.upload(data, "gazette.pdf", GUILD, 7, UploadDetails())
    reply = upload_message(uploaded)
    assert reply.splitlines()[-1].startswith(
        "The PDF goes on into another document at the heading “DEPARTMENT OF HARBOURS” on page 2"
    )


async def test_a_parliaments_record_credits_each_member_and_the_minister(library: Library) -> None:
    from tests.engine.formats.test_plaintext import RECORD

    await library.upload(RECORD.encode(), "assembly.txt", GUILD, 7, UploadDetails())
    # The minister, labelled by her office at her first turn and by name after it, is one
    # speaker a question can name.
    answer = await library.ask("what did Helen Marsh say about when work starts?", 1, scope=GUILD)
    assert answer.quotes[0].attribution.speaker == "Mrs Helen Marsh"
    assert "September" in answer.quotes[0].passage
    cost = await library.ask("how much will the dredging cost?", 1, scope=GUILD)
    assert cost.quotes[0].attribution.speaker == "Mrs Helen Marsh"
    # Her office names her: "the minister" (no other label holds that office).
    office = await library.ask("what did the minister say about when work starts?", 1, scope=GUILD)
    assert office.quotes[0].attribution.speaker == "Mrs Helen Marsh"
    # A member's short label after the first turn is the same voice as the full one. Her
    # question asks what the user asks, so the reply to it answers; the question itself, which
    # only asks, is not quoted.
    spoil = await library.ask("who pays for the spoil?", 2, scope=GUILD)
    assert [q.attribution.speaker for q in spoil.quotes][:1] == ["Mr Tobias Wren"]
    assert "Ms Nadia Okafor" not in [q.attribution.speaker for q in spoil.quotes]


async def test_a_role_in_a_speakers_label_names_the_speaker(library: Library) -> None:
    show = (
        "Harbour Talk, episode 3\n\n"
        "[00:00:04] NINA FALK (HOST): Welcome back. Today we talk about the ferry timetable.\n\n"
        "[00:00:30] OWEN PRICE: Thanks for having me. The ferry should run every hour.\n\n"
        "[00:01:10] NINA FALK: Every hour costs money. Who pays for the extra crossings?\n\n"
        "[00:01:40] OWEN PRICE: The harbour board pays, from the mooring fees it holds.\n"
    )
    await library.upload(show.encode(), "harbour-talk.txt", GUILD, 7, UploadDetails())
    answer = await library.ask("what did the host ask about the extra crossings?", 1, scope=GUILD)
    assert answer.quotes[0].attribution.speaker == "Nina Falk"


async def test_a_letters_page_quotes_each_signer_and_knows_them_by_town(library: Library) -> None:
    from tests.engine.formats.test_letter import LETTERS_PAGE

    await library.upload(LETTERS_PAGE.encode(), "letters.txt", GUILD, 7, UploadDetails())
    bread = await library.ask("what did Agnes Pellworth say about bread?", 1, scope=GUILD)
    assert bread.quotes[0].attribution.speaker == "Agnes Pellworth"
    assert "bread" in bread.quotes[0].text
    question = "what did the writer from Port Anstey say about fares?"
    fares = await library.ask(question, 1, scope=GUILD)
    assert fares.quotes[0].attribution.speaker == "Douglas Vane"
    assert "fares" in fares.quotes[0].text.lower()
    # A signature line is never the quote.
    town = await library.ask("what did the letter writer from Little Skerry argue", 3, scope=GUILD)
    assert {q.attribution.speaker for q in town.quotes} == {"Agnes Pellworth"}
    assert not any("Little Skerry" in q.text for q in town.quotes)


async def test_a_markdown_interview_and_a_speech_credit_their_speakers(library: Library) -> None:
    from tests.engine.formats.test_markdown import KILN_INTERVIEW
    from tests.engine.formats.test_newsroom import SPEECH

    await library.upload(KILN_INTERVIEW.encode(), "kiln.md", GUILD, 7, UploadDetails())
    await library.upload(SPEECH.encode(), "slipway.txt", GUILD, 7, UploadDetails())
    answer = await library.ask("will anyone take over the kiln?", 1, scope=GUILD)
    assert answer.quotes[0].passage.startswith("I hope so.")
    assert answer.quotes[0].attribution.speaker == "Nadia Corr"
    asked = await library.ask("who asked Nadia Corr whether she regrets anything?", 1, scope=GUILD)
    assert asked.quotes[0].attribution.speaker == "Pavel Stroud"
    speech = await library.ask("what did Ines Halloran say about the lifeboat?", 1, scope=GUILD)
    assert speech.quotes[0].attribution.speaker == "Ines Halloran"
    assert "(Applause)" not in speech.quotes[0].passage
