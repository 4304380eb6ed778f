from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpResponse
from django.utils.decorators import method_decorator
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from geoparticipation.operations.idempotency import idempotent_api
from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Comment, Process, Proposal
from geoparticipation.participation.selectors import SORTS, comment_thread
from geoparticipation.search import kinds as search_kinds
from layers import definitions
from layers.http import conditional_feed
from layers.rendering import GEOJSON, FeatureQuery, column_type

from . import serializers
from .filters import check_params, parse_bbox
from .pagination import feature_collection
from .parsers import GeoJSONParser, JSONParser

REPORT_THANKS = "Merci, votre signalement a été transmis à la modération."


def _int_or_none(text):
    try:
        return int(text)
    except ValueError:
        return None


def reported(request, target):
    """A report on `target` (once per person: a second one updates the first), through the site's service."""
    data = serializers.ReportInput(data=request.data)
    data.is_valid(raise_exception=True)
    services.report_create(reporter=request.user, target=target, **data.validated_data)
    return Response({"detail": REPORT_THANKS}, status=201)


def feature_payload(data):
    """A GeoJSON Feature becomes flat fields; plain JSON with a `geometry` member passes through."""
    if isinstance(data, dict) and data.get("type") == "Feature":
        return {**(data.get("properties") or {}), "geometry": data.get("geometry")}
    return data


class LayerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reads one published layer (rows and columns as declared in layers/), as GeoJSON in WGS84.

    Filtering and paging are the ORM's; each feature is written by PostGIS with the OGC API's renderer, so that a
    feature has the same bytes here, in the OGC API and in the 201 answer to its creation.

    The reads carry the feeds' ETag and Last-Modified (layers/http.py) and answer 304 while the data version stands:
    they read only the layer views, the same for every visitor, logged in or not, so one validator serves them all.
    DRF has authenticated and throttled the request before, so a bad token is still a 401.
    """

    layer = None
    #: query parameter -> layer column it filters on, by equality
    filters = {"process": "process", "commune": "commune_insee"}
    #: columns searched by `q` (a substring, case-insensitive)
    text_columns = ()
    #: or the site search's kind (search/kinds.py) whose words and index `q` uses instead
    search_kind = None
    ordering = ("-pk",)
    parser_classes = [JSONParser, GeoJSONParser]

    def get_queryset(self):
        return self.layer.queryset()

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = self.request.query_params
        check_params(self.request, {"bbox", *self.filters, *(["q"] if self.text_columns or self.search_kind else [])})
        if "bbox" in params:
            queryset = queryset.filter(geom__intersects=parse_bbox(params["bbox"]))
        for param, column in self.filters.items():
            if param in params:
                queryset = queryset.filter(**{column: params[param]})
        if "q" in params and self.search_kind:
            # The layer view keeps its own visibility; the kind only says which ids have the words.
            queryset = self.search_kind.narrow(queryset, params["q"])
        elif "q" in params:
            text = Q()
            for column in self.text_columns:
                text |= Q(**{f"{column}__icontains": params["q"]})
            queryset = queryset.filter(text)
        return queryset.order_by(*self.ordering)

    @method_decorator(conditional_feed)
    def list(self, request, *args, **kwargs):
        table = connection.ops.quote_name(self.layer.table)
        features = self.filter_queryset(self.get_queryset()).annotate(
            feature=RawSQL(FeatureQuery(self.layer).feature_expression(alias=table), ())
        )
        features = features.values_list("feature", flat=True)
        page = self.paginate_queryset(features)
        if page is None:
            return feature_collection(list(features))
        return self.get_paginated_response(page)

    def feature(self, key):
        """The published feature of that id as GeoJSON text, or a 404."""
        try:
            key = column_type(self.layer, self.layer.id_column)(key)
        except ValueError:
            raise Http404 from None
        feature = FeatureQuery(self.layer).feature(key)
        if feature is None:
            raise Http404
        return feature

    @method_decorator(conditional_feed)
    def retrieve(self, request, *args, **kwargs):
        return self.read(kwargs[self.lookup_url_kwarg or self.lookup_field])

    def read(self, key):
        return HttpResponse(self.feature(key), content_type=GEOJSON)


class ContributionViewSet(mixins.CreateModelMixin, LayerViewSet):
    input_serializer_class = None
    create_service = None
    #: the model behind the layer, and its noun in the moderation's notice
    model = None
    noun = None
    #: the rate of its writes (settings.RATE_LIMITS); each action below names its own
    throttle_scope = "contributions"

    def read(self, key):
        """The feature; for one hidden by moderation a 410 that says when and why (its public category), so that a
        client holding its link can tell its reader; a 404 for what was never public."""
        try:
            return super().read(key)
        except Http404:
            hidden = self.model.objects.hidden().in_public_processes().filter(pk=_int_or_none(key)).first()
            if hidden is None:
                raise
        body = serializers.moderation(self.noun, hidden)
        return Response({"detail": f"{body['notice']}.", **body}, status=status.HTTP_410_GONE)

    def get_contribution(self):
        """The contribution of that id if the user may open it (a public one, or one of a private concertation they
        are a member of), with its concertation's calendar for the rules; otherwise the 404 of an id that does not
        exist."""
        try:
            key = column_type(self.layer, self.layer.id_column)(self.kwargs["pk"])
            contributions = self.model.objects.visible_to(self.request.user).select_related("process")
            return contributions.prefetch_related("process__phases").get(pk=key)
        except (ValueError, self.model.DoesNotExist):
            raise NotFound from None

    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated], throttle_scope="reports")
    @idempotent_api
    def report(self, request, pk=None):
        return reported(request, self.get_contribution())

    @idempotent_api
    def create(self, request, *args, **kwargs):
        data = self.input_serializer_class(data=feature_payload(request.data), context={"request": request})
        data.is_valid(raise_exception=True)
        instance = self.create_service(author=request.user, **data.validated_data)
        # Read from the layer's rows of every concertation: a member's contribution to a private space is in no
        # published layer, yet its author gets it in the layer's columns like anyone else.
        feature = FeatureQuery(self.layer, table=self.layer.rows_view).feature(instance.pk)
        return HttpResponse(feature, content_type=GEOJSON, status=status.HTTP_201_CREATED)


class ProposalViewSet(ContributionViewSet):
    layer = definitions.proposals
    model, noun = Proposal, "Proposition"
    input_serializer_class = serializers.ProposalInput
    create_service = staticmethod(services.proposal_create)
    filters = {**LayerViewSet.filters, "theme": "theme", "state": "state"}
    search_kind = search_kinds.BY_KEY["propositions"]

    @action(
        detail=True,
        methods=["post", "delete"],
        permission_classes=[permissions.IsAuthenticated],
        throttle_scope="supports",
    )
    @idempotent_api
    def support(self, request, pk=None):
        proposal = self.get_contribution()
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

    def _rows_feature(self, proposal):
        return HttpResponse(
            FeatureQuery(self.layer, table=self.layer.rows_view).feature(proposal.pk), content_type=GEOJSON
        )

    def partial_update(self, request, *args, **kwargs):
        """The author's edit (PATCH): 403 saying why when the rules refuse it (rules.edit_refusal), before the
        fields are read; 400 per field; 200 with the feature as the layer writes it."""
        proposal = self.get_contribution()
        if not request.user.is_authenticated:
            raise NotAuthenticated
        if reason := services.proposal_edit_refusal(proposal=proposal, user=request.user):
            raise PermissionDenied(reason)
        data = serializers.ProposalEditInput(data=feature_payload(request.data))
        data.is_valid(raise_exception=True)
        values = {"title": proposal.title, "body": proposal.body, "theme": proposal.theme, "geometry": proposal.geom}
        services.proposal_edit(proposal=proposal, user=request.user, **{**values, **data.validated_data})
        return self._rows_feature(proposal)

    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    @idempotent_api
    def withdraw(self, request, pk=None):
        """The author's withdrawal, for good: 200 with the feature, now in state `withdrawn`."""
        proposal = services.proposal_withdraw(proposal=self.get_contribution(), user=request.user)
        return self._rows_feature(proposal)

    @action(detail=True, methods=["get", "post"], throttle_scope="comments")
    @idempotent_api
    def comments(self, request, pk=None):
        proposal = self.get_contribution()
        if request.method == "POST":
            data = serializers.CommentInput(data=request.data)
            data.is_valid(raise_exception=True)
            comment = services.comment_create(author=request.user, target=proposal, **data.validated_data)
            return Response(serializers.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        check_params(request, {"sort", "start"})
        params = request.query_params
        if params.get("sort", "date") not in SORTS:
            raise ValidationError({"sort": [f"Ordre inconnu : choisissez parmi {', '.join(SORTS)}."]})
        thread = comment_thread(proposal, sort=params.get("sort", "date"), start=params.get("start"))
        response = Response(
            serializers.CommentSerializer(
                thread.comments, many=True, context={"request": request, "sort": thread.sort}
            ).data
        )
        if thread.next_start is not None:
            # The next page of top comments, as a Link header: the body stays the list it always was.
            url = request.build_absolute_uri(
                request.path + "?" + urlencode({"sort": thread.sort, "start": thread.next_start})
            )
            response["Link"] = f'<{url}>; rel="next"'
        return response

    @action(
        detail=True,
        methods=["post", "delete"],
        permission_classes=[permissions.IsAuthenticated],
        throttle_scope="supports",
    )
    @idempotent_api
    def follow(self, request, pk=None):
        proposal = self.get_contribution()
        if request.method == "DELETE":
            services.follow_delete(user=request.user, target=proposal)
            return Response({"following": False})
        services.follow_create(user=request.user, target=proposal)
        return Response({"following": True}, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"])
    def files(self, request, pk=None):
        """The proposal's images and PDF documents, with absolute URLs (served while the proposal is visible). They
        are not columns of the layer, which every feed shares (WFS, tiles, downloads)."""
        proposal = self.get_contribution()
        return Response(serializers.FileSerializer(proposal.files.all(), many=True, context={"request": request}).data)


class AnnotationViewSet(ContributionViewSet):
    layer = definitions.annotations
    model, noun = Annotation, "Annotation"
    input_serializer_class = serializers.AnnotationInput
    create_service = staticmethod(services.annotation_create)
    filters = {**LayerViewSet.filters, "kind": "kind"}
    text_columns = ("comment",)


class CommentViewSet(viewsets.GenericViewSet):
    """Comments are read in their proposal's thread (proposals/<id>/comments/); here, what is done to one of them.
    Only a published comment of a public proposal is found."""

    throttle_scope = None

    def get_queryset(self):
        on_public_proposals = Q(
            content_type=ContentType.objects.get_for_model(Proposal),
            object_id__in=Proposal.objects.visible_to(self.request.user).values("pk"),
        )
        return Comment.objects.published().filter(on_public_proposals)

    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated], throttle_scope="reports")
    @idempotent_api
    def report(self, request, pk=None):
        return reported(request, self.get_object())

    @action(
        detail=True,
        methods=["post", "delete"],
        permission_classes=[permissions.IsAuthenticated],
        throttle_scope="supports",
    )
    @idempotent_api
    def vote(self, request, pk=None):
        """« D'accord » or « Pas d'accord » (POST {"value": "agree"}), changed by posting again, withdrawn by
        DELETE."""
        comment = self.get_object()
        value = None
        if request.method == "POST":
            data = serializers.CommentVoteInput(data=request.data)
            data.is_valid(raise_exception=True)
            value = 1 if data.validated_data["value"] == "agree" else -1
        services.comment_vote(user=request.user, comment=comment, value=value)
        comment.refresh_from_db(fields=["agrees_count", "disagrees_count"])
        return Response(
            {
                "vote": {1: "agree", -1: "disagree"}.get(value),
                "agrees_count": comment.agrees_count,
                "disagrees_count": comment.disagrees_count,
            }
        )


class MeetingViewSet(LayerViewSet):
    layer = definitions.meetings
    search_kind = search_kinds.BY_KEY["reunions"]
    ordering = ("start_time", "pk")


class CommuneViewSet(LayerViewSet):
    layer = definitions.communes
    filters = {}
    ordering = ("pk",)
    pagination_class = None


class ProcessViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.ProcessSerializer
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        return Process.objects.public().prefetch_related("phases", "themes", "communes")

    def filter_queryset(self, queryset):
        check_params(self.request, set())
        return queryset
