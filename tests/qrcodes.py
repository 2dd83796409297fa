"""Reading QR codes the way a phone would: from a screenshot of the element, with zxing-cpp.

No Pillow or numpy in the project, so the screenshot's PNG is decoded here (8-bit, as Chromium writes it).
"""

from __future__ import annotations

import struct
import zlib


def png_gray(data: bytes) -> tuple[bytes, int, int]:
    """Grey pixels of an 8-bit, non-interlaced PNG (what Chromium's screenshots are)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, bpp = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and color in (0, 2, 6), (depth, color, interlace)
            bpp = {0: 1, 2: 3, 6: 4}[color]
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw, stride = zlib.decompress(idat), width * bpp
    previous, out, i = bytearray(stride), bytearray(), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = previous[x]
            c = previous[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line[0::bpp] if bpp == 1 else bytes(
            (r * 299 + g * 587 + b * 114) // 1000 for r, g, b in zip(line[0::bpp], line[1::bpp], line[2::bpp]))
        previous = line
    return bytes(out), width, height


def decode_qr(locator, attempts: int = 4) -> list[str]:
    """What a phone would read from the element, from a screenshot of it.

    A few tries, like a camera's: a screenshot taken while the page still settles can be cut.
    """
    import zxingcpp

    codes = []
    for _ in range(attempts):
        pixels, width, height = png_gray(locator.screenshot())
        codes = [code.text for code in zxingcpp.read_barcodes(memoryview(pixels).cast("B", (height, width)))]
        if codes:
            break
        locator.page.wait_for_timeout(250)
    return codes
