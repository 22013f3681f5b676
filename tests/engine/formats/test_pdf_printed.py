"""A news page a browser printed to PDF reads as its article: no site furniture, its byline."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bot.engine.formats.extracted import Extracted
from bot.engine.formats.pdf import extract_pdf
from bot.engine.formats.upload import UploadDetails, document_from_upload
from bot.engine.models import Kind

URL = "https://www.eastfoldpost.co.uk/comment/2026/mar/12/buses-before-bypasses"
PAGE_TITLE = (
    "Buses before bypasses: the county has its priorities backwards | Comment | Eastfold Post"
)
HEADLINE = ["Buses before bypasses: the county has its", "priorities backwards"]
BODY = [
    [
        "Every winter the county council finds another forty million pounds for a road",
        "scheme and not a penny to keep the village buses running after six in the evening.",
    ],
    [
        "The Harwick bypass will save drivers about four minutes on a good day. The number",
        "12 bus, cut last spring, took two hundred pupils to the sixth-form college each day.",
    ],
    [
        "Councillors say the road will bring jobs. Perhaps it will, but a job is no use to",
        "a teenager in Millbrook who has no way of getting to it without a car.",
    ],
    [
        "Nadia Osei, who runs the youth club in Millbrook, told me the cut had changed",
        "everything. “Half my members used to go on to college,” she said. “Now it is a",
        "handful, and the rest work wherever they can walk to.”",
    ],
    [
        "The council should pause the bypass for a year and spend the first slice of its",
        "budget on restoring the evening services. Then let the voters judge the results.",
    ],
]


@dataclass
class Printout:
    """A news page as a browser prints it: header and footer on every page, the site's
    furniture over the headline, a byline block under it, links after the text."""

    byline: Sequence[str] = (
        "Priya Dawes",
        "Thu 12 Mar 2026 06.30 GMT  ·  Last modified on Thu 12 Mar 2026 08.05 GMT",
        "Share   f   X   in    48 comments",
    )
    body: Sequence[Sequence[str]] = field(default_factory=lambda: BODY)
    pull_quote: Sequence[str] = ()
    pull_quote_after: int = 2
    firefox: bool = False
    one_line_header: bool = False
    byline_size: float = 9.5
    time: str = "12/03/2026, 19:02"
    crumb: str = "Comment > Transport"
    bio: str = ""
    paragraphs_per_page: int = 3


def printed(page: Printout) -> bytes:
    """The PDF of `page` (the file made "today", a day the page does not bear)."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    sheet.setTitle(PAGE_TITLE)
    width, height = A4
    chunks = [
        list(page.body[i : i + page.paragraphs_per_page])
        for i in range(0, len(page.body), page.paragraphs_per_page)
    ]
    pages = len(chunks) + 1
    for number in range(1, pages + 1):
        sheet.setFont("Helvetica", 8)
        if page.firefox:
            sheet.drawString(34, height - 24, PAGE_TITLE)
            sheet.drawRightString(width - 34, height - 24, URL)
            sheet.drawString(34, 22, f"{number} of {pages}")
            sheet.drawRightString(width - 34, 22, page.time)
        elif page.one_line_header:
            sheet.drawString(34, height - 24, f"{page.time}  {PAGE_TITLE}")
            sheet.drawString(34, 22, f"{URL}  {number}/{pages}")
        else:
            sheet.drawString(34, height - 24, page.time)
            sheet.drawString(180, height - 24, PAGE_TITLE)
            sheet.drawString(34, 22, URL)
            sheet.drawRightString(width - 34, 22, f"{number}/{pages}")
        y = height - 80
        if number == 1:
            y = _head(sheet, page, y)
        if number <= len(chunks):
            for order, paragraph in enumerate(chunks[number - 1]):
                sheet.setFont("Times-Roman", 12)
                for line in paragraph:
                    sheet.drawString(68, y, line)
                    y -= 17
                y -= 12
                index = (number - 1) * page.paragraphs_per_page + order
                if page.pull_quote and index == page.pull_quote_after:
                    sheet.setFont("Helvetica-Bold", 15)
                    for line in page.pull_quote:
                        sheet.drawString(86, y, line)
                        y -= 20
                    y -= 12
        else:
            if page.bio:
                sheet.setFont("Helvetica", 9.5)
                sheet.drawString(68, y, page.bio)
                y -= 30
            _tail(sheet, y)
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def _head(sheet: canvas.Canvas, page: Printout, y: float) -> float:
    sheet.setFont("Helvetica-Bold", 18)
    sheet.drawString(68, y, "EASTFOLD POST")
    sheet.setFont("Helvetica-Bold", 9)
    sheet.drawString(68, y - 14, "News   Comment   Sport   Business   Weather   Jobs   Sign in")
    sheet.setFont("Helvetica", 8)
    sheet.drawString(
        50, y - 34, "This site uses cookies to personalise content and measure traffic. Click"
    )
    sheet.drawString(
        50, y - 44, "'Accept' to agree or 'Settings' to change your choice.   Accept   Settings"
    )
    sheet.drawString(68, y - 62, page.crumb)
    y -= 92
    sheet.setFont("Helvetica-Bold", 22)
    for line in HEADLINE:
        sheet.drawString(68, y, line)
        y -= 25
    sheet.setFont("Times-Roman", 13)
    sheet.drawString(68, y - 4, "The bypass gets the money while the last bus home disappears")
    y -= 28
    sheet.setFont("Helvetica-Bold", 9.5)
    for index, line in enumerate(page.byline):
        sheet.setFont("Helvetica-Bold" if index == 0 else "Helvetica", page.byline_size)
        sheet.drawString(68, y, line)
        y -= page.byline_size + 3
    return y - 20


