"""The hostile-input matrix (issue 13): one row per hostile input, as data in `tests/hostile/*.yml`, run by
one test. Each row builds files in a fresh directory, runs `python -m audit ...` there as a user would, and
checks the exit code, that stderr is one line and never a traceback, that files named as precious are
unchanged, and that no temporary file is left behind. The schema is documented in `tests/hostile/README.md`.
"""

from __future__ import annotations

import base64
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

MATRIX = ROOT / "tests" / "hostile"
KNOWN_KEYS = {"id", "item", "why", "files", "before", "mutate", "run", "stdin", "limits", "signal", "expect",
              "root_only", "needs", "umask"}


def load_rows() -> list[dict]:
    rows = []
    for path in sorted(MATRIX.glob("*.yml")):
        for row in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            unknown = set(row) - KNOWN_KEYS
            assert not unknown, f"{path.name}: {row.get('id')}: unknown keys {sorted(unknown)}"
            rows.append(pytest.param(row, id=f"{path.stem}:{row['id']}"))
    return rows


def content_of(spec) -> bytes:
    """A file's bytes from its spec: text, a list of specs (their bytes joined), or a mapping (text+repeat,
    encoding, errors, base64, hex, prefix/suffix)."""
    if isinstance(spec, str):
        return spec.encode("utf-8")
    if isinstance(spec, list):
        return b"".join(content_of(part) for part in spec)
    if "base64" in spec:
        return base64.b64decode(spec["base64"])
    if "hex" in spec:
        return bytes.fromhex(spec["hex"])
    text = spec.get("text", "") * int(spec.get("repeat", 1))
    body = text.encode(spec.get("encoding", "utf-8"), spec.get("errors", "strict"))
    return spec.get("prefix", "").encode("utf-8") + body + spec.get("suffix", "").encode("utf-8")


def build(root: Path, files: dict) -> None:
    """Create the row's files: text or bytes, directories, symbolic links and FIFOs."""
    for name, spec in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(spec, dict) and spec.get("dir"):
            path.mkdir(exist_ok=True)
        elif isinstance(spec, dict) and "symlink" in spec:
            path.symlink_to(spec["symlink"])
        elif isinstance(spec, dict) and spec.get("fifo"):
            os.mkfifo(path)
        else:
            path.write_bytes(content_of(spec))


def mutate(root: Path, operations: list[dict]) -> None:
    """File operations between the preparatory commands and the hostile one."""
    for op in operations or []:
        if "delete" in op:
            (root / op["delete"]).unlink()
        elif "keep_lines" in op:
            path = root / op["path"]
            lines = path.read_bytes().splitlines(keepends=True)
            path.write_bytes(b"".join(lines[:op["keep_lines"]]))
        elif "write" in op:
            (root / op["write"]).write_bytes(content_of(op["content"]))
        elif "append" in op:
            with open(root / op["append"], "ab") as handle:
                handle.write(content_of(op["content"]))
        else:
            raise AssertionError(f"unknown mutation {op}")


def snapshot(path: Path) -> tuple:
    """What 'unchanged' compares: the kind of file and, for a regular file, its bytes; for a directory, its
    entries' snapshots."""
    if path.is_symlink():
        return ("link", os.readlink(path))
    if not path.exists():
        return ("absent",)
    mode = path.lstat().st_mode
    if stat.S_ISDIR(mode):
        return ("dir", tuple(sorted((p.name, snapshot(p)) for p in path.iterdir())))
    if stat.S_ISREG(mode):
        return ("file", path.read_bytes())
    return ("special", stat.S_IFMT(mode))


def command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "audit", *[str(a) for a in args]]


def environment() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}


def limiter(limits: dict | None, umask: str | None = None):
    """A preexec function applying resource limits: fsize (a full disk: writes fail with EFBIG, SIGXFSZ
    ignored) and as (address space, bytes); and the umask (octal digits) when given."""
    if not limits and umask is None:
        return None
    limits = limits or {}

    def apply() -> None:
        if umask is not None:
            os.umask(int(umask, 8))
        if "fsize" in limits:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limits["fsize"], limits["fsize"]))
        if "as" in limits:
            resource.setrlimit(resource.RLIMIT_AS, (limits["as"], limits["as"]))

    return apply


def run_row(root: Path, row: dict) -> tuple[int, str]:
    """Run the hostile command; with `signal`, send it after the given seconds (or when stderr shows a
    line matching `after_stderr`)."""
    stdin = content_of(row["stdin"]) if "stdin" in row else None
    timeout = row.get("expect", {}).get("timeout", 300)
    proc = subprocess.Popen(command(row["run"]), cwd=root, env=environment(), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limiter(row.get("limits"), row.get("umask")))
    if "signal" in row:
        time.sleep(row["signal"].get("after", 1.0))
        proc.send_signal(getattr(signal, row["signal"]["name"]))
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"still running after {timeout} s")
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


@pytest.mark.parametrize("row", load_rows())
def test_hostile_input(row: dict, tmp_path: Path) -> None:
    if row.get("root_only") and os.geteuid() != 0:
        pytest.skip("needs root")
    for module in row.get("needs", []):
        pytest.importorskip(module)
    root = tmp_path / "work"
    root.mkdir()
    build(root, row.get("files"))
    for args in row.get("before", []):
        proc = subprocess.run(command(args), cwd=root, env=environment(), capture_output=True)
        assert proc.returncode in (0, 1), f"preparatory {args}: {proc.stderr.decode()}"
    mutate(root, row.get("mutate"))
    expect = row["expect"]
    kept = {name: snapshot(root / name) for name in expect.get("unchanged", [])}
    code, out, err = run_row(root, row)
    assert "Traceback" not in err, err
    assert code == expect["exit"], f"exit {code}, expected {expect['exit']}: {err}"
    if expect["exit"] == 2 or expect.get("one_line"):
        assert len(err.strip().splitlines()) == 1, err
    if "stderr" in expect:
        import re

        assert re.search(expect["stderr"], err), err
    if "stdout" in expect:
        import re

        assert re.search(expect["stdout"], out), out
    for stream, text in (("stdout", out), ("stderr", err)):
        for needle in expect.get(f"{stream}_lacks", []):
            assert needle not in text, f"{stream} contains {needle!r}: {text!r}"
    for name, before in kept.items():
        assert snapshot(root / name) == before, f"{name} changed"
    leftovers = [p for p in root.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".tmp")]
    assert not leftovers, f"temporary files left: {leftovers}"
    for name in expect.get("absent", []):
        assert not (root / name).exists(), f"{name} exists"
    for name, needles in expect.get("contains", {}).items():
        text = (root / name).read_text(encoding="utf-8")
        for needle in needles:
            assert needle in text, f"{name} lacks {needle!r}"
    for name, needles in expect.get("lacks", {}).items():
        text = (root / name).read_text(encoding="utf-8")
        for needle in needles:
            assert needle not in text, f"{name} contains {needle!r}"
    for name in expect.get("well_formed_xml", []):
        from xml.etree import ElementTree

        ElementTree.parse(root / name)
    for name, mode in expect.get("mode", {}).items():
        actual = stat.S_IMODE((root / name).stat().st_mode)
        assert actual == int(mode, 8), f"{name} is {actual:o}, expected {mode}"
    for name in expect.get("regular_file", []):
        assert stat.S_ISREG((root / name).lstat().st_mode), f"{name} is not a regular file"
