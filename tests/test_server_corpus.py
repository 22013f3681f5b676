"""Each server's own documents: uploads in every format, limits, isolation, audit, removal."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pytest

from bot.engine.check import Verdict, check_quote
from bot.engine.debate import list_evidence
from bot.engine.formats.upload import UploadDetails
from bot.engine.models import CorpusError
from bot.library import Library
from bot.store import SqliteStore, StoreError
from tests.cli.test_commands import run_cli
from tests.conftest import SEED_ID, database_settings, make_settings
from tests.engine.formats import pdfs
from tests.postgres import raw_rows


def is_sqlite(library: Library) -> bool:
    return isinstance(library.store, SqliteStore)


CLUB_A, CLUB_B = "111111111111111111", "222222222222222222"
LIGHTHOUSE = (
    "The harbour trust voted on Tuesday to restore the old lighthouse at Gull Point.\n\n"
    "Restoration will cost 140,000 pounds, according to the trust's surveyor, and the lamp "
    "room will open to visitors in the spring.\n"
)


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer, written by hand (no PDF library writes text)."""
    text = (
        "BT /F1 12 Tf 72 720 Td 14 TL "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") ' "
            for line in lines
        )
        + "ET"
    )
    stream = zlib.compress(text.encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (Minutes of the harbour trust) /Author (The trust secretary) >>",
    ]
    return pdfs.raw_pdf(objects, info=6)


HTML = b"""<!doctype html><html><head><title>Gull Point light to shine again</title>
<meta name="author" content="Ros Tamsin"><meta property="article:published_time"
content="2025-04-02"></head><body><nav>Home | News | Sport</nav><article>
<h1>Gull Point light to shine again</h1>
<p>The harbour trust voted on Tuesday to restore the old lighthouse at Gull Point, which has
stood dark since the storms of 1987 cracked its lantern glass.</p>
<p>Restoration will cost 140,000 pounds, according to the trust's surveyor, and the lamp room
will open to visitors in the spring, when the scaffolding comes down.</p>
<p>Fishermen who still sail from the point welcomed the vote, though several said a working
light mattered more to them than a museum.</p></article>
<footer>Copyright the Gull Point Gazette</footer></body></html>"""


@pytest.fixture
async def library(tmp_path: Path, database: str) -> Library:
    """A library over the bundled corpus, once on SQLite and once on PostgreSQL."""
    opened = await Library.open(database_settings(tmp_path, database, max_server_documents=3))
    yield opened  # type: ignore[misc]
    await opened.close()


@pytest.mark.parametrize(
    ("filename", "data", "details"),
    [
        ("lighthouse.txt", LIGHTHOUSE.encode(), UploadDetails(title="Gull Point light")),
        ("lighthouse.html", HTML, UploadDetails()),
        (
            "minutes.pdf",
            minimal_pdf(
                [
                    "The harbour trust voted on Tuesday to restore the old lighthouse.",
                    "Restoration will cost 140,000 pounds, the surveyor said.",
                ]
            ),
            UploadDetails(),
        ),
        (
            "lighthouse.md",
            b"---\ntitle: Gull Point light\nauthor: Ros Tamsin\ndate: 2025-04-02\nkind: article\n"
            b"---\n\n" + LIGHTHOUSE.encode(),
            UploadDetails(),
        ),
    ],
    ids=["txt", "html", "pdf", "corpus-format"],
)
async def test_an_upload_answers_at_once_in_its_server_only(
    library: Library, filename: str, data: bytes, details: UploadDetails
) -> None:
    uploaded = await library.upload(data, filename, CLUB_A, 7, details)
    document = uploaded.document
    assert uploaded.replaced is None and document.id.startswith(f"g{CLUB_A}-")
    here = await library.ask("what will restoring the lighthouse cost?", scope=CLUB_A)
    assert here.quotes and here.quotes[0].attribution.doc_id == document.id
    assert "140,000" in here.quotes[0].text
    elsewhere = await library.ask("what will restoring the lighthouse cost?", scope=CLUB_B)
    direct = await library.ask("what will restoring the lighthouse cost?")
    for other in (elsewhere, direct):
        assert all(q.attribution.doc_id != document.id for q in other.quotes)


