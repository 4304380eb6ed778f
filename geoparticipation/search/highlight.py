"""ts_headline's output made safe to show: the citizens' text is escaped, and only the markers become <mark>."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .kinds import START, STOP

# A marked passage, or any text without markers; a stray marker typed by someone is dropped.
_PIECES = re.compile(f"{START}([^{START}{STOP}]*){STOP}|([^{START}{STOP}]+)")


def highlighted(headline: str) -> SafeString:
    """« un abri \\x02vélo\\x03 <b> » becomes « un abri <mark>vélo</mark> &lt;b&gt; »."""
    html = []
    for marked, plain in _PIECES.findall(headline or ""):
        html.append(f"<mark>{escape(marked)}</mark>" if marked else escape(plain))
    return mark_safe("".join(html))  # every piece was escaped above
