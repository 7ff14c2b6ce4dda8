"""Fuzz properties, bounded for CI: generated and mutated editions never break the output contract.

`fuzz/run.py` runs the same checks for as long as asked (thousands of cases), in worker
processes that are watched for hangs and signals. Here, in-process: validation never
raises, diff never raises, every output format renders, its JSON validates against the
schema, ``diff(a, a)`` is empty, ``fmt`` is idempotent and never changes data.
``RECREG_FUZZ_EXAMPLES`` sets how many examples each property draws (default 45).
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import REGISTRY
from fuzz_checks import cli, diff_failures, fmt_failures, mutation_case, self_diff_failures
from hypothesis import HealthCheck, given, settings
from strategies import derived_pairs, dump, editions

EXAMPLES = int(os.environ.get("RECREG_FUZZ_EXAMPLES", "45"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def write(folder: Path, data: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data['id']}.yaml"
    path.write_text(dump(data), encoding="utf-8")
    return path


@FUZZ
@given(data=editions())
def test_a_generated_edition_is_valid_formats_idempotently_and_equals_itself(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("edition")
    path = write(folder, data)
    code, out, err = cli("--registry", REGISTRY, "validate", path)
    assert code == 0, out + err
    assert fmt_failures(path) == []
    assert self_diff_failures(path, REGISTRY) == []


@FUZZ
@given(pair=derived_pairs())
def test_a_generated_pair_diffs_in_every_format_with_schema_valid_json(tmp_path_factory, pair):
    old, new, _ = pair
    folder = tmp_path_factory.mktemp("pair")
    old_path, new_path = write(folder / "old", old), write(folder / "new", new)
    assert diff_failures(old_path, new_path, REGISTRY, documents=True) == []


def test_mutated_bundled_editions_never_break_the_contract(tmp_path):
    registry = tmp_path / "registry"
    registry.mkdir()
    for path in sorted(REGISTRY.glob("*.yaml")):
        (registry / path.name).write_bytes(path.read_bytes())
    found: dict[str, list] = {}
    for case in range(EXAMPLES * 3):
        failures, label, _ = mutation_case(case, registry, tmp_path)
        for failure in failures:
            found.setdefault(failure, []).append(label)
    assert found == {}


@FUZZ
@given(data=editions())
def test_the_fast_schema_check_agrees_with_jsonschema_on_valid_editions(data):
    from recreg.edition.schema import _validator, schema_valid

    assert schema_valid(data) and not list(_validator().iter_errors(data))


def test_the_fast_schema_check_agrees_with_jsonschema_on_damaged_editions(tmp_path):
    """Where fastjsonschema finds a file valid, jsonschema must too, or errors would go unreported."""
    import random

    from mutations import mutate, to_bytes

    from recreg.edition.load import decode_text, parse_yaml
    from recreg.edition.schema import _validator, schema_valid
    from recreg.errors import InvalidInput

    texts = [path.read_text(encoding="utf-8") for path in sorted(REGISTRY.glob("*.yaml"))]
    verdicts = set()
    for case in range(EXAMPLES * 10):
        rng = random.Random(case)
        text, _ = mutate(rng, rng.choice(texts))
        try:
            data = parse_yaml(decode_text(to_bytes(text), "case"), "case")
        except InvalidInput:
            continue
        fast, full = schema_valid(data), not list(_validator().iter_errors(data))
        assert fast == full, (case, fast, full)
        verdicts.add(fast)
    assert verdicts == {True, False}  # both kinds of document were met


def test_damaged_documents_are_imported_or_refused_in_located_lines(tmp_path):
    from fuzz_checks import document_case

    registry = tmp_path / "registry"
    registry.mkdir()
    for path in sorted(REGISTRY.glob("*.yaml")):
        (registry / path.name).write_bytes(path.read_bytes())
    found: dict[str, list] = {}
    for case in range(EXAMPLES * 2):
        failures, label = document_case(case, registry, tmp_path)
        for failure in failures:
            found.setdefault(failure, []).append(label)
    assert found == {}


def test_hostile_texts_export_and_diff_inert_in_every_format(tmp_path):
    from fuzz_checks import hostile_export_failures

    assert hostile_export_failures(REGISTRY, tmp_path) == []
