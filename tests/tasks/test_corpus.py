"""Loading user corpora, including every way a file can be unusable."""

from __future__ import annotations

import os

import pytest

from explorer.tasks import CorpusError, load_corpus, make_task
from explorer.tasks.corpus import MAX_BYTES


def test_good_file(tmp_path):
    path = tmp_path / "poem.txt"
    path.write_bytes("héllo wörld\r\nsecond line 你好\n".encode())
    loaded = load_corpus(path)
    assert loaded.text == "héllo wörld\nsecond line 你好\n"
    assert not loaded.truncated and loaded.note == ""


def test_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfabc def")
    assert load_corpus(path).text == "abc def"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n ", "is empty"),
        (b"abc\x00def" * 10, "binary"),
        (bytes(range(1, 32)) * 20, "does not look like text"),
        ("caf\u00e9".encode("latin-1") * 10, "not valid UTF-8"),
        (b"abc", "too short: 3 characters, but at least 33"),
    ],
)
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CorpusError, match=message) as info:
        load_corpus(path, min_length=33)
    assert "bad.txt" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nowhere.txt")
    with pytest.raises(CorpusError, match="is a folder"):
        load_corpus(tmp_path)


def test_large_file_is_cut_at_a_character_boundary(tmp_path):
    path = tmp_path / "big.txt"
    # 3-byte characters, so 10 MB falls inside one of them
    unit = "語"
    count = MAX_BYTES // 3 + 10
    path.write_bytes((unit * count).encode())
    loaded = load_corpus(path)
    assert loaded.truncated and "first" in loaded.note and "big.txt" in loaded.note
    assert set(loaded.text) == {unit}
    assert len(loaded.text.encode()) <= MAX_BYTES
    assert len(loaded.text) == MAX_BYTES // 3


def test_charlm_with_a_file(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text("the quick brown fox jumps over the lazy dog. " * 400, encoding="utf-8")
    task = make_task("charlm", corpus="file", path=str(path), seq_len=20)
    assert len(task.eval_tokens) < len(task.train_tokens)  # long texts keep 10 % back
    assert task.decode(task.encode("lazy dog")) == "lazy dog"
    assert task.corpus_note == ""
    X, _Y, _mask = task.eval_set()
    assert X.shape[0] == 20


def test_charlm_file_errors(tmp_path):
    with pytest.raises(CorpusError, match="needs a path"):
        make_task("charlm", corpus="file")
    short = tmp_path / "short.txt"
    short.write_text("tiny", encoding="utf-8")
    with pytest.raises(CorpusError, match="too short"):
        make_task("charlm", corpus="file", path=str(short), seq_len=10)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    # Opening a FIFO for reading blocks until a writer comes: a refusal proves it was not opened.
    with pytest.raises(CorpusError, match="not a regular file"):
        load_corpus(fifo)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_device_is_refused():
    with pytest.raises(CorpusError, match="not a regular file"):
        load_corpus("/dev/zero")
