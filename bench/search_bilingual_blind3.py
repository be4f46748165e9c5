# ruff: noqa: E501 (the set is data, frozen as its author wrote it)
"""Third blind cross-language evaluation set for the lessons-learned search.

What it is: 48 "lessons learned" as members of bilingual (Quebec French /
Canadian English) communities of practice would post them, and 48 search
queries, each written in the OTHER official language than the lesson it is
meant to find. A query is labelled with every lesson of the set that
genuinely answers it (usually one; a second where two lessons really both
answer).

How it was written: BLIND. The author did not open the search code, its
bilingual lexicon, the project notes or the two earlier blind sets, and ran
no project code. Lessons and queries come only from knowledge of the
professional practices (nursing, regional economic development, Canadian
e-commerce) and of how practitioners in each language name things.

Layout:
  LESSONS  id -> (title, text, topic slug); ids 401-448.
           care 401-416, economic-development 417-432, e-commerce 433-448;
           within each field the first 8 ids are in Quebec French, the next
           8 in Canadian English.
  QUERIES  (field, query text, set of relevant lesson ids); per field
           8 English queries -> French lessons, then 8 French queries ->
           English lessons. 24 queries in each direction.
  FIELDS   the three fields.

Author's note, as written: the queries are what a colleague would type, not
translations of the titles. Many of them deliberately use the word the other
language community really uses when the two languages name the thing with
unrelated words or acronyms (CTAS / ETG, LMIA / EIMT, CASL / LCAP,
shovel-ready, shoulder season, pop-up / boutique ephemere, dim weight /
poids volumetrique, BNPL / paiement differe, 3PL / impartition, med rec /
bilan comparatif, grands utilisateurs, conciliation bancaire, discontinue,
grandeur). Practices were chosen away from the obvious ones (no shift
handover, hand hygiene or chargebacks). Only one query carries two labels
(a retiring owner with no successor: 417 and 428), because only there did a
second lesson truly answer it; I did not pad label sets.
"""

