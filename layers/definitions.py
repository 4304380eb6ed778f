"""The published layers of geoparticipation, declared once; every feed is generated from these.

A new layer is its SQL view (sql/post_30_views.sql), its model (models.py) and one declaration here: columns and their
descriptions, tiles, Shapefile names and QGIS style."""

import dataclasses

from geoparticipation.debates.models import Debate, Stance
from geoparticipation.participation.models import Annotation, Proposal

from . import models
from .registry import Categorized, Graduated, Layer, Tiles, register


def one_of(choices):
    """The values of a model's choices as a column description says them: "a, b ou c"."""
    *first, last = choices.values
    return f"{', '.join(first)} ou {last}"


COMMUNE_COLUMNS = {
    "commune_insee": "Code INSEE de la commune où se situe la contribution",
    "commune_nom": "Nom de la commune où se situe la contribution",
}
COMMUNE_SHAPEFILE_NAMES = {"commune_insee": "insee", "commune_nom": "commune"}
# Contributions are dense: at 1,000,000 a z12 tile over Lille holds 130,000 proposals (30 MB with every column).
# Up to z14 they are counted on a grid. From z15 a tile over the centre of Lille holds about 3,000 of them
# (260 kB with the columns below, 670 kB with every short column), and a few hundred at z17. The columns are
# what a map needs to style, label and filter a point; the rest is one request away, at
# /ogc/collections/{layer}/items/{id}.
CONTRIBUTION_TILES = {"minzoom": 0, "maxzoom": 18, "aggregate_below": 15}
ANNOTATION_COLUMNS = {
    "id": "Identifiant de l'annotation",
    "process": "Identifiant (slug) de la concertation",
    "kind": f"Type d'annotation : {one_of(Annotation.Kind)}",
    "comment": "Commentaire du participant (texte brut)",
    "author": "Pseudonyme de l'auteur (« Participant supprimé » si le compte a été supprimé)",
    **COMMUNE_COLUMNS,
    "published_at": "Date et heure de publication (ISO 8601)",
}
ANNOTATION_ABSTRACT = (
    "Remarques des participants dessinées sur la carte (points, lignes ou zones), publiées et non masquées par "
    "la modération, dans les concertations publiques."
)

proposals = register(
    Layer(
        id="proposals",
        title="Propositions citoyennes",
        abstract=(
            "Propositions localisées déposées par les participants aux concertations publiques de la Métropole "
            "Européenne de Lille, avec leur état et la réponse de la métropole. Les contenus masqués par la "
            "modération, non publiés ou issus d'espaces privés sont exclus."
        ),
        model=models.ProposalFeature,
        rows_view="layers_proposal_rows",
        geometry_type="Point",
        keywords=("participation citoyenne", "concertation", "propositions"),
        datetime_column="published_at",
        columns={
            "id": "Identifiant de la proposition",
            "process": "Identifiant (slug) de la concertation",
            "title": "Titre",
            "body": "Texte de la proposition (texte brut)",
            "theme": "Identifiant du thème",
            "theme_name": "Nom du thème",
            "state": f"État : {one_of(Proposal.State)}",
            "answer": "Réponse motivée de la métropole (vide si aucune)",
            "supports_count": "Nombre de soutiens",
            "comments_count": "Nombre de commentaires visibles",
            "author": "Pseudonyme de l'auteur (« Participant supprimé » si le compte a été supprimé)",
            **COMMUNE_COLUMNS,
            "published_at": "Date et heure de publication (ISO 8601)",
            "url": "Chemin de la page de la proposition sur le site",
        },
        tiles=Tiles(
            **CONTRIBUTION_TILES,
            fields=("id", "process", "title", "theme", "state", "supports_count", "comments_count", "commune_insee"),
            dirty_kind="proposals",
        ),
        shapefile_names={
            "supports_count": "supports",
            "comments_count": "comments",
            **COMMUNE_SHAPEFILE_NAMES,
            "published_at": "published",
        },
        style=Categorized(
            "state",
            Proposal.State,
            colours={
                Proposal.State.PUBLISHED: "31,120,180",
                Proposal.State.EVALUATING: "255,127,0",
                Proposal.State.ACCEPTED: "51,160,44",
                Proposal.State.REJECTED: "227,26,28",
                Proposal.State.WITHDRAWN: "150,150,150",
            },
        ),
    )
)

meetings = register(
    Layer(
        id="meetings",
        title="Réunions publiques",
        abstract="Réunions publiques des concertations de la Métropole Européenne de Lille : date, lieu et liens.",
        model=models.MeetingFeature,
        geometry_type="Point",
        keywords=("participation citoyenne", "réunions publiques"),
        datetime_column="start_time",
        columns={
            "id": "Identifiant de la réunion",
            "process": "Identifiant (slug) de la concertation",
            "title": "Titre",
            "description": "Description",
            "start_time": "Début (ISO 8601)",
            "end_time": "Fin (ISO 8601)",
            "address": "Adresse",
            "registration_url": "Lien d'inscription",
            "online_url": "Lien de la réunion en ligne",
            **COMMUNE_COLUMNS,
            "url": "Chemin de la page de la réunion sur le site",
        },
        tiles=Tiles(dirty_kind="meetings"),
        shapefile_names={"description": "descr", "registration_url": "inscr_url", **COMMUNE_SHAPEFILE_NAMES},
    )
)

