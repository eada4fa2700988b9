"""Korean search for every app: kiwipiepy morphemes indexed in SQLite FTS5 or PostgreSQL
tsvector('simple').

`협동조합` finds `마포공동체경제협동조합` because Kiwi splits the compound into 마포/공동체/경제/협동조합;
each query token must match (AND), so word order does not matter. Writes happen in the caller's
transaction (services call `index_put` / `index_remove`), never in signals.

The index table is registered by the app that owns it (`registry.register_search_index`; today the
network app's `SearchEntry`, whose table and FTS5 mirror predate this module); the object types are
registered by the apps that index them (`registry.register_search_type`). `search()` gives every
visible type's exact count and one page of results, in a bounded number of queries.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from . import registry

# content morphemes: nouns, verb/adjective stems, roots, foreign words, numbers, hanja
KEEP_TAGS = ("NN", "NP", "NR", "VV", "VA", "XR", "SL", "SN", "SH", "MAG")
_WORD = re.compile(r"[0-9A-Za-z가-힣]+")
_NON_WORD = re.compile(r"[^0-9a-z가-힣]+")
MAX_SPAN = 5
MAX_TEXT = 20000  # characters of one object's text that are indexed
BULK_BATCH = 500  # index rows per insert in index_put_many
PAGE_SIZE = 20
_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    with _lock:
        return Kiwi()


def warm_up() -> None:
    """Load Kiwi's model now (about a second), so the first search or save does not wait for it."""
    _kiwi()


def _runs(text: str) -> list[list[str]]:
    """Runs of consecutive content morphemes inside one word (어절), in order."""
    return _runs_of(_kiwi().tokenize(text))


_NOMINAL_ENDINGS = {"ᆷ", "음", "ㅁ"}  # -ㅁ/-음: 돌보+ㅁ → 돌봄, 나누+ㅁ → 나눔, 믿+음 → 믿음
_JONG_M = 16  # ㅁ as a final consonant (jongseong index)


def _with_final_m(stem: str) -> str:
    """The noun a verb stem makes with -ㅁ/-음: 돌보 → 돌봄, 배우 → 배움, 어울리 → 어울림, 믿 → 믿음."""
    last = stem[-1:]
    if "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 == 0:
        return stem[:-1] + chr(ord(last) + _JONG_M)
    return stem + "음"


@dataclass(frozen=True)
class _Token:
    form: str
    tag: str
    word_position: int


def _nominalised(analysis) -> list:
    """Kiwi's tokens with a verb stem and its -ㅁ/-음 ending joined into the noun they make.

    Kiwi reads 돌봄 alone as one noun but 아이돌봄 as 아이 / 돌보 / ㅁ, and 나눔 as 나누 / ㅁ; without this,
    a query for 돌봄을 would miss 아이돌봄. Index and query both read text through here, so they agree."""
    tokens = list(analysis)
    out = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            token.tag in {"VV", "VA"}
            and following is not None
            and following.form in _NOMINAL_ENDINGS
            and following.tag in {"ETN", "EF", "EC"}
            and following.word_position == token.word_position
        ):
            out.append(_Token(_with_final_m(token.form), "NNG", token.word_position))
            i += 2
            continue
        out.append(token)
        i += 1
    return out


def _runs_of(analysis) -> list[list[str]]:
    """`_runs` of one text from its Kiwi tokens (so a batch analysis gives the same runs)."""
    runs: list[list[str]] = []
    current: list[str] = []
    position = None
    for token in _nominalised(analysis):
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


def _nominal_prefixes(morpheme: str) -> list[str]:
    """-ㅁ/-음 nouns at the start of a longer noun Kiwi keeps whole: 배움터 → 배움, 나눔터 → 나눔,
    어울림마당 → 어울림 (two syllables at least, so 감자 gives nothing)."""
    found = []
    for k in range(1, len(morpheme) - 1):
        char = morpheme[k]
        if "가" <= char <= "힣" and (ord(char) - 0xAC00) % 28 == _JONG_M:
            found.append(morpheme[: k + 1])
    return found


def _index_tokens(text: str, runs: list[list[str]]) -> list[str]:
    tokens: dict[str, None] = {}
    for run in runs:
        for morpheme in run:
            for prefix in _nominal_prefixes(morpheme):
                tokens[prefix] = None
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


