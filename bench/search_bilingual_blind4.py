# ruff: noqa: E501 (the set is data, frozen as its author wrote it)
"""Fourth blind cross-language evaluation set for the bilingual (Québec French / Canadian English) lessons-learned search.

What it is: 48 lessons learned, as members of three communities of practice would post them
(care 501-516, economic-development 517-532, e-commerce 533-548; in each field the first 8
are in Québec French, the next 8 in Canadian English), and 48 queries (16 per field: 8 English
queries aimed at the French lessons, then 8 French queries aimed at the English lessons).

How it was written: blind. The author read no code, data, notes or documents of the project
and ran no project code; everything comes from the author's own knowledge of the three
practices and of how practitioners name things in each language.

Author's note on choices: practices were picked away from the obvious ones (no shift
handover, hand hygiene, falls, chargebacks, abandoned carts or generic grant writing).
Queries are not translations of titles: they use the words a practitioner of the query's
language would type, including pairs where the two languages name the same thing with
unrelated words or acronyms (BCM / med rec, SCPD / responsive behaviours, MOI / agency
nurses, AMM / MAID, EIMT / LMIA, SADC / Community Futures, SDC / BIA, crédit de taxes /
CIP tax increment grant, CUP / UPC, LCAP / CASL, Vendredi fou / Black Friday, paiement
fractionné / BNPL). Each query is labelled with every lesson that genuinely answers it;
one care query deliberately has two answers (502, 506). No query is answered by a lesson
in its own language.
"""

