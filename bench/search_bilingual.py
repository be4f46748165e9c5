"""The cross-language labelled set for search (issue 27, item 7): a query in one official language, the
lesson written in the other.

42 new lessons as members post them in Slack, 14 in each of the seeds' three fields (care and nursing,
regional economic development, online commerce), half written in French and half in English; and one
query for each, typed in the *other* language the way a member types (a few words, sometimes a
question, the words a colleague of that language would use, not a word-for-word translation of the
lesson): 21 French queries for English lessons, 21 English queries for French lessons.

The lessons are mixed into the second labelled set's corpus (bench/search_eval.py: its 49 lessons, the
first set's 42 and 400 distractors), and they are distractors for one another. Where another lesson
also answers a query it is labelled an answer.

The labels were frozen (committed) before the first run, and before any bilingual lexicon was written.
Nothing in the search code, the glossaries or a lexicon may be tuned on these queries: a lexicon entry
written because a query here missed would make the figure worthless. Run with
``python -m bench.search_labelled --set bilingual``.
"""

# id: (title, text, topic); ids from 201 (the other sets use 1–49, 101–142 and 1001–1400)
LESSONS: dict[int, tuple[str, str, str]] = {
    # Care and nursing, in French.
    201: ("Hygiène des mains : des audits surprise",
          "Des audits surprise de l'hygiène des mains, une fois par semaine, ont fait passer l'observance de 60 % à "
          "85 % sur l'unité de médecine. On affiche le résultat au poste des infirmières.", "prevention-infections"),
    202: ("Sonde urinaire : se demander chaque matin si elle sert encore",
          "À la tournée du matin, on vérifie si la sonde urinaire est encore nécessaire et on la retire dès que "
          "possible. Les infections urinaires ont diminué de moitié depuis.", "prevention-infections"),
    203: ("Vaccination du personnel contre la grippe",
          "Une clinique de vaccination mobile qui passe sur chaque étage, y compris pendant les quarts de nuit, a "
          "fait monter le taux de vaccination du personnel de 15 points.", "sante-au-travail"),
    204: ("Niveaux de soins : en parler dès l'admission",
          "Une conversation sur les niveaux de soins et les volontés du patient dès l'admission évite les décisions "
          "prises dans l'urgence. Le médecin et l'infirmière la mènent ensemble avec la famille.", "soins-palliatifs"),
    205: ("Lever le patient le jour de sa chirurgie",
          "Après une prothèse de hanche, lever le patient le jour même de l'opération raccourcit le séjour d'un jour "
          "en moyenne. La physiothérapeute passe en fin d'après-midi.", "chirurgie"),
    206: ("Allergies : bracelet rouge et vérification à voix haute",
          "Un bracelet rouge pour les patients allergiques et une vérification à voix haute avant chaque nouvel "
          "antibiotique ont évité trois réactions graves cette année.", "securite"),
    207: ("Dépister la dénutrition chez les résidents",
          "Peser les résidents chaque mois et noter ce qu'ils mangent a permis de repérer la dénutrition avant une "
          "grosse perte de poids ; la nutritionniste reçoit une alerte.", "soins-de-longue-duree"),
    # Care and nursing, in English.
    208: ("Needlestick injuries",
          "Switching to safety-engineered needles and putting a sharps container in every room cut needlestick "
          "injuries among staff by two thirds.", "occupational-health"),
    209: ("Open visiting hours",
          "Open visiting hours on the cardiac unit reduced complaints, and families now help with meals and with "
          "walking after surgery.", "families"),
    210: ("Blood transfusion bedside check",
          "Two nurses check the patient's wristband against the blood bag at the bedside before every transfusion, "
          "and both barcodes are scanned.", "safety"),
    211: ("Wound photos in the chart",
          "Taking a photo of the wound at every dressing change, with a paper ruler in the frame, makes healing easy "
          "to follow from one shift to the next.", "wound-care"),
    212: ("Letting patients sleep",
          "Grouping vital signs checks at 10 p.m. and 6 a.m. and dimming the corridor lights let most patients sleep "
          "through the night.", "nursing"),
    213: ("Peer support after a hard shift",
          "A monthly peer support huddle after difficult deaths lowered sick leave and burnout among the ICU "
          "nurses.", "wellbeing"),
    214: ("Oral care prevents pneumonia",
          "Brushing patients' teeth twice a day and raising the head of the bed halved hospital-acquired pneumonia "
          "on the ward.", "infection-prevention"),
    # Regional economic development, in French.
    215: ("Un incubateur en milieu rural",
          "Notre incubateur offre un bureau gratuit pendant six mois aux jeunes entrepreneurs de la MRC, en échange "
          "d'un suivi mensuel avec une conseillère.", "entrepreneuriat"),
    216: ("Loger les travailleurs",
          "Les employeurs de la région ne trouvent pas de logement pour leurs nouveaux employés ; la municipalité a "
          "modifié le zonage pour permettre les maisons de chambres.", "logement"),
    217: ("Tourisme hors saison : le forfait d'hiver",
          "Un forfait d'hiver monté avec les auberges et la station de ski a rempli les hébergements en janvier, "
          "notre mois le plus creux.", "tourisme"),
    218: ("Internet haute vitesse dans les rangs",
          "Sans internet haute vitesse, des entreprises quittent les rangs ; on a recensé les adresses mal desservies "
          "pour appuyer la demande d'aide au fédéral.", "infrastructures"),
    219: ("Des terrains prêts à bâtir",
          "Avoir des terrains déjà desservis (aqueduc, égouts, électricité) dans le parc industriel a convaincu deux "
          "usines de s'installer chez nous.", "attraction"),
    220: ("Économie sociale : acheter ensemble",
          "Les entreprises d'économie sociale de la région se regroupent pour acheter ensemble leurs assurances et "
          "leurs services de comptabilité.", "economie-sociale"),
    221: ("Attirer de jeunes familles au village",
          "Une prime à l'installation et une place garantie à la garderie ont attiré une vingtaine de jeunes "
          "familles au village en deux ans.", "demographie"),
    # Regional economic development, in English.
    222: ("A cold storage hub for food processors",
          "Bringing the region's food processors together around a shared cold storage warehouse lowered their "
          "costs and attracted a new dairy.", "agri-food"),
    223: ("Immigrant entrepreneurs",
          "Newcomers who want to start a business get a mentor from the local chamber of commerce and an interpreter "
          "for their first meetings with the bank.", "entrepreneurship"),
    224: ("Façade renovation program",
          "Matching funds for façade renovations on Main Street: the town pays half, up to $10,000, and the owner "
          "pays the rest.", "downtown"),
    225: ("Business retention visits",
          "Every year our advisers visit the 50 largest employers to ask about their expansion plans and their hiring "
          "problems; two planned closures were avoided.", "retention"),
    226: ("Tariffs: finding new markets",
          "When tariffs hit our exporters, we paid for trade show booths in Mexico and Europe so they could meet new "
          "buyers.", "trade"),
    227: ("Angel investors in the region",
          "A regional angel investor network now meets four times a year; founders pitch for ten minutes in front "
          "of local investors.", "financing"),
    228: ("Retirees back on the shop floor",
          "Part-time schedules and a bonus brought retired machinists back to train apprentices at the plant during "
          "the labour shortage.", "workforce"),
    # Online commerce, in French.
    229: ("Payer en quatre versements",
          "Offrir le paiement en quatre versements sans frais a fait grimper les commandes de plus de 200 $.",
          "paiement"),
    230: ("Un emballage plus écologique",
          "Des boîtes en carton recyclé et du papier froissé à la place du papier bulle : les clients en parlent dans "
          "leurs avis.", "emballage"),
    231: ("Codes promo et influenceuses",
          "Les codes promo publiés sur Instagram se retrouvaient sur les sites de coupons ; chaque influenceuse a "
          "maintenant son propre code unique.", "marketing"),
    232: ("Vendre sur Amazon",
          "Vendre aussi sur Amazon a doublé notre chiffre d'affaires, mais les commissions de la plateforme mangent "
          "la moitié de la marge.", "places-de-marche"),
    233: ("Boîte d'abonnement mensuelle",
          "Notre boîte de café par abonnement mensuel donne des revenus prévisibles ; les annulations baissent "
          "quand on permet de sauter un mois.", "abonnement"),
    234: ("Des fiches produits en français",
          "Traduire nos fiches produits en français a augmenté les ventes au Québec de 30 % ; la loi l'exige de "
          "toute façon.", "contenu"),
    235: ("Cueillette en magasin",
          "Offrir la cueillette en magasin gratuite a réduit nos frais d'expédition, et les clients achètent souvent "
          "autre chose sur place.", "logistique"),
    # Online commerce, in English.
    236: ("Faster pages on phones",
          "Compressing product images made pages load in under two seconds on phones, and mobile sales rose by 12%.",
          "performance"),
    237: ("Back-in-stock alerts",
          "A \"notify me when it's back in stock\" button collected emails for sold-out products; a third of those "
          "people bought when the item came back.", "inventory"),
    238: ("Fewer lost chargebacks",
          "We lost fewer chargeback disputes once we kept proof of delivery with a signature for orders over $300.",
          "payments"),
    239: ("Gift cards in December",
          "Selling digital gift cards in December brought new customers in January, when they came to spend them.",
          "holidays"),
    240: ("Loyalty points",
          "A points program where 100 points give $5 off raised repeat purchases from 20% to 31% of customers.",
          "loyalty"),
    241: ("Product videos",
          "A 30-second video on the product page showing the item in use cut the questions sent to customer "
          "service.", "content"),
    242: ("Wholesale accounts",
          "A separate wholesale price list behind a login lets boutiques order in bulk without calling us.",
          "wholesale"),
}

