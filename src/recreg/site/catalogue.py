"""What the site shows, gathered once: editions in order, stable ids, diffs, lineage, history, surveys.

A recommendation's stable ``id`` is what its page is named by: the same id in two editions
is the same recommendation, whatever its number. An id that no later edition uses keeps its
page, which says what became of it, from the diff of its last edition with each edition
derived from that one: merged into another, carried on under another id, or removed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..edition.address import Address
from ..edition.model import Edition, Recommendation
from ..engine.diff import DiffResult, RecommendationPair, diff
from ..engine.lineage import Lineage, build_lineage, chain, earlier_numbers
from ..registry.folder import Registry
from ..registry.history import History, history_beside, read_history
from ..survey.model import Survey, read_survey, survey_files
from ..survey.status import StatusReport, build_status


@dataclass(frozen=True)
class Step:
    """One ``derives_from`` step: an edition, the one it derives from, and their diff."""

    old: Edition
    new: Edition
    result: DiffResult


@dataclass(frozen=True)
class Fate:
    """What became of a recommendation after the last edition that has its id."""

    text: str  # "merged into cws13 R3", "removed in cws13", "carried on as data-policy (cws13 R4)"
    target: Recommendation | None = None


@dataclass
class Identity:
    """A recommendation by stable id: where each edition has it, what changed, what became of it."""

    id: str
    appearances: list[Recommendation] = field(default_factory=list)  # newest edition first
    pairs: list[tuple[Step, RecommendationPair]] = field(default_factory=list)  # newest step first
    fates: list[Fate] = field(default_factory=list)  # none while an edition without successor has it

    @property
    def newest(self) -> Recommendation:
        """Return the recommendation as the newest edition that has it numbers it."""
        return self.appearances[0]


@dataclass(frozen=True)
class SurveyStatus:
    """A survey, and where the implementation of each edition it reaches stands by its answers."""

    survey: Survey
    reports: tuple[StatusReport, ...]  # the survey's own edition first, then each derived one


@dataclass
class Catalogue:
    """Everything the site's pages are made from."""

    editions: list[Edition]  # newest first: deepest in the derives_from chain, then by id
    steps: list[Step]  # newest first
    identities: dict[str, Identity]
    lineage: Lineage
    earlier: dict[str, dict[Address, tuple[Address, ...]]]  # each edition's earlier numbers
    history: History | None
    surveys: list[SurveyStatus]

    def identity_of(self, address: Address) -> Identity | None:
        """Return the identity of the recommendation a node belongs to, or None for a node of no edition here."""
        edition = self.edition(address.edition or "")
        rec = edition.recommendation(address.number) if edition and address.number else None
        return self.identities.get(rec.id) if rec else None

    def edition(self, edition_id: str) -> Edition | None:
        """Return an edition by id, or None."""
        return next((e for e in self.editions if e.id == edition_id), None)

    def step_into(self, edition: Edition) -> Step | None:
        """Return the step from the edition's base to it, if the base is in the registry."""
        return next((s for s in self.steps if s.new.id == edition.id), None)

    def steps_from(self, edition: Edition) -> list[Step]:
        """Return the steps to the editions derived from it."""
        return [s for s in self.steps if s.old.id == edition.id]


def gather(registry: Registry) -> Catalogue:
    """Read and compute everything the site shows: every edition, diff, lineage step, history event and survey.

    Raises:
        InvalidInput: an edition, the history or a survey does not validate.
    """
    found = registry.all()
    editions = ordered(found)
    steps = [
        Step(found[e.derives_from], e, diff(found[e.derives_from], e)) for e in editions if e.derives_from in found
    ]
    # The diffs aligned each step with recorded ids and links first, as the lineage does: not twice.
    lineage = build_lineage(found, {(s.old.id, s.new.id): s.result.alignment for s in steps})
    path = history_beside(registry.root)
    history = read_history(path, registry) if path else None
    surveys = []
    for survey_file in survey_files(registry.root):
        survey = read_survey(survey_file, registry)
        reached = [e for e in reversed(editions) if survey.edition in {c.id for c in chain(e, found.get)}]
        surveys.append(SurveyStatus(survey, tuple(build_status(e, survey, found.get) for e in reached)))
    return Catalogue(
        editions,
        steps,
        identities(editions, steps),
        lineage,
        {e.id: earlier_numbers(lineage, e) for e in editions},
        history,
        surveys,
    )


def ordered(editions: dict[str, Edition]) -> list[Edition]:
    """Order editions newest first: the longest ``derives_from`` chain first, then by id."""
    return sorted(editions.values(), key=lambda e: (-len(chain(e, editions.get)), e.id))


def identities(editions: list[Edition], steps: list[Step]) -> dict[str, Identity]:
    """Group the recommendations of every edition by stable id, with their diff pairs and fates."""
    found: dict[str, Identity] = {}
    for edition in editions:
        for rec in edition.recommendations:
            found.setdefault(rec.id, Identity(rec.id)).appearances.append(rec)
    for step in steps:
        for pair in step.result.pairs:
            for rec_id in dict.fromkeys(r.id for r in (pair.after, pair.before) if r is not None):
                found[rec_id].pairs.append((step, pair))
    successors: dict[str, list[Step]] = defaultdict(list)
    for step in steps:
        successors[step.old.id].append(step)
    for identity in found.values():
        last = identity.newest
        for step in successors.get(last.address.edition or "", ()):
            pair = next(
                (p for s, p in identity.pairs if s is step and p.before is not None and p.before.id == identity.id),
                None,
            )
            identity.fates.append(fate(step, pair) if pair is not None else Fate(f"removed in {step.new.id}"))
    return found


def fate(step: Step, pair: RecommendationPair) -> Fate:
    """Say what a recommendation whose id the newer edition of a step lacks became there."""
    new = step.new.id
    if pair.after is not None:
        return Fate(f"carried on as {pair.after.id} ({new} {pair.after.name})", pair.after)
    merged = next((c for c in pair.changes if c.kind == "merged" and c.after is not None), None)
    if merged is not None:
        target = step.new.node(merged.after.recommendation()) if isinstance(merged.after, Address) else None
        into = f" {target.name}" if target is not None else ""
        return Fate(f"merged into {new}{into}", target)
    return Fate(f"removed in {new}")