def _tail(sheet: canvas.Canvas, y: float) -> None:
    sheet.setFont("Helvetica-Bold", 12)
    sheet.drawString(68, y, "More on this story")
    sheet.setFont("Helvetica", 10)
    for index, line in enumerate(
        ["Bypass plan approved despite objections", "Why I still drive to work"]
    ):
        sheet.drawString(68, y - 16 - 14 * index, line)
    sheet.setFont("Helvetica-Bold", 12)
    sheet.drawString(68, y - 60, "Most read")
    sheet.setFont("Helvetica", 10)
    sheet.drawString(68, y - 76, "1. Flood warnings issued for the Stour valley")
    sheet.setFont("Helvetica", 8)
    sheet.drawString(
        68, y - 100, "About us · Contact us · Privacy notice · Cookie settings · Terms of use"
    )


def _extract(page: Printout) -> tuple[list[str], Extracted]:
    extracted = extract_pdf(printed(page), "buses.pdf")
    return [p.text for p in extracted.paragraphs], extracted


def test_a_printed_pages_header_footer_and_site_furniture_are_no_passages() -> None:
    texts, _ = _extract(Printout())
    joined = "\n".join(texts)
    for furniture in (
        "19:02",
        "eastfoldpost.co.uk",
        "| Comment |",
        "EASTFOLD POST",
        "Sign in",
        "cookies",
        "Comment > Transport",
        "48 comments",
        "More on this story",
        "Bypass plan approved",
        "Most read",
        "Flood warnings",
        "About us",
    ):
        assert furniture not in joined
    assert texts[0] == "The bypass gets the money while the last bus home disappears"
    assert texts[1].startswith("Every winter the county council")
    assert texts[-1].endswith("Then let the voters judge the results.")


def test_a_printed_page_is_titled_credited_and_dated_as_it_shows() -> None:
    data = printed(Printout())
    upload = document_from_upload(data, "buses.pdf", UploadDetails(), isolated=True)
    meta = upload.document.meta
    assert meta.title == "Buses before bypasses: the county has its priorities backwards"
    assert meta.author == "Priya Dawes"
    assert meta.publisher == "Eastfold Post"
    assert meta.date == dt.date(2026, 3, 12)
    assert meta.url == URL
    assert meta.kind is Kind.OP_ED


def test_a_bylines_role_and_a_published_line_are_read() -> None:
    _, extracted = _extract(
        Printout(byline=("Priya Dawes, Transport columnist", "Published 11 March 2026"))
    )
    assert extracted.author == "Priya Dawes"
    assert extracted.date == dt.date(2026, 3, 11)


