from __future__ import annotations

from crawler.extraction.cruft import strip_cruft

STORY = [
    "VARSOVIE - Le groupe chinois Huawei se dit prêt à renforcer la sécurité de ses équipements pour rester dans la 5G.",
    "Les Etats-Unis pressent leurs alliés de refuser ses antennes, en l'accusant d'espionnage pour le compte de Pékin.",
    "Le vice-président américain a salué la fermeté du gouvernement polonais, après l'arrestation d'un salarié.",
    "Le groupe dément toutes les accusations et propose des contrôles supplémentaires sur ses fournisseurs.",
]


def test_sample_cruft_is_removed_and_the_story_kept() -> None:
    text = "\n".join(
        [STORY[0], "Partager", STORY[0] + " /Photo prise le 12 février 2019/REUTERS/Dado Ruvic", *STORY[1:],
         "Sujets associés", "LES PODCASTS", "Digital et médias, par Julie", "Une longue description du podcast.",
         "Écouter cet épisode", "Tous les podcasts", "Ingénieur chef de projet bâtiment H/F",
         "+ 550 offres d’emploi", "ARTICLES LES PLUS LUS"]
    )
    result = strip_cruft(text, title="Huawei prêt à renforcer sa sécurité")
    assert result.text.split("\n") == STORY
    assert result.removed == 11  # 15 lines in, the 4 of the story out


def test_lines_are_cruft_only_as_whole_lines() -> None:
    line = "Il a refusé de partager ses données avec le gouvernement, selon les documents consultés."
    assert strip_cruft(line).text == line


def test_a_tail_heading_early_in_the_text_does_not_cut_the_story() -> None:
    text = "\n".join(["Most read", *STORY])
    assert strip_cruft(text).text == "\n".join(STORY)


def test_a_related_box_inside_the_story_goes_and_the_story_after_it_stays() -> None:
    before = [f"{line} {line}" for line in STORY[:3]]  # running paragraphs of 30 words and more
    after = [f"{a} {b}" for a, b in zip(STORY[1:], STORY[:3], strict=True)]
    teasers = ["Related Articles", "Huawei wins a contract in Portugal", "ZTE profits fall again"]
    text = "\n".join([*before, *teasers, *after, "Most read", "A teaser", "Another teaser"])
    assert strip_cruft(text).text.split("\n") == [*before, *after]


def test_title_repeated_in_the_body_is_dropped() -> None:
    assert strip_cruft("Le titre de l'article\n" + STORY[0], title="Le titre de l’article").text == STORY[0]


def test_job_ads_and_caps_headings() -> None:
    text = "\n".join([*STORY, "LES SERVICES DE L’USINE NOUVELLE", "LE CNAM - 10/01/2022 - CDD - PARIS", "Tout voir"])
    assert strip_cruft(text).text == "\n".join(STORY)


def test_english_german_spanish_rules() -> None:
    text = "\n".join([STORY[0], "Share this article", "Teilen mit:", "Compartir", "Advertisement", *STORY[1:]])
    assert strip_cruft(text).text == "\n".join(STORY)


def test_caption_repeating_the_lead_without_its_dateline_is_dropped() -> None:
    lead = "VARSOVIE (Reuters) - " + STORY[1]
    caption = STORY[1] + " /Photo prise le 12 février 2019/REUTERS/Dado Ruvic"
    assert strip_cruft("\n".join([lead, caption, STORY[2]])).text == "\n".join([lead, STORY[2]])


def test_a_short_quote_repeated_inside_a_paragraph_is_kept() -> None:
    quote = "« C'est inacceptable »"
    text = "\n".join([f"Le ministre a déclaré {quote} devant la presse.", quote])
    assert strip_cruft(text).text == text


def test_short_labels_repeated_in_each_part_of_a_plan_are_kept() -> None:
    part = "Pre-workout meal\nEat 60 to 90 minutes before your workout\nContainers: 1 green, 1 red"
    text = "\n".join([f"Plan {name}\n{part}" for name in "AB"])
    assert strip_cruft(text).text.count("Containers: 1 green, 1 red") == 2


def test_the_pages_address_printed_above_the_story_is_dropped() -> None:
    text = "https://news.example.com/2024/05/01/cat-found.html\n" + STORY[1]
    assert strip_cruft(text).text == STORY[1]


