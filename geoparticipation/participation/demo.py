"""Texts of the demo (`manage.py load_demo`), modelled on the MEL case study; people and events are fictitious.

Offsets are in days from the demo's anchor: the day the demo was first loaded, moved when it grows old.
Templates take `{a}` (« à Roubaix »), `{de}` (« de Roubaix ») and `{commune}` (« Roubaix »).
"""

EMAIL_DOMAIN = "demo.geoparticipation.invalid"
OFFICER = {"email": f"concertation@{EMAIL_DOMAIN}", "pseudonym": "Mission concertation MEL"}

THEMES = {
    "mobilite": "Mobilité",
    "energie": "Énergie",
    "nature-en-ville": "Nature en ville",
    "alimentation": "Alimentation",
    "qualite-air": "Qualité de l'air",
    "transports-en-commun": "Transports en commun",
    "velo": "Vélo",
    "marche": "Marche et accessibilité",
    "routes": "Routes et stationnement",
    "participation": "Participation citoyenne",
}

# (theme, title, body)
PLAN_CLIMAT_PROPOSALS = [
    (
        "mobilite",
        "Des arceaux vélo devant les écoles {de}",
        "Beaucoup d'enfants pourraient venir à vélo, mais il n'y a nulle part où les attacher. Quelques arceaux "
        "abrités devant chaque école {de} suffiraient à changer les habitudes des familles.",
    ),
    (
        "mobilite",
        "Relier le centre {de} au réseau express vélo",
        "Les aménagements cyclables s'arrêtent aux limites de la commune. Une liaison continue et séparée de la "
        "circulation permettrait d'aller travailler à vélo sans détour dangereux.",
    ),
    (
        "mobilite",
        "Un bus toutes les dix minutes aux heures de pointe {a}",
        "Aux heures de pointe, l'attente dépasse souvent vingt minutes et l'on reprend la voiture. Une fréquence "
        "de dix minutes rendrait le bus crédible pour aller au travail.",
    ),
    (
        "mobilite",
        "Des rues scolaires fermées aux voitures {a}",
        "Fermer la rue devant l'école un quart d'heure à l'entrée et à la sortie des classes : moins de pollution "
        "pour les enfants, plus de sécurité, et des parents qui osent venir à pied.",
    ),
    (
        "mobilite",
        "Développer l'autopartage {a}",
        "Une voiture partagée remplace plusieurs voitures particulières. Quelques stations d'autopartage près des "
        "arrêts de bus permettraient à des ménages de se passer d'un second véhicule.",
    ),
    (
        "mobilite",
        "Une aire de covoiturage à la sortie {de}",
        "Chaque matin, des voisins font le même trajet vers leur travail, seuls dans leur voiture. Une aire de "
        "covoiturage signalée, avec un abri, faciliterait les rendez-vous.",
    ),
    (
        "mobilite",
        "Généraliser la zone 30 dans les quartiers {de}",
        "À 30 km/h, le bruit baisse, les piétons et les cyclistes se sentent en sécurité et la consommation de "
        "carburant diminue en ville.",
    ),
    (
        "mobilite",
        "Louer des vélos électriques au mois {a}",
        "Beaucoup hésitent à acheter un vélo électrique sans l'avoir essayé. Une location longue durée à prix "
        "modéré permettrait de tester le vélo pour les trajets quotidiens.",
    ),
    (
        "energie",
        "Des panneaux solaires sur les bâtiments publics {de}",
        "Les toitures des écoles, des salles de sport et de la mairie sont souvent plates et bien exposées. Les "
        "équiper de panneaux photovoltaïques produirait une électricité locale et montrerait l'exemple.",
    ),
    (
        "energie",
        "Un guichet unique pour la rénovation énergétique {a}",
        "Entre les aides de l'État, de la Région et de la Métropole, les propriétaires s'y perdent. Une "
        "permanence de conseil gratuite et proche aiderait à lancer les travaux d'isolation.",
    ),
    (
        "energie",
        "Éteindre l'éclairage public au cœur de la nuit {a}",
        "Entre 1 h et 5 h, les rues résidentielles sont désertes. Couper l'éclairage, comme d'autres communes "
        "l'ont fait, économise l'énergie et protège la faune nocturne.",
    ),
    (
        "energie",
        "Une coopérative citoyenne d'énergie solaire {a}",
        "Les habitants pourraient investir ensemble dans des centrales solaires sur les toits disponibles et "
        "partager la production. La Métropole faciliterait l'accès aux toitures publiques.",
    ),
    (
        "energie",
        "Isoler en priorité les logements sociaux {de}",
        "Les locataires des logements les moins bien isolés paient les factures les plus lourdes. Commencer par "
        "eux réduit à la fois les émissions et la précarité énergétique.",
    ),
    (
        "energie",
        "Un réseau de chaleur pour les quartiers denses {de}",
        "La chaleur récupérée sur l'incinération ou la géothermie pourrait chauffer les immeubles collectifs et "
        "les équipements publics à la place des chaudières au gaz.",
    ),
    (
        "energie",
        "Publier une thermographie des toitures {de}",
        "Une carte des déperditions de chaleur, publiée en open data, montrerait à chacun où agir en premier et "
        "aiderait à cibler les aides à l'isolation.",
    ),
    (
        "energie",
        "Des défis « familles à énergie positive » {a}",
        "Des équipes de voisins se lancent le défi de réduire leur consommation d'énergie pendant un hiver, avec "
        "un accompagnement et une fête de clôture pour partager les astuces.",
    ),
    (
        "nature-en-ville",
        "Débitumer les cours d'école {a}",
        "En été, les cours en enrobé deviennent des fournaises. Remplacer une partie du bitume par de la pleine "
        "terre et des arbres crée des îlots de fraîcheur et absorbe l'eau de pluie.",
    ),
    (
        "nature-en-ville",
        "Un verger partagé {a}",
        "Un terrain communal inutilisé pourrait accueillir un verger entretenu par les habitants et les écoles, "
        "avec des variétés anciennes de la région.",
    ),
    (
        "nature-en-ville",
        "Ouvrir des îlots de fraîcheur pendant les canicules {a}",
        "Parcs ouverts la nuit, salles climatisées, points d'eau : les personnes âgées et les familles sans "
        "jardin ont besoin de lieux frais lors des vagues de chaleur.",
    ),
    (
        "nature-en-ville",
        "Un permis de végétaliser les trottoirs {a}",
        "Autoriser les habitants à planter au pied des façades et des arbres de rue, avec quelques règles "
        "simples, fleurirait les rues sans coût pour la commune.",
    ),
    (
        "nature-en-ville",
        "Replanter des haies le long des chemins {de}",
        "Les haies abritent les oiseaux, freinent le ruissellement et font de l'ombre aux promeneurs. Beaucoup "
        "ont disparu ; les replanter avec les agriculteurs serait un bon investissement.",
    ),
    (
        "nature-en-ville",
        "Transformer un parking en square {a}",
        "Certains parkings sont à moitié vides en semaine. L'un d'eux pourrait devenir un square arboré, avec des "
        "bancs et des jeux pour les enfants.",
    ),
    (
        "nature-en-ville",
        "Recueillir l'eau de pluie dans des noues {a}",
        "Lors des orages, les égouts débordent. Des noues plantées le long des rues infiltreraient l'eau sur "
        "place et rafraîchiraient le quartier.",
    ),
    (
        "nature-en-ville",
        "Un inventaire participatif de la biodiversité {a}",
        "Avec une application simple, les habitants recenseraient les oiseaux, les insectes et les plantes de "
        "leur quartier, et la commune saurait quels espaces protéger.",
    ),
    (
        "alimentation",
        "Un marché de producteurs locaux le samedi {a}",
        "Les maraîchers de la métropole vendent surtout en dehors de la ville. Un marché hebdomadaire de "
        "producteurs rapprocherait les habitants des fermes voisines.",
    ),
    (
        "alimentation",
        "Plus de bio et de local dans les cantines {de}",
        "Les repas servis chaque jour dans les écoles sont un levier énorme : s'approvisionner auprès des "
        "agriculteurs de la métropole soutient l'emploi local et réduit les transports.",
    ),
    (
        "alimentation",
        "Des jardins partagés au pied des immeubles {a}",
        "Les pelouses au pied des résidences pourraient devenir des potagers partagés, animés avec le bailleur et "
        "une association de quartier.",
    ),
    (
        "alimentation",
        "Des composteurs collectifs dans chaque quartier {de}",
        "Un tiers de nos poubelles est composé de déchets alimentaires. Des composteurs de quartier, avec des "
        "référents formés, réduiraient les déchets et produiraient du terreau.",
    ),
    (
        "alimentation",
        "Lutter contre le gaspillage dans la restauration scolaire {a}",
        "Peser les restes, adapter les portions, laisser les enfants choisir : les cantines qui s'y sont mises ont "
        "réduit fortement le gaspillage.",
    ),
    (
        "alimentation",
        "Un point de retrait de paniers paysans {a}",
        "Un local près d'un arrêt de bus où récupérer chaque semaine un panier de légumes commandé auprès des "
        "fermes de la métropole.",
    ),
    (
        "alimentation",
        "Préserver les terres agricoles autour {de}",
        "Chaque lotissement supplémentaire prend des champs. Il faut protéger durablement les terres agricoles "
        "pour garder une alimentation locale.",
    ),
    (
        "alimentation",
        "Des ateliers de cuisine anti-gaspillage {a}",
        "Apprendre à cuisiner les restes et les légumes de saison, dans les centres sociaux, avec des habitants qui "
        "partagent leurs recettes.",
    ),
    (
        "qualite-air",
        "Des capteurs de qualité de l'air près des écoles {de}",
        "Mesurer la pollution là où les enfants respirent, publier les résultats et agir en priorité sur les "
        "écoles les plus exposées.",
    ),
    (
        "qualite-air",
        "Couper le moteur devant les écoles {de}",
        "Des voitures attendent moteur allumé à la sortie des classes. Une campagne de sensibilisation et des "
        "panneaux rappelleraient la règle.",
    ),
    (
        "qualite-air",
        "Une prime pour remplacer les vieux poêles à bois {a}",
        "Les foyers ouverts et les poêles anciens émettent beaucoup de particules fines en hiver. Une aide au "
        "remplacement par des appareils performants améliorerait l'air du quartier.",
    ),
    (
        "qualite-air",
        "Limiter les poids lourds en transit {a}",
        "Des camions traversent la commune pour éviter l'autoroute. Un itinéraire obligatoire pour le transit "
        "réduirait le bruit et la pollution dans les rues habitées.",
    ),
    (
        "qualite-air",
        "Afficher la qualité de l'air en temps réel {a}",
        "Des panneaux dans les lieux publics et une alerte sur le téléphone aideraient les personnes fragiles à "
        "adapter leurs activités les jours de pic de pollution.",
    ),
    (
        "qualite-air",
        "Des murs végétaux le long des grands axes {de}",
        "Des plantes grimpantes sur les murs aveugles bordant les axes très circulés captent une partie des "
        "poussières et rafraîchissent la rue.",
    ),
    (
        "qualite-air",
        "Une zone à faibles émissions métropolitaine, {commune} compris",
        "La pollution ne s'arrête pas aux limites communales. Une zone à faibles émissions cohérente à l'échelle "
        "de la métropole, avec des aides pour changer de véhicule, serait plus juste.",
    ),
    (
        "qualite-air",
        "Des bornes de recharge pour vélos et voitures électriques {a}",
        "Sans borne près de chez soi, difficile de passer à l'électrique. Quelques bornes sur les parkings publics "
        "lèveraient ce frein.",
    ),
]

