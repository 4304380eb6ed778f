from django.conf import settings
from django.contrib.gis.db.models.functions import Transform
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Meeting, Process, Proposal
from geoparticipation.territory.models import Commune

from . import serializers
from .filters import check_params, parse_bbox
from .parsers import GeoJSONParser, JSONParser


def feature_payload(data):
    """A GeoJSON Feature becomes flat fields; plain JSON with a `geometry` member passes through."""
    if isinstance(data, dict) and data.get("type") == "Feature":
        return {**(data.get("properties") or {}), "geometry": data.get("geometry")}
    return data


class PublicFeatureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Lists public features of one model as GeoJSON, with the filters every contribution layer shares."""

    model = None
    filters = {"bbox", "process", "commune"}
    parser_classes = [JSONParser, GeoJSONParser]

    def get_queryset(self):
        return (
            self.model.objects.public()
            .select_related("process", "commune")
            .annotate(geom_api=Transform("geom", settings.API_SRID))
        )

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = self.request.query_params
        check_params(self.request, self.filters)
        if "bbox" in params:
            queryset = queryset.in_bbox(parse_bbox(params["bbox"]))
        if "process" in params:
            queryset = queryset.filter(process__slug=params["process"])
        if "commune" in params:
            queryset = queryset.filter(commune__insee=params["commune"])
        return queryset


class ContributionViewSet(mixins.CreateModelMixin, PublicFeatureViewSet):
    input_serializer_class = None
    create_service = None

    def create(self, request, *args, **kwargs):
        data = self.input_serializer_class(data=feature_payload(request.data))
        data.is_valid(raise_exception=True)
        instance = self.create_service(author=request.user, **data.validated_data)
        instance = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)


class ProposalViewSet(ContributionViewSet):
    model = Proposal
    serializer_class = serializers.ProposalSerializer
    input_serializer_class = serializers.ProposalInput
    create_service = staticmethod(services.proposal_create)
    filters = PublicFeatureViewSet.filters | {"theme", "state", "q"}

    def get_queryset(self):
        return super().get_queryset().select_related("author", "theme")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        params = self.request.query_params
        if self.action == "list":
            if "theme" in params:
                queryset = queryset.filter(theme__slug=params["theme"])
            if "state" in params:
                queryset = queryset.filter(state=params["state"])
            if "q" in params:
                queryset = queryset.filter(Q(title__icontains=params["q"]) | Q(body__icontains=params["q"]))
        return queryset

    @action(detail=True, methods=["post", "delete"], permission_classes=[permissions.IsAuthenticated])
    def support(self, request, pk=None):
        proposal = self.get_object()
        if request.method == "DELETE":
            services.support_delete(user=request.user, proposal=proposal)
            created = False
        else:
            _, created = services.support_create(user=request.user, proposal=proposal)
        proposal.refresh_from_db(fields=["supports_count"])
        return Response(
            {"supported": request.method != "DELETE", "supports_count": proposal.supports_count},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @action(detail=True, methods=["get", "post"])
    def comments(self, request, pk=None):
        proposal = self.get_object()
        if request.method == "POST":
            data = serializers.CommentInput(data=request.data)
            data.is_valid(raise_exception=True)
            comment = services.comment_create(author=request.user, target=proposal, **data.validated_data)
            return Response(serializers.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        comments = proposal.comments.filter(hidden_at__isnull=True).select_related("author")
        return Response(serializers.CommentSerializer(comments, many=True).data)

    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def report(self, request, pk=None):
        data = serializers.ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_create(reporter=request.user, target=self.get_object(), **data.validated_data)
        return Response({"detail": "Merci, votre signalement a été transmis à la modération."}, status=201)

    @action(detail=True, methods=["post", "delete"], permission_classes=[permissions.IsAuthenticated])
    def follow(self, request, pk=None):
        proposal = self.get_object()
        if request.method == "DELETE":
            services.follow_delete(user=request.user, target=proposal)
            return Response({"following": False})
        services.follow_create(user=request.user, target=proposal)
        return Response({"following": True}, status=status.HTTP_201_CREATED)


class AnnotationViewSet(ContributionViewSet):
    model = Annotation
    serializer_class = serializers.AnnotationSerializer
    input_serializer_class = serializers.AnnotationInput
    create_service = staticmethod(services.annotation_create)
    filters = PublicFeatureViewSet.filters | {"kind"}

    def get_queryset(self):
        return super().get_queryset().select_related("author")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list" and "kind" in self.request.query_params:
            queryset = queryset.filter(kind=self.request.query_params["kind"])
        return queryset


class MeetingViewSet(PublicFeatureViewSet):
    model = Meeting
    serializer_class = serializers.MeetingSerializer


def _public_count(model):
    counts = (
        model.objects.public()
        .filter(commune=OuterRef("pk"))
        .order_by()
        .values("commune")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


class CommuneViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.CommuneSerializer
    lookup_field = "insee"
    pagination_class = None

    def get_queryset(self):
        return (
            Commune.objects.annotate(
                geom_api=Transform("geom", settings.API_SRID),
                proposals_count=_public_count(Proposal),
                meetings_count=_public_count(Meeting),
                annotations_count=_public_count(Annotation),
            )
            .annotate(contributions_count=F("proposals_count") + F("annotations_count"))
            .order_by("insee")
        )

    def filter_queryset(self, queryset):
        check_params(self.request, set())
        return queryset


class ProcessViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.ProcessSerializer
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        return Process.objects.public().prefetch_related("phases", "themes", "communes")

    def filter_queryset(self, queryset):
        check_params(self.request, set())
        return queryset