def test_a_line_repeating_the_story_part_of_a_page_title_is_dropped() -> None:
    title = "La perte des terres fertiles et les éléphants en Guinée | DW | 23.05.2011"
    text = "\n".join(["La perte des terres fertiles et les éléphants en Guinée | Environnement | DW | 23.05.2011", *STORY])
    assert strip_cruft(text, title=title).text == "\n".join(STORY)
    dated = "\n".join(["27.01.2022Mineralölinfo November 2021", *STORY])
    assert strip_cruft(dated, title="Statistik - Mineralölinfo November 2021").text == "\n".join(STORY)


def test_the_title_is_dropped_from_each_of_the_first_three_lines() -> None:
    title = "Le titre de l'article du jour"
    text = "\n".join([title + " | Le Site", "Une ligne d'introduction courte.", title, *STORY])
    assert strip_cruft(text, title=title).text == "\n".join(["Une ligne d'introduction courte.", *STORY])


def test_a_short_part_of_the_title_is_a_name_not_a_title() -> None:
    text = "\n".join(["Monde", *STORY])
    assert strip_cruft(text, title="Un long titre d'article sur la 5G - Monde").text == text


def test_a_caption_above_a_credit_line_goes_with_it() -> None:
    text = "\n".join([STORY[0], "Le port de Gdansk, vu du ciel.", "© Jan Kowalski", *STORY[1:]])
    assert strip_cruft(text).text == "\n".join(STORY)


def test_a_copyright_notice_with_a_year_leaves_the_line_above_it() -> None:
    text = "\n".join([*STORY, "© 2024 Exemple Media"])
    assert strip_cruft(text).text == "\n".join(STORY)


def test_a_file_link_glued_to_its_date_is_dropped() -> None:
    text = "\n".join([*STORY, "Informationsschreiben vom 14. Oktober 2021PDF | 38 KB | barrierefrei"])
    assert strip_cruft(text).text == "\n".join(STORY)


def test_a_plea_for_support_with_a_way_to_pay_is_dropped_a_plea_alone_stays() -> None:
    plea = "Czytasz właśnie nowy rodzaj materiału. Wesprzyj nas darowizną lub przekaż nam 1% podatku."
    quote = "\u201cWe need the world to support us now,\u201d the minister said on Tuesday in Kyiv."
    assert strip_cruft("\n".join([*STORY, plea])).text == "\n".join(STORY)
    assert strip_cruft("\n".join([*STORY, quote])).text == "\n".join([*STORY, quote])


def test_the_comments_after_their_count_or_their_first_header_go() -> None:
    for head in ("12 Kommentare", "3 comments", "#1 Kommentar von Leserin", "1. Commentaire de Paul"):
        comments = [head, "Danke für den Artikel!", "Très bon article, merci."]
        assert strip_cruft("\n".join([*STORY, *comments])).text.split("\n") == STORY, head


def test_a_comment_count_early_in_the_text_leaves_the_story() -> None:
    assert strip_cruft("\n".join(["4 comments", *STORY])).text.split("\n") == STORY


def test_an_excerpt_of_the_story_goes_and_the_story_lines_it_holds_stay() -> None:
    excerpt = f"{STORY[0]} {STORY[1]} [...]"
    result = strip_cruft("\n".join([excerpt, *STORY])).text.split("\n")
    assert result == STORY


def test_a_paragraph_repeated_inside_a_longer_line_without_an_ellipsis_still_goes() -> None:
    longer = f"{STORY[0]} {STORY[1]}"
    assert strip_cruft("\n".join([longer, STORY[1], STORY[2]])).text.split("\n") == [longer, STORY[2]]


def test_a_servers_error_message_is_dropped_a_sentence_about_warnings_stays() -> None:
    story = "The county warned on Monday that the bridge will close for repairs in the spring."
    quote = "Warning: the river rose two metres in one night, the mayor said in his statement."
    text = "\n".join([
        "Warning: Creating default object from empty value in /var/www/site/includes/classes.php on line 407",
        story,
        "Deprecated: Assigning the return value of new by reference is deprecated in /srv/app/cache.php on line 36",
        quote,
    ])
    assert strip_cruft(text).text.splitlines() == [story, quote]