ASSISES_PROPOSALS = [
    (
        "transports-en-commun",
        "Une ligne de bus express {a} vers le métro",
        "Le trajet jusqu'au métro prend trop de temps avec les arrêts actuels. Une ligne express aux heures de "
        "pointe rendrait les transports en commun compétitifs face à la voiture.",
    ),
    (
        "transports-en-commun",
        "Des bus le dimanche matin {a}",
        "Le dimanche matin, il n'y a presque aucun bus. Ceux qui travaillent le week-end ou vont au marché n'ont "
        "pas d'autre choix que la voiture.",
    ),
    (
        "transports-en-commun",
        "Des abris et des bancs à tous les arrêts de bus {de}",
        "Attendre sous la pluie sans abri décourage les usagers, surtout les personnes âgées. Chaque arrêt devrait "
        "avoir au moins un banc et un abri.",
    ),
    (
        "transports-en-commun",
        "Les horaires en temps réel à chaque arrêt {de}",
        "Savoir dans combien de minutes passe le bus change tout. Un écran ou un code à scanner à chaque arrêt "
        "rassurerait les usagers.",
    ),
    (
        "transports-en-commun",
        "Un titre unique train et bus au départ {de}",
        "Combiner TER, métro et bus oblige à acheter plusieurs titres. Un titre unique simplifierait les trajets "
        "vers Lille et entre communes.",
    ),
    (
        "transports-en-commun",
        "Des navettes vers les zones d'activité {de}",
        "Les zones d'activité sont mal desservies aux horaires des équipes. Des navettes calées sur les horaires "
        "de travail éviteraient des milliers de trajets en voiture.",
    ),
    (
        "transports-en-commun",
        "Des bus de nuit le week-end {a}",
        "Le vendredi et le samedi soir, les jeunes n'ont pas de solution pour rentrer après minuit. Quelques "
        "bus de nuit rendraient les retours plus sûrs.",
    ),
    (
        "transports-en-commun",
        "Plus de TER aux heures de pointe pour les habitants {de}",
        "Les trains du matin sont bondés et trop peu nombreux. Un cadencement à la demi-heure attirerait "
        "beaucoup d'automobilistes.",
    ),
    (
        "velo",
        "Des pistes cyclables séparées sur les axes principaux {de}",
        "Peindre une bande sur la chaussée ne suffit pas : les cyclistes ont besoin de pistes protégées des "
        "voitures sur les grands axes.",
    ),
    (
        "velo",
        "Des consignes à vélos sécurisées près des arrêts {de}",
        "Les vols de vélos découragent de combiner vélo et transports en commun. Des consignes fermées près des "
        "arrêts et des gares régleraient le problème.",
    ),
    (
        "velo",
        "Des vélos en libre-service {a}",
        "Le vélo en libre-service s'arrête aux communes centrales. L'étendre permettrait de faire le dernier "
        "kilomètre depuis le métro ou la gare.",
    ),
    (
        "velo",
        "Jalonner les itinéraires cyclables {a}",
        "Des panneaux indiquant les temps de parcours à vélo vers les communes voisines montreraient que beaucoup "
        "de trajets prennent moins de vingt minutes.",
    ),
    (
        "velo",
        "Des double-sens cyclables dans les rues à sens unique {de}",
        "Permettre aux vélos de circuler dans les deux sens dans les petites rues évite de longs détours par les "
        "grands axes.",
    ),
    (
        "velo",
        "Apprendre le vélo aux adultes {a}",
        "Beaucoup d'adultes n'ont jamais appris à faire du vélo. Des cours gratuits, avec prêt de vélo, ouvriraient "
        "ce mode de déplacement à tous.",
    ),
    (
        "velo",
        "Une aide à l'achat de vélos cargos {a}",
        "Pour emmener les enfants ou faire les courses, un vélo cargo remplace la voiture, mais il coûte cher. "
        "Une aide ciblée accélérerait le changement.",
    ),
    (
        "marche",
        "Élargir les trottoirs du centre {de}",
        "Dans le centre, les trottoirs sont si étroits qu'on marche sur la chaussée avec une poussette ou un "
        "fauteuil roulant.",
    ),
    (
        "marche",
        "Des passages piétons plus sûrs près des écoles {de}",
        "Plateaux surélevés, éclairage, îlots centraux : quelques aménagements simples ralentissent les voitures "
        "là où les enfants traversent.",
    ),
    (
        "marche",
        "Abaisser les bordures de trottoir pour les fauteuils roulants {a}",
        "Une bordure trop haute suffit à bloquer une personne en fauteuil. Il faut un programme systématique "
        "d'abaissement aux traversées.",
    ),
    (
        "marche",
        "Plus de temps pour traverser aux feux {a}",
        "Aux grands carrefours, le feu piéton passe au rouge avant que les personnes âgées aient fini de traverser.",
    ),
    (
        "marche",
        "Des bancs régulièrement le long des rues {de}",
        "Pour les personnes âgées, pouvoir s'asseoir tous les deux cents mètres rend la marche possible jusqu'aux "
        "commerces.",
    ),
    (
        "marche",
        "Piétonniser le centre {de} le dimanche",
        "Une rue commerçante rendue aux piétons le dimanche redonnerait vie au centre et aux terrasses.",
    ),
    (
        "marche",
        "Éclairer les cheminements piétons {a}",
        "Les raccourcis entre les quartiers ne sont pas éclairés : l'hiver, beaucoup font le détour par la route "
        "ou prennent la voiture.",
    ),
    (
        "routes",
        "Passer à 30 km/h dans les rues résidentielles {de}",
        "Les rues résidentielles servent de raccourcis à une circulation rapide. Une limitation à 30 km/h, avec "
        "des aménagements, les rendrait aux riverains.",
    ),
    (
        "routes",
        "Un parking relais près des transports en commun {a}",
        "Se garer près d'une station et finir en métro ou en bus éviterait d'entrer en voiture dans le cœur de la "
        "métropole.",
    ),
    (
        "routes",
        "Sécuriser le carrefour principal {de}",
        "Le carrefour principal est le théâtre d'accrochages réguliers. Un réaménagement avec des feux ou un "
        "giratoire est attendu.",
    ),
    (
        "routes",
        "Lutter contre le stationnement sur les trottoirs {a}",
        "Les voitures garées sur les trottoirs obligent les piétons à marcher sur la chaussée. Des potelets et des "
        "contrôles sont nécessaires.",
    ),
    (
        "routes",
        "Limiter le transit des poids lourds dans le centre {de}",
        "Les camions qui traversent le centre abîment la chaussée et mettent en danger les cyclistes. Un "
        "itinéraire de contournement s'impose.",
    ),
    (
        "routes",
        "Des livraisons en vélo cargo dans le centre {de}",
        "Un petit entrepôt en périphérie et des livraisons finales en vélo cargo désengorgeraient les rues "
        "commerçantes.",
    ),
    (
        "routes",
        "Entretenir la chaussée des axes secondaires {de}",
        "Les nids-de-poule sont dangereux pour les deux-roues. Un programme d'entretien régulier des axes "
        "secondaires est nécessaire.",
    ),
    (
        "routes",
        "Des places réservées au covoiturage {a}",
        "Réserver les meilleures places des parkings aux voitures de covoiturage encouragerait à partager ses trajets.",
    ),
]

