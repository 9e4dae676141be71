"""Cross-article entity resolution: local entities of many articles → global entities.

Every merge has a rule, recorded in :class:`MergeRecord.rule`:

``same-name``
    Same normalised name (case, accents, punctuation ignored).
``transliteration``
    Same :func:`~extract.entities.translit_key` ("Zelenskiy"/"Zelensky",
    "Kiril"/"Kirill Dmitriev", "Kiev"/"Kyiv") and positive context evidence.
``fuzzy-name``
    Multi-word names of one type whose keys are ≥ 90 % similar (rapidfuzz),
    with positive context evidence; candidates are blocked by type and the
    first letters of the surname, so the cost stays near-linear.
``surname``
    A one-word person name joins the one full name ending with it
    ("Dmitriev" → "Kirill Dmitriev"), or the one with clearly better context.
``acronym``
    "EU" → "European Union" when exactly one expansion exists.
``role-description``
    A description an article could not resolve ("the US president") joins
    the one entity *named in that article* whose roles in any article fit
    (head noun and nationality); otherwise it is dropped, never a node.
``gazetteer``
    Two place names the offline gazetteer resolves to one GeoNames feature
    ("Britain" / "UK" / "United Kingdom", "Bombay" / "Mumbai").
``alias-file``
    Forced by ``--aliases``.

Types are voted: each local entity carries weighted type evidence, summed
over all articles that use the name, so "Kiev" typed PERSON by the model in
one article is still a place. A local keeps a different type only with
strong evidence of its own (then it is a different entity: "Washington" the
person in "George Washington" never merges with the city).

The false-merge guard: a name alone never merges two entities.
* Different spellings (transliteration, fuzzy, surname, acronym) need
  *positive* evidence: shared salient context lemmas weighted by IDF.
* Identical person names need *no contrary* evidence: two "John Smith"s whose
  rich contexts share nothing stay two nodes.
* Identical place/organisation names always merge (news rarely has two
  Londons), and metonymy is not split: "Washington" the city and
  "Washington" the US government are one place node (see docs/entities.md).
* ``never`` pairs of the aliases file are respected by every rule.

The rules run as stages over blocks: the first stage per transliteration
key (:func:`split_block`), then fuzzy name, gazetteer, surname and acronym
(:data:`VARIANT_STAGES`), each a key function and a rule that only compares
clusters sharing a key. :func:`resolve_entities` runs every stage over all
clusters in memory; :mod:`graph.resolve_duckdb` and :mod:`graph.resolve_dask`
run them one block at a time out of core and give the same result
(``docs/scaling.md``, "Entity resolution out of core").
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from extract.coref import LEADERSHIP
from extract.entities import demonym_stems, normalise_name, translit_key
from extract.model import ArticleExtraction, LocalEntity

from .aliases import AliasTable
from .concepts import is_concept, resolve_concepts
from .ids import entity_id
from .model import Entity, MergeRecord

__all__ = ["Resolution", "resolve_entities", "normalise_name", "GUARD", "AliasWarning", "ENGINES", "VARIANT_STAGES"]

#: Where resolution runs: in memory, or out of core block by block (:mod:`graph.resolve_duckdb`, :mod:`graph.resolve_dask`).
ENGINES = ("local", "duckdb", "dask")


class AliasWarning(UserWarning):
    """An aliases-file entry that matched nothing (usually a misspelling)."""

LocalKey = tuple[str, str]  # (article id, local entity id)

#: Thresholds of the false-merge guard (see module docstring).
GUARD = {
    "positive_score": 3.0,  # IDF sum of shared context lemmas needed for a non-identical name
    "rich_context": 6,  # lemmas both sides need before "nothing shared" counts as contrary evidence
    "fuzzy_ratio": 90.0,  # rapidfuzz ratio on transliteration keys
    "strong_type": 2.5,  # own evidence a local needs to keep a type the other articles outvote
}


@dataclass
class Resolution:
    entities: dict[str, Entity] = field(default_factory=dict)
    mapping: dict[LocalKey, str] = field(default_factory=dict)

    def global_id(self, doc_id: str, local_id: str | None) -> str | None:
        return self.mapping.get((doc_id, local_id)) if local_id else None


@dataclass
class _Member:
    doc_id: str
    local: LocalEntity
    rule: str
    name: str  # normalised name used for matching (after the aliases file)
    forced: bool = False
    neighbours: set[str] = field(default_factory=set)
    #: The aliases file's canonical name for this local, which then labels the node.
    canonical: str | None = None
    #: Name mentions behind its label (0: count them in ``local.mentions``; a row read back carries the count).
    weight: int = 0


@dataclass(eq=False)
class _Cluster:
    """A candidate global entity.

    Everything a rule after the first stage reads is a summary that absorbing
    merges (sets, counters, a minimum), so an out-of-core engine can write a
    cluster as one row and read it back in another block without its members.
    """

    etype: str
    members: list[_Member]  # the local engine and the first stage only (empty in a row read back)
    context: set[str]
    names: set[str]
    neighbours: set[str] = field(default_factory=set)  # names of the other entities of its articles
    #: Same-name clusters this one was kept apart from, with the reason.
    apart: list[tuple[_Cluster, str]] = field(default_factory=list)
    #: The cluster that absorbed this one (so a kept-apart record follows it).
    into: _Cluster | None = None
    #: Display-label evidence: label → name mentions (≥ 1 per local); the aliases file's canonical names.
    labels: Counter[str] = field(default_factory=Counter)
    canonicals: Counter[str] = field(default_factory=Counter)
    #: Every normalised spelling of its members (kept only when the aliases file has ``never`` pairs).
    spellings: set[str] = field(default_factory=set)
    first_doc: str = ""
    #: Position in the global cluster order (first-stage block key, then creation); every tie-break uses it.
    cid: int = 0
    #: The rule by which it was absorbed, if it was.
    absorbed_by: str | None = None

    @property
    def alive(self) -> bool:
        return self.into is None

    def final(self) -> _Cluster:
        cluster = self
        while cluster.into is not None:
            cluster = cluster.into
        return cluster

    def absorb(self, other: _Cluster, rule: str) -> None:
        for member in other.members:
            if member.rule == "same-name" or member.rule == "ner":
                member.rule = rule
            self.members.append(member)
        self.context |= other.context
        self.names |= other.names
        self.neighbours |= other.neighbours
        self.apart.extend(other.apart)
        self.labels.update(other.labels)
        self.canonicals.update(other.canonicals)
        self.spellings |= other.spellings
        self.first_doc = min(self.first_doc, other.first_doc)
        other.members = []
        other.into = self
        other.absorbed_by = rule

    @property
    def label_words(self) -> list[str]:
        return max(self.names, key=lambda n: (len(n.split()), n)).split()


def resolve_entities(extractions: Iterable[ArticleExtraction], *, aliases: AliasTable | None = None) -> Resolution:
    """Merge local entities that name the same thing across articles (the in-memory engine).

    :mod:`graph.resolve_duckdb` and :mod:`graph.resolve_dask` run the same
    stages block by block out of core and give the same resolution.
    """
    aliases = aliases or AliasTable()
    extractions = list(extractions)
    clusters, floating, guard = _first_stage(extractions, aliases)
    for stage in VARIANT_STAGES:
        stage.run(clusters, guard)
    clusters = [c for c in clusters if c.alive]

    resolution = Resolution()
    gid_of: dict[int, str] = {}
    for cluster, gid, label in number_clusters(clusters):
        for member in cluster.members:
            resolution.mapping[(member.doc_id, member.local.id)] = gid
        resolution.entities[gid] = make_entity(gid, label, cluster.etype, [(m.doc_id, m.local, m.rule) for m in cluster.members])
        gid_of[id(cluster)] = gid
    for cluster in clusters:
        apart = kept_apart(gid_of[id(cluster)], ((gid_of[id(other.final())], reason) for other, reason in cluster.apart))
        if apart:
            gid = gid_of[id(cluster)]
            resolution.entities[gid] = _replace_entity(resolution.entities[gid], kept_apart=apart)

    _attach_descriptions(floating, resolution)
    concepts, mapping = resolve_concepts(extractions, taken=resolution.entities)
    resolution.entities.update(concepts)
    resolution.mapping.update(mapping)
    return resolution


def _first_stage(extractions: list[ArticleExtraction], aliases: AliasTable) -> tuple[list[_Cluster], list[tuple[str, LocalEntity]], _Guard]:
    """The clusters of the first stage (in cluster order), the floating descriptions, and the guard."""
    named: list[_Member] = []
    floating: list[tuple[str, LocalEntity]] = []
    for extraction in extractions:
        for local in extraction.entities:
            kind = local_kind(local)
            if kind == "concept":
                continue  # see graph.concepts
            if kind == "floating":
                floating.append((extraction.article.id, local))
                continue
            named.append(make_member(extraction.article.id, local, aliases))
    if aliases.written:
        warn_unmatched(aliases, {n for m in named for n in member_spellings(m.local)})

    idf = idf_table(Counter(w for m in named for w in set(m.local.context)), len(named))
    article_names: dict[str, set[str]] = defaultdict(set)
    for member in named:
        article_names[member.doc_id].add(member.name)
    name_idf = idf_table(Counter(n for names in article_names.values() for n in names), len(article_names))
    for member in named:
        member.neighbours = article_names[member.doc_id] - {member.name}
    guard = _Guard(idf, name_idf, aliases)

    blocks: dict[str, list[_Member]] = defaultdict(list)
    for member in named:
        blocks[translit_key(member.name)].append(member)
    clusters: list[_Cluster] = []
    for key in sorted(blocks):
        for cluster in split_block(blocks[key], guard):
            cluster.cid = len(clusters)
            clusters.append(cluster)
    return clusters, floating, guard


# --------------------------------------------------------------------------- row-local steps


def local_kind(local: LocalEntity) -> str:
    """``"concept"`` (:mod:`graph.concepts`), ``"floating"`` (a description with no name: see
    :func:`describe`) or ``"named"`` (resolved by the stages below)."""
    if is_concept(local):
        return "concept"
    return "named" if any(m.kind == "name" for m in local.mentions) else "floating"


def make_member(doc_id: str, local: LocalEntity, aliases: AliasTable) -> _Member:
    """A named local entity as the first stage sees it (its name after the aliases file)."""
    canonical = aliases.canonical_name(local.label) or next((c for c in map(aliases.canonical_name, local.aliases) if c), None)
    name = normalise_name(canonical or local.label)
    rule = "alias-file" if canonical and normalise_name(canonical) != normalise_name(local.label) else "same-name"
    return _Member(doc_id, local, rule, name, bool(canonical), canonical=canonical)


def member_spellings(local: LocalEntity) -> set[str]:
    return {normalise_name(n) for n in (local.label, *local.aliases)}


def warn_unmatched(aliases: AliasTable, spellings: set[str]) -> None:
    for name in aliases.unmatched(spellings):
        warnings.warn(AliasWarning(f"aliases file: {name!r} matches no name in the articles (check its spelling)"), stacklevel=3)


def idf_table(df: Mapping[str, int], n: int) -> dict[str, float]:
    """IDF ``log(1 + n / df)`` of each word (or name) from its document frequency."""
    return {w: math.log1p(n / c) for w, c in df.items()}


def label_weight(local: LocalEntity) -> int:
    """How much a local's label counts towards its node's label: its name mentions (at least 1)."""
    return len([m for m in local.mentions if m.kind == "name"]) or 1


# --------------------------------------------------------------------------- guard


class _Guard:
    """Context evidence for or against putting two clusters together.

    ``idf`` and ``name_idf`` need to hold only the words and names of the
    clusters compared (an out-of-core engine passes one block's).
    """

    def __init__(self, idf: Mapping[str, float], name_idf: Mapping[str, float], aliases: AliasTable) -> None:
        self.idf = idf
        self.name_idf = name_idf
        self.aliases = aliases

    def score(self, a: set[str], b: set[str]) -> float:
        return sum(self.idf.get(w, 0.0) for w in a & b)

    def evidence(self, a: _Cluster, b: _Cluster) -> float:
        """Shared salient lemmas plus shared neighbouring entities (both IDF-weighted)."""
        shared_names = (a.neighbours & b.neighbours) - a.names - b.names
        return self.score(a.context, b.context) + sum(self.name_idf.get(n, 0.0) for n in shared_names)

    def positive(self, a: _Cluster, b: _Cluster) -> bool:
        if self.forbidden(a, b):
            return False
        return self.evidence(a, b) >= GUARD["positive_score"]

    def not_contrary(self, a: _Cluster, b: _Cluster) -> bool:
        """False only when both sides are well described and share nothing at all."""
        if self.forbidden(a, b):
            return False
        rich = min(len(a.context), len(b.context)) >= GUARD["rich_context"]
        return not rich or self.evidence(a, b) >= GUARD["positive_score"] / 2

    def forbidden(self, a: _Cluster, b: _Cluster) -> bool:
        if not self.aliases.never:
            return False
        # Any spelling of either side counts, not only the name it was matched under.
        return self.aliases.forbids(a.names | a.spellings, b.names | b.spellings)


# --------------------------------------------------------------------------- stage 1: one transliteration key


def singleton(member: _Member, keep_spellings: bool) -> _Cluster:
    return _Cluster(
        "", [member], set(member.local.context), {member.name}, set(member.neighbours),
        labels=Counter({member.local.label: member.weight or label_weight(member.local)}),
        canonicals=Counter([member.canonical] if member.canonical else []),
        spellings=member_spellings(member.local) if keep_spellings else set(),
        first_doc=member.doc_id,
    )


def split_block(block: list[_Member], guard: _Guard) -> list[_Cluster]:
    """One transliteration key's members → clusters: a type vote, then the guard splits homonyms.

    The clusters come out in a fixed order (the members are sorted first), which
    numbers them (:attr:`_Cluster.cid`) for every later tie-break.
    """
    members = sorted(block, key=lambda m: (m.doc_id, m.local.id))
    votes = _votes(members)
    block_type = _winner(votes)
    by_type: dict[str, list[_Member]] = defaultdict(list)
    for member in members:
        own = Counter(dict(member.local.type_votes)) or Counter({member.local.type: 1.0})
        own_type = _winner(own)
        # Only the person/non-person line separates homonyms ("Washington" the
        # president vs the city); place vs organisation is metonymy ("the White
        # House said") and follows the majority.
        crosses = (own_type == "person") != (block_type == "person")
        keeps_own = crosses and not member.forced and own[own_type] >= GUARD["strong_type"] and own[own_type] >= 2 * own[block_type]
        by_type[own_type if keeps_own else block_type].append(member)
    block_clusters: list[_Cluster] = []
    for etype, typed in by_type.items():
        block_clusters.extend(_split_homonyms(etype, typed, guard))
    for a in block_clusters:
        for b in block_clusters:
            if a is not b and a.etype != b.etype and a.names & b.names:
                # "Washington" the president and the city: a person's own evidence
                # (a title, a first name) against the place the other articles mean.
                a.apart.append((b, f"typed {a.etype} here and {b.etype} there, each by its own evidence (title, first name, context)"))
    return block_clusters


def _split_homonyms(etype: str, members: list[_Member], guard: _Guard) -> list[_Cluster]:
    out: list[_Cluster] = []
    pending: list[tuple[_Member, _Cluster, str]] = []  # (member, cluster that refused it, reason)
    keep_spellings = bool(guard.aliases.never)
    for member in members:
        single = singleton(member, keep_spellings)
        single.etype = etype
        for cluster in out:
            same_name = member.name in cluster.names
            if member.forced or any(m.forced and m.name == member.name for m in cluster.members):
                ok = not guard.forbidden(cluster, single)
                rule = "alias-file"
            elif same_name:
                # One full name is one person across articles unless the articles say
                # otherwise: roles that cannot both hold (two countries' offices), or
                # the aliases file. A different context is no evidence: Tony Blair
                # talks about schools one day and Iraq the next.
                reason = "aliases file: never" if guard.forbidden(cluster, single) else _two_people(etype, cluster, single)
                ok = reason is None
                if not ok:
                    pending.append((member, cluster, reason))
                rule = "same-name"
            else:
                ok = guard.positive(cluster, single)
                rule = "transliteration"
            if ok:
                cluster.absorb(single, rule)
                break
        else:
            out.append(single)
    for member, cluster, reason in pending:
        home = next((c for c in out if any(m is member for m in c.members)), None)
        if home is not None and home is not cluster:
            home.apart.append((cluster, reason))
            cluster.apart.append((home, reason))
    return out


@lru_cache(maxsize=1)
def _country_stems() -> frozenset[str]:
    from extract.gazetteer import country_names

    return frozenset(stem for name in country_names() for stem in demonym_stems(name))


@lru_cache(maxsize=4096)
def _is_country_word(word: str) -> bool:
    """"US", "Australian", "French": a country or its demonym (gazetteer countries)."""
    return bool(demonym_stems(word) & _country_stems())


def _two_people(etype: str, a: _Cluster, b: _Cluster) -> str | None:
    """Why two clusters with one full person name are two people, or None.

    Evidence is roles of different countries ("US Senator" / "Australian
    cricketer"): a nationality each side gives and the other never does.
    """
    if etype != "person" or not a.members or not b.members:
        return None

    def countries(cluster: _Cluster) -> tuple[set[str], list[str]]:
        stems: set[str] = set()
        roles: list[str] = []
        for member in cluster.members:
            for role in member.local.roles:
                words = [w for w in role.replace("-", " ").split()[:-1] if w[:1].isupper() and _is_country_word(w)]
                if words:
                    roles.append(role)
                    for word in words:
                        stems |= demonym_stems(word)
        return stems, roles

    a_stems, a_roles = countries(a)
    b_stems, b_roles = countries(b)
    if a_stems and b_stems and not a_stems & b_stems:
        return f"roles of different countries: {a_roles[0]} / {b_roles[0]}"
    return None


# --------------------------------------------------------------------------- later stages: across keys
#
# Each stage merges clusters of the first stage that spell one entity
# differently. A stage is a key function and a run function: ``keys`` gives
# the blocking keys of one cluster (as it is when the stage starts), and
# ``run`` applies the rule to any list of clusters, in cluster order. Two
# clusters a stage could compare always share a key, and clusters that share
# no key (even through a third) never affect each other in that stage, so
# running it on each block of clusters joined by a key gives what running it
# on all clusters at once gives: the in-memory engine does the latter, the
# out-of-core engines the former.


@dataclass(frozen=True)
class Stage:
    rule: str
    keys: Callable[[_Cluster], tuple[str, ...]]
    run: Callable[[list[_Cluster], _Guard], None]


def _fuzzy_keys(cluster: _Cluster) -> tuple[str, ...]:
    words = cluster.label_words
    return (f"{cluster.etype}:{translit_key(words[-1])[:2]}",) if len(words) > 1 else ()


def _fuzzy(clusters: list[_Cluster], guard: _Guard) -> None:
    """Fuzzy multi-word names: block by type + first two letters of the surname key."""
    blocks: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in sorted(clusters, key=lambda c: c.cid):
        for key in _fuzzy_keys(cluster):
            blocks[key].append(cluster)
    for block in blocks.values():
        if len(block) < 2:
            continue
        keys = [translit_key(" ".join(c.label_words)) for c in block]
        for i, cluster in enumerate(block):
            if not cluster.alive:
                continue
            for _, score, j in process.extract(keys[i], keys, scorer=fuzz.ratio, score_cutoff=GUARD["fuzzy_ratio"], limit=5):
                other = block[j]
                if j == i or not other.alive or score >= 100.0:
                    continue
                if guard.positive(cluster, other):
                    cluster.absorb(other, "fuzzy-name")


def _gazetteer_keys(cluster: _Cluster) -> tuple[str, ...]:
    if cluster.etype != "place":
        return ()
    from extract.gazetteer import identifiers

    same_as = identifiers(_display_label(cluster)).get("same_as")
    return (same_as,) if same_as is not None else ()


def _gazetteer(clusters: list[_Cluster], guard: _Guard) -> None:
    """Places the gazetteer says are one ("Britain", "UK", "United Kingdom"; "Bombay", "Mumbai")."""
    by_place: dict[str, _Cluster] = {}
    for cluster in sorted(clusters, key=lambda c: c.cid):
        if not cluster.alive:
            continue
        for same_as in _gazetteer_keys(cluster):
            target = by_place.setdefault(same_as, cluster)
            if target is not cluster and not guard.forbidden(target, cluster):
                target.absorb(cluster, "gazetteer")


def _surname_role(cluster: _Cluster) -> tuple[int, str] | None:
    """(0, key) for a full person name, (1–3, key) for a one-word name that may be its surname.

    A one-word name the model typed place or organisation ("Almunia") may be the
    surname of a person named in full elsewhere: it joins with positive evidence,
    unless the gazetteer knows it as a real place. The number orders the
    one-word names as the rule visits them: persons, then places, then organisations.
    """
    words = cluster.label_words
    if cluster.etype == "person":
        return (0 if len(words) > 1 else 1, translit_key(words[-1] if len(words) > 1 else words[0]))
    if cluster.etype in ("place", "organization") and len(words) == 1 and words[0][:1].isalpha():
        from extract.gazetteer import is_typing_place

        if not is_typing_place(words[0]) and not _display_label(cluster).isupper():
            return (2 if cluster.etype == "place" else 3, translit_key(words[0]))
    return None


def _surname_keys(cluster: _Cluster) -> tuple[str, ...]:
    role = _surname_role(cluster)
    return (role[1],) if role is not None else ()


def _surname(clusters: list[_Cluster], guard: _Guard) -> None:
    """One-word person names → the full name ending with them."""
    roles = [(role, c) for c in sorted(clusters, key=lambda c: c.cid) if c.alive and (role := _surname_role(c)) is not None]
    by_surname: dict[str, list[_Cluster]] = defaultdict(list)
    for (rank, key), cluster in roles:
        if rank == 0:
            by_surname[key].append(cluster)
    for (rank, key), cluster in sorted((r for r in roles if r[0][0] > 0), key=lambda r: (r[0][0], r[1].cid)):
        if not cluster.alive or len(cluster.label_words) != 1:
            continue
        candidates = [c for c in by_surname.get(key, []) if c.alive and c is not cluster]
        target = _pick(cluster, candidates, guard)
        if target is not None:
            target.absorb(cluster, "surname")


_ACRONYM_TYPES = {"organization", "place", "event", "group"}


def _long_name_key(cluster: _Cluster) -> str | None:
    if cluster.etype not in _ACRONYM_TYPES:
        return None
    words = [w for w in _display_label(cluster).replace("-", " ").split() if w[:1].isupper() and w.lower() not in {"of", "the", "and", "for"}]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else None


def _acronym_key(cluster: _Cluster) -> str | None:
    label = _display_label(cluster)
    letters = "".join(ch for ch in label if ch.isalpha())
    if " " in label or not (2 <= len(letters) <= 6 and letters.isupper()):
        return None
    return letters.lower()


def _acronym_keys(cluster: _Cluster) -> tuple[str, ...]:
    # A hyphenated capitals label ("BBC-TV") is both a long name and an acronym: it joins two keys into one block.
    return tuple(dict.fromkeys(k for k in (_long_name_key(cluster), _acronym_key(cluster)) if k is not None))


def _acronym(clusters: list[_Cluster], guard: _Guard) -> None:
    """Acronyms: "EU" → "European Union" (any of organisation/place; types often disagree here)."""
    ordered = sorted(clusters, key=lambda c: c.cid)
    long_names: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in ordered:
        if cluster.alive and (key := _long_name_key(cluster)) is not None:
            long_names[key].append(cluster)
    for cluster in ordered:
        key = _acronym_key(cluster) if cluster.alive else None
        if key is None:
            continue
        candidates = [c for c in long_names.get(key, []) if c.alive and c is not cluster]
        target = _pick(cluster, candidates, guard)
        if target is not None:
            target.absorb(cluster, "acronym")


#: The stages after the first, in the order they run.
VARIANT_STAGES = (
    Stage("fuzzy-name", _fuzzy_keys, _fuzzy),
    Stage("gazetteer", _gazetteer_keys, _gazetteer),
    Stage("surname", _surname_keys, _surname),
    Stage("acronym", _acronym_keys, _acronym),
)


def _pick(cluster: _Cluster, candidates: list[_Cluster], guard: _Guard) -> _Cluster | None:
    """The one candidate with positive context evidence, or the clearly best of several.

    A different spelling is never enough on its own: "AI" (game AI) must not
    become "Athletics Ireland" because the letters fit.
    """
    allowed = [c for c in candidates if guard.positive(c, cluster)]
    if len(allowed) == 1:
        return allowed[0]
    if len(allowed) > 1:
        scored = sorted(((guard.evidence(c, cluster), i) for i, c in enumerate(allowed)), reverse=True)
        if scored[0][0] >= GUARD["positive_score"] and scored[0][0] >= 2 * scored[1][0]:
            return allowed[scored[0][1]]
    return None


def _votes(members: list[_Member]) -> Counter[str]:
    votes: Counter[str] = Counter()
    for member in members:
        if member.local.type_votes:
            votes.update(dict(member.local.type_votes))
        else:
            votes[member.local.type] += 1.0
    return votes


def _winner(votes: Counter[str]) -> str:
    priority = ("person", "place", "organization", "event", "product", "work", "group")
    rank = {t: i for i, t in enumerate(priority)}
    return min(votes.items(), key=lambda kv: (-kv[1], rank.get(kv[0], 99)))[0] if votes else "thing"


# --------------------------------------------------------------------------- numbering


def order_key(cluster: _Cluster) -> tuple[str, str, str, int]:
    """Clusters are numbered (``person/john-smith``, ``-2``, ...) in this order."""
    return (cluster.etype, _display_label(cluster), cluster.first_doc, cluster.cid)


def number_clusters(clusters: Iterable[_Cluster]) -> Iterator[tuple[_Cluster, str, str]]:
    """(cluster, global id, label) of each surviving cluster, in id order."""
    taken: Counter[str] = Counter()
    for cluster in sorted(clusters, key=order_key):
        label = _display_label(cluster)
        base = entity_id(cluster.etype, label)
        taken[base] += 1
        yield cluster, numbered(base, taken[base]), label


def numbered(base: str, n: int) -> str:
    return base if n == 1 else f"{base}-{n}"


def kept_apart(gid: str, others: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The (other node, reason) records of a node, itself left out."""
    return tuple(sorted({(other, reason) for other, reason in others if other != gid}))


# --------------------------------------------------------------------------- descriptions


def _attach_descriptions(floating: list[tuple[str, LocalEntity]], resolution: Resolution) -> None:
    """"the US president" of an article → the one entity named in it whose roles fit."""
    in_article: dict[str, set[str]] = defaultdict(set)
    for (doc_id, _), gid in resolution.mapping.items():
        in_article[doc_id].add(gid)
    signatures = {gid: role_signatures(entity.roles) for gid, entity in resolution.entities.items()}
    extra: dict[str, list[tuple[str, LocalEntity]]] = defaultdict(list)
    for doc_id, local in floating:
        gid = describe(local, ((gid, resolution.entities[gid].type, signatures[gid]) for gid in in_article.get(doc_id, ())))
        if gid is not None:
            resolution.mapping[(doc_id, local.id)] = gid
            extra[gid].append((doc_id, local))
    for gid, locals_ in extra.items():
        resolution.entities[gid] = with_descriptions(resolution.entities[gid], locals_)


def role_signatures(roles: Iterable[str]) -> list[tuple[str, list[set[str]]]]:
    return [_role_signature(r) for r in roles]


def describe(local: LocalEntity, named: Iterable[tuple[str, str, list[tuple[str, list[set[str]]]]]]) -> str | None:
    """The one entity among ``named`` (id, type, role signatures: those of the local's article) a
    description fits, or None."""
    head, mods = _role_signature(local.label)
    if head == "national" and not mods:
        return None
    candidates = {gid for gid, etype, signatures in named if etype == local.type and any(_fits(head, mods, sig) for sig in signatures)}
    return candidates.pop() if len(candidates) == 1 else None


def with_descriptions(entity: Entity, locals_: Iterable[tuple[str, LocalEntity]]) -> Entity:
    """The entity with the descriptions that joined it (rule ``role-description``)."""
    locals_ = list(locals_)
    records = tuple(sorted((*entity.merged_from, *(MergeRecord(d, l.id, l.label, "role-description", l.mentions) for d, l in locals_))))
    sentences = tuple(sorted({*entity.sentences, *((d, m.sentence_index) for d, l in locals_ for m in l.mentions)}))
    return _replace_entity(entity, merged_from=records, sentences=sentences, mention_count=entity.mention_count + sum(len(l.mentions) for _, l in locals_))


def _replace_entity(entity: Entity, **changes: object) -> Entity:
    from dataclasses import replace

    return replace(entity, **changes)


def _role_signature(role: str) -> tuple[str, list[set[str]]]:
    """Head noun and one set of keys per qualifying word: "US President" → ("president", [{"us", "@us"}]).

    A lone capitalised word ("the Ukrainian") is a nationality used as a noun: head ``national``.
    """
    words = role.replace("-", " ").split()
    if not words:
        return "", []
    lowered = [w.lower() for w in words]
    if len(words) == 1 and words[0][:1].isupper():
        return "national", [demonym_stems(words[0]) | {f"@{normalise_name(words[0])}"}]
    head = "pm" if lowered[-2:] == ["prime", "minister"] else lowered[-1]
    if head in LEADERSHIP and _NOT_TOP & set(lowered):
        head = f"{head}*"  # a deputy or foreign minister is not "the leader"
    qualifiers = [
        demonym_stems(word) | {f"@{normalise_name(word)}"}
        for word in words[:-1]
        if word[:1].isupper() and word.lower() not in _ROLE_WORDS
    ]
    return head, qualifiers


_NOT_TOP = {"foreign", "deputy", "vice", "defence", "defense", "finance", "interior", "former", "health", "trade"}
_ROLE_WORDS = {"president", "prime", "minister", "foreign", "deputy", "secretary", "vice", "special", "state", "chief", "general"}


def _fits(head: str, qualifiers: list[set[str]], role: tuple[str, list[set[str]]]) -> bool:
    """Does a description (head + qualifiers) fit one role the entity holds somewhere?"""
    role_head, role_qualifiers = role
    if head == "national":
        head_ok = role_head in LEADERSHIP  # "the Ukrainian" of a text about presidents
    else:
        # "the Russian leader" fits "Russian President"; a bare "the chancellor" must
        # match a chancellor (a UK chancellor is no head of government).
        head_ok = head == role_head or (bool(qualifiers) and head in LEADERSHIP and role_head in LEADERSHIP)
    if not head_ok:
        return False
    known = set().union(*role_qualifiers) if role_qualifiers else set()
    return all(q & known for q in qualifiers)


# --------------------------------------------------------------------------- entities


def _display_label(cluster: _Cluster) -> str:
    """The aliases file's canonical name when it gives one; else the fullest proper name
    (most words, then most used, then not all capitals)."""
    canonical = cluster.canonicals
    if canonical:
        return max(canonical, key=lambda name: (canonical[name], name))
    counts = cluster.labels
    return max(counts, key=lambda label: (len(label.split()), counts[label], not label.isupper(), label))


def make_entity(gid: str, label: str, etype: str, members: Iterable[tuple[str, LocalEntity, str]]) -> Entity:
    """The global entity of its (article id, local entity, merge rule) members."""
    members = list(members)
    aliases = {local.label for _, local, _ in members} | {a for _, local, _ in members for a in local.aliases}
    aliases.discard(label)
    roles = Counter(r for _, local, _ in members for r in local.roles)
    sentences = sorted({(doc_id, mention.sentence_index) for doc_id, local, _ in members for mention in local.mentions})
    records = [MergeRecord(doc_id, local.id, local.label, rule, local.mentions) for doc_id, local, rule in members]
    return Entity(
        id=gid,
        label=label,
        type=etype,
        aliases=tuple(sorted(aliases)),
        roles=entity_roles(roles),
        mention_count=sum(len(local.mentions) for _, local, _ in members),
        articles=tuple(sorted({doc_id for doc_id, _, _ in members})),
        sentences=tuple(sentences),
        merged_from=tuple(sorted(records)),
        identifiers=_identifiers(etype, label, aliases),
    )


def entity_roles(roles: Mapping[str, int]) -> tuple[str, ...]:
    """Roles, the most often given first."""
    return tuple(r for r, _ in sorted(roles.items(), key=lambda kv: (-kv[1], kv[0])))


def _identifiers(etype: str, label: str, aliases: set[str]) -> tuple[tuple[str, str], ...]:
    """GeoNames IRI and ISO 3166 codes of a place found in the offline gazetteer (label first, then aliases)."""
    if etype != "place":
        return ()
    from extract.gazetteer import identifiers

    for name in (label, *sorted(aliases)):
        found = identifiers(name)
        if found:
            return tuple(sorted(found.items()))
    return ()
