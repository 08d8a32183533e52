#!/usr/bin/env python3
"""Make gongwen's built-in font: a subset of Noto Serif CJK SC.

Usage: python3 fonts/make-subset.py [SOURCE.ttc] [OUTPUT.otf]

Needs fontTools (`pip install fonttools`). The source defaults to Debian's
fonts-noto-cjk collection; the face used is the one named "Noto Serif CJK SC".
The character set is GB2312 ∪ Big5 ∪ printable ASCII ∪ CJK symbols and
punctuation ∪ half- and full-width forms ∪ the general punctuation a report
uses, built by decoding every valid double-byte sequence of GB2312 and Big5
with Python's codecs, so the result is the same on every run.
"""

import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
OUTPUT = "fonts/NotoSerifCJK-gongwen.otf"
FACE = "Noto Serif CJK SC"


def double_byte(codec, leads, trails):
    """Every character a valid double-byte sequence of `codec` decodes to."""
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            chars.update(text)
    return chars


def charset():
    chars = set()
    chars |= double_byte("gb2312", range(0xA1, 0xFF), range(0xA1, 0xFF))
    chars |= double_byte(
        "big5", range(0xA1, 0xFA), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    )
    # Hong Kong characters (邨, 峯 …) of Big5-HKSCS.
    chars |= double_byte(
        "big5hkscs", range(0x87, 0xFF), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    )
    chars |= {chr(c) for c in range(0x20, 0x7F)}
    chars |= {chr(c) for c in range(0x2190, 0x2200)}  # arrows
    chars |= {chr(c) for c in range(0x25A0, 0x2600)}  # geometric shapes ■ □ ▲ ► ● ○
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK symbols and punctuation
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms
    chars |= {chr(c) for c in range(0xFF61, 0xFFA0)}  # half-width CJK punctuation
    chars |= {chr(c) for c in range(0xFFE0, 0xFFE7)}  # full-width signs ￠￡￥
    chars |= set("\u00a0\u00b7\u00d7\u00f7\u00b0\u00a7")  # nbsp · × ÷ ° §
    chars |= set("\u2010\u2012\u2013\u2014\u2015\u2016\u2018\u2019\u201c\u201d")
    chars |= set("\u2022\u2025\u2026\u2027\u2030\u2032\u2033\u203b\u2122\u2116")
    chars |= {chr(c) for c in range(0x2460, 0x2474)}  # ①–⑳
    chars |= {chr(c) for c in range(0x2474, 0x2488)}  # ⑴–⒇
    chars |= {chr(c) for c in range(0x2160, 0x216C)}  # Ⅰ–Ⅻ
    chars.discard("\ufffd")
    return sorted(chars)


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else SOURCE
    output = sys.argv[2] if len(sys.argv) > 2 else OUTPUT
    collection = TTCollection(source)
    faces = [f for f in collection.fonts if f["name"].getDebugName(1) == FACE]
    if not faces:
        sys.exit(f"{source}: no face named {FACE!r}")
    font = faces[0]
    chars = charset()
    options = subset.Options()
    # gongwen maps characters to glyphs through the cmap and does no shaping,
    # so OpenType layout features are dropped: keeping `locl` would pull in
    # the Japanese, Korean and Traditional alternates and double the size.
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    options.drop_tables += ["VORG", "vhea", "vmtx", "DSIG", "GSUB", "GPOS"]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    font.save(output)
    cmap = font.getBestCmap()
    missing = [c for c in chars if ord(c) not in cmap]
    print(f"{output}: {len(chars)} characters asked, {len(cmap)} mapped, "
          f"{len(missing)} not in {FACE}")


if __name__ == "__main__":
    main()
