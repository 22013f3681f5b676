"""The kinds of answer questions ask for and sentences hold, and what a question asks about."""

from __future__ import annotations

import pytest

from bot.engine.answer_kind import (
    AnswerKind,
    asked_about,
    counted_word,
    expected_kinds,
    figure_near,
    kinds_in,
    question_words,
)
from bot.engine.intents import asks_advice, unquoted_saying
from bot.engine.text import default_analyser


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("how many trawlers moored at the quay?", {AnswerKind.FIGURE}),
        ("what percentage of the fleet is foreign", {AnswerKind.SHARE}),
        ("how much will the new quay cost", {AnswerKind.MONEY}),
        ("what is the harbour master's salary", {AnswerKind.MONEY}),
        ("what was the unemployment rate in 2008", {AnswerKind.FIGURE}),
        ("when did the quay open?", {AnswerKind.DATE}),
        ("in what year did the lighthouse close", {AnswerKind.YEAR}),
        ("who is the harbour master", {AnswerKind.PERSON}),
        ("who chairs the harbour board?", {AnswerKind.PERSON}),
        ("who said the quay was unsafe?", set()),
        ("what does the harbour master argue about the quay", set()),
        # The verb of speech comes first: whose words, not which person.
        ("who on the harbour board says the quay is unsafe?", set()),
        ("who is the engineer the harbour master wrote to", {AnswerKind.PERSON}),
        # A clause opened by "when" says when, not what is asked.
        ("what did the mayor propose when pressed on the quay's cost?", set()),
        ("who won the vote when the quay's cost was debated", {AnswerKind.PERSON}),
        ("how many boats sank after the storm", {AnswerKind.FIGURE}),
        ("how old was the harbour master when he retired", {AnswerKind.AGE}),
        ("at what age do pilots start training", {AnswerKind.AGE}),
        ("how much rent do the fishermen pay for the sheds", {AnswerKind.MONEY}),
        ("how often does the ferry call at the island", {AnswerKind.FREQUENCY}),
        ("how many times a week does the ferry sail", {AnswerKind.FREQUENCY}),
        ("how much did the council spend on dredging", {AnswerKind.MONEY}),
        ("how much taller is the new wall", {AnswerKind.FIGURE}),
        ("what share of the catch is exported", {AnswerKind.SHARE}),
        ("how long was the quay closed", {AnswerKind.DURATION}),
        ("how long ago did the ferry sink", {AnswerKind.DATE}),
        ("which decade did the cannery shut", {AnswerKind.YEAR}),
        ("which newspaper broke the story", {AnswerKind.NAME}),
        ("what is the name of the ferry", {AnswerKind.NAME}),
        # Answers of common words: no name asked for.
        ("which point does the reply answer first", set()),
        # The question's own "per cent" is not what it asks for.
        ("the 10 per cent levy applies to boats built after what year", {AnswerKind.YEAR}),
        # Yes or no: what it mentions is not asked for.
        ("does the report say the fee depends on how much money a boat makes", set()),
    ],
)
def test_the_kind_of_answer_a_question_asks_for(question: str, kinds: set[AnswerKind]) -> None:
    assert expected_kinds(question) == kinds


def test_a_sentence_with_a_figure_written_in_words_holds_a_figure() -> None:
    assert AnswerKind.FIGURE in kinds_in("Forty trawlers moored at the quay.")
    assert AnswerKind.FIGURE in kinds_in("Fees rose by 12% in spring.")
    assert AnswerKind.FIGURE not in kinds_in("The trawlers moored at the quay.")


def test_a_sentence_with_a_year_month_or_weekday_holds_a_date() -> None:
    assert AnswerKind.DATE in kinds_in("The quay opened in 1984.")
    assert AnswerKind.DATE in kinds_in("It opened last Thursday to trawlers.")
    assert AnswerKind.DATE in kinds_in("The quay opened five years ago.")
    assert AnswerKind.DATE not in kinds_in("The quay opened after a long delay.")


