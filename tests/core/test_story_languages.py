"""Articles in languages other than English in the story score: their commonest words weigh little, so
unrelated articles in one language do not look like one story, and a retold one is found by its story's
words."""

from __future__ import annotations

from curator.core.dedupe import scan_duplicates
from curator.core.stories import Weights, compare_stories, scan_stories, story_text
from tests.factories import add_article

STRIKE = ("Grève à la SNCF : le trafic très perturbé jeudi",
          "La SNCF prévoit un trafic très perturbé jeudi en raison d'une grève des contrôleurs. Seul un TGV sur "
          "trois circulera sur l'axe Paris-Lyon, a indiqué la direction dans un communiqué. Les syndicats "
          "réclament une hausse des salaires et dénoncent la suppression de postes dans les gares.", "2023-03-09")
STRIKE_RETOLD = ("Contrôleurs en grève : un TGV sur trois entre Paris et Lyon",
                 "Les contrôleurs de la SNCF seront en grève jeudi et la direction annonce qu'un seul TGV sur trois "
                 "roulera entre Paris et Lyon. Pour les syndicats, il s'agit d'obtenir de meilleurs salaires et "
                 "d'empêcher les suppressions de postes dans les gares.", "2023-03-09")
STORM = ("La tempête Ciarán frappe la Bretagne",
         "La tempête a balayé la Bretagne dans la nuit avec des rafales de plus de 150 km/h. Des milliers de foyers "
         "sont privés d'électricité et les écoles sont restées fermées. Météo-France maintient la vigilance rouge "
         "pour le Finistère jusqu'à la fin de la journée.", "2023-03-09")
FOOTBALL = ("L'Olympique de Marseille s'impose à Nantes",
            "Marseille a battu Nantes deux buts à zéro samedi soir au stade de la Beaujoire. L'entraîneur s'est dit "
            "satisfait de la réaction de ses joueurs après la défaite de la semaine dernière. Le club remonte à la "
            "troisième place du classement.", "2023-03-09")
PENSIONS = ("Bundestag beschließt Rentenreform",
            "Der Bundestag hat am Freitag die umstrittene Rentenreform beschlossen. Die Regierung will damit das "
            "Rentenniveau bis zum Jahr 2039 sichern, die Beiträge sollen jedoch steigen. Die Opposition kritisierte, "
            "dass die jüngere Generation die Kosten tragen müsse.", "2024-05-17")
FLOODS = ("Hochwasser in Bayern: Pegel steigen weiter",
          "In Bayern sind nach tagelangem Regen zahlreiche Flüsse über die Ufer getreten. In mehreren Gemeinden "
          "wurde der Katastrophenfall ausgerufen, Hunderte Menschen mussten ihre Häuser verlassen. Der "
          "Wetterdienst erwartet für die Nacht weitere Niederschläge.", "2024-05-17")
ELECTION = ("El Gobierno convoca elecciones anticipadas",
            "El presidente del Gobierno anunció el lunes la convocatoria de elecciones generales anticipadas para el "
            "mes de julio. La decisión llega después de los malos resultados de su partido en las elecciones "
            "municipales y autonómicas del domingo.", "2023-05-29")
DROUGHT = ("La sequía obliga a restringir el riego en Andalucía",
           "La falta de lluvias ha dejado los embalses de Andalucía por debajo del veinte por ciento de su capacidad. "
           "La Junta ha aprobado nuevas restricciones para el riego agrícola y pide a los ciudadanos que reduzcan el "
           "consumo de agua en los hogares.", "2023-05-29")
METRO = ("Москва открыла новую станцию метро",
         "В Москве в субботу открылась новая станция метро на Большой кольцевой линии. По словам мэра, это "
         "позволит сократить время в пути для жителей юго-запада столицы. Строительство заняло почти четыре года.",
         "2023-09-02")
HARVEST = ("Урожай пшеницы в России превысил прогнозы",
           "Министерство сельского хозяйства сообщило, что урожай пшеницы в этом году оказался выше ожиданий. "
           "Экспорт зерна может вырасти, однако фермеры жалуются на низкие цены и рост стоимости удобрений.",
           "2023-09-02")
FRENCH_FUNCTION_WORDS = {"la", "le", "les", "de", "des", "du", "et", "un", "une", "dans", "sur", "pour", "en"}


def evidence(a: tuple, b: tuple):
    return compare_stories(story_text(*a), story_text(*b), Weights.background())


def test_unrelated_articles_in_one_language_are_not_one_story():
    # Weighed as words English never uses, "la", "des", "dans" made two of these 0.30 and 0.33 alike.
    for a, b in [(STRIKE, STORM), (STRIKE, FOOTBALL), (STORM, FOOTBALL), (STRIKE_RETOLD, FOOTBALL),
                 (PENSIONS, FLOODS), (ELECTION, DROUGHT), (METRO, HARVEST)]:
        assert evidence(a, b).score < 0.15, (a[0], b[0])


def test_a_retold_french_story_is_found_by_its_story_s_words():
    retold = evidence(STRIKE, STRIKE_RETOLD)
    assert retold.score > 0.7
    strongest = set(retold.shared_terms[:6])
    assert {"contrôleurs", "tgv", "sncf"} <= strongest and not strongest & FRENCH_FUNCTION_WORDS


def test_the_commonest_words_of_other_languages_weigh_little_and_rare_ones_much():
    weights = Weights.background()
    said = weights.idf("said")
    for common in ("les", "und", "que", "и", "на", "der", "el"):
        assert weights.idf(common) < said, common
    for rare in ("contrôleurs", "rentenreform", "пшеницы", "equinor"):
        assert weights.idf(rare) > 2 * said, rare


def test_a_library_scan_suggests_the_retold_story_alone(library):
    stories = [STRIKE, STRIKE_RETOLD, STORM, FOOTBALL, PENSIONS, FLOODS, ELECTION, DROUGHT, METRO, HARVEST]
    ids = [add_article(library, body, title=title, published=published) for title, body, published in stories]
    scan_duplicates(library)
    scan_stories(library)
    # The two Spanish articles were each other's closest by "el", "de", "la", "del", and suggested.
    assert [pair[:2] for pair in library.db.execute("SELECT a, b FROM pairs")] == [(ids[0], ids[1])]
