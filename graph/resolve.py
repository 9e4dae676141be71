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
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from extract.coref import LEADERSHIP
from extract.entities import demonym_stems, normalise_name, translit_key
from extract.model import ArticleExtraction, LocalEntity

from .aliases import AliasTable
from .concepts import is_concept, resolve_concepts
from .ids import entity_id
from .model import Entity, MergeRecord

__all__ = ["Resolution", "resolve_entities", "normalise_name", "GUARD", "AliasWarning"]


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


@dataclass
class _Cluster:
    etype: str
    members: list[_Member]
    context: set[str]
    names: set[str]
    neighbours: set[str] = field(default_factory=set)  # names of the other entities of its articles
    #: Same-name clusters this one was kept apart from, with the reason.
    apart: list[tuple[_Cluster, str]] = field(default_factory=list)
    #: The cluster that absorbed this one (so a kept-apart record follows it).
    into: _Cluster | None = None

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
        other.members = []
        other.into = self

    @property
    def label_words(self) -> list[str]:
        return max(self.names, key=lambda n: (len(n.split()), n)).split()


def resolve_entities(extractions: Iterable[ArticleExtraction], *, aliases: AliasTable | None = None) -> Resolution:
    """Merge local entities that name the same thing across articles."""
    aliases = aliases or AliasTable()
    named: list[_Member] = []
    floating: list[tuple[str, LocalEntity]] = []
    extractions = list(extractions)
    for extraction in extractions:
        for local in extraction.entities:
            if is_concept(local):
                continue  # see graph.concepts
            if not any(m.kind == "name" for m in local.mentions):
                floating.append((extraction.article.id, local))
                continue
            canonical = aliases.canonical_name(local.label) or next((c for c in map(aliases.canonical_name, local.aliases) if c), None)
            name = normalise_name(canonical or local.label)
            rule = "alias-file" if canonical and normalise_name(canonical) != normalise_name(local.label) else "same-name"
            named.append(_Member(extraction.article.id, local, rule, name, bool(canonical), canonical=canonical))
    if aliases.written:
        spellings = {normalise_name(n) for m in named for n in (m.local.label, *m.local.aliases)}
        for name in aliases.unmatched(spellings):
            warnings.warn(AliasWarning(f"aliases file: {name!r} matches no name in the articles (check its spelling)"), stacklevel=2)

    idf = _idf(m.local.context for m in named)
    article_names: dict[str, set[str]] = defaultdict(set)
    for member in named:
        article_names[member.doc_id].add(member.name)
    name_idf = _idf(tuple(names) for names in article_names.values())
    for member in named:
        member.neighbours = article_names[member.doc_id] - {member.name}
    guard = _Guard(idf, name_idf, aliases)
    clusters = _cluster_by_key(named, guard)
    _merge_variants(clusters, guard)
    clusters = [c for c in clusters if c.members]

    resolution = Resolution()
    taken: Counter[str] = Counter()
    gid_of: dict[int, str] = {}
    ordered = sorted(clusters, key=lambda c: (c.etype, _best_label(c.members), min(m.doc_id for m in c.members)))
    for cluster in ordered:
        label = _best_label(cluster.members)
        base = entity_id(cluster.etype, label)
        taken[base] += 1
        gid = base if taken[base] == 1 else f"{base}-{taken[base]}"
        cluster_members = list(cluster.members)
        resolution.entities[gid] = None  # placeholder keeps order; filled below
        for member in cluster_members:
            resolution.mapping[(member.doc_id, member.local.id)] = gid
        resolution.entities[gid] = _make_entity(gid, label, cluster.etype, cluster_members)
        gid_of[id(cluster)] = gid
    for cluster in ordered:
        apart = sorted({(gid_of[id(other.final())], reason) for other, reason in cluster.apart if id(other.final()) in gid_of and other.final() is not cluster})
        if apart:
            gid = gid_of[id(cluster)]
            resolution.entities[gid] = _replace_entity(resolution.entities[gid], kept_apart=tuple(apart))

    _attach_descriptions(floating, resolution)
    concepts, mapping = resolve_concepts(extractions, taken=resolution.entities)
    resolution.entities.update(concepts)
    resolution.mapping.update(mapping)
    return resolution


# --------------------------------------------------------------------------- guard


