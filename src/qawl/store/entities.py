"""One record per real person or organisation across the archive: linking, merging, un-merging.

Each entity of an analysed article is linked to a global record:

1. **Same name**: when its name, or one of its aliases (the extractor gives names in both scripts
   where it can: «ماكرون» / "Macron"), has the key of a name already in the archive, with a
   compatible type, it is linked to that record, and the names and titles it brings are added.
   When its names hit two different records (one by the Arabic name, one by the Latin), the
   two are merged: rule ``alias``.
2. **A new record** otherwise.
3. **Variants**: a record is merged with another when one of their names is a whole-word prefix
   or suffix of the other («ماكرون» in «إيمانويل ماكرون»), the types are compatible, and they share
   evidence: a title (rule ``affix+title``: both called «الرئيس الفرنسي») or an article in which
   both appear (rule ``affix+article``). When two records qualify the name is ambiguous
   («عبدالله») and nothing is merged.

Records are never rewritten by a merge: the merged record keeps its names and titles and points
at the record it joined (``merged_into``); ``canonical_id`` caches the root of that tree, which is
what queries group by. A merge is a row of ``merges`` with the names and titles that matched,
so it can be explained, and undone: un-merging cuts that edge, recomputes the roots, and leaves
the merge marked undone, which also stops the automatic rules from making it again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from qawl.document import Entity
from qawl.store.db import Store, StoreError, now_iso
from qawl.store.normalize import affixes, name_key, normalize, script

_COMPATIBLE = {"PER": {"PER"}, "ORG": {"ORG"}, "GPE": {"GPE", "LOC"}, "LOC": {"GPE", "LOC"}}
# a name shorter than this (in letters) never merges by prefix/suffix: too ambiguous
_MIN_AFFIX_LETTERS = 3


def compatible(a: str, b: str) -> bool:
    return b in _COMPATIBLE.get(a, {a})


def _qs(n: int) -> str:
    return ", ".join("?" * n)


@dataclass
class Member:
    id: int
    type: str
    name: str
    names: list[str]
    titles: list[str]
    merged_into: int | None
    merge_id: int | None = None  # the merge that attached this record to its parent


@dataclass
class MergeRecord:
    id: int
    into_id: int
    from_id: int
    rule: str
    reason: dict[str, Any]
    article_id: int | None
    created_at: str
    undone_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "into": self.into_id,
            "from": self.from_id,
            "rule": self.rule,
            "reason": self.reason,
            "article_id": self.article_id,
            "created_at": self.created_at,
            "undone_at": self.undone_at,
        }


@dataclass
class Explanation:
    """Why the records of one person or organisation are one: its members and the merges."""

    id: int  # the root record
    name: str
    type: str
    members: list[Member] = field(default_factory=list)
    merges: list[MergeRecord] = field(default_factory=list)  # active and undone, oldest first

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "members": [m.__dict__ for m in self.members],
            "merges": [m.to_dict() for m in self.merges],
        }


# -- linking an article's entities -------------------------------------------------------------


class Linker:
    """Links the entities of one article to global records, inside the article's transaction.

    Made for speed (an article has ~30 entities): :meth:`prefetch` reads every name, prefix and
    suffix the article's entities could match in two queries; names, affixes and titles to add
    are collected and written by :meth:`flush` in three batched statements. What this article
    adds is kept in the same in-memory indexes, so a later entity of the article sees it.
    """

    def __init__(self, store: Store, article_id: int, article_key: str, ts: str | None = None):
        self.store = store
        self.article_id = article_id
        self.article_key = article_key
        self.ts = ts or now_iso()
        self.roots_here: set[int] = set()  # roots already linked from this article
        self.names: dict[str, list[tuple[int, str, str]]] = {}  # key -> [(entity id, type, name)]
        self.affix: dict[str, list[tuple[int, str, str, str]]] = {}  # affix -> [(id, type, name key, name)]
        self.root: dict[int, int] = {}  # entity id -> root (kept right through merges)
        self.has: set[tuple[int, str]] = set()  # (entity id, name key) known to be stored
        self.pending_titles: dict[int, dict[str, str]] = {}
        self._names: list[tuple] = []
        self._affixes: list[tuple] = []
        self._titles: list[tuple] = []

    @staticmethod
    def _keys(ent: Entity) -> dict[str, str]:
        keyed: dict[str, str] = {}
        for n in [ent.name, *ent.aliases]:
            k = name_key(n)
            if k and k not in keyed:
                keyed[k] = n
        return keyed

    def prefetch(self, entities: list[Entity]) -> None:
        """Read what the archive holds for every name (and prefix/suffix) of these entities."""
        keys: set[str] = set()
        for e in entities:
            if not e.described:
                keys.update(self._keys(e))
        if not keys:
            return
        probe = keys | {a for k in keys for a in affixes(k) if len(a.replace(" ", "")) >= _MIN_AFFIX_LETTERS}
        s = self.store
        for chunk in _chunks(sorted(probe), 500):
            for eid, key, root, etype, name in s.all(
                f"SELECT n.entity_id, n.key, e.canonical_id, e.type, n.name FROM entity_names n "
                f"JOIN entities e ON e.id = n.entity_id WHERE n.key IN ({_qs(len(chunk))})",
                chunk,
            ):
                self.names.setdefault(key, []).append((int(eid), etype, name))
                self.root[int(eid)] = int(root)
                self.has.add((int(eid), key))
        for chunk in _chunks(sorted(keys), 500):
            for key, eid, nkey, root, etype, name in s.all(
                f"SELECT a.key, a.entity_id, a.name_key, e.canonical_id, e.type, n.name FROM entity_affixes a "
                f"JOIN entities e ON e.id = a.entity_id "
                f"JOIN entity_names n ON n.entity_id = a.entity_id AND n.key = a.name_key "
                f"WHERE a.key IN ({_qs(len(chunk))})",
                chunk,
            ):
                self.affix.setdefault(key, []).append((int(eid), etype, nkey, name))
                self.root[int(eid)] = int(root)

    def flush(self) -> None:
        """Write the names, affixes and titles collected so far."""
        s = self.store
        s.executemany(
            "INSERT INTO entity_names (entity_id, key, name, script) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (entity_id, key) DO NOTHING",
            self._names,
        )
        s.executemany(
            "INSERT INTO entity_affixes (key, entity_id, name_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            self._affixes,
        )
        s.executemany(
            "INSERT INTO entity_titles (entity_id, key, title) VALUES (?, ?, ?) ON CONFLICT (entity_id, key) DO NOTHING",
            self._titles,
        )
        self._names, self._affixes, self._titles = [], [], []

    def link(self, ent: Entity) -> int | None:
        """The global record id for ``ent`` (creating or merging records), None for an unnamed,
        described source, which is not the same person from one article to the next."""
        if ent.described:
            return None
        keyed = self._keys(ent)
        if not keyed:
            return None
        primary = name_key(ent.name) or next(iter(keyed))
        titles = {k: t for t in ent.titles if (k := normalize(t))}
        keys = list(keyed)

        rows = [
            (eid, k) for k in keys for eid, etype, _ in self.names.get(k, ()) if compatible(ent.type, etype)
        ]
        if rows:
            primary_rows = [r for r in rows if r[1] == primary]
            raw_id = min(primary_rows or rows)[0]
            root = self.root[raw_id]
            by_root: dict[int, set[str]] = {}
            for eid, k in rows:
                by_root.setdefault(self.root[eid], set()).add(k)
            for other, matched in sorted(by_root.items()):
                if other == root or blocked(self.store, root, other):
                    continue
                reason = {
                    "names": sorted({keyed[k] for k in matched} | {keyed[k] for k in by_root[root]}),
                    "titles": [],
                    "article": self.article_key,
                    "via": f"one article entity has all these names: {', '.join(keyed.values())}",
                }
                # the other tree hangs under the record that matched, so that undoing an
                # earlier merge of that record takes these names along with it
                self._merge(raw_id, other, "alias", reason)
        else:
            raw_id = self.store.insert(
                "INSERT INTO entities (type, name, key, created_at) VALUES (?, ?, ?, ?)",
                (ent.type, ent.name, primary, self.ts),
            )
            self.store.execute("UPDATE entities SET canonical_id = id WHERE id = ?", (raw_id,))
            self.root[raw_id] = raw_id
            root = raw_id
        self._add(raw_id, ent.type, keyed, titles)
        root = self._merge_variants(ent.type, keyed, titles, raw_id, self.root[raw_id])
        self.roots_here.add(root)
        return raw_id

    def _add(self, eid: int, etype: str, keyed: dict[str, str], titles: dict[str, str]) -> None:
        for k, n in keyed.items():
            if (eid, k) in self.has:
                continue
            self.has.add((eid, k))
            self._names.append((eid, k, n, script(n)))
            self.names.setdefault(k, []).append((eid, etype, n))
            for a in affixes(k):
                if len(a.replace(" ", "")) >= _MIN_AFFIX_LETTERS:
                    self._affixes.append((a, eid, k))
                    self.affix.setdefault(a, []).append((eid, etype, k, n))
        if titles:
            mine = self.pending_titles.setdefault(eid, {})
            for k, t in titles.items():
                if k not in mine:
                    mine[k] = t
                    self._titles.append((eid, k, t))

    def _tree_keys(self, root: int) -> set[str]:
        keys = {
            str(r[0])
            for r in self.store.all(
                "SELECT n.key FROM entity_names n JOIN entities e ON e.id = n.entity_id WHERE e.canonical_id = ? "
                "LIMIT 500",
                (root,),
            )
        }
        keys.update(k for eid, k, _n, _s in self._names if self.root.get(eid) == root)
        return keys

    def _trees_agree(self, a: int, b: int) -> bool:
        """Merging must not join two different full names: every pair of multi-word names of the
        two records, in one script, is equal or one is a whole-word prefix/suffix of the other.
        This stops chains (« عبدربه منصور هادي » … « علي عبد الله صالح ») from snowballing."""
        multi_a = [k for k in self._tree_keys(a) if " " in k]
        multi_b = [k for k in self._tree_keys(b) if " " in k]
        for x in multi_a:
            for y in multi_b:
                if script(x) != script(y) or x == y or x.replace(" ", "") == y.replace(" ", ""):
                    continue
                short, long_ = sorted((x, y), key=len)
                if not (long_.startswith(short + " ") or long_.endswith(" " + short)):
                    return False
        return True

    def _merge(self, into: int, frm_root: int, rule: str, reason: dict[str, Any]) -> None:
        new_root = self.root[into]
        merge(self.store, into, frm_root, rule, reason, self.article_id)
        for eid, r in self.root.items():
            if r == frm_root:
                self.root[eid] = new_root
        self.roots_here = {new_root if r == frm_root else r for r in self.roots_here}

    def _merge_variants(
        self, etype: str, keyed: dict[str, str], titles: dict[str, str], raw_id: int, root: int
    ) -> int:
        """Merge ``root`` with the one record whose name is a whole-word prefix/suffix of one of
        our names (or has one of them as prefix/suffix) and that shares a title or this article."""
        pairs: dict[int, set[tuple[str, str]]] = {}  # candidate root -> (our key, their key)
        their_record: dict[int, int] = {}  # candidate root -> its record whose name matched
        their_names: dict[str, str] = {}

        def consider(eid: int, ctype: str, ours: str, theirs: str) -> None:
            cand = self.root[eid]
            if cand == root or not compatible(etype, ctype):
                return
            short, long_ = sorted((ours, theirs), key=len)
            if etype == "PER" and " " not in short and not long_.endswith(" " + short):
                return  # a lone first name («محمد», «نايف») names too many people; surnames only
            pairs.setdefault(cand, set()).add((ours, theirs))
            their_record[cand] = min(eid, their_record.get(cand, eid))

        for k in keyed:
            for eid, ctype, nkey, name in self.affix.get(k, ()):  # longer names that contain ours
                their_names[nkey] = name
                consider(eid, ctype, k, nkey)
            for a in affixes(k):  # shorter names that ours contains
                if len(a.replace(" ", "")) < _MIN_AFFIX_LETTERS:
                    continue
                for eid, ctype, name in self.names.get(a, ()):
                    their_names[a] = name
                    consider(eid, ctype, k, a)
        if not pairs:
            return root
        # evidence: a shared title (stored, or added by this article), or both in this article
        cand_titles: dict[int, set[str]] = {}
        if titles:
            roots = list(pairs)
            for cr, tkey in self.store.all(
                f"SELECT e.canonical_id, t.key FROM entity_titles t JOIN entities e ON e.id = t.entity_id "
                f"WHERE e.canonical_id IN ({_qs(len(roots))}) AND t.key IN ({_qs(len(titles))})",
                roots + list(titles),
            ):
                cand_titles.setdefault(int(cr), set()).add(tkey)
            for eid, mine in self.pending_titles.items():
                r = self.root.get(eid)
                if r in pairs:
                    cand_titles.setdefault(r, set()).update(k for k in mine if k in titles)
        qualified = []
        for cr, matched in pairs.items():
            shared = cand_titles.get(cr, set())
            if shared:
                qualified.append((cr, matched, "affix+title", shared))
            elif cr in self.roots_here:
                qualified.append((cr, matched, "affix+article", set()))
        if len(qualified) != 1:
            return root  # nothing, or ambiguous
        cand, matched, rule, shared = qualified[0]
        if blocked(self.store, root, cand) or not self._trees_agree(root, cand):
            return root
        shown = {**their_names, **keyed}
        reason = {
            "names": sorted({shown.get(k, k) for pair in matched for k in pair}),
            "titles": sorted(titles[t] for t in shared),
            "article": self.article_key,
        }
        # the older tree stays the root; the other hangs under the record whose name matched
        if cand < root:
            self._merge(their_record[cand], root, rule, reason)
            return cand
        self._merge(raw_id, cand, rule, reason)
        return root


def _chunks(items: list[str], n: int) -> list[list[str]]:
    return [items[i : i + n] for i in range(0, len(items), n)]


# -- merges ------------------------------------------------------------------------------------


def root_of(store: Store, entity_id: int) -> int:
    r = store.scalar("SELECT canonical_id FROM entities WHERE id = ?", (entity_id,))
    if r is None:
        raise StoreError(f"no entity with id {entity_id}")
    return int(r)


def members_of(store: Store, root: int) -> list[int]:
    return [int(r[0]) for r in store.all("SELECT id FROM entities WHERE canonical_id = ?", (root,))]


def blocked(store: Store, a: int, b: int) -> bool:
    """Was a merge between the trees of roots ``a`` and ``b`` undone? Then do not redo it."""
    ma, mb = members_of(store, a), members_of(store, b)
    if not ma or not mb:
        return False
    q = (
        f"SELECT 1 FROM merges WHERE undone_at IS NOT NULL AND "
        f"((from_id IN ({_qs(len(ma))}) AND into_id IN ({_qs(len(mb))})) OR "
        f"(from_id IN ({_qs(len(mb))}) AND into_id IN ({_qs(len(ma))}))) LIMIT 1"
    )
    return store.one(q, ma + mb + mb + ma) is not None


def refresh_stats(store: Store, roots: set[int] | list[int]) -> None:
    """Recount the quotes of these roots into speaker_stats (a root that is no longer a root, or
    has no quotes, loses its row)."""
    for root in sorted(set(roots)):
        store.execute("DELETE FROM speaker_stats WHERE root_id = ?", (root,))
        ids = members_of(store, root)
        if not ids or root not in ids:
            continue
        row = store.one(
            f"SELECT COUNT(*), COUNT(DISTINCT article_id), MIN(published), MAX(published) FROM quotes "
            f"WHERE speaker_entity_id IN ({_qs(len(ids))})",
            ids,
        )
        if row and row[0]:
            store.execute(
                "INSERT INTO speaker_stats (root_id, quotes, articles, first, last) VALUES (?, ?, ?, ?, ?)",
                (root, int(row[0]), int(row[1]), row[2], row[3]),
            )


def merge(
    store: Store, into: int, frm: int, rule: str, reason: dict[str, Any], article_id: int | None = None
) -> int:
    """Attach the whole tree of ``frm`` under the record ``into`` (its tree's root becomes the
    root of both); returns the merge id."""
    frm = root_of(store, frm)
    new_root = root_of(store, into)
    if new_root == frm:
        raise StoreError("these names are already one entity")
    with store.transaction():
        store.execute("UPDATE entities SET merged_into = ? WHERE id = ?", (into, frm))
        store.execute("UPDATE entities SET canonical_id = ? WHERE canonical_id = ?", (new_root, frm))
        refresh_stats(store, {new_root, frm})
        return store.insert(
            "INSERT INTO merges (into_id, from_id, rule, reason, article_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (into, frm, rule, json.dumps(reason, ensure_ascii=False), article_id, now_iso()),
        )


def unmerge(store: Store, merge_id: int) -> tuple[int, int]:
    """Undo one merge: the record it attached becomes a root again with its own sub-tree.
    Returns the two roots. The automatic rules will not make this merge again."""
    with store.transaction():
        row = store.one("SELECT into_id, from_id, undone_at FROM merges WHERE id = ?", (merge_id,))
        if row is None:
            raise StoreError(f"no merge with id {merge_id}; `qawl entities explain NAME` lists them")
        into, frm, undone = int(row[0]), int(row[1]), row[2]
        if undone is not None:
            raise StoreError(f"merge {merge_id} was already undone on {undone}")
        parent = store.scalar("SELECT merged_into FROM entities WHERE id = ?", (frm,))
        if parent is None or int(parent) != into:
            raise StoreError(f"merge {merge_id} is no longer in effect")
        tree_root = root_of(store, into)
        store.execute("UPDATE entities SET merged_into = NULL WHERE id = ?", (frm,))
        _recompute_roots(store, tree_root)
        store.execute("UPDATE merges SET undone_at = ? WHERE id = ?", (now_iso(), merge_id))
        a, b = root_of(store, into), root_of(store, frm)
        refresh_stats(store, {a, b})
        return a, b


def _recompute_roots(store: Store, tree_root: int) -> None:
    parent = {
        int(i): (int(p) if p is not None else None)
        for i, p in store.all("SELECT id, merged_into FROM entities WHERE canonical_id = ?", (tree_root,))
    }
    for node in parent:
        r = node
        seen = set()
        while parent.get(r) is not None and r not in seen:
            seen.add(r)
            r = parent[r]  # type: ignore[assignment]
        if r != tree_root:
            store.execute("UPDATE entities SET canonical_id = ? WHERE id = ?", (r, node))


def find_roots(store: Store, name: str, *, affix: bool = True) -> list[int]:
    """Roots of the records one of whose names has the key of ``name`` (any script, any
    variant); when none does and ``affix``, those with ``name`` as a whole-word prefix/suffix.
    ``#123`` or a bare number is a record id."""
    ref = name.strip()
    if ref.lstrip("#").isdigit():
        r = store.scalar("SELECT canonical_id FROM entities WHERE id = ?", (int(ref.lstrip("#")),))
        return [int(r)] if r is not None else []
    key = name_key(ref)
    if not key:
        return []
    rows = store.all(
        "SELECT DISTINCT e.canonical_id FROM entity_names n JOIN entities e ON e.id = n.entity_id WHERE n.key = ?",
        (key,),
    )
    if not rows and affix:
        rows = store.all(
            "SELECT DISTINCT e.canonical_id FROM entity_affixes a JOIN entities e ON e.id = a.entity_id WHERE a.key = ?",
            (key,),
        )
    return sorted(int(r[0]) for r in rows)


