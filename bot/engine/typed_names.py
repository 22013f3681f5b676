"""The words of a question that name a person, as the question types them.

`QuestionReader.query` finds the people a question names (`ScopeNames.named_people`); two
things about how the words around and inside such a name are typed change what is searched:

- a title just before the name ("Councillor" in "what did Councillor Vance say"; nameparser's
  titles, `people.is_title_word`) says who the person is, not what is asked about, and is not
  searched (`title_spans`);
- a name typed without its accents ("Bjorn Akesson") is matched without them, but the index
  holds the words as written ("Björn Åkesson"): those words are searched as written
  (`as_written`).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.names import NamedPerson, phrase
from bot.engine.people import is_title_word
from bot.engine.text import Analyser, Token


def title_spans(
    question: str, tokens: Sequence[Token], people: Sequence[NamedPerson]
) -> list[tuple[int, int]]:
    """The spans (character offsets) of the title words just before a person the question
    names, with nothing but spaces or a full stop between: who the person is, not what is
    asked about (a passage with another councillor in it is no better an answer for it). A role
    that names someone ("the councillor") is no name after a title."""
    spans = []
    for person in people:
        if question[person.start : person.end].lower().startswith(("the ", "a ", "an ")):
            continue
        before = [token for token in tokens if token.end <= person.start]
        if before and is_title_word(question[before[-1].start : before[-1].end]):
            gap = question[before[-1].end : person.start]
            if not gap.strip(" ."):
                spans.append((before[-1].start, before[-1].end))
    return spans


def as_written(
    question: str, tokens: Sequence[Token], people: Sequence[NamedPerson], analyser: Analyser
) -> list[Token]:
    """`tokens` with the words of a person's name typed without its accents as the name is
    written, each its first term; spans are kept (they are the typed words'). The tokens as
    given where no name with accents is named."""
    accented = [p for p in people if not p.name.isascii()]
    if not accented:
        return list(tokens)
    out: list[Token] = []
    for token in tokens:
        person = next((p for p in accented if p.start <= token.start < p.end), None)
        if person is not None:
            typed = phrase(question[token.start : token.end])
            written = [
                term
                for word in person.name.split()
                if phrase(word) == typed
                for term in analyser.terms(word)
            ]
            if written:
                token = Token(written[0], token.start, token.end)
        out.append(token)
    return out
