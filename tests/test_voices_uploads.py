"""Who is credited, and how, in uploads of many voices, as a user asks through the library and
the command line: a letters page's signers with their towns, a parliament's record by its own
name with each Member's seat and party, a broadcast panel's head no one's words and its
presenter named as such, an op-ed's closing bio quoted for "what does the author do?"."""

from __future__ import annotations

import json
from pathlib import Path

from bot.cli.render import answer_text
from bot.engine.formats.upload import UploadDetails
from bot.engine.models import Role
from bot.engine.results import Answer
from bot.library import Library
from tests.cli.test_commands import run_cli

GUILD = "555555555555555555"

LETTERS = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Letters: Keep the ferry running | The Corrin Herald</title>
<meta property="og:site_name" content="The Corrin Herald">
<meta property="article:published_time" content="2026-03-06T07:00:00+00:00">
</head><body><article>
<h1>Letters: Keep the ferry running</h1>
<div class="letter"><h3>An island cut off</h3>
<p>Since the winter timetable began, the last boat back from Pellam leaves at four in the
afternoon. My daughter works a late shift at the cannery and now sleeps on a friend's sofa
three nights a week.</p>
<p class="sig"><b>Maren Tulloch</b>, Skerrow</p></div>
<div class="letter"><h3>Fares, not sailings</h3>
<p>The problem is the fares. A return ticket for a car and two adults now costs sixty-two
pounds, and families simply stay home.</p>
<p class="sig"><b>Ivo Brannigan</b>, Westhaven, Lorne County</p></div>
<div class="letter"><h3>The harbour wall</h3>
<p>Before anyone argues about sailings, the harbour wall at Skerrow needs its cracked
footings repaired, or there will be no pier left to sail from.</p>
<p class="sig"><b>Hester Vane</b> (harbour trustee), Pellam</p></div>
</article></body></html>
"""

RECORD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Coastal Ferry Services - Hansard - UK Parliament</title>
<meta property="og:site_name" content="Hansard - UK Parliament">
</head><body>
<header><a href="/">UK Parliament</a> <a href="/hansard">Hansard</a></header>
<nav class="crumbs"><a href="/">Hansard</a> <a href="/Commons">Commons</a></nav>
<main>
<h1>Coastal Ferry Services</h1>
<div class="meta"><span>Volume 771: debated on Wednesday 11 March 2026</span></div>
<div class="debate">
<div class="time">10.02 am</div>
<div class="item"><h2 class="speaker">Mr Alan Foyle (Northtown) (Lab)</h2>
<p>The ferry to Skerrow now leaves the mainland for the last time at four in the afternoon.
Shift workers at the cannery cannot get home, and the operator still takes its subsidy in
full.</p></div>
<div class="item"><h2 class="speaker">Mrs Petra Lund (Westhaven and Corrin) (Con)</h2>
<p>Does the hon. Gentleman agree that fares, not timetables, keep families off the
boats?</p></div>
<div class="item"><h2 class="speaker">Mr Alan Foyle</h2>
<p>Fares matter, but a boat that does not sail cannot be cheap or dear.</p></div>
<div class="item"><h2 class="speaker">The Minister for Maritime Transport (Gita Rowe)</h2>
<p>We will review the subsidy agreement in the summer, and I will meet operators to discuss
an evening sailing.</p></div>
</div></main>
<footer><p>Parliamentary copyright</p></footer>
</body></html>
"""

PANEL = """PROGRAMME: The Harbour Hour
BROADCAST: Radio Corrin, 12 March 2026
PRESENTER: Nadia Kurt

NADIA KURT: Good evening. Tonight the panel takes on the island ferry and whether the county \
should pay for a late sailing.

TOMAS BELL: The county pays already. It pays a subsidy of two million pounds a year and gets \
a timetable that suits nobody who works a late shift.

ROSA FENN: I sit on the operator's board, and I can tell you the evening boat ran empty for \
three winters before we cut it.

NADIA KURT: Tomas, is an empty boat worth paying for?

TOMAS BELL: An empty boat at nine is cheaper than a family moving to the mainland for good.
"""

