"""Structure: what changed between two pieces of plain data (an edition's metadata), path by path.

The data is what YAML gives: mappings with string keys, lists, strings, numbers, booleans
and null. A change is reported at the deepest path where the two sides part
(``root['dates'][1]``): a key added or removed, a value changed (or changed type), a list
item added or removed. Lists are compared without regard to order or repetition, as sets
of items; an item that is gone and one that came are taken for the same item changed
where they are alike enough, and then compared in turn.

These are the rules of deepdiff's ``DeepDiff(old, new, ignore_order=True, verbose_level=2)``,
which recreg used before and whose output every report keeps: the same pairing of list items
(by deepdiff's rough distance: the number of changes over the number of values, under
`CUTOFF_DISTANCE`, tried only where the lists share enough, `CUTOFF_INTERSECTION`), the same
"changed as a whole" for mappings that share under `DIFF_DEEPER` of their keys, an item gone
and one come at the same index reported as one changed item, and deepdiff's path syntax.
deepdiff imports numpy and some 180 modules (0.2 s, more than the whole diff of the
adopted ten), for metadata that holds a handful of values; tests/test_structure.py holds
this module to deepdiff's output on generated data.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, NamedTuple

CUTOFF_DISTANCE = 0.3  # deepdiff's cutoff_distance_for_pairs: items this far apart are never the same item
CUTOFF_INTERSECTION = 0.7  # deepdiff's cutoff_intersection_for_pairs: lists that differ more are not paired at all
DIFF_DEEPER = 0.33  # deepdiff's threshold_to_diff_deeper: mappings sharing fewer keys changed as a whole
_UNCOUNTED = frozenset({"deep_distance", "new_path", "old_type", "old_value"})  # keys deepdiff's distance skips


class _Report(NamedTuple):
    """One change as deepdiff's tree holds it: its kind, path, and the old and new value (None where absent)."""

    kind: str  # type, value, key-added, key-removed, item-added, item-removed
    path: str
    before: Any
    after: Any
    within: str = ""  # for list items: the list's own path


class _Entry:
    """The items of a list that have one canonical form: where they stand, and the first of them."""

    __slots__ = ("indexes", "item")

    def __init__(self, index: int, item: Any):
        self.indexes, self.item = [index], item


def structural_changes(old: Any, new: Any) -> dict[str, list[dict]]:
    """Return what changed from `old` to `new`, each change with its path.

    Returns:
        ``added`` and ``removed`` (``{"path", "value"}``) and ``changed`` (``{"path",
        "before", "after"}``), each sorted by path; a kind with no change is left out.
    """
    result: dict[str, list[dict]] = {"added": [], "removed": [], "changed": []}
    for report in _settled(_compare(old, new, "root", [])):
        if report.kind in ("key-added", "item-added"):
            result["added"].append({"path": report.path, "value": report.after})
        elif report.kind in ("key-removed", "item-removed"):
            result["removed"].append({"path": report.path, "value": report.before})
        else:
            result["changed"].append({"path": report.path, "before": report.before, "after": report.after})
    return {label: sorted(entries, key=lambda e: e["path"]) for label, entries in result.items() if entries}


def _compare(old: Any, new: Any, path: str, found: list[_Report]) -> list[_Report]:
    """Add to `found` the changes from `old` to `new` at and below `path`; return `found`."""
    if old is new:
        return found
    if type(old) is not type(new):
        found.append(_Report("type", path, old, new))
    elif isinstance(old, dict):
        _compare_mappings(old, new, path, found)
    elif isinstance(old, list):
        _compare_lists(old, new, path, found)
    elif old != new:
        found.append(_Report("value", path, old, new))
    return found


def _compare_mappings(old: dict, new: dict, path: str, found: list[_Report]) -> None:
    common = [key for key in new if key in old]
    union = len(old.keys() | new.keys())
    if union > 1 and len(common) / union < DIFF_DEEPER:
        found.append(_Report("value", path, old, new))
        return
    found.extend(_Report("key-added", _child(path, key), None, new[key]) for key in new if key not in old)
    found.extend(_Report("key-removed", _child(path, key), old[key], None) for key in old if key not in new)
    for key in common:
        _compare(old[key], new[key], _child(path, key), found)


def _compare_lists(old: list, new: list, path: str, found: list[_Report]) -> None:
    """Compare two lists as sets of items, pairing the items gone with the items come where they are alike."""
    before, after = _entries(old), _entries(new)
    added = [form for form in after if form not in before]
    removed = [form for form in before if form not in after]
    pairs: dict = {}
    if (len(added) + len(removed)) / (len(before) + len(after) + 1) <= CUTOFF_INTERSECTION:
        pairs = _pairs(added, removed, before, after)
    for form in added:
        other = pairs.pop(form, None)
        if other is None:
            found.append(_Report("item-added", f"{path}[{after[form].indexes[0]}]", None, after[form].item, path))
            continue
        pairs.pop(other, None)
        if other in removed:
            removed.remove(other)
        _compare(before[other].item, after[form].item, f"{path}[{before[other].indexes[0]}]", found)
    for form in removed:
        other = pairs.pop(form, None)
        if other is None:
            found.append(_Report("item-removed", f"{path}[{before[form].indexes[0]}]", before[form].item, None, path))
        else:  # deepdiff keeps this branch for a pairing its first loop left over
            pairs.pop(other, None)
            _compare(before[form].item, after[other].item, f"{path}[{before[form].indexes[0]}]", found)