def resolve_one(store: Store, name: str) -> int:
    roots = find_roots(store, name, affix=False) or find_roots(store, name)
    if not roots:
        raise StoreError(
            f"no person or organisation named {name!r} in the archive; `qawl speakers` lists them"
        )
    if len(roots) > 1:
        raise StoreError(
            f"{name!r} names {len(roots)} different records ({', '.join('#' + str(r) for r in roots)}); "
            "pass one of these ids instead"
        )
    return roots[0]


def manual_merge(store: Store, a: str, b: str) -> int:
    """Merge what ``b`` names into what ``a`` names; returns the merge id."""
    into, frm = resolve_one(store, a), resolve_one(store, b)
    if into == frm:
        raise StoreError(f"{a!r} and {b!r} are already one entity")
    return merge(store, into, frm, "manual", {"names": [a, b], "titles": [], "article": None})


def unmerge_name(store: Store, ref: str) -> tuple[int, int]:
    """Undo a merge given its id (``123``) or the name of the record it attached."""
    if ref.strip().isdigit():
        return unmerge(store, int(ref))
    key = name_key(ref)
    rows = store.all(
        "SELECT e.id, e.merged_into FROM entity_names n JOIN entities e ON e.id = n.entity_id "
        "WHERE n.key = ? AND e.merged_into IS NOT NULL ORDER BY e.id",
        (key,),
    )
    if not rows:
        raise StoreError(
            f"no merged record is named {ref!r}; `qawl entities explain NAME` shows the merges and their ids"
        )
    if len(rows) > 1:
        raise StoreError(
            f"{ref!r} names several merged records; unmerge by merge id (see `qawl entities explain`)"
        )
    eid, parent = int(rows[0][0]), int(rows[0][1])
    mid = store.scalar(
        "SELECT id FROM merges WHERE from_id = ? AND into_id = ? AND undone_at IS NULL ORDER BY id DESC",
        (eid, parent),
    )
    if mid is None:
        raise StoreError(f"cannot find the merge that attached {ref!r}")
    return unmerge(store, int(mid))