async def test_html_and_pdf_metadata_fill_what_the_uploader_left_out(library: Library) -> None:
    page = (await library.upload(HTML, "page.html", CLUB_A, 7, UploadDetails())).document
    assert page.meta.title == "Gull Point light to shine again"
    assert page.meta.author == "Ros Tamsin"
    assert "Copyright" not in page.body and "Sport" not in page.body  # boilerplate left out
    pdf = (
        await library.upload(
            minimal_pdf(["A line of minutes."]), "m.pdf", CLUB_A, 7, UploadDetails()
        )
    ).document
    assert pdf.meta.title == "Minutes of the harbour trust"
    assert pdf.meta.author == "The trust secretary"


@pytest.mark.parametrize(
    ("filename", "data", "problem"),
    [
        ("notes.odt", b"PK\x03\x04 not really", "unsupported file type '.odt'"),
        ("notes.docx", b"PK\x03\x04 not really", "not a Word document I can read"),
        ("notes.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old", "old Word document (.doc)"),
        ("captions.vtt", b"WEBVTT\n\nNOTE nothing said\n", "no words were found"),
        ("empty.txt", b"   \n\n", "the file is empty"),
        ("renamed.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\n", "is a PDF, not text"),
        ("binary.txt", b"text\x00with a NUL byte", "binary"),
        ("huge.txt", b"word " * 500_000, "the limit is 2,000,000 bytes"),
        ("crowded.txt", b"ab\n\n" * 6_000, "6,000 paragraphs; a document may have at most"),
        (
            "blank.html",
            b"<html><head><title>T</title></head><body></body></html>",
            "no article text",
        ),
        ("scan.pdf", minimal_pdf([]), "no text layer"),
        ("broken.pdf", b"%PDF-1.4 this is not a PDF", "cannot be read"),
        (
            "bad.md",
            b"---\ntitle: T\nauthor: A\ndate: 2025-13-01\nkind: article\n---\n\nText.\n",
            "line 4: date must be YYYY-MM-DD",
        ),
    ],
)
async def test_a_bad_upload_says_what_was_wrong_and_changes_nothing(
    library: Library, filename: str, data: bytes, problem: str
) -> None:
    before = {d.id for d in library.engine.collection.documents.values()}
    with pytest.raises(CorpusError) as caught:
        await library.upload(data, filename, CLUB_A, 7, UploadDetails())
    assert problem in str(caught.value) and filename in str(caught.value)
    assert {d.id for d in library.engine.collection.documents.values()} == before
    assert await library.history(CLUB_A) == []


@pytest.mark.parametrize("charset", ["cp1252", "latin-1"])
async def test_a_text_file_saved_in_a_windows_or_latin_charset_is_read_in_it(
    library: Library, charset: str
) -> None:
    # Notepad's "ANSI": curly quotes (cp1252 only) and accented names.
    quotes = ("\u201c", "\u201d") if charset == "cp1252" else ('"', '"')
    text = (
        "Café owners protest the harbour levy\n\n"
        f"Zoë Müller, who runs the Café Olé, called the levy {quotes[0]}unfair to small "
        f"shops{quotes[1]} and said it would close her doors.\n\n"
        "José Ibáñez said the council needs the money for the new breakwater.\n"
    )
    document = (
        await library.upload(text.encode(charset), "levy.txt", CLUB_A, 7, UploadDetails())
    ).document
    assert document.meta.title == "Café owners protest the harbour levy"
    assert "Zoë Müller" in document.body and "José Ibáñez" in document.body
    assert f"{quotes[0]}unfair to small shops{quotes[1]}" in document.body
    answer = await library.ask("what did José Ibáñez say about the breakwater?", 1, scope=CLUB_A)
    assert answer.quotes[0].passage.startswith("José Ibáñez said")


