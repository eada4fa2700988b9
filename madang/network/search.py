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
from django.db.models import prefetch_related_objects

from .models import Organisation, Person, Resource, SearchEntry

# content morphemes: nouns, verb/adjective stems, roots, foreign words, numbers, hanja
KEEP_TAGS = ("NN", "NP", "NR", "VV", "VA", "XR", "SL", "SN", "SH", "MAG")
_WORD = re.compile(r"[0-9A-Za-z가-힣]+")
_NON_WORD = re.compile(r"[^0-9a-z가-힣]+")
MAX_SPAN = 5
MAX_TEXT = 20000  # characters of one object's text that are indexed
BULK_BATCH = 500  # search entries per insert in index_organisations
_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    with _lock:
        return Kiwi()


def _runs(text: str) -> list[list[str]]:
    """Runs of consecutive content morphemes inside one word (어절), in order."""
    return _runs_of(_kiwi().tokenize(text))


def _runs_of(analysis) -> list[list[str]]:
    """`_runs` of one text from its Kiwi tokens (so a batch analysis gives the same runs)."""
    runs: list[list[str]] = []
    current: list[str] = []
    position = None
    for token in analysis:
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
    return _index_tokens(text, _runs(text[:MAX_TEXT]))


def tokenize_many(texts: list[str]) -> list[list[str]]:
    """`tokenize` of each text, in order, with one Kiwi call for them all (Kiwi spreads a batch over
    its worker threads). Gives exactly what `tokenize` gives text by text."""
    texts = list(texts)
    results: list[list[str]] = [[] for _text in texts]
    todo = [i for i, text in enumerate(texts) if text]
    if not todo:
        return results
    analyses = _kiwi().tokenize([texts[i][:MAX_TEXT] for i in todo])
    for i, analysis in zip(todo, analyses, strict=True):
        results[i] = _index_tokens(texts[i], _runs_of(analysis))
    return results


def _index_tokens(text: str, runs: list[list[str]]) -> list[str]:
    tokens: dict[str, None] = {}
    for run in runs:
        for start in range(len(run)):
            for end in range(start + 1, min(len(run), start + MAX_SPAN) + 1):
                token = "".join(run[start:end])
                if len(token) <= 60:
                    tokens[token] = None
    for word in _WORD.findall(text[:MAX_TEXT]):
        if len(word) <= 60:
            tokens[word.lower()] = None
    return list(tokens)


def _clean(token: str) -> str:
    return _NON_WORD.sub("", token.lower())[:60]


def query_terms(query: str) -> list[tuple[list[str], str]]:
    """What a query must match, one term per query word (at most 10): the word matches when every
    content part Kiwi finds in it (조사 and 어미 dropped) is in the index, or the whole word is.

    Each word is analysed on its own, and the index holds every span of every word, so the result
    does not depend on word order or on how Kiwi split a compound in another context
    (`품앗이 아이돌봄` and `아이돌봄 품앗이` find the same organisations).
    """
    if not query or not query.strip():
        return []
    terms: list[tuple[list[str], str]] = []
    seen: set[tuple] = set()
    for word in query[:200].split()[:10]:
        parts = [_clean("".join(run)) for run in _runs(word)]
        parts = list(dict.fromkeys(p for p in parts if p))
        whole = _clean(word)
        if not parts and not whole:
            continue
        key = (tuple(parts), whole)
        if key not in seen:
            seen.add(key)
            terms.append((parts, whole))
    return terms


def query_tokens(query: str) -> list[str]:
    """Every token the query's terms mention (for display and tests)."""
    tokens: dict[str, None] = {}
    for parts, whole in query_terms(query):
        tokens.update(dict.fromkeys(parts))
        if whole:
            tokens[whole] = None
    return list(tokens)


def _fts5_expression(terms) -> str:
    def phrase(token):
        return '"' + token.replace('"', '""') + '"'

    clauses = []
    for parts, whole in terms:
        options = []
        if parts:
            options.append("(" + " AND ".join(phrase(p) for p in parts) + ")")
        if whole and [whole] != parts:
            options.append(phrase(whole))
        clauses.append("(" + " OR ".join(options) + ")")
    return " AND ".join(clauses)


