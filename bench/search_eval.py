"""The second labelled set for search (issue 15), written apart from the first and from the code.

The corpus is 49 lessons as members post them in Slack — longer than the first set's, several
sentences, Québec and France French and English — on cardiac care, regional economic development,
online commerce and running a community. The queries are what members type: typos, short forms,
the other French's words, whole questions, and the other official language. The first set's 42
lessons and 400 of its distractors are mixed in, and where one of them also answers a query it is
labelled as an answer (ids 101–142 are the first set's lessons in order).

The labels were frozen (committed) before the first run, and nothing in the search code or in the
starter glossary was tuned on them. The community glossary below is the one part written for this
corpus: what the community's animators would teach with ``/cop glossary`` for their own vocabulary;
the figures are given with and without it.
"""

# id: (title, text, topic)
LESSONS: dict[int, tuple[str, str, str]] = {
    1: ("Pompe volumétrique : double vérification",
        "Avant de démarrer une perfusion d'héparine, deux infirmières vérifient ensemble le débit programmé sur la "
        "pompe volumétrique. Depuis qu'on le fait, on n'a plus eu d'erreur de dose au 6e.", "cardiologie"),
    2: ("Telemetry alarm fatigue",
        "We cut nuisance telemetry alarms by adjusting the default limits for each patient at admission. Nurses now "
        "respond faster to the alarms that matter.", "cardiology"),
    3: ("Enseignement au congé après un infarctus",
        "On remet au patient une fiche d'une page sur ses nouveaux médicaments et on lui demande de l'expliquer "
        "dans ses mots (la méthode « teach-back »). Les appels de retour à la maison ont baissé.", "cardiologie"),
    4: ("Post-cath groin checks",
        "After a femoral catheterization, check the puncture site and distal pulses every 15 minutes for the first "
        "hour. A printed timer card on the door helped night staff keep the rhythm.", "cardiology"),
    5: ("Prévenir le délirium chez les aînés",
        "Lunettes et appareils auditifs remis dès l'arrivée, lumière tamisée la nuit, famille invitée à rester : "
        "moins de délirium sur l'unité de cardiologie.", "cardiologie"),
    6: ("Weighing heart failure patients",
        "Teach heart failure patients to weigh themselves every morning before breakfast and to call the clinic "
        "if they gain more than 2 kg in three days.", "cardiology"),
    7: ("Relève de quart structurée",
        "La relève au chevet avec la méthode SBAR prend cinq minutes de plus, mais les infirmières de nuit disent "
        "qu'elles oublient beaucoup moins de choses.", "soins"),
    8: ("Aides-soignantes et prévention des escarres",
        "Les aides-soignantes repositionnent les patients alités toutes les trois heures ; un tableau au mur indique "
        "qui a fait le dernier changement de position.", "soins"),
    9: ("Glucose checks before meals",
        "Doing capillary glucose checks 30 minutes before meals instead of at meal time fixed the insulin doses that "
        "were given late.", "diabetes"),
    10: ("Équipement de protection : l'ordre compte",
         "Une affiche avec l'ordre pour mettre et retirer l'équipement de protection individuelle (blouse, masque, "
         "gants) près de chaque chambre d'isolement a réduit les erreurs de retrait.", "infection"),
    11: ("Électrocardiogramme à l'arrivée",
         "Douleur thoracique à l'urgence : électrocardiogramme dans les 10 minutes. Le préposé le fait dès le triage "
         "au lieu d'attendre l'infirmière.", "urgence"),
    12: ("Medication reconciliation at admission",
         "A pharmacy technician collects the home medication list at admission; we see far fewer omissions at "
         "discharge.", "pharmacy"),
    13: ("Premier rendez-vous avec un entrepreneur",
         "Au premier rendez-vous, on demande le plan d'affaires et les états financiers des deux dernières années. "
         "Ça évite une deuxième rencontre pour rien.", "accompagnement"),
    14: ("Grant application deadlines",
         "Keep a shared calendar of provincial and federal grant deadlines. Advisers check it every Monday and remind "
         "their clients two weeks ahead.", "grants"),
    15: ("Relève d'entreprise",
         "Pour les propriétaires qui approchent de la retraite, on organise un atelier sur le transfert d'entreprise "
         "avec un notaire et un comptable.", "releve"),
    16: ("Export readiness checklist",
         "Before sending a company on a trade mission, we go through a ten-question export readiness checklist. "
         "Fewer firms drop out halfway.", "export"),
    17: ("Main-d'œuvre : recruter à l'international",
         "Les entreprises manufacturières de la région recrutent des soudeurs à l'étranger ; il faut compter douze "
         "mois pour les permis de travail.", "main-d-oeuvre"),
    18: ("Empty storefronts downtown",
         "A pop-up shop program in empty storefronts brought three new merchants to the main street in one year.",
         "downtown"),
    19: ("Financement des coopératives",
         "Les coopératives ont accès à des prêts à taux réduit ; orientez-les vers le réseau d'investissement "
         "solidaire avant la banque.", "financement"),
    20: ("Tableau de suivi des dossiers",
         "Un tableur partagé où chaque conseiller note l'étape de ses dossiers évite de perdre le fil quand quelqu'un "
         "part en vacances.", "suivi"),
    21: ("Client satisfaction survey",
         "A three-question survey sent a week after each consultation doubled our response rate compared with the "
         "yearly survey.", "clients"),
    22: ("Achat local",
         "La campagne d'achat local de la MRC a mieux marché avec des bons d'achat qu'avec des affiches.",
         "commerce-local"),
    23: ("Succession planning for farms",
         "Farm transfers need a family meeting led by a neutral adviser before anyone talks about valuation.",
         "agriculture"),
    24: ("Premiers pas numériques des commerçants",
         "On aide les commerçants à ouvrir une fiche Google et à afficher leurs heures d'ouverture ; c'est le premier "
         "pas avant une boutique en ligne.", "numerique"),
    25: ("Livraison gratuite à partir de 75 $",
         "La livraison gratuite à partir de 75 $ a fait monter le panier moyen de 18 % sans nuire à la marge.",
         "ecommerce"),
    26: ("Size guide on apparel pages",
         "Adding a size guide with real garment measurements cut apparel returns by a quarter.", "ecommerce"),
    27: ("Paniers abandonnés : le courriel de relance",
         "Un courriel de relance envoyé trois heures après l'abandon du panier récupère environ 5 % des commandes.",
         "ecommerce"),
    28: ("Black Friday server load",
         "Load-test the checkout two weeks before Black Friday: last year the payment page timed out at noon.",
         "ecommerce"),
    29: ("Avis clients vérifiés",
         "Afficher les avis clients vérifiés sur la fiche produit a augmenté le taux de transformation de 9 %.",
         "ecommerce"),
    30: ("Fraud screening",
         "Orders whose billing and shipping addresses are in different countries go to manual review before they "
         "ship.", "ecommerce"),
    31: ("Stocks pour la période des fêtes",
         "On commande le stock des fêtes en septembre : en novembre, les fournisseurs sont en rupture.", "ecommerce"),
    32: ("Newsletter unsubscribe rate",
         "Sending the newsletter every two weeks instead of weekly halved unsubscribes.", "ecommerce"),
    33: ("Taxes de vente hors Québec",
         "Vendre hors Québec : il faut percevoir la TPS ou la TVH selon la province de livraison ; le module de taxes "
         "de la plateforme le calcule si on l'active.", "ecommerce"),
    34: ("Live chat hours",
         "Live chat staffed until 9 p.m. on weekdays answered most pre-sale questions and lifted evening sales.",
         "ecommerce"),
    35: ("Photos de produits faites maison",
         "Un boîtier lumineux à 60 $ et un téléphone suffisent pour des photos de produits uniformes.", "ecommerce"),
    36: ("Returns portal",
         "A self-serve returns portal with prepaid labels cut customer service emails about returns by half.",
         "ecommerce"),
    37: ("Faire parler les membres discrets",
         "En début de rencontre, un tour de table d'une minute par personne donne la parole à ceux qui n'osent pas.",
         "animation"),
    38: ("Harvesting a meeting",
         "Ask one member to note three takeaways during the meeting and post them in the channel the same day.",
         "facilitation"),
    39: ("Choisir les sujets des rencontres",
         "Un sondage de trois sujets en début d'année donne le calendrier des rencontres ; les membres viennent pour "
         "le sujet qu'ils ont choisi.", "animation"),
    40: ("Showing value to sponsors",
         "Collect one short success story a month: sponsors remember stories better than numbers.", "value"),
    41: ("Accueil des nouveaux membres",
         "Chaque nouveau membre est jumelé à un membre d'expérience qui l'invite à sa première rencontre.",
         "animation"),
    42: ("Time zones for a national community",
         "Rotating the meeting time between morning and afternoon let members from the West Coast and the Maritimes "
         "both attend.", "facilitation"),
    43: ("Statistiques de fréquentation du site",
         "Regarder les statistiques de fréquentation chaque lundi : une baisse soudaine signale souvent un problème "
         "de référencement.", "ecommerce"),
    44: ("Ressources humaines en petite entreprise",
         "Les petites entreprises sans service de ressources humaines peuvent partager une conseillère à temps "
         "partiel entre trois employeurs.", "main-d-oeuvre"),
    45: ("Personal protective equipment fit testing",
         "N95 fit testing for every new nurse during orientation meant no scrambling during outbreaks.", "infection"),
    46: ("Foire aux questions des membres",
         "Une foire aux questions épinglée dans le canal répond aux questions des nouveaux sur l'accès aux "
         "documents.", "animation"),
    47: ("Early warning score on the wards",
         "Nurses calculate an early warning score at each vital signs check; a score of 5 calls the intensive care "
         "outreach team.", "soins"),
    48: ("Application mobile et commandes",
         "Notre application mobile fait maintenant 40 % des commandes ; les notifications de promotion y marchent "
         "mieux que les courriels.", "ecommerce"),
    49: ("Fréquence de l'infolettre",
         "Envoyer l'infolettre aux deux semaines plutôt qu'à chaque semaine a réduit les désabonnements de moitié.",
         "ecommerce"),
}

