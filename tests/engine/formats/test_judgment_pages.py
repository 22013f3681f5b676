"""A court's judgment saved as a web page or pasted as text: read as a PDF's is."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine.answer import AnswerEngine
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Document, Form

_PARAGRAPHS = (
    "This claim concerns the decision of Wyrley Borough Council, made on 2 April 2026, to close "
    "the Foundry Lane allotments and sell the land for forty-two homes.",
    "The Claimant, a society of allotment holders, says the Council decided without asking the "
    "Secretary of State's consent, which the Allotments Act 1925 requires.",
    "For the Council, Mr Piers Ainsley KC submitted that consent was not needed because the "
    "land had never been bought for allotments.",
    "In my judgment the deeds show the land was bought in 1931 as statutory allotments. The "
    "consent of the Secretary of State was required and was never sought. The decision is "
    "quashed.",
)

# As the National Archives' Find Case Law sets one: the head in a <header>, a line a <p>,
# each paragraph's number in a span of its own.
FIND_CASE_LAW = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Foundry Lane Allotment Society v Wyrley BC - Find Case Law - The National Archives</title>
</head><body>
<nav class="site-nav"><a href="/">Find Case Law</a> <a href="/search">Search</a></nav>
<article class="judgment">
<header class="judgment-header">
<p>Neutral Citation Number: [2026] EWHC 1502 (Admin)</p>
<p>Case No: AC-2026-BHM-000418</p>
<p>IN THE HIGH COURT OF JUSTICE<br>KING'S BENCH DIVISION<br>ADMINISTRATIVE COURT</p>
<p>Date: 21/08/2026</p>
<p>Before :</p>
<p>THE HONOURABLE MR JUSTICE ALDERTON</p>
<p>- - - - - - - - - - - - - - - - - - - - -</p>
<p>Between :</p>
<table>
<tr><td>FOUNDRY LANE ALLOTMENT SOCIETY</td><td>Claimant</td></tr>
<tr><td>- and -</td><td></td></tr>
<tr><td>WYRLEY BOROUGH COUNCIL</td><td>Defendant</td></tr>
</table>
<p>Ms Carys Penberthy (instructed by Allen Pryce LLP) for the Claimant</p>
<p>Mr Piers Ainsley KC (instructed by Wyrley Legal Services) for the Defendant</p>
<p>Hearing date: 9 July 2026</p>
<p>APPROVED JUDGMENT</p>
</header>
<section class="judgment-body">
<p>Mr Justice Alderton:</p>
{
    "".join(
        ("<h2>Discussion</h2>" if n == 4 else "")
        + f'<div class="judgment-body__section"><span class="judgment-body__number">{n}.</span>'
        f'<div class="judgment-body__text"><p>{text}</p></div></div>'
        for n, text in enumerate(_PARAGRAPHS, start=1)
    )
}
</section>
</article>
<footer><a href="/terms">Terms of use</a> <a href="/accessibility">Accessibility</a></footer>
</body></html>
"""

# As a judgment copied from BAILII's page and pasted into a text file.
PASTED = "\n\n".join(
    [
        "Neutral Citation Number: [2026] EWHC 1502 (Admin)",
        "Case No: AC-2026-BHM-000418",
        "IN THE HIGH COURT OF JUSTICE\nKING'S BENCH DIVISION\nADMINISTRATIVE COURT",
        "Date: 21/08/2026",
        "Before:\nTHE HONOURABLE MR JUSTICE ALDERTON",
        "Between:\nFOUNDRY LANE ALLOTMENT SOCIETY\nClaimant\n- and -\nWYRLEY BOROUGH COUNCIL\n"
        "Defendant",
        "Ms Carys Penberthy (instructed by Allen Pryce LLP) for the Claimant\n"
        "Mr Piers Ainsley KC (instructed by Wyrley Legal Services) for the Defendant",
        "Hearing date: 9 July 2026",
        "Mr Justice Alderton:",
        f"1. {_PARAGRAPHS[0]}",
        f"2. {_PARAGRAPHS[1]}",
        # Paragraph 3 runs over a page break, as text copied from a PDF has it.
        "3. " + _PARAGRAPHS[2].replace(" because the ", " because the\n\nPage 1\n\n"),
        "Discussion",
        f"4. {_PARAGRAPHS[3]}",
    ]
)


