"""The GIF encoder: files parse back (our own decoder and Qt's) with the exact pixels,
frame count, delay and looping."""

from __future__ import annotations

import io

import numpy as np
import pytest

from explorer.gif_writer import GifWriter, delay_centiseconds, lzw_encode, median_cut, quantize


# ----------------------------------------------------------------------------- a reference decoder
def lzw_decode(data: bytes, min_code_size: int) -> list[int]:
    """Textbook GIF LZW decoder (independent of the encoder's dict-of-ints design)."""
    clear, end = 1 << min_code_size, (1 << min_code_size) + 1
    pos, bits, nbits = 0, 0, 0
    size = min_code_size + 1
    table: list[list[int]] = []
    out: list[int] = []
    previous: list[int] | None = None

    def reset() -> None:
        nonlocal size, table, previous
        size = min_code_size + 1
        table = [[i] for i in range(clear)] + [[], []]
        previous = None

    reset()
    while True:
        while nbits < size:
            if pos >= len(data):
                raise ValueError("LZW data ended without an end code")
            bits |= data[pos] << nbits
            pos += 1
            nbits += 8
        code = bits & ((1 << size) - 1)
        bits >>= size
        nbits -= size
        if code == clear:
            reset()
            continue
        if code == end:
            return out
        if code < len(table):
            entry = table[code]
            if previous is not None:
                table.append(previous + entry[:1])
        else:
            assert previous is not None and code == len(table), f"bad code {code}"
            entry = previous + previous[:1]
            table.append(entry)
        out.extend(entry)
        previous = entry
        if len(table) == (1 << size) and size < 12:
            size += 1


def decode_gif(data: bytes) -> dict:
    """Frames composited on the logical screen (disposal 'do not dispose'), delays, loop count."""
    assert data[:6] == b"GIF89a"
    width, height = int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    flags = data[10]
    pos = 13
    global_table = None
    if flags & 0x80:
        n = 2 << (flags & 7)
        global_table = np.frombuffer(data[pos : pos + 3 * n], np.uint8).reshape(n, 3)
        pos += 3 * n
    screen = np.zeros((height, width, 3), np.uint8)
    frames, delays, loop = [], [], None
    delay, transparent = 0, None

    def blocks() -> bytes:
        nonlocal pos
        chunks = bytearray()
        while data[pos]:
            chunks += data[pos + 1 : pos + 1 + data[pos]]
            pos += 1 + data[pos]
        pos += 1
        return bytes(chunks)

    while True:
        kind = data[pos]
        pos += 1
        if kind == 0x3B:
            return {
                "width": width,
                "height": height,
                "frames": frames,
                "delays": delays,
                "loop": loop,
            }
        if kind == 0x21:
            label = data[pos]
            pos += 1
            body = blocks()
            if label == 0xF9:
                delay = int.from_bytes(body[1:3], "little")
                transparent = body[3] if body[0] & 1 else None
                assert (body[0] >> 2) & 7 == 1, "disposal must be 'do not dispose'"
            elif label == 0xFF and body[:11] == b"NETSCAPE2.0":
                loop = int.from_bytes(body[12:14], "little")
            continue
        assert kind == 0x2C, f"unexpected block {kind:#x}"
        left, top, w, h = (
            int.from_bytes(data[pos + i : pos + i + 2], "little") for i in (0, 2, 4, 6)
        )
        flags = data[pos + 8]
        pos += 9
        table = global_table
        if flags & 0x80:
            n = 2 << (flags & 7)
            table = np.frombuffer(data[pos : pos + 3 * n], np.uint8).reshape(n, 3)
            pos += 3 * n
        min_code_size = data[pos]
        pos += 1
        indices = np.array(lzw_decode(blocks(), min_code_size), dtype=np.int64)
        assert len(indices) == w * h
        patch = screen[top : top + h, left : left + w].reshape(-1, 3)
        keep = indices != transparent if transparent is not None else np.ones(len(indices), bool)
        patch[keep] = table[indices[keep]]
        screen[top : top + h, left : left + w] = patch.reshape(h, w, 3)
        frames.append(screen.copy())
        delays.append(delay)


def encode(frames: list[np.ndarray], fps: float = 10.0) -> bytes:
    stream = io.BytesIO()
    h, w = frames[0].shape[:2]
    writer = GifWriter(stream, w, h, fps)
    for frame in frames:
        writer.add_frame(frame)
    writer.close()
    return stream.getvalue()


