"""Names and titles written in capitals, as they are written in mixed case ("OKONKWO-HALE")."""

from __future__ import annotations

import re

from bot.engine.formats.extracted import clean_field
from bot.engine.text import STOP_WORDS

# Letters after a name that stay in capitals ("Ms Hale KC").
POST_NOMINALS = frozenset("kc qc sc mp msp mla td cbe obe mbe jp qpm frs".split())
HONORIFICS = frozenset("mr mrs ms miss mx dr sir dame lord lady prof professor".split())
# A run of letters: each is capitalised on its own, so both parts of a hyphenated or an
# apostrophised name are ("OKONKWO-HALE" -> "Okonkwo-Hale", "O'BRIEN" -> "O'Brien").
_LETTERS = re.compile(r"[^\W\d_]+")
# "Mc" before a surname keeps its capital after it ("MCDONALD", "McDONALD" -> "McDonald"); "Mac"
# does not (Mack, Mace and Machin are names too).
_MC = re.compile(r"(?i)^mc(?=[^\W\d_]{2})")


def in_capitals(name: str) -> bool:
    """Whether a name is written in capitals, a "Mc" before a surname aside ("TOM McDONALD")."""
    return " ".join(_MC.sub("", word) for word in name.split()).isupper()


def name_case(name: str) -> str:
    """A name as written in a label or a heading, in capitals or not, as a name is written:
    "MS HALE KC" -> "Ms Hale KC", "MR DAVID O'NEILL" -> "Mr David O'Neill", "ELIN
    VASQUEZ-MOORE" -> "Elin Vasquez-Moore", "TOM McDONALD" -> "Tom McDonald"; a name with no
    word in capitals as written."""
    words = (clean_field(name) or name).rstrip(":,").split()
    if not any(_MC.sub("", word).isupper() and len(word) > 1 for word in words):
        return " ".join(words)
    out: list[str] = []
    for word in words:
        bare = word.strip(".").casefold()
        if bare in POST_NOMINALS and out and out[-1].casefold().strip(".") not in HONORIFICS:
            out.append(word.upper())
        else:
            out.append(f"Mc{capitalised(word[2:])}" if _MC.match(word) else capitalised(word))
    return " ".join(out)


def capitalised(word: str) -> str:
    """Each run of letters in `word` with a capital and the rest small ("vasquez-moore" ->
    "Vasquez-Moore")."""
    return _LETTERS.sub(lambda m: m.group(0).capitalize(), word.lower())


def title_case(line: str) -> str:
    """A head line in capitals as a title ("THE KESTRELMOUTH FLOOD DEFENCES INQUIRY" -> "The
    Kestrelmouth Flood Defences Inquiry"): small words small, initials ("UK", "NHS") kept;
    a line not in capitals as written."""
    line = clean_field(line) or line
    if not line.isupper():
        return line
    words = []
    for index, word in enumerate(line.split()):
        folded = word.casefold()
        letters = re.sub(r"[^a-z]", "", folded)
        if index and folded in STOP_WORDS and len(folded) <= 4:
            words.append(folded)
        elif letters and (
            not re.search(r"[aeiou]", letters) or (len(letters) == 2 and folded not in STOP_WORDS)
        ):
            words.append(word)  # initials: "UK", "NHS", "HS2"
        else:
            words.append(capitalised(folded))
    return " ".join(words)
