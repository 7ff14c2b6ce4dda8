"""OSCAL: read a control catalog (JSON, YAML or XML, as NIST publishes them) as an edition.

Each control and enhancement that is not withdrawn is a recommendation, in document order:

* its **number** is its position (R1, R2, ...: recreg's addresses number recommendations),
  its **label** prop is kept as the number people read (``AC-2(3)``) and shown in every
  output in place of ``R17``; its OSCAL ``id`` (``ac-2.3``) is the recommendation's id, which
  ``--match auto`` pairs first; its title and the titles of its groups are kept;
* its ``statement`` part's prose is the statement, the statement's items are its actions
  (lettered a, b, ... by position, the label as printed, ``a.`` or ``(a)``, kept), their items
  its sub-items (i, ii, ...; ``1.``), and deeper items stay in their sub-item's text with their
  labels, as SP 800-53 prints them: the text ``benchmarks/nist.py`` compares;
* parameters are rendered as SP 800-53 prints them (``[Assignment: organization-defined
  frequency]``, ``[Selection (one or more): a; b]``), links and emphasis as their words.

A withdrawn control is no recommendation: it is kept as a `Withdrawn` record with its
``incorporated-into`` and ``moved-to`` links, which the diff reads as recorded lineage. What
recreg does not model (guidance, parameters, other properties, the metadata and back matter)
stays with each node as its ``origin``, so that `recreg.render.oscal` writes the catalog back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import InvalidInput, Problem
from ..gcpause import paused_gc
from .address import EDITION_RE, Address
from .load import decode_text, format_key_path, locate, parse_yaml, read_text
from .model import Action, Edition, Footnote, Item, Recommendation, Source, Withdrawn
from .oscal_schema import catalog_problems
from .oscal_xml import NAMESPACE, parse_xml

SUFFIXES = (".json", ".yaml", ".yml", ".xml")
FORMAT_SUFFIXES = (*SUFFIXES, ".oscal")  # what a catalog's file name may end in to say its format, dropped from its id
LINEAGE_RELATIONS = ("incorporated-into", "moved-to")
OSCAL_NS = "http://csrc.nist.gov/ns/oscal"
RECREG_NS = "urn:recreg"  # the namespace of the props in which recreg's export keeps an edition's facts
_INSERT = re.compile(r"\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EMPHASIS = re.compile(r"(?<![\\*])\*(?!\s)(.+?)(?<![\\\s])\*")
_CODE = re.compile(r"`([^`]*)`")
_ESCAPED = re.compile(r"\\([\\*`~^_\[\]()#+\-.!\"])")
_TOP_KEY = re.compile(r"^catalog\s*:", re.MULTILINE)


def sniff(path: Path, head: bytes | None = None) -> str | None:
    """Tell whether a file holds an OSCAL catalog, by its content: ``json``, ``yaml``, ``xml`` or None.

    JSON or YAML with a top-level ``catalog`` key, or XML whose root is a ``catalog`` in
    OSCAL's namespace. Only the beginning of the file is read (``head`` when given).
    """
    if head is None:
        try:
            with open(path, "rb") as stream:
                head = stream.read(65536)
        except OSError:
            return None
    text = head.decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith("<"):
        root = re.search(r"<(?![?!])([\w.-]+:)?catalog\b[^>]*>", text)
        return "xml" if root and NAMESPACE in root.group(0) else None
    if text.startswith("{"):
        return (
            "json"
            if re.match(r'\{\s*"catalog"\s*:', text) or re.search(r'^\s{0,4}"catalog"\s*:', text, re.MULTILINE)
            else None
        )
    return "yaml" if _TOP_KEY.search(text) else None


def edition_id_for(path: Path) -> str:
    """Name an edition after its file, without the suffixes that say its format, in lower case with hyphens:
    ``NIST_SP-800-53_rev5_catalog.json`` is ``nist-sp-800-53-rev5-catalog``, ``catalog.oscal.json`` and
    ``catalog.oscal`` are ``catalog``."""
    name = Path(path).name
    while Path(name).suffix.lower() in FORMAT_SUFFIXES and Path(name).stem:
        name = Path(name).stem
    found = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return found if re.match(r"[a-z]", found) else f"oscal-{found}".rstrip("-")


def read_catalog(path: Path, raw: bytes | None = None, label: str | None = None) -> Edition:
    """Read, validate and build an OSCAL catalog as an edition.

    Args:
        path: the file (its name gives the edition id).
        raw: its bytes, when not read from the file itself (a git revision).
        label: what to name in problems instead of the path (``rev5.json@HEAD~1``).

    Raises:
        InvalidInput: unreadable, not a catalog, or not valid against NIST's schema; each
            problem one line naming its JSON path (and line).
    """
    file = label or str(path)
    if raw is None:
        text = read_text(path)
        raw = text.encode("utf-8")
    else:
        text = decode_text(raw, file)
    kind = sniff(path, raw[:65536]) or {".xml": "xml", ".json": "json"}.get(Path(path).suffix.lower(), "yaml")
    with paused_gc():
        data, where = _parse(kind, text, raw, file)
        problems = (
            catalog_problems(data, file, where)
            if isinstance(data, dict) and "catalog" in data
            else [
                Problem(
                    "not an OSCAL catalog: no top-level catalog",
                    file=file,
                    line=1,
                    column=1,
                    expected="a document whose top-level key is catalog",
                )
            ]
        )
        if problems:
            raise InvalidInput(problems)
        return build_edition(data["catalog"], edition_id_for(path), file, where)


def _parse(kind: str, text: str, raw: bytes, file: str):
    """Parse a catalog's text into its JSON model; return it and a locator of JSON paths."""
    if kind == "xml":
        data, lines = parse_xml(raw, file)

        def where_xml(path: list) -> tuple[int | None, int | None]:
            # The deepest element of the path that the XML had: an object, or a member of one.
            node, line = data, None
            for key in path:
                line = lines.get(id(node), line)
                line = lines.get((id(node), key), line)
                try:
                    node = node[key]
                except (KeyError, IndexError, TypeError):
                    break
            return lines.get(id(node), line), None

        return data, where_xml
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                Problem(f"JSON syntax error: {exc.msg}", file=file, line=exc.lineno, column=exc.colno)
            ) from None
        except RecursionError:
            raise InvalidInput(Problem("JSON nesting is too deep", file=file)) from None
    else:
        data = parse_yaml(text, file, strings=True)
    return data, lambda path: locate(text, path)