def few_colour_frames(n: int = 6, h: int = 40, w: int = 70, colours: int = 256) -> list[np.ndarray]:
    rng = np.random.default_rng(1)
    palette = rng.integers(0, 256, size=(colours, 3), dtype=np.uint8)
    base = palette[rng.integers(0, colours, size=(h, w))]
    frames = [base]
    for i in range(1, n):
        frame = frames[-1].copy()
        frame[i : i + 9, 5 * i : 5 * i + 13] = palette[(i * 37) % colours]
        frames.append(frame)
    frames.append(frames[-1].copy())  # an unchanged frame must still count
    return frames


# ----------------------------------------------------------------------------- tests
@pytest.mark.parametrize("min_code_size", [2, 3, 8])
def test_lzw_round_trips_through_table_resets(min_code_size):
    rng = np.random.default_rng(min_code_size)
    # Random data overflows the 4096-entry table several times; runs exercise long codes.
    noisy = rng.integers(0, 1 << min_code_size, size=30_000, dtype=np.uint8)
    runs = np.repeat(noisy[:300], rng.integers(1, 60, size=300)).astype(np.uint8)
    for data in (noisy.tobytes(), runs.tobytes(), b"\x01", b"", bytes(5000)):
        assert bytes(lzw_decode(lzw_encode(data, min_code_size), min_code_size)) == data


def test_round_trip_exact_pixels_frames_delay_and_loop():
    frames = few_colour_frames()
    decoded = decode_gif(encode(frames, fps=12.5))
    assert (decoded["width"], decoded["height"]) == (70, 40)
    assert len(decoded["frames"]) == len(frames)
    assert decoded["delays"] == [8] * len(frames)
    assert decoded["loop"] == 0  # forever
    for got, want in zip(decoded["frames"], frames, strict=True):
        np.testing.assert_array_equal(got, want)


def test_changed_rectangles_keep_the_file_small():
    frames = few_colour_frames(n=20, h=200, w=300, colours=8)
    data = encode(frames)
    one = encode(frames[:1])
    # Nineteen frames of small patches cost far less than nineteen full frames.
    assert len(data) < 2 * len(one)


def test_qt_decodes_frames_delay_and_loop(qapp, tmp_path):
    from PySide6.QtGui import QImage, QImageReader

    frames = few_colour_frames()
    path = tmp_path / "anim.gif"
    path.write_bytes(encode(frames, fps=5))
    reader = QImageReader(str(path))
    assert reader.supportsAnimation()
    assert reader.imageCount() == len(frames)
    assert reader.loopCount() == -1  # Qt's "forever"
    for want in frames:
        image = reader.read().convertToFormat(QImage.Format.Format_RGB888)
        assert reader.nextImageDelay() == 200  # Qt reports it once the frame is read
        h, w = want.shape[:2]
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
        np.testing.assert_array_equal(rows[:, : 3 * w].reshape(h, w, 3), want)


def test_many_colours_are_approximated_closely():
    rng = np.random.default_rng(3)
    # A smooth gradient: thousands of colours, but close neighbours.
    y, x = np.mgrid[0:64, 0:256]
    frame = np.stack([x, y * 4, 255 - x], axis=2).astype(np.uint8)
    frame[rng.random((64, 256)) < 0.01] = (255, 255, 0)
    decoded = decode_gif(encode([frame]))["frames"][0]
    error = np.abs(decoded.astype(int) - frame.astype(int))
    assert error.mean() < 6
    assert np.percentile(error, 99) < 16


def test_quantize_is_exact_for_few_colours_and_bounded_otherwise():
    pixels = np.array([[1, 2, 3], [250, 0, 9], [1, 2, 3]], np.uint8)
    palette, indices = quantize(pixels)
    np.testing.assert_array_equal(palette[indices], pixels)
    many = np.random.default_rng(0).integers(0, 256, size=(5000, 3), dtype=np.uint8)
    palette, indices = quantize(many, 255)
    assert len(palette) <= 255 and indices.max() < len(palette)
    assert len(median_cut(many, np.ones(5000), 16)) == 16


def test_delay_and_argument_checks():
    assert delay_centiseconds(10) == 10
    assert delay_centiseconds(100) == 2  # viewers slow 0–1 cs to 10 cs
    with pytest.raises(ValueError):
        delay_centiseconds(0)
    with pytest.raises(ValueError):
        GifWriter(io.BytesIO(), 0, 5, 10)
    writer = GifWriter(io.BytesIO(), 4, 3, 10)
    with pytest.raises(ValueError, match="frame must be"):
        writer.add_frame(np.zeros((4, 3, 3), np.uint8))
    writer.close()
    assert len(decode_gif(writer.stream.getvalue())["frames"]) == 1