RESEAU_PROPOSALS = [
    (
        "participation",
        "Partager le retour d'expérience du conseil de quartier {de}",
        "Le conseil de quartier a testé des formats d'ateliers en soirée et en extérieur. Nous proposons de "
        "présenter ce retour d'expérience lors de la prochaine rencontre du réseau.",
    ),
    (
        "participation",
        "Une boîte à outils commune pour animer des ateliers {a}",
        "Fiches d'animation, modèles d'affiches, trames de compte rendu : une boîte à outils partagée éviterait à "
        "chaque commune de tout réinventer.",
    ),
    (
        "participation",
        "Former les agents {de} à l'animation de concertations",
        "Les agents qui animent les réunions publiques n'ont pas tous été formés. Une session de formation "
        "commune à plusieurs villes réduirait les coûts.",
    ),
    (
        "participation",
        "Associer le conseil citoyen {de} à la prochaine concertation métropolitaine",
        "Le conseil citoyen connaît bien les habitants des quartiers prioritaires. L'associer dès la conception "
        "d'une concertation aiderait à toucher ceux qui ne participent jamais.",
    ),
    (
        "participation",
        "Mutualiser le matériel de concertation autour {de}",
        "Grilles d'exposition, tables mobiles, sonorisation : ce matériel sert peu dans chaque commune. Une "
        "mutualisation entre voisines serait plus économe.",
    ),
    (
        "participation",
        "Publier en open data les résultats des concertations {de}",
        "Publier les contributions et les réponses en données ouvertes, comme le fait la Métropole, rendrait les "
        "démarches communales plus transparentes.",
    ),
    (
        "participation",
        "Un calendrier partagé des réunions publiques, y compris {a}",
        "Plusieurs réunions ont lieu le même soir sur des sujets voisins. Un calendrier commun éviterait les "
        "doublons et mobiliserait davantage.",
    ),
    (
        "participation",
        "Aller vers les habitants qui ne participent jamais {a}",
        "Stands sur les marchés, porte-à-porte, permanences dans les centres sociaux : les démarches « hors les "
        "murs » touchent d'autres publics que les réunions publiques.",
    ),
    (
        "participation",
        "Des ateliers en soirée et le samedi {a}",
        "Les réunions à 18 h excluent beaucoup d'actifs et de parents. Varier les horaires élargirait le public.",
    ),
    (
        "participation",
        "Rédiger les documents de concertation en langage clair {a}",
        "Les dossiers techniques découragent les habitants. Une synthèse en langage clair, relue par des "
        "citoyens, devrait accompagner chaque concertation.",
    ),
    (
        "participation",
        "Tester un budget participatif intercommunal {a}",
        "Certains projets dépassent les limites communales : un budget participatif porté par plusieurs communes "
        "voisines permettrait de les financer.",
    ),
    (
        "participation",
        "Évaluer les démarches participatives menées {a}",
        "Nous manquons d'indicateurs pour savoir ce qui fonctionne. Le réseau pourrait définir une grille "
        "d'évaluation commune.",
    ),
]

