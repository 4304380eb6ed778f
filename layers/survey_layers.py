"""The survey answers layer: map answers counted per commune, declared like every other published layer."""

from . import models
from .registry import Layer, register

survey_answers = register(
    Layer(
        id="survey_answers",
        title="Réponses cartographiques aux questionnaires, par commune",
        abstract=(
            "Nombre de réponses aux questions cartographiques des questionnaires (placer un point, dessiner une zone) "
            "par commune où se situe la réponse, dans les concertations publiques. Les réponses individuelles ne sont "
            "jamais publiées ; un nombre de 1 à 4 est masqué (answers vide, suppressed vrai) pour qu'aucun "
            "participant ne puisse être reconnu. La géométrie est celle de la commune."
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
            "answers": "Nombre de réponses situées dans la commune (vide si moins de 5)",
            "suppressed": "Vrai si le nombre, inférieur à 5, est masqué pour protéger les participants",
        },
    )
)
