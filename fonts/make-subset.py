#!/usr/bin/env python3
"""Make gongwen's built-in fonts: subsets of free CJK faces, one per 公文 role.

Usage: python3 fonts/make-subset.py [OUTPUT_DIR]

Writes the files listed in FACES (below) into OUTPUT_DIR (default: the folder
this script is in), then opens every file again and checks it (coverage,
centred full-width punctuation in the Traditional faces, …). Exits
non-zero if a check fails.

Needs fontTools (`pip install fonttools`) and Debian's packages

    fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai fonts-cns11643-kai

The output depends only on the source fonts and the fontTools version: no
time stamp is written (`head.modified` keeps the source's value), the
character sets are built by decoding every valid double-byte sequence of
GB2312 / Big5 / Big5-HKSCS with Python's codecs, and everything is sorted.

Roles and files (see README.md):

  body      NotoSerifCJK-gongwen.otf            Noto Serif CJK SC Regular
            NotoSerifCJK-TC-gongwen.otf         Noto Serif CJK TC Regular
  title     NotoSerifCJK-Bold-gongwen.otf       Noto Serif CJK SC Bold
            NotoSerifCJK-Bold-TC-gongwen.otf    Noto Serif CJK TC Bold
  heading1  NotoSansCJK-Medium-gongwen.otf      Noto Sans CJK SC Medium
            NotoSansCJK-Medium-TC-gongwen.otf   Noto Sans CJK TC Medium
  heading2  WenKai-gongwen.ttf                  LXGW WenKai Regular, renamed "gongwen WenKai"
            TW-Kai-gongwen.ttf                  TW-Kai (全字庫正楷體), Big5 level 1 + CJK punctuation

Each role has a Simplified (SC) and a Traditional (TC) face with the same
character set; the TC faces draw the Traditional Chinese glyph forms (骨 述 說,
centred ，。). For Traditional text the runtime uses the chain [TC face, SC
face], so a whole Traditional line is drawn in one face. LXGW WenKai has no
TC forms, so the Traditional Kai face is TW-Kai over the common Traditional
characters.
"""

import hashlib
import os
import sys

from fontTools import subset
from fontTools import version as fonttools_version
from fontTools.ttLib import TTCollection, TTFont

NOTO = "/usr/share/fonts/opentype/noto/"
LXGW = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
TWKAI = "/usr/share/fonts/truetype/cns11643/TW-Kai-98_1.ttf"

TRAIL_BIG5 = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))


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
    chars.discard("\ufffd")
    return chars


def span(first, last):
    return {chr(c) for c in range(first, last + 1)}


GB2312 = double_byte("gb2312", range(0xA1, 0xFF), range(0xA1, 0xFF))
BIG5 = double_byte("big5", range(0xA1, 0xFA), TRAIL_BIG5)
# Big5 rows A1–A3: punctuation, full-width forms, symbols, bopomofo.
BIG5_SYMBOLS = double_byte("big5", range(0xA1, 0xA4), TRAIL_BIG5)
# Big5 level 1: the 5 401 frequent hanzi (A440–C67E).
BIG5_LEVEL1 = double_byte("big5", range(0xA4, 0xC6), TRAIL_BIG5) | double_byte(
    "big5", [0xC6], range(0x40, 0x7F)
)
# Hong Kong characters (邨, 峯 …) of Big5-HKSCS.
HKSCS = double_byte("big5hkscs", range(0x87, 0xFF), TRAIL_BIG5)

# Everything that is not a hanzi of GB2312 / Big5: ASCII, punctuation, signs.
SYMBOLS = (
    span(0x20, 0x7E)
    | span(0x2190, 0x21FF)  # arrows
    | span(0x25A0, 0x25FF)  # geometric shapes ■ □ ▲ ► ● ○
    | span(0x3000, 0x303F)  # CJK symbols and punctuation
    | span(0xFF01, 0xFF5E)  # full-width forms
    | span(0xFF61, 0xFF9F)  # half-width CJK punctuation
    | span(0xFFE0, 0xFFE6)  # full-width signs ￠￡￥
    | set("\u00a0\u00b7\u00d7\u00f7\u00b0\u00a7")  # nbsp · × ÷ ° §
    | set("\u2010\u2012\u2013\u2014\u2015\u2016\u2018\u2019\u201c\u201d")
    | set("\u2022\u2025\u2026\u2027\u2030\u2032\u2033\u203b\u2122\u2116")
    | span(0x2460, 0x2473)  # ①–⑳
    | span(0x2474, 0x2487)  # ⑴–⒇
    | span(0x2160, 0x216B)  # Ⅰ–Ⅻ
)

