"""Where `-o` writes: a regular file atomically, a device or FIFO in place, never replacing the node.

Every node here is the test's own, made in a temporary folder (`mknod` c 1 3 is a null
device, c 1 7 a full one); the tests never point recreg at the system's /dev/null or
/dev/full, which an older recreg replaced with a regular file.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import REGISTRY, recreg

NULL, FULL = (1, 3), (1, 7)


def device(folder: Path, name: str, numbers: tuple[int, int]) -> Path:
    """Make a character device node of our own, or skip where this machine forbids it."""
    path = folder / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(*numbers))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return path


def is_device(path: Path) -> bool:
    return stat.S_ISCHR(os.lstat(path).st_mode)


# Every command with -o, in each kind of format it writes (text, HTML, DOCX, XLSX, CSV).
WRITERS = [
    ("diff", "cws11", "cws12"),
    ("diff", "cws11", "cws12", "--format", "html"),
    ("diff", "cws11", "cws12", "--format", "docx"),
    ("diff", "cws11", "cws12", "--format", "xlsx"),
    ("export", "cws12", "--format", "xlsx"),
    ("export", "cws12", "--format", "docx"),
    ("export", "cws12", "--format", "csv"),
    ("render", "cws12", "--format", "markdown"),
    ("render", "cws12", "--format", "docx"),
    ("coverage", "cws11", "cws12", "--format", "json"),
]


@pytest.mark.parametrize("argv", WRITERS)
def test_a_null_device_stays_a_device_and_takes_the_output(tmp_path, argv):
    node = device(tmp_path, "null", NULL)
    result = recreg(*argv, "-o", node)
    assert result.code in (0, 1), result.err  # diff exits 0 (or 1 with --exit-code); the write succeeded
    assert is_device(node)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]  # no temporary file left beside it


@pytest.mark.parametrize("argv", WRITERS)
def test_a_full_device_is_an_error_and_stays_a_device(tmp_path, argv):
    node = device(tmp_path, "full", FULL)
    result = recreg(*argv, "-o", node)
    assert result.code == 2
    assert result.err_lines == [f"recreg: {node}: cannot write the file: No space left on device"]
    assert is_device(node)


def test_standard_output_on_a_full_device_is_an_error(tmp_path):
    node = device(tmp_path, "full", FULL)
    with open(node, "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "recreg", "--registry", str(REGISTRY), "diff", "cws11", "cws12"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["recreg: <stdout>: cannot write standard output: No space left on device"]


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = recreg("diff", "cws11", "cws12", "--format", "json", "-o", fifo)
    reader.join(30)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0].startswith(b"{") and b'"cws12"' in received[0]


def test_a_folder_as_target_is_one_line_and_exit_2(tmp_path):
    result = recreg("diff", "cws11", "cws12", "-o", tmp_path)
    assert result.code == 2
    assert result.err_lines == [
        f"recreg: {tmp_path}: cannot write the file: it is a folder (expected a file name inside the folder)"
    ]


def test_a_symbolic_link_is_followed_so_the_link_stays(tmp_path):
    real = tmp_path / "report.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    assert recreg("diff", "cws11", "cws12", "--format", "markdown", "-o", link).code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("#")


def test_an_unwritable_folder_is_an_error(tmp_path):
    if writes_read_only_files(tmp_path):
        pytest.skip("this process may write into read-only folders")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = recreg("diff", "cws11", "cws12", "-o", folder / "out.txt")
    finally:
        folder.chmod(0o700)
    assert result.code == 2
    assert result.err_lines == [f"recreg: {folder / 'out.txt'}: cannot write the file: Permission denied"]


def writes_read_only_files(folder: Path) -> bool:
    """Whether this process may write a file whose mode forbids it (root, or a capability)."""
    probe = folder / "probe"
    probe.write_text("", encoding="utf-8")
    probe.chmod(0o444)
    try:
        with open(probe, "a", encoding="utf-8"):
            return True
    except PermissionError:
        return False
    finally:
        probe.unlink()


def test_a_read_only_file_is_not_replaced(tmp_path):
    if writes_read_only_files(tmp_path):
        pytest.skip("this process may write read-only files")
    # The folder is writable, so a rename would replace the file: the file's own mode says no.
    target = tmp_path / "report.txt"
    target.write_text("kept", encoding="utf-8")
    target.chmod(0o444)
    result = recreg("diff", "cws11", "cws12", "-o", target)
    assert result.code == 2
    assert result.err_lines == [f"recreg: {target}: cannot write the file: Permission denied"]
    assert target.read_text(encoding="utf-8") == "kept" and [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_a_record_that_is_a_device_stays_a_device(registry_copy):
    records = registry_copy.parent / "history" / "records"
    records.mkdir(parents=True, exist_ok=True)
    node = device(records, "cws11-cws12.md", FULL)
    result = recreg("--registry", registry_copy, "records")
    assert result.code == 2
    assert result.err_lines == [f"recreg: {node}: cannot write the file: No space left on device"]
    assert is_device(node)