# id: (title, text, topic); ids from 401
LESSONS: dict[int, tuple[str, str, str]] = {
    # ---------------- care: Quebec French ----------------
    401: ("Dépistage du délirium avec le CAM à chaque quart", "Sur l'unité de chirurgie, on fait maintenant le CAM (Confusion Assessment Method) à chaque quart chez les 75 ans et plus. On repère dès la première nuit les délirium hypoactifs qu'on manquait avant, et on avise le médecin avant que le patient arrête de s'alimenter.", "geriatrics"),
    402: ("Bain à la serviette pour les résidents avec SCPD", "Le bain à la serviette au lit, sans rinçage, a beaucoup diminué les comportements réactifs chez nos résidents atteints de troubles neurocognitifs. On garde le bain-douche pour ceux qui l'aiment, selon leur histoire de vie consignée au plan de travail.", "long-term-care"),
    403: ("Dispills préparés par la pharmacie pour les usagers du SAD", "Au soutien à domicile du CLSC, on demande aux pharmacies communautaires de préparer des dispills (piluliers hebdomadaires scellés) pour les usagers qui oublient leurs doses. Les visites de l'infirmière auxiliaire juste pour la médication ont baissé de moitié.", "home-care"),
    404: ("Pesée quotidienne en insuffisance cardiaque", "Avant le congé, on montre au patient à se peser chaque matin après avoir uriné et à appeler la clinique d'insuffisance cardiaque s'il prend plus de 2 kg en 3 jours. On lui remet un calendrier aimanté pour le frigo, et les réadmissions à 30 jours ont diminué.", "cardiac-care"),
    405: ("Réévaluer les patients de la salle d'attente selon l'ÉTG", "À l'urgence, les patients P3 à P5 qui dépassent le délai prévu par l'ÉTG sont réévalués par l'infirmière au triage, signes vitaux compris. Ça nous a permis d'attraper deux sepsis qui s'aggravaient en salle d'attente.", "emergency"),
    406: ("Plan de sécurité plutôt que contrat de non-suicide", "On ne fait plus signer de contrat de non-suicide: on remplit avec l'usager un plan de sécurité écrit (signes d'alerte, stratégies, personnes à joindre, 1 866 APPELLE ou le 988). Il repart avec sa copie et on la transmet à l'intervenant qui fait le suivi dans la communauté.", "mental-health"),
    407: ("Décharger les talons avec un oreiller sous les mollets", "Les talons font des lésions de pression même sur une surface thérapeutique. On surélève les mollets sur un oreiller pour que les talons ne touchent plus au matelas et on inspecte la peau à chaque changement de position.", "wound-care"),
    408: ("Double vérification indépendante des médicaments à risque élevé", "Pour l'insuline, l'héparine et les opioïdes en perfusion, deux infirmières vérifient chacune de leur côté la dose et la programmation de la pompe, sans se montrer leur calcul. Les erreurs de programmation de pompe ont presque disparu sur l'unité.", "medication-safety"),
    # ---------------- care: Canadian English ----------------
    409: ("Bladder scan before any in-and-out cath", "On our medicine unit we scan the bladder before any intermittent catheterization and only cath if the volume is over 400 mL. Our CAUTI rate dropped and a lot of patients were spared a catheter they didn't need.", "infection-prevention"),
    410: ("Hydration rounds for residents who don't ask for a drink", "Residents with dementia rarely ask for fluids, especially in the summer heat. We added a mid-morning and mid-afternoon drink cart with each resident's preferred drinks and jellied water, and UTI and delirium transfers to hospital went down.", "long-term-care"),
    411: ("Bring out every bottle at the first home visit", "On the first home care visit, ask the client to bring every pill bottle to the kitchen table, including the ones in the bathroom, the purse and the car. We regularly find duplicates from two pharmacies and meds that were stopped in hospital but are still being taken.", "home-care"),
    412: ("Deflate the TR Band gradually after a radial cath", "After a radial angiogram we release the TR Band 2 mL at a time every 15 minutes instead of all at once. Rebleeding at the puncture site became rare and day patients go home sooner.", "cardiac-care"),
    413: ("Individual care plans for frequent ED visitors", "For our ten most frequent emergency department visitors we wrote individual care plans with their family doctor and community worker, flagged in the chart. Their visits went down and staff stopped reinventing the approach at every visit.", "emergency"),
    414: ("Offer two choices before reaching for a PRN", "When a patient on the psych unit is escalating, staff offer two concrete choices (quiet room or a walk with staff, juice or tea) before giving a PRN. Since it became the unit norm we have had fewer Code Whites and fewer restraints.", "mental-health"),
    415: ("Five-minute post-fall huddle at the bedside", "After every fall the team huddles at the bedside within the hour: what was the resident trying to do, what changed, what do we do now. Most of our falls turned out to be about getting to the toilet, so we started scheduled toileting rounds.", "falls-prevention"),
    416: ("Mouth care instead of fluids at end of life", "For dying patients who can no longer drink, we do mouth care every two hours with a moist swab and lip balm rather than pushing fluids. Families can do it too, and it helps them feel useful at the bedside.", "palliative-care"),
    # ---------------- economic-development: Quebec French ----------------
    417: ("Préparer la relève cinq ans d'avance", "Les propriétaires de PME qui nous appellent six mois avant de vouloir vendre n'ont presque jamais de repreneur prêt. On les réfère maintenant au Centre de transfert d'entreprise du Québec dès la mi-cinquantaine et on fait un diagnostic de transférabilité avec eux.", "business-succession"),
    418: ("Aucune dépense avant le dépôt de la demande d'aide", "Plusieurs programmes (MEIE, DEC, fonds de la MRC) refusent les dépenses engagées avant la date de réception de la demande. On le rappelle maintenant par écrit au promoteur, sinon il commande l'équipement et perd son aide financière.", "grants"),
    419: ("Régler le logement avant de déposer l'EIMT", "Nos entreprises manufacturières qui recrutent des travailleurs étrangers temporaires oubliaient la question du logement. Avec la municipalité, on a fait un inventaire des logements disponibles et soutenu un OBNL qui loue des maisons de chambres, avant même le dépôt de l'EIMT.", "workforce"),
    420: ("Forfait d'automne avec les producteurs agrotouristiques", "Pour allonger la saison après l'été, on a aidé trois gîtes et une cidrerie à monter un forfait d'automne vendu par l'association touristique régionale. Les réservations de novembre ont doublé la deuxième année.", "tourism"),
    421: ("Caractériser les terrains vacants du parc industriel", "On perdait des projets parce qu'on ne pouvait pas dire en deux semaines si un lot exigeait une étude de sol ou si l'aqueduc et l'égout avaient la capacité. La MRC a fait caractériser tous les lots vacants et publie maintenant une fiche technique par terrain.", "industrial-parks"),
    422: ("Coopérative de solidarité pour garder l'épicerie du village", "Quand le dernier dépanneur-épicerie du village a fermé, on a accompagné les citoyens vers une coopérative de solidarité avec membres utilisateurs, travailleurs et de soutien. La coopérative de développement régional a aidé pour le plan d'affaires et la campagne de parts sociales.", "co-ops"),
    423: ("Tournée annuelle des entreprises avec le maire", "Chaque automne, le maire et le commissaire industriel visitent une vingtaine d'entreprises avec un court questionnaire sur leurs projets et leurs irritants. C'est comme ça qu'on a su qu'une usine pensait déménager à cause d'un problème de zonage qu'on a pu régler.", "business-retention"),
    424: ("Le prêt FLI comme levier auprès de la banque", "Un prêt du FLI/FLS de la MRC, même modeste, sert souvent de levier: la banque embarque plus facilement quand on comble l'écart du montage financier avec un prêt subordonné. On présente le montage complet au comité d'investissement, pas seulement notre part.", "financing"),
    # ---------------- economic-development: Canadian English ----------------
    425: ("Map the dead zones before courting remote workers", "Before launching our work-from-the-lake campaign we drove the county with a speed-test app and mapped cell and internet dead zones. We stopped promoting areas without reliable broadband and used the map to support our Universal Broadband Fund application.", "connectivity"),
    426: ("Help the spouse find a job too", "Most of the failed relocations we saw were because the recruit's partner couldn't find work in town. We set up a spousal employment service with local employers, and retention of the professionals we recruit has improved.", "workforce"),
    427: ("Pop-up shops in vacant downtown storefronts", "We negotiated three-month free or reduced-rent leases with landlords of vacant downtown storefronts and filled them with pop-up shops from local makers. Two of the five pop-ups signed regular leases afterward and the street looks alive again.", "downtown-revitalization"),
    428: ("Present the employee buyout option early", "When an owner has no family successor, we now raise the worker co-op or employee ownership option early in the conversation. Employees already know the clients and the equipment, and lenders are more receptive when there is a transition plan with a mentoring period.", "business-succession"),
    429: ("Bring hosts and housing advocates together before the short-term rental bylaw", "When council moved to restrict short-term rentals, we first put B&B owners, Airbnb hosts and housing advocates at the same table. The bylaw that came out licenses principal-residence rentals instead of banning them, and the tourism sector didn't fight it.", "tourism"),
    430: ("Match one plant's waste with another's inputs", "We inventoried the waste streams of the businesses in our industrial park (wood chips, waste heat, cardboard) and matched them with firms that could use them. A greenhouse now runs on a sawmill's waste heat.", "industrial-parks"),
    431: ("Keep a ready-to-file project binder for funding intakes", "Federal and provincial infrastructure intakes often open with only four to six weeks' notice. We keep a shortlist of priority projects with cost estimates, council resolutions and letters of support on file, so we can apply without scrambling.", "grants"),
    432: ("Microloans to build a credit history for newcomer entrepreneurs", "Immigrant entrepreneurs are often turned down by banks because they have no Canadian credit history. We partnered with a microloan organization and a mentoring program so newcomers can build a track record with a small first loan.", "financing"),
    # ---------------- e-commerce: Quebec French ----------------
    433: ("Loi 96: les courriels transactionnels comptent aussi", "Notre boutique en ligne affiche le français par défaut au Québec et les fiches produits et le panier sont traduits. Une plainte à l'OQLF nous a appris que les courriels de confirmation de commande et d'expédition, restés en anglais, devaient eux aussi être en français.", "language-law"),
    434: ("Percevoir la TVH selon l'adresse de livraison", "Une fois inscrits à la TPS, on doit facturer la TVH aux clients de l'Ontario et des Maritimes selon l'adresse de livraison, pas selon notre adresse au Québec. On a paramétré les taux par province dans Shopify et on vérifie le rapport de taxes chaque trimestre.", "sales-tax"),
    435: ("Poids volumétrique: revoir les formats de boîtes", "Postes Canada et les transporteurs facturent au poids volumétrique, et nos coussins légers dans de grosses boîtes nous coûtaient une fortune. On est passés à trois formats de boîtes ajustés à nos produits et nos frais d'expédition ont baissé d'environ 20 %.", "shipping"),
    436: ("Paiement différé seulement sur les gros achats", "Offrir le paiement en versements (Affirm, Afterpay) a fait monter le panier moyen sur nos meubles, mais les frais sont bien plus élevés que ceux de la carte de crédit. On ne l'affiche plus que sur les produits de plus de 200 $.", "payments"),
    437: ("Étiquette de retour envoyée sur demande seulement", "Mettre une étiquette de retour prépayée dans chaque colis encourageait les retours impulsifs. Le client remplit maintenant un formulaire de retour en ligne qui demande la raison, et on lui envoie l'étiquette par courriel: le taux de retour a baissé et on sait enfin pourquoi les gens retournent.", "returns"),
    438: ("Des revendeurs se greffaient à notre fiche Amazon", "Des revendeurs s'ajoutaient à notre fiche produit sur Amazon.ca avec des contrefaçons. L'inscription au Brand Registry, grâce à notre marque de commerce enregistrée à l'OPIC, nous a permis de les faire retirer.", "marketplaces"),
    439: ("Réécrire les fiches produits avec les mots d'ici", "Nos pages traduites automatiquement ne se classaient pas dans Google au Québec parce que les gens cherchent avec leurs mots: chandail plutôt que pull, espadrilles plutôt que baskets. On a réécrit les titres et les descriptions avec le vocabulaire québécois et le trafic organique a augmenté.", "seo"),
    440: ("Afficher les heures du clavardage", "Le clavardage en direct était affiché 24 heures sur 24, mais personne ne répondait la nuit et ça générait des plaintes. On indique maintenant les heures de service et, en dehors de ces heures, la fenêtre invite à laisser son courriel avec une réponse garantie en un jour ouvrable.", "customer-service"),
    # ---------------- e-commerce: Canadian English ----------------
    441: ("Specific descriptions and HS codes on every commercial invoice", "Our international parcels kept getting held because the customs description said gift or merchandise. We now put a specific product description, the HS tariff code and the country of origin on every commercial invoice, and border holds have mostly stopped.", "shipping"),
    442: ("Reconcile Stripe and PayPal payouts by payout ID", "Stripe and PayPal pay out net of fees, refunds and reserves, so our bank deposits never matched our sales. We now import the payout reports into our accounting software and reconcile each deposit by payout ID every week; month-end went from two days to two hours.", "payments"),
    443: ("Split inventory with a 3PL out West", "Shipping ground from Montreal to customers in BC and Alberta took seven to nine business days. Placing part of our stock with a 3PL in Calgary cut delivery to two or three days for Western Canada, and our reviews from there improved.", "fulfilment"),
    444: ("Size chart with real measurements cut returns", "Most of our clothing returns were for being too small. We added a size chart in centimetres, the model's measurements and a runs-small note pulled from reviews, and size-related returns dropped by about a third.", "returns"),
    445: ("Implied consent under CASL expires after two years", "A purchase only gives you implied consent to send marketing emails for two years. We tag every contact with the consent type and date, and a monthly job moves expired implied contacts into a re-permission campaign before we stop mailing them.", "email-marketing"),
    446: ("Don't delete pages for discontinued products", "We used to delete product pages when an item was discontinued, which threw away their rankings and left broken links. Now those pages stay up with a link to the closest replacement, or get a 301 redirect to it.", "seo"),
    447: ("Ask for reviews a week after delivery, not at shipping", "We moved the review request email from the shipping date to seven days after delivery confirmation. We get twice as many reviews and far fewer that just say the order hasn't arrived yet.", "customer-service"),
    448: ("Keep a second courier ready for a Canada Post strike", "During the Canada Post strike we had no plan and orders sat for weeks. We now keep an active account with a second courier and a site banner ready, so we can switch the default shipping method within a day.", "shipping"),
}

