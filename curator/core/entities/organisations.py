"""Organisations the news names every day, offline: each under its canonical name with the
short forms and spellings copy uses ("UN" and "U.N." for the United Nations, "Nato").

A name found here is suggested as that organisation even in an article that never spells it
out, and mentioned once; everything less famous is left to the capitalised-phrase suggester.
Names that are also common words in capitals ("WHO" aside, which news copy only capitalises
for the organisation) are left out.

>>> canonical = dict(organisation_names())
>>> canonical["U.N."], canonical["Nato"]
('United Nations', 'NATO')
"""

from __future__ import annotations

# Canonical name -> the other spellings news copy uses for it.
_ORGANISATIONS: dict[str, tuple[str, ...]] = {
    # International bodies
    "United Nations": ("UN", "U.N."),
    "UN Security Council": ("U.N. Security Council", "United Nations Security Council", "Security Council"),
    "UN General Assembly": ("United Nations General Assembly",),
    "European Union": ("EU", "E.U."),
    "European Commission": (),
    "European Parliament": (),
    "European Central Bank": ("ECB",),
    "NATO": ("Nato", "North Atlantic Treaty Organization"),
    "World Health Organization": ("WHO", "World Health Organisation"),
    "International Monetary Fund": ("IMF",),
    "World Bank": (),
    "World Trade Organization": ("WTO", "World Trade Organisation"),
    "OPEC": ("Opec", "Organization of the Petroleum Exporting Countries"),
    "OPEC+": ("Opec+",),
    "International Energy Agency": ("IEA",),
    "International Atomic Energy Agency": ("IAEA",),
    "OECD": ("Organisation for Economic Co-operation and Development",
             "Organization for Economic Cooperation and Development"),
    "G7": ("Group of Seven",),
    "G20": ("Group of 20",),
    "African Union": (),
    "ASEAN": ("Association of Southeast Asian Nations", "Asean"),
    "International Criminal Court": ("ICC",),
    "International Court of Justice": ("ICJ",),
    "Red Cross": ("International Committee of the Red Cross", "ICRC"),
    "UNICEF": ("Unicef",),
    "UNHCR": ("UN refugee agency",),
    "UNESCO": ("Unesco",),
    "Interpol": (),
    "Europol": (),
    "Frontex": (),
    "Amnesty International": (),
    "Human Rights Watch": (),
    "Greenpeace": (),
    "Medecins Sans Frontieres": ("Médecins Sans Frontières", "Doctors Without Borders", "MSF"),
    "FIFA": ("Fifa",),
    "UEFA": ("Uefa",),
    "International Olympic Committee": ("IOC",),
    # States' institutions
    "Federal Reserve": ("Fed", "U.S. Federal Reserve", "US Federal Reserve"),
    "Bank of England": (),
    "Bank of Japan": (),
    "People's Bank of China": (),
    "FBI": ("Federal Bureau of Investigation",),
    "CIA": ("Central Intelligence Agency",),
    "NASA": ("Nasa",),
    "Pentagon": (),
    "White House": (),
    "Congress": ("U.S. Congress", "US Congress"),
    "Senate": ("U.S. Senate", "US Senate"),
    "House of Representatives": (),
    "House of Commons": (),
    "House of Lords": (),
    "Securities and Exchange Commission": ("SEC",),
    "Department of Justice": ("Justice Department", "DOJ"),
    "Environmental Protection Agency": ("EPA",),
    "Centers for Disease Control and Prevention": ("CDC",),
    "Food and Drug Administration": ("FDA",),
    "Internal Revenue Service": ("IRS",),
    "Office for Budget Responsibility": ("OBR",),
    "National Health Service": ("NHS",),
    # Armed groups and parties named alone
    "Hamas": (),
    "Hezbollah": (),
    "Taliban": (),
    "Islamic State": ("ISIS", "ISIL"),
    "Houthis": (),
    "Wagner Group": (),
    # News organisations
    "Reuters": (),
    "Associated Press": ("AP",),
    "Agence France-Presse": ("AFP",),
    "Bloomberg": (),
    "BBC": (),
    "CNN": (),
    # Companies in the news every day
    "Apple": (), "Microsoft": (), "Google": (), "Alphabet": (), "Amazon": (), "Meta": (), "Facebook": (),
    "Instagram": (), "WhatsApp": (), "TikTok": (), "ByteDance": (), "Tesla": (), "SpaceX": (), "Nvidia": (),
    "Intel": (), "OpenAI": (), "Netflix": (), "Uber": (), "Samsung": (), "Huawei": (), "Alibaba": (),
    "Tencent": (), "Sony": (), "Toyota": (), "Volkswagen": (), "Boeing": (), "Airbus": (), "Shell": (),
    "BP": (), "ExxonMobil": ("Exxon", "Exxon Mobil"), "Chevron": (), "TotalEnergies": (), "Equinor": (),
    "Saudi Aramco": ("Aramco",), "Gazprom": (), "Rosneft": (), "HSBC": (), "Barclays": (),
    "JPMorgan Chase": ("JPMorgan", "JP Morgan"), "Goldman Sachs": (), "Morgan Stanley": (), "Citigroup": (),
    "BlackRock": (), "Nasdaq": (), "New York Stock Exchange": ("NYSE",), "London Stock Exchange": (),
    "Pfizer": (), "Moderna": (), "AstraZeneca": (), "Merck": (), "Novo Nordisk": (),
}


def organisation_names() -> tuple[tuple[str, str], ...]:
    """(surface, canonical name) of every organisation known here."""
    return tuple((surface, canonical) for canonical, others in _ORGANISATIONS.items()
                 for surface in (canonical, *others))