# (kind, geometry type, comment)
PLAN_CLIMAT_ANNOTATIONS = [
    ("probleme", "Point", "Îlot de chaleur : aucune ombre sur cette place {de} en été."),
    ("idee", "Point", "Ici, un abri vélo sécurisé serait très utilisé, {a}."),
    ("probleme", "Point", "Dépôts sauvages de déchets chaque semaine à cet endroit, {a}."),
    ("question", "Point", "Ce terrain en friche {a} pourrait-il devenir un jardin partagé ?"),
    ("remarque", "Point", "Arbre remarquable à protéger {a} : il fait de l'ombre à tout le carrefour."),
    ("idee", "Point", "Emplacement idéal pour un composteur de quartier {a}."),
    ("probleme", "Point", "Fumées de chauffage au bois chaque soir d'hiver dans cette rue {de}."),
    ("idee", "Point", "Toiture bien exposée {a} : candidate pour des panneaux solaires."),
    ("idee", "LineString", "Itinéraire cyclable à créer {a} : aujourd'hui, les vélos roulent entre les camions."),
    ("probleme", "LineString", "Trottoir trop étroit {a} : impossible de passer avec une poussette."),
    ("idee", "LineString", "Alignement d'arbres à planter le long de cette rue {de}."),
    ("remarque", "LineString", "Raccourci piéton très utilisé {a}, mais ni éclairé ni entretenu."),
    ("probleme", "LineString", "Bouchons quotidiens sur ce tronçon {a} entre 7 h 30 et 9 h."),
    ("question", "LineString", "Cette portion de voie {a} pourrait-elle passer en zone 30 ?"),
    ("idee", "Polygon", "Parking peu utilisé {a} : on pourrait le désimperméabiliser et planter."),
    ("probleme", "Polygon", "Îlot de chaleur : tout ce secteur {de} est bitumé, sans un arbre."),
    ("idee", "Polygon", "Zone à transformer en petite forêt urbaine {a}."),
    ("remarque", "Polygon", "Zone humide {a} à préserver de toute construction."),
    ("question", "Polygon", "Que va devenir cette friche {a} ? Elle pourrait accueillir des jardins."),
    ("idee", "Polygon", "Cour d'école à végétaliser {a}."),
]