def _pairs(added: list, removed: list, before: dict, after: dict) -> dict:
    """Pair items come with items gone, closest first, as deepdiff does (both directions in one dict)."""
    nearest: dict[Hashable, dict[float, list]] = {}
    for form in added:
        for other in removed:
            distance = _distance(before[other].item, after[form].item)
            if distance < CUTOFF_DISTANCE:
                nearest.setdefault(form, {}).setdefault(distance, []).append(other)
    at_distance: dict[float, list] = {}
    for form, distances in nearest.items():
        for distance in distances:
            at_distance.setdefault(distance, []).append(form)
    used: set = set()
    pairs: dict = {}
    for distance in sorted(at_distance):
        forms = at_distance[distance]
        while forms:
            form = forms.pop()
            if form in used:
                continue
            others = nearest[form][distance]
            while others:
                other = others.pop()
                if other not in used:  # deepdiff goes on looking after a pair is made: the last one stands
                    used.update((form, other))
                    pairs[form] = other
    pairs.update({other: form for form, other in list(pairs.items())})
    return pairs


def _distance(old: Any, new: Any) -> float:
    """Return deepdiff's rough distance of two items: 0 the same, 1 nothing alike."""
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return _number_distance(old, new)
    length = _delta_length(_settled(_compare(old, new, "root", [])))
    return length / (_count(old) + _count(new)) if length else 0


def _number_distance(old: float, new: float) -> float:
    if old == new:
        return 0
    old, new = float(old), float(new)
    divisor = (old + new) / CUTOFF_DISTANCE
    return CUTOFF_DISTANCE if divisor == 0 else min(CUTOFF_DISTANCE, abs((old - new) / divisor))


def _settled(found: list[_Report]) -> list[_Report]:
    """Report an item gone and one come at the same path as one item changed."""
    gone = {report.path: report for report in found if report.kind == "item-removed"}
    came = {report.path: report for report in found if report.kind == "item-added"}
    both = gone.keys() & came.keys()
    if not both:
        return found
    kept = [report for report in found if not (report.kind in ("item-removed", "item-added") and report.path in both)]
    return kept + [_Report("value", path, gone[path].before, came[path].after) for path in both]


def _delta_length(found: list[_Report]) -> int:
    """Count the changes as deepdiff's distance counts its delta: the values each change brings."""
    length = 0
    seen: dict[str, set[int]] = {}
    for report in found:
        if report.kind == "type":
            length += 1 + (_length(report.after) if _needs_values(report.before, report.after) else 0)
        elif report.kind in ("value", "key-added"):
            length += _length(report.after)
        elif report.kind == "key-removed":
            length += _length(report.before)
        else:  # list items, each value once per list
            item = report.after if report.kind == "item-added" else report.before
            ids = seen.setdefault(f"{report.kind} {report.within}", set())
            if id(item) not in ids:
                ids.add(id(item))
                length += _length(item)
    return length


def _needs_values(old: Any, new: Any) -> bool:
    """Tell whether a change of type carries its values (it does unless converting the old value gives the new)."""
    try:
        return type(new)(old) != new
    except Exception:  # noqa: BLE001 - a conversion that fails is one the values must say
        return True


def _length(value: Any) -> int:
    """Count the values of a piece of data as deepdiff's distance does (null counts for nothing)."""
    if isinstance(value, dict):
        return sum(
            _length(item)
            for key, item in value.items()
            if not (isinstance(key, str) and (key.startswith("_") or key in _UNCOUNTED))
        )
    if isinstance(value, list):
        return sum(_length(item) for item in value)
    return 0 if value is None else 1


def _count(value: Any) -> int:
    """Count a piece of data as deepdiff's hashes do: each value, mapping and list, and each key."""
    if isinstance(value, dict):
        return 1 + sum(1 + _count(item) for item in value.values())
    if isinstance(value, list):
        return 1 + sum(_count(item) for item in value)
    return 1


def _entries(items: list) -> dict[Hashable, _Entry]:
    """Return the items of a list by canonical form, in order of first appearance."""
    found: dict[Hashable, _Entry] = {}
    for index, item in enumerate(items):
        form = _form(item)
        if form in found:
            found[form].indexes.append(index)
        else:
            found[form] = _Entry(index, item)
    return found


def _form(value: Any) -> Hashable:
    """Return a value's canonical form: equal for data deepdiff hashes alike (order and repetition in lists aside)."""
    if isinstance(value, dict):
        return "dict", frozenset((_form(key), _form(item)) for key, item in value.items())
    if isinstance(value, list):
        return "list", frozenset(_form(item) for item in value)
    if isinstance(value, float):
        return "float", repr(value)
    return type(value).__name__, value


def _child(path: str, key: Any) -> str:
    """Return the path of a mapping's key as deepdiff writes it: quoted with whichever quote the key lacks."""
    if not isinstance(key, str):
        return f"{path}[{key!r}]"
    return f'{path}["{key}"]' if "'" in key else f"{path}['{key}']"
