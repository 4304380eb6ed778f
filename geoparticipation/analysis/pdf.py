"""The report as a PDF: built once for each content of the summary, then served from a file.

WeasyPrint takes seconds even for a summary; the file is named after the summary's digest (which carries the data
version), in the open-data cache's way: written under a lock by the first request, published by an atomic rename,
the older versions of the same concertation's report dropped.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from opendata import storage

from . import report


def build(process, summary, written):
    """`written`: the officers' texts and choices (written.context())."""
    folder = storage.directory("bilan")
    version = summary["digest"] + (f"-{written['written_digest']}" if written["written_digest"] else "")
    final = storage.versioned_path(folder, f"bilan-{process.pk}", version, ".pdf")
    if final.exists():
        return final
    with storage.writing(final):
        if final.exists():
            return final
        temporary = storage.temporary_path(folder, ".pdf")
        try:
            temporary.write_bytes(_render(process, summary, written))
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return storage.publish(temporary, final)


def _render(process, summary, written):
    # Imported here: WeasyPrint loads Pango at import, which every other request and test can do without.
    from weasyprint import HTML

    rates, paths, _ = report.commune_rates(process, with_geometry="svg")
    inline = summary["answered"] <= report.INLINE_LIMIT
    context = {
        "process": process,
        **summary,
        "decisions": report.decisions(
            report.answered(process).select_related("commune", "theme").defer("commune__geom") if inline else []
        ),
        "inline": inline,
        "csv_url": settings.SITE_URL.rstrip("/") + reverse("analysis:bilan_csv", args=[process.slug]),
        "map": {"communes": list(zip(rates, paths, strict=True)), **report.svg_frame()},
        **written,
    }
    html = render_to_string("analysis/bilan_pdf.html", context)
    return HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url, *args, **kwargs):
    """The PDF is made of the template alone: nothing is fetched, from this server or any other."""
    raise ValueError(f"The report fetches no resource ({url}).")
