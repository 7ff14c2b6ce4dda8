"""Hypothesis strategies: valid editions, and pairs of editions derived from one another by known edits.

`editions()` draws the plain data of an edition file that passes the schema and the
meaning checks: random counts of recommendations, actions, sub-items and footnotes,
normative phrases of every strength, and Unicode that real texts hold (typographic
quotes, accents, non-breaking spaces, scripts other than Latin, combining marks).

`derived_pairs()` draws an edition and a second one made from it by a list of edits
(renumbering, rewording, a changed normative phrase, moved, split and merged actions,
removed and added recommendations), with the same id or another: the pull-request case
and the new-edition case. `normalize` keeps any edited edition valid: numbers and labels
in sequence, every footnote anchored and every marker with its footnote.

Used by the property and fuzz tests and by ``fuzz/run.py``; nothing here reads ``../shared``.
"""

from __future__ import annotations

import copy
import io
import string

from hypothesis import strategies as st

WORDS = (
    "data standards digital office offices system systems information technology services public access "
    "quality exchange patent trademark design applications examination workflow processes cloud api "
    "security governance framework strategy management records archive search classification machine "
    "learning artificial intelligence blockchain tools training staff stakeholders users international "
    "cooperation interoperability formats xml documents metadata policy legal review implement develop "
    "consider promote ensure share support assess monitor adopt encourage establish maintain publish"
).split()
# What real recommendation texts hold beside ASCII; no control characters (YAML refuses them).
UNICODE = (
    "’s",
    "“digital”",
    "naïve",
    "café",
    "—",
    "–",
    "\u00a0and",
    "Straße",
    "日本語",
    "İstanbul",
    "Ω",
    "x\u0301",
    "🙂",
    "ST.96",
    "AI-powered",
    "e.g.",
    "(PCT)",
    "R&D",
    "<b>",
    "|",
    "*",
    "_",
    "[link]",
    "`code`",
)
MODALS = (
    "must",
    "shall",
    "is required to",
    "are required to",
    "should",
    "should ensure",
    "should be encouraged to",
    "are encouraged to",
    "is encouraged to",
    "are invited to",
    "may",
    "can",
    "could",
    "might",
    "must not",
    "shall not",
    "should not",
)
SUBJECTS = ("IP offices", "The International Bureau", "Member States", "Each office", "Offices")
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv")
LETTERS = string.ascii_lowercase