OP_ED = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Opinion: Close the late-night bars earlier | The Corrin Herald</title>
<meta property="og:site_name" content="The Corrin Herald">
<meta name="author" content="Tobias Marle">
<meta property="article:published_time" content="2026-02-20T08:00:00+00:00">
</head><body><article>
<h1>Opinion: Close the late-night bars earlier</h1>
<p class="byline">By Tobias Marle</p>
<p>Every Saturday night the harbour front fills with people who have been drinking since the
early evening. By two in the morning the ambulance bay at Corrin General is full.</p>
<p>Last year the hospital treated more than nine hundred people for injuries after midnight
on weekends, most of them within a few streets of the bars.</p>
<p>Closing at midnight instead of three would cost the bars some trade, but it would give our
nurses their weekends back.</p>
<p><em>Tobias Marle is an emergency nurse at Corrin General Hospital and a former harbour
councillor.</em></p>
</article></body></html>
"""

TOLL = """The toll bridge is a tax on the poor

By Dana Whitfield

14 February 2026

Every weekday some four thousand people cross the Corrin toll bridge to reach work in the \
city. Most of them earn less than the county's median wage, and the toll takes six pounds a day.

The county says it needs the toll to repay the bridge's loan. But the loan was refinanced in \
2019 at a lower rate, and the toll has risen twice since.

A small levy on the port's freight would raise the same sum without charging nurses and \
cleaners to get to work.

Dana Whitfield is a senior fellow at the Harbor Institute and a former city treasurer.
"""


async def _asked(library: Library, files: dict[str, str], question: str) -> Answer:
    for filename, text in files.items():
        await library.upload(text.encode(), filename, GUILD, 7, UploadDetails())
    return await library.ask(question, scope=GUILD)


def _ingested(tmp_path: Path, files: dict[str, str]) -> None:
    """The files (name -> text) added to the server's corpus by `ingest --guild`."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    for filename, text in files.items():
        (folder / filename).write_text(text, encoding="utf-8")
    result = run_cli(tmp_path, "ingest", "--guild", GUILD, str(folder))
    assert result.returncode == 0, result.stderr


def _credited(answer: Answer) -> tuple[str, object]:
    """The first quote's speaker and the credit its JSON shows beside them (None for none)."""
    top = answer.quotes[0]
    return top.attribution.speaker, top.to_json().get("credit")


async def test_a_letters_signer_is_credited_with_the_town_their_signature_gives(
    library: Library,
) -> None:
    answer = await _asked(
        library, {"letters.html": LETTERS}, "what did Ivo Brannigan say about fares?"
    )
    # The person stays the speaker (a question names them); the town is shown beside them.
    assert _credited(answer) == ("Ivo Brannigan", "Westhaven, Lorne County")
    assert answer.quotes[0].attribution.role is Role.LETTER_WRITER
    assert "signed Ivo Brannigan, Westhaven, Lorne County:" in answer_text(answer)
    # A county after the town leaves the town to name the writer by.
    answer = await library.ask("what did the letter writer from Westhaven say?", scope=GUILD)
    assert answer.quotes[0].attribution.speaker == "Ivo Brannigan"
    answer = await library.ask("what does Hester Vane say about the harbour wall?", scope=GUILD)
    assert "signed Hester Vane, harbour trustee, Pellam:" in answer_text(answer)


async def test_a_parliaments_record_is_named_by_its_house_and_day_its_members_by_seat(
    library: Library,
) -> None:
    answer = await _asked(
        library, {"ferries.html": RECORD}, "what did Alan Foyle say about the ferry subsidy?"
    )
    text = answer_text(answer)
    assert (
        "Mr Alan Foyle, member for Northtown (Lab), in the House of Commons debate of "
        "11 March 2026:" in text
    )
    assert "Hansard" not in text and "in the transcript" not in text
    shown = answer.quotes[0].to_json()
    assert shown["publisher"] == "UK Parliament"
    assert shown["occasion"] == "House of Commons debate of 11 March 2026"
    answer = await library.ask("what did the minister say about an evening sailing?", scope=GUILD)
    assert answer.quotes[0].attribution.speaker == "Gita Rowe"
    assert "Gita Rowe, minister for maritime transport, in the House of Commons" in (
        answer_text(answer)
    )