ASSISES_ANNOTATIONS = [
    ("probleme", "Point", "Carrefour dangereux {a} : plusieurs accrochages avec des cyclistes."),
    ("idee", "Point", "Il manque un arrêt de bus ici, {a}."),
    ("probleme", "Point", "Arrêt de bus sans abri ni banc {a}."),
    ("question", "Point", "Pourquoi ce passage piéton {a} n'a-t-il pas de feu ?"),
    ("remarque", "Point", "Stationnement vélo saturé tous les matins {a}."),
    ("probleme", "LineString", "Piste cyclable interrompue sans prévenir {a}."),
    ("idee", "LineString", "Ce tronçon {a} mériterait une voie de bus réservée."),
    ("probleme", "LineString", "Voitures garées sur le trottoir tout le long de cette rue {de}."),
    ("remarque", "LineString", "Itinéraire emprunté chaque jour par les collégiens {de}."),
    ("question", "LineString", "Ce chemin {a} peut-il être ouvert aux vélos ?"),
    ("idee", "Polygon", "Quartier {de} à passer en zone 30."),
    ("probleme", "Polygon", "Secteur mal desservi par les transports en commun {a}."),
    ("idee", "Polygon", "Ce parking {a} pourrait devenir un parking relais."),
    ("remarque", "Polygon", "Zone commerciale {a} inaccessible à pied."),
]

