"""Podcast transcripts pasted as text or Markdown: the show and episode as the title, the hosts
as authors, names in capital labels as they are written, each turn's time kept to cite it, and
a guest's answer quoted after the host's question (trial 16's faults, on invented episodes)."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.transcript import speaker_name
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document
from tests.conftest import written_article

HEAD = """THE PARISH PUMP – a podcast about how towns are run
Episode 12: "Should councils run their own buses?"
Released 3 March 2025
Hosts: Nadia Fairweather-Lowe and Gareth McIntyre
Guest: Professor Ruth O'Sullivan-Bray, transport historian, Marlowe College
Transcript made by machine; check the audio before quoting.
"""

TURNS = [
    (
        "[00:00:03] NADIA FAIRWEATHER-LOWE: Hello and welcome to The Parish Pump. I'm Nadia "
        "Fairweather-Lowe."
    ),
    (
        "[00:00:08] GARETH McINTYRE: And I'm Gareth McIntyre. This week: should councils run their "
        "own buses again?"
    ),
    (
        "[00:00:15] NADIA FAIRWEATHER-LOWE: With us is Ruth O'Sullivan-Bray, who has written the "
        "history of the municipal tram. Ruth, welcome."
    ),
    "[00:00:21] RUTH O'SULLIVAN-BRAY: Thank you. It's a pleasure.",
    "[00:00:24] GARETH McINTYRE: How many towns still own a bus company?",
    (
        "[00:00:28] RUTH O'SULLIVAN-BRAY: Nine, at the last count. Reading and Nottingham are the "
        "best known, and both carry more passengers per head than their neighbours."
    ),
    (
        "[00:01:02] NADIA FAIRWEATHER-LOWE: Does public ownership make fares cheaper? That is what "
        "listeners will want to know."
    ),
    (
        "[00:01:07] RUTH O'SULLIVAN-BRAY: Not by itself. The towns that kept their companies charge"
        " about what private firms charge, but they run the quiet evening routes that a private "
        "firm would drop, and they put the profit back into the network rather than paying it out."
    ),
    (
        "[00:01:40] GARETH McINTYRE: Isn't it a risk for the taxpayer, though? If the company loses"
        " money, the council is left holding the debt."
    ),
    (
        "[00:01:46] RUTH O'SULLIVAN-BRAY: That happened in the eighties, more than once. The ones "
        "that survived kept a board at arm's length and never let the councillors set the "
        "timetable."
    ),
    (
        "[00:02:15] GARETH McINTYRE: Let me put the objection I hear most often. Won't the depots "
        "and the drivers' pensions swallow the whole budget?"
    ),
    (
        "[00:02:22] RUTH O'SULLIVAN-BRAY: Pensions are the real cost, I grant you that. Most of the"
        " nine share a pension scheme with the council, which spreads the burden over forty years."
    ),
    "[00:02:50] NADIA FAIRWEATHER-LOWE: Ruth O'Sullivan-Bray, thank you.",
]
EPISODE = HEAD + "\n" + "\n\n".join(TURNS) + "\n"

OTHER = written_article(
    "fares-column",
    "Cheaper fares would win back riders, the column argues, though councils are short of"
    " money.\n\nThe county spends most of its transport budget on school buses.",
)


def _podcast(text: str = EPISODE, name: str = "episode.txt") -> Document:
    return document_from_upload(text.encode(), name, UploadDetails(), doc_id="pump").document


def test_the_show_and_episode_are_the_title_and_the_hosts_its_authors() -> None:
    meta = _podcast().meta
    assert meta.title == "The Parish Pump, episode 12: Should councils run their own buses?"
    assert meta.author == "Nadia Fairweather-Lowe and Gareth McIntyre"
    assert meta.publisher == "The Parish Pump"
    assert meta.form is not None and meta.form.value == "podcast"


def test_a_markdown_episode_titled_by_its_heading_is_published_by_its_show() -> None:
    text = (
        "# Harbour Talk — Episode 3: The Pier Repairs\n\n"
        "[00:00:02] LENA MARSH (HOST): Welcome to Harbour Talk. Today, the pier.\n\n"
        "[00:00:09] OWEN PRICE: Thanks, Lena. The pier has been shut since March.\n\n"
        "[00:00:15] LENA MARSH (HOST): When will it open again?\n\n"
        "[00:00:19] OWEN PRICE: In June, if the steel arrives.\n"
    )
    meta = _podcast(text, "harbour.md").meta
    assert meta.title == "Harbour Talk — Episode 3: The Pier Repairs"
    assert (meta.author, meta.publisher) == ("Lena Marsh", "Harbour Talk")


def test_names_in_capital_labels_keep_the_capitals_of_a_written_name() -> None:
    speakers = {p.speaker for p in _podcast().passages if p.speaker}
    assert {"Nadia Fairweather-Lowe", "Gareth McIntyre", "Ruth O'Sullivan-Bray"} <= speakers
    assert speaker_name("SEAN McDONALD") == "Sean McDonald"
    assert speaker_name("SEAN MCDONALD") == "Sean McDonald"
    assert speaker_name("JANE ROE MP") == "Jane Roe MP"


def test_each_turn_is_cited_by_its_time_in_the_recording() -> None:
    doc = _podcast()
    turn = next(p for p in doc.passages if p.text.startswith("Pensions are the real cost"))
    assert turn.heading == "00:02:22"
    answer = AnswerEngine([doc, OTHER]).answer("How is the burden of the pensions spread?")
    first = answer.quotes[0]
    assert first.passage_id == turn.id
    assert first.attribution.part == "00:02:22"
    assert first.to_json()["part"] == "00:02:22"  # type: ignore[index]


def test_a_timestamp_on_its_own_line_dates_the_turn_under_it() -> None:
    text = (
        "00:00:05\nANA LUZ: The ferry is late again.\n\n"
        "00:00:09\nBEN OKORO: It was late yesterday too.\n\n"
        "00:00:14\nANA LUZ: Then we complain to the harbour board.\n"
    )
    headings = [p.heading for p in _podcast(text, "ferry.txt").passages]
    assert headings == ["00:00:05", "00:00:09", "00:00:14"]


def test_the_guests_answer_follows_a_hosts_question_asked_in_the_users_words() -> None:
    answer = AnswerEngine([_podcast(), OTHER]).answer(
        "Does public ownership make bus fares cheaper?", k=2
    )
    assert not answer.abstained
    first = answer.quotes[0]
    assert first.attribution.speaker == "Ruth O'Sullivan-Bray"
    assert first.text.startswith("Not by itself. The towns that kept their companies charge")
    # The host's question only asks what the user asks: it answers nothing, so it is not quoted.
    assert "Nadia Fairweather-Lowe" not in [q.attribution.speaker for q in answer.quotes]


def test_the_guest_named_by_role_answers_the_objection_put_to_them() -> None:
    answer = AnswerEngine([_podcast(), OTHER]).answer(
        "How did the guest answer the objection about depots and drivers' pensions?", k=2
    )
    first = answer.quotes[0]
    assert first.attribution.speaker == "Ruth O'Sullivan-Bray"
    assert "share a pension scheme" in first.text


def test_who_raised_a_worry_is_answered_by_the_turn_that_raised_it() -> None:
    answer = AnswerEngine([_podcast(), OTHER]).answer(
        "Who raised the worry about the taxpayer being left with the debt?"
    )
    assert not answer.abstained
    assert answer.quotes[0].attribution.speaker == "Gareth McIntyre"


def test_a_time_in_the_recording_names_the_turn_being_spoken_then() -> None:
    engine = AnswerEngine([_podcast(), OTHER])
    at = engine.answer("What did the guest say at 1:20?")
    assert at.quotes[0].text.startswith("Not by itself.")
    assert at.quotes[0].attribution.part == "00:01:07"
    minute = engine.answer("What was said around minute 2?", k=5)
    assert {q.attribution.part for q in minute.quotes} == {"00:02:15", "00:02:22", "00:02:50"}
