"""Network analytics with networkx: density, components, isolates, degree and betweenness, communities.

Fast enough for 5,000 organisations and 50,000 ties (see bench/network_analytics.py): the graph
is built from two queries with the garbage collector paused; communities are Louvain's (igraph's C
implementation, see `louvain_communities`) and their modularity networkx's.
Betweenness is Brandes' algorithm run for a batch of sources at once as sparse matrix products
(scipy), exact up to BETWEENNESS_EXACT_LIMIT organisations and estimated from a seeded sample of
pivot sources above it, scaled as networkx scales `betweenness_centrality(k=…)`. Tests check it
against networkx's own result. Results are cached per district, filter and data version.
"""

from __future__ import annotations

import gc
import hashlib
import random
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import igraph
import networkx as nx
import numpy as np
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max
from scipy import sparse

from .models import Organisation, Tie

BETWEENNESS_EXACT_LIMIT = 1000
BETWEENNESS_PIVOTS = 256
BETWEENNESS_BATCH = 128
_IGRAPH_RNG_LOCK = threading.Lock()
TOP_N = 10
CACHE_SECONDS = 600


@dataclass(frozen=True)
class GraphFilter:
    issue_area_id: int | None = None
    kind: str | None = None

    def key(self) -> str:
        return f"{self.issue_area_id or '-'}:{self.kind or '-'}"


def _nodes_and_edges(district, graph_filter: GraphFilter):
    orgs = Organisation.objects.filter(district=district).public()
    if graph_filter.kind:
        orgs = orgs.filter(kind=graph_filter.kind)
    if graph_filter.issue_area_id:
        orgs = orgs.filter(issue_areas__id=graph_filter.issue_area_id)
    nodes = {pk: (name, kind) for pk, name, kind in orgs.values_list("pk", "name", "kind").distinct()}
    # ties as plain tuples straight from the cursor: 50,000 rows in a few tens of milliseconds
    query, params = (
        Tie.objects.filter(district=district, status="approved")
        .values_list("source_id", "target_id", "kind")
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    kinds: dict[tuple[int, int], list[str]] = {}
    for source, target, kind in rows:
        if source in nodes and target in nodes:
            kinds.setdefault((source, target), []).append(kind)
    return nodes, kinds


def build_graph(district, graph_filter: GraphFilter | None = None) -> nx.Graph:
    nodes, kinds = _nodes_and_edges(district, graph_filter or GraphFilter())
    graph = nx.Graph()
    graph.add_nodes_from((pk, {"name": name, "kind": kind}) for pk, (name, kind) in nodes.items())
    graph.add_edges_from((source, target, {"kinds": k}) for (source, target), k in kinds.items())
    return graph


def betweenness(graph: nx.Graph, *, pivots: int | None = None, seed: int = 42) -> dict:
    """Normalised betweenness centrality of an undirected, unweighted graph.

    Same values as ``nx.betweenness_centrality(graph, normalized=True)`` when every node is a
    source (pivots None or >= n); with fewer pivots, the seeded estimate networkx's ``k`` gives.
    """
    nodes = list(graph.nodes())
    n = len(nodes)
    if n <= 2 or graph.number_of_edges() == 0:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    rows, cols = [], []
    for u, v in graph.edges():
        if u != v:
            rows += [index[u], index[v]]
            cols += [index[v], index[u]]
    adjacency = sparse.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    adjacency.sum_duplicates()
    adjacency.data[:] = 1.0
    if pivots is None or pivots >= n:
        sources = list(range(n))
    else:
        sources = sorted(index[node] for node in random.Random(seed).sample(nodes, pivots))  # noqa: S311
    total = np.zeros(n)
    for start in range(0, len(sources), BETWEENNESS_BATCH):
        batch = np.array(sources[start : start + BETWEENNESS_BATCH])
        b = len(batch)
        columns = np.arange(b)
        sigma = np.zeros((n, b))
        sigma[batch, columns] = 1.0
        depth = np.full((n, b), -1, dtype=np.int32)
        depth[batch, columns] = 0
        frontier = sigma.copy()
        level = 0
        while True:
            reached = adjacency @ frontier
            reached[depth >= 0] = 0.0
            if not reached.any():
                break
            level += 1
            depth[reached > 0] = level
            sigma += reached
            frontier = reached
        delta = np.zeros((n, b))
        with np.errstate(divide="ignore", invalid="ignore"):
            for d in range(level, 0, -1):
                weight = np.where(depth == d, (1.0 + delta) / sigma, 0.0)
                delta += np.where(depth == d - 1, (adjacency @ weight) * sigma, 0.0)
        delta[batch, columns] = 0.0
        total += delta.sum(axis=1)
    scale = 1.0 / ((n - 1) * (n - 2))
    if len(sources) < n:
        scale *= n / len(sources)
    return {node: float(total[i] * scale) for i, node in enumerate(nodes)}


def louvain_communities(graph: nx.Graph, seed: int = 42) -> list[set]:
    """Louvain communities (multilevel modularity optimisation) of a networkx graph.

    networkx's own `louvain_communities` takes 1.0–1.5 s on 50,000 edges, most of the 2 s budget,
    so the partition is found by igraph's C implementation of the same algorithm (0.1 s with the
    conversion); the modularity reported is networkx's, of that partition. Seeded, so a cached
    result and a recomputed one agree.
    """
    nodes = list(graph.nodes())
    if not nodes:
        return []
    index = {node: i for i, node in enumerate(nodes)}
    converted = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in graph.edges() if u != v])
    with _IGRAPH_RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))  # noqa: S311 - reproducible, not secret
        try:
            clustering = converted.community_multilevel()
        finally:
            igraph.set_random_number_generator(random)
    return [{nodes[i] for i in members} for members in clustering]