class _Guard:
    """Context evidence for or against putting two clusters together."""

    def __init__(self, idf: dict[str, float], name_idf: dict[str, float], aliases: AliasTable) -> None:
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
        return self.aliases.forbids(a.names | _spellings(a), b.names | _spellings(b))


def _spellings(cluster: _Cluster) -> set[str]:
    return {normalise_name(n) for m in cluster.members for n in (m.local.label, *m.local.aliases)}


def _idf(contexts: Iterable[tuple[str, ...]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    n = 0
    for context in contexts:
        n += 1
        df.update(set(context))
    return {w: math.log1p(n / c) for w, c in df.items()}


# --------------------------------------------------------------------------- clustering


def _cluster_by_key(named: list[_Member], guard: _Guard) -> list[_Cluster]:
    """Same transliteration key → one block; a type vote; then the guard splits homonyms."""
    blocks: dict[str, list[_Member]] = defaultdict(list)
    for member in named:
        blocks[translit_key(member.name)].append(member)
    clusters: list[_Cluster] = []
    for key in sorted(blocks):
        members = sorted(blocks[key], key=lambda m: (m.doc_id, m.local.id))
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
        clusters.extend(block_clusters)
    return clusters


def _split_homonyms(etype: str, members: list[_Member], guard: _Guard) -> list[_Cluster]:
    out: list[_Cluster] = []
    pending: list[tuple[_Member, _Cluster, str]] = []  # (member, cluster that refused it, reason)
    for member in members:
        single = _Cluster(etype, [member], set(member.local.context), {member.name}, set(member.neighbours))
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


def _merge_variants(clusters: list[_Cluster], guard: _Guard) -> None:
    """Fuzzy names, surnames and acronyms across clusters (blocked, never all-pairs)."""
    by_type: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        by_type[cluster.etype].append(cluster)

    # Fuzzy multi-word names: block by type + first two letters of the surname key.
    for etype, typed in by_type.items():
        blocks: dict[str, list[_Cluster]] = defaultdict(list)
        for cluster in typed:
            words = cluster.label_words
            if len(words) > 1:
                blocks[translit_key(words[-1])[:2]].append(cluster)
        for block in blocks.values():
            if len(block) < 2:
                continue
            keys = [translit_key(" ".join(c.label_words)) for c in block]
            for i, cluster in enumerate(block):
                if not cluster.members:
                    continue
                for _, score, j in process.extract(keys[i], keys, scorer=fuzz.ratio, score_cutoff=GUARD["fuzzy_ratio"], limit=5):
                    other = block[j]
                    if j == i or not other.members or score >= 100.0:
                        continue
                    if guard.positive(cluster, other):
                        cluster.absorb(other, "fuzzy-name")

    # Places the gazetteer says are one ("Britain", "UK", "United Kingdom"; "Bombay", "Mumbai").
    from extract.gazetteer import identifiers

    by_place: dict[str, _Cluster] = {}
    for cluster in by_type.get("place", []):
        if not cluster.members:
            continue
        same_as = identifiers(_display_label(cluster)).get("same_as")
        if same_as is None:
            continue
        target = by_place.setdefault(same_as, cluster)
        if target is not cluster and not guard.forbidden(target, cluster):
            target.absorb(cluster, "gazetteer")

    # One-word person names → the full name ending with them.
    persons = [c for c in by_type.get("person", []) if c.members]
    by_surname: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in persons:
        words = cluster.label_words
        if len(words) > 1:
            by_surname[translit_key(words[-1])].append(cluster)
    # A one-word name the model typed place or organisation ("Almunia") may be the
    # surname of a person named in full elsewhere: it joins with positive evidence,
    # unless the gazetteer knows it as a real place.
    from extract.gazetteer import is_typing_place

    mistyped = [
        c for etype in ("place", "organization") for c in by_type.get(etype, [])
        if c.members and len(c.label_words) == 1 and c.label_words[0][:1].isalpha() and not is_typing_place(c.label_words[0])
        and not _display_label(c).isupper()
    ]
    for cluster in persons + mistyped:
        if not cluster.members or len(cluster.label_words) != 1:
            continue
        candidates = [c for c in by_surname.get(translit_key(cluster.label_words[0]), []) if c.members and c is not cluster]
        target = _pick(cluster, candidates, guard)
        if target is not None:
            target.absorb(cluster, "surname")

    # Acronyms: "EU" → "European Union" (any of organisation/place; types often disagree here).
    long_names: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        if cluster.members and cluster.etype in {"organization", "place", "event", "group"}:
            words = [w for w in _display_label(cluster).replace("-", " ").split() if w[:1].isupper() and w.lower() not in {"of", "the", "and", "for"}]
            if len(words) >= 2:
                long_names["".join(w[0] for w in words).lower()].append(cluster)
    for cluster in clusters:
        label = _display_label(cluster) if cluster.members else ""
        letters = "".join(ch for ch in label if ch.isalpha())
        if not cluster.members or " " in label or not (2 <= len(letters) <= 6 and letters.isupper()):
            continue
        candidates = [c for c in long_names.get(letters.lower(), []) if c.members and c is not cluster]
        target = _pick(cluster, candidates, guard)
        if target is not None:
            target.absorb(cluster, "acronym")


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


# --------------------------------------------------------------------------- descriptions


def _attach_descriptions(floating: list[tuple[str, LocalEntity]], resolution: Resolution) -> None:
    """"the US president" of an article → the one entity named in it whose roles fit."""
    in_article: dict[str, list[str]] = defaultdict(list)
    for (doc_id, _), gid in resolution.mapping.items():
        in_article[doc_id].append(gid)
    signatures = {gid: [_role_signature(r) for r in entity.roles] for gid, entity in resolution.entities.items()}
    extra: dict[str, list[tuple[str, LocalEntity]]] = defaultdict(list)
    for doc_id, local in floating:
        head, mods = _role_signature(local.label)
        if head == "national" and not mods:
            continue
        candidates = set()
        for gid in set(in_article.get(doc_id, ())):
            entity = resolution.entities[gid]
            if entity.type != local.type:
                continue
            if any(_fits(head, mods, sig) for sig in signatures[gid]):
                candidates.add(gid)
        if len(candidates) == 1:
            gid = candidates.pop()
            resolution.mapping[(doc_id, local.id)] = gid
            extra[gid].append((doc_id, local))
    for gid, locals_ in extra.items():
        entity = resolution.entities[gid]
        records = tuple(sorted((*entity.merged_from, *(MergeRecord(d, l.id, l.label, "role-description", l.mentions) for d, l in locals_))))
        sentences = tuple(sorted({*entity.sentences, *((d, m.sentence_index) for d, l in locals_ for m in l.mentions)}))
        resolution.entities[gid] = _replace_entity(
            entity,
            merged_from=records,
            sentences=sentences,
            mention_count=entity.mention_count + sum(len(l.mentions) for _, l in locals_),
        )


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
    return _best_label(cluster.members)


def _best_label(members: list[_Member]) -> str:
    """The aliases file's canonical name when it gives one; else the fullest proper name
    (most words, then most used, then not all capitals)."""
    canonical = Counter(m.canonical for m in members if m.canonical)
    if canonical:
        return max(canonical, key=lambda name: (canonical[name], name))
    counts: Counter[str] = Counter()
    for member in members:
        counts[member.local.label] += len([m for m in member.local.mentions if m.kind == "name"]) or 1
    return max(counts, key=lambda label: (len(label.split()), counts[label], not label.isupper(), label))


def _make_entity(gid: str, label: str, etype: str, members: list[_Member]) -> Entity:
    aliases = {m.local.label for m in members} | {a for m in members for a in m.local.aliases}
    aliases.discard(label)
    roles = Counter(r for m in members for r in m.local.roles)
    sentences = sorted({(m.doc_id, mention.sentence_index) for m in members for mention in m.local.mentions})
    records = [MergeRecord(m.doc_id, m.local.id, m.local.label, m.rule, m.local.mentions) for m in members]
    return Entity(
        id=gid,
        label=label,
        type=etype,
        aliases=tuple(sorted(aliases)),
        roles=tuple(r for r, _ in sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))),
        mention_count=sum(len(m.local.mentions) for m in members),
        articles=tuple(sorted({m.doc_id for m in members})),
        sentences=tuple(sentences),
        merged_from=tuple(sorted(records)),
        identifiers=_identifiers(etype, label, aliases),
    )


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
