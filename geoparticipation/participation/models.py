import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import IsValid
from django.contrib.postgres.aggregates import JSONBAgg
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db.models import Exists, F, Func, JSONField, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.functional import cached_property

from geoparticipation.pages.rendering import render_markdown
from geoparticipation.search.text import PROPOSAL_VECTOR

from . import rules


class Theme(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = "thème"

    def __str__(self):
        return self.name


class ProcessQuerySet(models.QuerySet):
    def public(self):
        """Concertations anyone may see: published and not restricted to members (in SQL, the view
        participation_public_process of sql/post_10_visibility.sql)."""
        return self.filter(published=True, is_private=False)

    def for_contributing(self):
        """With what the contribution checks need, in the same query: the calendar (every phase and what it allows),
        whether a territory is set and whether the concertation is public (open to anyone without asking who)."""
        phases = Phase.objects.filter(process=OuterRef("pk")).order_by().values("process")
        row = JSONObject(**{name: name for name in Phase.CALENDAR_FIELDS})
        return self.annotate(
            calendar=Subquery(
                phases.annotate(rows=JSONBAgg(row, order_by="position")).values("rows"), output_field=JSONField()
            ),
            has_territory=Exists(Process.communes.through.objects.filter(process_id=OuterRef("pk"))),
            is_public=Exists(Process.objects.public().filter(pk=OuterRef("pk"))),
        )

    def visible_to(self, user):
        """The public concertations, and those a member may open (the private ones they belong to) or an officer
        (every one, published or not)."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        if user.is_authenticated:
            membership = Process.members.through.objects.filter(process=OuterRef("pk"), user=user)
            return self.public() | self.filter(Exists(membership), published=True)
        return self.public()


class Process(models.Model):
    """A concertation: a question put to the public, with its calendar, themes and territory."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", "À venir"
        OPEN = "open", "En cours"
        CLOSED = "closed", "Terminée"

    slug = models.SlugField(unique=True)
    title = models.CharField("titre", max_length=200)
    subtitle = models.CharField("sous-titre", max_length=300, blank=True)
    presentation = models.TextField("présentation", blank=True)
    modalities = models.TextField("modalités de participation", blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="processes", verbose_name="thèmes")
    communes = models.ManyToManyField(
        "territory.Commune",
        blank=True,
        related_name="processes",
        verbose_name="territoire",
        help_text="Laisser vide pour toute la métropole.",
    )
    is_private = models.BooleanField("espace privé (membres seulement)", default=False)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="private_processes")
    published = models.BooleanField("publiée", default=True)
    image = models.FileField("image", upload_to="processes/", max_length=200, blank=True)
    image_alt = models.CharField(
        "texte alternatif de l'image",
        max_length=300,
        blank=True,
        help_text="Ce que montre l'image, pour qui ne la voit pas.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "concertation"

    def __str__(self):
        return self.title

    def is_visible_to(self, user) -> bool:
        """Whether `user` may open this concertation (ProcessQuerySet.visible_to); read with for_contributing(), a
        public one answers without a query."""
        if getattr(self, "is_public", False):
            return True
        return Process.objects.visible_to(user).filter(pk=self.pk).exists()

    @property
    def presentation_html(self) -> str:
        """The presentation, written in Markdown, in the safe subset of pages/rendering.py."""
        return render_markdown(self.presentation)

    @property
    def calendar_phases(self) -> list["Phase"]:
        """The phases in order: read from for_contributing()'s calendar when there, else from `phases` (prefetched or
        not), so that the status and the rules (rules.py) cost no query where the phases were already read."""
        if hasattr(self, "calendar"):
            return [Phase.from_calendar(self, row) for row in self.calendar or ()]
        return list(self.phases.all())

    @property
    def status(self):
        """Derived from the calendar: before the first phase, during any phase, after the last."""
        phases = self.calendar_phases
        today = timezone.localdate()
        if not phases or today < min(p.start_date for p in phases):
            return self.Status.UPCOMING
        if today > max(p.end_date for p in phases):
            return self.Status.CLOSED
        return self.Status.OPEN

    @cached_property
    def refusals(self) -> dict[str, str | None]:
        """What the calendar refuses today and why (rules.refusals), read by the pages to leave out their buttons."""
        return rules.refusals(self)

    def covers(self, commune):
        """Whether the commune is in the concertation's territory (every commune when none was chosen)."""
        restricted = self.has_territory if hasattr(self, "has_territory") else self.communes.exists()
        return not restricted or self.communes.filter(pk=commune.pk).exists()

    @property
    def current_phase(self):
        today = timezone.localdate()
        return next((p for p in self.calendar_phases if p.start_date <= today <= p.end_date), None)


class Phase(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField("ordre")
    title = models.CharField("titre", max_length=200)
    description = models.TextField(blank=True)
    start_date = models.DateField("début")
    end_date = models.DateField("fin")
    # What a participant may do during the phase (rules.py); outside every phase, nothing.
    allows_proposals = models.BooleanField("propositions", default=True)
    allows_supports = models.BooleanField("soutiens", default=True)
    allows_comments = models.BooleanField("commentaires", default=True)
    allows_annotations = models.BooleanField("annotations", default=True)
    allows_survey_answers = models.BooleanField(
        "réponses aux questionnaires",
        default=True,
        help_text="Aux questionnaires qui suivent la concertation ; un questionnaire qui a ses dates suit les siennes.",
    )
    allows_arguments = models.BooleanField("arguments des débats", default=True)
    allows_argument_supports = models.BooleanField("soutiens aux arguments", default=True)

    CALENDAR_FIELDS = (
        "id",
        "position",
        "title",
        "start_date",
        "end_date",
        "allows_proposals",
        "allows_supports",
        "allows_comments",
        "allows_annotations",
        "allows_survey_answers",
        "allows_arguments",
        "allows_argument_supports",
    )

    class Meta:
        ordering = ["process", "position"]
        verbose_name = "phase"
        constraints = [
            models.UniqueConstraint(fields=["process", "position"], name="phase_position_unique"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="phase_dates_ordered"),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def from_calendar(cls, process, row):
        """A phase from one row of for_contributing()'s calendar (JSON: dates as ISO text)."""
        phase = cls(process=process, **row)
        phase.start_date = datetime.date.fromisoformat(row["start_date"])
        phase.end_date = datetime.date.fromisoformat(row["end_date"])
        return phase


class ModerationReason(models.TextChoices):
    """Why content breaks the rules: what a citizen reports, and the public reason an officer gives on hiding."""

    SPAM = "spam", "Publicité ou spam"
    OFFENSIVE = "offensive", "Propos injurieux ou haineux"
    PERSONAL_DATA = "personal_data", "Données personnelles"
    OFF_TOPIC = "off_topic", "Hors sujet"
    OTHER = "other", "Autre"


class Moderated(models.Model):
    """Moderation happens after publication: an officer hides content, and says who, when and why. The category is
    shown publicly in place of the content; the reason's text goes to the author and stays in the back-office."""

    hidden_at = models.DateTimeField("masqué le", null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_category = models.CharField(
        "motif public du masquage", max_length=20, choices=ModerationReason.choices, blank=True, db_default=""
    )
    hidden_reason = models.TextField("motif du masquage", blank=True)

    class Meta:
        abstract = True


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """The row's half of what may be shown: published and not hidden by moderation. The same rule as the SQL
        function participation_published() (sql/post_10_visibility.sql), which every layer view and counter uses."""
        return self.filter(published_at__isnull=False, hidden_at__isnull=True)

    def hidden(self):
        """Published, then hidden by moderation: where a reader who had the link is told so, and why, instead of
        the content. Unpublished rows stay unknown."""
        return self.filter(published_at__isnull=False, hidden_at__isnull=False)


class ContributionQuerySet(PublishedQuerySet):
    def in_public_processes(self):
        return self.filter(process__in=Process.objects.public())

    def in_processes_visible_to(self, user):
        return self.filter(process__in=Process.objects.visible_to(user))

    def public(self):
        """What anyone may see: published, not hidden, in a public concertation. The layer views hold exactly
        these rows (a test keeps them equal)."""
        return self.published().in_public_processes()

    def visible_to(self, user):
        """Published, not hidden, in a concertation `user` may open: for the citizen pages of members and officers.
        The published layers (API, WFS, OGC API, tiles, open data) never go beyond public()."""
        return self.published().in_processes_visible_to(user)

    def in_commune(self, commune):
        return self.filter(commune=commune)


class Contribution(Moderated):
    """What every geolocated content shares; the commune is set by a database trigger on each write."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, verbose_name="concertation")
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, null=True, editable=False)
    published_at = models.DateTimeField("publié le", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    comments = GenericRelation("Comment")

    objects = ContributionQuerySet.as_manager()

    class Meta:
        abstract = True


AWAITING_ANSWER = Q(published_at__isnull=False, hidden_at__isnull=True, answered_at__isnull=True, state="published")


class Proposal(Contribution):
    class State(models.TextChoices):
        PUBLISHED = "published", "Publiée"
        EVALUATING = "evaluating", "En cours d'évaluation"
        ACCEPTED = "accepted", "Acceptée"
        REJECTED = "rejected", "Rejetée"
        WITHDRAWN = "withdrawn", "Retirée"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="proposals", verbose_name="auteur"
    )
    title = models.CharField("titre", max_length=150)
    body = models.TextField("texte")
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="thème")
    geom = models.PointField("localisation", srid=settings.STORAGE_SRID)
    state = models.CharField("état", max_length=12, choices=State.choices, default=State.PUBLISHED)
    answer = models.TextField("réponse de la métropole", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept by database triggers (sql/post_30_counts.sql); the database default serves inserts written in SQL.
    supports_count = models.PositiveIntegerField("soutiens", default=0, db_default=0, editable=False)
    comments_count = models.PositiveIntegerField("commentaires", default=0, db_default=0, editable=False)
    # Set once, by the author (services.proposal_withdraw): the proposal stays public, marked « Retirée ».
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True, editable=False)
    # The place of the proposal in the list's random order, drawn by the database at insert (whatever the path):
    # each visitor reads that cycle from a point of their own (web/selectors.py sorted_proposals), so that the
    # order is random, fair to late proposals, and read from an index instead of sorting a million rows.
    shuffle_key = models.IntegerField(db_default=RawSQL("floor(random() * 2147483647)::integer", ()), editable=False)
    # The words of the public text (the table holds the text corrected by moderation), written by PostgreSQL with
    # each row. Stored rather than an index on the expression: ranking and the recency order of a filtered list read
    # it instead of parsing the text again for every row (0.4 ms each, seconds for a frequent word); an update of the
    # counters recomputes it, a few hundred microseconds, without changing it, so the update stays HOT.
    search_vector = models.GeneratedField(expression=PROPOSAL_VECTOR, output_field=SearchVectorField(), db_persist=True)
    # The digest of the normalised text, kept by PostgreSQL at each write of the text
    # (analysis/sql/post_10_campaigns.sql), for the detection of identical texts; NULL for a text too short to count.
    text_digest = models.CharField(max_length=32, null=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "proposition"
        indexes = [
            models.Index(fields=["process", "state"]),
            # The console's answers due (console/answers_due.py), oldest first, for a concertation's officers and for a
            # commune's team.
            models.Index(
                fields=["process", "published_at", "id"],
                condition=AWAITING_ANSWER,
                name="proposal_awaiting_answer_idx",
            ),
            models.Index(
                fields=["commune", "published_at", "id"],
                condition=AWAITING_ANSWER,
                name="proposal_awaiting_commune_idx",
            ),
            # The length of a concertation's list filtered by theme, counted from the index alone.
            models.Index(
                fields=["process", "theme"],
                condition=Q(published_at__isnull=False, hidden_at__isnull=True),
                name="proposal_published_theme_idx",
            ),
            # The public report's answers (analysis/report.py answered()): counted by decision and theme from the
            # index alone, and paged in its order from a page's last answer (the id breaks ties between equal titles),
            # among a million proposals of which a few percent are answered.
            models.Index(
                fields=["process", "state", "title", "id"],
                include=["theme"],
                condition=Q(
                    published_at__isnull=False,
                    hidden_at__isnull=True,
                    state__in=["accepted", "evaluating", "rejected"],
                )
                & ~Q(answer=""),
                name="proposal_answered_order_idx",
            ),
            # The officers' list and exports (analysis/selectors.py): a concertation's published rows in time order,
            # so that a page or the start of an export reads its rows from here instead of sorting a million.
            models.Index(
                fields=["process", "published_at", "id"],
                condition=Q(published_at__isnull=False, hidden_at__isnull=True),
                name="proposal_published_idx",
            ),
            # The sorts of the citizen list (web/selectors.py sorted_proposals): a page of a million proposals in
            # any of these orders is read from its index. The support and comment orders also serve the console's
            # list of a space's proposals, hidden ones included, so their index holds every row.
            models.Index(fields=["process", "supports_count", "id"], name="proposal_supports_all_idx"),
            models.Index(fields=["process", "comments_count", "id"], name="proposal_comments_all_idx"),
            models.Index(
                fields=["process", "shuffle_key", "id"],
                condition=Q(published_at__isnull=False, hidden_at__isnull=True),
                name="proposal_shuffle_order_idx",
            ),
            # The site search and the list's text filter (search/text.py).
            GinIndex(fields=["search_vector"], name="proposal_search_idx"),
            # The few hidden rows, which the moderation queue leaves out of its waiting reports.
            models.Index(fields=["id"], condition=Q(hidden_at__isnull=False), name="proposal_hidden_idx"),
            # The identical texts of a concertation (analysis/campaigns.py find_duplicates), grouped from the index.
            models.Index(
                fields=["process", "text_digest"],
                condition=Q(published_at__isnull=False, hidden_at__isnull=True, text_digest__isnull=False),
                name="proposal_text_digest_idx",
            ),
        ]

    def __str__(self):
        return self.title


class Meeting(Contribution):
    title = models.CharField("titre", max_length=200)
    description = models.TextField(blank=True)
    start_time = models.DateTimeField("début")
    end_time = models.DateTimeField("fin")
    address = models.CharField("adresse", max_length=300)
    geom = models.PointField("lieu", srid=settings.STORAGE_SRID)
    registration_url = models.URLField("lien d'inscription", blank=True)
    online_url = models.URLField("lien de la réunion en ligne", blank=True)
    # Either the site takes the registrations (MeetingRegistration) or an external page does (registration_url).
    takes_registrations = models.BooleanField("inscriptions sur le site", default=False, db_default=False)
    capacity = models.PositiveIntegerField("nombre de places", null=True, blank=True)
    # The closing report, written by officers once the meeting has ended (services.meeting_report_write). It is
    # not in the published layer, whose columns stay those of a meeting's announcement.
    report = models.TextField("compte rendu", blank=True, db_default="")
    attendees = models.PositiveIntegerField("nombre de participants", null=True, blank=True)
    report_proposals = models.ManyToManyField(
        Proposal, blank=True, related_name="meeting_reports", verbose_name="propositions liées"
    )
    report_published_at = models.DateTimeField("compte rendu publié le", null=True, blank=True)

    class Meta:
        ordering = ["start_time"]
        verbose_name = "réunion publique"
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gte=F("start_time")), name="meeting_times_ordered"),
            models.CheckConstraint(
                condition=Q(takes_registrations=False) | Q(registration_url=""), name="meeting_one_registration"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def has_ended(self) -> bool:
        """Past its end time: no more registration or online link, its report instead."""
        return self.end_time < timezone.now()


class MeetingRegistration(models.Model):
    """A citizen's seat at a meeting: personal data, in their export, deleted with their account."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_registrations")
    created_at = models.DateTimeField("inscrit le", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "inscription à une réunion"
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="meeting_registration_unique")]


class Annotation(Contribution):
    """A citizen's remark drawn on the map: a point, a line or an area."""

    class Kind(models.TextChoices):
        REMARK = "remarque", "Remarque"
        PROBLEM = "probleme", "Problème"
        IDEA = "idee", "Idée"
        QUESTION = "question", "Question"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="annotations",
        verbose_name="auteur",
    )
    kind = models.CharField("type", max_length=10, choices=Kind.choices, default=Kind.REMARK)
    comment = models.TextField("commentaire")
    geom = models.GeometryField("tracé", srid=settings.STORAGE_SRID)
    # As Proposal.text_digest.
    text_digest = models.CharField(max_length=32, null=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "annotation"
        constraints = [
            models.CheckConstraint(condition=IsValid("geom"), name="annotation_geom_valid"),
            models.CheckConstraint(
                condition=In(
                    Func("geom", function="GeometryType", output_field=models.CharField()),
                    ["POINT", "LINESTRING", "POLYGON"],
                ),
                name="annotation_geom_type",
            ),
        ]
        # As proposal_published_idx, for the officers' list and exports.
        indexes = [
            models.Index(
                fields=["process", "published_at", "id"],
                condition=Q(published_at__isnull=False, hidden_at__isnull=True),
                name="annotation_published_idx",
            ),
            models.Index(fields=["id"], condition=Q(hidden_at__isnull=False), name="annotation_hidden_idx"),
            models.Index(
                fields=["process", "text_digest"],
                condition=Q(published_at__isnull=False, hidden_at__isnull=True, text_digest__isnull=False),
                name="annotation_text_digest_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.comment[:50]}"


class Comment(Moderated):
    """A comment on a contribution, or a reply to one (one level: `parent` is always a top comment, and a reply keeps
    the target of its thread, so that the target's comments_count and visibility cover replies too)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies", verbose_name="en réponse à"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments")
    body = models.TextField("commentaire")
    published_at = models.DateTimeField(default=timezone.now)
    # Kept by database triggers (sql/post_40_comment_votes.sql), as a proposal's supports_count.
    agrees_count = models.PositiveIntegerField("d'accord", default=0, db_default=0, editable=False)
    disagrees_count = models.PositiveIntegerField("pas d'accord", default=0, db_default=0, editable=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["published_at"]
        verbose_name = "commentaire"
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["id"], condition=Q(hidden_at__isnull=False), name="comment_hidden_idx"),
            # The console's count of the day's comments.
            models.Index(fields=["published_at"], name="comment_published_idx"),
            # A thread's pages of top comments, in either order, read from a page's last comment (keyset) among
            # the thousands of a busy proposal.
            models.Index(
                fields=["content_type", "object_id", "published_at", "id"],
                condition=Q(parent__isnull=True),
                name="comment_thread_date_idx",
            ),
            models.Index(
                F("content_type"),
                F("object_id"),
                F("agrees_count").desc(),
                F("id"),
                condition=Q(parent__isnull=True),
                name="comment_thread_votes_idx",
            ),
            # A top's replies in order and, counted from a reply on, « Voir les N autres réponses »: id makes both
            # index-only scans (participation.selectors.with_replies).
            models.Index(fields=["parent", "published_at", "id"], name="comment_replies_idx"),
        ]

    def __str__(self):
        return self.body[:60]


class Support(models.Model):
    """One per participant and proposal, enforced by the database so that double clicks count once."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "soutien"
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="support_once_per_user")]


class CommentVote(models.Model):
    """« D'accord » or « Pas d'accord » on a comment: one per participant and comment, enforced by the database;
    changed in place, withdrawn by deleting it. Kept when the account goes, without its user, as supports are, so
    that the counts stay those of the rows."""

    class Value(models.IntegerChoices):
        AGREE = 1, "D'accord"
        DISAGREE = -1, "Pas d'accord"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comment_votes"
    )
    value = models.SmallIntegerField("vote", choices=Value.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "vote sur un commentaire"
        verbose_name_plural = "votes sur les commentaires"
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="comment_vote_once_per_user"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="comment_vote_value"),
        ]
        indexes = [models.Index(fields=["user", "comment"], name="comment_vote_user_idx")]


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "abonnement"
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="follow_once_per_user")
        ]


class Report(models.Model):
    """A participant's report of content that breaks the rules; officers decide whether to hide it."""

    Reason = ModerationReason

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reports")
    reason = models.CharField("motif", max_length=20, choices=Reason.choices)
    details = models.TextField("précisions", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "signalement"
        constraints = [
            models.UniqueConstraint(fields=["reporter", "content_type", "object_id"], name="report_once_per_user")
        ]
