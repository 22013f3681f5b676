"""The sources an evidence sentence cites: proper names only, never an ordinary word."""

from __future__ import annotations

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.debate import list_evidence
from bot.engine.evidence import SentenceKind, reported_person, tag_sentence
from bot.engine.voices import voiced
from tests.conftest import written_article


@pytest.mark.parametrize(
    ("sentence", "sources"),
    [
        # A capitalised word opening the sentence, before a verb of findings, is no source.
        ("Reality shows that the ferry cuts failed.", ()),
        ("History proves that tolls are never lifted.", ()),
        # Pronouns and titles alone name no one.
        ("You said the ferry would run.", ()),
        ("President said the bridge would open.", ()),
        # An institution's word alone names none; with a name it does.
        ("The survey found that most riders agree.", ()),
        ("A government report found that the pier is unsafe.", ()),
        ("The Harbour Safety Board said the pier is unsafe.", ("Harbour Safety Board",)),
        ("Researchers at Lakeside University found a link.", ("Lakeside University",)),
        # A heading in capitals and a label are no acronyms; the acronym after them is one.
        ("FOR FURTHER INFORMATION CONTACT: Ines Muller, MSO, Pier Road.", ("MSO",)),
        ("SUMMARY: The MSO proposes a second light on every pier.", ("MSO",)),
        ("The US NSA ran PRISM for years.", ("NSA", "PRISM")),
        # A person opening the sentence with a verb of speech is one.
        ("Halvorsen said the tolls would stay.", ("Halvorsen",)),
    ],
)
def test_only_proper_names_are_sources(sentence: str, sources: tuple[str, ...]) -> None:
    tags = tag_sentence(sentence)
    assert tags.sources == sources
    assert (SentenceKind.SOURCE in tags.kinds) == bool(sources)


def test_the_evidence_listing_names_real_sources_only() -> None:
    article = written_article(
        "tolls",
        "Reality shows that tolls are never lifted once they are set.\n\n"
        "The survey found that 62% of riders oppose the toll.\n\n"
        "The Harbour Safety Board said the old pier is unsafe for lorries.",
        title="Tolls on the bridge",
    )
    engine = AnswerEngine(voiced([article]))
    listed = {item.sentence: item.sources for item in list_evidence(engine, "tolls")}
    assert listed == {
        "The survey found that 62% of riders oppose the toll.": (),
        "The Harbour Safety Board said the old pier is unsafe for lorries.": (
            "Harbour Safety Board",
        ),
    }


def test_the_body_a_person_speaks_for_may_stand_before_the_verb_but_is_no_verb() -> None:
    people = {"rhoda keane": "Rhoda Keane", "hollow bay police": "Hollow Bay Police", "faa": "FAA"}
    said = "Inspector Rhoda Keane of Hollow Bay Police said the march was calm."
    assert reported_person(said, people) == "Rhoda Keane"  # the first named of the two
    # "States" of "the United States" is no reporting verb.
    helped = "The inquiry had help from the FAA of the United States, the maker and the operator."
    assert reported_person(helped, people) is None