PROCESSES = [
    {
        "slug": "plan-climat",
        "title": "Construisons la métropole moins 2 degrés !",
        "subtitle": "Renouveler le PCAET : concertation sur le Plan Climat Air Énergie Territorial",
        "presentation": (
            "La Métropole Européenne de Lille renouvelle son Plan Climat Air Énergie Territorial (PCAET). Ce plan "
            "fixe, pour les six prochaines années, les actions qui réduiront les émissions de gaz à effet de serre "
            "du territoire, amélioreront la qualité de l'air et prépareront les 95 communes aux vagues de chaleur, "
            "aux inondations et aux sécheresses.\n\n"
            "Se déplacer, se chauffer, se nourrir, aménager la ville : le climat se joue dans notre quotidien. "
            "Habitants, associations, entreprises et communes, vos propositions nourriront le futur plan. Chaque "
            "proposition sera lue, analysée par les services de la Métropole et recevra une réponse publique dans "
            "le bilan de la concertation."
        ),
        "modalities": (
            "Inscrivez-vous avec une adresse e-mail et choisissez un pseudonyme : seul le pseudonyme est publié.\n\n"
            "- Déposez une proposition en la situant sur la carte, dans l'un des cinq thèmes.\n"
            "- Soutenez et commentez les propositions des autres participants.\n"
            "- Dessinez sur la carte un problème, une idée ou une question : un point, un tracé ou une zone.\n"
            "- Venez aux ateliers organisés dans les communes (voir le calendrier des réunions).\n\n"
            "Les contributions sont modérées a posteriori selon la charte de participation. Elles sont publiées en "
            "données ouvertes."
        ),
        "is_private": False,
        "themes": ["mobilite", "energie", "nature-en-ville", "alimentation", "qualite-air"],
        "phases": [
            (
                "Diagnostic partagé",
                "Présentation du diagnostic climat, air et énergie du territoire et réunions de lancement.",
                -60,
                -31,
            ),
            (
                "Propositions citoyennes",
                "Déposez vos propositions, soutenez celles des autres et annotez la carte.",
                -30,
                30,
            ),
            (
                "Analyse des contributions",
                "La mission concertation synthétise les contributions et les transmet aux services.",
                31,
                75,
            ),
            (
                "Bilan et réponses",
                "La Métropole publie le bilan de la concertation et répond à chaque proposition.",
                76,
                120,
            ),
        ],
        # Days (from the anchor) during which the contributions were published; their comments follow within a day.
        "contributions": (-30, -2),
        "proposals": 120,
        "annotations": 65,
        "proposal_templates": PLAN_CLIMAT_PROPOSALS,
        "annotation_templates": PLAN_CLIMAT_ANNOTATIONS,
    },
    {
        "slug": "assises-mobilite",
        "title": "Assises de la mobilité",
        "subtitle": "Comment se déplacer demain dans la métropole ?",
        "presentation": (
            "Embouteillages aux portes de Lille, trains bondés, pistes cyclables discontinues : la Métropole a "
            "ouvert les Assises de la mobilité pour préparer son plan de mobilité avec celles et ceux qui se "
            "déplacent chaque jour sur le territoire.\n\n"
            "La concertation est terminée. Merci aux participants ! Les services de la Métropole ont étudié les "
            "propositions ; les réponses motivées sont publiées sur chacune d'elles et dans le bilan."
        ),
        "modalities": (
            "Les contributions étaient ouvertes à toutes et à tous, en ligne et lors d'ateliers dans les communes. "
            "Une part importante des contributions provenant d'un même collectif extérieur à la métropole, "
            "l'analyse a tenu compte de l'origine des contributions, sans en écarter aucune."
        ),
        "is_private": False,
        "themes": ["transports-en-commun", "velo", "marche", "routes"],
        "phases": [
            ("Contributions", "Propositions en ligne et annotations de la carte.", -420, -330),
            ("Ateliers territoriaux", "Ateliers dans les communes pour approfondir les propositions.", -329, -300),
            ("Synthèse et réponses", "Analyse des contributions et réponses de la Métropole.", -299, -240),
        ],
        "contributions": (-420, -331),
        "proposals": 64,
        "annotations": 35,
        "proposal_templates": ASSISES_PROPOSALS,
        "annotation_templates": ASSISES_ANNOTATIONS,
        "answered": {"accepted": 5, "rejected": 4, "evaluating": 5},
        "answered_on": -270,
    },
    {
        "slug": "reseau-acteurs-participation",
        "title": "Réseau des Acteurs de la Participation",
        "subtitle": "Espace d'échange réservé aux acteurs de la participation citoyenne des communes",
        "presentation": (
            "Le Réseau des Acteurs de la Participation (RAP) réunit les agents chargés de la participation "
            "citoyenne dans les communes, les membres du Conseil de développement de la MEL et les instances "
            "officielles de la participation (conseils citoyens, conseils de quartier).\n\n"
            "Cet espace privé permet de partager des retours d'expérience, des outils et des idées de démarches "
            "communes."
        ),
        "modalities": "Espace réservé aux membres du réseau. Pour le rejoindre, écrivez à la mission concertation.",
        "is_private": True,
        "themes": ["participation"],
        "phases": [
            ("Échanges entre acteurs", "Partage d'expériences et propositions de travail en commun.", -200, 165),
        ],
        "contributions": (-200, -2),
        "proposals": 16,
        "annotations": 0,
        "proposal_templates": RESEAU_PROPOSALS,
        "annotation_templates": [],
        "members": 14,
    },
]

CITIZENS = [
    "Amandine R.",
    "VéloTaf59",
    "PapyRoubaisien",
    "Jardinière de Fives",
    "Karim_B",
    "Lucie du Vieux-Lille",
    "Marcheur de la Deûle",
    "Nadia T.",
    "Tourquennois pressé",
    "Élise Verte",
    "Hugo Wazemmes",
    "Maman de trois",
    "Bernard59",
    "Chloé à vélo",
    "Farid de Hem",
    "Gaëlle M.",
    "Le Pévélois",
    "Inès B.",
    "Jean-Marc L.",
    "Zoé Lambersart",
    "Maraîcher des Weppes",
    "Thomas V.",
    "Coline R.",
    "Anne-Sophie D.",
    "Mehdi A.",
    "Pauline Marcq",
    "Yannick_59",
    "Sarah L.",
    "Ours du Mélantois",
    "Camille de Croix",
    "Rémi Armentières",
    "Julie Seclin",
    "Damien D.",
    "Lina K.",
    "Olivier Halluin",
    "Manon P.",
    "Étudiant de la Cité scientifique",
    "Grégory W.",
    "Sève",
    "Aline Comines",
    "Bruno Loos",
    "Fatou S.",
    "Cyril Ronchin",
    "Agathe L.",
    "Vincent59",
    "Margaux H.",
    "Quentin Roncq",
    "Mireille D.",
    "Antoine Wattrelos",
    "Laura Mouvaux",
    "Nicolas F.",
    "Samia B.",
    "Pierre-Yves C.",
    "Héloïse Faches",
    "Romain Wasquehal",
    "Émilie Bondues",
    "Kevin T.",
    "Claire de La Madeleine",
    "Robert, 72 ans",
    "Collectif Vélo Roubaix",
]