def test_a_date_over_the_headline_dates_a_byline_without_one() -> None:
    _, extracted = _extract(Printout(byline=("Priya Dawes",), crumb="10 March 2026"))
    assert (extracted.author, extracted.date) == ("Priya Dawes", dt.date(2026, 3, 10))


def test_a_closing_line_about_the_writer_names_a_column_with_no_byline() -> None:
    _, extracted = _extract(
        Printout(
            byline=("Thu 12 Mar 2026 06.30 GMT",),
            bio="Priya Dawes is chair of the Eastfold Bus Users' Group",
        )
    )
    assert (extracted.author, extracted.date) == ("Priya Dawes", dt.date(2026, 3, 12))


def test_a_print_time_in_another_locales_form_is_read() -> None:
    texts, extracted = _extract(Printout(time="12.03.26, 19:02"))
    assert not any("19:02" in text for text in texts)
    assert extracted.url == URL


def test_firefoxs_header_and_footer_are_read_the_other_way_round() -> None:
    texts, extracted = _extract(Printout(byline=("By Priya Dawes", "12 March 2026"), firefox=True))
    assert not any("eastfoldpost" in text or "of 3" in text for text in texts)
    assert extracted.title == " ".join(HEADLINE)
    assert extracted.author == "Priya Dawes"
    assert extracted.url == URL


def test_a_header_and_footer_each_on_one_line_and_a_byline_in_the_texts_size() -> None:
    texts, extracted = _extract(
        Printout(
            one_line_header=True,
            byline_size=12,
            byline=("By Priya Dawes", "12 March 2026", "Share this article"),
        )
    )
    assert not any("eastfoldpost" in text or "19:02" in text for text in texts)
    assert not any("Priya Dawes" in text or "Share" in text for text in texts)
    assert extracted.title == " ".join(HEADLINE)
    assert (extracted.author, extracted.date) == ("Priya Dawes", dt.date(2026, 3, 12))
    assert extracted.url == URL


def test_a_pull_quote_repeating_a_paragraph_is_no_passage_of_its_own() -> None:
    quote = ("“A job is no use to a teenager in Millbrook who has", "no way of getting to it.”")
    texts, extracted = _extract(Printout(pull_quote=quote, pull_quote_after=1))
    assert not any(text.startswith("“A job is no use") for text in texts)
    assert sum("no way of getting to it" in text for text in texts) == 1
    # Nor is it (or the masthead, or the page's <title>) a heading over the text.
    assert {p.section for p in extracted.paragraphs} == {None}


def test_a_pull_quote_saying_something_new_is_the_columnists() -> None:
    quote = ("“Roads are a choice the county makes, and so", "are empty bus shelters.”")
    _, extracted = _extract(Printout(pull_quote=quote, pull_quote_after=1))
    pulled = [p for p in extracted.paragraphs if "empty bus shelters" in p.text]
    assert len(pulled) == 1
    assert pulled[0].speaker == "Priya Dawes"


def test_a_printout_set_in_one_size_loses_its_header_and_footer_and_takes_its_title() -> None:
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    sheet.setFont("Helvetica", 8)
    sheet.drawString(34, height - 24, "9/3/26, 9:14 PM")
    sheet.drawString(180, height - 24, "Evening buses to return - Eastfold Post")
    sheet.drawString(34, 22, URL)
    sheet.drawRightString(width - 34, 22, "1/1")
    sheet.setFont("Times-Roman", 12)
    for index, line in enumerate(BODY[0] + BODY[1]):
        sheet.drawString(68, height - 90 - 17 * index, line)
    sheet.showPage()
    sheet.save()
    extracted = extract_pdf(buffer.getvalue(), "buses.pdf")
    texts = [p.text for p in extracted.paragraphs]
    assert not any("9:14" in text or "eastfoldpost" in text for text in texts)
    assert texts[0].startswith("Every winter the county council")
    assert (extracted.title, extracted.publisher) == ("Evening buses to return", "Eastfold Post")
