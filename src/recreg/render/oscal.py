"""OSCAL: an edition as a control catalog (JSON) that OSCAL tooling reads.

Each recommendation is a control: its id stays, its number (or a catalog's label) is the
``label`` prop, its statement the ``statement`` part and its actions and sub-items ``item``
parts with their labels (``(a)``, ``i.``), its links OSCAL links. Recommendations the edition
removed or merged since the one it derives from are withdrawn controls (``status``
``withdrawn``) with ``incorporated-into`` (merged) or ``moved-to`` (paired under a new id)
links, as NIST records its own withdrawals; ``recreg.api.export`` passes that diff in.

An edition read from a catalog is written back as it came (`recreg.edition.oscal` keeps
what recreg does not model with each node): every group, control, part, label, parameter and
link, each text as the catalog wrote it (parameters inserted) wherever the edition's text is
still the one it rendered. The catalog is checked against NIST's schema before it is given out.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from datetime import UTC, datetime

from ..edition.oscal import LINEAGE_RELATIONS, OSCAL_NS, RECREG_NS, plain
from ..edition.oscal_schema import catalog_problems
from ..errors import Problem, RecregError
from . import RenderOptions
from .common import action_mark, item_mark, rec_heading

OSCAL_VERSION = "1.2.3"  # the schema the catalog is checked against (schemas/oscal/)
_NAMESPACE = uuid.UUID("8d4b0a5e-6f1c-4a7e-9c1d-3b2e5f6a7c80")  # recreg's, for catalog uuids (version 5)


def render_export(edition, options: RenderOptions = RenderOptions()) -> str:
    """Render an edition as an OSCAL catalog in JSON, valid against NIST's schema.

    Raises:
        RecregError: the catalog does not validate (a fault of recreg, never written).
    """
    origin = edition.origin if edition.format == "oscal" and edition.origin else None
    catalog = _from_origin(edition, origin) if origin else _from_edition(edition, options)
    document = {"catalog": catalog}
    problems = catalog_problems(document, "oscal export", lambda path: (None, None))
    if problems:
        raise RecregError(
            [
                Problem(
                    f"recreg wrote an invalid OSCAL catalog: {p.message}",
                    file=p.file,
                    key_path=p.key_path,
                    expected=p.expected,
                )
                for p in problems
            ]
        )
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- an edition read from a catalog ------------------------------------------------------------


def _from_origin(edition, origin: dict) -> dict:
    """Write a catalog read by recreg back: its skeleton from the origin, each control from the edition."""
    recs = {rec.id: rec for rec in edition.recommendations}
    withdrawn = {record.id: record for record in edition.withdrawn}
    params = {param["id"]: param for param in _params(origin)}
    placed: set[str] = set()

    def holder(node: dict) -> dict:
        found = {}
        for key, value in node.items():
            if key == "controls":
                found[key] = [written for control in value if (written := one(control)) is not None]
                if not found[key]:
                    del found[key]
            elif key == "groups":
                found[key] = [holder(group) for group in value]
            else:
                found[key] = value
        return found

    def one(control: dict) -> dict | None:
        control_id = control["id"]
        placed.add(control_id)
        rec, record = recs.get(control_id), withdrawn.get(control_id)
        if rec is not None:
            written = _control(rec, control, params)
        elif record is not None:
            written = _withdrawn(record, control)
        else:
            return None  # taken out of the edition
        if control.get("controls"):
            children = [child for sub in control["controls"] if (child := one(sub)) is not None]
            if children:
                written["controls"] = children
            else:
                written.pop("controls", None)
        return written

    catalog = holder(origin)
    extra = [_control(rec, None, params) for rec in edition.recommendations if rec.id not in placed]
    extra += [_withdrawn(record, None) for record in edition.withdrawn if record.id not in placed]
    if extra:
        catalog["controls"] = [*catalog.get("controls", ()), *extra]
    return catalog


def _params(node: dict):
    stack = [node]
    while stack:
        current = stack.pop()
        yield from current.get("params", ())
        for key in ("groups", "controls"):
            stack.extend(current.get(key, ()))


def _control(rec, origin: dict | None, params: dict) -> dict:
    """Write one recommendation as a control, keeping what its origin holds that recreg does not model."""
    control = {key: value for key, value in (origin or {}).items() if key != "controls"}
    control["id"] = rec.id
    control["title"] = _title(rec, origin, params)
    control["props"] = _labelled(control.get("props", ()), rec.label or rec.address.local)
    statement = _statement(rec, next((p for p in control.get("parts", ()) if p["name"] == "statement"), None), params)
    parts = [
        statement if part["name"] == "statement" else part
        for part in control.get("parts", ())
        if part["name"] != "statement" or statement is not None
    ]
    if statement is not None and not any(part["name"] == "statement" for part in control.get("parts", ())):
        parts.insert(0, statement)
    if parts:
        control["parts"] = parts
    return _ordered(control, CONTROL_ORDER)


def _title(rec, origin: dict | None, params: dict) -> str:
    if origin is not None and plain(origin["title"], params) == rec.title:
        return origin["title"]
    return _markdown(rec.title or rec_heading(rec))


def _statement(rec, origin: dict | None, params: dict) -> dict | None:
    """Write the statement part: its prose and an item part per action, sub-item parts below."""
    if origin is None and not rec.statement and not rec.actions:
        return None
    part = dict(origin) if origin else {"id": f"{rec.id}_smt", "name": "statement"}
    part.pop("parts", None)
    part.pop("prose", None)
    if origin and origin.get("prose") and plain(origin["prose"], params) == rec.statement:
        part["prose"] = origin["prose"]
    elif rec.statement:
        part["prose"] = _markdown(rec.statement)
    items = [_action(action, part["id"], params) for action in rec.actions]
    others = [p for p in (origin or {}).get("parts", ()) if p["name"] != "item"]
    if items or others:
        part["parts"] = items + others
    return _ordered(part, PART_ORDER)


def _action(action, parent_id: str, params: dict) -> dict:
    origin = action.origin
    part = _node_part(action, origin, f"{parent_id}.{action.label}", action_mark(action), action.text, params)
    items = [_item(item, part["id"], params) for item in action.items]
    others = [p for p in (origin or {}).get("parts", ()) if p["name"] != "item"]
    if items or others:
        part["parts"] = items + others
    return _ordered(part, PART_ORDER)


def _item(item, parent_id: str, params: dict) -> dict:
    origin = item.origin
    if origin is not None and _flattened(origin, params) == item.text:
        return origin  # deeper items included: the text is still the one the catalog's parts make
    return _ordered(
        _node_part(
            item,
            None if origin is None else {k: v for k, v in origin.items() if k != "parts"},
            f"{parent_id}.{item.label}",
            item_mark(item),
            item.text,
            params,
        ),
        PART_ORDER,
    )


def _node_part(node, origin: dict | None, part_id: str, label: str, text: str, params: dict) -> dict:
    part = {key: value for key, value in (origin or {"id": part_id, "name": "item"}).items() if key != "parts"}
    part["props"] = _labelled(part.get("props", ()), node.printed or label)
    if origin and plain(origin.get("prose", ""), params) == text:
        if "prose" in origin:
            part["prose"] = origin["prose"]
    else:
        part["prose"] = _markdown(text)
    return part


def _flattened(part: dict, params: dict) -> str:
    """Return a sub-item's text as `recreg.edition.oscal` reads it: its prose, then its deeper items with their labels."""
    words = [plain(part.get("prose", ""), params)]
    stack = list(reversed(part.get("parts", ())))
    while stack:
        sub = stack.pop()
        if sub["name"] == "item":
            label = next((p["value"] for p in sub.get("props", ()) if p["name"] == "label"), None)
            words.append(" ".join(filter(None, [label, plain(sub.get("prose", ""), params)])))
            stack.extend(reversed(sub.get("parts", ())))
    return " ".join(filter(None, words))


