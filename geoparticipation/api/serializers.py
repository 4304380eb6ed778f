from urllib.parse import urlencode

from django.utils import dateformat, timezone, translation
from rest_framework import exceptions, serializers

from geoparticipation.database import PreparedGet
from geoparticipation.participation.models import Annotation, Comment, Process, Report, Theme

from .fields import GeometryInputField

DELETED_AUTHOR = "Participant supprimé"


class AuthorField(serializers.Field):
    """Only ever the pseudonym."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, author):
        return author.pseudonym if author else DELETED_AUTHOR

    def get_attribute(self, instance):
        return instance.author


class PhaseSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class FileSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    alt_text = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    def get_alt_text(self, stored):
        return stored.alt_text if stored.is_image else None

    def get_url(self, stored):
        return self.context["request"].build_absolute_uri(stored.url)

    def get_thumbnail_url(self, stored):
        return self.context["request"].build_absolute_uri(stored.thumbnail_url) if stored.is_image else None


class ProcessSerializer(serializers.ModelSerializer):
    status = serializers.CharField()
    phases = PhaseSerializer(many=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    communes = serializers.SlugRelatedField(slug_field="insee", many=True, read_only=True)

    class Meta:
        model = Process
        fields = ["slug", "title", "subtitle", "presentation", "modalities", "status", "phases", "themes", "communes"]


def hidden_notice(noun: str, content) -> str:
    """« Commentaire masqué par la modération le 1 décembre 2026 : Publicité ou spam », in French as the API speaks;
    `noun` agrees with the participle (« Proposition masquée », « Commentaire masqué »)."""
    participle = "masquée" if noun in ("Proposition", "Annotation") else "masqué"
    with translation.override("fr"):
        date = dateformat.format(timezone.localtime(content.hidden_at), "j F Y")
    return f"{noun} {participle} par la modération le {date} : {content.get_hidden_category_display()}"


def moderation(noun: str, content) -> dict:
    """What anyone may know of hidden content: when, and the public category; never the officer nor their text."""
    return {
        "hidden_at": serializers.DateTimeField().to_representation(content.hidden_at),
        "category": content.hidden_category,
        "category_label": content.get_hidden_category_display(),
        "notice": hidden_notice(noun, content),
    }


class CommentSerializer(serializers.ModelSerializer):
    """A published comment; a hidden one keeps its place in the thread as a notice, without author or text, as on
    the site (the proposal's comments_count counts the published ones only). `parent` is the comment a reply
    answers; a thread's top comments carry their first replies (`replies`) when read in their thread, with how many
    follow (`more_replies`, counted up to 1,000: `more_replies_capped` beyond) and the address of the thread from
    the next one (`more_replies_url`, or null)."""

    author = AuthorField()

    class Meta:
        model = Comment
        fields = ["id", "parent", "author", "body", "published_at", "agrees_count", "disagrees_count"]

    def to_representation(self, comment):
        if comment.hidden_at is None:
            shown = {**super().to_representation(comment), "moderation": None}
        else:
            shown = {
                "id": comment.pk,
                "parent": comment.parent_id,
                "author": None,
                "body": None,
                "published_at": self.fields["published_at"].to_representation(comment.published_at),
                "agrees_count": comment.agrees_count,
                "disagrees_count": comment.disagrees_count,
                "moderation": moderation("Commentaire", comment),
            }
        if hasattr(comment, "thread_replies"):
            shown["replies"] = [self.to_representation(reply) for reply in comment.thread_replies]
            shown["more_replies"] = comment.more_replies
            shown["more_replies_capped"] = comment.more_replies_capped
            shown["more_replies_url"] = self._replies_url(comment.next_reply)
        return shown

    def _replies_url(self, reply):
        """The thread from `reply` on: its top comment first, with its replies from this one (context: the
        request and the thread's sort)."""
        if reply is None:
            return None
        request = self.context["request"]
        return request.build_absolute_uri(
            request.path + "?" + urlencode({"sort": self.context["sort"], "start": reply.pk})
        )


# Input: what a contributor sends. Texts may arrive blank here: the services check them, next to the checks
# that need the database, so that a blank title and a pin outside the territory are reported together.


def process_not_found(slug):
    return exceptions.NotFound(f"Aucune concertation n'a pour identifiant « {slug} ».")


class ProcessField(serializers.Field):
    """A published concertation by its slug, with what the contribution checks need, in one prepared statement.

    One that the author may not open (private, and they are not a member) is a 404 worded as for a slug that does
    not exist: the answer must not tell which private concertations exist.
    """

    default_error_messages = {
        "invalid": "Indiquez la concertation par son identifiant (slug), par exemple « plan-climat ».",
    }
    processes = PreparedGet(Process.objects.filter(published=True).for_contributing(), "slug")

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            process = self.processes.get(data)
        except Process.DoesNotExist:
            raise process_not_found(data) from None
        if not process.is_visible_to(self.context["request"].user):
            raise process_not_found(data)
        return process


class ContributionInput(serializers.Serializer):
    process = ProcessField()
    geometry = GeometryInputField()


class ProposalInput(ContributionInput):
    title = serializers.CharField(allow_blank=True, default="")
    body = serializers.CharField(allow_blank=True, default="")
    theme = serializers.SlugRelatedField(
        slug_field="slug", queryset=Theme.objects.all(), required=False, allow_null=True
    )


class ProposalEditInput(serializers.Serializer):
    """The author's PATCH: the fields sent replace the proposal's, the others stay. Its concertation does not change."""

    title = serializers.CharField(allow_blank=True, required=False)
    body = serializers.CharField(allow_blank=True, required=False)
    theme = serializers.SlugRelatedField(
        slug_field="slug", queryset=Theme.objects.all(), required=False, allow_null=True
    )
    geometry = GeometryInputField(required=False)

    def validate(self, data):
        if "process" in self.initial_data:
            raise serializers.ValidationError({"process": ["Une proposition ne change pas de concertation."]})
        return data


class AnnotationInput(ContributionInput):
    kind = serializers.ChoiceField(choices=Annotation.Kind.choices, default=Annotation.Kind.REMARK)
    comment = serializers.CharField(allow_blank=True, default="")


class CommentInput(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, default="")
    #: the comment replied to, of the same proposal (checked by the service, published ones only here)
    parent = serializers.PrimaryKeyRelatedField(queryset=Comment.objects.published(), required=False, allow_null=True)


class CommentVoteInput(serializers.Serializer):
    value = serializers.ChoiceField(choices=[("agree", "D'accord"), ("disagree", "Pas d'accord")])


class ReportInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    details = serializers.CharField(required=False, allow_blank=True, default="")
