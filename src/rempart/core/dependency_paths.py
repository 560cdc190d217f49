"""Paths through an SBOM's dependency graph from the root to a component (core layer).

"Where does this vulnerable package come from?": the shortest chains of ``dependsOn`` edges
from the SBOM's root (or from any component nothing depends on, when the SBOM names no
root) down to the affected component. Breadth-first on the reversed graph, so cycles and
diamond dependencies cost nothing extra; at most ``limit`` paths of at most ``max_depth``
hops are returned, shortest first.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable


def paths_to(
    target: str,
    edges: Iterable[tuple[str, str]],
    roots: Iterable[str] = (),
    *,
    limit: int = 5,
    max_depth: int = 25,
) -> list[tuple[str, ...]]:
    """Up to ``limit`` shortest paths (bom-refs, root first) that end at ``target``."""
    parents: dict[str, set[str]] = {}
    nodes: set[str] = set()
    for ref, depends_on in edges:
        parents.setdefault(depends_on, set()).add(ref)
        nodes.update((ref, depends_on))
    starts = set(roots) or {n for n in nodes if not parents.get(n)}
    if target in starts:
        return [(target,)]
    found: list[tuple[str, ...]] = []
    queue: deque[tuple[str, ...]] = deque([(target,)])
    while queue and len(found) < limit:
        path = queue.popleft()
        if len(path) > max_depth:
            break
        for parent in sorted(parents.get(path[0], ())):
            if parent in path:
                continue  # a cycle
            longer = (parent, *path)
            if parent in starts:
                found.append(longer)
                if len(found) >= limit:
                    break
            else:
                queue.append(longer)
        if len(queue) > 10_000:
            break  # a graph this wide: the paths found so far must do
    return found
