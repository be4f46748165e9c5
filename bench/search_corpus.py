"""A labelled corpus for search quality: lessons a real community would write (French and
English), each with a query a member would type to find it again — in other words, other
word forms, and sometimes the other language's spelling habits (no accents, plurals)."""

import random

# (title, lesson text, topics, query that should find it)
TARGETS = [
    ("Triage de nuit aux urgences", "La nuit, deux infirmières au triage réduisent l'attente de moitié.", "triage",
     "infirmiere triage nuit"),
    ("Onboarding night-shift nurses", "Pair each new night-shift nurse with a mentor for two weeks.", "onboarding",
     "onboard new nurses"),
    ("Réseaux régionaux de conseillers", "Les réseaux régionaux partagent leurs dossiers d'entreprises chaque mois.",
     "reseau", "reseau conseiller regional"),
    ("Checkout abandonment", "Shorter checkout forms reduced abandoned carts by a third.", "ecommerce",
     "abandoned cart checkout form"),
    ("Défibrillateur vérifié chaque matin", "Tester la batterie du défibrillateur à chaque début de quart.",
     "equipement", "defibrillateur batterie"),
    ("Handover checklists", "A written handover checklist cut medication errors at shift change.", "handover",
     "medication error shift change"),
    ("Subventions aux PME", "Présenter les programmes de subvention en atelier plutôt qu'un à un.", "pme",
     "subvention atelier entreprises"),
    ("Product photos sell", "Products with five photos converted twice as often as with one.", "ecommerce",
     "photo conversion products"),
    ("Retour à domicile après chirurgie cardiaque", "Appeler le patient 48 heures après le congé évite des "
     "réadmissions.", "cardiologie", "appel patient conge readmission"),
    ("Shipping costs upfront", "Showing shipping costs on the product page reduced support tickets.", "ecommerce",
     "shipping cost support ticket"),
    ("Accueil des nouveaux conseillers", "Un parrain pendant le premier mois accélère l'intégration.", "integration",
     "parrainage nouveau conseiller integration"),
    ("Pressure ulcer prevention", "Turning patients every two hours halved pressure ulcers on the unit.",
     "prevention", "ulcers turning patients"),
    ("Communauté : rencontres courtes", "Des rencontres de 45 minutes attirent plus de participants.", "animation",
     "rencontre courte participation"),
    ("Abandoned browse emails", "A reminder email one hour after browsing recovered 4% of sessions.", "marketing",
     "reminder email browsing"),
    ("Insuffisance cardiaque : pesée quotidienne", "La pesée quotidienne détecte tôt la rétention d'eau.",
     "cardiologie", "peser insuffisance cardiaque"),
    ("Export documentation", "Keep a shared template for export permits; each file took half the time.",
     "export", "export permit template"),
    ("Fiches de suivi des entreprises", "Une fiche commune évite de redemander les mêmes informations.", "suivi",
     "fiche suivi entreprise information"),
    ("Night-shift fatigue", "Short breaks at 3 a.m. reduced errors reported by night staff.", "fatigue",
     "fatigue night staff breaks"),
    ("Taux de conversion mobile", "Un paiement en une page a augmenté la conversion sur mobile.", "ecommerce",
     "paiement mobile conversion"),
    ("Patient education videos", "Short videos before discharge improved medication adherence.", "education",
     "video discharge adherence"),
    ("Veille réglementaire partagée", "Un veilleur par thème résume les changements de règlements chaque mois.",
     "veille", "veilleur reglement changement"),
    ("Inventory sync", "Syncing inventory every 5 minutes ended overselling during sales.", "inventaire",
     "overselling inventory sync"),
    ("Sepsis : dépistage précoce", "Le score qSOFA au triage a accéléré l'antibiothérapie.", "sepsis",
     "sepsis depistage antibiotique"),
    ("Mentoring new advisers", "New economic advisers shadowed a senior adviser for ten client visits.",
     "mentorat", "shadow senior adviser visits"),
    ("Retours de produits", "Une politique de retour claire a réduit les demandes au service client.", "ecommerce",
     "politique retour service client"),
    ("Falls prevention at night", "Bed alarms and low beds cut night-time falls among elderly patients.", "chutes",
     "elderly falls bed alarm"),
    ("Financement des démarrages", "Orienter les entreprises en démarrage vers les prêts d'honneur d'abord.",
     "financement", "pret honneur demarrage"),
    ("Search on the store", "Fixing zero-result searches with synonyms increased sales from search.", "recherche",
     "zero result search synonyms"),
    ("Transfert vers les soins intensifs", "Une liste de vérification standardise le transfert aux soins intensifs.",
     "transfert", "transfert soins intensifs liste"),
    ("Sponsor reports", "A one-page monthly value report kept our sponsor engaged.", "valeur",
     "sponsor value report"),
    ("Gestion de la douleur post-opératoire", "Évaluer la douleur toutes les quatre heures la nuit aussi.",
     "douleur", "evaluation douleur postoperatoire"),
    ("Customer reviews", "Asking for reviews seven days after delivery doubled the number of reviews.", "avis",
     "review request delivery"),
    ("Exportation vers l'Europe", "Les entreprises réussissent mieux avec un distributeur local en Europe.",
     "export", "distributeur europe exportation"),
    ("Code blue debriefs", "A five-minute debrief after every code blue improved the next response.", "urgence",
     "debrief code blue"),
    ("Animer une communauté de pratique", "Poser une question précise à chaque rencontre relance les échanges.",
     "animation", "animer echanges question"),
    ("Holiday season staffing", "Hiring temporary support staff in October kept response times under a day.",
     "service", "temporary staff holidays"),
    ("Isolement et infections", "Une affiche claire à la porte a amélioré le respect de l'isolement.", "infection",
     "affiche isolement infection"),
    ("Grants paperwork", "A shared checklist for grant applications cut rejected files.", "subvention",
     "grant application checklist"),
    ("Allaitement : soutien par les pairs", "Une marraine d'allaitement réduit les abandons précoces.",
     "perinatalite", "soutien allaitement pairs"),
    ("Free shipping threshold", "A free-shipping threshold just above the average basket raised the basket size.",
     "ecommerce", "free shipping basket size"),
    ("Télésanté en région", "Les suivis par vidéo évitent de longs déplacements aux patients en région.",
     "telesante", "suivi video deplacement region"),
    ("Cybersecurity for small firms", "A yearly phishing drill made advisers' clients report scams faster.",
     "cyber", "phishing drill small business"),
]

