"""A transcript's role labels credited to the people its head or its turns name for them."""

from __future__ import annotations

from bot.engine.formats.plaintext import extract_text
from bot.engine.formats.upload import UploadDetails, document_from_upload

_PANEL = """\
THE FRIDAY FORUM
Radio Ashvale
Broadcast: Friday 6 March 2026, 20:00
Topic: Should the town centre go car-free?
Transcript prepared by Radio Ashvale.

PRESENTER: Nadia Kurt
PANEL: Cllr Ben Osei, transport lead; Ruth Lamb, Ashvale Traders

[00:00:04]
PRESENTER: Good evening. Tonight we ask whether cars should leave the town centre.

BEN OSEI: They should. Footfall rose in every town that tried it.

RUTH LAMB: Not in ours. Our customers drive in from the villages.

PRESENTER: Let's take a question. Our first question is from Tom Vale, a cyclist.

AUDIENCE MEMBER: I was knocked off my bike twice last year on the high street.

BEN OSEI: That is exactly why we want the change.

PRESENTER: Thank you all.
"""

_INTRODUCED = """\
PRESENTER: Hello, I'm Joe Brand and this is Late Debate.

MAYA RAINE: Thanks, Joe. The library should open on Sundays.

PRESENTER: Why Sundays?

MAYA RAINE: Because that is when families are free.

PRESENTER: Thank you, Maya.
"""

_IN_PARENTHESES = """\
HOST: Welcome back. We go to the floor.

AUDIENCE MEMBER (PRIYA DESAI): Why were the bus routes cut without asking us?

HOST: A fair question.

LEN COLE: They were cut because the grant ended.

HOST: Thanks, Len.
"""

_HEAD_SENTENCE = """\
Morning Call, 4 May 2026, presenter Ada Munro, with Cllr Ken Yates and an audience member, Sue Park.

PRESENTER: Good morning. The pool is closing.

KEN YATES: Only for the summer, while it is repaired.

AUDIENCE MEMBER: My children learn to swim there every week.

PRESENTER: Thank you both.
"""


def _turns(text: str) -> list[tuple[str | None, str | None, str]]:
    return [
        (p.speaker, p.speaker_role, " ".join(p.text.split())) for p in extract_text(text).paragraphs
    ]


def test_a_presenter_the_head_names_is_credited_with_the_presenters_turns() -> None:
    turns = _turns(_PANEL)
    presenter = [t for t in turns if t[2].startswith(("Good evening", "Thank you all"))]
    assert [(s, r) for s, r, _ in presenter] == [("Nadia Kurt", "presenter")] * 2
    assert not any(s in ("Presenter", "Panel") for s, _, _ in turns)


def test_a_head_field_listing_the_panel_is_no_ones_turn() -> None:
    turns = _turns(_PANEL)
    panel = [t for t in turns if "Ruth Lamb, Ashvale Traders" in t[2]]
    assert panel and all(s is None for s, _, _ in panel)


def test_a_questioner_the_presenter_brings_in_is_credited_with_the_question() -> None:
    turns = _turns(_PANEL)
    question = next(t for t in turns if t[2].startswith("I was knocked off"))
    assert question[:2] == ("Tom Vale", "audience member")


def test_a_presenter_who_introduces_himself_is_credited() -> None:
    turns = _turns(_INTRODUCED)
    assert {s for s, _, t in turns if t.startswith(("Hello", "Why Sundays"))} == {"Joe Brand"}
    assert all(r == "presenter" for s, r, _ in turns if s == "Joe Brand")


def test_a_role_label_naming_its_holder_in_parentheses_is_the_holders_turn() -> None:
    turns = _turns(_IN_PARENTHESES)
    question = next(t for t in turns if t[2].startswith("Why were the bus routes"))
    assert question[:2] == ("Priya Desai", "audience member")


def test_roles_named_in_the_heads_sentence_are_credited() -> None:
    turns = _turns(_HEAD_SENTENCE)
    assert next(t for t in turns if t[2].startswith("Good morning"))[0] == "Ada Munro"
    assert next(t for t in turns if t[2].startswith("My children"))[0] == "Sue Park"


def test_a_programmes_name_and_broadcaster_over_its_head_are_title_and_publisher() -> None:
    extracted = extract_text(_PANEL)
    assert extracted.title == "The Friday Forum"
    assert extracted.publisher == "Radio Ashvale"


def test_the_presenter_is_still_found_as_the_presenter() -> None:
    upload = document_from_upload(
        _PANEL.encode(), "friday_forum.txt", UploadDetails(), isolated=True
    )
    document = upload.document
    assert document.meta.title == "The Friday Forum"
    kurt = next(p for p in document.meta.mentions if p.name == "Nadia Kurt")
    assert "the presenter" in kurt.aliases
    spoken = [p for p in document.passages if p.text.startswith("Good evening")]
    assert spoken and spoken[0].speaker == "Nadia Kurt"