QUERIES: list[tuple[str, str, set[int]]] = [
    # care: English queries -> French lessons
    ("care", "confused elderly patient after surgery", {401}),
    ("care", "dementia resident refuses shower", {402}),
    ("care", "blister packs for home care clients", {403}),
    ("care", "CHF weight gain when to call", {404}),
    ("care", "CTAS reassessment in waiting room", {405}),
    ("care", "no-harm contract alternative", {406}),
    ("care", "offloading heels pressure injury", {407}),
    ("care", "high-alert meds independent double check", {408}),
    # care: French queries -> English lessons
    ("care", "résidu post-mictionnel avant une sonde", {409}),
    ("care", "déshydratation des résidents en CHSLD", {410}),
    ("care", "bilan comparatif des médicaments à domicile", {411}),
    ("care", "bracelet compressif radial après coronarographie", {412}),
    ("care", "grands utilisateurs de l'urgence", {413}),
    ("care", "patient agité éviter la contention", {414}),
    ("care", "retour d'équipe après une chute", {415}),
    ("care", "bouche sèche en soins palliatifs", {416}),
    # economic-development: English queries -> French lessons
    ("economic-development", "owner retiring, no successor", {417, 428}),
    ("economic-development", "costs incurred before grant approval", {418}),
    ("economic-development", "LMIA workers housing shortage", {419}),
    ("economic-development", "shoulder season tourism packages", {420}),
    ("economic-development", "shovel-ready industrial land", {421}),
    ("economic-development", "community-owned rural general store", {422}),
    ("economic-development", "BR+E business visits", {423}),
    ("economic-development", "gap financing local loan fund", {424}),
    # economic-development: French queries -> English lessons
    ("economic-development", "couverture internet et cellulaire en région", {425}),
    ("economic-development", "emploi pour le conjoint du travailleur recruté", {426}),
    ("economic-development", "boutiques éphémères dans les locaux vacants", {427}),
    ("economic-development", "rachat de l'entreprise par les employés", {428}),
    ("economic-development", "encadrer l'hébergement de courte durée", {429}),
    ("economic-development", "valoriser les rejets d'une usine voisine", {430}),
    ("economic-development", "se préparer aux appels de projets", {431}),
    ("economic-development", "nouveaux arrivants entrepreneurs accès au crédit", {432}),
    # e-commerce: English queries -> French lessons
    ("e-commerce", "Quebec language law order emails", {433}),
    ("e-commerce", "sales tax on out-of-province orders", {434}),
    ("e-commerce", "dim weight killing shipping margins", {435}),
    ("e-commerce", "buy now pay later worth it?", {436}),
    ("e-commerce", "prepaid return label in every box?", {437}),
    ("e-commerce", "counterfeit sellers hijacking Amazon listing", {438}),
    ("e-commerce", "machine-translated product pages ranking poorly", {439}),
    ("e-commerce", "live chat after hours", {440}),
    # e-commerce: French queries -> English lessons
    ("e-commerce", "colis retenus à la douane", {441}),
    ("e-commerce", "conciliation bancaire des versements Stripe", {442}),
    ("e-commerce", "impartir l'entreposage pour l'Ouest canadien", {443}),
    ("e-commerce", "trop de retours pour la grandeur", {444}),
    ("e-commerce", "consentement tacite LCAP infolettre", {445}),
    ("e-commerce", "pages de produits discontinués", {446}),
    ("e-commerce", "demander des avis clients", {447}),
    ("e-commerce", "grève postale plan de rechange", {448}),
]

FIELDS = ["care", "economic-development", "e-commerce"]