def test_a_sentence_naming_someone_holds_a_person() -> None:
    assert AnswerKind.PERSON in kinds_in("The board is chaired by Brian Moore of Northgate.")
    assert AnswerKind.PERSON in kinds_in("The chair, Senator Loutey, spoke first.")
    # A capitalised word that only opens the sentence names no one.
    assert AnswerKind.PERSON not in kinds_in("The chief executive of the port put it simply.")


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The harbour master, 64, retired in spring.", AnswerKind.AGE),
        ("A 14-year-old deckhand was rescued.", AnswerKind.AGE),
        ("The skippers are mostly in their forties.", AnswerKind.AGE),
        ("The sheds cost £40 a week.", AnswerKind.MONEY),
        ("Dredging cost 3 million dollars.", AnswerKind.MONEY),
        # A sum without its currency, as speakers give one.
        ("Upkeep runs to around 300,000 a year.", AnswerKind.MONEY),
        ("The new quay will cost 4.5 million.", AnswerKind.MONEY),
        ("About a third of the catch goes abroad.", AnswerKind.SHARE),
        ("Seven in ten boats are local.", AnswerKind.SHARE),
        ("The quay was shut for three weeks.", AnswerKind.DURATION),
        ("It was a two-hour crossing.", AnswerKind.DURATION),
        ("The ferry now calls every fortnight.", AnswerKind.FREQUENCY),
        ("The ferry now calls every fortnight.", AnswerKind.FIGURE),
        ("It sails twice a week in winter.", AnswerKind.FREQUENCY),
        ("The harbour board meets monthly.", AnswerKind.FREQUENCY),
        ("The cannery closed in the 1970s.", AnswerKind.YEAR),
        ("The story ran in the Harbour Gazette first.", AnswerKind.NAME),
    ],
)
def test_a_sentence_holds_the_finer_kinds_of_answer(sentence: str, kind: AnswerKind) -> None:
    assert kind in kinds_in(sentence)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # A figure, but no age, sum, share or duration.
        ("The harbour master retired after 30 trips.", AnswerKind.AGE),
        ("The sheds are rented out to 40 fishermen.", AnswerKind.MONEY),
        # A large amount that counts something is no sum.
        ("Some 12,000 visitors came, and 2 million people watched.", AnswerKind.MONEY),
        ("Forty boats are local.", AnswerKind.SHARE),
        ("The quay was shut for repairs.", AnswerKind.DURATION),
        ("The ferry calls at the island.", AnswerKind.FREQUENCY),
        ("The cannery closed on a Monday.", AnswerKind.YEAR),
        # Capitals that only open a sentence name nothing.
        ("The story ran first. Nobody denied it.", AnswerKind.NAME),
    ],
)
def test_a_sentence_without_the_kind_asked_does_not_hold_it(
    sentence: str, kind: AnswerKind
) -> None:
    assert kind not in kinds_in(sentence)


def test_a_name_the_question_already_holds_is_no_answer_to_it() -> None:
    sentence = "The Harbour Board's chief executive put it simply: the quay is safe."
    asked = question_words("who is the chief executive of the harbour board?")
    assert not {AnswerKind.NAME, AnswerKind.PERSON} & kinds_in(sentence, asked)
    named = "The chief executive, Dana Whitlow, said the quay is safe."
    assert AnswerKind.PERSON in kinds_in(named, asked)


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("what is thomas willingham's job at reed", ["job"]),
        ("what does the reply say about cycle lanes?", ["cycle lanes"]),
        ("how many cyclists use harbour street each day", ["cyclists use harbour"]),
        ("how many trawlers moored at the quay", ["trawlers moored"]),
        ("what does the op-ed argue", []),
    ],
)
def test_what_the_question_structure_asks_about(question: str, about: list[str]) -> None:
    assert asked_about(question) == about


