"""A diff as Word tracked changes shows what the other formats show: the editions' notes, the diff's own notes, the
edition facts that changed. Each document is opened with python-docx and read as Word would show it with every change
accepted (w:ins kept, w:del dropped) or rejected (the other way round)."""

from __future__ import annotations

from pathlib import Path

from conftest import recreg, replace_once

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(paragraph, side: str) -> str:
    """A paragraph's words with every change accepted (side "new") or rejected ("old"); None when its mark is gone."""
    hidden = f"{W}del" if side == "new" else f"{W}ins"
    words = [
        element.text or ""
        for element in paragraph.iter(f"{W}t", f"{W}delText")
        if not any(ancestor.tag == hidden for ancestor in element.iterancestors())
    ]
    return "".join(words)


def _after_annex(document: Path, side: str) -> list[str]:
    """The paragraphs after the annex table (the last table), as the reader sees them on one side of the changes."""
    import docx

    body = docx.Document(str(document)).element.body
    children = list(body)
    last_table = max(i for i, child in enumerate(children) if child.tag == f"{W}tbl")
    texts = []
    for child in children[last_table + 1 :]:
        if child.tag != f"{W}p":
            continue
        mark = child.find(f"{W}pPr/{W}rPr/{W}{'del' if side == 'new' else 'ins'}")
        text = _paragraph_text(child, side)
        if mark is None or text:
            texts.append(text)
    return [t for t in texts if t]


def _tracked(document: Path, tag: str) -> list[str]:
    """The text of every insertion (tag "ins") or deletion ("del") of the document's body."""
    import docx

    body = docx.Document(str(document)).element.body
    return ["".join(e.text or "" for e in change.iter(f"{W}t", f"{W}delText")) for change in body.iter(f"{W}{tag}")]


def test_the_editions_notes_are_tracked_after_the_annex(registry_copy, tmp_path):
    text = (registry_copy / "cws12.yaml").read_text(encoding="utf-8")
    text = replace_once(text, "id: cws12\n", "id: cws13\n")
    text = replace_once(text, "derives_from: cws11\n", "derives_from: cws12\n")
    text = replace_once(
        text,
        '  - "Recommendation 10 (b) keeps the space in AI- powered, as in the source."\n',
        '  - "Recommendation 10 (b) keeps the space in AI- powered, as the adopted text does."\n'
        '  - "Footnote 2 is read from the Annex."\n',
    )
    (registry_copy / "cws13.yaml").write_text(text, encoding="utf-8")
    document = tmp_path / "d.docx"
    result = recreg("--registry", registry_copy, "diff", "cws12", "cws13", "--format", "docx", "-o", document)
    assert (result.code, result.err) == (0, "")
    assert _after_annex(document, "new") == [
        "Notes",
        "Recommendation 10 (b) keeps the space in AI- powered, as the adopted text does.",
        "Footnote 2 is read from the Annex.",
    ]
    assert _after_annex(document, "old") == [
        "Notes",
        "Recommendation 10 (b) keeps the space in AI- powered, as in the source.",
    ]
    inserted, deleted = _tracked(document, "ins"), _tracked(document, "del")
    assert "Footnote 2 is read from the Annex." in inserted
    # A note reworded keeps its common words, its changed ones tracked.
    assert any("adopted text does" in t for t in inserted) and [t.strip() for t in deleted] == ["in", "source"]


def test_notes_of_one_side_only_are_inserted_or_deleted_whole(registry_copy, tmp_path):
    document = tmp_path / "d.docx"
    assert recreg("--registry", registry_copy, "diff", "cws11", "cws12", "--format", "docx", "-o", document).code == 0
    cws11_note = "Session, date and documents from 002 para 9 and 10; 000 itself gives no date or symbol."
    cws12_note = "Recommendation 10 (b) keeps the space in AI- powered, as in the source."
    assert _after_annex(document, "new") == ["Notes", cws12_note]
    assert _after_annex(document, "old") == ["Notes", cws11_note]
    assert cws12_note in _tracked(document, "ins") and cws11_note in _tracked(document, "del")


def test_the_diffs_own_notes_and_changed_edition_facts_are_shown(registry_copy, tmp_path, monkeypatch):
    import docx

    # A tiny budget makes the engine pair some candidates greedily and say so, as it does for huge catalogs.
    monkeypatch.setattr("recreg.engine.assignment.COMPONENT_LIMIT", 3)
    text = recreg("--registry", registry_copy, "diff", "cws11", "cws12")
    notes = [line.removeprefix("note: ") for line in text.out_lines if line.startswith("note: ")]
    assert notes
    document = tmp_path / "d.docx"
    assert recreg("--registry", registry_copy, "diff", "cws11", "cws12", "--format", "docx", "-o", document).code == 0
    opened = docx.Document(str(document))
    paragraphs = [p.text for p in opened.paragraphs]
    assert [p for p in paragraphs if p.startswith("Note: ")] == [f"Note: {note}" for note in notes]
    at = paragraphs.index(
        "Edition metadata changed: dates, derives_from, documents, introduction, session, source, status, title"
    )
    assert "status: draft → adopted" in paragraphs[at:] and "session: CWS/11 → CWS/12" in paragraphs[at:]
