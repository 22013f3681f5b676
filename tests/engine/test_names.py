"""The name tables' text forms and reply detection, against the slow, obvious versions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.engine.models import Kind
from bot.engine.names import NameTable, ScopeNames, phrase, searchable
from bot.engine.replies import responses
from bot.engine.voices import voiced
from tests.conftest import written_article


@given(st.text())
def test_phrase_is_the_searchable_form_without_offsets(text: str) -> None:
    assert phrase(text) == searchable(text)[0]


def test_phrase_folds_case_and_runs_of_punctuation() -> None:
    assert phrase("  Op-Ed:  A Senate — Divided?! ") == "op ed a senate divided"


def test_a_reply_quoting_a_title_answers_that_document_and_not_itself() -> None:
    op_ed = written_article("op-ed", "The harbour should close at night.", title="A Quiet Harbour")
    other = written_article("other", "Ferries are late.", title="Quiet Harbour Ferries Late")
    reply = written_article(
        "reply",
        "In “A Quiet Harbour”, the writer asks for the harbour to close at night. It should not.",
        title="Keep the lights on",
        kind=Kind.REPLY.value,
    )
    article = written_article("note", "A Quiet Harbour is a good read.", title="A note")
    answered = responses([op_ed, other, reply, article])
    # The reply quotes the op-ed's title; the longest title it quotes wins; an article that
    # does not say it responds answers nothing.
    assert answered == {"reply": "op-ed"}


def test_a_reply_with_no_titled_document_to_answer_answers_nothing() -> None:
    reply = written_article("reply", "We disagree.", title="No", kind=Kind.REPLY.value)
    assert responses([reply]) == {}


def test_which_document_a_reply_answers_is_found_out_once_when_first_needed() -> None:
    calls: list[int] = []

    def found() -> dict[str, str]:
        calls.append(1)
        return {"reply": "op-ed"}

    names = ScopeNames([], found)
    assert calls == []
    assert names.answered == {"reply": "op-ed"}
    assert names.answered == {"reply": "op-ed"}
    assert calls == [1]


def test_a_name_typed_without_its_accents_names_the_person() -> None:
    article = written_article(
        "pay",
        "Björn Åkesson, a union organiser, argued that workers should not lose pay.",
        title="Four-day week",
    )
    names = ScopeNames([NameTable(voiced([article]))])
    for question in ("what did Bjorn Akesson say?", "what did Björn Åkesson say?"):
        assert [p.name for p in names.named_people(question)] == ["Björn Åkesson"]
    (akesson,) = names.named_people("did akesson argue about pay?")
    assert "did akesson argue"[akesson.start : akesson.end] == "akesson"
