"""People found in a text: a person reported by their given name alone, initials in names,
surnames that are place words, and the roles a text calls people by."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.evidence import reported_person
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.people import people_of, reported_names, roles, speaker_people

ARTICLE = [
    "One of the organisers was Nadia K. Oyelaran Price, the niece of Councillor Tom Price.",
    '"She meant the harbour workers in particular," Nadia said. "They carried the vote."',
]


def test_a_person_quoted_by_given_name_alone_is_found_with_her_initial() -> None:
    people = {p.name: p for p in people_of(ARTICLE, [], [])}
    assert "Nadia K. Oyelaran Price" in people
    assert "Nadia" in people["Nadia K. Oyelaran Price"].aliases


def test_the_quote_tagged_with_her_given_name_reports_her() -> None:
    people = {
        alias.lower(): person.name
        for person in people_of(ARTICLE, [], [])
        for alias in (person.name, *person.aliases)
    }
    sentence = '"She meant the harbour workers in particular," Nadia said.'
    assert reported_person(sentence, people) == "Nadia K. Oyelaran Price"


def test_a_given_name_two_people_share_is_no_ones_alias() -> None:
    texts = [
        "Nadia Quill and Nadia Roe both spoke at the harbour meeting on Tuesday.",
        '"We will win the vote," Nadia said.',
    ]
    for person in people_of(texts, [], []):
        assert "Nadia" not in person.aliases


def test_a_title_and_one_name_is_called_by_the_name_alone() -> None:
    from bot.engine.people import aliases, reported_names

    assert aliases("Prince Harry") == ("Harry",)
    assert aliases("Pope Francis") == ("Francis",)
    texts = ["Prince Harry spoke to the host on Sunday.", "Harry said the family needed room."]
    assert reported_names(texts) == ["Prince Harry"]


NOTES = [
    '"The bridge must be repaired this year," said union leader Sven Dahl.',
    '"The bridge is a landmark," said local historian Ben Ruddock.',
    '"Ferries should run every hour in summer," Ruddock added.',
    "According to Dr. Amara Nwosu, an economist, the closure could cost a million pounds.",
    "The inspectors noted that the Harbour Board had not met since May.",
]


def _people(texts: list[str]) -> dict[str, str]:
    return {
        alias.lower(): person.name
        for person in people_of(texts, [], [])
        for alias in (person.name, *person.aliases)
    }


def test_a_role_between_the_verb_and_the_name_still_reports_the_person() -> None:
    people = _people(NOTES)
    assert {"Sven Dahl", "Ben Ruddock", "Amara Nwosu"} <= set(people.values())
    reports = [reported_person(sentence, people) for sentence in NOTES]
    assert reports[:4] == ["Sven Dahl", "Ben Ruddock", "Ben Ruddock", "Amara Nwosu"]


def test_a_clause_after_the_verb_reports_no_one_it_names() -> None:
    # "noted that the Harbour Board ...": what was noted, not who noted it.
    people = {"harbour board": "Harbour Board"}
    assert reported_person(NOTES[4], people) is None


def test_a_job_title_before_a_name_is_no_part_of_it() -> None:
    text = [
        "Economist Irene Vasquez said the trial would save money on heating.",
        "Historian Tomasz Wojcik told the council that earlier trials had failed.",
        "Prince Harry said nothing.",
    ]
    names = [p.name for p in people_of(text, [], [])]
    assert names == ["Irene Vasquez", "Tomasz Wojcik", "Prince Harry"]


def test_a_company_spoken_of_as_it_is_no_person() -> None:
    text = [
        "Greenfield Robotics said its staff were happier on the shorter week.",
        "Tidewater Parcels, which delivers in the old town, told the council it would stay.",
        "Irene Vasquez said its cost was small.",  # "its" the week's: one sentence is not enough
    ]
    names = [p.name for p in people_of(text, [], [])]
    assert "Greenfield Robotics" not in names and "Tidewater Parcels" not in names
    assert not any("Robotics" in alias for p in people_of(text, [], []) for alias in p.aliases)


def test_a_name_with_accents_is_a_person_s_name() -> None:
    text = ["Björn Åkesson, a union organiser, argued that workers should not lose pay."]
    (person,) = people_of(text, [], [])
    assert person.name == "Björn Åkesson" and "Åkesson" in person.aliases


# A news story names people once with their roles, then calls them by the roles.
STORY = [
    "Mayor Linda Park said on Tuesday that the Quay Bridge would reopen in the second week of "
    "May, two weeks later than planned.",
    "The repairs ran late because a second set of bearings had rusted through, according to "
    "the city engineer, Raymond Oduya.",
    "The mayor added that the state would cover the extra cost, about $1.2 million, from its "
    "emergency roads fund.",
    '"Nobody wants this bridge open more than I do," the mayor said.',
    "Councillor Ada Price and Councillor Tom Hale both said the delay was avoidable.",
    "Crowds gathered in Central Park on Sunday, and the Royal Albert Hall said tickets sold out.",
]


def test_a_surname_that_is_also_a_place_word_ends_a_name_but_a_place_is_no_person() -> None:
    names = {p.name for p in people_of(STORY, [], [])}
    assert "Linda Park" in names
    assert not any("Central" in name or "Albert" in name for name in names)


def test_a_role_a_story_gives_someone_is_what_it_calls_them_later() -> None:
    people = {p.name: p for p in people_of(STORY, [], [])}
    assert "the mayor" in people["Linda Park"].aliases
    assert {"the city engineer", "the engineer"} <= set(people["Raymond Oduya"].aliases)
    # Two councillors: "the councillor" is neither.
    assert not any("the councillor" in p.aliases for p in people.values())
    reports = {
        alias.lower(): person.name
        for person in people.values()
        for alias in (person.name, *person.aliases)
    }
    assert reported_person(STORY[2], reports) == "Linda Park"
    assert reported_person(STORY[3], reports) == "Linda Park"
    assert reported_person(STORY[1], reports) == "Raymond Oduya"


def test_roles_are_job_titles_not_honorifics_verbs_or_adjectives() -> None:
    assert roles("Sven Dahl", "said union leader Sven Dahl.") == {"union leader"}
    assert roles("Amara Obi", "said Dr. Amara Obi, chief economist at the bank.") == {
        "chief economist"
    }
    assert roles("Ruth Dane", "said Councillor Ruth Dane, chair of the committee.") == {
        "councillor",
        "chair",
    }
    assert roles("Ann Vo", "as the mentioned President Ann Vo said") == {"president"}
    assert roles("Ann Vo", "Dr. Ann Vo said") == set()


def test_the_mayor_in_a_question_and_in_a_story_is_the_mayor_the_story_names() -> None:
    engine = _bridge_engine()
    answer = engine.answer("what did the mayor say about the cost?")
    first = answer.quotes[0]
    assert first.text.startswith("The mayor added that the state would cover")
    assert first.attribution.reporting == "Linda Park"
    # Reported, but never on what is asked (the engineer speaks of the bearings): said so.
    silent = engine.answer("what did the mayor say about the bearings?")
    assert silent.abstained and silent.note is not None
    assert silent.note.startswith("Linda Park is reported in the corpus, but not on the bearings")


def _bridge_engine() -> AnswerEngine:
    story = document_from_upload(
        (
            "City to reopen the Quay Bridge\nBy Mina Castell\nApril 2, 2025\n\n"
            + "\n\n".join(STORY)
        ).encode(),
        "bridge.txt",
        UploadDetails(),
        doc_id="bridge",
    ).document
    return AnswerEngine([story])


def test_a_common_word_of_the_topic_does_not_make_a_person_speak_on_it() -> None:
    engine = _bridge_engine()
    # The mayor's passages hold "emergency" (her "emergency roads fund"), never "tolls" nor
    # "vehicles": a modifier of the topic is not the topic, and she is silent on it.
    tolls = engine.answer("what did the mayor say about tolls on emergency vehicles?")
    assert tolls.abstained and tolls.note is not None
    assert tolls.note.startswith("Linda Park is reported in the corpus, but not on tolls")
    # What the structure asks about ("the cost") held: answered.
    cost = engine.answer("what did the mayor say about the cost of the repairs?")
    assert not cost.abstained
    assert cost.quotes[0].text.startswith("The mayor added that the state would cover")
    # The noun the topic is of held ("the quay bridge"), though not "timetable": answered.
    delay = engine.answer("what did the mayor say about the timetable for the quay bridge?")
    assert not delay.abstained
    assert delay.quotes[0].text.startswith("Mayor Linda Park said on Tuesday")
    # Where it was said is not what it was said about ("tolls at the quay bridge").
    at = engine.answer("what did the mayor say about tolls at the quay bridge?")
    assert at.abstained and at.note is not None and "but not on tolls" in at.note


def test_what_someone_the_corpus_never_names_said_is_refused_as_such() -> None:
    engine = _bridge_engine()
    for question, who in (
        ("what did helga brandt say about the bridge?", "helga brandt"),
        ("what did dr. helga brandt say about the bearings?", "dr. helga brandt"),
        ("what did helga brandt say in her speech", "helga brandt"),
    ):
        answer = engine.answer(question)
        assert answer.abstained
        assert answer.note == f"Nothing in the corpus mentions “{who}”: nothing in it answers this."
    # Someone it names, by name or by role, is answered; a role or a group it never names is
    # left to the ranking (it may be named otherwise: "the governor", "critics").
    for question in (
        "what did the governor say about the bearings?",
        "what do critics say about the bridge?",
    ):
        assert "Nothing in the corpus mentions" not in (engine.answer(question).note or "")
    for question in (
        "what did raymond oduya say about the bearings?",
        "what did the city engineer say about the bearings?",
    ):
        answer = engine.answer(question)
        assert not answer.abstained
        assert "bearings had rusted through" in answer.quotes[0].text


MEETING = """Harbour Ratepayers' Meeting on the Sea Wall

