"""Spreadsheet exports of the filtered contributions, without any personal identifier.

Rows are read with `.values_list(...).iterator()` and written as they come: the XLSX in openpyxl's write-only
mode, the ODS as a stream of XML into its zip container (odfpy builds the whole document in memory, a
million rows would not fit), both into a temporary file that is then sent.
"""

import datetime
import tempfile
import zipfile
from xml.sax.saxutils import escape

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import CharField, F, IntegerField, OuterRef, Subquery, Value
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from geoparticipation.participation.models import Annotation, Proposal
from geoparticipation.surveys.models import ParticipantProfile

from .models import Tag
from .selectors import KINDS, UNKNOWN, ContributionFilter, home_label

# Both formats stop at 1,048,576 rows; the header takes one.
MAX_ROWS = 1_048_575

COLUMNS = [
    "Type",
    "N° de contribution",
    "Concertation",
    "Publiée le",
    "Code INSEE",
    "Commune de la contribution",
    "Thème",
    "Étiquettes d'analyse",
    "Titre",
    "Texte",
    "État ou type d'annotation",
    "Soutiens",
    "Participant (n° propre à cet export)",
    "Tranche d'âge",
    "Genre",
    "Commune de résidence",
]

AGE = dict(ParticipantProfile.AgeBracket.choices)
GENDER = dict(ParticipantProfile.Gender.choices)
STATE = dict(Proposal.State.choices)
ANNOTATION_KIND = dict(Annotation.Kind.choices)


def _tags(kind):
    through = getattr(Tag, f"{kind}s").through
    return Subquery(
        through.objects.filter(**{kind: OuterRef("pk")})
        .values(kind)
        .annotate(names=StringAgg("tag__name", ", ", order_by="tag__name"))
        .values("names"),
        output_field=CharField(),
    )


def rows(spec: ContributionFilter):
    """The export's rows, proposals then annotations, oldest first. The participant number is given in order of
    first appearance in this export: it groups a person's contributions without saying who they are."""
    participants = {}
    for kind, qs in spec.querysets().items():
        label = KINDS[kind][0]
        if kind == "proposal":
            columns = {
                "x_title": F("title"),
                "x_text": F("body"),
                "x_status": F("state"),
                "x_supports": F("supports_count"),
                "x_theme": F("theme__name"),
            }
        else:
            columns = {
                "x_title": Value(""),
                "x_text": F("comment"),
                "x_status": F("kind"),
                "x_supports": Value(None, output_field=IntegerField()),
                "x_theme": Value(""),
            }
        values = (
            qs.annotate(**columns, x_tags=_tags(kind), x_home=home_label())
            .order_by("published_at", "pk")
            .values_list(
                "pk",
                "process__title",
                "published_at",
                "commune__insee",
                "commune__nom",
                "x_theme",
                "x_tags",
                "x_title",
                "x_text",
                "x_status",
                "x_supports",
                "author_id",
                "author__profile__age_bracket",
                "author__profile__gender",
                "x_home",
            )
        )
        for (
            pk,
            process,
            published,
            insee,
            nom,
            theme_,
            tags,
            title_,
            text_,
            status_,
            supports_,
            author,
            age,
            gender,
            home,
        ) in values.iterator(chunk_size=5000):
            number = participants.setdefault(author, len(participants) + 1) if author else None
            yield [
                label,
                pk,
                process,
                timezone.localtime(published).replace(tzinfo=None),
                insee or "",
                nom or "Hors territoire",
                theme_ or "",
                tags or "",
                title_,
                text_,
                STATE.get(status_) or ANNOTATION_KIND.get(status_, status_),
                supports_,
                number,
                AGE.get(age or "", UNKNOWN),
                GENDER.get(gender or "", UNKNOWN),
                home,
            ]


def _clean(value):
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_xlsx(spec: ContributionFilter):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Contributions")
    sheet.append(COLUMNS)
    for row in rows(spec):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, _clean(value))
            if isinstance(value, str) and value.startswith("="):
                # A citizen's text is data, never a formula the spreadsheet would run.
                cell.data_type = "s"
            elif isinstance(value, datetime.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            cells.append(cell)
        sheet.append(cells)
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return output


ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
ODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2">
<office:automatic-styles>
 <number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text>
 <number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/>
 <number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text>
 <number:minutes number:style="long"/></number:date-style>
 <style:style style:name="date" style:family="table-cell" style:data-style-name="N1"/>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="Contributions">
"""
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def _ods_cell(value):
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, datetime.datetime):
        iso = value.isoformat(timespec="seconds")
        return (
            f'<table:table-cell table:style-name="date" office:value-type="date" office:date-value="{iso}">'
            f"<text:p>{value:%d/%m/%Y %H:%M}</text:p></table:table-cell>"
        )
    if isinstance(value, int):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    text = _clean(str(value))
    return f'<table:table-cell office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>'


def write_ods(spec: ContributionFilter):
    output = tempfile.TemporaryFile()
    with zipfile.ZipFile(output, "w") as archive:
        # The mimetype comes first and uncompressed: that is how an ODS file is recognised.
        archive.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("content.xml", date_time=timezone.localtime().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as content:
            content.write(ODS_HEAD.encode())
            content.write(_ods_row(COLUMNS))
            for row in rows(spec):
                content.write(_ods_row(row))
            content.write(ODS_TAIL.encode())
    output.seek(0)
    return output


def _ods_row(values):
    return ("<table:table-row>" + "".join(_ods_cell(v) for v in values) + "</table:table-row>").encode()


def filename(spec: ContributionFilter, extension):
    scope = spec.process.slug if spec.process is not None else "toutes-concertations"
    return f"contributions-{scope}-{timezone.localdate():%Y-%m-%d}.{extension}"