annotations = register(
    Layer(
        id="annotations",
        title="Annotations cartographiques",
        abstract=(
            ANNOTATION_ABSTRACT + " Les types de géométrie sont mélangés : dans QGIS, qui donne un seul type à une "
            "couche, préférez les couches annotations_points, annotations_lines et annotations_polygons, une par type."
        ),
        model=models.AnnotationFeature,
        rows_view="layers_annotation_rows",
        geometry_type="Geometry",
        keywords=("participation citoyenne", "cartographie participative"),
        datetime_column="published_at",
        columns=ANNOTATION_COLUMNS,
        parts=("annotations_points", "annotations_lines", "annotations_polygons"),
        tiles=Tiles(**CONTRIBUTION_TILES, fields=("id", "process", "kind", "commune_insee"), dirty_kind="annotations"),
        shapefile_names={**COMMUNE_SHAPEFILE_NAMES, "published_at": "published"},
        style=Categorized(
            "kind",
            Annotation.Kind,
            colours={
                Annotation.Kind.REMARK: "31,120,180",
                Annotation.Kind.PROBLEM: "227,26,28",
                Annotation.Kind.IDEA: "51,160,44",
                Annotation.Kind.QUESTION: "106,61,154",
            },
        ),
    )
)

# One layer per geometry type, for clients that need it: the whole's declaration with another model, so that the
# parts are described, cut into tiles, named and styled like the whole.
for part_id, model, geometry_type, label in (
    ("annotations_points", models.AnnotationPointFeature, "Point", "points"),
    ("annotations_lines", models.AnnotationLineFeature, "LineString", "lignes"),
    ("annotations_polygons", models.AnnotationPolygonFeature, "Polygon", "zones"),
):
    register(
        dataclasses.replace(
            annotations,
            id=part_id,
            title=f"Annotations cartographiques ({label})",
            abstract=f"{ANNOTATION_ABSTRACT} Uniquement les {label}.",
            model=model,
            geometry_type=geometry_type,
            split_of="annotations",
            parts=(),
            rows_view=None,
        )
    )

communes = register(
    Layer(
        id="communes",
        title="Participation par commune",
        abstract=(
            "Les 95 communes de la Métropole Européenne de Lille avec le nombre de contributions publiques "
            "(propositions, annotations) et de réunions, et le taux de contribution pour 1 000 habitants."
        ),
        model=models.CommuneFeature,
        geometry_type="MultiPolygon",
        keywords=("communes", "participation citoyenne", "indicateurs"),
        attribution="© Métropole Européenne de Lille (IGN BD TOPO), INSEE ; contributions des participants",
        columns={
            "insee": "Code INSEE de la commune",
            "nom": "Nom de la commune",
            "population": "Population municipale (INSEE, millésime 2023)",
            "proposals_count": "Nombre de propositions publiques",
            "meetings_count": "Nombre de réunions publiques",
            "annotations_count": "Nombre d'annotations publiques",
            "contributions_count": "Contributions publiques (propositions + annotations)",
            "contributions_per_1000": "Contributions pour 1 000 habitants",
        },
        tiles=Tiles(maxzoom=14),
        shapefile_names={
            "proposals_count": "n_propos",
            "meetings_count": "n_reunion",
            "annotations_count": "n_annot",
            "contributions_count": "n_contrib",
            "contributions_per_1000": "contrib_1k",
        },
        style=Graduated(
            "contributions_per_1000",
            classes=(
                (0, 1, "255,255,204"),
                (1, 5, "161,218,180"),
                (5, 10, "65,182,196"),
                (10, 20, "44,127,184"),
                (20, None, "37,52,148"),
            ),
        ),
    )
)

survey_answers = register(
    Layer(
        id="survey_answers",
        title="Réponses cartographiques aux questionnaires, par commune",
        abstract=(
            "Nombre de réponses aux questions cartographiques des questionnaires (placer un point, dessiner une zone, "
            "tracer un trajet) par commune où se situe la réponse (pour une zone ou un trajet, celle de son point "
            "représentatif), dans les concertations publiques. Les réponses individuelles ne sont "
            "jamais publiées. Pour qu'aucun participant ne puisse être reconnu, un nombre de 1 à 4 est masqué (answers "
            "vide, suppressed vrai) ; quand il est seul dans sa question, ou que tous ces nombres valent 1 ou tous "
            "4, le plus petit nombre de 5 ou plus de la question est masqué avec eux, pour qu'aucun ne puisse être "
            "retrouvé par soustraction du total publié avec les résultats ; une question sans commune de 5 réponses "
            "ou plus n'a aucune ligne. La géométrie est celle de la commune."
        ),
        model=models.SurveyAnswerFeature,
        geometry_type="MultiPolygon",
        keywords=("participation citoyenne", "questionnaires", "communes"),
        attribution="© Métropole Européenne de Lille (IGN BD TOPO), réponses des participants",
        columns={
            "id": "Identifiant : numéro de la question et code INSEE de la commune",
            "process": "Identifiant (slug) de la concertation",
            "survey": "Identifiant (slug) du questionnaire dans la concertation",
            "question": "Numéro de la question",
            "prompt": "Texte de la question",
            "commune_insee": "Code INSEE de la commune où se situent les réponses",
            "commune_nom": "Nom de la commune où se situent les réponses",
            "answers": "Nombre de réponses situées dans la commune (vide s'il est masqué)",
            "suppressed": (
                "Vrai si le nombre est masqué pour protéger les participants : de 1 à 4, ou le plus petit nombre "
                "de 5 ou plus de la question, masqué avec ceux-là"
            ),
        },
        shapefile_names=COMMUNE_SHAPEFILE_NAMES,
    )
)