# (field, query, the lessons that answer it): the query is in the other language than its lesson.
QUERIES: list[tuple[str, str, set[int]]] = [
    # Care: English queries, French lessons.
    ("care", "hand hygiene audits compliance", {201}),
    ("care", "remove urinary catheters early to prevent infections", {202}),
    ("care", "flu shots for staff on night shift", {203}),
    ("care", "goals of care conversation at admission with the family", {204}),
    ("care", "early mobility after hip surgery", {205}),
    ("care", "allergy wristband before antibiotics", {206}),
    ("care", "malnutrition screening weigh residents", {207}),
    # Care: French queries, English lessons.
    ("care", "blessures par piqûre d'aiguille chez le personnel", {208}),
    ("care", "heures de visite ouvertes pour les familles", {209}),
    ("care", "double vérification avant une transfusion sanguine", {210}),
    ("care", "photo des plaies au changement de pansement", {211}),
    ("care", "sommeil des patients la nuit signes vitaux", {212}),
    ("care", "épuisement professionnel soutien entre pairs soins intensifs", {213}),
    ("care", "pneumonie acquise à l'hôpital hygiène buccale", {214}),
    # Economic development: English queries, French lessons.
    ("economic-development", "rural business incubator free office space", {215}),
    ("economic-development", "housing shortage for workers zoning", {216}),
    ("economic-development", "off-season tourism winter package", {217}),
    ("economic-development", "high-speed internet for rural businesses", {218}),
    ("economic-development", "serviced land in the industrial park", {219}),
    ("economic-development", "social economy group purchasing insurance", {220}),
    ("economic-development", "how to attract young families, daycare", {221}),
    # Economic development: French queries, English lessons.
    ("economic-development", "transformateurs alimentaires entrepôt frigorifique partagé", {222}),
    ("economic-development", "entrepreneurs immigrants mentor chambre de commerce", {223}),
    ("economic-development", "programme de rénovation des façades rue principale", {224}),
    ("economic-development", "visites aux grands employeurs projets d'expansion", {225}),
    ("economic-development", "tarifs douaniers exportateurs nouveaux marchés", {226}),
    ("economic-development", "réseau d'anges investisseurs en région", {227}),
    ("economic-development", "retraités de retour au travail pénurie de main-d'œuvre", {228}),
    # Online commerce: English queries, French lessons.
    ("e-commerce", "buy now pay later installments", {229}),
    ("e-commerce", "eco-friendly packaging recycled boxes", {230}),
    ("e-commerce", "influencer discount codes on coupon sites", {231}),
    ("e-commerce", "selling on Amazon marketplace fees", {232}),
    ("e-commerce", "monthly subscription box cancellations", {233}),
    ("e-commerce", "translate product descriptions into French", {234}),
    ("e-commerce", "free in-store pickup", {235}),
    # Online commerce: French queries, English lessons.
    ("e-commerce", "compresser les images temps de chargement sur mobile", {236}),
    ("e-commerce", "alerte de retour en stock produits épuisés", {237}),
    ("e-commerce", "rétrofacturations preuve de livraison", {238}),
    ("e-commerce", "cartes-cadeaux numériques à Noël", {239}),
    ("e-commerce", "programme de fidélité points", {240}),
    ("e-commerce", "vidéo sur la fiche produit moins de questions au service client", {241}),
    ("e-commerce", "liste de prix de gros pour les boutiques", {242}),
]

FIELDS = ["care", "economic-development", "e-commerce"]
