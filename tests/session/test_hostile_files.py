"""A corpus of damaged and hostile session files: each is refused with a clear message,
without hanging and within bounded memory."""

from __future__ import annotations

import io
import json
import os
import random
import struct
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from explorer.atomic_file import FileWriteError, atomic_write_bytes
from explorer.session import archive
from explorer.session.archive import MANIFEST, manifest_bytes
from explorer.session.files import SessionFileError, load_session, save_session
from explorer.session.session import Session

# Every case must stay far below the bombs it holds (which claim gigabytes to terabytes).
MEMORY_CAP = 96 * 1024 * 1024


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    from explorer.session.config import SessionConfig

    config = SessionConfig(
        task="adding", task_params={"seq_len": 8}, hidden_size=6, batch_size=4, seed=3
    )
    session = Session(config)
    session.run(7)
    path = tmp_path_factory.mktemp("hostile") / "run.bptt"
    save_session(session, path)
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist() if name != MANIFEST}
    return path, members


def signed(members: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """A session zip of ``members`` with a manifest that matches them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, manifest_bytes(members))
        for name, data in {**members, **(extra or {})}.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def with_member(members, name, data) -> dict[str, bytes]:
    return {**members, name: data}


def npz_of(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def npy_claiming(shape: tuple[int, ...]) -> bytes:
    """An .npy whose header claims ``shape`` float64 but holds 16 bytes."""
    header = {"descr": "<f8", "fortran_order": False, "shape": shape}
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, header)
    return buffer.getvalue() + b"\0" * 16


def npz_with_raw(name: str, npy: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(name + ".npy", npy)
    return buffer.getvalue()


def zeros_member_zip(claim: int) -> bytes:
    """A zip whose central directory claims a ``claim``-byte member (an 8 TB header)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("format.json", b"{}")
    data = bytearray(buffer.getvalue())
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", 0xFFFFFFFF)  # forces a zip64 read
    extra = struct.pack("<HHQ", 1, 8, claim)
    # A zip64 extra field in the central directory carries the claimed size.
    name_len, extra_len = struct.unpack("<HH", data[central + 28 : central + 32])
    insert_at = central + 46 + name_len
    data[central + 30 : central + 32] = struct.pack("<H", extra_len + len(extra))
    data[insert_at:insert_at] = extra
    end = data.rfind(b"PK\x05\x06")
    offset = struct.unpack("<I", data[end + 16 : end + 20])[0]
    size = struct.unpack("<I", data[end + 12 : end + 16])[0]
    data[end + 12 : end + 16] = struct.pack("<I", size + len(extra))
    assert offset == central
    return bytes(data)


def deflated_zeros(name: str, size: int) -> bytes:
    """A real zip bomb: an .npy of ``size`` zero bytes compressed into a few hundred kilobytes."""
    buffer = io.BytesIO()
    header = {"descr": "<f8", "fortran_order": False, "shape": (size // 8,)}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf, zf.open(name, "w") as member:
        np.lib.format.write_array_header_1_0(member, header)
        block = bytes(1024 * 1024)
        for _ in range(size // len(block)):
            member.write(block)
    return buffer.getvalue()


def edited_json(members, name, change: Callable[[dict], object]) -> dict[str, bytes]:
    meta = json.loads(members[name])
    return with_member(members, name, json.dumps(change(meta)).encode())


def hostile_cases(original) -> Iterator[tuple[str, bytes]]:
    """(label, file bytes) of every damaged or hostile file."""
    path, members = original
    data = path.read_bytes()
    for length in sorted({*range(0, len(data), max(1, len(data) // 40)), len(data) - 1}):
        yield f"cut at {length}", data[:length]
    rng = random.Random(12)
    for _ in range(40):
        flipped = bytearray(data)
        flipped[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        yield "byte flip", bytes(flipped)
    # Edits that still parse, without a matching checksum.
    unsigned = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(unsigned, "w") as dst:
        for name in src.namelist():
            content = src.read(name)
            if name == "format.json":
                content = content.replace(b'"completed": 7', b'"completed": 8')
            dst.writestr(name, content)
    yield "unsigned edit", unsigned.getvalue()
    yield "no manifest", signed(members)[:0] + _without_manifest(members)
    yield "zip bomb", _with_bomb(members)
    yield "8 TB member claim", zeros_member_zip(8 * 1024**4)
    yield (
        "8 TB array header",
        signed(with_member(members, "keyframes.npz", npz_with_raw("x", npy_claiming((10**12,))))),
    )
    yield (
        "nested npz bomb",
        signed(with_member(members, "keyframes.npz", deflated_zeros("big.npy", 160 * 1024**2))),
    )
    yield (
        "pickle",
        signed(
            with_member(members, "keyframes.npz", npz_of(evil=np.array([object()], dtype=object)))
        ),
    )
    yield "deep JSON", signed(with_member(members, "format.json", b"[" * 100_000 + b"]" * 100_000))
    yield (
        "deep JSON in the settings",
        signed(with_member(members, "config.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000)),
    )
    yield (
        "object instead of list",
        signed(edited_json(members, "format.json", lambda m: {**m, "keyframes": {"a": 1}})),
    )
    yield (
        "list for status",
        signed(edited_json(members, "format.json", lambda m: {**m, "status": [1, 2]})),
    )
    yield (
        "infinite iteration count",
        signed(
            with_member(
                members,
                "format.json",
                members["format.json"].replace(b'"completed": 7', b'"completed": 1e400'),
            )
        ),
    )
    yield "config is a list", signed(with_member(members, "config.json", b"[1, 2, 3]"))
    yield "traversal name", signed(members, {"../../evil.txt": b"x"})
    yield "absolute name", signed(members, {"/etc/evil": b"x"})
    yield "not a zip", b"hello, this is text"
    yield "empty", b""


def _with_bomb(members) -> bytes:
    """The real members beside a curves.npz of 160 MB of zeros (a few hundred KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, manifest_bytes(members))
        for name, data in members.items():
            if name != "curves.npz":
                zf.writestr(name, data)
        with zf.open("curves.npz", "w") as member:
            block = bytes(1024 * 1024)
            for _ in range(160):
                member.write(block)
    return buffer.getvalue()


def _without_manifest(members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def test_every_hostile_file_is_refused_clearly_within_bounded_memory(
    original, tmp_path, monkeypatch
):
    # A smaller unpack limit keeps the real zip bomb cheap to build; it is 160 MB > 64 MB.
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 64 * 1024**2)
    path, _ = original
    reference = load_session(path)
    target = tmp_path / "hostile.bptt"
    refused = 0
    for label, data in hostile_cases(original):
        target.write_bytes(data)
        tracemalloc.start()
        try:
            loaded = load_session(target)
        except SessionFileError as exc:
            refused += 1
            text = str(exc)
            assert str(target) in text, (label, text)
            assert "Traceback" not in text and len(text) < 600, (label, text)
        else:
            # A flip in bytes nobody reads (a timestamp) may leave a file that loads: it must
            # then be the very same run.
            assert label == "byte flip", f"{label}: loaded instead of refused"
            assert loaded.completed == reference.completed
            for cell, model in loaded.models.items():
                for name, value in model.params.items():
                    np.testing.assert_array_equal(value, reference.models[cell].params[name])
        finally:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        assert peak < MEMORY_CAP, f"{label}: {peak / 1e6:.0f} MB"
    assert refused > 80


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo", "folder"])
def test_non_regular_files_are_refused_without_reading(special, tmp_path):
    if special == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        special = tmp_path / "pipe.bptt"
        os.mkfifo(special)  # opening it to read would block forever
        message = "not a regular file"
    elif special == "folder":
        special = tmp_path
        message = "is a folder"
    else:
        if not os.path.exists(special):
            pytest.skip(f"no {special}")
        message = "not a regular file"
    with pytest.raises(SessionFileError, match=message):
        load_session(special)


def test_saving_refuses_links_devices_and_pipes(original, tmp_path):
    session = load_session(original[0])
    elsewhere = tmp_path / "elsewhere.bptt"
    elsewhere.write_bytes(b"keep me")
    link = tmp_path / "link.bptt"
    link.symlink_to(elsewhere)
    with pytest.raises(SessionFileError, match="symbolic link"):
        save_session(session, link)
    assert elsewhere.read_bytes() == b"keep me" and link.is_symlink()
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.bptt"
        os.mkfifo(fifo)
        with pytest.raises(SessionFileError, match="device, pipe or socket"):
            save_session(session, fifo)
    folder = tmp_path / "folder.bptt"
    folder.mkdir()
    with pytest.raises(SessionFileError, match="directory"):
        save_session(session, folder)
    with pytest.raises(FileWriteError, match="device, pipe or socket"):
        atomic_write_bytes("/dev/null", b"x")


def test_stale_part_files_of_a_killed_save_are_cleaned_up(original, tmp_path):
    session = load_session(original[0])
    target = tmp_path / "run.bptt"
    dead = tmp_path / ".run.bptt.999999999.abc123.part"  # no such process
    dead.write_bytes(b"half a file")
    mine = tmp_path / f".run.bptt.{os.getppid()}.xyz.part"  # a live process: kept
    mine.write_bytes(b"someone else is saving")
    other = tmp_path / ".other.bptt.999999999.abc.part"  # another target: kept
    other.write_bytes(b"")
    save_session(session, target)
    assert not dead.exists()
    assert mine.exists() and other.exists()
    assert load_session(target).completed == session.completed


def test_cancelled_save_leaves_no_file(original, tmp_path):
    from explorer.session.archive import SessionFileCancelled

    session = load_session(original[0])
    target = tmp_path / "run.bptt"
    fractions = []
    with pytest.raises(SessionFileCancelled):
        save_session(session, target, progress=fractions.append, cancelled=lambda: bool(fractions))
    assert list(tmp_path.iterdir()) == []
    save_session(session, target, progress=fractions.append)
    assert fractions[-1] == 1.0