# Body: GB2312 ∪ Big5 ∪ Big5-HKSCS ∪ symbols (the set of the first built-in font).
FULL = GB2312 | BIG5 | HKSCS | SYMBOLS
# Title and heading faces: the body face draws what they lack.
HEADING = GB2312 | BIG5_LEVEL1 | BIG5_SYMBOLS | SYMBOLS
# The Kai face: Simplified text only; Traditional text goes to TW-Kai first.
KAI = GB2312 | SYMBOLS
# TW-Kai: common Traditional hanzi and the CJK punctuation of Big5 (full-width,
# centred in TC forms). Latin, Greek, digits and signs stay with WenKai.
CJK_PUNCT = span(0x3000, 0x303F) | span(0xFF01, 0xFF5E) | span(0xFFE0, 0xFFE6)
TWKAI_SET = BIG5_LEVEL1 | (BIG5_SYMBOLS & CJK_PUNCT)

WENKAI_NAMES = [
    ("LXGWWenKai", "gongwenWenKai"),
    ("LXGW WenKai", "gongwen WenKai"),
    ("霞鹜文楷", "gongwen WenKai"),
]


class Face:
    def __init__(self, output, role, script, source, face, chars,
                 rename=None, em_box_top=None):
        self.output = output  # file name in OUTPUT_DIR
        self.role = role
        self.script = script  # "SC" or "TC"
        self.source = source  # path of a .ttc/.otf/.ttf
        self.face = face  # name ID 1 of the face in a collection, or None
        self.chars = chars  # the character set asked for
        self.rename = rename  # list of (old, new) substrings for the name table
        # For a TrueType face whose ideographic em box is not 0.88 em above
        # and 0.12 em below the baseline as in Noto CJK and LXGW WenKai: the
        # top of the em box in font units now, to move every outline up to.
        self.em_box_top = em_box_top


FACES = [
    Face("NotoSerifCJK-gongwen.otf", "body", "SC",
         NOTO + "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", FULL),
    Face("NotoSerifCJK-TC-gongwen.otf", "body", "TC",
         NOTO + "NotoSerifCJK-Regular.ttc", "Noto Serif CJK TC", FULL),
    Face("NotoSerifCJK-Bold-gongwen.otf", "title", "SC",
         NOTO + "NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", HEADING),
    Face("NotoSerifCJK-Bold-TC-gongwen.otf", "title", "TC",
         NOTO + "NotoSerifCJK-Bold.ttc", "Noto Serif CJK TC", HEADING),
    Face("NotoSansCJK-Medium-gongwen.otf", "heading1", "SC",
         NOTO + "NotoSansCJK-Medium.ttc", "Noto Sans CJK SC Medium", HEADING),
    Face("NotoSansCJK-Medium-TC-gongwen.otf", "heading1", "TC",
         NOTO + "NotoSansCJK-Medium.ttc", "Noto Sans CJK TC Medium", HEADING),
    Face("WenKai-gongwen.ttf", "heading2", "SC", LXGW, None, KAI,
         rename=WENKAI_NAMES),
    # TW-Kai's em box is 820 above and 204 below the baseline (of 1024).
    Face("TW-Kai-gongwen.ttf", "heading2", "TC", TWKAI, None, TWKAI_SET,
         em_box_top=820),
]

# Characters whose TC form the checks look for in a TC face.
TC_PROBE = "骨述說戶"
CENTRED_PROBE = "，。"


def load(source, face):
    """A fresh TTFont for `face` of `source` (a new collection every time:
    the faces of a .ttc share table objects, and subsetting changes them)."""
    if face is None:
        return TTFont(source, recalcTimestamp=False)
    collection = TTCollection(source, recalcTimestamp=False)
    for font in collection.fonts:
        if font["name"].getDebugName(1) == face:
            return font
    sys.exit(f"{source}: no face named {face!r}")


def options():
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
    options.drop_tables += ["VORG", "vhea", "vmtx", "DSIG", "GSUB", "GPOS", "BASE", "FFTM"]
    return options


def rename(font, pairs):
    for record in font["name"].names:
        if record.nameID in (0, 7, 13, 14):  # copyright, trademark, licence: keep
            continue
        text = record.toUnicode()
        new = text
        for old, replacement in pairs:
            new = new.replace(old, replacement)
        if new != text:
            record.string = new