THE CHAIRMAN: Good evening. Tonight we hear from the Mayor on the sea wall.

MAYOR VANCE: Thank you. The wall will be raised by four feet next spring.

VOICE FROM THE FLOOR: And who pays for it?

MAYOR VANCE: The rates will rise by a penny in the pound for two years.

THE CHAIRMAN: Order, please. Questions at the end.
"""


def test_a_speaker_label_that_is_a_role_or_a_titled_name_is_a_speaker_the_question_can_name() -> (
    None
):
    meeting = document_from_upload(MEETING.encode(), "wall.txt", UploadDetails(), doc_id="wall")
    people = {p.name: p for p in meeting.document.meta.mentions}
    assert {"The Chairman", "Voice From The Floor", "Vance"} <= set(people)
    assert {"Mayor Vance", "the mayor"} <= set(people["Vance"].aliases)
    engine = AnswerEngine([meeting.document])
    # Named by the label's role or its title, with no topic: that speaker's turns, in order.
    for question, first, count in (
        ("what did the mayor say?", "Thank you. The wall will be raised", 2),
        ("what did Mayor Vance say?", "Thank you. The wall will be raised", 2),
        ("what did the chairman say?", "Good evening.", 2),
    ):
        answer = engine.answer(question)
        assert answer.quotes[0].passage.startswith(first), question
        assert answer.total == count, question
    asked = engine.answer("what did the voice from the floor ask?")
    assert asked.quotes[0].attribution.speaker == "Voice From The Floor"
    # With a topic, the speaker's turn on it.
    rates = engine.answer("what did the mayor say about the rates?")
    assert rates.quotes[0].text.startswith("The rates will rise")


def test_a_name_with_two_clauses_before_its_verb_is_reported() -> None:
    sentence = (
        "Samuel Rudd, foreman of the quay stevedores, who was on the quay when the fire began, "
        'said: "I never saw the like."'
    )
    assert "Samuel Rudd" in {p.name for p in people_of([sentence], [], [])}
    assert reported_person(sentence, {"samuel rudd": "Samuel Rudd"}) == "Samuel Rudd"


def test_a_speakers_role_is_a_name_for_them_and_an_offices_head_when_unique() -> None:
    people = speaker_people(
        {
            "Mrs Helen Marsh": "minister for ports and shipping",
            "Mr Ian Cole": "minister for health",
            "Nina Falk": "host",
        }
    )
    by_name = {person.name: person.aliases for person in people}
    assert "the minister for ports and shipping" in by_name["Helen Marsh"]
    assert "Mrs Helen Marsh" in by_name["Helen Marsh"]
    # Two ministers: "the minister" names neither.
    assert not any("the minister" in aliases for aliases in by_name.values())
    assert "the host" in by_name["Nina Falk"]


def test_a_reported_name_stands_alone_and_may_speak_for_a_body() -> None:
    texts = [
        "Councillor Ada Quirke-Lyle, who represents Hollow Bay ward, led the march to the pier. "
        "“This is not about jobs,” she said.",
        "The march went through the village of Marrow Fen on Sunday.",
        "Campaign group Save Marrow Fen says it will appeal.",
        "Inspector Rhoda Keane of Hollow Bay Police said the march was calm.",
    ]
    found = reported_names(texts)
    # A quotation after the sentence naming her reports her ("... she said").
    assert "Ada Quirke-Lyle" in found
    # "Save Marrow Fen says" is the campaign's words, not a "Marrow Fen"'s.
    assert "Marrow Fen" not in found
    # The body she speaks for stands between her name and the verb, and is not reported.
    assert any(name.endswith("Rhoda Keane") for name in found)
    assert "Hollow Bay" not in found


MINUTES = (
    "Harbour committee, 3 March 2025\n\n"
    "Present: Councillor Ada Price (Chair), Councillor Tom Hale, Councillor Ivo Brand.\n\n"
    "Apologies: Councillor Rhian Mort.\n\n"
    "The committee agreed to repaint the harbour rails before the summer.\n\n"
    "Councillor Hale said the rails had not been painted since 2015 and were rusting at the "
    "slipway.\n"
)


def test_what_someone_named_but_never_reported_said_on_a_topic_is_refused_as_such() -> None:
    minutes = document_from_upload(
        MINUTES.encode(), "minutes.txt", UploadDetails(), doc_id="minutes"
    ).document
    engine = AnswerEngine([minutes])
    # Named among the apologies, no words of hers reported: the best passage (the apologies)
    # holds nothing on the rails.
    absent = engine.answer("what did councillor rhian mort say about the rails?")
    assert absent.abstained and absent.note is not None
    assert absent.note.startswith("“councillor rhian mort” is named in the corpus, but no passage")
    assert "on the rails" in absent.note
    # Named, and the best passage holds the topic: answered as before.
    said = engine.answer("what did councillor hale say about the rails?")
    assert not said.abstained
    assert said.quotes[0].text.startswith("Councillor Hale said the rails")


TURBINE = [
    "The parish council voted on Monday to back a single wind turbine on Hob Hill.",
    "The chair of Hob Hill Energy, Martin Veale, said profits from the turbine would go into a "
    "village fund.",
    "The vicar, the Reverend Anne Coyle, told the meeting that the fund should pay for the "
    "church roof first.",
    "Objectors, including our neighbour, Mr Dafydd Rowe, argue that the turbine will be heard "
    "across the valley.",
    "Dr Ines Park, a sound engineer at the University of Caldmoor, said the noise would be low.",
]


def test_a_name_between_commas_before_the_verb_is_the_one_reported_not_their_body() -> None:
    names = reported_names(TURBINE)
    assert {"Martin Veale", "Anne Coyle", "Dafydd Rowe", "Ines Park"} <= set(names)
    # A place in an affiliation before ", said" reports no one ("the University of Caldmoor").
    assert not any("Caldmoor" in name for name in names)
    people = {name.lower(): name for name in names}
    assert reported_person(TURBINE[1], people) == "Martin Veale"  # not "Hob Hill Energy"
    assert reported_person(TURBINE[3], people) == "Dafydd Rowe"
    story = document_from_upload(
        ("Hob Hill turbine backed\nBy Cara Lund\nMay 2, 2025\n\n" + "\n\n".join(TURBINE)).encode(),
        "turbine.txt",
        UploadDetails(),
        doc_id="turbine",
    ).document
    answer = AnswerEngine([story]).answer("what did Martin Veale say about the profits?")
    assert answer.quotes[0].text.startswith("The chair of Hob Hill Energy")
    assert answer.quotes[0].attribution.reporting == "Martin Veale"


def test_what_someone_said_quotes_their_words_not_the_sentence_introducing_them() -> None:
    text = (
        "Ferry days\nBy Cara Lund\nMay 9, 2025\n\n"
        "Nora Pike, who ran the island ferry for twenty years, put it plainly when we met at "
        'the pier. "The island needs the boat more than the boat needs us," she said. "Cut the '
        'winter crossings and the school empties."\n\n'
        "The council will decide on the timetable in June.\n"
    )
    story = document_from_upload(
        text.encode(), "ferry.txt", UploadDetails(), doc_id="ferry"
    ).document
    other = document_from_upload(
        ("Hob Hill turbine backed\nBy Cara Lund\nMay 2, 2025\n\n" + "\n\n".join(TURBINE)).encode(),
        "turbine.txt",
        UploadDetails(),
        doc_id="turbine",
    ).document
    # With another story beside it, her name's words are rare: they must not pick the sentence.
    quote = AnswerEngine([story, other]).answer("what did Nora Pike say?").quotes[0]
    assert quote.text.startswith('"The island needs the boat')
    assert quote.attribution.reporting == "Nora Pike"


def test_streets_lines_and_places_named_like_people_are_no_people() -> None:
    texts = [
        "Congestion on Cornhill Street was costing shops trade, the committee argued.",
        "Supporters say the Green Line said to be losing money is busier than ever.",
        "The promenade at North Sands was the priority, Mr Orme said.",
        "Linda Park said the bridge would reopen; Tom Little said it would not.",
    ]
    names = {person.name for person in people_of(texts, [], [])}
    assert not names & {"Cornhill Street", "Green Line", "North Sands"}
    # A place word that is also a surname still ends a person's name.
    assert {"Linda Park", "Tom Little"} <= names


def test_he_added_goes_on_with_the_speaker_not_a_name_inside_his_quotation() -> None:
    text = (
        "Hob Hill turbine backed\nBy Cara Lund\nMay 2, 2025\n\n"
        + TURBINE[1]
        + ' "Every pound this turbine earns stays in Hob Hill," he said.\n\n'
        "He added that the group had lowered the turbine by ten metres after the meetings.\n"
    )
    story = document_from_upload(
        text.encode(), "turbine.txt", UploadDetails(), doc_id="turbine"
    ).document
    answer = AnswerEngine([story]).answer("did they lower the turbine after the meetings?")
    assert answer.quotes[0].text.startswith("He added that the group had lowered")
    assert answer.quotes[0].attribution.reporting == "Martin Veale"
