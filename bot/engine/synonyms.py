"""A small thesaurus of the words people use when they argue about policy.

Questions often use a word the article does not ("spying" where the text says "espionage").
When a question word occurs in no passage at all, its group here stands in for it. Only unseen
words are expanded, so a word the corpus does use is never diluted by its neighbours.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.engine.text import Analyser

# One group a line: words that stand for each other in a question. Keep groups tight: a loose
# group turns a question the corpus cannot answer into a quote of something unrelated.
GROUPS = """
spy spying spies espionage surveillance wiretap wiretapping eavesdropping snooping
reasoning logic rationale
lie lies lying falsehood disinformation misinformation untrue false fake
steal stealing stole theft stolen
accuse accusation allege allegation slander smear attack charge
threat danger risk hazard menace
ban prohibit prohibition forbid outlaw bar
cooperation cooperate collaboration collaborate partnership
confrontation conflict hostility antagonism
decouple decoupling separate separation disentangle
car cars automobile automobiles vehicle vehicles motorist motorists driver drivers
phone phones smartphone smartphones mobile mobiles cellphone handset
shop shops store stores retailer retailers trader traders shopkeeper shopkeepers
customer customers shopper shoppers client clients
cost costs price expense expenses spend spending budget
money funding funds finance cash
upkeep maintenance maintain maintaining maintained repair repairs repairing
revenue revenues sales turnover takings income earnings
pupil pupils student students child children kid kids teenager teenagers
teacher teachers staff educator educators
grade grades result results attainment exam exams scores
bullying bully harassment abuse
attention concentration focus distraction distracted
pollution polluted emissions smog fumes
flood flooding floods flooded
delivery deliveries courier couriers van vans lorry lorries freight
bicycle bicycles bike bikes cycling cyclist cyclists
bus buses tram trams transit transport
law laws legislation rule rules regulation regulations
vote votes voted ballot referendum
poll polls survey surveys questionnaire
expert experts specialist specialists researcher researchers scientist scientists
newspaper newspapers paper press daily
country countries nation nations state states
america american americans us usa washington
china chinese beijing
europe european europeans eu
britain british uk england
germany german germans
backdoor backdoors vulnerability vulnerabilities loophole
poison poisonous toxic
wine alcohol
mentality mindset attitude
diplomat diplomats ambassador envoy
traffic vehicle vehicles cars
shortcut shortcuts through-traffic rat-run
breathe breathing breathes inhale inhaling air
merchant merchants trader traders shopkeeper shopkeepers
firm firms company companies business businesses
scheme schemes plan plans proposal proposals
consult consulted consultation asking asked
global worldwide international
initiative initiatives effort efforts
wireless 5g mobile-network
safer safe security secure
hounding hound witch-hunt persecution
frenzy hype sensation
press media
gamble gambling gambler slot casino
mock mocks ridicule
analogy comparison parallel
outlying outskirts edge
""".strip().splitlines()


def build_thesaurus(
    analyser: Analyser, groups: Iterable[str] = GROUPS
) -> dict[str, frozenset[str]]:
    """Stem -> the stems of every word grouped with it (the stem itself left out)."""
    thesaurus: dict[str, set[str]] = {}
    for line in groups:
        stems = {stem for word in line.split() for stem in analyser.terms(word)}
        for stem in stems:
            thesaurus.setdefault(stem, set()).update(stems - {stem})
    return {stem: frozenset(others) for stem, others in thesaurus.items()}