def raise_em_box(font, top):
    """Move every outline of a TrueType font up so that its ideographic em box
    (`top` - unitsPerEm .. `top` font units) sits at -0.12 .. 0.88 em, like
    the other built-in faces: a Kai run then lines up with body text set on
    the same line. The shapes and advances are unchanged."""
    upm = font["head"].unitsPerEm
    dy = round(upm * 0.88) - top
    glyf = font["glyf"]
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        # Composite glyphs move with their components.
        if glyph.numberOfContours > 0:
            glyph.coordinates.translate((0, dy))
            glyph.recalcBounds(glyf)
    for name in font.getGlyphOrder():
        if glyf[name].isComposite():
            glyf[name].recalcBounds(glyf)
    font["hhea"].ascent += dy
    font["hhea"].descent += dy
    os2 = font["OS/2"]
    os2.sTypoAscender += dy
    os2.sTypoDescender += dy
    os2.usWinAscent += dy
    os2.usWinDescent = max(0, os2.usWinDescent - dy)


def make(face, out_dir):
    chars = face.chars
    font = load(face.source, face.face)
    font.recalcTimestamp = False
    subsetter = subset.Subsetter(options=options())
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    if face.rename:
        rename(font, face.rename)
    if face.em_box_top is not None:
        raise_em_box(font, face.em_box_top)
    path = os.path.join(out_dir, face.output)
    font.save(path)
    return chars


def centred(font, char):
    """(x-centre of the outline's bounding box, half the advance) of `char`."""
    from fontTools.pens.boundsPen import BoundsPen

    glyph_set = font.getGlyphSet()
    name = font.getBestCmap()[ord(char)]
    pen = BoundsPen(glyph_set)
    glyph_set[name].draw(pen)
    x_min, _, x_max, _ = pen.bounds
    return (x_min + x_max) / 2, glyph_set[name].width / 2


def check(face, asked, out_dir):
    """Open the output again and check it. Returns (report line, problems)."""
    path = os.path.join(out_dir, face.output)
    problems = []
    font = TTFont(path)
    cmap = font.getBestCmap()
    source_cmap = load(face.source, face.face).getBestCmap()
    expected = {c for c in asked if ord(c) in source_cmap}
    mapped = {chr(u) for u in cmap}
    if expected - mapped:
        problems.append(f"{len(expected - mapped)} characters asked for are not in the cmap")
    # fontTools adds the Bidi mirror of a character asked for (∈ brings ∋):
    # harmless, the mirror's glyph is kept too.
    extra = "".join(sorted(mapped - expected))
    family = font["name"].getDebugName(16) or font["name"].getDebugName(1)
    for record in font["name"].names:
        if face.rename and record.nameID not in (0, 7, 13, 14):
            if any(old in record.toUnicode() for old, _ in face.rename):
                problems.append(f"name ID {record.nameID} keeps a reserved name")
    notes = []
    if face.script == "TC":
        for char in CENTRED_PROBE:
            if ord(char) not in cmap:
                problems.append(f"{char} not in the TC face")
                continue
            x_centre, half = centred(font, char)
            upem = font["head"].unitsPerEm
            if abs(x_centre - half) > upem * 0.05:
                problems.append(f"{char} not centred: box centre {x_centre}, half advance {half}")
            notes.append(f"{char} centre {x_centre:.0f}/{half:.0f}")
        present = "".join(c for c in TC_PROBE if ord(c) in cmap)
        absent = "".join(c for c in TC_PROBE if ord(c) not in cmap)
        notes.append(f"has {present or '-'}" + (f", lacks {absent} (same glyph in SC)" if absent else ""))
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    line = (f"{face.output}: {face.role} {face.script}, {family!r}, "
            f"{font['head'].unitsPerEm} upm, {len(cmap)} characters "
            f"({len(asked) - len(expected)} asked but not in the source"
            + (f", {len(extra)} Bidi mirrors added: {extra}" if extra else "") + "), "
            f"{size} bytes, sha256 {digest[:16]}" + (f"; {'; '.join(notes)}" if notes else ""))
    return line, problems


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    print(f"fontTools {fonttools_version}")
    total = 0
    failed = False
    for face in FACES:
        asked = make(face, out_dir)
        line, problems = check(face, asked, out_dir)
        total += os.path.getsize(os.path.join(out_dir, face.output))
        print(line, flush=True)
        for problem in problems:
            print(f"  PROBLEM: {problem}")
            failed = True
    print(f"total {total} bytes")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
