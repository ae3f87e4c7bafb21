"""Generate realistic-looking news articles for tests and benchmarks.

Articles are built from a vocabulary of real-world-style people, places,
organisations and sentence templates, seeded so every run is reproducible.
It lives with the tests, which also run where the benchmarks are not; the benchmarks import it from here.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path

PEOPLE = [
    "Sergei Lavrov", "Angela Merkel", "Emmanuel Macron", "Nikki Haley", "Antonio Guterres", "Xi Jinping",
    "Narendra Modi", "Jacinda Ardern", "Justin Trudeau", "Cyril Ramaphosa", "Jair Bolsonaro", "Shinzo Abe",
    "Moon Jae-in", "Recep Tayyip Erdogan", "Theresa May", "Jean-Claude Juncker", "Christine Lagarde",
    "Jerome Powell", "Mario Draghi", "Pedro Sanchez", "Mark Rutte", "Scott Morrison", "Imran Khan",
]
PLACES = [
    "Moscow", "Berlin", "Paris", "Washington", "Beijing", "New Delhi", "Wellington", "Ottawa", "Pretoria",
    "Brasilia", "Tokyo", "Seoul", "Ankara", "London", "Brussels", "Frankfurt", "Madrid", "The Hague",
    "Canberra", "Islamabad", "Nairobi", "Lagos", "Cairo", "Geneva", "Vienna", "Jakarta", "Manila",
]
ORGS = [
    "the European Union", "the United Nations", "NATO", "the World Bank", "the International Monetary Fund",
    "the central bank", "the finance ministry", "the opposition party", "the health ministry",
    "the Supreme Court", "the trade union federation", "the national statistics office", "OPEC",
]
TOPICS = [
    "trade tariffs", "interest rates", "climate targets", "refugee quotas", "defence spending",
    "a fishing dispute", "vaccine supplies", "a rail strike", "energy prices", "budget cuts",
    "a border agreement", "election reform", "a pension overhaul", "steel exports", "a data privacy law",
]
OUTLETS = ["Reuters", "AP", "AFP", "The Straits Times", "Daily Herald", "The Globe", "Evening Post", "Tribune"]
OPENERS = [
    "{person} on {day} rejected calls from {org} to revisit {topic}, saying the government would not be pressured.",
    "Officials in {place} said on {day} that talks on {topic} had stalled after {org} walked away from the table.",
    "{org} warned on {day} that {topic} could weigh on growth for the rest of the year.",
    "Thousands of people marched through {place} on {day} to protest against {topic}.",
    "{person} arrived in {place} on {day} for two days of talks dominated by {topic}.",
]
SENTENCES = [
    "\"We see this negatively,\" {person} told reporters in {place}.",
    "The dispute over {topic} has strained relations between {place} and {org} for months.",
    "Analysts said the move was unlikely to change the outcome of negotiations on {topic}.",
    "{org} is expected to publish new figures on {topic} next week.",
    "A spokesman for {org} declined to comment on the record.",
    "The announcement came hours after {person} met senior officials in {place}.",
    "Critics accused the government of ignoring the impact of {topic} on ordinary families.",
    "\"There is no alternative to dialogue,\" {person} said in a statement released by {org}.",
    "Markets in {place} fell by {number} percent after the news broke.",
    "Under the proposal, {org} would review {topic} every {number} months.",
    "Diplomats in {place} said a compromise on {topic} was still possible before the summit.",
    "The last round of talks on {topic} ended without agreement in {place} in {month}.",
    "Opposition lawmakers demanded a full debate on {topic} in parliament.",
    "{person} has repeatedly said that {topic} is a matter for national governments.",
    "About {number} thousand workers could be affected, according to estimates by {org}.",
    "The agreement on {topic} still needs to be ratified by {org}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
HEADLINES = [
    "{person} rejects pressure over {topic}", "Talks on {topic} stall in {place}",
    "{org} warns of risks from {topic}", "Protesters in {place} march against {topic}",
    "{person} visits {place} as {topic} dominates agenda",
]


@dataclass
class GeneratedArticle:
    title: str
    body: str
    published: str
    outlet: str
    dateline: str
    url: str


def generate_article(rng: random.Random, index: int) -> GeneratedArticle:
    slots = {
        "person": rng.choice(PEOPLE), "place": rng.choice(PLACES), "org": rng.choice(ORGS),
        "topic": rng.choice(TOPICS), "day": rng.choice(DAYS),
    }

    def fill(template: str) -> str:
        text = template.format(number=rng.randint(2, 40), month=rng.choice(MONTHS), **slots)
        return text[0].upper() + text[1:]

    paragraphs = [fill(rng.choice(OPENERS))]
    for _ in range(rng.randint(4, 9)):
        slots["person"] = rng.choice(PEOPLE) if rng.random() < 0.3 else slots["person"]
        paragraphs.append(" ".join(fill(rng.choice(SENTENCES)) for _ in range(rng.randint(1, 3))))
    year, month, day = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
    outlet = rng.choice(OUTLETS)
    return GeneratedArticle(
        title=fill(rng.choice(HEADLINES)),
        body="\n\n".join(paragraphs),
        published=f"{year:04d}-{month:02d}-{day:02d}",
        outlet=outlet,
        dateline=slots["place"].upper(),
        url=f"https://news.example.com/{outlet.lower().replace(' ', '-')}/{index}",
    )


def generate_articles(count: int, seed: int = 1) -> list[GeneratedArticle]:
    rng = random.Random(seed)
    return [generate_article(rng, index) for index in range(count)]


def as_text_file(article: GeneratedArticle) -> str:
    return (
        f"{article.title}\n\nDate: {article.published}\nSource: {article.outlet}\nURL: {article.url}\n\n"
        f"{article.dateline}: {article.body}\n"
    )


def write_text_folder(articles: list[GeneratedArticle], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index, article in enumerate(articles):
        (folder / f"article-{index:06d}.txt").write_text(as_text_file(article), encoding="utf-8")


def write_csv(articles: list[GeneratedArticle], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["headline", "date", "source", "url", "text"])
        for article in articles:
            writer.writerow([article.title, article.published, article.outlet, article.url,
                             f"{article.dateline}: {article.body}"])


def write_jsonl(articles: list[GeneratedArticle], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps({"title": article.title, "published": article.published,
                                     "outlet": article.outlet, "url": article.url,
                                     "body": f"{article.dateline}: {article.body}"}) + "\n")
