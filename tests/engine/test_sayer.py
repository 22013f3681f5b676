"""Whose words a question asks for, and whether a passage gives anyone's words (`sayer`)."""

from __future__ import annotations

import pytest

from bot.engine.sayer import asked_sayer, gives_words, own_voice


@pytest.mark.parametrize(
    ("question", "sayer"),
    [
        ("What did the harbour master say about the new quay?", "the harbour master"),
        ("What does the editorial say about ferries?", "the editorial"),
        # "reply" after "the" is no verb while another speech verb follows.
        ("What does the reply say about the tolls?", "the reply"),
        ("What did the mayor say in reply to the letter?", "the mayor"),
        # A response is most often the document's own text, whoever its metadata names.
        ("How does the minister answer the charge of waste?", None),
        ("What does Dana Loutey think of the toll?", "Dana Loutey"),
        ("How did the skipper react to the new fees?", None),
        ("What is the harbour master's view on the new fees?", "the harbour master"),
        ("What was the skippers' position on the strike?", "the skippers"),
        ("How did the skippers feel about the new fees?", "the skippers"),
        ("What was the skipper's response to the fees?", None),
        ("How many trawlers moored at the quay?", None),
        ("How many berths does the harbour master want?", None),
        ("When did the skippers announce the strike?", None),
    ],
)
def test_the_sayer_is_the_subject_of_the_speech_verb(question: str, sayer: str | None) -> None:
    assert asked_sayer(question) == sayer


def test_a_document_or_its_writer_is_its_own_voice() -> None:
    names = ["Petra Holm", "Harbour notes", "The Quay Gazette"]
    assert own_voice("the columnist", names)
    assert own_voice("the reply", names)
    assert own_voice("she", names)
    assert own_voice("Holm", names)
    assert own_voice("the Gazette", names)
    assert own_voice("recommendation 9", names)
    # Someone the document may report, but who is none of its names.
    assert not own_voice("the harbour master", names)
    assert not own_voice("the Quay Gazette's rival", names)


def test_quotation_marks_reporting_verbs_and_according_to_give_words() -> None:
    assert gives_words("“We will not pay,” the skippers wrote.")
    assert gives_words("The harbour master told the meeting the quay would close.")
    assert gives_words("According to the port authority, fees will rise.")
    assert not gives_words("Fees rose by a tenth in 2024. The quay closed in March.")