@pytest.mark.parametrize(
    ("sentence", "near"),
    [
        ("Between 2019 and 2023 there were 57 recorded collisions in the harbour.", True),
        ("Forty-one collisions were recorded.", True),
        ("In 2023 the harbour board discussed collisions at length.", False),
        ("The 737 trawlers were inspected for collisions.", False),  # "737" is the question's
    ],
)
def test_a_figure_answers_how_many_only_near_what_it_counts(sentence: str, near: bool) -> None:
    analyser = default_analyser()
    counted = set(analyser.terms("collisions"))
    asked = set(analyser.terms("how many 737 trawlers had collisions"))
    assert figure_near(sentence, analyser.tokens(sentence), counted, asked) is near


@pytest.mark.parametrize(
    ("question", "advice"),
    [
        ("which laptop should i buy?", True),
        ("what bike should we get for the commute", True),
        ("can you recommend a cheap hotel in lisbon", True),
        ("recommend me a podcast", True),
        ("any good suggestions for a first car?", True),
        ("does anyone know a decent barber round here", True),
        ("where can i buy tickets for the ferry", True),
        ("how do you say thank you in welsh?", True),
        ("could somebody look over my closing statement tonight", True),
        ("any decent debate podcasts you'd recommend?", True),
        ("how do i change my server nickname", True),
        ("what's the best way to calm my nerves before a round", True),
        ("can anyone help me prepare for the regional final?", True),
        ("anyone got a decent flapjack recipe", True),
        ("is a chess app subscription worth paying for?", True),
        ("who is bringing the cups to the next meeting?", True),
        ("write me a persuasive speech for banning phones", True),
        ("thanks, that's really helpful!", True),
        ("thank you so much", True),
        ("thanks to whom does the reply give credit?", False),
        ("can you draft an email to the harbour board about the fees?", True),
        # What someone wrote is asked of the texts.
        ("what did the mayor write in her letter to the board?", False),
        ("write down what the reply says about the quay", False),
        # Asking for a source is what the bot is for.
        ("does anyone have a good source on the quay repairs?", False),
        ("is the reply worth quoting on the quay?", False),
        # What a text argues about a choice is not advice for the asker.
        ("should the council ban cars from the old town?", False),
        ("should we raise the harbour fees, according to the op-ed?", False),
        ("what does the reply recommend the council do?", False),
        ("which bus company does the report say the council should use", False),
        ("how do the authors say the quay should be paid for", False),
        ("can you check what the reply says about the quay?", False),
        ("how do we know the figures in the op-ed are right?", False),
        ("how should i rebut the claim that the quay is unsafe", False),
        ("what does the report say is the best way to cut traffic", False),
        ("what do the letters suggest the council should do", False),
    ],
)
def test_requests_for_advice_are_told_from_questions_about_the_texts(
    question: str, advice: bool
) -> None:
    assert asks_advice(question) is advice


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("who said there you go again", "there you go again"),
        ("who said 'there you go again'?", "there you go again"),
        ("who coined the phrase not on my watch?", "not on my watch"),
        ("who said it", None),  # fewer than three words
        ("who wrote the reply to the op-ed", None),  # who wrote: an author, not a saying
        ("what did she say about it?", None),
    ],
)
def test_the_words_an_unquoted_who_said_question_asks_about(
    question: str, words: str | None
) -> None:
    assert unquoted_saying(question) == words


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("how many trawlers moored at the quay?", "trawlers"),
        ("how many registered voters live on the island", "voters"),
        ("how many us-registered ferries does the order cover", "ferries"),
        # A name or a noun before the noun counted, the verb after both.
        ("how many harbourside cafes are closing", "cafes"),
        ("how many island pilots were hired", "pilots"),
        # A verb counts no named thing: the text may say "drowned" or "were lost".
        ("how many died when the ferry sank?", None),
        ("how many voted for the harbour fee", None),
        ("how many times did the council meet", None),
        ("how many of the trawlers were inspected", None),
        ("what did the council decide about the quay", None),
    ],
)
def test_what_a_how_many_question_counts(question: str, counted: str | None) -> None:
    assert counted_word(question) == counted
