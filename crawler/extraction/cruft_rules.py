"""The cruft that trafilatura leaves in news text, as data: one table per language.

Patterns are matched against whole lines in folded form (lower case, accents
stripped, curly apostrophes made straight: see `crawler.relevance.scoring.fold`),
so write them without accents. `LINES` drop a line; `TAIL_HEADINGS` start a
block (most read, related, podcasts...) that runs to the end of the text when
it comes late in the text, and are dropped as lines anywhere; `CREDITS` are cut
out of a line (a photo credit after a caption). Keep each pattern specific to
chrome: a line is dropped only if the whole line matches.
"""

from __future__ import annotations

# Shapes of chrome in any language: dates, links, labels, agency codes.
SHAPES: tuple[str, ...] = (
    r"\d{4}-\d{2}-\d{2}(t[\d:.]+([+-]\d{2}:?\d{2}|z)?)?( \| .{0,40})?",  # an ISO date or timestamp
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}( \d{1,2}[:h]\d{2})?",  # a numeric date
    r"\d{1,2}\.? \w+ \d{4},? \d{1,2}:\d{2}( \| .{0,30})?",  # "24. marz 2004, 19:49 | author"
    # a written-out date, with a weekday and a time: "segunda-feira, 22 de janeiro de 2018 as 0:13"
    r"([\w-]+,? )?\d{1,2}\.? (de )?[^\W\d]+ (de )?\d{4}(,? (a|as|um|at|a las|-) ?\d{1,2}[:h.]\d{2}( ?[ap]\.?m\.?)?)?",
    r"([\w-]+, )?[^\W\d]+ \d{1,2}, \d{4}( (at )?\d{1,2}:\d{2}( ?[ap]\.?m\.?)?( \w{2,4})?)?",
    r"[a-z]{2,5}(/[a-z]{2,5})+",  # agency codes: "dpa/afp", "aja/pap"
    r".{0,120}\bphotos? ©.{0,80}",
    r".{0,100}\[(insight|video|reaction|news|pictures|poll|latest|analysis|photos|gallery)\]",  # teaser tags
    r"(tags?|categor(y|ies)|kategorie|categorie|rubrique|themen?|temas?|schlagworte?)\s*:.{0,100}",
    r"(©|\(c\)|copyright)\s*.{0,300}",
    r".{0,120}\ball rights reserved\.?",
    r".{0,100}\b(cc-by|creative commons)\b.{0,100}",
    # a call to subscribe: an action and a channel on one line
    r".{0,200}\b(sign up|subscribe|melde dich|abonniere|inscrivez-vous|abonnez-vous|suscribete|suscribirse|registriere)"
    r"\b.{0,200}\b(newsletter|inbox|posteingang|boite mail|e-mail)\b.{0,200}",
    r".{0,200}\b(newsletter|inbox|posteingang)\b.{0,200}\b(sign up|subscribe|melde dich|abonniere|inscrivez-vous|"
    r"abonnez-vous|suscribete|suscribirse|registriere)\b.{0,200}",
    # a call to give: a plea for support and a way to pay on one line
    r".{0,300}\b(support us|unterstutze uns|unterstutzen sie uns|wesprzyj nas|soutenez-nous|apoyanos|apoyenos)\b.{0,150}"
    r"\b(donat\w*|donacion\w*|spende\w*|darowizn\w*|dons?|abonn\w*|subscri\w*|membership|mitglied\w*)\b.{0,300}",
    r".{0,300}\b(donat\w*|donacion\w*|spende\w*|darowizn\w*|dons?|subscri\w*|membership)\b.{0,150}"
    r"\b(support us|unterstutze uns|unterstutzen sie uns|wesprzyj nas|soutenez-nous|apoyanos|apoyenos)\b.{0,300}",
    # a cookie notice
    r".{0,200}\bcookies?\b.{0,200}\b(accept|akzeptier|accepter|consent|zustimm|datenschutz|privacy|confidentialite|"
    r"politica de privacidad)\w*\b.{0,200}",
    # an affiliate or sponsorship disclosure
    r".{0,300}\b(we may (receive|earn) (compensation|a commission)|affiliate[ -]links?|provisionslinks?)\b.{0,300}",
    r".{0,100}\b(click here|hier klicken|cliquez ici|haga clic aqui)\b.{0,120}",
    r"(telefon|tel|fax|phone|e-mail|email|mail)\.?\s*:.{0,40}",
    # a server's error message printed into the page: "Warning: ... in /var/www/.../file.php on line 56"
    r"(warning|notice|deprecated|strict standards|(fatal|parse) error)\s*:.{1,300} in /\S{1,200} on line \d+",
    r".{0,150}(?<![^\W\d_])(pdf|docx?|xlsx?)\s*\|\s*[\d.,]+\s*(kb|mb)\b.{0,80}",  # a file's link: "...2021PDF | 38 KB"
    r".{0,100}\blast modified:? .{0,40}",
    # a label with nothing after it: a heading of links or contacts
    r"(kontakt|pressekontakt|quellenangaben|quellen|zusatzinformationen|weitere (informationen|infos)|zum weiterlesen|"
    r"release date|teilnehmende blogs|ansprechpartner(in)?( zum thema)?|originalpublikation|contact|sources|references|"
    r"more information|further reading|see more photos|en savoir plus|pour en savoir plus)",
)

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
        r"pour (lire la suite|acceder en illimite).{0,100}",
        r"(abonnez-vous|inscrivez-vous) .{0,150}",
        r"(recevez|recevoir) (notre|la) newsletter.{0,100}",
        r"cet article (vous est )?(reserve|est reserve) aux abonnes.{0,100}",
        r"il vous reste \d+% de cet article a lire.{0,100}",
        r"publicite",
        r"(credits?|droits) photos?\s*:.{0,100}",
        r"(photo|illustration|image illustrative)\s*:.{0,100}",
        r"(mis a jour|publie) le .{0,60}",
        r"temps de lecture\s*:.{0,30}",
        r"suivez-(nous|nous sur) .{0,80}",
        r"tous droits reserves.{0,60}",
    ),
    "en": (
        r"share( this)?( article| story| on .*)?",
        r"(listen to|play) (this|the) episode",
        r"all podcasts",
        r"see all",
        r"(read|see) (more|also)\s*:?.{0,150}",
        r"(related|more|also read|recommended)\s*:.{0,150}",
        r"(sign up|subscribe) (for|to|now) .{0,150}",
        r".{0,100}\bsign up (here|now|today)\b.{0,40}",
        r"never miss .{0,60}newsletter.{0,40}",
        r"(get|receive) the latest .{0,60}(inbox|newsletter).{0,60}",
        r"thanks for (signing up|subscribing)!?",
        r"keep an eye on your inbox.{0,80}",
        r"an error has occurred, please try again later\.?",
        r"this article has been sent to.{0,40}",
        r"(order reprints|print article|email article|save article|view comments|leave a (comment|reply))",
        r"this copy is for your personal, non-commercial use only.{0,400}",
        r"write to .{2,60} at \S+@\S+",
        r"have a tip\?.{0,200}",
        r"tell us what you think.{0,40}",
        r"(to view|to read) the full story,? .{0,40}subscribe.{0,150}",
        r"subscribe now .{0,100}",
        r"if you('re| are) (seeing this message|already a subscriber).{0,200}",
        r"if you (enjoyed|liked) (reading )?this (post|article).{0,150}",
        r"we want to hear what you think about this article.{0,200}",
        r"submit (a|your) letter to the editor.{0,150}",
        r"this (post|article) contains (references to products|affiliate links).{0,250}",
        r"advertisement",
        r"\d[\d,]* (job|jobs) (offers|openings|available).*",
        r"this (article|content) is (for|available to) subscribers.{0,100}",
        r"(photo|image|credit|photograph|pictured)\s*:.{0,100}",
        r"(updated|published|last modified)( on| at)? .{0,40}\d.{0,30}",
        r"\d+ min(ute)?s? read",
        r"(follow|like) .{0,40}?\bon (twitter|facebook|instagram|linkedin|tiktok|youtube).{0,200}",
        r"like this (story|article)\?.{0,80}",
        r"most read in .{0,40}",
        r"(listen|download|itunes|spotify|stitcher|rss|android|apple podcasts|google podcasts)\s*:\s*\S+",
        r"don't miss",
        r"(related roundup|buyer's guide|tags?)\s*:.{0,80}",
        r"(sorry|thank you|there was an error processing your subscription)",
        r"for the latest (stories|news).{0,60}download.{0,100}",
        r"our standards: the thomson reuters trust principles\.?",
        r"([\w'-]+ ){0,3}newsletter",
    ),
    "de": (
        r"teilen( mit)?\s*:?",
        r"(jetzt )?(folge|episode) anhoren",
        r"(lesen sie|lies) (auch|mehr)\s*:?.{0,150}",
        r"(zum )?newsletter (anmelden|abonnieren).{0,100}",
        r"(newsletter )?(abonnieren|jetzt abonnieren).{0,150}",
        r"mit unserem newsletter .{0,200}",
        r"jetzt .{0,40}\b(newsletter|abonnieren|abonnent werden)\b.{0,150}",
        r"\*?(anzeige|werbung)\b.{0,100}",
        r"(foto|bild|titelbild|beitragsbild|bildquelle|fotos|quelle)\s*:.{0,100}",
        r"\d+ (stellenangebote|jobs).*",
        r"(schon gelesen|auch interessant|das konnte sie auch interessieren|das thema konnte dich auch interessieren)\??:?",
        r"vorschau auf den nachsten artikel",
        r"(top-themen|mehr zum thema|mehr themen|weitere themen)\b.{0,40}",
        r"(letzte anderung|aktualisiert am|zuletzt aktualisiert|stand):? .{0,30}\d.{0,20}",
        r"video verfugbar bis .{0,30}",
        r"(lesezeit|lesedauer):? .{0,20}",
        r"sie sind (aktuell )?nicht eingeloggt.{0,40}",
        r"(du musst )?eingeloggt ?sein um kommentare zu schreiben.{0,60}",
        r"keine kommentare.{0,80}",
        r"verraten sie .{0,40}in den kommentaren.{0,120}",
        r"klicken sie auf den .{0,30}button, um den inhalt .{0,80}zu laden\.?",
        r"\(?alle angaben ohne gewahr\)?",
        r"kommentare insgesamt:? \d+",
        r"mit der registrierung akzeptieren sie.{0,300}",
        r"vergrossern.{0,200}",
        r"(abbildung|abb\.) ?\d*\s*:.{0,200}",
        r".{0,200}\b\d[\d.]* (traumjobs|stellenangebote|jobangebote)\b.{0,200}",
        r"(alle rechte vorbehalten).{0,60}",
        r"unterstutze .{0,40}\bmit .{0,30}",
    ),
    "es": (
        r"compartir( en .*)?",
        r"(escucha|escuchar) (este|el) episodio",
        r"(lee|leer|lea) (tambien|mas)\s*:?.{0,150}",
        r"(lea|mire|mira|vea|ver|puedes ver|vea tambien|le puede interesar|te puede interesar|"
        r"tambien te puede interesar|te recomendamos|relacionado)\s*:.{0,150}",
        r"(suscribete|suscribase) .{0,150}",
        r"publicidad",
        r"(foto|imagen)\s*:.{0,100}",
        r"\d[\d.]* ofertas de (empleo|trabajo).*",
        r"(siguenos|siganos|unete) .{0,40}(telegram|instagram|facebook|twitter|youtube|whatsapp).{0,80}",
        r".{0,40}nuestro canal de (youtube|telegram|whatsapp).{0,80}",
        r"tu tambien puedes hacer periodismo.{0,100}",
        r"hazte (miembro|socio).{0,100}",
        r"(notas|noticias|articulos) relacionad[oa]s",
        r"contenido relacionado",
        r"mas sobre .{0,40}",
    ),
    "pl": (
        r"(czytaj|zobacz) (tez|takze|rowniez|wiecej)\s*:.{0,150}",
        r"dowiedz sie wiecej\s*:.{0,150}",
        r"fot\. .{0,80}",
        r"ten tekst przeczytasz w .{0,40}",
        r"material chroniony prawem autorskim.{0,120}",
        r"zapraszamy (tez )?do subskrypcji.{0,200}",
    ),
}