COMMENTS = [
    "Tout à fait d'accord, c'est un vrai besoin dans le quartier.",
    "Bonne idée, mais qui paiera l'entretien ?",
    "Je soutiens : mes enfants sont concernés tous les jours.",
    "On l'a fait dans ma commune il y a deux ans, ça marche très bien.",
    "Il faudrait aussi penser aux personnes à mobilité réduite.",
    "Pas convaincu : selon moi, le problème principal est ailleurs.",
    "Peut-on avoir une idée de ce que cela coûterait ?",
    "Oui ! Et en concertation avec les commerçants du coin.",
    "À coupler avec une meilleure information des habitants.",
    "C'est déjà prévu dans le plan local, il faut surtout accélérer.",
    "Attention à ne pas reporter le problème sur les rues voisines.",
    "Excellente proposition, simple à mettre en œuvre.",
    "Je propose d'ajouter un suivi public des résultats.",
    "Les associations du quartier sont prêtes à aider.",
    "Il faudrait commencer par un test de quelques mois.",
    "Merci pour cette proposition, je n'y avais jamais pensé.",
    "D'accord sur le fond, mais le calendrier me paraît irréaliste.",
    "Cela profiterait aussi aux communes voisines.",
]

ANSWERS = {
    "accepted": [
        "La Métropole retient cette proposition. Elle est inscrite au plan de mobilité et fera l'objet d'une "
        "première réalisation dans les deux ans ; un point d'avancement sera publié sur cette page.",
        "Proposition retenue : les services de la Métropole l'intègrent au programme de travaux de voirie, en lien "
        "avec la commune. Merci aux participants qui l'ont soutenue.",
        "Retenue. Plusieurs contributions allaient dans le même sens ; la Métropole lancera une expérimentation "
        "avec la commune avant une généralisation.",
    ],
    "rejected": [
        "La Métropole ne retient pas cette proposition : l'emprise de la voie ne permet pas l'aménagement demandé "
        "sans supprimer le passage des bus. D'autres solutions seront étudiées avec la commune.",
        "Non retenue : cette demande relève de la compétence de la commune et non de la Métropole. Nous l'avons "
        "transmise à la mairie, qui vous répondra directement.",
        "Non retenue en l'état : le coût estimé est disproportionné par rapport au nombre de déplacements "
        "concernés. La Métropole privilégie les actions listées dans le bilan de la concertation.",
    ],
    "evaluating": [
        "Proposition à l'étude : les services techniques évaluent sa faisabilité et son coût. Une réponse sera "
        "publiée ici à l'issue de l'étude.",
        "En cours d'évaluation avec l'exploitant du réseau de transport ; des comptages sont prévus pour mesurer "
        "le besoin.",
        "À l'étude dans le cadre de la révision du plan de mobilité ; la commune est associée à l'analyse.",
    ],
}

# Moderation made visible: an advertisement hidden by an officer, and a comment giving a phone number.
SPAMMER = "Isol'Éco Pro"
SPAM = {
    "process": "plan-climat",
    "commune": "59350",
    "theme": "energie",
    "title": "Isolation de vos combles à 1 euro, devis gratuit !",
    "body": "Profitez vite de l'offre : isolation à 1 euro, nos conseillers vous rappellent sous 24 h. "
    "Appelez le 03 00 00 00 00.",
    "hidden_reason": "Publicité commerciale, contraire à la charte de participation.",
    "report": ("spam", "Démarchage commercial, rien à voir avec la concertation."),
}
HIDDEN_COMMENT = {
    "body": "Je vends mon vélo électrique, très bon état, appelez-moi au 06 00 00 00 00.",
    "hidden_reason": "Annonce personnelle et numéro de téléphone : hors sujet et données personnelles.",
    "report": ("personal_data", "Un numéro de téléphone est publié."),
}