def compute_stats(graph: nx.Graph) -> dict:
    """The figures a network builder needs, from a built graph."""
    n = graph.number_of_nodes()
    m = graph.number_of_edges()
    stats = {
        "organisations": n,
        # an edge is a pair of organisations; a pair may hold ties of several kinds (rows of Tie)
        "ties": m,
        "tie_pairs": m,
        "tie_records": sum(len(data.get("kinds") or [None]) for _u, _v, data in graph.edges(data=True)),
        "density": round(nx.density(graph), 6) if n > 1 else 0.0,
        "components": nx.number_connected_components(graph) if n else 0,
        "largest_component": max((len(c) for c in nx.connected_components(graph)), default=0),
        "isolates": sorted(nx.isolates(graph)),
        "top_degree": [],
        "top_betweenness": [],
        "communities": [],
        "modularity": None,
        "betweenness_pivots": None,
    }
    if n == 0:
        return stats
    degree = sorted(graph.degree(), key=lambda item: (-item[1], item[0]))[:TOP_N]
    stats["top_degree"] = [
        {"id": pk, "name": graph.nodes[pk]["name"], "degree": d} for pk, d in degree if d > 0
    ]
    if m:
        pivots = None if n <= BETWEENNESS_EXACT_LIMIT else BETWEENNESS_PIVOTS
        values = betweenness(graph, pivots=pivots)
        communities = louvain_communities(graph)
        stats["betweenness_pivots"] = pivots or n
        top = sorted(values.items(), key=lambda item: (-item[1], item[0]))[:TOP_N]
        stats["top_betweenness"] = [
            {"id": pk, "name": graph.nodes[pk]["name"], "betweenness": round(value, 4)}
            for pk, value in top
            if value > 0
        ]
        stats["modularity"] = round(nx.community.modularity(graph, communities), 4)
        communities = sorted(communities, key=lambda c: (-len(c), min(c)))
        stats["communities"] = [
            {
                "size": len(members),
                "members": sorted(members)[:50],
                "top": [
                    graph.nodes[pk]["name"]
                    for pk, _d in sorted(graph.degree(members), key=lambda x: -x[1])[:3]
                ],
            }
            for members in communities
            if len(members) > 1
        ][:TOP_N]
    return stats


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building and analysing a large graph.

    Building 50,000 edges allocates hundreds of thousands of small containers, each of which
    counts towards a GC run that finds nothing to free; pausing it cuts build time by about half.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def data_version(district) -> str:
    """Changes whenever the district's organisations, ties or memberships change (three aggregates).

    Approving an organisation or confirming a tie moves its `updated_at` (see `transition`), so the
    version changes with every review decision."""
    from .models import Membership

    org = Organisation.objects.filter(district=district).aggregate(n=Count("id"), t=Max("updated_at"))
    tie = Tie.objects.filter(district=district).aggregate(n=Count("id"), t=Max("updated_at"), m=Max("id"))
    member = Membership.objects.filter(district=district).aggregate(
        n=Count("id"), d=Max("decided_at"), l=Max("left_at"), m=Max("id")
    )
    raw = f"{org}-{tie}-{member}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()[:16]


def network_stats(
    district, graph_filter: GraphFilter | None = None, *, use_cache: bool = True, version: str | None = None
) -> dict:
    graph_filter = graph_filter or GraphFilter()
    key = f"network-stats:{district.pk}:{graph_filter.key()}:{version or data_version(district)}"
    if use_cache:
        cached = cache.get(key)
        if cached is not None:
            return cached
    with gc_paused():
        stats = compute_stats(build_graph(district, graph_filter))
    if use_cache:
        cache.set(key, stats, CACHE_SECONDS)
    return stats
