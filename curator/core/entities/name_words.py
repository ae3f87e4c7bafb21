"""The words candidate names are cut by: the words that open sentences, dates and holidays, job titles
and the words before them ("Foreign", "Deputy"), the words that end an organisation's name
("Department", "Nations"), the connectors inside a name ("of", "von der") and the adjectives of
regions and faiths that name no entity alone. They are English news copy's words; the demonyms
("Russian", "Portuguese") come from the offline lists, read on first use.
"""

from __future__ import annotations

from functools import lru_cache

from curator.core.entities.gazetteer import demonym_words
from curator.core.text import COMMON_ACRONYMS

# Words that join the words of one name: "Bank of England", "Ursula von der Leyen".
_CONNECTORS = ("of the", "of", "for", "de la", "de los", "de", "da", "das", "do", "dos", "del", "della", "di", "du",
               "van der", "van den", "van de", "van", "von der", "von", "der", "den", "ten", "ter", "bin", "ibn",
               "la", "le", "y", "al", "el")
_CONNECTOR_WORDS = frozenset({"and", *(word for connector in _CONNECTORS for word in connector.split())})

# Words that open sentences; dropped from the start of a phrase that opens one ("In Moscow"), and a
# page's prompts ("Get The Times of Israel's Daily Edition", "Visit Business Insider's homepage").
OPENERS = frozenset("""
The A An In On At By For From To With Without Within But And Or Nor So Yet If When While Whilst After Before As
Since Until Although Though Because Despite During Under Over Of Into Through Across Against Among Between Beyond
About Above Below Around Along Amid Near Outside Inside It Its He She They We I You His Her Their Our My Your This
That These Those There Here Then Now Today Yesterday Tomorrow Tonight Meanwhile However Also Still Even Only Just
Some Many Most More Much Few All Any Each Every Both Several Other Others Another Such No Not Never What Which Who
Whom Whose Why How Where Whether According Last Next First Once Later Earlier Already Instead Indeed Overall
Nevertheless Thus Hence Is Are Was Were Be Been Has Have Had Do Does Did Will Would Can Could Should May Might Must
Shall Let Please Yes Oh Well Like Unlike Following Including Asked Speaking Writing Dear
Thousands Hundreds Millions Dozens Scores Residents Members Supporters Citizens Officials Leaders People Families
Read Click Follow Subscribe Share Related Advertisement Copyright Photo Former Shares Stocks Prices Sales Analysts
Investors Lawmakers Prosecutors Researchers Scientists Experts Doctors Workers Voters Fans Critics Sources
Get Download Join Visit Listen
""".split())
# Openers dropped from the start of a phrase anywhere: the words no name is on its own, articles,
# pronouns, prepositions, conjunctions. Inside a sentence they are "The" of "at The Hague", the pronoun
# "I", which quotes put in most news articles ("As I said"; "Elizabeth I" keeps it, at the end), and
# the first word of a sentence whose full stop a page lost between a heading or a caption and the text
# ("gunman made her nervous A woman who sat near him"). Not the openers that are names too ("May",
# "Will", "Today").
OPENERS_ANYWHERE = frozenset("""
The A An In On At By For From To With Without Within But And Or Nor So Yet If When While Whilst After Before As
Since Until Although Though Because Despite During Under Over Of Into Through Across Against Among Between Beyond
About Above Below Around Along Amid It Its He She They We I You His Her Their Our My Your This That These Those
There Here Then Meanwhile However Also Some Many Most Few All Any Each Every Both Several Another Such No Not What
Which Who Whom Whose Why How Where Whether Is Are Was Were
""".split())
TIME_WORDS = frozenset("""
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun January
February March April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep
Sept Oct Nov Dec Christmas Easter Year Day Eve Ramadan Eid Halloween Thanksgiving Week Weekend
""".split())
# Words that name a holiday, or wish one, with the time word after them ("Happy New Year", "Lunar New
# Year", "Merry Christmas", "Black Friday", "Memorial Day"): the phrase is a date, not a name, and left
# behind once its time word is cut they made names ("Happy New") that every article of the season shared.
HOLIDAY_WORDS = frozenset("""
New Lunar Happy Merry Good Black Cyber Boxing Memorial Labor Labour Independence Valentine's Valentine’s
Mother's Mother’s Father's Father’s Veterans Presidents Election Inauguration
""".split())
# Pronouns and verbs: a capitalized run holding one after its first word is a headline.
HEADLINE_WORDS = frozenset("""
He She It They We You Is Are Was Were Be Been Has Have Had Does Did Will Would Can Could Should Says Said Say
""".split())
# The words of a web page's buttons and links: a run holding two of them ("Share Email Print", "Report
# Subscribe Thank", "Previous Post", "Next Article") is what a saved page kept of its furniture, not a name.
PAGE_FURNITURE = frozenset("""
Subscribe Unsubscribe Share Shares Email Print Comment Comments Reply Login Logout Log Sign Register Click Read More
Tweet Retweet Like Follow Newsletter Advertisement Sponsored Thank Thanks Download Menu Skip Continue Reading
Previous Next Post Posts Article Articles Story Stories
""".split())
# Job titles: cut out of a run ("Foreign Minister Sergei Lavrov"). A head title may
# follow modifiers ("Deputy Prime Minister"); "General" only completes one ("Attorney General").
TITLE_HEADS = frozenset("""
President Presidents President-elect Vice-President Minister Ministers Ambassador Secretary Secretary-General
Chancellor Senator Sen Governor Gov Mayor King Queen Prince Princess Pope Emperor Sheikh Emir Sultan Judge Justice
Justices Magistrate Prosecutor Attorney Commissioner Envoy Spokesman Spokeswoman Spokesperson Chairman Chairwoman
Chair Director Director-General Administrator Manager Coach Captain Capt Commander Colonel Col Lieutenant Lt
Sergeant Sgt Admiral Adm Marshal Brigadier Officer Detective Inspector Constable Superintendent Sheriff
Representative Rep Congressman Congresswoman Lawmaker Speaker Premier Leader Mr Mrs Ms Miss Mx Dr Prof Professor
Sir Dame Lord Lady Rev Reverend Father Bishop Archbishop Cardinal Rabbi Imam Ayatollah CEO CFO COO Founder
Co-founder Executive Striker Midfielder Defender Goalkeeper Boss Candidate Nominee Economist Analyst Banker
Businessman Businesswoman Tycoon Billionaire Entrepreneur Investor Lawyer Activist Journalist Author Actor Actress
Singer Rapper Chef Artist Scientist Researcher Teacher Veteran
""".split())
TITLE_MODIFIERS = frozenset("""
Foreign Prime Deputy Vice Acting Former Senior Junior Assistant Associate Chief Executive Finance Defence Defense
Interior Home Health Trade Economy Economic Energy Environment Education Transport Labour Labor State Federal Grand
Crown Head Special First Lead Managing Permanent High Opposition Police Army Military Majority Minority District
Supreme Team Club Party Union Presidential Democratic Republican Conservative Agriculture Treasury Budget
Employment Culture Tourism Industry Fisheries Immigration Housing Digital Science Technology Communications
Infrastructure Development Planning Social Welfare Sports Youth Family Water Mining Petroleum Oil Food Climate
Cabinet Local Public Works Veterans Commerce Business Enterprise Competition Security Homeland Intelligence
Information Media Heritage Forestry Europe Brexit Regional Women
""".split())
TITLE_ENDINGS = frozenset({"General", "Elect", "Designate"})
# Country abbreviations that open a name without being part of it ("US Supreme Court").
LEADING_COUNTRIES = frozenset({"US", "U.S", "U.S.", "UK", "U.K.", "USA", "UAE"})
# Compass points that place a name without being part of it ("12 km SW of Hualien City").
COMPASS_POINTS = frozenset("N S E W NE NW SE SW NNE ENE ESE SSE SSW WSW WNW NNW".split())
# First words of place names that read like common words: never dropped as a sentence's opener
# ("New South Wales", "North Korea" opening a sentence).
PLACE_PREFIXES = frozenset({
    "New", "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Upper", "Lower",
    "Greater", "Great", "Little", "Old", "Saint", "St", "San", "Santa", "Los", "Las", "Port", "Fort", "Mount",
    "Lake", "Cape", "Red", "Black", "White", "Royal", "National", "Federal", "Central", "United", "General",
    "Grand", "Golden", "Silver", "Middle", "Far", "Near"
})
# A party's member after a place: "a Missouri Republican" names Missouri and the party, not one thing.
PARTY_MEMBERS = frozenset({"Republican", "Republicans", "Democrat", "Democrats", "Tory", "Tories"})
# Words that end organisation names: a title before one is part of the name ("Justice
# Department"), and a person after one is split off ("United Nations Nikki Haley").
ORG_WORDS = frozenset("""
Department Ministry Office Agency Commission Committee Council Court Bank Fund Party Union Nations Organization
Organisation Association Federation Foundation Institute University College School Academy Authority Board Bureau
Service Services Corporation Corp Company Co Inc Ltd Group Holdings Airlines Airways Motors League Club Church Army
Navy Force Forces Guard Police Parliament Assembly Senate Congress House Cabinet Government Administration Times
Post Journal News Press Network Society Centre Center Alliance Coalition Movement Front Brigade Brigades Watch
International Partners Capital Securities Exchange Reserve Treasury Survey Collaboration Cup Championship Games
Olympics Unit Team Project Programme Program Mission Tribunal Parliamentary Centers Centres Laboratory
Laboratories Museum Ventures Energy Renewables Industries Bancorp Fed Hospital Hospitals Clinic Hospice
""".split())
# Last words of places and buildings, never of a person's name: a name ending in one that a title or
# a connector seemed to make a person ("Governor of Imo State", "King Salman Airbase") is a place.
# Words that are surnames too (Hill, Hall, Park, Street, Field, Lake) are left out.
PLACE_ENDINGS = frozenset("""
State Province County District Region Territory Island Islands Peninsula River Valley Canyon Desert Canal Dam
Road Avenue Boulevard Drive Highway Motorway Expressway Square Plaza Airport Airbase Airfield Base Barracks
Station Stadium Arena Parish Township Municipality Village Harbour Harbor Prison Mosque Temple Cathedral Tower
Towers Hotel Mall Zoo Campus
""".split())
# Last words after which "and" stays inside a name ("House Ways and Means Committee", "U.S. Customs
# and Border Protection", "Utah Test and Training Range").
_ENDS_AFTER_AND = ORG_WORDS | frozenset({
    "Protection", "Range", "Development", "Affairs", "Security", "Research", "Technology", "Industry", "Trade",
    "Welfare", "Enforcement", "Prevention", "Control", "Standards", "Resources", "Services", "Markets", "Relations",
    "Means"
})
# Adjectives of regions, faiths and languages: capitalized, but no entity's name on their own.
NOT_NAMES_ALONE = frozenset("""
European African Asian Arab Arabic Latin Western Eastern Northern Southern Central Middle Pacific Atlantic Nordic
Baltic Balkan Caribbean Scandinavian Gulf Islamic Muslim Christian Jewish Catholic Protestant Orthodox Hindu
Buddhist Sunni Shia Shiite Kurdish English Celtic Anglo Hispanic Olympic Internet God Celsius Fahrenheit New
""".split())
_ABBREVIATIONS = frozenset("Mr Mrs Ms Dr St Gen Sen Rep Gov Lt Col Capt Sgt Prof Rev Jr Sr No vs Co Inc Ltd Corp"
                           .split())
_NOT_SINGLE_NAMES = (OPENERS | TIME_WORDS | TITLE_HEADS | TITLE_MODIFIERS | TITLE_ENDINGS | COMMON_ACRONYMS
                     | NOT_NAMES_ALONE)
# Job titles written in lower case before a name ("leader Kim Jong-Un", "spokesman Dmitry Peskov").
_LOWERCASE_TITLES = frozenset(title.lower() for title in TITLE_HEADS if title.isalpha() and len(title) > 3)
_LONGEST_TITLE = max(map(len, _LOWERCASE_TITLES))


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    return demonym_words()