debates = register(
    Layer(
        id="debates",
        title="Débats des concertations",
        abstract=(
            "Débats ouverts par la Métropole Européenne de Lille dans ses concertations publiques et placés sur la "
            "carte : la question, l'état, la conclusion une fois clos, et le nombre d'arguments « Pour », « Contre » "
            "et « Nuance » publiés. Les débats sans lieu ne sont pas dans cette couche (ils sont sur le site) ; les "
            "débats masqués par la modération, non publiés ou issus d'espaces privés sont exclus."
        ),
        model=models.DebateFeature,
        geometry_type="Point",
        keywords=("participation citoyenne", "concertation", "débats"),
        datetime_column="published_at",
        columns={
            "id": "Identifiant du débat",
            "process": "Identifiant (slug) de la concertation",
            "title": "Question du débat",
            "description": "Présentation du débat",
            "state": f"État : {one_of(Debate.State)}",
            "conclusion": "Conclusion de la métropole (vide tant que le débat est ouvert)",
            "arguments_for": "Nombre d'arguments « Pour » publiés",
            "arguments_against": "Nombre d'arguments « Contre » publiés",
            "arguments_nuance": "Nombre d'arguments « Nuance » publiés",
            **COMMUNE_COLUMNS,
            "published_at": "Date et heure de publication (ISO 8601)",
            "url": "Chemin de la page du débat sur le site",
        },
        tiles=Tiles(dirty_kind="debates"),
        shapefile_names={
            "description": "descr",
            "arguments_for": "n_pour",
            "arguments_against": "n_contre",
            "arguments_nuance": "n_nuance",
            **COMMUNE_SHAPEFILE_NAMES,
            "published_at": "published",
        },
        style=Categorized(
            "state", Debate.State, colours={Debate.State.OPEN: "0,0,145", Debate.State.CLOSED: "150,150,150"}
        ),
    )
)

debate_arguments = register(
    Layer(
        id="debate_arguments",
        title="Arguments des débats",
        abstract=(
            "Arguments « Pour », « Contre » et « Nuance » que les participants ont placés sur la carte dans les débats "
            "des concertations publiques de la Métropole Européenne de Lille, avec le débat auquel ils répondent et "
            "leurs soutiens. Le texte est celui publié (corrigé par la modération le cas échéant). Les réponses aux "
            "arguments et les arguments sans lieu n'y sont pas (ils sont sur la page du débat) ; les arguments masqués "
            "par la modération, ceux des débats masqués ou non publiés et ceux des espaces privés sont exclus."
        ),
        model=models.DebateArgumentFeature,
        geometry_type="Point",
        keywords=("participation citoyenne", "concertation", "débats", "arguments"),
        datetime_column="published_at",
        columns={
            "id": "Identifiant de l'argument",
            "process": "Identifiant (slug) de la concertation",
            "debate": "Identifiant du débat",
            "debate_title": "Question du débat",
            "stance": f"Position : {one_of(Stance)}",
            "body": "Texte de l'argument (texte brut)",
            "supports_count": "Nombre de soutiens",
            "author": "Pseudonyme de l'auteur (« Participant supprimé » si le compte a été supprimé)",
            **COMMUNE_COLUMNS,
            "published_at": "Date et heure de publication (ISO 8601)",
            "url": "Chemin de l'argument sur la page du débat",
        },
        # Counted on a grid up to z14 like the contributions: a national debate holds hundreds of thousands.
        tiles=Tiles(
            **CONTRIBUTION_TILES,
            fields=("id", "process", "debate", "stance", "supports_count", "commune_insee"),
            dirty_kind="debate_arguments",
        ),
        shapefile_names={
            "debate_title": "deb_title",
            "supports_count": "supports",
            **COMMUNE_SHAPEFILE_NAMES,
            "published_at": "published",
        },
        style=Categorized(
            "stance",
            Stance,
            colours={Stance.FOR: "51,160,44", Stance.AGAINST: "227,26,28", Stance.NUANCE: "255,127,0"},
        ),
    )
)