# (category, query, the lessons that answer it)
QUERIES: list[tuple[str, str, set[int]]] = [
    # Typos.
    ("typo", "pompe volumetirque heparine", {1}),
    ("typo", "telemetyr alarms", {2}),
    ("typo", "delirum unité cardiologie", {5}),
    ("typo", "glucse before meals insulin", {9}),
    ("typo", "courriel de relence panier", {27}),
    ("typo", "black fridy checkout load test", {28}),
    ("typo", "recrutment soudeurs étranger", {17}),
    ("typo", "satisfation survey clients", {21}),
    ("typo", "succesion farm transfer", {23}),
    ("typo", "coopérative finacement prêt", {19}),
    ("typo", "size guid apparel returns", {26}),
    ("typo", "fraud reveiw shipping address", {30}),
    ("typo", "tour de tabel membres discrets", {37}),
    ("typo", "sucess stories sponsors", {40, 130}),
    # Short forms.
    ("abbreviation", "ECG triage", {11}),
    ("abbreviation", "retrait épi", {10, 45}),
    ("abbreviation", "rdv plan d'affaires", {13}),
    ("abbreviation", "stats fréquentation site", {43}),
    ("abbreviation", "RH petites entreprises", {44}),
    ("abbreviation", "PPE fit test", {45}),
    ("abbreviation", "FAQ canal nouveaux", {46}),
    ("abbreviation", "ICU outreach score", {47}),
    ("abbreviation", "appli commandes notifications", {48}),
    ("abbreviation", "promo notifications appli", {48}),
    ("abbreviation", "PAB repositionnement patients alités", {8}),
    ("abbreviation", "inf nuit relève", {7}),
    ("abbreviation", "pme recrutement étranger", {17}),
    # The other French (Québec ↔ France).
    ("quebec-france", "mail de relance panier abandonné", {27}),
    ("quebec-france", "newsletter fréquence désinscriptions", {49, 32}),
    ("quebec-france", "frais de port offerts panier moyen", {25, 140}),
    ("quebec-france", "préposés aux bénéficiaires plaies de pression", {8}),
    ("quebec-france", "business plan premier rendez-vous", {13}),
    ("quebec-france", "stock fêtes de fin d'année", {31}),
    ("quebec-france", "enquête choix des sujets des réunions", {39}),
    ("quebec-france", "binôme nouveaux membres", {41}),
    ("quebec-france", "chiffrier partagé dossiers", {20}),
    ("quebec-france", "consommer local bons d'achat", {22}),
    ("quebec-france", "transmission d'entreprise retraite", {15}),
    ("quebec-france", "sortie d'hospitalisation infarctus", {3}),
    ("quebec-france", "délirium personnes âgées", {5}),
    # Whole questions, as typed in "before you ask".
    ("question", "Comment est-ce que vous faites pour éviter les erreurs de dose avec l'héparine sur la pompe?", {1}),
    ("question", "How do you keep night staff checking the groin site after a cath?", {4}),
    ("question", "Est-ce que quelqu'un a une astuce pour que les patients comprennent leurs nouveaux médicaments "
                 "avant de partir?", {3}),
    ("question", "What do you tell heart failure patients about weighing themselves at home?", {6, 115}),
    ("question", "On perd toujours le fil des dossiers quand un collègue est en vacances, vous faites comment?", {20}),
    ("question", "Any tips to get more clients to answer our satisfaction survey?", {21}),
    ("question", "Quels documents demandez-vous à un entrepreneur avant la première rencontre?", {13}),
    ("question", "How do we stop the payment page from crashing on Black Friday?", {28}),
    ("question", "Combien de temps faut-il prévoir pour recruter des travailleurs à l'étranger?", {17}),
    ("question", "How can we reduce returns on clothing?", {26, 36}),
    ("question", "Comment faire participer les membres qui ne parlent jamais pendant les rencontres?", {37}),
    ("question", "How do we get people from different time zones to attend our meetings?", {42}),
    ("question", "Comment choisissez-vous les sujets de vos rencontres pour l'année?", {39}),
    ("question", "Should we screen orders shipped to a different country than the billing address?", {30}),
    # The other official language.
    ("cross-language", "infusion pump double check heparin", {1}),
    ("cross-language", "alarmes de télémétrie", {2}),
    ("cross-language", "discharge teaching heart attack", {3}),
    ("cross-language", "pesée quotidienne insuffisance cardiaque", {6, 115}),
    ("cross-language", "bedside handover SBAR", {7, 106}),
    ("cross-language", "glycémie avant les repas insuline", {9}),
    ("cross-language", "date limite subventions calendrier", {14}),
    ("cross-language", "business succession workshop notary", {15}),
    ("cross-language", "liste de vérification exportation", {16}),
    ("cross-language", "abandoned cart reminder email", {27}),
    ("cross-language", "verified customer reviews product page", {29, 132}),
    ("cross-language", "taille vêtements retours", {26}),
    ("cross-language", "holiday stock order september", {31}),
    ("cross-language", "new member buddy first meeting", {41}),
    ("cross-language", "récolte des apprentissages après une rencontre", {38}),
]

