"""A pull quote credited on the line after it is the credited person's (`voices`)."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.models import Voice
from tests.conftest import written_article as article

BODY = (
    "Every week our pantries in Eastmoor meet families who have run out of food before payday."
    "\n\n"
    "“Children arrive on Monday having eaten nothing since Friday lunch, and we see it in "
    "every lesson.”"
    "\n\n"
    "— Ruth Okafor, head teacher, Mill Lane Primary"
    "\n\n"
    "Demand at our pantries doubled between 2021 and 2025, and we now run fourteen sites."
    "\n\n"
    "We are calling for automatic enrolment for free school meals."
)


def test_a_quotation_credited_on_the_line_below_is_the_credited_persons() -> None:
    engine = AnswerEngine([article("pantry", BODY, author="The Pantry Network")])
    passages = engine.collection.documents["pantry"].passages
    quotation = next(p for p in passages if p.text.startswith("“Children"))
    assert quotation.voice is Voice.SPEAKER and quotation.speaker == "Ruth Okafor"
    # The credit is no letter's sign-off: the network's own text stays the network's.
    own = next(p for p in passages if p.text.startswith("Demand at our pantries"))
    assert own.voice is Voice.AUTHOR and own.speaker == "The Pantry Network"
    opening = passages[0]
    assert opening.voice is Voice.AUTHOR and opening.speaker == "The Pantry Network"
    answer = engine.answer("What did the head teacher say about Mondays?")
    assert answer.quotes[0].attribution.speaker == "Ruth Okafor"
