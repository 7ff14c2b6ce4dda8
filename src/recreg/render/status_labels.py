"""Format-neutral pieces of a status document (`recreg.survey.status.StatusReport`): its labels, counts and facts."""

from __future__ import annotations

from ..survey.scale import STATUS_LABELS, scale_line, summary_counts
from ..words import counted
from .common import carried_by, change_label, ref


def indicator_label(indicator) -> str:
    """Describe an indicator on one line: ``Indicator e-filing: Share of ... (percent; target at least 80 percent)``."""
    facts = [indicator.unit] + ([f"target {indicator.target_label}"] if indicator.target is not None else [])
    return f"Indicator {indicator.id}: {indicator.measures} ({'; '.join(facts)})"


def step_label(step) -> str:
    """Say what a change met by an answer did, and where: ``cws11 → cws12: weakened: should → are encouraged to``.

    Args:
        step: a `recreg.survey.status.Step`.
    """
    change = step.change
    before, after = ref(change.before), ref(change.after)
    phrases = {
        "became-footnote": f"sub-items {before} became footnote {after}",
        "moved": f"moved from {before} to {after}" + carried_by(change),
        "split": f"split into {after}",
        "merged": f"merged from {before}",
        "added": f"sub-item {after} added",
        "removed": f"sub-item {before} removed",
    }
    phrase = phrases.get(change.kind) or change_label(change)
    node = change.owner
    if change.kind not in phrases and node.kind in {"item", "footnote"}:  # a part of the node answered about
        phrase = f"{'sub-item' if node.kind == 'item' else 'footnote'} {node.shown}: {phrase}"
    where = f"{step.before} → {step.after}" if step.before != step.after else f"{step.after}, since the survey"
    return f"{where}: {phrase}"


def status_summary(report) -> dict:
    """Count a status report's answers and units: how many answered, to confirm, apart, reported; statuses of all units.

    Returns:
        ``offices``, ``answers`` (each answer given once, though an answer to a node since
        split counts for every part), ``counted`` (answers counted node by node),
        ``to_confirm``, ``apart``, ``units``, ``reported`` and ``statuses`` (every status of
        the scale, summed over the units).
    """
    units = list(report.units())
    statuses, offices = summary_counts(units)
    counted = list(report.answers())
    # An answer carried into the parts of a split node counts for each; an office answers a
    # question once, so the office and what was asked tell one answer given.
    given = {(a.office, str(a.asked)) for a in counted}
    confirm = {(a.office, str(a.asked)) for a in counted if a.to_confirm}
    return {
        "offices": len(report.offices),
        "answers": len(given),
        "counted": len(counted),
        "to_confirm": len(confirm),
        "apart": len(report.apart),
        "units": len(units),
        "reported": sum(u.reported for u in units),
        "statuses": statuses,
    }


def unit_counts(rec) -> tuple[dict[str, int], int, int]:
    """Sum a recommendation's answers over what offices report on (its actions, or itself without any).

    Returns:
        The statuses summed, the answers (the same answers the statuses count), and those
        to be confirmed: one measure, so that a row's columns add up.
    """
    units = [part for part in rec.parts if part.address.kind == "action"] or [rec]
    counts, _ = summary_counts(units)
    return counts, sum(len(unit.answers) for unit in units), sum(unit.to_confirm for unit in units)


def status_headline(report, anonymized: str = "anonymized") -> str:
    """Say in one line what a status report counts: offices, answers (to confirm), actions reported on, answers apart.

    Args:
        report: the status report.
        anonymized: how to say that offices go by pseudonyms, where they do.
    """
    summary = status_summary(report)
    shared = summary["counted"] - summary["answers"]
    counted = f"; {shared} more counted for the parts of split nodes" if shared else ""
    return (
        f"{summary['offices']} offices · {summary['answers']} answers ({summary['to_confirm']} to be confirmed{counted}) · "
        f"{summary['reported']} of {summary['units']} actions reported on · {summary['apart']} listed apart"
        + (f" · {anonymized}" if report.anonymized else "")
    )


def survey_facts(report) -> str:
    """Describe a status report's survey on one line: its title, edition, date and route."""
    survey = report.survey
    if survey is None:
        return "no survey"
    route = " → ".join(report.route)
    carried = f", carried {route}" if len(report.route) > 1 else ""
    return f"{survey.title} ({survey.id}; asked about {survey.edition}, {survey.date}{carried})"


def scale_facts(report) -> str | None:
    """Say how the survey's own answer words were read on the scale at import, or None when none needed reading."""
    if report.survey is None or not report.survey.scale:
        return None
    return "answers read as: " + scale_line(report.survey.scale)


def value_text(value: float | None) -> str:
    """Write an indicator value without a needless ``.0``."""
    return "—" if value is None else f"{value:g}"


# Column headings for the status scale in tables, short enough for a terminal.
STATUS_HEADINGS = {
    "implemented": "implemented",
    "partly-implemented": "partly",
    "planned": "planned",
    "not-planned": "not planned",
    "not-applicable": "n/a",
    "unknown": "unknown",
}


def change_groups(node) -> list[tuple[object, tuple, list]]:
    """Group a node's answers that met changes by what they were asked about and the changes met.

    Returns:
        (asked, steps, answers) for each group whose answers met a change, in answer order:
        the changes are shown once for all the answers they concern.
    """
    groups: dict = {}
    for carried in node.answers:
        if carried.steps:
            # Answers carried from one node met the very same changes (the engine's change objects).
            key = (str(carried.asked), tuple((id(step.change), step.before, step.after) for step in carried.steps))
            groups.setdefault(key, (carried.asked, carried.steps, []))[2].append(carried)
    return list(groups.values())


def indicator_facts(status) -> str:
    """Describe an indicator's values: ``3 values, median 87.5, range 80–95; 1 of 3 meet the target (at least 90 percent)``."""
    values = status.values
    if not values:
        facts = "no values"
    else:
        facts = (
            f"{counted(len(values), 'value')}, median {value_text(status.median)}, "
            f"range {value_text(min(values))}–{value_text(max(values))}"
        )
    indicator = status.indicator
    if indicator.target is not None:
        facts += f"; target {indicator.target_label}" + (
            f": {status.meeting_target} of {len(values)} meet it" if values else ""
        )
    confirm = sum(a.to_confirm for a in status.answers)
    return facts + (f"; {confirm} to be confirmed" if confirm else "")


def status_word(status: str | None) -> str:
    """Return a status as a reader sees it (``partly implemented``), or nothing for no status."""
    return STATUS_LABELS.get(status or "", "")