# id: (title, text, topic); ids from 501
LESSONS: dict[int, tuple[str, str, str]] = {
    # ---------------- care: Québec French ----------------
    501: (
        "Bilan comparatif des médicaments : appeler la pharmacie communautaire dès l'admission",
        "On se fiait à la liste de médicaments que la famille apportait et on a manqué deux fois un anticoagulant que le médecin de famille avait cessé. Maintenant, l'infirmière de l'admission consulte le DSQ et appelle la pharmacie communautaire avant de compléter le BCM, et on note la source de chaque médicament sur le formulaire. Depuis, les écarts sont repérés avant la première dose au lieu du troisième jour d'hospitalisation.",
        "care",
    ),
    502: (
        "Soins de bouche quotidiens en CHSLD : moins de pneumonies d'aspiration",
        "Sur notre unité, les soins de bouche se faisaient vite fait, quand les préposées aux bénéficiaires avaient le temps. On a formé les PAB avec une hygiéniste dentaire, mis une brosse à dents et des écouvillons identifiés dans chaque chambre et ajouté les soins de bouche au plan de travail du soir. En six mois, on est passés de cinq pneumonies d'aspiration à une seule. Le secret, c'est que ce soit écrit dans la routine et vérifié par l'infirmière auxiliaire, pas laissé au bon vouloir de chacun.",
        "care",
    ),
    503: (
        "Bris de chaîne de froid au CLSC : ne jetez pas les vaccins tout de suite",
        "Un lundi matin, le thermomètre minimum-maximum du frigo de vaccination indiquait 11 °C après une panne de courant pendant la fin de semaine. Notre premier réflexe était de tout jeter, mais la procédure, c'est de mettre les vaccins en quarantaine dans un autre frigo, identifiés « Ne pas utiliser », et d'appeler la Direction de santé publique avec les températures et la durée. La santé publique nous a dit lesquels on pouvait garder, ce qui a sauvé plusieurs milliers de dollars de doses. Depuis, on a un enregistreur de température avec alarme et on note le min-max deux fois par jour.",
        "care",
    ),
    504: (
        "SCPD pendant le bain : changer l'heure et la méthode avant de médicamenter",
        "Une résidente atteinte d'un trouble neurocognitif majeur frappait et criait à chaque bain du matin, et on parlait d'augmenter son antipsychotique. En jasant avec sa fille, on a appris qu'elle s'était toujours lavée le soir, à la débarbouillette. On a remplacé le bain à la baignoire par une toilette au lavabo en fin d'après-midi, avec une serviette chaude sur les épaules et sa musique. Les comportements ont presque disparu et la dose a même pu être diminuée : pour les SCPD, cherchez d'abord le déclencheur avec la grille d'observation.",
        "care",
    ),
    505: (
        "Orientation des CEPI : garder la même préceptrice toute la semaine",
        "Nos CEPI changeaient de préceptrice à chaque quart, au gré du TSO et des remplacements, et elles ne savaient jamais à qui poser leurs questions. On a bâti l'horaire d'orientation autour d'une seule préceptrice par semaine, avec une rencontre de 15 minutes le vendredi pour faire le point sur les compétences acquises. Les CEPI se sentent moins laissées à elles-mêmes et on repère plus vite celles qui ont besoin de plus de temps avant l'examen de l'OIIQ. Ça demande de protéger l'horaire de la préceptrice, mais ça vaut la peine.",
        "care",
    ),
    506: (
        "Sondes urinaires : une ordonnance collective pour les retirer plus tôt",
        "On trouvait des sondes urinaires encore en place trois ou quatre jours après la chirurgie, sans indication claire. Avec l'équipe de prévention des infections, on a fait adopter une ordonnance collective qui permet à l'infirmière de retirer la sonde quand aucun critère ne justifie de la garder, puis de faire un scan vésical six heures après. À la tournée du matin, on pose maintenant la question « Cette sonde est-elle encore nécessaire? » pour chaque patient. Nos infections urinaires sur sonde ont baissé de moitié en un an.",
        "care",
    ),
    507: (
        "Soins palliatifs à domicile : laisser le protocole de détresse dans la maison",
        "Un patient en fin de vie suivi par le soutien à domicile du CLSC a fait une détresse respiratoire un samedi soir, et la famille a appelé le 911 parce que rien n'était prévu. Maintenant, dès que le pronostic se compte en semaines, on fait signer le protocole de détresse par le médecin et on laisse à domicile une trousse avec les médicaments préparés et identifiés. L'infirmière du SAD explique au proche aidant les signes à surveiller et lui donne le numéro de l'infirmière de garde 24/7. Le patient suivant a pu mourir chez lui comme il le souhaitait, sans transfert à l'urgence.",
        "care",
    ),
    508: (
        "Plaies de pression aux talons : l'oreiller va sous les mollets",
        "On voyait encore des plaies de pression aux talons chez des patients alités de notre unité de médecine, même avec un matelas thérapeutique. L'erreur, c'était de placer l'oreiller sous les talons : il faut le mettre sous les mollets pour que les talons flottent dans le vide. On a ajouté l'échelle de Braden à l'admission et une affiche au pied du lit avec la photo de la bonne position. Pour les patients agités, les bottes de décharge fonctionnent mieux que l'oreiller qui glisse.",
        "care",
    ),
    # ---------------- care: Canadian English ----------------
    509: (
        "Delirium screening: ask the family what their normal looks like",
        "We kept charting 'confused, sundowning' on older patients at night and missed both hyperactive and hypoactive delirium. We now do the CAM every shift and, on admission, ask the family or caregiver about the person's baseline: do they usually know the date, do they wear hearing aids or glasses. Twice this spring a 'quiet and sleepy' patient screened positive and turned out to have an acute medical cause we caught early. Get the glasses and hearing aids on, and tell the physician about a positive CAM the same shift.",
        "care",
    ),
    510: (
        "A true independent double check on heparin caught a pump error",
        "On our cardiac unit, the 'double check' for heparin used to be one nurse reading the pump while the other nodded. We switched to a real independent double check: the second nurse works out the rate from the order and the bag on her own, then compares it with what's programmed. In the first month it caught a rate entered in mL/h instead of units/h. It takes two minutes, so build it into the workflow for heparin, insulin infusions and the rest of the high-alert list.",
        "care",
    ),
    511: (
        "Thickened fluids: order by IDDSI level, not 'nectar' or 'honey'",
        "Our LTC home still had orders for 'nectar thick' while the kitchen was working in IDDSI levels, and one resident got level 3 instead of level 2 for a week. We worked with the SLP and the dietitian to convert every diet order to IDDSI numbers and print the level on the tray card and in the care plan. Staff learned the flow test with a 10 mL syringe so anyone can check a drink at the bedside. Mislabelled trays have almost disappeared.",
        "care",
    ),
    512: (
        "After a code white, debrief with the responders the same shift",
        "A patient in emergency became violent and hit a security guard during a code white; nobody talked about it afterwards and two staff booked off sick the following week. We now hold a 10-minute debrief right after every code white with everyone who responded: what worked, what we'd change, who needs follow-up. We also flag the chart with the triggers we noticed so the next shift doesn't walk into the same situation. Staff say they feel less alone, and we've fixed practical things like where the restraint kit is kept.",
        "care",
    ),
    513: (
        "Agency nurses: a one-page unit cheat sheet saves the first shift",
        "We had a lot of agency nurses over the summer, and each shift they lost time looking for the crash cart, the Pyxis, and who to call for a doctor. We made a laminated one-page sheet with the unit layout, key extensions, where supplies live, how to page the resident and our unit's quirks. The charge nurse hands it out with a five-minute walk-around at the start of the shift. Incident reports involving agency staff went down and our regular staff are less frustrated.",
        "care",
    ),
    514: (
        "MAID provisions: plan the day with the patient and family beforehand",
        "Our first MAID provision on the unit was stressful because nobody had planned the room, the visitors or who would start the IV. Now the nurse coordinator meets with the patient and family a few days before to go over the timing, music, who will be present and any rituals. We start two good IVs that morning, and staff with a conscientious objection are reassigned quietly, without having to explain themselves. Afterwards we offer the team a short check-in, because it affects people more than they expect.",
        "care",
    ),
    515: (
        "Late breakfast trays and rapid-acting insulin don't mix",
        "In our long-term care home, rapid-acting insulin was given at 0730 during the med pass, but breakfast trays sometimes came up at 0830. We had three hypoglycemic episodes in a month before we connected the dots. Now the insulin is given when the tray is actually in front of the resident, and the hypoglycemia protocol (juice or glucose gel, recheck in 15 minutes) is taped inside the med cart. Talk to dietary about tray times before blaming the dose.",
        "care",
    ),
    516: (
        "Use PAINAD for residents with dementia who can't report pain",
        "A resident with advanced dementia was guarding her arm and grimacing, but because she said 'no' when asked if it hurt, nobody gave her anything; an X-ray later showed a wrist fracture. We now use the PAINAD scale for residents who can't reliably self-report, scoring breathing, vocalization, facial expression, body language and consolability before and after PRN doses. It gives us numbers to bring to the physician instead of 'she seems uncomfortable'.",
        "care",
    ),
    # ---------------- economic-development: Québec French ----------------
    517: (
        "Relève d'entreprise : commencer la discussion cinq ans avant la retraite",
        "On a accompagné un propriétaire de quincaillerie qui voulait vendre dans six mois; entre l'évaluation, le financement du repreneur et le transfert des fournisseurs, c'était impossible. Maintenant, on demande systématiquement aux entrepreneurs de 55 ans et plus s'ils ont un plan de relève, et on les réfère au Centre de transfert d'entreprise du Québec. Un transfert réussi prend souvent de trois à cinq ans, surtout quand le repreneur est un employé ou un enfant qui doit apprendre la gestion. Plus on s'y prend tôt, plus il reste d'options.",
        "economic-development",
    ),
    518: (
        "FLI : un moratoire de capital vaut mieux qu'une radiation",
        "Un restaurant financé par notre fonds local d'investissement n'arrivait plus à payer après la perte d'un gros contrat de traiteur. Au lieu d'envoyer le dossier au recouvrement, le comité d'investissement a accepté un moratoire de capital de six mois, avec paiement des intérêts seulement, en échange d'un budget de caisse mis à jour chaque mois. L'entreprise s'est replacée et a repris ses versements normaux. Dès les premiers retards, appelez l'entrepreneur : une entente conclue tôt coûte beaucoup moins cher qu'une perte au fonds.",
        "economic-development",
    ),
    519: (
        "Travailleurs étrangers temporaires : prévoir neuf mois et soigner l'accueil",
        "Plusieurs PME de la MRC pensaient recevoir leurs soudeurs recrutés aux Philippines en trois mois. Entre l'EIMT, le CAQ et le permis de travail, les premiers sont arrivés presque un an après le dépôt du dossier. On conseille maintenant de partir les démarches au moins neuf mois d'avance avec un consultant ou un avocat reconnu, et de préparer l'accueil : aller les chercher à l'aéroport, ouvrir un compte bancaire, inscrire tout le monde en francisation. Les entreprises qui soignent l'intégration gardent leurs travailleurs au lieu de les perdre au profit de Montréal.",
        "economic-development",
    ),
    520: (
        "Parc industriel : faire la phase 1 environnementale avant de vendre les terrains",
        "Un acheteur s'est retiré d'un terrain de notre parc industriel à la dernière minute parce que sa banque exigeait une évaluation environnementale de site phase 1 et qu'il y avait un ancien garage sur le lot voisin. Le projet a été retardé de quatre mois. Maintenant, la municipalité fait faire la phase 1 sur tous les lots disponibles avant de les mettre en marché et on l'annexe à la fiche du terrain. Les promoteurs posent moins de questions et les transactions se concluent plus vite.",
        "economic-development",
    ),
    521: (
        "Carte-cadeau locale : rallier les commerçants avant le lancement",
        "Notre carte-cadeau municipale a bien démarré, mais plusieurs commerçants refusaient de l'accepter parce qu'ils ne savaient pas quand ils seraient remboursés. Pour la deuxième édition, on est allés inscrire les commerces un par un, on a expliqué le délai de remboursement (sept jours) et on a fourni une affiche pour la caisse. La Ville a bonifié chaque carte de 20 % pendant les Fêtes, ce qui a fait exploser les ventes. Sans l'adhésion des commerçants, la meilleure campagne d'achat local tombe à plat.",
        "economic-development",
    ),
    522: (
        "Sauver l'épicerie du village avec une coopérative de solidarité",
        "Quand la bannière a fermé la seule épicerie du village, les gens devaient faire 40 km pour aller magasiner. On a accompagné un comité citoyen pour créer une coopérative de solidarité avec des membres utilisateurs, des membres travailleurs et des membres de soutien. La campagne de parts sociales a amassé 180 000 $, ce qui a permis d'aller chercher le reste en prêts auprès de la Caisse et de fonds en économie sociale. Conseil : faites une vraie étude de marché, parce que l'enthousiasme de l'assemblée publique ne garantit pas que les gens vont y faire leur épicerie chaque semaine.",
        "economic-development",
    ),
    523: (
        "Fermeture d'usine : former le comité de reclassement dès l'avis",
        "Quand la scierie a annoncé 140 mises à pied, on a perdu trois semaines avant que le comité d'aide au reclassement soit formé avec Services Québec, l'employeur et le syndicat. Pendant ce temps, les meilleurs travailleurs partaient déjà ailleurs. Si c'était à refaire, on appellerait Services Québec dès l'avis de licenciement collectif et on organiserait tout de suite une foire de l'emploi avec les employeurs de la région. On a quand même replacé plus de la moitié des travailleurs dans des PME locales qui manquaient de monde.",
        "economic-development",
    ),
    524: (
        "Mentorat d'affaires : la première rencontre fait toute la différence",
        "Dans notre cellule de mentorat, plusieurs jumelages tombaient à l'eau après deux rencontres. On s'est rendu compte que le mentoré ne savait pas quoi demander et que le mentor arrivait avec des conseils tout faits. Maintenant, la chargée de projet assiste à la première rencontre pour établir une entente claire : fréquence, confidentialité, sujets prioritaires. Les jumelages durent en moyenne plus d'un an et les entrepreneurs disent qu'ils se sentent moins seuls.",
        "economic-development",
    ),
    # ---------------- economic-development: Canadian English ----------------
    525: (
        "Rural broadband: resident speed tests beat the official coverage map",
        "The federal map showed most of our county as served at 50/10 Mbps, which made our Universal Broadband Fund application look weak. We ran a two-month campaign asking residents to run the CIRA speed test and submit their address; over 900 results showed most rural homes getting under 10 Mbps. That data, mapped by our GIS staff, convinced an ISP to partner with us and backed up the application. Start collecting speed tests long before a funding intake opens.",
        "economic-development",
    ),
    526: (
        "BR+E visits only work if you follow up within 30 days",
        "We did 60 business retention and expansion interviews last year, and the first round hurt our reputation because businesses never heard back. Now every issue raised, whether a permit delay, a hiring problem or a need for a bigger building, is logged in our CRM and assigned to someone, with a call back within 30 days even if the answer is no. Businesses started referring us to their neighbours. The survey is the easy part; the follow-up is the program.",
        "economic-development",
    ),
    527: (
        "Community Futures youth loans: pair every loan with a business coach",
        "Our Community Futures office lent to several young entrepreneurs who had good ideas but no bookkeeping habits, and a few fell behind in their first year. Now every youth loan comes with monthly coaching for the first 12 months, and the coach goes over the bank reconciliation with them. Delinquencies dropped and the entrepreneurs told us the coaching was worth more than the money. Budget staff time for it; it isn't an optional add-on.",
        "economic-development",
    ),
    528: (
        "Answer site selector requests within 48 hours or get cut",
        "A site selector working for a food processor sent us a request for information on a Thursday; we took a week to pull together utility capacity and labour data, and by then the project had short-listed other communities. We now keep a ready-to-send package for each available site: acreage, zoning, water and sewer capacity, power, distance to the highway and labour-shed numbers. We can answer most RFIs within 48 hours. Site selectors eliminate communities fast, so speed and accuracy matter more than glossy brochures.",
        "economic-development",
    ),
    529: (
        "Filling vacant storefronts with pop-up leases through the BIA",
        "Our downtown had nine empty storefronts and landlords were holding out for long-term tenants at full rent. The BIA negotiated three-month pop-up leases at reduced rent, helped the tenants with insurance and signage, and promoted a rotating 'pop-up row' on the main street. Two of the pop-ups signed regular leases and neighbouring shops saw more foot traffic. Landlords came around once they saw their space being shown instead of sitting dark.",
        "economic-development",
    ),
    530: (
        "Partnering with a First Nation: build the relationship before the project",
        "We approached the neighbouring First Nation's economic development corporation with a finished industrial park plan and asked for a letter of support; it did not go well. We started over with regular council-to-council meetings with no agenda beyond getting to know each other, and eventually signed a protocol agreement. A joint venture on a gravel operation came two years later and both communities share the revenue. Involve them at the idea stage, not when you need a signature.",
        "economic-development",
    ),
    531: (
        "Workforce housing: employers co-investing in rental units",
        "Local manufacturers kept having job offers accepted and then turned down because new hires couldn't find an apartment. We brought three employers together with a non-profit housing developer; each employer guaranteed a block of units for five years in exchange for priority access for their workers. The 24-unit building was full before it opened. Housing is now a standing item in our workforce strategy, not a separate file someone else handles.",
        "economic-development",
    ),
    532: (
        "CIP tax increment grants: pay only on the actual reassessment",
        "Our Community Improvement Plan offers a tax increment equivalent grant: owners who redevelop a property get back part of the municipal tax increase for up to ten years. Early on, we paid grants on projects that would have happened anyway. We now require the application before the building permit is issued, and the grant is paid only after MPAC reassessment shows the actual increase. Council is far more comfortable defending the program now that we can show the new assessment it generated.",
        "economic-development",
    ),
    # ---------------- e-commerce: Québec French ----------------
    533: (
        "Ventes en Ontario : facturer la TVH une fois inscrite aux taxes",
        "J'ai dépassé le seuil de petit fournisseur de 30 000 $ en plein mois de novembre et je me suis inscrite à la TPS et à la TVQ un peu en catastrophe. Ce que je n'avais pas compris, c'est que les ventes livrées en Ontario ou dans les Maritimes doivent être facturées avec la TVH de la province du client, pas avec la TPS/TVQ. J'ai dû corriger des mois de factures et absorber la différence. Dans Shopify, configurez les taxes par province de destination dès l'inscription et suivez vos ventes cumulatives pour voir venir le seuil.",
        "e-commerce",
    ),
    534: (
        "Poids volumétrique : mes boîtes trop grandes me coûtaient cher",
        "J'expédiais mes coussins dans des boîtes standard beaucoup trop grandes, et Purolator me facturait selon le poids volumétrique plutôt que le poids réel. Pour un colis de 800 g, je payais comme pour 4 kg. J'ai commandé des boîtes sur mesure et des sacs d'expédition en plastique pour les produits mous, et mes frais de livraison ont baissé d'environ 30 %. Calculez longueur x largeur x hauteur divisé par le facteur du transporteur avant de choisir vos emballages.",
        "e-commerce",
    ),
    535: (
        "Loi 96 : le site et les emballages doivent être en français",
        "Ma boutique vendait surtout au Canada anglais et mon site était seulement en anglais. Un client a porté plainte à l'Office québécois de la langue française et j'ai reçu une lettre me demandant de me conformer. J'ai traduit tout le site (fiches produits, paiement, courriels transactionnels) avec l'application Translate & Adapt, fait relire le tout par une vraie personne et mis mes étiquettes en français aussi. Si votre entreprise est au Québec, le français doit être au moins aussi accessible que l'anglais, même si vos clients sont ailleurs.",
        "e-commerce",
    ),
    536: (
        "Proposer l'échange avant le remboursement dans le portail de retours",
        "Environ 15 % de mes commandes de vêtements revenaient, surtout pour des questions de taille. J'ai installé un portail de retours qui propose d'abord un échange de taille gratuit ou un crédit en magasin bonifié de 10 %, et le remboursement seulement en troisième option. Près de la moitié des clients choisissent maintenant l'échange ou le crédit, donc je garde la vente. J'ai aussi ajouté un guide des tailles avec les vraies mesures de chaque morceau, ce qui a réduit les retours eux-mêmes.",
        "e-commerce",
    ),
    537: (
        "Mon infolettre tombait dans les indésirables : authentifier le domaine",
        "Après les nouvelles exigences de Gmail et Yahoo pour les expéditeurs en masse, le taux d'ouverture de mon infolettre Klaviyo a chuté de moitié. Mon domaine n'avait pas d'enregistrement DMARC et j'envoyais encore à partir du domaine partagé de Klaviyo. J'ai configuré SPF, DKIM et DMARC chez mon registraire avec un domaine d'envoi dédié, puis j'ai retiré les abonnés inactifs depuis un an. Deux semaines plus tard, mes courriels arrivaient de nouveau dans la boîte de réception principale.",
        "e-commerce",
    ),
    538: (
        "Google Merchant Center : produits refusés faute de GTIN",
        "La moitié de mes produits étaient refusés dans Merchant Center, donc invisibles dans l'onglet Shopping de Google. Pour les produits de marque, il fallait le code CUP du fabricant dans le champ GTIN; pour mes créations maison, il fallait indiquer qu'il n'existe pas d'identifiant au lieu de laisser le champ vide. J'ai tout corrigé dans les métachamps Shopify et la plupart des produits ont été approuvés en trois jours. Vérifiez l'onglet Diagnostics chaque semaine, parce que les refus arrivent sans avertissement.",
        "e-commerce",
    ),
    539: (
        "Survente : garder un stock tampon entre la boutique et le site",
        "Je vends en boutique et en ligne, et pendant le Vendredi fou j'ai vendu sur le site des pièces uniques qui venaient de partir en magasin. J'ai dû annuler et rembourser une dizaine de commandes, avec des clients pas contents. Maintenant, tout passe par Shopify POS pour que l'inventaire se synchronise en temps réel, et je garde une quantité tampon d'un ou deux articles non offerts en ligne pour les produits populaires. Les annulations ont pratiquement disparu.",
        "e-commerce",
    ),
    540: (
        "Clients américains : expédier droits acquittés pour éviter les colis refusés",
        "Depuis la fin de l'exemption de minimis aux États-Unis, plusieurs de mes colis restaient bloqués parce que le client devait payer des droits et des frais de courtage à la livraison, et certains refusaient carrément le colis. Je suis passée aux envois droits acquittés (DDP) : les droits sont calculés et payés au moment de la commande, et j'ai intégré une partie des frais dans mes prix en dollars américains. J'ai perdu un peu de marge, mais les refus et les retours à l'expéditeur ont cessé. Vérifiez aussi le code SH et le pays d'origine sur vos déclarations douanières.",
        "e-commerce",
    ),
    # ---------------- e-commerce: Canadian English ----------------
    541: (
        "Buy now, pay later raised order value, but watch the fees",
        "We added Afterpay and Klarna at checkout for our furniture and decor store. Average order value went up about 20%, mostly on items over $300, but the merchant fee is noticeably higher than a credit card, around 6% on some transactions. We now only show the BNPL messaging on product pages above $150 and factor the fee into our pricing. Check how returns and refunds work with each provider before you turn it on.",
        "e-commerce",
    ),
    542: (
        "Micro-influencers with their own discount codes beat one big name",
        "We paid a Toronto lifestyle influencer $3,000 for one post and got a handful of sales. The next quarter we gifted product to 25 micro-influencers in our niche, each with a unique discount code and UTM link. Eight of them drove steady sales, and we turned those into paid ongoing partnerships. Track every creator separately, because follower count tells you almost nothing, and make sure they disclose the post as an ad as Ad Standards expects.",
        "e-commerce",
    ),
    543: (
        "Canada Post strike: set up a backup carrier before you need it",
        "During the Canada Post strike, our orders sat in limbo for weeks right in the holiday rush. The sellers who did fine already had accounts with Purolator, UPS or a reseller like Chit Chats or Stallion Express, with rates set up in Shopify. We now keep a second carrier active all year, ship a few orders a month with it, and have a customer email ready to explain delays. Don't wait for the strike notice to open an account, because everyone else is doing the same thing.",
        "e-commerce",
    ),
    544: (
        "Shopify Payments put a reserve on our payouts after a spike",
        "After a TikTok went viral, our sales jumped tenfold in a week and Shopify Payments put a reserve on part of our payouts, holding the funds for weeks. We couldn't pay our supplier for the restock. Support told us the reserve was triggered by the sudden spike combined with long fulfillment times on pre-orders. Now we give them a heads-up before big launches, keep ship times short and visible, and keep a line of credit for cash flow.",
        "e-commerce",
    ),
    545: (
        "Offer a pause option before subscribers can cancel",
        "Our coffee subscription was losing around 12% of subscribers a month, and the cancellation survey said 'too much coffee' more than anything else. We added 'skip a month' and 'pause for up to 3 months' in the customer portal, shown before the cancel button. About a third of people who started to cancel chose pause instead, and most of them went back to regular shipments. Letting people change their delivery frequency is another easy save.",
        "e-commerce",
    ),
    546: (
        "Ask for reviews after delivery, not after purchase",
        "Our review request emails went out 7 days after the order, so many rural customers were asked to review something that hadn't even arrived yet. We switched the trigger to the 'delivered' tracking status plus 5 days and added a small discount for photo reviews. Review volume roughly doubled, and ratings went up because people had actually used the product. Make it one click to leave a star rating straight from the email.",
        "e-commerce",
    ),
    547: (
        "CASL: a pre-checked box at checkout isn't consent",
        "We had the 'subscribe to our newsletter' box pre-checked at checkout for two years. Under CASL that isn't express consent, and we realized a big chunk of our list had never actually opted in. We unchecked the box, sent a re-permission campaign to those contacts while we still had implied consent from their purchases, and removed everyone who didn't confirm. The list is smaller, but we can now prove consent for every address with the date and source, which is what the CRTC would ask for.",
        "e-commerce",
    ),
    548: (
        "Amazon FBA: aged inventory surcharges ate our margin",
        "We sent six months of stock of a slow mover into FBA to save on inbound shipping. After 181 days the aged inventory surcharge kicked in, and the fees on those units were higher than our profit on them. We now send no more than 60 to 90 days of inventory, keep the rest at our 3PL, and run a promotion or create a removal order for anything getting close to the threshold. Check the inventory age report every month.",
        "e-commerce",
    ),
}