# (process, town hall as named in fixtures/mairies.geojson, title, description, day, "HH:MM", hours,
#  registration, online)
MEETINGS = [
    (
        "plan-climat",
        "Mairie de Lille",
        "Lancement de la concertation sur le Plan Climat",
        "Présentation du diagnostic climat, air et énergie et du calendrier de la concertation.",
        -50,
        "18:30",
        2,
        True,
        True,
    ),
    (
        "plan-climat",
        "Mairie de Roubaix",
        "Atelier « Se déplacer autrement » à Roubaix",
        "Vélo, bus, covoiturage : quelles solutions pour réduire la place de la voiture ?",
        -25,
        "18:30",
        2,
        True,
        False,
    ),
    (
        "plan-climat",
        "Mairie de Tourcoing",
        "Atelier « Rénover son logement » à Tourcoing",
        "Isolation, chauffage, aides financières : des conseillers répondent aux questions des habitants.",
        -18,
        "18:00",
        2,
        False,
        False,
    ),
    (
        "plan-climat",
        "Villeneuve-d'Ascq - Mairie de Quartier Cousinerie",
        "Atelier « Nature en ville » à Villeneuve-d'Ascq",
        "Arbres, parcs, lacs : comment garder la ville fraîche pendant les canicules ?",
        -11,
        "18:30",
        2,
        True,
        False,
    ),
    (
        "plan-climat",
        "Lille - Mairie de Quartier de Fives",
        "Balade climatique dans le quartier de Fives",
        "Une marche commentée pour repérer les îlots de chaleur et les lieux à végétaliser. Départ de la mairie "
        "de quartier.",
        -4,
        "10:00",
        2,
        True,
        False,
    ),
    (
        "plan-climat",
        "Mairie de Seclin",
        "Atelier « Manger local » à Seclin",
        "Rencontre avec des maraîchers du sud de la métropole sur l'alimentation locale et les cantines.",
        -2,
        "18:30",
        2,
        False,
        False,
    ),
    (
        "plan-climat",
        "Mairie d'Armentières",
        "Atelier « Qualité de l'air » à Armentières",
        "Chauffage au bois, trafic, pollens : mieux comprendre l'air que nous respirons.",
        3,
        "18:30",
        2,
        True,
        False,
    ),
    (
        "plan-climat",
        "Mairie de Wattrelos",
        "Réunion publique à Wattrelos",
        "Présentation des premières propositions et échanges avec les élus.",
        6,
        "19:00",
        2,
        False,
        False,
    ),
    (
        "plan-climat",
        "Mairie de Marcq-en-Barœul",
        "Atelier « Énergie solaire » à Marcq-en-Barœul",
        "Coopératives citoyennes, toitures publiques, autoconsommation : comment produire localement ?",
        9,
        "18:30",
        2,
        True,
        False,
    ),
    (
        "plan-climat",
        "Mairie de Lambersart",
        "Réunion publique à Lambersart (également en ligne)",
        "Échanges sur les propositions déposées par les habitants de l'ouest de la métropole.",
        13,
        "18:30",
        2,
        False,
        True,
    ),
    (
        "plan-climat",
        "Mairie de Comines",
        "Atelier « Mobilité rurale » à Comines",
        "Se déplacer sans voiture dans les communes de la vallée de la Lys : quelles solutions ?",
        17,
        "18:30",
        2,
        True,
        False,
    ),
    (
        "plan-climat",
        "Lille - Mairie de Quartier de Wazemmes",
        "Atelier jeunesse à Wazemmes",
        "Un atelier pour les 15-25 ans : le climat vu par la jeunesse de la métropole.",
        21,
        "14:00",
        3,
        True,
        False,
    ),
    (
        "plan-climat",
        "Mairie d'Haubourdin",
        "Réunion de clôture des propositions à Haubourdin",
        "Dernière réunion avant la fin de la phase de propositions.",
        27,
        "18:30",
        2,
        False,
        True,
    ),
    (
        "assises-mobilite",
        "Mairie de Villeneuve-d'Ascq",
        "Ouverture des Assises de la mobilité",
        "Présentation des enjeux de mobilité de la métropole et du déroulement des Assises.",
        -418,
        "18:30",
        2,
        True,
        False,
    ),
    (
        "assises-mobilite",
        "Mairie de Loos",
        "Atelier territorial à Loos",
        "Atelier sur les déplacements dans le sud-ouest de la métropole.",
        -325,
        "18:30",
        2,
        False,
        False,
    ),
    (
        "assises-mobilite",
        "Mairie d'Halluin",
        "Atelier territorial à Halluin",
        "Atelier sur les déplacements transfrontaliers et la vallée de la Lys.",
        -320,
        "18:30",
        2,
        False,
        False,
    ),
    (
        "assises-mobilite",
        "Mairie de Lesquin",
        "Atelier territorial à Lesquin",
        "Atelier sur la desserte des zones d'activité et de l'aéroport.",
        -315,
        "18:30",
        2,
        False,
        False,
    ),
    (
        "assises-mobilite",
        "Mairie de Croix",
        "Atelier territorial à Croix",
        "Atelier sur le vélo et les transports en commun dans le versant nord-est.",
        -310,
        "18:30",
        2,
        False,
        False,
    ),
    (
        "assises-mobilite",
        "Mairie de Wavrin",
        "Atelier territorial à Wavrin",
        "Atelier sur les mobilités dans les communes des Weppes.",
        -305,
        "18:30",
        2,
        False,
        False,
    ),
    (
        "reseau-acteurs-participation",
        "Mairie de la Commune Associée de Lomme",
        "Rencontre du réseau à Lomme",
        "Retours d'expérience sur les conseils de quartier et les budgets participatifs.",
        -30,
        "14:00",
        3,
        False,
        False,
    ),
    (
        "reseau-acteurs-participation",
        "Mairie de Mons-en-Barœul",
        "Rencontre du réseau à Mons-en-Barœul",
        "Atelier « aller vers les publics éloignés de la participation ».",
        14,
        "14:00",
        3,
        False,
        True,
    ),
]

MEETING_URL = "https://demo.geoparticipation.invalid/{kind}/{slug}-{number}"


def _elides(nom):
    return nom[0] in "AEIOUYÉÈÊ" or (nom[0] == "H" and not nom.startswith("Hallennes"))


def a_commune(nom):
    """« à Lille », « au Maisnil »."""
    return f"au {nom[3:]}" if nom.startswith("Le ") else f"à {nom}"


def de_commune(nom):
    """« de Lille », « d'Armentières », « du Maisnil »."""
    if nom.startswith("Le "):
        return f"du {nom[3:]}"
    return f"d'{nom}" if _elides(nom) else f"de {nom}"


def fill(template, nom):
    return template.format(a=a_commune(nom), de=de_commune(nom), commune=nom)
