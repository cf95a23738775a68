"""The cruft that trafilatura leaves in news text, as data: one table per language.

Patterns are matched against whole lines in folded form (lower case, accents
stripped, curly apostrophes made straight: see `crawler.relevance.scoring.fold`),
so write them without accents. `LINES` drop a line; `TAIL_HEADINGS` start a
block (most read, related, podcasts...) that runs to the end of the text;
`CREDITS` are cut out of a line (a photo credit after a caption).
"""

from __future__ import annotations

# A whole line that is cruft, whatever surrounds it.
LINES: dict[str, tuple[str, ...]] = {
    "fr": (
        r"partager( (cet|l') ?article)?( sur .*)?",
        r"(ecouter|ecoutez) (cet|l') ?episode",
        r"tous les podcasts",
        r"tout voir",
        r"propose par",
        r"\+? ?\d[\d\s.]* offres? d'emploi.*",
        r"trouvez les entreprises .* qui recrutent.*",
        r".{0,120}\b(h/f|f/h)\b.{0,40}",
        r".{0,60} - \d{2}/\d{2}/\d{4} - (cdi|cdd|stage|interim|alternance|freelance)\b.*",
        r"a lire (aussi|egalement)\s*:?.{0,150}",
        r"lire (aussi|egalement|la suite)\s*:?.{0,150}",
        r"(abonnez-vous|inscrivez-vous) .{0,150}",
        r"(recevez|recevoir) (notre|la) newsletter.{0,100}",
        r"cet article (vous est )?(reserve|est reserve) aux abonnes.{0,100}",
        r"il vous reste \d+% de cet article a lire.{0,100}",
        r"publicite",
        r"(credit|credits) photo\s*:.{0,100}",
        r"(photo|illustration)\s*:.{0,80}",
        r"mis a jour le .{0,60}",
        r"publie le .{0,60}",
        r"temps de lecture\s*:.{0,30}",
    ),
    "en": (
        r"share( this)?( article| story| on .*)?",
        r"(listen to|play) (this|the) episode",
        r"all podcasts",
        r"see all",
        r"(read|see) (more|also)\s*:?.{0,150}",
        r"(sign up|subscribe) (for|to) .{0,150}",
        r"advertisement",
        r"\d[\d,]* (job|jobs) (offers|openings|available).*",
        r"this (article|content) is (for|available to) subscribers.{0,100}",
        r"(photo|image|credit|photograph)\s*:.{0,100}",
        r"(updated|published) (on )?\w+ \d{1,2},? \d{4}.{0,40}",
        r"\d+ min(ute)? read",
    ),
    "de": (
        r"teilen( mit)?\s*:?",
        r"(jetzt )?(folge|episode) anhoren",
        r"(lesen sie|lies) (auch|mehr)\s*:?.{0,150}",
        r"(newsletter )?(abonnieren|jetzt abonnieren).{0,150}",
        r"anzeige",
        r"(foto|bild)\s*:.{0,100}",
        r"\d+ (stellenangebote|jobs).*",
    ),
    "es": (
        r"compartir( en .*)?",
        r"(escucha|escuchar) (este|el) episodio",
        r"(lee|leer) (tambien|mas)\s*:?.{0,150}",
        r"(suscribete|suscribase) .{0,150}",
        r"publicidad",
        r"(foto|imagen)\s*:.{0,100}",
        r"\d[\d.]* ofertas de (empleo|trabajo).*",
    ),
}

# A heading that opens a block of links or promos running to the end of the text.
TAIL_HEADINGS: dict[str, tuple[str, ...]] = {
    "fr": (
        r"(les )?articles les plus lus",
        r"les plus lus",
        r"sujets associes",
        r"les podcasts",
        r"sur le meme (sujet|theme)",
        r"les evenements .{0,40}",
        r"les services (de|d') ?.{0,40}",
        r"nos (dernieres )?offres d'emploi",
        r"dans la meme rubrique",
    ),
    "en": (
        r"most (read|popular|viewed)",
        r"related (articles|stories|topics|coverage)",
        r"(more|latest) (from|on) .{0,40}",
        r"you (may|might) also like",
        r"recommended (for you|stories)?",
        r"trending( now)?",
    ),
    "de": (
        r"weitere artikel zum thema",
        r"meistgelesen(e artikel)?",
        r"das konnte sie auch interessieren",
        r"mehr zum thema",
    ),
    "es": (
        r"lo mas (leido|visto)",
        r"noticias relacionadas",
        r"te puede interesar",
        r"mas noticias",
    ),
}

# A credit cut out of the end of a line (a caption's photo credit).
CREDITS: tuple[str, ...] = (
    r"\s*/?\s*photo prise le [^/]{0,40}/.*$",
    r"\s*/?\s*\b(reuters|afp|ap|getty images|epa)/[\w .'-]{2,60}$",
    r"\s*\((photo|credit photo|credit)\s*:?[^)]{0,80}\)\s*$",
    r"\s*(©|\(c\))\s*[\w .'/-]{2,60}$",
)