def display_names(store: Store, roots: list[int]) -> dict[int, str]:
    """The name to show for each root: the longest Arabic name of its records, else the longest."""
    if not roots:
        return {}
    out: dict[int, tuple] = {}
    for root, name, sc in store.all(
        f"SELECT e.canonical_id, n.name, n.script FROM entity_names n JOIN entities e ON e.id = n.entity_id "
        f"WHERE e.canonical_id IN ({_qs(len(roots))})",
        roots,
    ):
        rank = (sc == "ar", len(name.split()), -len(name), name)
        root = int(root)
        if root not in out or rank > out[root][0]:
            out[root] = (rank, name)
    return {r: v[1] for r, v in out.items()}


def explain(store: Store, name: str) -> Explanation:
    """Members of the entity ``name`` names and the merges that joined them (with reasons)."""
    root = resolve_one(store, name)
    ids = members_of(store, root)
    q = _qs(len(ids))
    etype = store.scalar("SELECT type FROM entities WHERE id = ?", (root,))
    names: dict[int, list[str]] = {}
    for eid, n in store.all(
        f"SELECT entity_id, name FROM entity_names WHERE entity_id IN ({q}) ORDER BY name", ids
    ):
        names.setdefault(int(eid), []).append(n)
    titles: dict[int, list[str]] = {}
    for eid, t in store.all(
        f"SELECT entity_id, title FROM entity_titles WHERE entity_id IN ({q}) ORDER BY title", ids
    ):
        titles.setdefault(int(eid), []).append(t)
    merges = [
        MergeRecord(int(r[0]), int(r[1]), int(r[2]), r[3], json.loads(r[4]), r[5], r[6], r[7])
        for r in store.all(
            f"SELECT id, into_id, from_id, rule, reason, article_id, created_at, undone_at FROM merges "
            f"WHERE from_id IN ({q}) OR into_id IN ({q}) ORDER BY id",
            ids + ids,
        )
    ]
    active = {(m.from_id, m.into_id): m.id for m in merges if m.undone_at is None}
    members = []
    for eid, etype_, ename, parent in store.all(
        f"SELECT id, type, name, merged_into FROM entities WHERE id IN ({q}) ORDER BY id", ids
    ):
        eid = int(eid)
        parent = int(parent) if parent is not None else None
        members.append(
            Member(
                eid, etype_, ename, names.get(eid, []), titles.get(eid, []), parent, active.get((eid, parent))
            )
        )
    return Explanation(root, display_names(store, [root]).get(root, ""), etype or "", members, merges)