QUERIES: list[tuple[str, str, set[int]]] = [
    # care: English queries -> French lessons
    ("care", "med rec on admission, calling the community pharmacy", {501}),
    ("care", "nurse-led ways to cut healthcare-associated infections", {502, 506}),
    ("care", "vaccine fridge out of range over the weekend", {503}),
    ("care", "responsive behaviours at bath time, dementia resident", {504}),
    ("care", "new grads get a different preceptor every shift", {505}),
    ("care", "nurse-driven protocol to remove Foley catheters", {506}),
    ("care", "palliative comfort kit left in the home", {507}),
    ("care", "heel bedsores even with an air mattress", {508}),
    # care: French queries -> English lessons
    ("care", "patient âgé confus la nuit : délirium ou démence?", {509}),
    ("care", "vérification à deux des médicaments de niveau d'alerte élevé", {510}),
    ("care", "dysphagie consistance des liquides épaissis sur le plateau", {511}),
    ("care", "débriefing de l'équipe après un code blanc", {512}),
    ("care", "accueil des infirmières de la main-d'oeuvre indépendante", {513}),
    ("care", "AMM comment préparer la famille et l'équipe", {514}),
    ("care", "hypoglycémies le matin, insuline rapide et déjeuner en retard", {515}),
    ("care", "évaluer la douleur d'un résident non verbal", {516}),
    # economic-development: English queries -> French lessons
    ("economic-development", "owner retiring with no succession plan", {517}),
    ("economic-development", "principal payment holiday for a struggling loan client", {518}),
    ("economic-development", "how long does an LMIA take for welders?", {519}),
    ("economic-development", "Phase I ESA before selling industrial park lots", {520}),
    ("economic-development", "merchants won't accept our shop local gift card", {521}),
    ("economic-development", "community-owned co-op grocery store in a small village", {522}),
    ("economic-development", "sawmill closure helping laid-off workers find jobs", {523}),
    ("economic-development", "mentor mentee pairings fizzle after two meetings", {524}),
    # economic-development: French queries -> English lessons
    ("economic-development", "internet haute vitesse carte de couverture erronée", {525}),
    ("economic-development", "tournée des entreprises : assurer le suivi des besoins", {526}),
    ("economic-development", "prêt SADC Stratégie jeunesse avec accompagnement", {527}),
    ("economic-development", "répondre vite à un consultant en localisation d'entreprise", {528}),
    ("economic-development", "SDC locaux vacants boutiques éphémères", {529}),
    ("economic-development", "partenariat économique avec une Première Nation", {530}),
    ("economic-development", "candidats refusent l'emploi faute de logement", {531}),
    ("economic-development", "crédit de taxes foncières pour projets de revitalisation", {532}),
    # e-commerce: English queries -> French lessons
    ("e-commerce", "Quebec seller charging HST to Ontario customers", {533}),
    ("e-commerce", "dimensional weight fees, poly mailers vs boxes", {534}),
    ("e-commerce", "OQLF complaint about English-only Shopify store", {535}),
    ("e-commerce", "offer exchange or store credit instead of refund", {536}),
    ("e-commerce", "Klaviyo emails landing in spam, DMARC", {537}),
    ("e-commerce", "Google Shopping products disapproved, missing UPC", {538}),
    ("e-commerce", "Black Friday overselling between store and website", {539}),
    ("e-commerce", "US customers refusing parcels because of duties", {540}),
    # e-commerce: French queries -> English lessons
    ("e-commerce", "paiement fractionné, ça vaut les frais?", {541}),
    ("e-commerce", "influenceuses avec codes promo : qui vend vraiment", {542}),
    ("e-commerce", "grève de Postes Canada, transporteur de rechange", {543}),
    ("e-commerce", "Shopify Payments retient mes versements", {544}),
    ("e-commerce", "trop d'annulations d'abonnements mensuels", {545}),
    ("e-commerce", "quand envoyer la demande d'avis client", {546}),
    ("e-commerce", "LCAP case précochée consentement infolettre", {547}),
    ("e-commerce", "frais Amazon FBA inventaire vieillissant", {548}),
]

FIELDS = ["care", "economic-development", "e-commerce"]