@st.composite
def texts(draw, min_words: int = 4, max_words: int = 24) -> str:
    """Draw a recommendation-like sentence: a subject, a normative phrase, words, a full stop."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=max_words))
    if draw(st.booleans()):
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(UNICODE)))
    opening = f"{draw(st.sampled_from(SUBJECTS))} {draw(st.sampled_from(MODALS))}"
    return f"{opening} {' '.join(words)}{draw(st.sampled_from(['.', ';', ':', '']))}"


@st.composite
def editions(draw, edition_id: str | None = None, max_recommendations: int = 6) -> dict:
    """Draw the data of a valid edition file (see the module docstring)."""
    count = draw(st.integers(0, max_recommendations))
    recommendations = []
    for index in range(count):
        rec = {"id": f"rec-{index + 1}", "number": index + 1, "statement": draw(texts())}
        actions = []
        for _ in range(draw(st.integers(0, 4))):
            action = {"label": "", "text": draw(texts())}
            items = [{"label": "", "text": draw(texts(1, 8))} for _ in range(draw(st.integers(0, 3)))]
            if items:
                action["items"] = items
            actions.append(action)
        if actions:
            rec["actions"] = actions
        for number in range(1, draw(st.integers(0, 2)) + 1):
            # Anchor each footnote in one of the recommendation's texts.
            owners = [rec] + actions
            owner = draw(st.sampled_from(owners))
            key = "statement" if owner is rec else "text"
            owner[key] += f"[^{number}]"
            rec.setdefault("footnotes", []).append({"number": number, "text": draw(texts(2, 10))})
        recommendations.append(rec)
    data = {
        "id": edition_id or draw(st.sampled_from(["old", "base", "e1"])),
        "title": draw(st.sampled_from(["Recommendations on ICT", "RECOMMENDATIONS “DRAFT”", "Édition <test> | 1"])),
        "committee": "Committee on WIPO Standards (CWS)",
        "status": draw(st.sampled_from(["draft", "proposed", "adopted"])),
        "recommendations": recommendations,
    }
    return normalize(data)


def normalize(data: dict) -> dict:
    """Make edited edition data valid again: numbers and labels in sequence, footnotes and markers agreeing."""
    import re

    marker = re.compile(r"\[\^(\d+)\]")
    for number, rec in enumerate(data["recommendations"], start=1):
        rec["number"] = number
        actions = rec.get("actions") or []
        for letter, action in zip(LETTERS, actions):
            action["label"] = letter
            items = action.get("items") or []
            del items[len(ROMAN) :]
            for numeral, item in zip(ROMAN, items):
                item["label"] = numeral
        del actions[len(LETTERS) :]
        owners = (
            [(rec, "statement")]
            + [(a, "text") for a in actions]
            + [(i, "text") for a in actions for i in a.get("items") or []]
        )
        footnotes = {f["number"]: f for f in rec.get("footnotes") or []}
        anchored = set()
        for owner, key in owners:
            if owner.get(key) is None:
                continue

            def keep(found: re.Match, footnotes=footnotes, anchored=anchored) -> str:
                number = int(found.group(1))
                if number in footnotes and number not in anchored:
                    anchored.add(number)
                    return found.group(0)
                return ""

            owner[key] = marker.sub(keep, owner[key]).strip() or "IP offices should act."
        kept = [footnotes[n] for n in sorted(anchored)]
        if kept:
            rec["footnotes"] = kept
        else:
            rec.pop("footnotes", None)
    return data


EDITS = ("renumber", "reword", "modal", "move", "split", "merge", "remove", "add", "remove-action", "add-action")


@st.composite
def derived_pairs(draw, max_edits: int = 4) -> tuple[dict, dict, list[str]]:
    """Draw (old data, new data, the edits that made new from old); same id or another."""
    old = draw(editions())
    new = copy.deepcopy(old)
    new["id"] = draw(st.sampled_from([old["id"], "new"]))
    done = []
    for edit in draw(st.lists(st.sampled_from(EDITS), max_size=max_edits)):
        if _apply(draw, new, edit):
            done.append(edit)
    return old, normalize(new), done


def _actions(data: dict) -> list[tuple[dict, int]]:
    return [(rec, index) for rec in data["recommendations"] for index in range(len(rec.get("actions") or []))]


def _apply(draw, data: dict, edit: str) -> bool:
    """Apply one edit in place; False when the edition offers nothing to apply it to."""
    recs = data["recommendations"]
    if edit == "add":
        recs.insert(
            draw(st.integers(0, len(recs))),
            {"id": f"added-{len(recs) + 1}-{draw(st.integers(0, 10**6))}", "number": 1, "statement": draw(texts())},
        )
        return True
    if edit == "add-action" and recs:
        rec = draw(st.sampled_from(recs))
        rec.setdefault("actions", []).insert(
            draw(st.integers(0, len(rec["actions"]))), {"label": "a", "text": draw(texts())}
        )
        return True
    if not recs:
        return False
    if edit == "renumber":
        order = draw(st.permutations(range(len(recs))))
        recs[:] = [recs[i] for i in order]
        return True
    if edit == "remove":
        recs.pop(draw(st.integers(0, len(recs) - 1)))
        return True
    if edit in {"reword", "modal"}:
        owners = [(rec, "statement") for rec in recs] + [(rec["actions"][i], "text") for rec, i in _actions(data)]
        owner, key = draw(st.sampled_from(owners))
        words = owner[key].split(" ")
        if edit == "reword":
            words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(WORDS)))
        else:
            text = " ".join(words)
            phrase = next((m for m in sorted(MODALS, key=len, reverse=True) if f" {m} " in f" {text} "), None)
            if phrase is None:
                return False
            owner[key] = f" {text} ".replace(f" {phrase} ", f" {draw(st.sampled_from(MODALS))} ", 1).strip()
            return True
        owner[key] = " ".join(words)
        return True
    located = _actions(data)
    if not located:
        return False
    rec, index = draw(st.sampled_from(located))
    actions = rec["actions"]
    if edit == "remove-action":
        actions.pop(index)
        return True
    if edit == "move" and len(recs) > 1:
        target = draw(st.sampled_from([r for r in recs if r is not rec]))
        target.setdefault("actions", []).append(actions.pop(index))
        return True
    if edit == "split":
        words = actions[index]["text"].split(" ")
        if len(words) < 8:
            return False
        cut = draw(st.integers(3, len(words) - 3))
        actions[index]["text"] = " ".join(words[:cut])
        actions.insert(index + 1, {"label": "a", "text": " ".join(words[cut:])})
        return True
    if edit == "merge" and index + 1 < len(actions):
        second = actions.pop(index + 1)
        actions[index]["text"] += " " + second["text"]
        actions[index].setdefault("items", []).extend(second.get("items") or [])
        return True
    return False


def dump(data: dict) -> str:
    """Write edition data as YAML text (long texts on one line, as recreg fmt keeps them)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 1_000_000
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
