"""The demo's debates: one placed on the map, one without a place, one closed with the officers' conclusion; with
arguments « Pour », « Contre » and « Nuance » (some placed on the map), replies and supports. Idempotent: a debate
already there is left as it is."""

import datetime

from django.contrib.gis.geos import Point
from django.utils import timezone

from geoparticipation.debates.models import Argument, ArgumentSupport, Debate

DEBATES = [
    {
        "process": "plan-climat",
        "title": "Faut-il rendre la Grand-Place de Lille piétonne le week-end ?",
        "description": (
            "La Métropole étudie la fermeture de la Grand-Place et des rues voisines aux voitures les samedis et "
            "dimanches. Quels effets pour les commerces, les riverains, les cyclistes et la qualité de l'air ?"
        ),
        "place": (3.0630, 50.6370),
        "arguments": [
            (
                "for",
                "VéloTaf59",
                "Moins de bruit et un air plus sain pour les milliers de promeneurs du week-end.",
                7,
                (3.0640, 50.6375),
            ),
            (
                "for",
                "Jardinière de Fives",
                "Les terrasses pourraient s'étendre : les commerçants y gagneraient.",
                4,
                (3.0617, 50.6368),
            ),
            (
                "against",
                "PapyRoubaisien",
                "Les personnes âgées qui viennent en voiture ne pourront plus accéder au centre.",
                5,
            ),
            (
                "against",
                "Karim_B",
                "Les livraisons du samedi matin seront reportées sur les rues voisines.",
                2,
                (3.0652, 50.6360),
            ),
            (
                "nuance",
                "Amandine R.",
                "D'accord si les navettes électriques et le stationnement PMR sont maintenus.",
                6,
                (3.0608, 50.6381),
            ),
        ],
        "replies": [
            (2, "VéloTaf59", "Le métro et le V'Lille desservent la Grand-Place : une navette compléterait."),
            (0, "PapyRoubaisien", "À condition que les vélos ralentissent au milieu des piétons."),
        ],
    },
    {
        "process": "plan-climat",
        "title": "Quelle place donner à l'arbre dans nos rues ?",
        "description": "Planter dans chaque rue, quitte à supprimer des places de stationnement ?",
        "place": None,
        "arguments": [
            ("for", "Jardinière de Fives", "Les arbres rafraîchissent la rue de plusieurs degrés l'été.", 5),
            ("against", "Karim_B", "Dans les rues étroites, les racines abîment les trottoirs.", 1, (3.0686, 50.6406)),
            ("nuance", "Amandine R.", "Des essences adaptées, choisies avec les riverains.", 3),
        ],
        "replies": [(1, "Jardinière de Fives", "Des fosses plus larges évitent ces dégâts.")],
    },
    {
        "process": "assises-mobilite",
        "title": "Faut-il rendre les transports en commun gratuits ?",
        "description": "Gratuité totale, le week-end seulement, ou tarifs solidaires ?",
        "place": None,
        "conclusion": (
            "La Métropole retient la gratuité le samedi et l'extension des tarifs solidaires, plutôt qu'une gratuité "
            "totale qui priverait le réseau de 90 millions d'euros par an d'investissements."
        ),
        "arguments": [
            ("for", "Karim_B", "La gratuité attire de nouveaux usagers et désengorge les routes.", 6),
            ("against", "Amandine R.", "Mieux vaut plus de bus le soir qu'un réseau gratuit mais saturé.", 8),
            ("nuance", "VéloTaf59", "Gratuit pour les jeunes et les demandeurs d'emploi d'abord.", 4),
        ],
        "replies": [],
    },
]


def load(processes, users) -> int:
    """Creates the demo debates that are missing, with their arguments; returns the number of rows created."""
    created = 0
    supporters = list(users.values())
    for n, spec in enumerate(DEBATES):
        process = processes[spec["process"]]
        if Debate.objects.filter(process=process, title=spec["title"]).exists():
            continue
        published = timezone.now() - datetime.timedelta(days=20 - n)
        debate = Debate.objects.create(
            process=process,
            title=spec["title"],
            description=spec["description"],
            geom=Point(*spec["place"], srid=4326) if spec["place"] else None,
            state=Debate.State.CLOSED if spec.get("conclusion") else Debate.State.OPEN,
            conclusion=spec.get("conclusion", ""),
            concluded_at=published + datetime.timedelta(days=15) if spec.get("conclusion") else None,
            published_at=published,
        )
        arguments = []
        # An argument may be placed: (stance, author, body, supports[, (lon, lat)]).
        for position, (stance, author, body, supports, *place) in enumerate(spec["arguments"]):
            argument = Argument.objects.create(
                debate=debate,
                stance=stance,
                author=users[author],
                body=body,
                geom=Point(*place[0], srid=4326) if place else None,
                published_at=published + datetime.timedelta(hours=position + 1),
            )
            ArgumentSupport.objects.bulk_create(
                ArgumentSupport(argument=argument, user=user) for user in supporters[:supports]
            )
            arguments.append(argument)
            created += 1 + min(supports, len(supporters))
        for position, (parent, author, body) in enumerate(spec["replies"]):
            Argument.objects.create(
                debate=debate,
                parent=arguments[parent],
                author=users[author],
                body=body,
                published_at=published + datetime.timedelta(days=1, hours=position),
            )
            created += 1
        created += 1
    return created