DOMAINS = {
    "soins": ["patient", "infirmière", "quart", "unité", "médicament", "protocole", "congé", "urgence", "chambre",
              "équipe", "famille", "douleur", "suivi", "évaluation", "formation"],
    "care": ["patient", "nurse", "shift", "ward", "medication", "protocol", "discharge", "family", "team",
             "training", "pain", "assessment", "unit", "care plan", "rounds"],
    "eco": ["entreprise", "conseiller", "région", "programme", "dossier", "client", "financement", "municipalité",
            "rencontre", "projet", "démarrage", "partenaire", "service", "fiche", "réseau"],
    "shop": ["store", "order", "customer", "cart", "price", "product", "campaign", "newsletter", "coupon",
             "warehouse", "refund", "delivery", "catalog", "page", "ad"],
}
VERBS_FR = ["améliorer", "réduire", "planifier", "partager", "documenter", "vérifier", "présenter", "organiser"]
VERBS_EN = ["improve", "reduce", "plan", "share", "document", "check", "present", "organise"]


def distractors(count: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """Plausible lessons on the same themes that are not the answer."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        domain = rng.choice(list(DOMAINS))
        words = rng.sample(DOMAINS[domain], 4)
        verb = rng.choice(VERBS_FR if domain in ("soins", "eco") else VERBS_EN)
        title = f"{verb.capitalize()} {words[0]} {words[1]}"
        text = f"{verb} {words[0]} et {words[1]} avec {words[2]} {words[3]}." if domain in ("soins", "eco") else \
            f"We {verb} the {words[0]} and {words[1]} with {words[2]} {words[3]}."
        out.append((title, text, domain))
    return out