async def test_a_panels_head_is_no_ones_words_and_its_presenter_is_named_so(
    library: Library,
) -> None:
    answer = await _asked(
        library, {"panel.txt": PANEL}, "what did the presenter say about the island ferry?"
    )
    assert _credited(answer) == ("Nadia Kurt", "presenter")
    top = answer.quotes[0]
    assert answer_text(answer).startswith("1. Nadia Kurt, presenter, in the transcript:")
    # The head is the document's details: its programme, broadcaster and day.
    assert (top.attribution.title, top.attribution.publisher) == (
        "The Harbour Hour",
        "Radio Corrin",
    )
    assert top.to_json()["date"] == "2026-03-12"
    answer = await library.ask("what is broadcast on Radio Corrin?", scope=GUILD)
    assert not any(
        quote.text.startswith(("Programme", "Broadcast", "Presenter", "PROGRAMME"))
        for quote in answer.quotes
    )
    # The panel's guests have no role the transcript gives: their name alone.
    answer = await library.ask("what did Tomas Bell say about the subsidy?", scope=GUILD)
    assert answer_text(answer).startswith("1. Tomas Bell, in the transcript:")


async def test_what_the_author_does_is_answered_from_the_op_eds_closing_bio(
    library: Library,
) -> None:
    answer = await _asked(
        library,
        {"bars.html": OP_ED, "toll.txt": TOLL},
        "what does the author of the op-ed about late-night bars do?",
    )
    assert answer.facts is not None and answer.facts.author == "Tobias Marle"
    assert answer.quotes[0].text.startswith("Tobias Marle is an emergency nurse")
    answer = await library.ask("who is the author of the toll bridge article?", scope=GUILD)
    assert answer.facts is not None and answer.facts.author == "Dana Whitfield"
    quote = answer.quotes[0]
    assert quote.text.startswith("Dana Whitfield is a senior fellow at the Harbor Institute")
    # A closing note on the author is the publisher's bio of them, not an introduction.
    assert "(about the author):" in answer_text(answer)


def test_ask_json_on_the_command_line_shows_a_letter_writers_town(tmp_path: Path) -> None:
    _ingested(tmp_path, {"letters.html": LETTERS})
    result = run_cli(
        tmp_path, "ask", "--guild", GUILD, "--json", "what did Maren Tulloch say about shifts?"
    )
    assert result.returncode == 0, result.stderr
    top = json.loads(result.stdout)["answers"][0]
    assert (top["speaker"], top["credit"]) == ("Maren Tulloch", "Skerrow")


THREAD = """From: Lena Moss <lena@corrin.example>
To: harbour-committee@corrin.example
Date: Mon, 9 Mar 2026 09:12:00 +0000
Subject: Evening sailing proposal

Colleagues, I propose we ask the operator to trial a nine o'clock sailing from April.

Lena

From: Omar Reyes <omar@corrin.example>
To: harbour-committee@corrin.example
Date: Mon, 9 Mar 2026 11:40:00 +0000
Subject: Re: Evening sailing proposal

I support a trial, but only if the county covers the crew's overtime.

Omar

From: Bea Lindqvist <bea@corrin.example>
To: harbour-committee@corrin.example
Date: Mon, 9 Mar 2026 14:05:00 +0000
Subject: Re: Evening sailing proposal

The crew union will want three months' notice. April is too soon.

Bea
"""


def test_sources_lists_an_email_threads_participants_not_only_its_starter(
    tmp_path: Path,
) -> None:
    _ingested(tmp_path, {"thread.txt": THREAD, "toll.txt": TOLL})
    listed = json.loads(run_cli(tmp_path, "sources", "--json", "--guild", GUILD).stdout)
    thread = next(d for d in listed if d["id"].endswith("evening-sailing-proposal"))
    assert thread["author"] == "Lena Moss"
    assert thread["participants"] == ["Lena Moss", "Omar Reyes", "Bea Lindqvist"]
    # A document that is no thread has none to list.
    toll = next(d for d in listed if d["id"].endswith("toll-bridge-is-a-tax-on-the-poor"))
    assert "participants" not in toll
    text = run_cli(tmp_path, "sources", "--guild", GUILD).stdout
    assert "by Lena Moss and 2 others (Omar Reyes, Bea Lindqvist)" in text
    assert "by Dana Whitfield\n" in text