# A heading that opens a block of links or promos running to the end of the text.
TAIL_HEADINGS: dict[str, tuple[str, ...]] = {
    # the head of the comments: their count, or the first one's header ("#1 Comment by Name")
    "any": (
        r"\d+ (comments?|kommentare?|commentaires?|comentarios?)",
        r"#?\d+\.? (comment|kommentar|commentaire|comentario) (by|von|de|par) .{1,40}",
    ),
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
        r"related (articles|stories|topics|coverage|posts)",
        r"(more|latest) (from|on) .{0,40}",
        r"you (may|might) also like",
        r"recommended (for you|stories)?",
        r"trending( now)?",
        r"tags",
        r"comments",
    ),
    "de": (
        r"weitere (artikel|beitrage|themen|nachrichten|meldungen|news|tourentipps)\b.{0,40}",
        r"meistgelesen(e artikel)?",
        r"das konnte sie auch interessieren",
        r"mehr zum thema",
        r"empfohlene (beitrage|artikel)",
        r"beitrage aus dem forum",
        r"kommentierte artikel",
    ),
    "es": (
        r"lo mas (leido|visto)",
        r"noticias relacionadas",
        r"te puede interesar",
        r"mas noticias",
        r"temas",
    ),
}

# A credit cut out of the end of a line (a caption's photo credit).
CREDITS: tuple[str, ...] = (
    r"\s*/?\s*photo prise le [^/]{0,40}/.*$",
    r"\s*/?\s*\b(reuters|afp|ap|getty images|epa)/[\w .'-]{2,60}$",
    r"\s*\((photo|foto|cr[ée]dit photo|credit)\s*:?[^)]{0,80}\)\.?\s*$",
    r"\s*(©|\(c\))\s*[\w .'/-]{2,60}$",
)
