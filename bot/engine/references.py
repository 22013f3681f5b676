"""A paper's or a report's list of the works it cites: which passages are its entries, and
whether a question asks for them.

An entry ("Okafor, N. (2017) Moving Out, Dropping Out: ...") holds the words of the text it
cites (a title's "youth turnout"), so a question about what the text says may find it; it says
only where something was published, which answers no such question. Passages under a heading
of a list of references ("References", "7. Bibliography") are quoted only when the question
asks for the works cited ("which studies does the paper cite?").
"""

from __future__ import annotations

import re

# A heading over a paper's or a report's list of the works it cites.
_REFERENCE_LIST_HEADING = re.compile(
    r"(?:\d+\.?\s+)?(?:references?|bibliography|works cited|literature cited|sources)\s*:?",
    re.IGNORECASE,
)
# A question asking for the works a text cites, or where something was published.
_ASKS_FOR_WORKS = re.compile(
    r"\b(?:references?|referenced|cit(?:e|es|ed|ing|ations?)|bibliograph\w*|sources?|"
    r"works|literature|reading|journals?|books?|published|publish(?:es|er)?|publications?)\b",
    re.IGNORECASE,
)


def is_reference_list(heading: str | None) -> bool:
    """Whether a heading is a list of references' ("References", "7. Bibliography", "Works
    cited"), under which each passage is an entry."""
    return heading is not None and _REFERENCE_LIST_HEADING.fullmatch(heading.strip()) is not None


def asks_for_references(question: str) -> bool:
    """Whether a question asks for the works a text cites or where something appeared ("what
    sources does the paper cite?", "which journal published Harcourt and Bell?"), which a list
    of references answers."""
    return _ASKS_FOR_WORKS.search(question) is not None


_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d[a-z]?\b")


def names_year(text: str) -> bool:
    """Whether `text` names a year (1500-2099, "2016a" too), as every entry of a list of
    references does."""
    return _YEAR.search(text) is not None
