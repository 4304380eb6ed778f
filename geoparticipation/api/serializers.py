from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from geoparticipation.participation.models import Annotation, Comment, Meeting, Process, Proposal, Report, Theme
from geoparticipation.territory.models import Commune

from .fields import ApiGeometryField, GeometryInputField

DELETED_AUTHOR = "Participant supprimé"


class AuthorField(serializers.Field):
    """Only ever the pseudonym."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, author):
        return author.pseudonym if author else DELETED_AUTHOR

    def get_attribute(self, instance):
        return instance.author


class ContributionSerializer(GeoFeatureModelSerializer):
    geometry = ApiGeometryField(source="geom_api")
    process = serializers.CharField(source="process.slug")
    commune_insee = serializers.CharField(source="commune.insee", default=None)
    commune_nom = serializers.CharField(source="commune.nom", default=None)

    class Meta:
        geo_field = "geometry"


class ProposalSerializer(ContributionSerializer):
    author = AuthorField()
    theme = serializers.CharField(source="theme.slug", default=None)
    theme_name = serializers.CharField(source="theme.name", default=None)
    url = serializers.SerializerMethodField()

    class Meta(ContributionSerializer.Meta):
        model = Proposal
        fields = [
            "id",
            "process",
            "title",
            "body",
            "theme",
            "theme_name",
            "state",
            "answer",
            "supports_count",
            "comments_count",
            "author",
            "commune_insee",
            "commune_nom",
            "published_at",
            "url",
        ]

    def get_url(self, proposal):
        path = f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AnnotationSerializer(ContributionSerializer):
    author = AuthorField()

    class Meta(ContributionSerializer.Meta):
        model = Annotation
        fields = ["id", "process", "kind", "comment", "author", "commune_insee", "commune_nom", "published_at"]


class MeetingSerializer(ContributionSerializer):
    class Meta(ContributionSerializer.Meta):
        model = Meeting
        fields = [
            "id",
            "process",
            "title",
            "description",
            "start_time",
            "end_time",
            "address",
            "registration_url",
            "online_url",
            "commune_insee",
            "commune_nom",
        ]


class CommuneSerializer(GeoFeatureModelSerializer):
    geometry = ApiGeometryField(source="geom_api")
    proposals_count = serializers.IntegerField()
    meetings_count = serializers.IntegerField()
    annotations_count = serializers.IntegerField()
    contributions_count = serializers.IntegerField()
    contributions_per_1000 = serializers.SerializerMethodField()

    class Meta:
        model = Commune
        geo_field = "geometry"
        id_field = "insee"
        fields = [
            "insee",
            "nom",
            "population",
            "proposals_count",
            "meetings_count",
            "annotations_count",
            "contributions_count",
            "contributions_per_1000",
        ]

    def get_contributions_per_1000(self, commune):
        return round(commune.contributions_count * 1000 / commune.population, 2)


class PhaseSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class ProcessSerializer(serializers.ModelSerializer):
    status = serializers.CharField()
    phases = PhaseSerializer(many=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    communes = serializers.SlugRelatedField(slug_field="insee", many=True, read_only=True)

    class Meta:
        model = Process
        fields = ["slug", "title", "subtitle", "presentation", "modalities", "status", "phases", "themes", "communes"]


class CommentSerializer(serializers.ModelSerializer):
    author = AuthorField()

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "published_at"]


# Input: what a contributor sends. Texts may arrive blank here: the services check them, next to the checks
# that need the database, so that a blank title and a pin outside the territory are reported together.


class ContributionInput(serializers.Serializer):
    process = serializers.SlugRelatedField(slug_field="slug", queryset=Process.objects.filter(published=True))
    geometry = GeometryInputField()


class ProposalInput(ContributionInput):
    title = serializers.CharField(allow_blank=True, default="")
    body = serializers.CharField(allow_blank=True, default="")
    theme = serializers.SlugRelatedField(
        slug_field="slug", queryset=Theme.objects.all(), required=False, allow_null=True
    )


class AnnotationInput(ContributionInput):
    kind = serializers.ChoiceField(choices=Annotation.Kind.choices, default=Annotation.Kind.REMARK)
    comment = serializers.CharField(allow_blank=True, default="")


class CommentInput(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, default="")


class ReportInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    details = serializers.CharField(required=False, allow_blank=True, default="")