async def test_a_server_may_keep_only_so_many_documents(library: Library) -> None:
    for number in range(3):
        details = UploadDetails(title=f"Note {number}")
        await library.upload(LIGHTHOUSE.encode(), f"n{number}.txt", CLUB_A, 7, details)
    with pytest.raises(CorpusError, match="the most it may keep"):
        await library.upload(LIGHTHOUSE.encode(), "n4.txt", CLUB_A, 7, UploadDetails(title="Four"))
    # Replacing one of the three is still allowed, and another server has its own allowance.
    again = await library.upload(
        LIGHTHOUSE.encode(), "n0.txt", CLUB_A, 7, UploadDetails(title="Note 0")
    )
    assert again.replaced is not None
    await library.upload(LIGHTHOUSE.encode(), "b.txt", CLUB_B, 8, UploadDetails(title="Note 0"))


async def test_every_view_of_the_corpus_keeps_servers_apart(library: Library) -> None:
    text = LIGHTHOUSE + "\nThe trust's chair said: “A light that warns nobody is a monument.”\n"
    uploaded = await library.upload(
        text.encode(), "l.txt", CLUB_A, 7, UploadDetails(title="Gull Point")
    )
    document = uploaded.document
    engine = library.engine
    assert document.id in {d.id for d in engine.collection.visible_documents(CLUB_A)}
    assert document.id not in {d.id for d in engine.collection.visible_documents(CLUB_B)}
    assert SEED_ID in {d.id for d in engine.collection.visible_documents(CLUB_B)}  # shared by all
    quote = "A light that warns nobody is a monument."
    assert check_quote(engine, quote, CLUB_A).verdict is Verdict.VERBATIM
    assert check_quote(engine, quote, CLUB_B).verdict is not Verdict.VERBATIM
    sources = {item.passage_id.split(":")[0] for item in list_evidence(engine, scope=CLUB_B)}
    assert document.id not in sources
    assert document.id in {i.passage_id.split(":")[0] for i in list_evidence(engine, scope=CLUB_A)}


async def test_removal_is_audited_and_only_by_the_owning_server(library: Library) -> None:
    uploaded = await library.upload(
        LIGHTHOUSE.encode(), "l.txt", CLUB_A, 7, UploadDetails(title="Gull Point")
    )
    document = uploaded.document
    assert not await library.remove(document.id, CLUB_B, 8)  # not theirs
    assert not await library.remove(SEED_ID, CLUB_A, 7)  # the shared corpus is not a server's
    assert await library.remove(document.id, CLUB_A, 7)
    answer = await library.ask("what will restoring the lighthouse cost?", scope=CLUB_A)
    assert all(q.attribution.doc_id != document.id for q in answer.quotes)
    history = await library.history(CLUB_A)
    assert [(e.action, e.doc_id, e.user_id) for e in history] == [
        ("remove", document.id, "7"),
        ("add", document.id, "7"),
    ]
    assert await library.history(CLUB_B) == []


async def test_reindex_rewrites_a_servers_documents_and_notes_it(library: Library) -> None:
    await library.upload(LIGHTHOUSE.encode(), "l.txt", CLUB_A, 7, UploadDetails(title="Gull"))
    assert (await library.reindex(CLUB_A, 7)).documents == 1
    assert (await library.reindex(CLUB_B, 8)).documents == 0
    assert (await library.history(CLUB_A))[0].action == "reindex"