# As BAILII sets one: the head centred, its lines broken by <br>, the paragraphs an ordered
# list whose numbers the page does not write.
BAILII = (
    "<html><head><title>Foundry Lane Allotment Society v Wyrley Borough Council [2026] EWHC "
    "1502 (Admin) (21 August 2026)</title></head><body>"
    '<table width="100%"><tr><td>Neutral Citation Number: [2026] EWHC 1502 (Admin)</td></tr>'
    "<tr><td>Case No: AC-2026-BHM-000418</td></tr></table>"
    "<p align=center>IN THE HIGH COURT OF JUSTICE<br>KING'S BENCH DIVISION<br>"
    "ADMINISTRATIVE COURT</p><p>Date: 21/08/2026</p>"
    "<p align=center>B e f o r e :</p><p>Before :<br>THE HONOURABLE MR JUSTICE ALDERTON</p>"
    "<p>Between :<br>FOUNDRY LANE ALLOTMENT SOCIETY<br>Claimant<br>- and -<br>"
    "WYRLEY BOROUGH COUNCIL<br>Defendant</p>"
    "<p>Mr Piers Ainsley KC (instructed by Wyrley Legal Services) for the Defendant</p>"
    "<p>Hearing date: 9 July 2026</p><p>Mr Justice Alderton:</p><ol>"
    + "".join(f"<li><p>{text}</p></li>" for text in _PARAGRAPHS)
    + "</ol><p><a href='/'>BAILII</a>: <a href='/copyright'>Copyright Policy</a> | "
    "<a href='/disclaimers'>Disclaimers</a> | <a href='/privacy'>Privacy Policy</a>.</p>"
    "</body></html>"
)


def _uploaded(data: bytes, name: str) -> Document:
    return document_from_upload(
        data, name, UploadDetails(), doc_id=name.split(".")[0], isolated=True
    ).document


@pytest.mark.parametrize(
    ("data", "name"),
    [(FIND_CASE_LAW.encode(), "foundry.html"), (PASTED.encode(), "foundry.txt")],
)
def test_a_judgment_page_or_text_gives_its_case_citation_date_and_judge(
    data: bytes, name: str
) -> None:
    document = _uploaded(data, name)
    meta = document.meta
    assert meta.form is Form.JUDGMENT
    assert meta.author == "Mr Justice Alderton"
    assert meta.date == dt.date(2026, 8, 21)
    assert "[2026] EWHC 1502 (Admin)" in (meta.title or "") + " ".join(meta.aliases)
    assert "Foundry Lane Allotment Society v Wyrley" in (meta.title or "")
    texts = [p.text for p in document.passages]
    # The court's lines are no passages; counsel's are, and each paragraph with its number.
    assert not any("HIGH COURT" in t or t.startswith(("Between", "Before")) for t in texts)
    assert any(t.startswith("Mr Piers Ainsley KC") for t in texts)
    assert [t.split(".", 1)[0] for t in texts if t[:1].isdigit()] == ["1", "2", "3", "4"]
    assert f"3. {_PARAGRAPHS[2]}" in texts
    assert document.passages[-1].heading == "Discussion"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (FIND_CASE_LAW.encode(), "foundry.html"),
        (BAILII.encode(), "bailii.html"),
        (PASTED.encode(), "foundry.txt"),
    ],
)
def test_a_judgment_pages_paragraphs_judge_and_counsel_are_found_by_questions(
    data: bytes, name: str
) -> None:
    document = _uploaded(data, name)
    assert not any("Privacy" in passage.text for passage in document.passages)
    engine = AnswerEngine([document])
    cited = engine.answer("What does paragraph 4 say?").quotes[0]
    assert cited.text.startswith("4. In my judgment the deeds show")
    judge = engine.answer("What did the judge say the deeds show?").quotes[0]
    assert judge.attribution.speaker == "Mr Justice Alderton"
    assert "bought in 1931" in judge.text
    counsel = engine.answer("What did the council's barrister submit about consent?").quotes[0]
    assert counsel.attribution.reporting == "Piers Ainsley"


def test_a_judgment_page_is_one_and_a_news_story_citing_it_is_not() -> None:
    assert _uploaded(FIND_CASE_LAW.encode(), "foundry.html").meta.form is Form.JUDGMENT
    story = (
        "<html><head><title>Allotment society wins High Court case</title></head><body>"
        "<article><h1>Allotment society wins High Court case</h1>"
        "<p>The High Court has quashed Wyrley council's plan to sell the Foundry Lane "
        "allotments, in a ruling reported as [2026] EWHC 1502 (Admin).</p>"
        "<p>1. The judge said the land had been bought as allotments in 1931.</p>"
        "<p>The council said it would consider whether to appeal.</p></article></body></html>"
    )
    document = _uploaded(story.encode(), "news.html")
    assert document.meta.form is not Form.JUDGMENT
    assert document.meta.title == "Allotment society wins High Court case"
