"""An animated-GIF (GIF89a) encoder in NumPy and the standard library: no Qt, no Pillow.

Built for step-through animations, where most of every frame is the same as the one before:
each frame after the first stores only the rectangle that changed (disposal "do not
dispose"), with unchanged pixels inside it transparent, so the pure-Python LZW coder sees
few and highly repetitive pixels. Each frame carries its own colour table: the exact colours
when the changed pixels use at most 255 (256 for the first frame), else a median-cut palette
of a 5-bit-per-channel histogram with nearest-colour lookup.

    with open("pass.gif", "wb") as f:
        gif = GifWriter(f, width=640, height=360, fps=12)
        for rgb in frames:            # (360, 640, 3) uint8 arrays
            gif.add_frame(rgb)
        gif.close()
"""

from __future__ import annotations

from typing import BinaryIO

import numpy as np

MAX_COLOURS = 256
MAX_CODE = 4096  # LZW codes are at most 12 bits
LOOP_FOREVER = 0


def delay_centiseconds(fps: float) -> int:
    """The GIF frame delay (hundredths of a second) closest to ``fps`` frames per second.

    At least 2: most viewers replace 0 and 1 with a slow default of 10.
    """
    if not fps > 0:
        raise ValueError(f"frame rate must be positive, got {fps}")
    return max(2, min(65535, round(100.0 / fps)))


# ----------------------------------------------------------------------------- colours
def _pack(rgb: np.ndarray) -> np.ndarray:
    """(…, 3) uint8 → (…,) uint32 0xRRGGBB."""
    rgb = rgb.astype(np.uint32, copy=False)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


def _unpack(packed: np.ndarray) -> np.ndarray:
    """(N,) uint32 0xRRGGBB → (N, 3) uint8."""
    packed = packed.astype(np.uint32, copy=False)
    return np.stack([(packed >> 16) & 255, (packed >> 8) & 255, packed & 255], axis=1).astype(
        np.uint8
    )


