"""Spreadsheet exports of the filtered contributions, without any personal identifier.

Rows are read with `.values_list(...).iterator()` from a server-side cursor and written as they come, as XML
into the file's zip container, which is sent while it is written: the first bytes of a million rows leave at once,
and the memory taken does not grow with the rows.
"""

import datetime
import io
import zipfile
from xml.sax.saxutils import escape

from django.contrib.postgres.aggregates import StringAgg
from django.db import connection, transaction
from django.db.models import CharField, F, IntegerField, OuterRef, Subquery, Value
from django.utils import timezone
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
    # In a transaction, the cursor is not declared WITH HOLD: outside one, PostgreSQL would compute and store every
    # row before sending the first (37 s for a million, beyond the statement timeout of a web request).
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Compiling the plan took 3 s before the first row, and its fetches were no faster (1.2 s against
            # 0.17 s for 5,000 rows on the bench database).
            cursor.execute("SET LOCAL jit = off")
        yield from _rows(spec)


def _rows(spec):
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


class _Pipe(io.RawIOBase):
    """Where the zip archive writes: the bytes written since the last `take()`, to be sent and forgotten."""

    def __init__(self):
        self.chunks = []
        self.size = 0

    def writable(self):
        return True

    def write(self, data):
        self.chunks.append(bytes(data))
        self.size += len(data)
        return len(data)

    def take(self):
        data = b"".join(self.chunks)
        self.chunks.clear()
        self.size = 0
        return data


# Sent whenever this much is compressed: the first bytes leave before the last row is read.
CHUNK_BYTES = 64 * 1024


def _zip_stream(members, content_name, head, lines, tail):
    """A zip archive written as it is sent: `members` (name, bytes, compression) first, then `content_name` made of
    `head`, the `lines` and `tail`. An unseekable output makes zipfile write each size after its data."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w") as archive:
        for name, data, compression in members:
            archive.writestr(name, data, compress_type=compression)
        info = zipfile.ZipInfo(content_name, date_time=timezone.localtime().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as content:
            content.write(head)
            for line in lines:
                content.write(line)
                if pipe.size >= CHUNK_BYTES:
                    yield pipe.take()
            content.write(tail)
    yield pipe.take()


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XLSX_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XLSX_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
XLSX_MEMBERS = [
    (
        "[Content_Types].xml",
        f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="{XLSX_PACKAGE}/content-types"><Default Extension="rels"
 ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml"
 ContentType="application/xml"/><Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override
 PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override
 PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>""",
    ),
    (
        "_rels/.rels",
        f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{XLSX_PACKAGE}/relationships"><Relationship Id="rId1"
 Type="{XLSX_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
    ),
    (
        "xl/workbook.xml",
        f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{XLSX_MAIN}" xmlns:r="{XLSX_RELATIONSHIPS}"><sheets><sheet name="Contributions" sheetId="1"
 r:id="rId1"/></sheets></workbook>""",
    ),
    (
        "xl/_rels/workbook.xml.rels",
        f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{XLSX_PACKAGE}/relationships"><Relationship Id="rId1"
 Type="{XLSX_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2"
 Type="{XLSX_RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>""",
    ),
    (
        # Style 1 is the date and time of « Publiée le ».
        "xl/styles.xml",
        f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{XLSX_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/>
</numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill>
<patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders
 count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf
 numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0"
 fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0"
 applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0"
 builtinId="0"/></cellStyles></styleSheet>""",
    ),
]
XLSX_HEAD = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{XLSX_MAIN}"><sheetData>"""
XLSX_TAIL = "</sheetData></worksheet>"
# Day 0 of a spreadsheet's dates, as Excel and LibreOffice count them.
SPREADSHEET_EPOCH = datetime.datetime(1899, 12, 30)


def _xlsx_cell(value):
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, datetime.datetime):
        return f'<c s="1"><v>{(value - SPREADSHEET_EPOCH) / datetime.timedelta(days=1)!r}</v></c>'
    if isinstance(value, int):
        return f"<c><v>{value}</v></c>"
    # An inline string is text whatever it starts with: a citizen's « =… » is data, never a formula that runs.
    return f'<c t="inlineStr"><is><t xml:space="preserve">{escape(_clean(str(value)))}</t></is></c>'


def _xlsx_row(values):
    return ("<row>" + "".join(_xlsx_cell(v) for v in values) + "</row>").encode()


def stream_xlsx(spec: ContributionFilter):
    """The XLSX file, sent as it is written, row by row from the database cursor: the memory it takes does not
    grow with the number of rows (openpyxl's write-only mode keeps every string, and saves only at the end)."""
    members = [(name, text.encode(), zipfile.ZIP_DEFLATED) for name, text in XLSX_MEMBERS]
    lines = (_xlsx_row(row) for row in rows(spec))
    yield from _zip_stream(
        members, "xl/worksheets/sheet1.xml", XLSX_HEAD.encode() + _xlsx_row(COLUMNS), lines, XLSX_TAIL.encode()
    )


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


def stream_ods(spec: ContributionFilter):
    """The ODS file, sent as it is written (odfpy builds the whole document in memory: a million rows would not
    fit)."""
    # The mimetype comes first and uncompressed: that is how an ODS file is recognised.
    members = [
        ("mimetype", ODS_MIMETYPE.encode(), zipfile.ZIP_STORED),
        ("META-INF/manifest.xml", ODS_MANIFEST.encode(), zipfile.ZIP_DEFLATED),
    ]
    lines = (_ods_row(row) for row in rows(spec))
    yield from _zip_stream(members, "content.xml", ODS_HEAD.encode() + _ods_row(COLUMNS), lines, ODS_TAIL.encode())


def _ods_row(values):
    return ("<table:table-row>" + "".join(_ods_cell(v) for v in values) + "</table:table-row>").encode()


FORMATS = {"xlsx": (stream_xlsx, XLSX_MIMETYPE), "ods": (stream_ods, ODS_MIMETYPE)}


def filename(spec: ContributionFilter, extension):
    if spec.process is not None:
        scope = spec.process.slug
    else:
        scope = "toutes-concertations" if spec.scope is None else "mes-concertations"
    return f"contributions-{scope}-{timezone.localdate():%Y-%m-%d}.{extension}"
