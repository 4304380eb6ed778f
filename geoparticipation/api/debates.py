"""Debates in the REST API: read a debate and its columns of arguments, post an argument or a reply, support and
report, with the site's services, so that the phase rules, a closed debate and the territory hold here too."""

import json

from django.conf import settings
from django.contrib.gis.db.models.functions import AsGeoJSON, Transform
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from geoparticipation.debates import selectors, services
from geoparticipation.debates.models import Argument, Debate, Stance
from geoparticipation.operations.idempotency import idempotent_api

from .fields import GeometryInputField
from .filters import check_params
from .serializers import AuthorField
from .views import reported


def _geometry(row):
    return json.loads(row.geojson) if getattr(row, "geojson", None) else None


class DebateSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    commune = serializers.SlugRelatedField(slug_field="insee", read_only=True)
    geometry = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Debate
        fields = [
            "id", "process", "title", "description", "state", "conclusion", "concluded_at", "published_at",
            "arguments_for", "arguments_against", "arguments_nuance", "commune", "geometry", "url",
        ]  # fmt: skip

    def get_geometry(self, debate):
        return _geometry(debate)

    def get_url(self, debate):
        return self.context["request"].build_absolute_uri(debate.get_absolute_url())


class ArgumentSerializer(serializers.ModelSerializer):
    """A published argument or reply; a hidden one keeps its place as a notice, without author or text."""

    author = AuthorField()
    geometry = serializers.SerializerMethodField()

    class Meta:
        model = Argument
        fields = ["id", "stance", "parent", "author", "body", "supports_count", "published_at", "geometry"]

    def get_geometry(self, argument):
        return _geometry(argument)

    def to_representation(self, argument):
        shown = super().to_representation(argument)
        if argument.hidden_at is not None:
            shown.update(author=None, body=None, geometry=None, moderation={"category": argument.hidden_category})
        else:
            shown["moderation"] = None
        return shown


class ArgumentInput(serializers.Serializer):
    stance = serializers.ChoiceField(choices=Stance.choices, required=False, allow_blank=True, default="")
    body = serializers.CharField(allow_blank=True, default="")
    parent = serializers.IntegerField(required=False, allow_null=True)
    geometry = GeometryInputField(required=False, allow_null=True)


class DebatePagination(PageNumberPagination):
    page_size = 20


def _with_geojson(queryset):
    return queryset.annotate(geojson=AsGeoJSON(Transform("geom", settings.API_SRID), precision=6))


class DebateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """/api/v1/debates/: the debates one may open (published, not hidden), newest first, `?process=` a slug."""

    serializer_class = DebateSerializer
    pagination_class = DebatePagination
    throttle_scope = None

    def get_queryset(self):
        debates = Debate.objects.visible_to(self.request.user).select_related("process", "commune")
        return _with_geojson(debates.defer("commune__geom")).order_by("-published_at", "-id")

    def filter_queryset(self, queryset):
        if self.action == "list":
            check_params(self.request, {"process", "page"})
            if "process" in self.request.query_params:
                queryset = queryset.filter(process__slug=self.request.query_params["process"])
        return queryset

    def _debate(self):
        try:
            return (
                Debate.objects.visible_to(self.request.user)
                .select_related("process")
                .prefetch_related("process__phases")
                .get(pk=int(self.kwargs["pk"]))
            )
        except (ValueError, Debate.DoesNotExist):
            raise NotFound from None

    @action(detail=True, methods=["get", "post"], throttle_scope="comments")
    @idempotent_api
    def arguments(self, request, pk=None):
        """GET: one column a page at a time (`stance`, `sort` soutiens|date; `after` or `before` an argument's id, as
        `next_after` and `previous_before` give, or `page`, a number read by OFFSET); POST: an argument
        ({"stance", "body", "geometry"?}) or a reply ({"parent", "body"})."""
        debate = self._debate()
        if request.method == "POST":
            data = ArgumentInput(data=request.data)
            data.is_valid(raise_exception=True)
            values = data.validated_data
            parent = None
            if values.get("parent") is not None:
                parent = Argument.objects.filter(pk=values["parent"], debate=debate, published_at__isnull=False).first()
                if parent is None:
                    raise ValidationError({"parent": ["Cet argument n'existe pas dans ce débat."]})
            argument = services.argument_create(
                author=request.user,
                debate=debate,
                body=values["body"],
                stance=values["stance"],
                parent=parent,
                geometry=values.get("geometry"),
            )
            argument = _with_geojson(Argument.objects.filter(pk=argument.pk).select_related("author")).get()
            return Response(ArgumentSerializer(argument).data, status=status.HTTP_201_CREATED)
        check_params(request, {"stance", "sort", "page", "after", "before"})
        params = request.query_params
        stance, sort = params.get("stance", Stance.FOR), params.get("sort", "soutiens")
        if stance not in Stance.values:
            raise ValidationError({"stance": [f"Position inconnue : choisissez parmi {', '.join(Stance.values)}."]})
        if sort not in selectors.SORTS:
            raise ValidationError({"sort": [f"Ordre inconnu : choisissez parmi {', '.join(selectors.SORTS)}."]})
        try:
            page = max(1, int(params.get("page", 1)))
        except ValueError:
            raise ValidationError({"page": ["Indiquez un numéro de page."]}) from None
        try:
            column = selectors.column(
                debate, stance, sort=sort, page=page, after=params.get("after"), before=params.get("before")
            )
        except selectors.BadCursor as error:
            raise ValidationError({"after" if "after" in params else "before": [str(error)]}) from None
        rows = _with_geojson(Argument.objects.filter(pk__in=[a.pk for a in column.arguments]).select_related("author"))
        by_id = {row.pk: row for row in rows}
        return Response(
            {
                "stance": stance,
                "count": column.count,
                "page": None if params.get("after") or params.get("before") else page,
                "has_next": column.next_after is not None,
                "next_after": column.next_after.pk if column.next_after else None,
                "previous_before": column.previous_before.pk if column.previous_before else None,
                "results": ArgumentSerializer([by_id[a.pk] for a in column.arguments], many=True).data,
            }
        )

    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated], throttle_scope="reports")
    @idempotent_api
    def report(self, request, pk=None):
        return reported(request, self._debate())


class ArgumentViewSet(viewsets.GenericViewSet):
    """/api/v1/arguments/<id>/…: what is done to one published argument of a debate one may open."""

    throttle_scope = None

    def get_queryset(self):
        debates = Debate.objects.visible_to(self.request.user)
        return (
            Argument.objects.filter(published_at__isnull=False, hidden_at__isnull=True, debate__in=debates)
            .select_related("debate__process")
            .prefetch_related("debate__process__phases")
        )

    @action(
        detail=True,
        methods=["post", "delete"],
        permission_classes=[permissions.IsAuthenticated],
        throttle_scope="supports",
    )
    @idempotent_api
    def support(self, request, pk=None):
        argument = self.get_object()
        if request.method == "POST":
            services.argument_support_create(user=request.user, argument=argument)
        else:
            services.argument_support_delete(user=request.user, argument=argument)
        supports = Argument.objects.filter(pk=argument.pk).values_list("supports_count", flat=True).get()
        return Response({"supported": request.method == "POST", "supports_count": supports})

    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated], throttle_scope="reports")
    @idempotent_api
    def report(self, request, pk=None):
        return reported(request, self.get_object())