def _withdrawn(record, origin: dict | None) -> dict:
    """Write a withdrawn record as a withdrawn control, its incorporated-into and moved-to links from the record."""
    if origin is not None:
        control = {key: value for key, value in origin.items() if key != "controls"}
        if record.label:
            control["props"] = _labelled(control.get("props", ()), record.label)
    else:
        control = {
            "id": record.id,
            "title": _markdown(record.title or record.label or record.id),
            "props": [
                *([{"name": "label", "value": record.label}] if record.label else []),
                {"name": "status", "value": "withdrawn"},
            ],
        }
    links = control.get("links", ())
    if [
        (link["rel"], link["href"].removeprefix("#")) for link in links if link.get("rel") in LINEAGE_RELATIONS
    ] != list(record.links):
        control["links"] = [link for link in links if link.get("rel") not in LINEAGE_RELATIONS]
        control["links"] += [{"href": f"#{target}", "rel": relation} for relation, target in record.links]
        if not control["links"]:
            del control["links"]
    return _ordered(control, CONTROL_ORDER)


def _labelled(props, label: str | None) -> list[dict]:
    """Return properties with OSCAL's ``label`` set to `label` (in its place, else first)."""
    found, done = [], False
    for prop in props:
        if prop["name"] == "label" and prop.get("ns", OSCAL_NS) == OSCAL_NS and not done:
            found.append(prop if prop["value"] == label else {**prop, "value": label})
            done = True
        else:
            found.append(prop)
    return found if done or not label else [{"name": "label", "value": label}, *found]


# The order in which OSCAL's metaschema lists a control's and a part's fields (NIST's JSON follows it).
CONTROL_ORDER = ("id", "class", "title", "params", "props", "links", "parts", "controls")
PART_ORDER = ("id", "name", "ns", "class", "title", "props", "prose", "parts", "links")


def _ordered(node: dict, order: tuple[str, ...]) -> dict:
    """Put a control's or part's keys in OSCAL's order (others after them, as they came)."""
    rank = {key: n for n, key in enumerate(order)}
    return dict(sorted(node.items(), key=lambda item: rank.get(item[0], len(order))))