def build_edition(catalog: dict, edition_id: str, file: str, where=None) -> Edition:
    """Build the edition of a schema-valid catalog (see the module's description).

    Raises:
        InvalidInput: what the schema cannot say: a control id met twice, a control with more
            statement items than recreg's addresses can letter (26).
    """
    params = {param["id"]: param for param in _all(catalog, "params")}
    name = Path(file.split("@")[0]).name
    recommendations, withdrawn = _controls(catalog, edition_id, file, where, params, name)
    metadata = catalog["metadata"]
    title, committee = plain(metadata["title"], params), _creator(metadata)
    facts = _recreg_facts(metadata, title, committee)
    return Edition(
        id=edition_id,
        title=title,
        committee=committee,
        status=facts.get("status", "published"),
        session=facts.get("session"),
        derives_from=facts.get("derives_from"),
        recommendations=tuple(recommendations),
        source=Source(name, "catalog"),
        path=file,
        metadata={
            "id": edition_id,
            **(
                facts
                or {
                    key: metadata[key]
                    for key in ("title", "version", "oscal-version", "published", "last-modified")
                    if key in metadata
                }
            ),
        },
        withdrawn=tuple(withdrawn),
        format="oscal",
        origin=catalog,
    )


def _controls(
    catalog: dict, edition_id: str, file: str, where, params: dict, name: str
) -> tuple[list[Recommendation], list[Withdrawn]]:
    """Walk the catalog's groups and controls in order: a recommendation per control, and the controls withdrawn."""
    recommendations: list[Recommendation] = []
    withdrawn: list[Withdrawn] = []
    seen: dict[str, list] = {}

    def visit(control: dict, section: tuple[str, ...], key_path: list) -> None:
        control_id = control["id"]
        if control_id in seen:
            _refuse_twice(control_id, seen[control_id], key_path, file, where)
        seen[control_id] = [*key_path, "id"]
        label, title = _prop(control, "label"), plain(control["title"], params)
        if (_prop(control, "status") or "").lower() == "withdrawn":
            links = tuple(
                (link["rel"], link["href"].removeprefix("#"))
                for link in control.get("links", ())
                if link.get("rel") in LINEAGE_RELATIONS
            )
            withdrawn.append(Withdrawn(control_id, label, title, links, section, control))
        else:
            number = len(recommendations) + 1
            recommendations.append(
                _recommendation(
                    control,
                    edition_id,
                    number,
                    label,
                    title,
                    section,
                    params,
                    file,
                    key_path,
                    Source(name, f"control {control_id}"),
                )
            )
        for index, child in enumerate(control.get("controls", ())):
            visit(child, section, [*key_path, "controls", index])

    def walk(holder: dict, section: tuple[str, ...], key_path: list) -> None:
        for index, control in enumerate(holder.get("controls", ())):
            visit(control, section, [*key_path, "controls", index])
        for index, group in enumerate(holder.get("groups", ())):
            walk(group, (*section, plain(group["title"], params)), [*key_path, "groups", index])

    walk(catalog, (), ["catalog"])
    return recommendations, withdrawn