def _tsquery_expression(terms) -> str:
    clauses = []
    for parts, whole in terms:
        options = []
        if parts:
            options.append("(" + " & ".join(f"'{p}'" for p in parts) + ")")
        if whole and [whole] != parts:
            options.append(f"'{whole}'")
        clauses.append("(" + " | ".join(options) + ")")
    return " & ".join(clauses)


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


def _delete_entries(ids: list[int]) -> None:
    if not ids:
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM network_search_fts WHERE rowid = %s", [[i] for i in ids])
    SearchEntry.objects.filter(pk__in=ids).delete()


def index_remove(*, object_type: str, object_id: int) -> None:
    ids = list(
        SearchEntry.objects.filter(object_type=object_type, object_id=object_id).values_list("pk", flat=True)
    )
    _delete_entries(ids)


def _organisation_text(org: Organisation) -> str:
    issue_names = " ".join(a.name for a in org.issue_areas.all())
    dong_names = " ".join(d.name for d in org.dongs.all())
    return " ".join([org.name, org.get_kind_display(), issue_names, dong_names, org.description])


def index_organisation(org: Organisation) -> None:
    text = _organisation_text(org)
    _write(district_id=org.district_id, object_type="organisation", object_id=org.pk, text=text)


def index_organisations(orgs: list[Organisation]) -> None:
    """`index_organisation` for many saved organisations: the same entries, in a few queries.

    Issue areas and dongs are prefetched (two queries, in the order `.all()` gives them), Kiwi
    analyses all the texts in one call, any entries the organisations already have are deleted, the
    new ones are bulk-inserted and, on SQLite, their FTS5 rows written with one executemany. Runs in
    the caller's transaction, like `index_organisation`.
    """
    orgs = list(orgs)
    if not orgs:
        return
    prefetch_related_objects(orgs, "issue_areas", "dongs")
    texts = [_organisation_text(org) for org in orgs]
    entries = [
        SearchEntry(
            district_id=org.district_id,
            object_type=SearchEntry.Type.ORGANISATION,
            object_id=org.pk,
            tokens=" ".join(tokens),
        )
        for org, tokens in zip(orgs, tokenize_many(texts), strict=True)
    ]
    existing = SearchEntry.objects.filter(
        object_type=SearchEntry.Type.ORGANISATION, object_id__in=[org.pk for org in orgs]
    )
    _delete_entries(list(existing.values_list("pk", flat=True)))
    SearchEntry.objects.bulk_create(entries, batch_size=BULK_BATCH)  # sets pk on SQLite and PostgreSQL
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO network_search_fts(rowid, tokens) VALUES (%s, %s)",
                [[entry.pk, entry.tokens] for entry in entries],
            )


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


def search_ids(
    *, district, query: str, object_type: str | None = None, limit: int = 200
) -> list[tuple[str, int]]:
    """[(object_type, object_id)] matching every word of `query`, best first. One query."""
    terms = query_terms(query)
    if not terms:
        return []
    if connection.vendor == "sqlite":
        sql = (
            "SELECT e.object_type, e.object_id FROM network_search_fts f "
            "JOIN network_searchentry e ON e.id = f.rowid "
            "WHERE network_search_fts MATCH %s AND e.district_id = %s"
        )
        params: list = [_fts5_expression(terms), district.pk]
        order = " ORDER BY bm25(network_search_fts), e.id"
    elif connection.vendor == "postgresql":
        expression = _tsquery_expression(terms)
        sql = (
            "SELECT e.object_type, e.object_id FROM network_searchentry e "
            "WHERE to_tsvector('simple', e.tokens) @@ to_tsquery('simple', %s) AND e.district_id = %s"
        )
        params = [expression, district.pk]
        order = " ORDER BY ts_rank(to_tsvector('simple', e.tokens), to_tsquery('simple', %s)) DESC, e.id"
    else:  # pragma: no cover - other databases: every part of every word, plain containment
        tokens = [t for parts, whole in terms for t in (parts or [whole])]
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
        params.append(expression)
    sql += order + " LIMIT %s"
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], int(row[1])) for row in cursor.fetchall()]