@dataclass(frozen=True)
class IndexItem:
    """One object's searchable text (`index_put_many` takes a list of them)."""

    object_type: str
    object_id: int
    district_id: int
    text: str


def _fts_write(rows: list[list]) -> None:
    """Mirror [id, tokens] rows into SQLite's FTS5 table (PostgreSQL indexes the column itself)."""
    if connection.vendor == "sqlite" and rows:
        fts = registry.search_index().fts_table
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {fts} WHERE rowid = %s", [[row[0]] for row in rows])  # noqa: S608
            cursor.executemany(f"INSERT INTO {fts}(rowid, tokens) VALUES (%s, %s)", rows)  # noqa: S608


def index_put(*, object_type: str, object_id: int, district_id: int, text: str) -> None:
    """Index (or re-index) one object's text in its district. Runs in the caller's transaction."""
    model = registry.search_index().model
    tokens = " ".join(tokenize(text))
    entry, _created = model.objects.update_or_create(
        object_type=object_type, object_id=object_id, defaults={"district_id": district_id, "tokens": tokens}
    )
    _fts_write([[entry.pk, tokens]])


def _delete_entries(ids: list[int]) -> None:
    if not ids:
        return
    index = registry.search_index()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {index.fts_table} WHERE rowid = %s",  # noqa: S608
                [[i] for i in ids],
            )
    index.model.objects.filter(pk__in=ids).delete()


def index_put_many(items: list[IndexItem]) -> None:
    """`index_put` for many objects of one or more types in a few queries: Kiwi analyses all texts in
    one call, the objects' old rows are deleted, the new ones bulk-inserted (and, on SQLite, mirrored
    into FTS5 with one executemany)."""
    items = list(items)
    if not items:
        return
    model = registry.search_index().model
    entries = [
        model(
            district_id=item.district_id,
            object_type=item.object_type,
            object_id=item.object_id,
            tokens=" ".join(tokens),
        )
        for item, tokens in zip(items, tokenize_many([item.text for item in items]), strict=True)
    ]
    old: list[int] = []
    by_type: dict[str, list[int]] = {}
    for item in items:
        by_type.setdefault(item.object_type, []).append(item.object_id)
    for object_type, object_ids in by_type.items():
        old += model.objects.filter(object_type=object_type, object_id__in=object_ids).values_list(
            "pk", flat=True
        )
    _delete_entries(old)
    model.objects.bulk_create(entries, batch_size=BULK_BATCH)  # sets pk on SQLite and PostgreSQL
    if connection.vendor == "sqlite":
        fts = registry.search_index().fts_table
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {fts}(rowid, tokens) VALUES (%s, %s)",  # noqa: S608
                [[entry.pk, entry.tokens] for entry in entries],
            )


def index_remove(*, object_type: str, object_id: int) -> None:
    model = registry.search_index().model
    entries = model.objects.filter(object_type=object_type, object_id=object_id)
    _delete_entries(list(entries.values_list("pk", flat=True)))


# --- queries -------------------------------------------------------------------------------------


