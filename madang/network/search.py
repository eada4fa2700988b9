"""Korean search: kiwipiepy morphemes indexed in SQLite FTS5 or PostgreSQL tsvector('simple').

`협동조합` finds `마포공동체경제협동조합` because Kiwi splits the compound into 마포/공동체/경제/협동조합;
each query token must match (AND), so word order does not matter. Writes happen in the caller's
transaction (services call `index_*`), never in signals.
"""

from __future__ import annotations

import functools
import re
import threading

from django.db import connection

from .models import Organisation, Person, Resource, SearchEntry

# content morphemes: nouns, verb/adjective stems, roots, foreign words, numbers, hanja
KEEP_TAGS = ("NN", "NP", "NR", "VV", "VA", "XR", "SL", "SN", "SH", "MAG")
_WORD = re.compile(r"[0-9A-Za-z가-힣]+")
MAX_SPAN = 5
_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    with _lock:
        return Kiwi()


def _runs(text: str) -> list[list[str]]:
    """Runs of consecutive content morphemes inside one word (어절), in order."""
    runs: list[list[str]] = []
    current: list[str] = []
    position = None
    for token in _kiwi().tokenize(text):
        if token.tag.startswith(KEEP_TAGS) and (position is None or token.word_position == position):
            current.append(token.form.lower())
        elif token.tag.startswith(KEEP_TAGS):
            runs.append(current)
            current = [token.form.lower()]
        else:
            if current:
                runs.append(current)
            current = []
        position = token.word_position
    if current:
        runs.append(current)
    return [run for run in runs if run]


def tokenize(text: str) -> list[str]:
    """Distinct lower-cased index tokens of `text`.

    Every contiguous span (up to MAX_SPAN morphemes) of each run is indexed joined, so a compound
    is found whether Kiwi splits it (협동 + 조합) or not (협동조합) in a given context; whole words
    are indexed too.
    """
    if not text:
        return []
    tokens: dict[str, None] = {}
    for run in _runs(text[:20000]):
        for start in range(len(run)):
            for end in range(start + 1, min(len(run), start + MAX_SPAN) + 1):
                token = "".join(run[start:end])
                if len(token) <= 60:
                    tokens[token] = None
    for word in _WORD.findall(text[:20000]):
        if len(word) <= 60:
            tokens[word.lower()] = None
    return list(tokens)


def query_tokens(query: str) -> list[str]:
    """Tokens a query must all match: the content part of each query word (조사 and 어미 dropped),
    which the index holds whichever way Kiwi split it."""
    if not query or not query.strip():
        return []
    tokens: dict[str, None] = {}
    for run in _runs(query[:200]):
        tokens["".join(run)[:60]] = None
    if not tokens:
        for word in _WORD.findall(query[:200]):
            tokens[word.lower()[:60]] = None
    return list(tokens)[:10]


# --- index writes ------------------------------------------------------------------------------


def _write(*, district_id: int, object_type: str, object_id: int, text: str) -> None:
    tokens = " ".join(tokenize(text))
    entry, _created = SearchEntry.objects.update_or_create(
        object_type=object_type, object_id=object_id, defaults={"district_id": district_id, "tokens": tokens}
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM network_search_fts WHERE rowid = %s", [entry.pk])
            cursor.execute(
                "INSERT INTO network_search_fts(rowid, tokens) VALUES (%s, %s)", [entry.pk, tokens]
            )


def index_remove(*, object_type: str, object_id: int) -> None:
    ids = list(
        SearchEntry.objects.filter(object_type=object_type, object_id=object_id).values_list("pk", flat=True)
    )
    if connection.vendor == "sqlite" and ids:
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM network_search_fts WHERE rowid = %s", [[i] for i in ids])
    SearchEntry.objects.filter(pk__in=ids).delete()


def index_organisation(org: Organisation) -> None:
    issue_names = " ".join(a.name for a in org.issue_areas.all())
    dong_names = " ".join(d.name for d in org.dongs.all())
    text = " ".join([org.name, org.get_kind_display(), issue_names, dong_names, org.description])
    _write(district_id=org.district_id, object_type="organisation", object_id=org.pk, text=text)


def index_person(person: Person) -> None:
    """Only public fields are indexed, and only for people who chose to be listed."""
    if not person.is_public:
        index_remove(object_type="person", object_id=person.pk)
        return
    interests = " ".join(a.name for a in person.interests.all())
    dong = person.dong.name if person.dong_id else ""
    text = " ".join([person.user.display_name, person.skills, interests, dong, person.bio])
    _write(district_id=person.district_id, object_type="person", object_id=person.pk, text=text)


def index_resource(resource: Resource) -> None:
    owner = resource.owner.name if resource.owner_id else ""
    dong = resource.dong.name if resource.dong_id else ""
    text = " ".join([resource.name, resource.get_kind_display(), owner, dong, resource.description])
    _write(district_id=resource.district_id, object_type="resource", object_id=resource.pk, text=text)


# --- queries -------------------------------------------------------------------------------------


def _fts5_phrase(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def search_ids(
    *, district, query: str, object_type: str | None = None, limit: int = 200
) -> list[tuple[str, int]]:
    """[(object_type, object_id)] matching every token of `query`, best first. One query."""
    tokens = query_tokens(query)
    if not tokens:
        return []
    params: list = []
    if connection.vendor == "sqlite":
        match = " AND ".join(_fts5_phrase(t) for t in tokens)
        sql = (
            "SELECT e.object_type, e.object_id FROM network_search_fts f "
            "JOIN network_searchentry e ON e.id = f.rowid "
            "WHERE network_search_fts MATCH %s AND e.district_id = %s"
        )
        params = [match, district.pk]
        order = " ORDER BY bm25(network_search_fts), e.id"
    elif connection.vendor == "postgresql":
        sql = (
            "SELECT e.object_type, e.object_id FROM network_searchentry e "
            "WHERE to_tsvector('simple', e.tokens) @@ plainto_tsquery('simple', %s) AND e.district_id = %s"
        )
        params = [" ".join(tokens), district.pk]
        order = " ORDER BY ts_rank(to_tsvector('simple', e.tokens), plainto_tsquery('simple', %s)) DESC, e.id"
    else:  # pragma: no cover - other databases: plain containment
        conditions = " AND ".join(["(' ' || e.tokens || ' ') LIKE %s"] * len(tokens))
        sql = (
            "SELECT e.object_type, e.object_id FROM network_searchentry e "  # noqa: S608
            f"WHERE {conditions} AND e.district_id = %s"
        )
        params = [f"% {t} %" for t in tokens] + [district.pk]
        order = " ORDER BY e.id"
    if object_type:
        sql += " AND e.object_type = %s"
        params.append(object_type)
    if connection.vendor == "postgresql":
        params.append(" ".join(tokens))
    sql += order + " LIMIT %s"
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], int(row[1])) for row in cursor.fetchall()]
