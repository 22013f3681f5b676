"""A question heading (an FAQ's "How much does it cost?") counts for the answer under it."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document
from tests.conftest import written_article

FAQ = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Garden waste collections: your questions answered | Brackley Vale Council</title></head>
<body><header><nav><a href="/">Home</a> <a href="/bins">Bins and recycling</a></nav></header>
<main><article>
<h1>Garden waste collections: your questions answered</h1>
<h2>What goes in the brown bin?</h2>
<p>Grass cuttings, hedge trimmings, leaves, weeds and small branches can go in it. Please do
not put in food, soil, rubble or plastic bags.</p>
<h2>How much does the garden waste service cost?</h2>
<p>A permit for one brown bin is £52 a year. Each extra bin on the same address is £30 a
year. Permits run from 1 April to 31 March.</p>
<h2>Who is exempt from the charge?</h2>
<p>Households where everyone is over 80, and registered community gardens, receive one
permit free. Apply through the online form with proof of age or registration.</p>
<h2>When are collections?</h2>
<p>Brown bins are emptied every other week from March to November, on the same day as your
recycling. There are no collections in December, January or February.</p>
<p class="last-updated">Last updated: 3 February 2026</p>
</article></main></body></html>
"""


def _faq() -> Document:
    return document_from_upload(
        FAQ.encode(), "garden-faq.html", UploadDetails(), doc_id="garden-faq", isolated=True
    ).document


def test_a_question_in_other_words_is_answered_from_the_paragraph_under_its_heading() -> None:
    other = written_article(
        "allotments",
        "The allotment waiting list has grown to 140 names.\n\n"
        "Compost from the green waste site is sold to allotment holders at the gate.",
    )
    engine = AnswerEngine([_faq(), other])
    answer = engine.answer("How much would it cost me to have my garden waste taken away?")
    assert not answer.abstained
    assert "£52 a year" in answer.quotes[0].text
