"""Duplicate-detection corpora with ground truth: news-like articles and syndicated copies.

    python bench/dupe_corpus.py OUT_FOLDER --articles 20000 --seed 1   # write OUT_FOLDER/articles/*.txt + truth.json
    python bench/dupe_corpus.py --stats --articles 3000                 # print overlap statistics

Articles are composed sentence by sentence from many small slots (people made of
first and last names, roles, places, organisations, companies, numbers, verbs,
objects, time and reason adjuncts, quotes assembled from fragments), so two
unrelated articles share little more than stock phrases ("did not immediately
respond to a request for comment"). Every article belongs to a *story* (topic,
people, places, organisation); some stories get several independently written
articles ("same-story" articles): they share entities and topic words but no
copied text, and are NOT duplicates.

About 35% of the articles belong to a duplicate cluster: an original plus 1–5
syndicated copies (clusters of 2–6 articles). Each copy is derived from the
original with a random mix of the edits syndication makes (see ``EDITS``), and
the edits are recorded, so a benchmark can break its misses down by edit type.
Ground truth is every pair inside a cluster.

Everything is deterministic by seed; each story, article and copy has its own
seeded RNG, so output does not depend on the order of generation.

A file is: headline line, blank line, optional metadata lines, blank line, body
(paragraphs separated by blank lines; the first may open with a dateline).
``write_corpus(folder, n, seed)`` writes ``folder/articles/article-NNNNNN.txt`` (index
order = sorted name order) and ``folder/truth.json``: ``files``, ``pairs`` (index
pairs i < j) and per article its ``role`` (original, copy, single, same_story),
``story``, ``cluster`` and the ``edits`` a copy got.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

# --- vocabulary ---------------------------------------------------------------------------

FIRST_NAMES = """
Anna Maria Elena Sofia Laura Julia Clara Ines Marta Irina Olga Natalia Yuki Mei Priya Aisha Fatima Amina Grace
Ruth Sarah Rachel Hannah Emma Chloe Lucia Paula Carmen Isabel Beatriz Ingrid Astrid Freya Nadia Leila Zainab
Chiara Giulia Agnieszka Katarzyna Eva Petra Jana Ilse Margit Helen Joanna Kerstin Sanne Femke Noura Dina Mariam
James John Robert Michael David William Richard Thomas Daniel Paul Mark Peter Andrew Simon Martin Stefan Jan
Lukas Jonas Pierre Jean Luc Antoine Marco Luca Giorgio Pablo Javier Diego Carlos Miguel Rafael Tiago Joao Ivan
Dmitry Alexei Sergei Andrei Pavel Oleg Viktor Tomasz Piotr Marek Karel Lars Erik Nils Henrik Ahmed Omar Yusuf
Hassan Ali Karim Tariq Rahul Arjun Vikram Sanjay Kenji Hiroshi Takeshi Wei Jun Chen Min-jun Ji-hoon Kwame Kofi
Chinedu Emeka Tunde Samuel Joseph Moses Bongani Thabo Sipho Mehmet Emre Burak Nikos Yannis Dimitri Felipe Mateo
""".split()
LAST_NAMES = """
Keller Fischer Weber Wagner Becker Hoffmann Richter Schulz Braun Vogel Dubois Laurent Moreau Girard Bonnet
Rousseau Lefevre Mercier Garnier Faure Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco
Garcia Martinez Lopez Sanchez Romero Navarro Torres Ramirez Moreno Ortega Silva Santos Oliveira Pereira Costa
Almeida Carvalho Ivanov Petrov Smirnov Volkov Sokolov Kuznetsov Popov Morozov Novak Kowalski Nowak Wisniewski
Horvat Dvorak Svoboda Andersson Johansson Lindqvist Nilsson Berg Hansen Larsen Jensen Nielsen Virtanen Korhonen
Murphy Walsh Byrne Kelly Brennan Thompson Harris Clarke Mitchell Turner Parker Collins Edwards Stewart Morgan
Bennett Hughes Foster Reed Coleman Jenkins Powell Patterson Fletcher Hartley Ashworth Okafor Adeyemi Mensah
Boateng Mwangi Otieno Ndlovu Dlamini Naidoo Haddad Khoury Mansour Saleh Rahman Hussain Qureshi Sharma Patel
Gupta Iyer Reddy Nair Tanaka Suzuki Watanabe Yamamoto Nakamura Kobayashi Wang Zhang Liu Huang Kim Park Lee
Nguyen Tran Santoso Wijaya Reyes Cruz Yilmaz Demir Kaya Papadopoulos Georgiou Nikolaidis Dijkstra Jongman
Bakker Visser Peeters Janssens Lambert Fontaine Castillo Herrera Mendoza Vargas Rojas Aguilar
""".split()

# (country, adjective, cities); the first city is the capital.
COUNTRIES = [
    ("Russia", "Russian", ["Moscow", "St Petersburg", "Kazan", "Novosibirsk"]),
    ("Germany", "German", ["Berlin", "Frankfurt", "Hamburg", "Munich", "Cologne"]),
    ("France", "French", ["Paris", "Lyon", "Marseille", "Toulouse", "Lille"]),
    ("Britain", "British", ["London", "Manchester", "Birmingham", "Glasgow", "Leeds"]),
    ("the United States", "U.S.", ["Washington", "New York", "Chicago", "Houston", "Atlanta"]),
    ("China", "Chinese", ["Beijing", "Shanghai", "Shenzhen", "Wuhan", "Chengdu"]),
    ("India", "Indian", ["New Delhi", "Mumbai", "Bengaluru", "Chennai", "Kolkata"]),
    ("Japan", "Japanese", ["Tokyo", "Osaka", "Nagoya", "Fukuoka", "Sapporo"]),
    ("Brazil", "Brazilian", ["Brasilia", "Sao Paulo", "Rio de Janeiro", "Recife", "Porto Alegre"]),
    ("South Africa", "South African", ["Pretoria", "Johannesburg", "Cape Town", "Durban"]),
    ("Nigeria", "Nigerian", ["Abuja", "Lagos", "Kano", "Port Harcourt", "Ibadan"]),
    ("Kenya", "Kenyan", ["Nairobi", "Mombasa", "Kisumu", "Nakuru"]),
    ("Egypt", "Egyptian", ["Cairo", "Alexandria", "Giza", "Aswan"]),
    ("Turkey", "Turkish", ["Ankara", "Istanbul", "Izmir", "Bursa"]),
    ("Spain", "Spanish", ["Madrid", "Barcelona", "Valencia", "Seville", "Bilbao"]),
    ("Italy", "Italian", ["Rome", "Milan", "Naples", "Turin", "Genoa"]),
    ("Poland", "Polish", ["Warsaw", "Krakow", "Gdansk", "Wroclaw", "Poznan"]),
    ("the Netherlands", "Dutch", ["Amsterdam", "The Hague", "Rotterdam", "Utrecht"]),
    ("Belgium", "Belgian", ["Brussels", "Antwerp", "Ghent", "Liege"]),
    ("Sweden", "Swedish", ["Stockholm", "Gothenburg", "Malmo", "Uppsala"]),
    ("Australia", "Australian", ["Canberra", "Sydney", "Melbourne", "Brisbane", "Perth"]),
    ("Canada", "Canadian", ["Ottawa", "Toronto", "Montreal", "Vancouver", "Calgary"]),
    ("Mexico", "Mexican", ["Mexico City", "Guadalajara", "Monterrey", "Puebla"]),
    ("Argentina", "Argentine", ["Buenos Aires", "Cordoba", "Rosario", "Mendoza"]),
    ("Indonesia", "Indonesian", ["Jakarta", "Surabaya", "Bandung", "Medan"]),
    ("the Philippines", "Philippine", ["Manila", "Cebu", "Davao", "Quezon City"]),
    ("South Korea", "South Korean", ["Seoul", "Busan", "Incheon", "Daegu"]),
    ("Pakistan", "Pakistani", ["Islamabad", "Karachi", "Lahore", "Peshawar"]),
    ("Saudi Arabia", "Saudi", ["Riyadh", "Jeddah", "Dammam"]),
    ("Ukraine", "Ukrainian", ["Kyiv", "Kharkiv", "Odesa", "Lviv", "Dnipro"]),
    ("Greece", "Greek", ["Athens", "Thessaloniki", "Patras", "Heraklion"]),
    ("Portugal", "Portuguese", ["Lisbon", "Porto", "Coimbra", "Braga"]),
    ("Vietnam", "Vietnamese", ["Hanoi", "Ho Chi Minh City", "Da Nang", "Haiphong"]),
    ("Thailand", "Thai", ["Bangkok", "Chiang Mai", "Phuket", "Pattaya"]),
    ("Chile", "Chilean", ["Santiago", "Valparaiso", "Concepcion", "Antofagasta"]),
    ("Colombia", "Colombian", ["Bogota", "Medellin", "Cali", "Barranquilla"]),
    ("Ghana", "Ghanaian", ["Accra", "Kumasi", "Tamale", "Takoradi"]),
    ("Morocco", "Moroccan", ["Rabat", "Casablanca", "Marrakesh", "Tangier", "Fez"]),
    ("Norway", "Norwegian", ["Oslo", "Bergen", "Trondheim", "Stavanger"]),
    ("Austria", "Austrian", ["Vienna", "Graz", "Linz", "Salzburg"]),
]
INTERNATIONAL_ORGS = [
    "the European Union", "the United Nations", "NATO", "the World Bank", "the International Monetary Fund",
    "the World Health Organization", "the African Union", "the World Trade Organization", "OPEC",
    "the European Commission", "the Red Cross", "the Organisation for Economic Co-operation and Development",
    "the Asian Development Bank", "the International Energy Agency", "the U.N. refugee agency",
]
DOMESTIC_BODIES = [
    "the finance ministry", "the central bank", "the health ministry", "the interior ministry", "parliament",
    "the foreign ministry", "the energy regulator", "the competition authority", "the electoral commission",
    "the labour ministry", "the transport ministry", "the supreme court", "the constitutional court",
    "the national statistics office", "the environment agency", "the defence ministry", "the trade ministry",
    "the upper house", "the ruling party", "the main opposition party", "the employers' federation",
    "the national farmers' union", "the teachers' union", "the chamber of commerce", "the audit office",
]
COMPANY_STEMS = """
Northgate Aldmere Vantor Helix Brightwater Corvan Meridian Stellarc Halden Orsino Kestrel Tarvik Luminar Quorra
Belmont Castellan Driftwood Everon Falkner Granvik Harrow Isenfeld Jorvik Kelso Lindqvist Marlow Norrland Ostara
Pellham Quantis Redfern Sarovar Talisker Umbra Valdera Westbrook Yarrow Zenith Ardent Bluestone Calder Dunmore
""".split()
COMPANY_KINDS = [
    "Holdings", "Group", "Energy", "Motors", "Pharmaceuticals", "Bank", "Airlines", "Steel", "Telecom", "Mining",
    "Logistics", "Foods", "Insurance", "Shipping", "Chemicals", "Retail", "Technologies", "Capital", "Railways",
]
OUTLETS = [
    "Reuters", "AP", "AFP", "dpa", "The Straits Times", "Daily Herald", "The Globe", "Evening Post", "Tribune",
    "The Courier", "Morning Ledger", "The Observer-Times", "Daily Sentinel", "Metro Express", "The National",
    "Business Daily", "The Independent Voice", "Coast Gazette", "Northern Echo", "The Chronicle",
]
AGENCIES = ["Reuters", "AP", "AFP", "dpa", "Xinhua", "Bloomberg", "UPI", "ANSA", "EFE", "Kyodo"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a dozen"]

# Verbs as (base, past, past participle).
GENERIC_VERBS = [
    ("review", "reviewed", "reviewed"), ("scrap", "scrapped", "scrapped"), ("extend", "extended", "extended"),
    ("postpone", "postponed", "postponed"), ("approve", "approved", "approved"), ("reject", "rejected", "rejected"),
    ("overhaul", "overhauled", "overhauled"), ("defend", "defended", "defended"), ("revive", "revived", "revived"),
    ("suspend", "suspended", "suspended"), ("delay", "delayed", "delayed"), ("expand", "expanded", "expanded"),
    ("rethink", "rethought", "rethought"), ("challenge", "challenged", "challenged"),
    ("back", "backed", "backed"), ("block", "blocked", "blocked"), ("renegotiate", "renegotiated", "renegotiated"),
]


@dataclass(frozen=True)
class Domain:
    name: str
    objects: list[str]
    verbs: list[tuple[str, str, str]]
    roles: list[str]  # title-case roles for the main people ("Finance Minister")
    groups: list[str]  # plural actors ("farmers")
    concerns: list[str]  # noun phrases: "rising prices"
    events: list[str]  # past clauses for background: "the currency lost a third of its value"
    facts: list[str]  # domain-specific body sentences with slots
    headline_nouns: list[str]


DOMAINS = [
    Domain(
        "economy",
        objects=[
            "interest rates", "the benchmark lending rate", "fuel subsidies", "the minimum wage",
            "public sector pay", "its growth forecast for {fyear}", "the budget deficit target",
            "import duties on {commodity}", "value-added tax on {goods}", "pension contributions",
            "the corporate tax rate", "a stimulus package worth {money}", "spending on {sector}",
            "the retirement age", "its bond-buying programme", "capital controls", "the fiscal rules",
            "a windfall tax on {industry} companies", "mortgage relief for first-time buyers",
            "the {adj_econ} spending plan", "tax breaks for {industry}", "the debt ceiling",
        ],
        verbs=[("raise", "raised", "raised"), ("cut", "cut", "cut"), ("freeze", "froze", "frozen"),
               ("lower", "lowered", "lowered"), ("phase out", "phased out", "phased out"),
               ("tighten", "tightened", "tightened"), ("loosen", "loosened", "loosened")],
        roles=["Finance Minister", "Economy Minister", "Prime Minister", "Treasury Secretary", "Budget Minister"],
        groups=["economists", "investors", "small businesses", "pensioners", "exporters", "bond traders",
                "households", "retailers", "manufacturers", "trade unions", "landlords", "farmers"],
        concerns=["slowing growth", "rising prices", "a weakening currency", "mounting public debt",
                  "a cooling housing market", "stubbornly high inflation", "falling exports",
                  "a widening trade deficit", "sluggish consumer spending", "record borrowing costs"],
        events=["the currency lost a third of its value", "inflation hit a {n}-year high",
                "the government was forced to seek an emergency loan from {intl}",
                "a banking crisis wiped out the savings of thousands of families",
                "rating agencies downgraded the country's debt", "the economy slipped into recession"],
        facts=[
            "{indicator} {moved} {pct} in {month} from a year earlier, according to {stats_source}.",
            "The economy grew {pct} in the {quarter} quarter, below the {pct2} forecast by economists polled by {agency}.",
            "{Country} spends about {money} a year on {sector}, or roughly {n} percent of its budget.",
            "Yields on {adj_country} {n}-year bonds {moved} to {pct} after the announcement.",
            "The {currency} {moved} {pct} against the dollar in {city} trading.",
            "Public debt stands at about {n} percent of economic output, one of the highest levels in the region.",
            "A survey of {bign} households by {stats_source} found that {n} percent expected prices to keep rising.",
        ],
        headline_nouns=["rates", "subsidies", "budget", "tax plan", "wage deal", "growth forecast", "spending"],
    ),
    Domain(
        "diplomacy",
        objects=[
            "sanctions on {country2}", "the peace plan", "a ceasefire in the border region",
            "the nuclear agreement", "a prisoner exchange with {country2}", "the visa waiver scheme",
            "diplomatic ties with {country2}", "the {n}-point peace proposal", "military aid to {country2}",
            "the arms control treaty", "a joint statement on {region_topic}", "the trade pact with {country2}",
            "the extradition request", "talks on {region_topic}", "a humanitarian corridor",
        ],
        verbs=[("lift", "lifted", "lifted"), ("impose", "imposed", "imposed"), ("sign", "signed", "signed"),
               ("restore", "restored", "restored"), ("sever", "severed", "severed"), ("endorse", "endorsed", "endorsed")],
        roles=["Foreign Minister", "President", "Prime Minister", "Defence Minister", "Ambassador"],
        groups=["diplomats", "Western governments", "human rights groups", "opposition lawmakers",
                "neighbouring states", "observers", "aid agencies", "military analysts"],
        concerns=["escalating tensions in the region", "fresh fighting near the border", "a humanitarian crisis",
                  "the risk of a wider conflict", "reports of troop build-ups", "a breakdown in communication"],
        events=["talks collapsed over the status of the disputed territory",
                "both sides expelled each other's diplomats", "a border clash killed {n} soldiers",
                "the previous ceasefire broke down within days", "{country2} recalled its ambassador"],
        facts=[
            "{Country} and {country2} have held {number_word} rounds of talks since {year} without a breakthrough.",
            "More than {bign} people have fled the fighting, according to {intl}.",
            "The two countries share a {n}-kilometre border that has been disputed since {year}.",
            "A senior diplomat in {city}, who asked not to be named, said the mood in the talks was {mood}.",
            "{Country} has deployed about {bign} troops to the region, according to Western estimates.",
            "The summit in {city} will be the first meeting of the two leaders in {n} years.",
        ],
        headline_nouns=["sanctions", "peace plan", "ceasefire", "talks", "treaty"],
    ),
    Domain(
        "politics",
        objects=[
            "the electoral reform bill", "a snap election", "the coalition agreement", "the anti-corruption law",
            "the constitutional amendment", "the budget vote", "a referendum on {region_topic}",
            "the new cabinet", "the media law", "the judicial reform", "term limits for the presidency",
            "the party leadership contest", "a confidence vote", "the citizenship bill", "postal voting rules",
        ],
        verbs=[("pass", "passed", "passed"), ("call", "called", "called"), ("win", "won", "won"),
               ("withdraw", "withdrew", "withdrawn"), ("amend", "amended", "amended"), ("force", "forced", "forced")],
        roles=["Prime Minister", "President", "opposition leader", "party chairman", "Speaker", "Interior Minister"],
        groups=["opposition lawmakers", "voters", "party members", "coalition partners", "civil society groups",
                "student activists", "regional governors", "backbenchers", "election monitors"],
        concerns=["a deepening political crisis", "falling approval ratings", "allegations of vote-buying",
                  "a split in the ruling coalition", "street protests", "a row over campaign funding"],
        events=["the last government collapsed after only {n} months",
                "mass protests forced the previous cabinet to resign",
                "the ruling party lost its majority in parliament", "a corruption scandal engulfed the cabinet",
                "the courts annulled the result of the regional vote"],
        facts=[
            "The ruling coalition holds {n} of the {bign2} seats in parliament.",
            "An opinion poll published by {outlet} on {day} put support for the government at {n} percent.",
            "Turnout in the last election was {n} percent, the lowest since {year}.",
            "{Surname2}'s party has gained {n} points in the polls since {month}.",
            "The bill needs a two-thirds majority to pass the upper house.",
            "Parliament is due to hold a final vote on the measure on {day}.",
        ],
        headline_nouns=["reform", "election", "coalition", "vote", "cabinet"],
    ),
    Domain(
        "business",
        objects=[
            "its stake in {company2}", "the takeover of {company2}", "plans to build a plant in {city}",
            "{bign} jobs", "its dividend", "the merger with {company2}", "a share buyback worth {money}",
            "its full-year profit forecast", "production at the {city} factory", "the sale of its {unit} unit",
            "prices for {goods}", "its expansion into {country2}", "a bond issue worth {money}",
            "investment in {sector}", "its headquarters in {city}",
        ],
        verbs=[("sell", "sold", "sold"), ("buy", "bought", "bought"), ("cut", "cut", "cut"),
               ("announce", "announced", "announced"), ("raise", "raised", "raised"), ("close", "closed", "closed")],
        roles=["chief executive", "chairman", "chief financial officer", "founder", "managing director"],
        groups=["shareholders", "analysts", "employees", "suppliers", "customers", "regulators", "rivals",
                "pension funds", "activist investors", "creditors"],
        concerns=["weak demand in {country2}", "rising input costs", "a shortage of {component}",
                  "pressure from activist investors", "a costly product recall", "tougher competition"],
        events=["the company reported its first annual loss in {n} years", "a failed merger cost it {money}",
                "its former chief executive resigned over an accounting scandal",
                "a fire shut its largest plant for {n} weeks", "it was spun off from {company2}"],
        facts=[
            "Shares in {company} {moved} {pct} to {price} in {city} trading.",
            "{Company} employs about {bign} people worldwide, {n} percent of them in {country}.",
            "Net profit {moved} to {money} in the {quarter} quarter, on revenue of {money2}.",
            "The deal values {company2} at about {money}, including debt.",
            "Analysts at {bank} said the figures were {mood} and kept their rating on the stock unchanged.",
            "{Company} is due to report full-year results on {day_date}.",
        ],
        headline_nouns=["takeover", "jobs", "profit", "merger", "plant"],
    ),
    Domain(
        "labour",
        objects=[
            "the strike", "a pay rise of {n} percent", "the new shift system", "the pay offer",
            "the pension reform", "overtime rules", "the collective agreement", "plans to close {n} depots",
            "the walkout at {company}", "a four-day working week", "the hiring freeze", "the union's demands",
        ],
        verbs=[("call off", "called off", "called off"), ("accept", "accepted", "accepted"),
               ("end", "ended", "ended"), ("resume", "resumed", "resumed"), ("improve", "improved", "improved")],
        roles=["Labour Minister", "union leader", "general secretary", "Transport Minister", "Employment Minister"],
        groups=["rail workers", "nurses", "teachers", "dock workers", "bus drivers", "miners", "airport staff",
                "postal workers", "steelworkers", "junior doctors", "refuse collectors", "commuters"],
        concerns=["a cost-of-living squeeze", "staff shortages", "stalled wage talks", "disruption for travellers",
                  "the threat of further walkouts", "cuts to overtime pay"],
        events=["a {n}-day strike paralysed the rail network", "the last pay deal expired in {month}",
                "the union's members rejected a previous offer by a large margin",
                "thousands of jobs were lost when the plant closed"],
        facts=[
            "About {bign} {group} took part in the walkout, according to the union.",
            "The strike cost the economy an estimated {money} a day, according to {bank}.",
            "{n} percent of members voted in favour of industrial action on a turnout of {n2} percent.",
            "Management has offered a {pct} increase spread over {number_word} years.",
            "Services in {city} ran at about {n} percent of normal levels on {day}.",
        ],
        headline_nouns=["strike", "pay deal", "walkout", "union talks", "pension plan"],
    ),
    Domain(
        "energy",
        objects=[
            "the {city} pipeline", "oil output", "gas exports to {country2}", "the nuclear plant in {city}",
            "coal imports", "the offshore wind project", "electricity tariffs", "the fuel price cap",
            "drilling licences in the {sea}", "the grid upgrade", "a new refinery in {city}",
            "the gas storage targets", "subsidies for solar panels", "the LNG terminal",
        ],
        verbs=[("increase", "increased", "increased"), ("halt", "halted", "halted"), ("curb", "curbed", "curbed"),
               ("build", "built", "built"), ("shut", "shut", "shut"), ("restart", "restarted", "restarted")],
        roles=["Energy Minister", "Oil Minister", "chief executive", "Climate Minister", "Industry Minister"],
        groups=["energy traders", "households", "industrial firms", "environmental groups", "grid operators",
                "oil producers", "consumer groups", "utilities"],
        concerns=["a winter supply crunch", "soaring gas prices", "power cuts", "falling reserves",
                  "delays to the project", "an outage at a major refinery"],
        events=["a cold winter drained gas reserves", "an explosion damaged the pipeline",
                "the regulator ordered the plant shut for safety checks", "oil prices collapsed"],
        facts=[
            "Benchmark crude {moved} {pct} to {price} a barrel on {day}.",
            "{Country} produces about {n} million barrels of oil a day.",
            "Gas storage sites are {n} percent full, compared with {n2} percent a year ago.",
            "The project is expected to cost {money} and to supply power to {bign} homes.",
            "Wholesale electricity prices have {moved_pp} {n} percent since {month}.",
        ],
        headline_nouns=["pipeline", "oil output", "gas supplies", "power prices", "nuclear plant"],
    ),
    Domain(
        "disaster",
        objects=[
            "the evacuation of {town}", "emergency aid", "the search for survivors", "the relief effort",
            "a state of emergency", "reconstruction funds", "flood defences", "the dam inspection",
            "shelter for displaced families", "the rescue operation", "the damage assessment",
        ],
        verbs=[("order", "ordered", "ordered"), ("declare", "declared", "declared"), ("step up", "stepped up", "stepped up"),
               ("fund", "funded", "funded"), ("coordinate", "coordinated", "coordinated")],
        roles=["Interior Minister", "regional governor", "fire chief", "Emergency Minister", "mayor"],
        groups=["rescue workers", "residents", "volunteers", "firefighters", "soldiers", "aid workers",
                "survivors", "farmers", "local officials"],
        concerns=["more heavy rain", "the risk of landslides", "strong winds", "aftershocks",
                  "shortages of clean water", "the spread of disease in the camps"],
        events=["floods killed {n} people in the same region", "an earthquake destroyed much of the old town",
                "the river burst its banks twice in one summer", "wildfires burned {bign} hectares"],
        facts=[
            "At least {n} people were killed and {n2} injured, according to {source_official}.",
            "Rescue teams were still searching for {n} people missing in {town}.",
            "The {disaster} destroyed about {bign} homes and cut power to {bign2} households.",
            "Meteorologists forecast up to {n} millimetres of rain over the next {number_word} days.",
            "Roads into {town} remained closed on {day}, and {bign} people were staying in temporary shelters.",
        ],
        headline_nouns=["floods", "earthquake", "wildfire", "storm", "landslide"],
    ),
    Domain(
        "health",
        objects=[
            "the vaccination campaign", "hospital funding", "the smoking ban", "the sugar tax",
            "restrictions on gatherings", "the screening programme", "drug prices", "waiting times for {treatment}",
            "the outbreak response", "a new {disease} vaccine", "rules for private clinics", "the organ donation law",
        ],
        verbs=[("expand", "expanded", "expanded"), ("tighten", "tightened", "tightened"), ("ease", "eased", "eased"),
               ("introduce", "introduced", "introduced"), ("fund", "funded", "funded")],
        roles=["Health Minister", "chief medical officer", "Health Secretary", "hospital director"],
        groups=["doctors", "nurses", "patients", "pharmacists", "hospital managers", "health experts",
                "parents", "care homes", "medical students"],
        concerns=["a rise in {disease} cases", "long waiting lists", "a shortage of beds",
                  "staff burnout", "drug shortages", "overcrowded emergency wards"],
        events=["an outbreak of {disease} killed {n} people", "the health service ran out of {drug}",
                "a scandal over unsafe implants shook public trust"],
        facts=[
            "Health officials recorded {bign} new cases of {disease} in the week to {day}.",
            "About {n} percent of adults have received at least one dose, according to {stats_source}.",
            "Hospitals in {city} were operating at {n} percent of capacity, officials said.",
            "The average wait for {treatment} has risen to {n} weeks, from {n2} weeks in {year}.",
            "{intl} has urged countries to share data on {disease} more quickly.",
        ],
        headline_nouns=["vaccine", "hospitals", "outbreak", "drug prices", "health reform"],
    ),
    Domain(
        "justice",
        objects=[
            "the fraud charges", "the appeal", "the extradition of {surname3}", "the corruption inquiry",
            "the verdict", "the sentence", "the ban on the protest group", "the bail application",
            "the investigation into {company}", "the new surveillance powers", "the case against {surname3}",
        ],
        verbs=[("drop", "dropped", "dropped"), ("uphold", "upheld", "upheld"), ("overturn", "overturned", "overturned"),
               ("reopen", "reopened", "reopened"), ("dismiss", "dismissed", "dismissed")],
        roles=["Justice Minister", "chief prosecutor", "Attorney General", "police chief", "judge"],
        groups=["prosecutors", "defence lawyers", "rights groups", "victims' families", "police officers",
                "investigators", "jurors", "civil liberties campaigners"],
        concerns=["delays in the courts", "claims of political interference", "a backlog of cases",
                  "allegations of police misconduct", "fears for the independence of the judiciary"],
        events=["a similar case collapsed on a technicality", "{surname3} was arrested at {city} airport",
                "investigators raided {number_word} offices of {company}"],
        facts=[
            "{Surname3} denies all the charges and faces up to {n} years in prison if convicted.",
            "The trial in {city} is expected to last {number_word} months and hear from {n} witnesses.",
            "Prosecutors say {money} was diverted through a network of shell companies.",
            "The court will deliver its ruling on {day_date}.",
            "A lawyer for {surname3} said the defence would appeal to the {court}.",
        ],
        headline_nouns=["trial", "court ruling", "fraud case", "appeal", "inquiry"],
    ),
    Domain(
        "environment",
        objects=[
            "the emissions target for {fyear}", "the ban on petrol cars", "the carbon tax", "logging permits",
            "plastic packaging rules", "the coal phase-out", "protection for the {river} wetlands",
            "water restrictions in {city}", "the national park extension", "fishing quotas", "the methane pledge",
        ],
        verbs=[("adopt", "adopted", "adopted"), ("weaken", "weakened", "weakened"), ("strengthen", "strengthened", "strengthened"),
               ("enforce", "enforced", "enforced"), ("bring forward", "brought forward", "brought forward")],
        roles=["Environment Minister", "Climate Minister", "Agriculture Minister", "mayor"],
        groups=["climate activists", "farmers", "fishermen", "carmakers", "scientists", "conservation groups",
                "coastal communities", "industry lobbyists"],
        concerns=["record temperatures", "a prolonged drought", "rising sea levels", "air pollution in {city}",
                  "the loss of forest cover", "declining fish stocks"],
        events=["the country missed its last emissions target", "a heatwave set a national temperature record",
                "the river dried up for the first time in {n} years"],
        facts=[
            "Emissions fell {pct} last year, according to {stats_source}, but remain above the target.",
            "Forest cover in the region has shrunk by {n} percent since {year}.",
            "The plan would cost about {money} over {number_word} years.",
            "Scientists say average temperatures in {country} have risen by {temp} since pre-industrial times.",
            "Air pollution in {city} exceeded safe limits on {n} days last year.",
        ],
        headline_nouns=["emissions", "climate plan", "carbon tax", "drought", "pollution"],
    ),
]

FILLERS = {
    "commodity": ["steel", "aluminium", "soybeans", "rice", "solar panels", "electric vehicles", "wheat",
                  "copper", "timber", "dairy products", "sugar", "fertiliser", "semiconductors", "textiles"],
    "goods": ["fuel", "food", "medicines", "electricity", "cigarettes", "alcohol", "new cars", "school books",
              "household energy", "air tickets", "mobile phone services"],
    "sector": ["defence", "education", "public transport", "healthcare", "housing", "roads", "research",
               "broadband", "social care", "policing", "renewable energy", "water infrastructure"],
    "industry": ["energy", "banking", "mining", "tobacco", "shipping", "tech", "gambling", "property"],
    "adj_econ": ["emergency", "two-year", "revised", "medium-term", "post-election", "long-delayed"],
    "unit": ["consumer lending", "cloud", "trucks", "pharmacy", "aircraft leasing", "insurance", "fibre network"],
    "component": ["computer chips", "batteries", "skilled engineers", "raw materials", "shipping containers"],
    "region_topic": ["the disputed islands", "regional security", "migration", "water rights on the river",
                     "the future of the enclave", "maritime borders", "autonomy for the north"],
    "mood": ["tense", "cautiously positive", "better than expected", "disappointing", "constructive", "gloomy"],
    "disaster": ["flooding", "earthquake", "storm", "landslide", "cyclone", "wildfire"],
    "disease": ["measles", "cholera", "dengue", "influenza", "tuberculosis", "mpox", "hepatitis"],
    "drug": ["insulin", "antibiotics", "painkillers", "vaccines", "cancer drugs"],
    "treatment": ["hip operations", "cancer treatment", "mental health services", "cataract surgery", "scans"],
    "court": ["supreme court", "constitutional court", "court of appeal", "European Court of Human Rights"],
    "sea": ["North Sea", "Arctic", "Black Sea", "Mediterranean", "Baltic", "South China Sea"],
    "river": ["river delta", "northern lakes", "coastal marsh", "upper valley"],
    "stats_source": ["the national statistics office", "official data", "central bank figures",
                     "preliminary government figures", "a survey by the chamber of commerce"],
    "quarter": ["first", "second", "third", "fourth"],
    "currency": ["rouble", "euro", "pound", "yen", "rupee", "real", "lira", "peso", "won", "rand", "zloty"],
    "moved": ["rose", "fell", "climbed", "dropped", "jumped", "slipped", "surged", "edged down", "edged up"],
    "moved_pp": ["risen", "fallen", "climbed", "dropped", "jumped", "slipped", "surged"],
    "source_official": ["the civil protection agency", "local officials", "the health ministry", "police",
                        "the regional governor's office", "state media"],
}

OTHER_PEOPLE = ["businessman", "former minister", "tycoon", "former mayor", "banker", "lawmaker",
                "activist", "former police chief", "property developer", "former executive"]
MODALS = [
    "plans to", "has agreed to", "is expected to", "voted to", "moved to", "is under pressure to", "has refused to",
    "is considering whether to", "has promised to", "will be asked to", "could be forced to", "is preparing to",
    "has threatened to", "wants to", "is unlikely to", "has pledged to", "hopes to", "is set to",
    "has decided not to", "was preparing to", "intends to", "has offered to", "is due to", "has been urged to",
]
REPORTED_MODALS = [
    "would", "could", "was ready to", "had no plans to", "might", "was prepared to", "intended to", "would not",
    "had agreed to", "was likely to", "would seek to", "was determined to", "would soon", "was in no hurry to",
]
MODIFIERS = [
    "", "", "", " by {pct}", " for {group}", " from {month}", " by the end of {fyear}", " before the {event_noun}",
    " within {number_word} weeks", " for at least {n} months", " at its next meeting", " after {adj_review} review",
    " as early as next week", " in the coming months", " ahead of {month}'s {event_noun}", " over the next {number_word} years",
]
EVENT_NOUNS = ["summit", "election", "budget", "vote", "deadline", "holiday season", "winter", "review", "talks"]
ADJ_REVIEW = ["a lengthy", "a year-long", "a court-ordered", "an independent", "an internal", "a parliamentary"]
TIMES = [
    "on {day}", "on {day}", "on {day}", "late on {day}", "early on {day}", "earlier this week", "last week",
    "on {day} evening", "this month", "in {month}", "on {day} morning", "over the weekend", "last month",
]
REPORTING = [
    "said {time}", "told reporters {time}", "told a news conference in {city} {time}", "said in a statement {time}",
    "wrote on social media {time}", "told lawmakers {time}", "told {outlet} {time}", "said in an interview {time}",
    "said {time} in {city}", "told a conference in {city} {time}", "said in a televised address {time}",
    "told state television {time}", "said at a briefing {time}",
]
REASONS = [
    "amid {concern}", "after {event_np}", "despite {opposition_np}", "following {event_np}", "as {concern} grows",
    "in response to {concern}", "under pressure from {group}", "to ease {concern}", "ahead of {month}'s {event_noun}",
]
EVENT_NP = [
    "weeks of protests in {city}", "a sharp rise in {indicator_lc}", "talks with {org}", "a meeting with {group}",
    "criticism from {group}", "a report by {org}", "the collapse of earlier talks", "a court ruling in {month}",
    "a visit by {surname2}", "a leaked memo", "a second day of talks in {city}", "an emergency cabinet meeting",
]
OPPOSITION_NP = [
    "objections from {group}", "warnings from {org}", "fierce opposition in parliament", "a legal challenge",
    "doubts among {group}", "resistance from {country2}", "a rebellion by backbenchers", "protests by {group}",
]
INDICATORS = ["Inflation", "Unemployment", "Industrial output", "Retail sales", "Consumer confidence",
              "Exports", "House prices", "Factory orders", "Wage growth", "Business investment"]

QUOTE_OPEN = [
    "", "", "", "We have made it clear that ", "Frankly, ", "Let me be clear: ", "At the end of the day, ",
    "The reality is that ", "Nobody should be surprised that ", "I can tell you that ", "Our position is simple: ",
    "For us, ", "Right now ", "As I said before, ", "Honestly, ", "In my view, ", "To be honest, ",
]
QUOTE_CORE = [
    "we are not going to {verb} {object} just because {group} want us to",
    "nobody in {city} wants to see {object} {verb_pp} overnight",
    "{object} is not up for negotiation",
    "we need to {verb} {object} {quickly}",
    "people are tired of {concern}",
    "there is still a lot of work to do on {object}",
    "this is about {value}, not about {thing}",
    "we will {verb} {object} if that is what it takes",
    "the door remains open for {group}",
    "{group} deserve better than {concern}",
    "we cannot ignore {concern} any longer",
    "this decision was not taken lightly",
    "{org} has given us no choice",
    "we expect {country2} to respect the agreement",
    "the numbers simply do not add up",
    "{surname2} knows exactly what needs to happen",
    "I have spoken to {group} in {city} and they are worried",
    "every week of delay costs {money}",
    "we see this {view}",
    "{object} will be {verb_pp} one way or another",
    "it is too early to say whether {object} will be {verb_pp}",
    "we welcome the decision, but it comes {lateness}",
    "what we are seeing in {city} is {judgement}",
]
QUOTE_CLOSE = [
    "", "", "", "", " and we will say so", " whatever happens next", " for the sake of {group}",
    " and everyone knows it", " at this stage", " in the long run", " - that is the bottom line",
    ", and I think most people understand that", " this year", " under any circumstances",
]
QUICKLY = ["quickly", "as soon as possible", "before the winter", "without delay", "this year", "step by step"]
VALUES = ["fairness", "the rule of law", "jobs", "our national security", "trust", "the next generation",
          "stability", "the safety of our citizens", "common sense"]
THINGS = ["politics", "party games", "headlines", "short-term gains", "personalities", "the polls"]
VIEWS = ["negatively", "as a positive first step", "as a serious mistake", "very differently",
         "as an opportunity", "as a provocation"]
LATENESS = ["far too late", "years too late", "at a very difficult time", "after too many broken promises"]
JUDGEMENTS = ["unacceptable", "a scandal", "deeply worrying", "a turning point", "only the beginning",
              "exactly what we warned about"]
REACTIONS_NEG = [
    "{Group} {neg_verb} the {plan_noun}, {neg_tail}.",
    "{Group} {neg_verb} the {plan_noun} {when_said}, {neg_tail}.",
    "The {plan_noun} drew {criticism} from {group}, {neg_tail}.",
    "Critics accused {surname} of {failing}.",
    "{Org_cap} said the {plan_noun} went {too_far}.",
]
REACTIONS_POS = [
    "{Group} {pos_verb} the {plan_noun}, {pos_tail}.",
    "{Org_cap} {pos_verb} the {plan_noun} {when_said}, {pos_tail}.",
    "Supporters of the {plan_noun} {pos_tail2}.",
]
NEG_VERBS = ["criticised", "condemned", "attacked", "denounced", "dismissed", "questioned", "rejected", "ridiculed"]
POS_VERBS = ["welcomed", "praised", "cautiously welcomed", "backed", "applauded", "endorsed", "hailed"]
PLAN_NOUNS = ["plan", "decision", "proposal", "move", "announcement", "measure", "deal", "U-turn", "offer"]
CRITICISM = ["sharp criticism", "immediate criticism", "a furious response", "scorn", "a cool reception"]
WHEN_SAID = ["on {day}", "within hours", "almost immediately", "in a joint letter", "at a rally in {city}",
             "in a statement", "on social media"]
NEG_TAILS = [
    "calling it {adj_bad}", "saying it would hurt {victims}", "and said they had not been consulted",
    "and vowed to challenge it {venue}", "warning of {concern}", "arguing that {object} should have been {verb_pp} long ago",
    "and urged {surname} to {verb} {object} instead", "saying it went {too_far}",
    "and threatened to take the matter {venue_to}", "accusing {surname} of {failing}",
]
POS_TAILS = [
    "saying it would {benefit}", "calling it {adj_good}", "but said more needed to be done on {concern}",
    "and pointed to similar measures in {country2}", "after pressing for months for {object} to be {verb_pp}",
    "while warning that {concern} had not gone away",
]
POS_TAILS2 = [
    "say it will {benefit}", "point to similar measures in {country2}", "argue it is {adj_good}",
    "say {object} should have been {verb_pp} years ago", "hope it will {benefit}",
]
ADJ_BAD = ["reckless", "a betrayal", "unworkable", "deeply unfair", "a disaster for the region", "illegal", "rushed"]
ADJ_GOOD = ["a step in the right direction", "long overdue", "a sensible compromise", "an important signal"]
VENUES = ["in the courts", "in parliament", "on the streets", "at the next election", "to the constitutional court"]
VICTIMS = ["ordinary families", "the poorest households", "small firms", "rural communities", "young people",
           "pensioners", "workers in the north", "local businesses"]
FAILINGS = ["dragging his feet", "caving in to pressure", "ignoring the evidence", "playing politics",
            "breaking an election promise", "acting too late"]
TOO_FAR = ["too far", "nowhere near far enough", "beyond what the law allows", "against the spirit of the deal"]
BENEFITS = ["protect jobs", "bring down costs for families", "restore confidence", "attract investment",
            "ease pressure on {sector}", "give {group} more certainty", "help the economy recover"]
CLOSERS = [
    "{Org_cap} did not immediately respond to a request for comment.",
    "A final decision is expected {when}.",
    "{Surname} is due to travel to {city} {when} for talks with {surname2}.",
    "Talks are scheduled to resume in {city} {when}.",
    "{Org_cap} will meet again on {day} to discuss the issue.",
    "The measure still needs the approval of {org}.",
    "It was not immediately clear when {object} would be {verb_pp}.",
    "{Surname}'s office declined to comment further.",
    "A spokesperson for {org} said more details would be published {when}.",
    "The next round of negotiations is expected {when}.",
]
WHENS = ["next week", "later this month", "in the coming days", "before the end of the year", "in {month}",
         "next {month}", "by {day}", "early next year", "within weeks"]

HEADLINE_TEMPLATES = [
    "{Surname} vows to {verb} {object}", "{Country_cap} moves to {verb} {object}",
    "{Country_cap} set to {verb} {object} amid {concern}", "{Surname} rejects calls to {verb} {object}",
    "{Org_cap} warns over {hnoun} as {concern} bites", "{Group_cap} protest in {city} over {hnoun}",
    "{Country_cap}'s {hnoun} under fire after {surname2} intervention", "{Surname} defends {hnoun} in {city}",
    "{Adj_country} {hnoun} plan faces fresh opposition", "Pressure mounts on {surname} over {hnoun}",
    "{Org_cap} signals it could {verb} {object}", "{Surname} and {surname2} clash over {hnoun}",
    "{Country_cap} and {country2} agree to {verb} {object}", "{Group_cap} fear {concern} as {hnoun} row deepens",
    "{Surname} under fire over plan to {verb} {object}", "What the {hnoun} decision means for {group}",
]

BOILERPLATE = [  # all on curator's boilerplate list
    "Advertisement", "SCROLL TO CONTINUE READING", "Share this article", "Story continues below advertisement",
    "Read more: {headline}", "Also read: {headline}", "Sign up for our newsletter", "Continue reading the main story",
    "Share on Facebook", "Share on Twitter", "Recommended for you", "ADVERTISEMENT", "Most read",
    "Skip advertisement", "Subscribe to our daily briefing", "Share this story", "Article continues below",
]
FURNITURE = [  # page furniture that is NOT on curator's boilerplate list
    "Related coverage", "Watch: {headline}", "Photo: {agency}/Getty Images", "Listen to this article",
    "Copyright {year} {outlet}. All rights reserved.", "(Reporting by {name}; Editing by {name2})",
    "(Additional reporting by {name} in {city}; writing by {name2}; editing by {name3})",
    "This article was first published by {outlet}.", "Image caption: {headline}",
]
SYNONYMS = {
    "said": ["stated", "added"], "told reporters": ["told journalists"], "percent": ["per cent"],
    "about": ["around", "roughly"], "expected": ["anticipated"], "plans": ["intends"], "talks": ["negotiations"],
    "government": ["administration"], "criticism": ["condemnation"], "warned": ["cautioned"],
    "rejected": ["dismissed"], "officials": ["authorities"], "companies": ["firms"], "company": ["firm"],
    "because": ["as"], "fell": ["declined"], "rose": ["increased"], "people": ["individuals"],
    "more than": ["over"], "according to": ["citing"], "however": ["but"], "decision": ["move"],
    "announced": ["unveiled"], "urged": ["called on"], "must": ["has to"], "plan": ["proposal"],
    "would": ["will"], "could": ["may"], "quickly": ["rapidly"], "said on": ["said"],
}
_SYNONYM_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)) + r")\b")

EDITS = (
    "abridged",      # keep the first 40-90% of the paragraphs
    "drop_middle",   # drop 1-3 paragraphs from the middle
    "swap",          # swap two paragraphs
    "boilerplate",   # insert lines on curator's boilerplate list ("Advertisement", ...)
    "furniture",     # insert page furniture NOT on that list (photo credits, "(Reporting by ...)", ...)
    "dateline",      # add, change or remove the dateline
    "headline",      # rewrite the headline
    "typos",         # swap, drop or double a character in 1-6 words
    "reword",        # reword one sentence (synonyms)
    "quotes",        # switch straight and curly quotes/apostrophes
    "metadata",      # add or change metadata lines ("date 2017-11-30", "Source: ...", "By ...")
    "rewrap",        # hard-wrap the paragraphs at 60-80 columns
)
EDIT_PROBABILITY = {
    "abridged": 0.35, "drop_middle": 0.2, "swap": 0.2, "boilerplate": 0.4, "furniture": 0.2, "dateline": 0.4,
    "headline": 0.5, "typos": 0.35, "reword": 0.3, "quotes": 0.3, "metadata": 0.4, "rewrap": 0.1,
}
DUPLICATE_SHARE = 0.35
ARTICLES_FOLDER = "articles"
SAME_STORY_SHARE = 0.25  # of the articles outside clusters, written about an existing story


# --- stories and articles -----------------------------------------------------------------


@dataclass
class Person:
    first: str
    last: str
    intro: str  # first mention: "German Finance Minister Anna Keller"

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Story:
    """What several independent articles may be about: the same people, place, organisation, topic."""

    domain: Domain
    country: str
    adjective: str
    city: str
    country2: str
    people: list[Person]
    org: str
    company: str
    company2: str
    objects: list[str]
    verb: tuple[str, str, str]
    year: int
    month: int
    day: int
    # What the main people said, word for word: every article on the story may quote it,
    # so independent articles on one story share these passages (and are still not copies).
    statements: list[str] = field(default_factory=list)

    @property
    def weekday(self) -> str:
        return DAYS[(self.year * 372 + self.month * 31 + self.day) % 7]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _make_story(rng: random.Random) -> Story:
    domain = rng.choice(DOMAINS)
    country, adjective, cities = rng.choice(COUNTRIES)
    country2 = rng.choice([c for c in COUNTRIES if c[0] != country])[0]
    company = f"{rng.choice(COMPANY_STEMS)} {rng.choice(COMPANY_KINDS)}"
    company2 = f"{rng.choice(COMPANY_STEMS)} {rng.choice(COMPANY_KINDS)}"
    city = rng.choice(cities)
    people = []
    roles = rng.sample(domain.roles, min(3, len(domain.roles)))
    surnames = rng.sample(LAST_NAMES, len(roles) + 1)  # distinct, so a bare surname is unambiguous
    for role, last in zip(roles, surnames):
        first = rng.choice(FIRST_NAMES)
        if role[0].isupper():
            intro = f"{adjective} {role} {first} {last}" if rng.random() < 0.6 else f"{role} {first} {last}"
        elif role in ("chief executive", "chairman", "chief financial officer", "founder", "managing director"):
            intro = f"{company} {role} {first} {last}"
        elif role == "mayor":
            intro = f"{city} mayor {first} {last}"
        else:
            intro = f"{role} {first} {last}"
        people.append(Person(first, last, intro))
    first, last = rng.choice(FIRST_NAMES), surnames[-1]
    people.append(Person(first, last, f"{rng.choice(OTHER_PEOPLE)} {first} {last}"))
    org = rng.choice(INTERNATIONAL_ORGS if rng.random() < 0.4 else DOMESTIC_BODIES)
    story = Story(domain, country, adjective, city, country2, people, org, company, company2, [], rng.choice(
        domain.verbs + GENERIC_VERBS[:6]), rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28))
    article = _Writer(rng, story)
    # People in an object ("the case against {surname3}") are named when the object is written.
    story.objects = [article.fill(rng.choice(domain.objects).replace("{surname3}", "<surname3>")) for _ in range(2)]
    cores = [core for core in QUOTE_CORE if "surname" not in core]
    story.statements = [
        _cap(article.fill(rng.choice(QUOTE_OPEN)) + article.fill(rng.choice(cores)) + ". "
             + _cap(article.fill(rng.choice(cores))) + article.fill(rng.choice(QUOTE_CLOSE)))
        for _ in range(rng.randint(1, 3))
    ]
    return story


_SLOT = re.compile(r"\{(\w+)\}")


class _Writer:
    """Fills templates for one article: story slots stay fixed, everything else is drawn fresh."""

    def __init__(self, rng: random.Random, story: Story):
        self.rng, self.story = rng, story
        self.introduced: set[str] = set()
        self.used: set[str] = set()

    # slots ---------------------------------------------------------------------------
    def person_ref(self, index: int) -> str:
        person = self.story.people[index % len(self.story.people)]
        if person.name not in self.introduced:
            self.introduced.add(person.name)
            return person.intro
        return person.last

    def slot(self, name: str) -> str:
        rng, story = self.rng, self.story
        domain = story.domain
        if name in FILLERS:
            return self.fill(rng.choice(FILLERS[name]))
        match name:
            case "surname" | "person":
                return self.person_ref(0)
            case "surname2":
                return self.person_ref(1)
            case "surname3":
                return self.person_ref(3)
            case "Surname" | "Surname2" | "Surname3":
                return _cap(self.slot(name.lower()))
            case "object":
                if rng.random() < 0.45:
                    chosen = rng.choice(story.objects)
                    return chosen.replace("<surname3>", self.slot("surname3")) if "<" in chosen else chosen
                return self.fill(rng.choice(domain.objects))
            case "verb":
                return story.verb[0] if rng.random() < 0.35 else rng.choice(domain.verbs + GENERIC_VERBS)[0]
            case "verb_pp":
                return story.verb[2] if rng.random() < 0.35 else rng.choice(domain.verbs + GENERIC_VERBS)[2]
            case "verb_past":
                return story.verb[1] if rng.random() < 0.35 else rng.choice(domain.verbs + GENERIC_VERBS)[1]
            case "country" | "Country" | "Country_cap":
                return _cap(story.country) if name != "country" else story.country
            case "country2":
                return story.country2 if rng.random() < 0.7 else rng.choice(COUNTRIES)[0]
            case "adj_country" | "Adj_country":
                return story.adjective
            case "city":
                return story.city if rng.random() < 0.5 else rng.choice(
                    next(c for c in COUNTRIES if c[0] == story.country)[2])
            case "town":
                return f"{rng.choice(['the town of', 'the village of', 'the district of', ''])} {rng.choice(LAST_NAMES)}{rng.choice(['ville', 'burg', 'ford', 'dale', 'ova', 'ino', 'stad', ''])}".strip()
            case "org":
                return story.org if rng.random() < 0.6 else rng.choice(DOMESTIC_BODIES + INTERNATIONAL_ORGS)
            case "Org_cap":
                return _cap(self.slot("org"))
            case "intl":
                return rng.choice(INTERNATIONAL_ORGS)
            case "company" | "Company":
                return story.company
            case "company2":
                return story.company2
            case "group":
                return rng.choice(domain.groups)
            case "Group" | "Group_cap":
                return _cap(rng.choice(domain.groups))
            case "concern":
                return self.fill(rng.choice(domain.concerns))
            case "concern_lc":
                return self.fill(rng.choice(domain.concerns))
            case "hnoun":
                return rng.choice(domain.headline_nouns)
            case "event_np":
                return self.fill(rng.choice(EVENT_NP))
            case "opposition_np":
                return self.fill(rng.choice(OPPOSITION_NP))
            case "indicator":
                return rng.choice(INDICATORS)
            case "indicator_lc":
                return rng.choice(INDICATORS).lower()
            case "event_noun":
                return rng.choice(EVENT_NOUNS)
            case "adj_review":
                return rng.choice(ADJ_REVIEW)
            case "time":
                return self.fill(rng.choice(TIMES))
            case "day":
                return story.weekday if rng.random() < 0.6 else rng.choice(DAYS)
            case "day_date":
                return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"
            case "month":
                return rng.choice(MONTHS)
            case "year":
                return str(story.year - rng.randint(1, 12))
            case "fyear":
                return str(story.year + rng.choice([1, 2, 3, 5, 10]))
            case "n" | "n2":
                return str(rng.choice([rng.randint(2, 30), rng.randint(2, 99)]))
            case "bign" | "bign2":
                return f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}" if rng.random() < 0.5 else str(rng.randint(120, 990))
            case "pct" | "pct2":
                return f"{rng.randint(0, 9)}.{rng.randint(1, 9)} percent"
            case "money" | "money2":
                unit = rng.choice(["billion", "million"])
                cur = rng.choice(["$", "€", "£"]) if rng.random() < 0.6 else ""
                value = f"{rng.randint(1, 950)}" if rng.random() < 0.6 else f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"
                return f"{cur}{value} {unit}" + ("" if cur else rng.choice([" dollars", " euros", " yuan"]))
            case "price":
                return f"{rng.randint(2, 300)}.{rng.randint(0, 99):02d}"
            case "temp":
                return f"{rng.randint(1, 2)}.{rng.randint(0, 9)} degrees Celsius"
            case "number_word":
                return rng.choice(NUMBER_WORDS)
            case "outlet":
                return rng.choice(OUTLETS)
            case "agency":
                return rng.choice(AGENCIES)
            case "bank":
                return f"{rng.choice(COMPANY_STEMS)} {rng.choice(['Capital', 'Securities', 'Bank', 'Research', 'Partners'])}"
            case "quickly":
                return rng.choice(QUICKLY)
            case "value":
                return rng.choice(VALUES)
            case "thing":
                return rng.choice(THINGS)
            case "view":
                return rng.choice(VIEWS)
            case "lateness":
                return rng.choice(LATENESS)
            case "judgement":
                return rng.choice(JUDGEMENTS)
            case "adj_bad":
                return rng.choice(ADJ_BAD)
            case "adj_good":
                return rng.choice(ADJ_GOOD)
            case "venue_to":
                return rng.choice(["to court", "to parliament", "to the ombudsman", "to the constitutional court"])
            case "venue":
                return rng.choice(VENUES)
            case "victims":
                return rng.choice(VICTIMS)
            case "failing":
                return rng.choice(FAILINGS)
            case "too_far":
                return rng.choice(TOO_FAR)
            case "neg_verb":
                return rng.choice(NEG_VERBS)
            case "pos_verb":
                return rng.choice(POS_VERBS)
            case "plan_noun":
                return rng.choice(PLAN_NOUNS)
            case "criticism":
                return rng.choice(CRITICISM)
            case "when_said":
                return self.fill(rng.choice(WHEN_SAID))
            case "neg_tail":
                return self.fill(rng.choice(NEG_TAILS))
            case "pos_tail":
                return self.fill(rng.choice(POS_TAILS))
            case "pos_tail2":
                return self.fill(rng.choice(POS_TAILS2))
            case "benefit":
                return self.fill(rng.choice(BENEFITS))
            case "when":
                return self.fill(rng.choice(WHENS))
            case "name" | "name2" | "name3":
                return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            case "headline":
                return _Writer(self.rng, _make_story(self.rng)).headline()
        raise KeyError(name)

    def fill(self, template: str) -> str:
        return _SLOT.sub(lambda m: self.slot(m.group(1)), template)

    # sentences -----------------------------------------------------------------------
    def subject(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            return self.person_ref(self.rng.choice([0, 0, 1, 2]))
        if r < 0.7:
            return self.slot("org")
        if r < 0.85:
            return f"the {self.story.adjective} government"
        return self.story.company if self.story.domain.name in ("business", "labour", "energy") else self.slot("org")

    def clause(self, reported: bool = False, speaker: str | None = None) -> str:
        rng = self.rng
        modal = rng.choice(REPORTED_MODALS if reported else MODALS)
        subject = self.subject()
        if subject == speaker or (speaker and subject.endswith(" " + speaker)):
            subject = "it" if speaker[:1].islower() else "the government"
        text = f"{subject} {modal} {self.slot('verb')} {self.slot('object')}{self.fill(rng.choice(MODIFIERS))}"
        if rng.random() < 0.4:
            text += " " + self.fill(rng.choice(REASONS))
        return text

    def reporting_sentence(self) -> str:
        rng = self.rng
        form = rng.random()
        if 0.45 <= form < 0.75:  # the clause comes first in the text, so it is written first
            clause = self.clause()
        if form < 0.75:
            speaker = self.person_ref(rng.choice([0, 0, 1, 2])) if rng.random() < 0.7 else self.slot("org")
            verb = self.fill(rng.choice(REPORTING))
        if form < 0.45:
            return f"{_cap(speaker)} {verb} that {self.clause(reported=True, speaker=speaker)}."
        if form < 0.75:
            return f"{_cap(clause)}, {speaker} {verb}."
        if form < 0.9:
            return f"According to {self.fill(rng.choice(['{org}', '{outlet}', 'people familiar with the matter', 'two officials', 'a draft seen by {outlet}', 'government sources']))}, {self.clause()}."
        org = self.slot("org")
        return f"In a statement, {org} said {self.clause(reported=True, speaker=org)}."

    def quote(self) -> str:
        rng = self.rng
        form = rng.random()
        if 0.5 <= form < 0.75:  # 'Keller said: "..."': the speaker comes first, so is named first
            speaker = self.person_ref(rng.choice([0, 0, 1, 2]))
        statements = [q for q in self.story.statements if q not in self.used]
        if statements and rng.random() < 0.4:
            text = rng.choice(statements)
            self.used.add(text)
        else:
            core = self.fill(rng.choice(QUOTE_CORE))
            text = _cap(self.fill(rng.choice(QUOTE_OPEN)) + core + self.fill(rng.choice(QUOTE_CLOSE)))
            if rng.random() < 0.3:
                text += ". " + _cap(self.fill(rng.choice(QUOTE_CORE)))
        if not 0.5 <= form < 0.75:
            speaker = self.person_ref(rng.choice([0, 0, 1, 2])) if rng.random() < 0.8 else "a spokesperson for " + self.slot("org")
        if form < 0.5:
            return f'"{text},"' f" {speaker} said{rng.choice(['', '', ' ' + self.slot('time'), ' in ' + self.slot('city')])}."
        if form < 0.75:
            return f'{_cap(speaker)} {rng.choice(["said", "added", "told reporters", "insisted", "warned"])}: "{text}."'
        return f'"{text}," said {speaker}.'

    def background(self) -> str:
        rng = self.rng
        form = rng.randrange(6)
        if form == 0:
            return f"{_cap(self.person_ref(0))} took office in {self.slot('year')} promising to {self.slot('verb')} {self.slot('object')}."
        if form == 1:
            return f"The issue has divided {self.slot('country')} since {self.slot('year')}, when {self.fill(rng.choice(self.story.domain.events))}."
        if form == 2:
            return f"It is the {rng.choice(ORDINALS)} time this year that {self.subject()} has {self.slot('verb_pp')} {self.slot('object')}."
        if form == 3:
            return f"{rng.choice(['Concern over', 'Anger at', 'Debate about', 'Worry about'])} {self.fill(rng.choice(self.story.domain.concerns))} has dominated debate in {self.slot('country')} since {self.fill(rng.choice(self.story.domain.events))}."
        if form == 4:
            return f"Relations between {self.story.country} and {self.slot('country2')} have been strained since {self.fill(rng.choice(self.story.domain.events))}."
        return f"In {self.slot('year')}, {self.fill(rng.choice(self.story.domain.events))}, and {self.slot('group')} {rng.choice(['have not forgotten', 'still blame the government', 'say little has changed', 'are watching closely'])}."

    def group_sentence(self) -> str:
        rng = self.rng
        group = self.slot("group")
        form = rng.randrange(4)  # only the chosen form is written: writing introduces people
        if form == 0:
            return f"{_cap(group)} fear that {self.clause(reported=True)}."
        if form == 1:
            told = rng.choice(["say", "complain that", "told " + self.slot("outlet"), "said"])
            feel = rng.choice(["they have already felt the effects of", "they are worried about",
                               "they had been hit hard by", "they see no end to", "they are bracing for"])
            return f"{rng.choice(['Many', 'Some', 'Most', 'A number of'])} {group} in {self.slot('city')} {told} {feel} {self.slot('concern')}."
        if form == 2:
            return f"{_cap(group)} have {rng.choice(['staged protests', 'lobbied hard', 'warned for months', 'gathered signatures'])} {rng.choice(['against', 'in support of'])} {self.slot('object')}."
        return f"Some {group} {rng.choice(['plan to', 'have threatened to', 'say they will'])} {rng.choice(['stage a protest', 'go to court', 'boycott the talks', 'withhold payments'])} if {self.clause(reported=False)}."

    def fresh_sentence(self) -> str:
        """A sentence not already used in this article (facts repeat otherwise)."""
        for _ in range(4):
            text = self.sentence()
            if text not in self.used:
                break
        self.used.add(text)
        return text

    def sentence(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.26:
            return self.reporting_sentence()
        if r < 0.44:
            return self.quote()
        if r < 0.62:
            facts = [f for f in self.story.domain.facts if f not in self.used] or self.story.domain.facts
            fact = rng.choice(facts)
            self.used.add(fact)
            return _cap(self.fill(fact))
        if r < 0.72:
            return self.background()
        if r < 0.82:
            return self.group_sentence()
        if r < 0.93:
            return _cap(self.fill(rng.choice(REACTIONS_NEG + REACTIONS_POS)))
        return _cap(self.clause()) + "."

    def lead(self) -> str:
        rng = self.rng
        day = self.slot("day")
        form = rng.randrange(5)
        if form == 0:
            return f"{_cap(self.person_ref(0))} on {day} {rng.choice(['rejected calls to', 'announced plans to', 'defended a decision to', 'signalled a willingness to', 'ruled out a move to'])} {self.slot('verb')} {self.slot('object')}, {self.fill(rng.choice(['saying the government would not be rushed', 'in a move likely to anger {group}', 'despite {opposition_np}', 'amid {concern}', 'setting up a clash with {org}']))}."
        if form == 1:
            return f"{_cap(self.slot('org'))} {rng.choice(['said', 'warned', 'confirmed', 'announced'])} on {day} that {self.clause(reported=True)}, {self.fill(rng.choice(['a move that could affect {bign} people', 'raising the stakes for {surname}', 'in a blow to {group}', 'as {concern} grows']))}."
        if form == 2:
            return f"{_cap(self.story.country)} {rng.choice(MODALS)} {self.slot('verb')} {self.slot('object')}, {self.person_ref(0)} said on {day}, {self.fill(rng.choice(REASONS))}."
        if form == 3:
            return f"{rng.choice(['Thousands of', 'Hundreds of', 'Dozens of', 'Angry', 'Worried'])} {self.slot('group')} {rng.choice(['gathered in', 'marched through', 'rallied outside government buildings in', 'blocked roads around'])} {self.slot('city')} on {day} {rng.choice(['to protest against', 'to demand action on', 'in support of', 'over'])} {self.slot('object')}."
        return f"{_cap(self.person_ref(0))} {rng.choice(['arrived in', 'returned to', 'flew to', 'addressed officials in'])} {self.slot('city')} on {day} {rng.choice(['for talks dominated by', 'as pressure grew over', 'to defend', 'to discuss'])} {self.slot('object')}."

    def headline(self) -> str:
        text = self.fill(self.rng.choice(HEADLINE_TEMPLATES))
        # Headlines name people by surname only.
        for person in self.story.people:
            text = text.replace(person.intro, person.last)
        return _cap(text)

    def article(self) -> "Article":
        rng = self.rng
        paragraphs = [[self.lead()]]
        if rng.random() < 0.7:
            paragraphs[0].append(self.fresh_sentence())
        target = rng.randint(4, 14)
        while len(paragraphs) < target or _words(paragraphs) < 150:
            introduced = set(self.introduced)
            paragraph = [self.fresh_sentence() for _ in range(rng.choice([1, 2, 2, 2, 3, 3]))]
            if _words(paragraphs) + _words([paragraph]) > 680 and len(paragraphs) >= 4:
                self.introduced = introduced  # the paragraph is dropped: so are its introductions
                break
            paragraphs.append(paragraph)
        if rng.random() < 0.5:
            paragraphs[-1].append(_cap(self.fill(rng.choice(CLOSERS))))
        outlet = rng.choice(OUTLETS)
        published = f"{self.story.year:04d}-{self.story.month:02d}-{self.story.day:02d}"
        metadata = []
        if rng.random() < 0.5:
            metadata = [f"Date: {published}", f"Source: {outlet}"]
        dateline = _make_dateline(rng, self.story, self.story.city) if rng.random() < 0.5 else None
        return Article(
            headline=self.headline(), metadata=metadata, dateline=dateline,
            blocks=[list(p) for p in paragraphs], curly=rng.random() < 0.4, outlet=outlet, published=published,
        )


def _words(paragraphs: list[list[str]]) -> int:
    return sum(len(s.split()) for p in paragraphs for s in p)


def _make_dateline(rng: random.Random, story: Story, city: str) -> str:
    month = MONTHS[story.month - 1][:3]
    agency = rng.choice(AGENCIES)
    return rng.choice([
        f"{city.upper()}:", f"{city.upper()} -", f"{city.upper()} —", f"{city.upper()} ({agency}) -",
        f"{city.upper()}, {month} {story.day} ({agency}) -", f"{city}, {month} {story.day} ({agency}) -",
        f"{city.upper()}, {story.country.replace('the ', '').title()} ({agency}) —",
    ])


@dataclass
class Article:
    """An article before rendering. ``blocks`` are paragraphs (lists of sentences) or furniture lines (str)."""

    headline: str
    metadata: list[str]
    dateline: str | None
    blocks: list
    curly: bool
    outlet: str
    published: str
    wrap: int = 0

    def copy(self) -> "Article":
        return Article(self.headline, list(self.metadata), self.dateline,
                       [list(b) if isinstance(b, list) else b for b in self.blocks],
                       self.curly, self.outlet, self.published, self.wrap)

    def render(self) -> str:
        paragraphs = []
        for block in self.blocks:
            text = " ".join(block) if isinstance(block, list) else block
            paragraphs.append(text)
        first = next(i for i, b in enumerate(self.blocks) if isinstance(b, list))
        if self.dateline:
            paragraphs[first] = f"{self.dateline} {paragraphs[first]}"
        if self.curly:
            paragraphs = [_curly(p) for p in paragraphs]
        if self.wrap:
            paragraphs = [_wrap(p, self.wrap) for p in paragraphs]
        head = self.headline + "\n\n"
        if self.metadata:
            head += "\n".join(self.metadata) + "\n\n"
        return head + "\n\n".join(paragraphs) + "\n"


def _curly(text: str) -> str:
    text = re.sub(r'(^|[\s(\[])"', "\\1\u201c", text)
    text = text.replace('"', "\u201d")
    return text.replace("'", "\u2019")


def _wrap(text: str, width: int) -> str:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "\n".join(lines)


# --- syndication edits ----------------------------------------------------------------------


def _text_indices(article: Article) -> list[int]:
    return [i for i, b in enumerate(article.blocks) if isinstance(b, list)]


def syndicate(rng: random.Random, original: Article, story: Story) -> tuple[Article, list[str], dict]:
    """A syndicated copy of ``original``, the names of the edits applied and their details.

    An edit function returns False when it could not apply, True, or a detail
    (e.g. the paragraphs an abridged copy kept, "5/9").
    """
    edits = [e for e in EDITS if rng.random() < EDIT_PROBABILITY[e]]
    if not edits:
        edits = [rng.choice(EDITS)]
    copy = original.copy()
    applied, details = [], {}
    for edit in edits:  # EDITS order: structure first, then sentences, then page furniture
        result = globals()[f"_edit_{edit}"](rng, copy, story)
        if result:
            applied.append(edit)
            if result is not True:
                details[edit] = result
    if not applied:
        _edit_quotes(rng, copy, story)
        applied.append("quotes")
    return copy, applied, details


def _edit_abridged(rng, article: Article, story) -> bool:
    count = len(article.blocks)
    if count < 3:
        return False
    keep = max(2, round(count * rng.uniform(0.4, 0.9)))
    if keep >= count:
        return False
    article.blocks = article.blocks[:keep]
    return f"{keep}/{count}"


def _edit_drop_middle(rng, article: Article, story) -> bool:
    count = len(article.blocks)
    if count < 4:
        return False
    drop = min(rng.randint(1, 3), count - 3)
    start = rng.randint(1, count - 1 - drop)
    if rng.random() < 0.5:  # contiguous run
        dropped = set(range(start, start + drop))
    else:
        dropped = set(rng.sample(range(1, count - 1), drop))
    article.blocks = [b for i, b in enumerate(article.blocks) if i not in dropped]
    return f"{len(dropped)}/{count}"


def _edit_swap(rng, article: Article, story) -> bool:
    count = len(article.blocks)
    if count < 3:
        return False
    i = rng.randint(1, count - 2)
    j = i + 1 if rng.random() < 0.6 else rng.choice([k for k in range(1, count) if k != i])
    article.blocks[i], article.blocks[j] = article.blocks[j], article.blocks[i]
    return True


def _insert_lines(rng, article: Article, lines: list[str]) -> None:
    for line in lines:
        article.blocks.insert(rng.randint(1, len(article.blocks)), line)


def _edit_boilerplate(rng, article: Article, story) -> bool:
    writer = _Writer(rng, story)
    _insert_lines(rng, article, [writer.fill(rng.choice(BOILERPLATE)) for _ in range(rng.randint(1, 4))])
    return True


def _edit_furniture(rng, article: Article, story) -> bool:
    writer = _Writer(rng, story)
    lines = [writer.fill(rng.choice(FURNITURE)) for _ in range(rng.randint(1, 2))]
    for line in lines:
        if line.startswith("("):
            article.blocks.append(line)  # agency taglines go at the end
        else:
            _insert_lines(rng, article, [line])
    return True


def _edit_dateline(rng, article: Article, story) -> bool:
    if article.dateline and rng.random() < 0.25:
        article.dateline = None
        return True
    city = story.city if rng.random() < 0.8 else rng.choice(next(c for c in COUNTRIES if c[0] == story.country)[2])
    new = _make_dateline(rng, story, city)
    if new == article.dateline:
        return False
    article.dateline = new
    return True


def _edit_headline(rng, article: Article, story) -> bool:
    form = rng.random()
    if form < 0.5:
        new = _Writer(rng, story).headline()
    elif form < 0.7:
        new = " ".join(w[:1].upper() + w[1:] for w in article.headline.split())
    elif form < 0.85:
        new = f"UPDATE {rng.randint(1, 4)}-{article.headline}"
    else:
        new = f"{article.headline} | {rng.choice(OUTLETS)}"
    if new == article.headline:
        return False
    article.headline = new
    return True


_TYPO_WORD = re.compile(r"[A-Za-z]{4,}")


def _edit_typos(rng, article: Article, story) -> bool:
    indices = _text_indices(article)
    count = rng.randint(1, 6)
    for _ in range(count):
        block = article.blocks[rng.choice(indices)]
        s = rng.randrange(len(block))
        words = list(_TYPO_WORD.finditer(block[s]))
        if not words:
            continue
        m = rng.choice(words)
        word, k = m.group(), rng.randint(1, len(m.group()) - 2)
        kind = rng.randrange(3)
        if kind == 0:
            typo = word[:k] + word[k + 1] + word[k] + word[k + 2:]
        elif kind == 1:
            typo = word[:k] + word[k + 1:]
        else:
            typo = word[:k] + word[k] + word[k:]
        block[s] = block[s][:m.start()] + typo + block[s][m.end():]
    return str(count)


def _edit_reword(rng, article: Article, story) -> bool:
    candidates = [(i, s) for i in _text_indices(article) for s in range(len(article.blocks[i]))
                  if _SYNONYM_PATTERN.search(article.blocks[i][s])]
    if not candidates:
        return False
    i, s = rng.choice(candidates)
    sentence = article.blocks[i][s]
    sentence = _SYNONYM_PATTERN.sub(lambda m: rng.choice(SYNONYMS[m.group(1)]), sentence)
    # Move a trailing attribution to the front: "X, Keller said." -> "Keller said X."
    moved = re.fullmatch(r"(.+), ((?:[A-Z][\w'-]+ ){0,4}[A-Z][\w'-]+) (said|stated|added)\.", sentence)
    if moved and rng.random() < 0.7:
        clause = moved.group(1)
        sentence = f"{moved.group(2)} {moved.group(3)} {clause[:1].lower() + clause[1:] if not clause.split()[0].istitle() or clause.split()[0] in ('The', 'It', 'A') else clause}."
    article.blocks[i][s] = sentence
    return True


def _edit_quotes(rng, article: Article, story) -> bool:
    article.curly = not article.curly
    return True


def _edit_metadata(rng, article: Article, story) -> bool:
    year, month, day = (int(x) for x in article.published.split("-"))
    day = min(28, day + rng.choice([0, 0, 0, 1]))
    form = rng.randrange(4)
    if form == 0:
        lines = [f"date {year:04d}-{month:02d}-{day:02d}"]
    elif form == 1:
        lines = [f"Date: {day} {MONTHS[month - 1]} {year}", f"Source: {rng.choice(OUTLETS)}"]
    elif form == 2:
        lines = [f"By {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", f"Published: {MONTHS[month - 1]} {day}, {year}"]
    else:
        outlet = rng.choice(OUTLETS)
        lines = [f"Source: {outlet}", f"URL: https://{outlet.lower().replace(' ', '')}.example.com/{year}/{month:02d}/{rng.randrange(10**6)}"]
    if lines == article.metadata:
        return False
    article.metadata = lines
    return True


def _edit_rewrap(rng, article: Article, story) -> bool:
    article.wrap = rng.randint(60, 80)
    return True


# --- corpus ---------------------------------------------------------------------------------


@dataclass
class CorpusItem:
    role: str  # "original", "copy", "single" (no copies), "same_story" (another article on a story)
    story: int
    cluster: int | None = None
    edits: list[str] = field(default_factory=list)
    details: dict = field(default_factory=dict)


@dataclass
class Corpus:
    texts: list[str]
    items: list[CorpusItem]
    truth_pairs: set[tuple[int, int]]

    @property
    def clusters(self) -> dict[int, list[int]]:
        clusters: dict[int, list[int]] = {}
        for index, item in enumerate(self.items):
            if item.cluster is not None:
                clusters.setdefault(item.cluster, []).append(index)
        return clusters

    def file_names(self, offset: int = 0) -> list[str]:
        return [f"article-{offset + i:06d}.txt" for i in range(len(self.texts))]


def plan_cluster_sizes(rng: random.Random, n_articles: int, share: float = DUPLICATE_SHARE) -> list[int]:
    sizes, total = [], 0
    while total < share * n_articles - 1:
        size = min(rng.randint(2, 6), n_articles - total)
        if size < 2:
            break
        sizes.append(size)
        total += size
    return sizes


def generate_corpus_detailed(n_articles: int, seed: int = 1) -> Corpus:
    """The corpus with what each article is (role, story, cluster, edits applied)."""
    plan = random.Random(f"{seed}:plan")
    sizes = plan_cluster_sizes(plan, n_articles)
    items: list[CorpusItem] = []
    story_count = 0
    for cluster, size in enumerate(sizes):
        items.append(CorpusItem("original", story_count, cluster))
        items.extend(CorpusItem("copy", story_count, cluster) for _ in range(size - 1))
        story_count += 1
    for _ in range(n_articles - len(items)):
        if story_count and plan.random() < SAME_STORY_SHARE:
            items.append(CorpusItem("same_story", plan.randrange(story_count)))
        else:
            items.append(CorpusItem("single", story_count))
            story_count += 1
    plan.shuffle(items)

    stories: dict[int, Story] = {}
    originals: dict[int, Article] = {}

    def story_of(sid: int) -> Story:
        if sid not in stories:
            stories[sid] = _make_story(random.Random(f"{seed}:story:{sid}"))
        return stories[sid]

    def original_of(cluster: int, sid: int) -> Article:
        if cluster not in originals:
            originals[cluster] = _Writer(random.Random(f"{seed}:original:{cluster}"), story_of(sid)).article()
        return originals[cluster]

    texts: list[str] = []
    seen: set[str] = set()
    copy_numbers: dict[int, int] = {}
    for index, item in enumerate(items):
        story = story_of(item.story)
        if item.role == "original":
            article = original_of(item.cluster, item.story)
        elif item.role == "copy":
            number = copy_numbers[item.cluster] = copy_numbers.get(item.cluster, 0) + 1
            rng = random.Random(f"{seed}:copy:{item.cluster}:{number}")
            article, item.edits, item.details = syndicate(rng, original_of(item.cluster, item.story), story)
        else:
            article = _Writer(random.Random(f"{seed}:article:{index}"), story).article()
        text = article.render()
        if text in seen:  # never two byte-identical files (an importer would skip one)
            article.metadata = article.metadata + [f"URL: https://news.example.com/item/{seed}/{index}"]
            text = article.render()
            if item.role == "copy":
                item.edits.append("metadata")
        seen.add(text)
        texts.append(text)
    truth = set()
    for members in Corpus(texts, items, set()).clusters.values():
        truth.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    return Corpus(texts, items, truth)


def generate_corpus(n_articles: int, seed: int = 1) -> tuple[list[str], set[tuple[int, int]]]:
    """``(texts, truth_pairs)``: article texts in index order and every (i, j) copy pair, i < j."""
    corpus = generate_corpus_detailed(n_articles, seed)
    return corpus.texts, corpus.truth_pairs


def write_texts(folder: Path, corpus: Corpus, indices: range | list[int] | None = None) -> list[str]:
    """Write articles (all, or those ``indices``) as ``article-NNNNNN.txt``; return the names written."""
    folder.mkdir(parents=True, exist_ok=True)
    names = corpus.file_names()
    written = []
    for index in (range(len(corpus.texts)) if indices is None else indices):
        (folder / names[index]).write_text(corpus.texts[index], encoding="utf-8")
        written.append(names[index])
    return written


def truth_json(corpus: Corpus, n_articles: int, seed: int) -> dict:
    return {
        "n_articles": n_articles,
        "seed": seed,
        "folder": ARTICLES_FOLDER,
        "files": corpus.file_names(),
        "pairs": sorted([a, b] for a, b in corpus.truth_pairs),
        "articles": [
            {"role": item.role, "story": item.story, "cluster": item.cluster, "edits": item.edits,
             "details": item.details}
            for item in corpus.items
        ],
    }


def write_corpus(folder: str | Path, n_articles: int, seed: int = 1) -> Corpus:
    """Write the articles to ``folder/articles/article-NNNNNN.txt`` and ``folder/truth.json``.

    The texts get a folder of their own so that importing it does not also import
    ``truth.json`` (curator reads .json files as article records).
    """
    folder = Path(folder)
    corpus = generate_corpus_detailed(n_articles, seed)
    write_texts(folder / ARTICLES_FOLDER, corpus)
    (folder / "truth.json").write_text(json.dumps(truth_json(corpus, n_articles, seed)), encoding="utf-8")
    return corpus


# --- statistics -----------------------------------------------------------------------------


def _shingles(text: str, size: int) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def _longest_common_run(a: list[str], b: list[str]) -> int:
    best, previous = 0, [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b):
            if x == y:
                current[j + 1] = previous[j] + 1
                best = max(best, current[j + 1])
        previous = current
    return best


def corpus_stats(corpus: Corpus, samples: int = 2000, seed: int = 0) -> dict:
    """Overlap between unrelated, same-story and duplicate pairs (5-gram Jaccard, longest common word run)."""
    rng = random.Random(seed)
    bodies = [t.split("\n\n", 1)[1] for t in corpus.texts]
    words = [re.findall(r"\w+", b.lower()) for b in bodies]
    sh = [_shingles(b, 5) for b in bodies]
    n = len(bodies)

    def describe(pairs):
        jac = sorted(len(sh[a] & sh[b]) / max(1, len(sh[a] | sh[b])) for a, b in pairs)
        runs = sorted(_longest_common_run(words[a], words[b]) for a, b in pairs[:300])
        if not jac:
            return {}
        return {
            "pairs": len(pairs), "jaccard_median": round(jac[len(jac) // 2], 4),
            "jaccard_p99": round(jac[int(len(jac) * 0.99)], 4), "jaccard_max": round(jac[-1], 4),
            "run_median": runs[len(runs) // 2], "run_p99": runs[int(len(runs) * 0.99)], "run_max": runs[-1],
        }

    clusters = corpus.clusters
    cluster_of = {i: item.cluster for i, item in enumerate(corpus.items)}
    story_of = [item.story for item in corpus.items]
    unrelated = []
    while len(unrelated) < samples:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b and story_of[a] != story_of[b]:
            unrelated.append((a, b))
    by_story: dict[int, list[int]] = {}
    for i, s in enumerate(story_of):
        by_story.setdefault(s, []).append(i)
    same_story = [(a, b) for members in by_story.values() for a in members for b in members
                  if a < b and not (cluster_of[a] is not None and cluster_of[a] == cluster_of[b])]
    rng.shuffle(same_story)
    duplicates = sorted(corpus.truth_pairs)
    rng.shuffle(duplicates)
    words_per_article = sorted(len(w) for w in words)
    return {
        "articles": n,
        "in_clusters": sum(len(m) for m in clusters.values()),
        "clusters": len(clusters),
        "truth_pairs": len(corpus.truth_pairs),
        "words_median": words_per_article[n // 2], "words_min": words_per_article[0], "words_max": words_per_article[-1],
        "unrelated": describe(unrelated),
        "same_story": describe(same_story[:samples]),
        "duplicates": describe(duplicates[:samples]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", help="where to write the .txt files and truth.json")
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stats", action="store_true", help="print overlap statistics of the corpus")
    args = parser.parse_args()
    if args.folder:
        corpus = write_corpus(args.folder, args.articles, args.seed)
        print(f"wrote {len(corpus.texts)} articles, {len(corpus.truth_pairs)} duplicate pairs to {args.folder}")
    else:
        corpus = generate_corpus_detailed(args.articles, args.seed)
    if args.stats:
        print(json.dumps(corpus_stats(corpus), indent=2))


if __name__ == "__main__":
    main()