def _markdown(text: str) -> str:
    """Write a recreg text as OSCAL Markdown: the characters it would read as markup escaped."""
    for char in ("\\", "*", "`", "~", "^"):
        text = text.replace(char, "\\" + char)
    return text


# --- an edition of recreg's own -----------------------------------------------------------------


def _from_edition(edition, options: RenderOptions) -> dict:
    """Write a committee's edition as a catalog, its withdrawals from the diff with the edition it derives from."""
    controls = [_committee_control(rec, options) for rec in edition.recommendations]
    controls += _withdrawals(edition, options.predecessor)
    party = str(uuid.uuid5(_NAMESPACE, f"party:{edition.committee}"))
    metadata = {
        "title": _markdown(edition.title),
        "last-modified": _timestamp(),
        "version": edition.session or edition.id,
        "oscal-version": OSCAL_VERSION,
        "props": _recreg_props(edition),
        "roles": [{"id": "creator", "title": "Document Creator"}],
        "parties": [{"uuid": party, "type": "organization", "name": edition.committee}],
        "responsible-parties": [{"role-id": "creator", "party-uuids": [party]}],
    }
    body = json.dumps([edition.id, controls], sort_keys=True, ensure_ascii=False).encode("utf-8")
    return {
        "uuid": str(uuid.uuid5(_NAMESPACE, hashlib.sha256(body).hexdigest())),
        "metadata": metadata,
        "controls": controls,
    }


def _recreg_props(edition) -> list[dict]:
    """The edition's facts that OSCAL's metadata has no field for, as props that `recreg.edition.oscal` reads back."""
    facts = [
        ("recreg-edition", edition.id),
        ("recreg-status", edition.status),
        ("recreg-session", edition.session),
        ("recreg-derives-from", edition.derives_from),
    ]
    return [{"name": name, "ns": RECREG_NS, "value": value} for name, value in facts if value]


def _committee_control(rec, options: RenderOptions) -> dict:
    control = {
        "id": rec.id,
        "title": _markdown(rec.title or rec_heading(rec)),
        "props": [
            {"name": "label", "value": rec.label or rec.address.local},
            {"name": "sort-id", "value": f"{rec.number:04d}"},
        ],
    }
    links = [_link(link, options) for link in rec.links]
    if links:
        control["links"] = links
    parts: list[dict] = []
    statement = _statement(rec, None, {})
    if statement is not None:
        items = []
        for action, part in zip(rec.actions, statement.get("parts", ())):
            links = [_link(link, options) for link in action.links]
            items.append(
                _ordered(
                    {**part, **({"id": action.id} if action.id else {}), **({"links": links} if links else {})},
                    PART_ORDER,
                )
            )
        parts.append({**statement, "parts": items} if items else statement)
    if rec.missing is not None:
        note = f" ({rec.missing.note})" if rec.missing.note else ""
        parts.append(
            {
                "id": f"{rec.id}_missing",
                "name": "missing",
                "prose": _markdown(f"The text is not given by the sources; it is in {rec.missing.where}{note}."),
            }
        )
    parts += [
        {
            "id": f"{rec.id}_fn{fn.number}",
            "name": "footnote",
            "props": [{"name": "label", "value": str(fn.number)}],
            "prose": _markdown(fn.text),
        }
        for fn in rec.footnotes
    ]
    if parts:
        control["parts"] = parts
    return control


def _link(link, options: RenderOptions) -> dict:
    """Write a recreg link: to the linked node's control or part in the catalog of its edition."""
    fragment = (options.link_ids or {}).get(link.target)
    href = f"{link.target.edition}.json" + (f"#{fragment}" if fragment else "")
    return {"href": href, "rel": link.type, "text": _markdown(str(link.target))}


def _withdrawals(edition, predecessor) -> list[dict]:
    """Return withdrawn controls for the recommendations of the base edition that this one removed, merged or renamed."""
    if predecessor is None:
        return []
    current = {rec.id for rec in edition.recommendations}
    found: dict[str, tuple] = {}
    for change in predecessor.changes:
        if (
            change.kind == "merged"
            and change.after is not None
            and not isinstance(change.after, tuple)
            and change.after.action is None
            and isinstance(change.before, tuple)
        ):
            into = predecessor.after.node(change.after)
            for old in change.before[1:]:
                found[old] = ("incorporated-into", into.id)
    for pair in predecessor.pairs:
        old, new = pair.before, pair.after
        if old is None or old.id in current:
            continue
        if new is not None:
            found[old.address] = ("moved-to", new.id)
        elif old.address not in found:
            found[old.address] = (None, None)
    controls = []
    for address, (relation, target) in found.items():
        old = predecessor.before.node(address)
        if old is None or old.id in current:
            continue
        control = {
            "id": old.id,
            "title": _markdown(old.title or rec_heading(old)),
            "props": [{"name": "label", "value": old.label or address.local}, {"name": "status", "value": "withdrawn"}],
        }
        if relation:
            control["links"] = [{"href": f"#{target}", "rel": relation}]
        controls.append(control)
    return controls


def _timestamp() -> str:
    """Return when the catalog is written (``$SOURCE_DATE_EPOCH`` for a reproducible one), as OSCAL writes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
