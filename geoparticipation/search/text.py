"""The site's full-text search: one PostgreSQL configuration, and the vectors and queries built on it.

`french_unaccent` (migration 0001) is `french` with `unaccent` before the French stemmer, so « Vélos », « velo » and
« VÉLO » are the same lexeme. Naming the configuration as a constant keeps `to_tsvector('french_unaccent', …)`
immutable, hence storable in a generated column and indexable.
"""

import functools
import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection

CONFIG = "french_unaccent"


def vector(*weighted_fields: tuple[str, str]) -> SearchVector:
    """The weighted vector of ("field", "A"…"D") pairs, A the strongest (a title), D the weakest."""
    vectors = [SearchVector(field, weight=weight, config=CONFIG) for field, weight in weighted_fields]
    combined = vectors[0]
    for other in vectors[1:]:
        combined = combined + other
    return combined


class ParsedQuery(SearchQuery):
    """A tsquery already parsed and normalised (query() below), cast as it is rather than parsed again."""

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql})::tsquery", params


# A lexeme in PostgreSQL's writing of a tsquery: quoted, a quote inside doubled.
_LEXEME = re.compile(r"'((?:[^']|'')*)'")


def _singular_or_plural(match: re.Match) -> str:
    """The French stemmer keeps the plural's s after a vowel (« vélos » stays `velos`, « vélo » is `velo`; « abris »,
    « trous » alike): each word of a query is looked for with and without a final s, so both find the same rows."""
    lexeme = match.group(1)
    if len(lexeme) >= 4 and lexeme.endswith("s") and lexeme[-2].isalpha():
        other = lexeme[:-1]
    elif len(lexeme) >= 3 and lexeme[-1].isalpha():
        other = lexeme + "s"
    else:
        return match.group(0)
    return f"('{lexeme}' | '{other}')"


# The last word as it is being typed: letters or digits at the very end, not closing a quoted phrase.
_TYPING = re.compile(r"(?:^|[\s(])[^\W_]{3,}$")


def _as_prefix(parsed: str) -> str:
    """The query's last lexeme as a prefix (« vél » finds « vélo », « boulev » « boulevard »), in place of its
    singular-or-plural pair: the prefix of the singular covers both."""
    lexemes = list(_LEXEME.finditer(parsed))
    if not lexemes or parsed[lexemes[-1].end() :].strip():
        return _LEXEME.sub(_singular_or_plural, parsed)
    last = lexemes[-1].group(1)
    stem = last[:-1] if len(last) >= 4 and last.endswith("s") and last[-2].isalpha() else last
    return f"{_LEXEME.sub(_singular_or_plural, parsed[: lexemes[-1].start()])}'{stem}':*"


@functools.lru_cache(maxsize=4096)
def _parsed(words: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT websearch_to_tsquery(%s::regconfig, %s)::text", [CONFIG, words])
        parsed = cursor.fetchone()[0]
    if _TYPING.search(words):
        return _as_prefix(parsed)
    return _LEXEME.sub(_singular_or_plural, parsed)


def query(words: str) -> SearchQuery:
    """A visitor's words as a query: websearch syntax (« "mots exacts" », « or », « -sauf »), which never fails on
    quotes, `&`, `|`, `!` or `:*`; the last word is also found as the start of a longer one (_as_prefix); words that
    are all stop words (« le », « de ») make an empty query that finds nothing. Parsed once per text and process
    (one short statement): the configuration never changes."""
    return ParsedQuery(_parsed(words))


# A proposal's title and body, stored as participation.Proposal.search_vector and indexed there: the table holds the
# public text, corrected by moderation where it was, never the author's original (moderation.TextVersion).
PROPOSAL_VECTOR = vector(("title", "A"), ("body", "B"))
# A news article's, stored as news.Article.search_vector: parsing 2,000 bodies again for every search took 1.3 s.
ARTICLE_VECTOR = vector(("title", "A"), ("summary", "B"), ("body", "C"))


def matching_proposals(proposals, words: str):
    """`proposals` narrowed to those whose public text matches `words`, through the GIN index."""
    return proposals.filter(search_vector=query(words))