def _refuse_twice(control_id: str, first: list, key_path: list, file: str, where) -> None:
    """Refuse a control id met a second time, located at the second and naming the first."""
    line, column = where(key_path) if where else (None, None)
    raise InvalidInput(
        Problem(
            f"control id {control_id!r} is used twice (also at {_dotted(first)})",
            file=file,
            line=line,
            column=column,
            key_path=_dotted([*key_path, "id"]),
            expected="a unique id",
        )
    )


def _recommendation(
    control: dict,
    edition_id: str,
    number: int,
    label: str | None,
    title: str,
    section: tuple,
    params: dict,
    file: str,
    key_path: list,
    source: Source,
) -> Recommendation:
    """Build one control's recommendation from its statement part."""
    address = Address(edition_id, number, printed=(label or control["id"],))
    statement = next((part for part in control.get("parts", ()) if part["name"] == "statement"), None)
    lines = [plain(statement["prose"], params)] if statement is not None and statement.get("prose") else []
    actions = []
    items = [part for part in (statement or {}).get("parts", ()) if part["name"] == "item"]
    if len(items) > 26:
        raise InvalidInput(
            Problem(
                f"control {control['id']!r} has {len(items)} statement items: recreg letters at most 26",
                file=file,
                key_path=_dotted(key_path),
            )
        )
    for position, part in enumerate(items):
        actions.append(_action(address, position, part, params))
    # Footnotes, as recreg writes a committee's edition (`recreg.render.oscal`): parts labelled by number.
    footnotes = tuple(
        Footnote(Address(edition_id, number, footnote=int(mark)), int(mark), plain(part.get("prose", ""), params))
        for part in control.get("parts", ())
        if part["name"] == "footnote" and (mark := _prop(part, "label") or "").isdigit() and int(mark) > 0
    )
    return Recommendation(
        address=address,
        id=control["id"],
        number=number,
        statement=" ".join(lines),
        actions=tuple(actions),
        footnotes=footnotes,
        source=source,
        label=label,
        title=title,
        section=section,
        origin=control,
    )


def _action(address: Address, position: int, part: dict, params: dict) -> Action:
    """Build the action of a statement item, lettered by its position, with its sub-items."""
    printed = _prop(part, "label")
    letter = chr(ord("a") + position)
    action_address = address.child(letter, printed or letter)
    subitems = []
    for index, sub in enumerate(p for p in part.get("parts", ()) if p["name"] == "item"):
        sub_printed = _prop(sub, "label")
        numeral = roman(index + 1)
        text = " ".join(filter(None, [plain(sub.get("prose", ""), params), *_deeper(sub, params)]))
        subitems.append(
            Item(action_address.child(numeral, sub_printed or numeral), numeral, text, None, sub_printed, sub)
        )
    return Action(
        action_address,
        letter,
        plain(part.get("prose", ""), params),
        tuple(subitems),
        None,
        (),
        (),
        None,
        printed,
        part,
    )


def _deeper(part: dict, params: dict) -> list[str]:
    """Flatten the items below a sub-item into lines with their printed labels (``(a) Addresses ...``)."""
    found = []
    for sub in part.get("parts", ()):
        if sub["name"] != "item":
            continue
        found.append(" ".join(filter(None, [_prop(sub, "label"), plain(sub.get("prose", ""), params)])))
        found += _deeper(sub, params)
    return found