def search_ids(
    *, district, query: str, object_type: str | None = None, limit: int | None = None
) -> list[tuple[str, int]]:
    """[(object_type, object_id)] matching every word of `query` in `district`, best first. One query.

    Every hit is returned unless `limit` is given (callers paginate; nothing is capped silently).
    """
    terms = query_terms(query)
    if not terms:
        return []
    index = registry.search_index()
    table, fts = index.model._meta.db_table, index.fts_table
    if connection.vendor == "sqlite":
        sql = (
            f"SELECT e.object_type, e.object_id FROM {fts} f "  # noqa: S608
            f"JOIN {table} e ON e.id = f.rowid "
            f"WHERE {fts} MATCH %s AND e.district_id = %s"
        )
        params: list = [_fts5_expression(terms), district.pk]
        order = f" ORDER BY bm25({fts}), e.id"
    elif connection.vendor == "postgresql":
        expression = _tsquery_expression(terms)
        sql = (
            f"SELECT e.object_type, e.object_id FROM {table} e "  # noqa: S608
            "WHERE to_tsvector('simple', e.tokens) @@ to_tsquery('simple', %s) AND e.district_id = %s"
        )
        params = [expression, district.pk]
        order = " ORDER BY ts_rank(to_tsvector('simple', e.tokens), to_tsquery('simple', %s)) DESC, e.id"
    else:  # pragma: no cover - other databases: every part of every word, plain containment
        tokens = [t for parts, whole in terms for t in (parts or [whole])]
        conditions = " AND ".join(["(' ' || e.tokens || ' ') LIKE %s"] * len(tokens))
        sql = (
            f"SELECT e.object_type, e.object_id FROM {table} e "  # noqa: S608
            f"WHERE {conditions} AND e.district_id = %s"
        )
        params = [f"% {t} %" for t in tokens] + [district.pk]
        order = " ORDER BY e.id"
    if object_type:
        sql += " AND e.object_type = %s"
        params.append(object_type)
    if connection.vendor == "postgresql":
        params.append(expression)
    sql += order
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], int(row[1])) for row in cursor.fetchall()]


def _hit_ids_subquery(*, district, terms, object_type: str):
    """The matching object ids of one type as a subquery (no ids travel through Python)."""
    index = registry.search_index()
    entries = index.model.objects.filter(district_id=district.pk, object_type=object_type)
    if connection.vendor == "sqlite":
        sql = f"id IN (SELECT rowid FROM {index.fts_table} WHERE {index.fts_table} MATCH %s)"  # noqa: S608
        params = [_fts5_expression(terms)]
    elif connection.vendor == "postgresql":
        sql = "to_tsvector('simple', tokens) @@ to_tsquery('simple', %s)"
        params = [_tsquery_expression(terms)]
    else:  # pragma: no cover
        tokens = [t for parts, whole in terms for t in (parts or [whole])]
        sql = " AND ".join(["(' ' || tokens || ' ') LIKE %s"] * len(tokens))
        params = [f"% {t} %" for t in tokens]
    # constant SQL around the index's own table names; the query only travels as a parameter
    entries = entries.filter(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611
    return entries.values("object_id")


@dataclass
class SearchSection:
    """One object type's hits: the exact `count` and one `page` of `SearchResult`s."""

    type: registry.SearchType
    count: int
    page: Page

    @property
    def name(self) -> str:
        return self.type.name

    @property
    def label(self) -> Any:
        return self.type.label


def search(
    *,
    district,
    query: str,
    user=None,
    types: list[str] | None = None,
    page: int | str | None = 1,
    per_page: int = PAGE_SIZE,
) -> list[SearchSection]:
    """Search `district` for `query` as `user`: one section per registered type the user may see
    (restricted to `types` when given), each with its exact count and the requested page.

    Queries: one for the ranked hits of all types, then per type one for the rows the user may find
    among them and one (plus the type's prefetches) for the page's rows.
    """
    registered = registry.search_types(user=user, district=district)
    if types:
        registered = [t for t in registered if t.name in types]
    terms = query_terms(query)
    if not terms:
        return []
    ranked: dict[str, list[int]] = {t.name: [] for t in registered}
    hits = search_ids(
        district=district, query=query, object_type=types[0] if types and len(types) == 1 else None
    )
    for object_type, object_id in hits:
        if object_type in ranked:
            ranked[object_type].append(object_id)
    sections = []
    for search_type in registered:
        if ranked[search_type.name]:
            queryset = search_type.queryset(district, user)
            subquery = _hit_ids_subquery(district=district, terms=terms, object_type=search_type.name)
            allowed = set(queryset.filter(pk__in=subquery).values_list("pk", flat=True))
            ordered = [pk for pk in ranked[search_type.name] if pk in allowed]
        else:
            queryset, ordered = None, []
        paginator = Paginator(ordered, per_page)
        current = paginator.get_page(page)
        if current.object_list and queryset is not None:
            rows = {obj.pk: obj for obj in queryset.filter(pk__in=list(current.object_list))}
            current.object_list = [search_type.result(rows[pk]) for pk in current.object_list if pk in rows]
        else:
            current.object_list = []
        sections.append(SearchSection(type=search_type, count=paginator.count, page=current))
    return sections