async def test_a_write_that_fails_midway_leaves_the_corpus_as_it_was(library: Library) -> None:
    # A real failure inside the transaction: the database refuses the second paragraph, after
    # the document row and the first paragraph are written.
    location = library.store.location if is_sqlite(library) else library.settings.database_url
    assert location is not None
    if is_sqlite(library):
        raw_rows(
            location,
            "CREATE TRIGGER refuse_second BEFORE INSERT ON passages WHEN NEW.number = 2"
            " BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
        )
    else:
        raw_rows(
            location,
            "CREATE FUNCTION refuse_second() RETURNS TRIGGER LANGUAGE plpgsql AS $$ BEGIN"
            " IF NEW.number = 2 THEN RAISE EXCEPTION 'refused for the test'; END IF;"
            " RETURN NEW; END $$; CREATE TRIGGER refuse_second BEFORE INSERT ON passages"
            " FOR EACH ROW EXECUTE FUNCTION refuse_second()",
        )
    with pytest.raises(StoreError, match="refused for the test"):
        await library.upload(LIGHTHOUSE.encode(), "l.txt", CLUB_A, 7, UploadDetails(title="G"))
    assert library.own_documents(CLUB_A) == []
    assert await library.history(CLUB_A) == []
    count = "SELECT COUNT(*) FROM documents WHERE scope = ?"
    assert raw_rows(location, count, (CLUB_A,)) == [(0,)]
    assert raw_rows(location, "SELECT COUNT(*) FROM passages WHERE doc_id LIKE 'g1%'") == [(0,)]


def test_ingest_with_a_guild_adds_to_that_servers_corpus(tmp_path: Path) -> None:
    article = tmp_path / "lighthouse.md"
    article.write_bytes(
        b"---\ntitle: Gull Point light\nauthor: Ros Tamsin\ndate: 2025-04-02\nkind: article\n"
        b"---\n\n" + LIGHTHOUSE.encode()
    )
    added = run_cli(tmp_path, "ingest", "--guild", CLUB_A, str(article))
    assert added.returncode == 0, added.stderr
    assert f"added g{CLUB_A}-gull-point-light for server {CLUB_A}" in added.stdout
    shared = run_cli(tmp_path, "sources", "--json")
    assert f"g{CLUB_A}-gull-point-light" not in shared.stdout
    own = run_cli(tmp_path, "sources", "--json", "--guild", CLUB_A)
    assert f"g{CLUB_A}-gull-point-light" in own.stdout and SEED_ID in own.stdout
    answer = run_cli(tmp_path, "ask", "--guild", CLUB_A, "what will the lighthouse cost?")
    assert "140,000 pounds" in answer.stdout