def plain(text: str, params: dict, depth: int = 0, strip: bool = True) -> str:
    """Render OSCAL Markdown as the words SP 800-53 prints: parameters filled in, links and emphasis as their text."""
    text = _INSERT.sub(lambda found: parameter(found.group(1), params, depth + 1), text)
    text = _LINK.sub(r"\1", text)
    text = _STRONG.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _ESCAPED.sub(r"\1", text)
    if strip:
        # One line per part, single spaces, no space before a semicolon: how SP 800-53 prints
        # a selection whose choices end in a parameter (" {{ insert }} ; ...").
        text = re.sub(r"\s+", " ", text).replace(" ;", ";").strip()
    return text


def parameter(param_id: str, params: dict, depth: int = 1) -> str:
    """Render a parameter as SP 800-53 prints it: ``[Assignment: ...]``, ``[Selection (one or more): a; b]``."""
    param = params.get(param_id)
    if param is None or depth > 8:  # an unknown parameter, or one that inserts itself
        return f"[Assignment: {param_id}]"
    selection = param.get("select")
    if selection is not None:
        head = "Selection (one or more)" if selection.get("how-many") == "one-or-more" else "Selection"
        choices = "; ".join(plain(choice, params, depth, strip=False) for choice in selection.get("choice", ()))
        return f"[{head}: {choices}]"
    if param.get("label"):
        return f"[Assignment: {plain(param['label'], params, depth, strip=False)}]"
    if param.get("values"):
        return ", ".join(param["values"])
    return f"[Assignment: {param_id}]"


def roman(number: int) -> str:
    """Write a number as a lower-case roman numeral (1 -> ``i``), as recreg labels sub-items."""
    found = ""
    for value, letters in (
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while number >= value:
            found += letters
            number -= value
    return found


def _prop(node: dict, name: str) -> str | None:
    """Return the value of one of OSCAL's own properties of a node (``label``, ``status``)."""
    return next(
        (
            prop["value"]
            for prop in node.get("props", ())
            if prop["name"] == name and prop.get("ns", OSCAL_NS) == OSCAL_NS
        ),
        None,
    )


def _all(node: dict, key: str):
    """Yield every object under `key` anywhere below a node (every parameter of the catalog)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield from current.get(key, ())
        for child_key in ("groups", "controls"):
            stack.extend(reversed(current.get(child_key, ())))


def _recreg_facts(metadata: dict, title: str, committee: str) -> dict:
    """Read back the edition facts recreg's export keeps in its own props (namespace ``urn:recreg``), keyed as an
    edition file keys them; none (``{}``) for a catalog recreg did not write.

    The version is the session where no ``recreg-session`` prop says it (as recreg wrote it before there was
    one: the session, else the edition's id). What the catalog says of itself (its version, OSCAL version and
    time of writing) is then not the edition's: left out, so that an edition diffs against its export unchanged.
    """
    props = {p["name"]: p["value"] for p in metadata.get("props", ()) if p.get("ns") == RECREG_NS}
    if "recreg-edition" not in props:
        return {}
    session = props.get("recreg-session")
    if session is None and metadata.get("version") not in (None, props["recreg-edition"]):
        session = metadata["version"]
    facts = {"title": title, "committee": committee, "session": session, "status": props.get("recreg-status")}
    derives_from = props.get("recreg-derives-from")
    # An edition id, or nothing: a chain walk reads it from the registry, so never a path.
    facts["derives_from"] = derives_from if re.fullmatch(EDITION_RE, derives_from or "") else None
    return {key: value for key, value in facts.items() if value is not None}


def _creator(metadata: dict) -> str:
    """Name who made the catalog: the party in the creator role, else what the metadata says of none."""
    parties = {party["uuid"]: party.get("name", "") for party in metadata.get("parties", ())}
    for responsible in metadata.get("responsible-parties", ()):
        if responsible.get("role-id") == "creator":
            names = [parties.get(uuid, "") for uuid in responsible.get("party-uuids", ())]
            if any(names):
                return ", ".join(filter(None, names))
    return "OSCAL catalog"


def _dotted(key_path: list) -> str:
    return format_key_path(key_path)
