"""The console's two menus: its sections, and the components of a concertation's space. An entry shows when its page
exists (its URL reverses) and the person may open it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from . import roles


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    who: str = "console"  # "console": any role; "spaces": not commune officers only; "administrator"


SECTIONS = (
    Entry("Tableau de bord", "console:dashboard"),
    Entry("Concertations", "console:processes", "spaces"),
    Entry("Modération", "console:moderation", "spaces"),
    Entry("Réponses", "console:answers"),
    Entry("Journal", "console:journal", "spaces"),
    Entry("Agents", "console:officers", "administrator"),
    Entry("Analyse", "analysis:workspace", "spaces"),
)

SPACE = (
    Entry("Vue d'ensemble", "console:space"),
    Entry("Présentation", "console:space_presentation"),
    Entry("Calendrier", "console:space_calendar"),
    Entry("Territoire", "console:space_territory"),
    Entry("Membres", "console:space_members"),
    Entry("Propositions", "console:space_proposals"),
    Entry("Débats", "console:space_debates"),
    Entry("Réunions", "console:space_meetings"),
    Entry("Questionnaires", "console:space_surveys"),
    Entry("Actualités", "console:space_news"),
    Entry("Carte des annotations", "console:space_annotations"),
    Entry("Bilan", "console:space_bilan"),
)


def _allowed(access, who: str) -> bool:
    return {
        "console": access.can_enter,
        "spaces": access.manages_spaces,
        "administrator": access.administrator,
    }[who]


def links(entries, user, current_path: str, *args):
    """(label, url, is_current) for each entry that exists and that `user` may open; `args` go to reverse()."""
    access = roles.access_of(user)
    found = []
    for entry in entries:
        if not _allowed(access, entry.who):
            continue
        try:
            url = reverse(entry.url_name, args=args)
        except NoReverseMatch:
            continue
        found.append((entry.label, url, url == current_path))
    return found