def test_ingest_with_a_guild_takes_a_folder_as_corpus_add_would(tmp_path: Path) -> None:
    folder = tmp_path / "club"
    (folder / "minutes").mkdir(parents=True)
    notice = folder / "lighthouse.txt"
    notice.write_text(LIGHTHOUSE, encoding="utf-8")
    (folder / "minutes" / "page.html").write_bytes(HTML)
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not an upload type: left alone
    (folder / "README.md").write_text("Notes for the club's librarian.\n", encoding="utf-8")
    stray = tmp_path / "scan.png"
    stray.write_bytes(b"\x89PNG\r\n\x1a\n")

    first = run_cli(tmp_path, "ingest", "--guild", CLUB_A, str(folder))
    assert first.returncode == 0, first.stderr  # the plain text is titled by its file's name
    assert f"added g{CLUB_A}-lighthouse for server {CLUB_A}" in first.stdout
    assert "2 added, 0 updated" in first.stdout
    assert "png" not in first.stdout + first.stderr and "README" not in first.stderr

    # The same file again, now with a title: an update of its document, under its id.
    titled = run_cli(tmp_path, "ingest", "--guild", CLUB_A, "--title", "Gull Point", str(notice))
    assert titled.returncode == 0, titled.stderr
    assert (
        f"updated g{CLUB_A}-lighthouse for server {CLUB_A} (it replaces “lighthouse”, "
        "uploaded from lighthouse.txt)"
    ) in titled.stdout

    # A title for several files would give them one id: refused before anything is written.
    several = run_cli(tmp_path, "ingest", "--guild", CLUB_A, "--title", "Gull Point", str(folder))
    assert several.returncode == 2 and "describe one file; these paths give 2" in several.stderr

    named = run_cli(tmp_path, "ingest", "--guild", CLUB_A, str(stray), str(folder / "minutes"))
    assert named.returncode == 1
    assert f"error: {stray}: unsupported file type '.png'" in named.stderr
    assert "0 added, 1 updated, 1 rejected" in named.stdout  # the others still land

    missing = run_cli(tmp_path, "ingest", "--guild", CLUB_A, str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "no such file or folder" in missing.stderr
    shared = run_cli(tmp_path, "ingest", "--title", "Gull Point", str(notice))
    assert shared.returncode == 2 and "use them with --guild" in shared.stderr
    listed = json.loads(run_cli(tmp_path, "sources", "--json", "--guild", CLUB_A).stdout)
    own = {d["id"]: d["title"] for d in listed if d["id"].startswith(f"g{CLUB_A}-")}
    assert len(own) == 2 and own[f"g{CLUB_A}-lighthouse"] == "Gull Point"


REPLY_TEXT = """A reply to the lighthouse plan

The museum would cost more than the light ever earned, and the harbour trust knows it.
"""


async def test_an_upload_can_say_which_document_it_answers(library: Library) -> None:
    plan = (
        await library.upload(
            LIGHTHOUSE.encode(), "plan.txt", CLUB_A, 7, UploadDetails(title="Gull Point light")
        )
    ).document
    uploaded = await library.upload(
        REPLY_TEXT.encode(),
        "reply.txt",
        CLUB_A,
        7,
        UploadDetails(kind="reply", responds_to="Gull Point light"),  # its title will do
    )
    reply = uploaded.document
    assert reply.meta.responds_to == plan.id
    focus = library.engine.reader.focus("what does the reply to gull point light say?", CLUB_A)
    assert focus.doc_ids == {reply.id}
    with pytest.raises(CorpusError, match="responds_to: there is no document"):
        await library.upload(
            REPLY_TEXT.encode(), "again.txt", CLUB_B, 7, UploadDetails(responds_to=plan.id)
        )


def test_ingest_takes_the_document_an_upload_answers(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("Gull Point light\n\n" + LIGHTHOUSE, encoding="utf-8")
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLY_TEXT, encoding="utf-8")
    assert run_cli(tmp_path, "ingest", "--guild", CLUB_A, str(plan)).returncode == 0
    added = run_cli(
        tmp_path,
        "ingest",
        "--guild",
        CLUB_A,
        "--kind",
        "reply",
        "--responds-to",
        "Gull Point light",
        str(reply),
    )
    assert added.returncode == 0, added.stderr
    sources = run_cli(tmp_path, "sources", "--json", "--guild", CLUB_A)
    answered = {d["id"]: d["responds_to"] for d in json.loads(sources.stdout)}
    assert answered[f"g{CLUB_A}-a-reply-to-the-lighthouse-plan"] == f"g{CLUB_A}-gull-point-light"


# --- ids belong to the store ----------------------------------------------------------------


def corpus_format(title: str, *, id_line: str = "", body: str = LIGHTHOUSE) -> bytes:
    head = f"---\n{id_line}title: {title}\nauthor: Ros Tamsin\ndate: 2025-04-02\nkind: article\n"
    return (head + "---\n\n" + body).encode()


@pytest.mark.parametrize("key", ["id", "ID", "Id", "iD"])
async def test_an_id_in_an_upload_is_only_a_hint_inside_the_uploaders_id_space(
    library: Library, key: str
) -> None:
    body = LIGHTHOUSE + "\nid: this line is text, and stays as written.\n"
    data = corpus_format("Stolen name", id_line=f"{key}: g{CLUB_B}-stolen-name\n", body=body)
    theirs = (await library.upload(data, "stolen.md", CLUB_A, 7, UploadDetails())).document
    assert theirs.id == f"g{CLUB_A}-g{CLUB_B}-stolen-name"
    assert "id: this line is text, and stays as written." in theirs.body
    assert theirs.passages[-1].text == "id: this line is text, and stays as written."
    # Server B's own upload of that title is its own, not "taken".
    own = await library.upload(corpus_format("Stolen name"), "mine.md", CLUB_B, 8, UploadDetails())
    assert own.document.id == f"g{CLUB_B}-stolen-name" and own.replaced is None
    assert {d.id for d in library.own_documents(CLUB_B)} == {own.document.id}
    assert {d.id for d in library.own_documents(CLUB_A)} == {theirs.id}


async def test_an_uploaders_own_prefix_in_an_id_is_not_doubled(library: Library) -> None:
    data = corpus_format("Minutes", id_line=f"id: g{CLUB_A}-minutes-april\n")
    uploaded = await library.upload(data, "m.md", CLUB_A, 7, UploadDetails())
    assert uploaded.document.id == f"g{CLUB_A}-minutes-april"


async def test_non_latin_titles_make_ids_of_their_own_letters(library: Library) -> None:
    first = await library.upload(
        LIGHTHOUSE.encode(), "a.txt", CLUB_A, 7, UploadDetails(title="Доклад о бюджете маяка")
    )
    second = await library.upload(
        LIGHTHOUSE.encode(), "b.txt", CLUB_A, 7, UploadDetails(title="Протокол собрания")
    )
    assert first.document.id == f"g{CLUB_A}-доклад-о-бюджете-маяка"
    assert second.document.id == f"g{CLUB_A}-протокол-собрания"
    assert second.replaced is None
    assert {d.meta.title for d in library.own_documents(CLUB_A)} == {
        "Доклад о бюджете маяка",
        "Протокол собрания",
    }


async def test_titles_alike_up_to_the_id_length_are_two_documents(library: Library) -> None:
    stem = "Minutes of the ordinary general meeting of the Gull Point harbour trust held on"
    first = await library.upload(
        LIGHTHOUSE.encode(), "a.txt", CLUB_A, 7, UploadDetails(title=f"{stem} 3 March 2025")
    )
    second = await library.upload(
        LIGHTHOUSE.encode(), "b.txt", CLUB_A, 7, UploadDetails(title=f"{stem} 7 April 2025")
    )
    assert first.document.id != second.document.id
    assert second.replaced is None and second.id_taken_by is not None
    assert second.id_taken_by.id == first.document.id
    assert len(first.document.id) <= 84  # a passage id still fits a button's custom_id
    assert len(library.own_documents(CLUB_A)) == 2


async def test_a_title_without_letters_gets_a_hash_for_an_id(library: Library) -> None:
    uploaded = await library.upload(
        LIGHTHOUSE.encode(), "a.txt", CLUB_A, 7, UploadDetails(title="“!!!” — ???")
    )
    assert re.fullmatch(rf"g{CLUB_A}-[0-9a-f]{{6}}", uploaded.document.id)


async def test_a_distinct_upload_replaces_nothing_unless_asked(library: Library) -> None:
    details = UploadDetails(title="Gull Point")
    first = await library.upload(LIGHTHOUSE.encode(), "gull.txt", CLUB_A, 7, details)
    # Another file with the same title: a document of its own, and the reply can say why.
    other = await library.upload(
        (LIGHTHOUSE + "\nA second notice.\n").encode(), "notice.txt", CLUB_A, 7, details
    )
    assert other.replaced is None and other.document.id != first.document.id
    assert other.id_taken_by is not None and other.id_taken_by.source == "gull.txt"
    # The same file name again is an update of that file's document, under its id.
    again = await library.upload(
        (LIGHTHOUSE + "\nThe vote was unanimous.\n").encode(),
        "gull.txt",
        CLUB_A,
        7,
        UploadDetails(title="Gull Point, revised"),
    )
    assert again.replaced is not None and again.replaced.id == first.document.id
    assert again.replaced.title == "Gull Point" and again.document.id == first.document.id
    # Asked for by id, any file replaces the document named.
    asked = await library.upload(
        LIGHTHOUSE.encode(), "new.txt", CLUB_A, 7, details, replace=other.document.id
    )
    assert asked.replaced is not None and asked.replaced.id == other.document.id
    assert len(library.own_documents(CLUB_A)) == 2
    actions = [(e.action, e.doc_id) for e in await library.history(CLUB_A)]
    assert actions == [
        ("update", other.document.id),
        ("update", first.document.id),
        ("add", other.document.id),
        ("add", first.document.id),
    ]


async def test_no_server_can_replace_or_remove_another_servers_document(
    library: Library,
) -> None:
    theirs = await library.upload(
        LIGHTHOUSE.encode(), "gull.txt", CLUB_A, 7, UploadDetails(title="Gull Point")
    )
    with pytest.raises(CorpusError, match="this server has no document"):
        await library.upload(
            b"Something else entirely.\n",
            "gull.txt",
            CLUB_B,
            8,
            UploadDetails(title="Gull Point"),
            replace=theirs.document.id,
        )
    with pytest.raises(CorpusError, match="this server has no document"):
        await library.upload(
            b"Something else.\n", "x.txt", CLUB_B, 8, UploadDetails(title="X"), replace=SEED_ID
        )
    assert not await library.remove(theirs.document.id, CLUB_B, 8)
    # B's upload of the same file name and title is B's own document.
    mine = await library.upload(
        b"Something else entirely.\n", "gull.txt", CLUB_B, 8, UploadDetails(title="Gull Point")
    )
    assert mine.replaced is None and mine.document.id == f"g{CLUB_B}-gull-point"
    kept = library.engine.collection.documents[theirs.document.id]
    assert kept.body == theirs.document.body
    assert library.engine.collection.scopes[theirs.document.id] == CLUB_A


async def test_a_shared_article_cannot_take_a_servers_id(library: Library, tmp_path: Path) -> None:
    uploaded = await library.upload(
        LIGHTHOUSE.encode(), "gull.txt", CLUB_A, 7, UploadDetails(title="Gull Point")
    )
    article = tmp_path / "shared.md"
    article.write_bytes(corpus_format("Shared", id_line=f"id: {uploaded.document.id}\n"))
    report = await library.ingest([article])
    assert not report.changed
    assert [str(e) for e in report.errors] == [
        f"{article}: the id {uploaded.document.id!r} belongs to server {CLUB_A}; give the "
        "article another 'id:'"
    ]
    assert library.engine.collection.scopes[uploaded.document.id] == CLUB_A


async def test_the_store_keeps_a_servers_documents_in_its_id_space(library: Library) -> None:
    location = library.store.location if is_sqlite(library) else library.settings.database_url
    assert location is not None
    with pytest.raises(Exception, match="document id outside its id space"):
        raw_rows(
            location,
            "INSERT INTO documents (id, scope, source, content_hash, meta_json, body,"
            " ingested_at) VALUES (?, ?, 'x.txt', '', '{}', '', '')",
            (f"g{CLUB_A}-planted", CLUB_B),
        )


async def test_the_server_passage_limit_holds_and_counts_a_replacement_once(
    tmp_path: Path,
) -> None:
    library = await Library.open(make_settings(tmp_path, max_server_passages=6))
    try:
        four = "\n\n".join(f"Paragraph {n} of the notes." for n in range(4)).encode()
        await library.upload(four, "four.txt", CLUB_A, 7, UploadDetails(title="Four"))
        with pytest.raises(CorpusError, match="have 4 paragraphs and this file 4; a server may"):
            await library.upload(four, "more.txt", CLUB_A, 7, UploadDetails(title="More"))
        # Replacing a document counts its new paragraphs instead of its old ones.
        await library.upload(four, "four.txt", CLUB_A, 7, UploadDetails(title="Four"))
        await library.upload(four, "b.txt", CLUB_B, 8, UploadDetails(title="B's own"))
    finally:
        await library.close()