# What this community's animators would add with /cop glossary for their own vocabulary.
COMMUNITY_GLOSSARY: list[tuple[str, ...]] = [
    ("pompe volumétrique", "infusion pump"),
    ("télémétrie", "telemetry"),
    ("infarctus", "heart attack", "myocardial infarction"),
    ("insuffisance cardiaque", "heart failure"),
    ("relève", "handover", "handoff"),
    ("glycémie", "glucose", "blood sugar"),
    ("plaie de pression", "escarre", "pressure injury", "pressure ulcer"),
    ("aîné", "personne âgée", "elderly", "senior"),
    ("enseignement", "teaching", "education"),
    ("relève d'entreprise", "transmission d'entreprise", "business succession"),
    ("plan d'affaires", "business plan"),
    ("tableur", "chiffrier", "spreadsheet"),
    ("frais de livraison", "frais de port", "shipping costs"),
    ("avis", "review"),
    ("taille", "size"),
    ("vêtements", "apparel", "clothing"),
    ("fêtes", "holidays", "fin d'année"),
    ("jumelé", "jumelage", "binôme", "buddy"),
    ("désabonnement", "désinscription", "unsubscribe"),
    ("achat local", "consommer local", "buy local"),
    ("date limite", "échéance", "deadline"),
    ("récolte", "harvest", "takeaways"),
]
