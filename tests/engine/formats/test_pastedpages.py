"""Text pasted from a PDF report: its pages' headers, footers and numbers, its headings."""

from __future__ import annotations

from bot.engine.answer import AnswerEngine
from bot.engine.formats.plaintext import extract_text
from bot.engine.formats.upload import UploadDetails, document_from_upload

# A report copied out of a PDF viewer: hard-wrapped lines, no blank lines, each page's footer
# ("... | page N") and its number, a heading set again at a page's top.
_PASTED_REPORT = """\
Quiet Streets: A Review of Night Deliveries in Ashford
Ashford Freight Forum
Published March 2026
Summary
The Forum looked at how lorries delivering to shops
between midnight and six in the morning affect the
people who live above and beside those shops. We
heard from residents, drivers and shop owners.
2. What residents told us
Residents on the high street said the noise of
reversing alarms and roller shutters woke them most
Night Deliveries Review 2026 | page 2
nights of the week, and several had asked the council
for help without any reply.
Night Deliveries Review 2026 | page 3
2. What residents told us (continued)
Some residents had moved bedrooms to the back of
their homes to escape the noise altogether.
3. What we recommend
The Forum recommends that:
1. Shops should accept deliveries after five in the
morning only.
2. Drivers should switch off reversing alarms where
a banksman guides the lorry instead.
Night Deliveries Review 2026 | page 4
"""

_NUMBERED_PAGES = """\
Keeping the Valley Moving
Harland Valley Transport Board
Introduction
The valley's one railway line carries more than four
thousand people a day, and its trains are often late
because a single track must be shared by trains
2
running in both directions. We looked at what it would
cost to double the track between the two busiest towns.
Keeping the Valley Moving                          3
The answer, we found, is less than many expected, and
far less than the cost of the delays to the valley.
4
"""


def _texts(text: str) -> list[str]:
    return [" ".join(p.text.split()) for p in extract_text(text).paragraphs]


def test_a_pasted_reports_page_footers_are_dropped_and_its_sentence_joined() -> None:
    texts = _texts(_PASTED_REPORT)
    assert not any("page 2" in t or "Review 2026" in t for t in texts)
    assert (
        "Residents on the high street said the noise of reversing alarms and roller shutters "
        "woke them most nights of the week, and several had asked the council for help without "
        "any reply." in texts
    )


def test_a_heading_repeated_at_a_pages_top_is_dropped() -> None:
    texts = _texts(_PASTED_REPORT)
    assert not any("(continued)" in t for t in texts)
    assert (
        "Some residents had moved bedrooms to the back of their homes to escape the noise "
        "altogether." in texts
    )


def test_a_pasted_reports_headings_are_sections_not_text() -> None:
    paragraphs = extract_text(_PASTED_REPORT).paragraphs
    sections = {" ".join(p.text.split()): p.section for p in paragraphs}
    assert not any(t.startswith(("2. What residents", "3. What we", "Summary")) for t in sections)
    assert (
        sections[
            "Some residents had moved bedrooms to the back of their homes to escape "
            "the noise altogether."
        ]
        == "2. What residents told us"
    )
    assert sections["The Forum recommends that:"] == "3. What we recommend"


def test_a_pasted_reports_numbered_list_is_an_item_a_paragraph() -> None:
    texts = _texts(_PASTED_REPORT)
    assert "1. Shops should accept deliveries after five in the morning only." in texts
    assert (
        "2. Drivers should switch off reversing alarms where a banksman guides the lorry "
        "instead." in texts
    )


def test_lone_page_numbers_and_a_spaced_footer_are_dropped() -> None:
    texts = _texts(_NUMBERED_PAGES)
    assert not any(t.endswith(" 3") or t == "4" or " 2 " in t for t in texts)
    assert any("must be shared by trains running in both directions. We looked" in t for t in texts)
    assert any(t.startswith("The answer, we found, is less") for t in texts)


_TWO_QUOTED = """\
Sea Walls for Portlow
Portlow Harbour Board
Published June 2026
Findings
Dr Ines Varga, a coastal engineer at the University of
Eastmere, told the Board: "The old wall will fail in a
storm like the one in 2014. It must be raised by a metre."
Local fishermen were less sure. Morgan
Teague, who chairs the Portlow Fishermen's Association,
said the raised wall would block the slipway. "We launch
from that slipway every morning," he told us. "Raise the
wall and you take our living with it."
Portlow Harbour Board | Sea Walls for Portlow                2
The Board will meet both groups again in July.
Portlow Harbour Board | Sea Walls for Portlow                3
"""


def test_a_pasted_reports_quote_is_the_reports_reporting_the_person_wrapped_at_a_line_end() -> None:
    upload = document_from_upload(
        _TWO_QUOTED.encode(), "sea_walls.txt", UploadDetails(), isolated=True
    )
    engine = AnswerEngine([upload.document])
    quote = engine.answer("What did Morgan Teague say about launching from the slipway?").quotes[0]
    assert "We launch from that slipway every morning" in " ".join(quote.text.split())
    assert quote.attribution.reporting == "Morgan Teague"


def test_a_pasted_reports_title_wrapped_over_two_lines_is_its_title() -> None:
    wrapped = _PASTED_REPORT.replace(
        "Quiet Streets: A Review of Night Deliveries in Ashford\n",
        "Quiet Streets: A Review of Night Deliveries in the\nTown Centre of Ashford\n",
    )
    extracted = extract_text(wrapped)
    assert extracted.title == (
        "Quiet Streets: A Review of Night Deliveries in the Town Centre of Ashford"
    )
    assert extracted.paragraphs[0].text == "Published March 2026"


def test_a_pasted_reports_body_under_its_title_publishes_it() -> None:
    extracted = extract_text(_PASTED_REPORT)
    assert extracted.publisher == "Ashford Freight Forum"
    assert not any(p.text == "Ashford Freight Forum" for p in extracted.paragraphs)


def test_a_pasted_reports_head_says_the_month_it_appeared() -> None:
    extracted = extract_text(_PASTED_REPORT)
    assert (extracted.year, extracted.month, extracted.date) == (2026, 3, None)