def median_cut(colours: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """A palette of at most ``n`` colours for weighted ``colours (N, 3)``: (K, 3) uint8.

    Repeatedly splits the box with the widest channel range (weighted by its pixel count) at
    its weighted median; each palette entry is the weighted mean of one box.
    """
    colours = np.asarray(colours, dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)

    def scored(box: np.ndarray) -> tuple[float, int, np.ndarray]:
        if len(box) < 2:
            return 0.0, 0, box
        spans = np.ptp(colours[box], axis=0)
        axis = int(np.argmax(spans))
        return float(spans[axis] * np.sqrt(weights[box].sum())), axis, box

    boxes = [scored(np.arange(len(colours)))]
    while len(boxes) < n:
        best = max(range(len(boxes)), key=lambda i: boxes[i][0])
        score, axis, box = boxes[best]
        if score <= 0.0:
            break
        boxes.pop(best)
        order = box[np.argsort(colours[box, axis], kind="stable")]
        cumulative = np.cumsum(weights[order])
        cut = int(np.searchsorted(cumulative, cumulative[-1] / 2.0))
        cut = min(max(cut, 1), len(order) - 1)
        boxes.extend((scored(order[:cut]), scored(order[cut:])))
    labels = np.empty(len(colours), dtype=np.int64)
    for i, (_, _, box) in enumerate(boxes):
        labels[box] = i
    total = np.bincount(labels, weights=weights, minlength=len(boxes))
    palette = (
        np.stack(
            [
                np.bincount(labels, weights=weights * colours[:, c], minlength=len(boxes))
                for c in range(3)
            ],
            axis=1,
        )
        / np.maximum(total, 1e-12)[:, None]
    )
    return np.clip(np.rint(palette), 0, 255).astype(np.uint8)


def _nearest(colours: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """Index into ``palette (K, 3)`` of the nearest entry to each of ``colours (N, 3)``."""
    c = colours.astype(np.int32)
    p = palette.astype(np.int32)
    out = np.empty(len(c), dtype=np.uint8)
    for start in range(0, len(c), 4096):  # bounded memory: 4096 × K distances at a time
        block = c[start : start + 4096]
        d = ((block[:, None, :] - p[None, :, :]) ** 2).sum(axis=2)
        out[start : start + 4096] = np.argmin(d, axis=1)
    return out


def quantize(pixels: np.ndarray, max_colours: int = MAX_COLOURS) -> tuple[np.ndarray, np.ndarray]:
    """Map ``pixels (N, 3) uint8`` to at most ``max_colours``: (palette (K, 3), indices (N,)).

    Exact when the pixels use at most ``max_colours`` colours; otherwise a median cut of the
    5-bit-per-channel histogram, each pixel taking the palette entry nearest its 5-bit cell.
    """
    packed = _pack(pixels)
    unique, inverse = np.unique(packed, return_inverse=True)
    if len(unique) <= max_colours:
        return _unpack(unique), inverse.astype(np.uint8).reshape(-1)
    cells = (
        ((pixels[:, 0].astype(np.uint32) >> 3) << 10)
        | ((pixels[:, 1].astype(np.uint32) >> 3) << 5)
        | (pixels[:, 2].astype(np.uint32) >> 3)
    )
    counts = np.bincount(cells, minlength=1 << 15)
    present = np.flatnonzero(counts)
    # Cell centres, so that a 5-bit cell stands for the colours it holds.
    centres = np.stack(
        [((present >> 10) & 31) * 8 + 4, ((present >> 5) & 31) * 8 + 4, (present & 31) * 8 + 4],
        axis=1,
    )
    palette = median_cut(centres, counts[present], max_colours)
    lookup = np.zeros(1 << 15, dtype=np.uint8)
    lookup[present] = _nearest(centres, palette)
    return palette, lookup[cells]


# ----------------------------------------------------------------------------- LZW
def lzw_encode(indices: bytes, min_code_size: int) -> bytes:
    """GIF-flavoured variable-width LZW of ``indices`` (each < 2**min_code_size).

    Starts with a clear code, grows the code width up to 12 bits, clears the table when it
    fills, and ends with the end-of-information code. The table is a dict keyed by
    ``prefix_code << 8 | byte``. Runs of one index (the transparent background of a frame
    patch) skip ahead: the codes of ``b``, ``bb``, ``bbb`` … are kept per byte value, so a
    run costs one step per code emitted rather than one per pixel.
    """
    clear = 1 << min_code_size
    end = clear + 1
    out = bytearray()
    bit_buffer = 0
    bit_count = 0
    size = min_code_size + 1
    next_code = end + 1
    table: dict[int, int] = {}
    # run_codes[b][k - 1] is the code of k repeats of b; run_of[code] = (b, k).
    run_codes: dict[int, list[int]] = {}
    run_of: dict[int, tuple[int, int]] = {}

    def emit(code: int, width: int) -> None:
        nonlocal bit_buffer, bit_count
        bit_buffer |= code << bit_count
        bit_count += width
        while bit_count >= 8:
            out.append(bit_buffer & 255)
            bit_buffer >>= 8
            bit_count -= 8

    def reset_runs() -> None:
        run_codes.clear()
        run_of.clear()
        for b in range(clear):
            run_codes[b] = [b]
            run_of[b] = (b, 1)

    emit(clear, size)
    data = np.frombuffer(indices, dtype=np.uint8)
    if len(data) == 0:
        emit(end, size)
        if bit_count:
            out.append(bit_buffer & 255)
        return bytes(out)
    reset_runs()
    starts = np.concatenate(([0], np.flatnonzero(data[1:] != data[:-1]) + 1))
    lengths = np.diff(np.append(starts, len(data)))
    values = data[starts]
    get = table.get
    prefix = -1
    for b, remaining in zip(values.tolist(), lengths.tolist(), strict=True):
        if prefix < 0:
            prefix = b
            remaining -= 1
        while remaining:
            run = run_of.get(prefix)
            if run is not None and run[0] == b:
                codes = run_codes[b]
                k = run[1]
                if k < len(codes):
                    step = min(len(codes) - k, remaining)
                    prefix = codes[k + step - 1]
                    remaining -= step
                    if not remaining:
                        break
                    run = (b, k + step)
            key = (prefix << 8) | b
            code = get(key)
            if code is not None:
                prefix = code
                remaining -= 1
                continue
            emit(prefix, size)
            table[key] = next_code
            if run is not None and run[0] == b:
                run_codes[b].append(next_code)
                run_of[next_code] = (b, run[1] + 1)
            next_code += 1
            # The decoder adds each entry one code later than we do: widen one code later too.
            if next_code > (1 << size) and size < 12:
                size += 1
            if next_code == MAX_CODE:
                emit(clear, size)
                table.clear()
                reset_runs()
                size = min_code_size + 1
                next_code = end + 1
            prefix = b
            remaining -= 1
    emit(prefix, size)
    # The decoder adds one more entry on reading that last code: mirror its width change.
    if next_code + 1 > (1 << size) and size < 12 and next_code < MAX_CODE:
        size += 1
    emit(end, size)
    if bit_count:
        out.append(bit_buffer & 255)
    return bytes(out)


def _sub_blocks(data: bytes) -> bytes:
    """GIF data sub-blocks (≤ 255 bytes each) and the block terminator."""
    parts = bytearray()
    for start in range(0, len(data), 255):
        chunk = data[start : start + 255]
        parts.append(len(chunk))
        parts += chunk
    parts.append(0)
    return bytes(parts)


def _table_bits(n: int) -> int:
    """Colour table size field: the table holds 2**(bits+1) ≥ n entries."""
    bits = 0
    while (2 << bits) < n:
        bits += 1
    return bits


# ----------------------------------------------------------------------------- writer
class GifWriter:
    """Streams an animated GIF to ``stream``, one RGB frame at a time.

    ``width × height`` pixels; ``fps`` sets every frame's delay (hundredths of a second, see
    ``delay_centiseconds``); ``loop`` = 0 repeats forever (the NETSCAPE2.0 extension).
    Call ``close()`` to write the trailer; the stream stays open.
    """

    def __init__(
        self, stream: BinaryIO, width: int, height: int, fps: float, loop: int = LOOP_FOREVER
    ) -> None:
        if not (1 <= width <= 65535 and 1 <= height <= 65535):
            raise ValueError(f"GIF size must be 1…65535 pixels a side, got {width}×{height}")
        self.stream = stream
        self.width, self.height = int(width), int(height)
        self.delay = delay_centiseconds(fps)
        self.frames = 0
        self._previous: np.ndarray | None = None
        self._closed = False
        header = bytearray(b"GIF89a")
        # Logical screen: no global colour table (each frame has its own), 8-bit colour.
        header += self.width.to_bytes(2, "little") + self.height.to_bytes(2, "little")
        header += bytes((0x70, 0, 0))
        header += b"\x21\xff\x0bNETSCAPE2.0\x03\x01" + int(loop).to_bytes(2, "little") + b"\x00"
        stream.write(bytes(header))

    def add_frame(self, rgb: np.ndarray) -> None:
        """Append one frame: ``rgb (height, width, 3) uint8``."""
        if self._closed:
            raise ValueError("GIF writer is closed")
        rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
        if rgb.shape != (self.height, self.width, 3):
            raise ValueError(
                f"frame must be ({self.height}, {self.width}, 3) uint8, got {rgb.shape}"
            )
        previous = self._previous
        if previous is None:
            top, left, bottom, right = 0, 0, self.height, self.width
            changed = None
        else:
            differs = rgb != previous
            changed_mask = differs[..., 0] | differs[..., 1] | differs[..., 2]
            rows = np.flatnonzero(changed_mask.any(axis=1))
            if len(rows) == 0:
                # Nothing changed: a 1×1 transparent patch keeps the frame (and its delay).
                top, left, bottom, right = 0, 0, 1, 1
            else:
                cols = np.flatnonzero(changed_mask.any(axis=0))
                top, bottom = int(rows[0]), int(rows[-1]) + 1
                left, right = int(cols[0]), int(cols[-1]) + 1
            changed = changed_mask[top:bottom, left:right].reshape(-1)
        patch = rgb[top:bottom, left:right].reshape(-1, 3)
        self._write_image(patch, changed, left, top, right - left, bottom - top)
        self._previous = rgb
        self.frames += 1

    def _write_image(
        self,
        patch: np.ndarray,
        changed: np.ndarray | None,
        left: int,
        top: int,
        width: int,
        height: int,
    ) -> None:
        transparent = None
        if changed is None:
            palette, indices = quantize(patch, MAX_COLOURS)
        else:
            # Unchanged pixels become transparent: long runs of one index that LZW packs well.
            indices = np.zeros(len(patch), dtype=np.uint8)
            if changed.any():
                palette, indices_changed = quantize(patch[changed], MAX_COLOURS - 1)
                indices[changed] = indices_changed
            else:
                palette = np.zeros((1, 3), dtype=np.uint8)
            transparent = len(palette)
            indices[~changed] = transparent
            palette = np.vstack([palette, np.zeros((1, 3), dtype=np.uint8)])
        bits = _table_bits(len(palette))
        table = np.zeros((2 << bits, 3), dtype=np.uint8)
        table[: len(palette)] = palette
        min_code_size = max(2, bits + 1)
        out = bytearray()
        # Graphic control: disposal 1 ("do not dispose"), the delay, the transparent index.
        flags = (1 << 2) | (1 if transparent is not None else 0)
        out += b"\x21\xf9\x04" + bytes((flags,)) + self.delay.to_bytes(2, "little")
        out += bytes((transparent or 0, 0))
        out += b"\x2c" + b"".join(v.to_bytes(2, "little") for v in (left, top, width, height))
        out += bytes((0x80 | bits,))  # a local colour table, not interlaced
        out += table.tobytes()
        out.append(min_code_size)
        out += _sub_blocks(lzw_encode(indices.tobytes(), min_code_size))
        self.stream.write(bytes(out))

    def close(self) -> None:
        """Write the trailer (and an empty frame if none was added)."""
        if self._closed:
            return
        if self.frames == 0:
            self.add_frame(np.zeros((self.height, self.width, 3), dtype=np.uint8))
        self.stream.write(b"\x3b")
        self._closed = True
