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

  body      NotoSerifCJK-gongwen.ttc  0         Noto Serif CJK SC Regular
                                      1         Noto Serif CJK TC Regular
  title     NotoSerifCJK-Bold-gongwen.ttc  0    Noto Serif CJK SC Bold
                                           1    Noto Serif CJK TC Bold
  heading1  NotoSansCJK-Medium-gongwen.ttc 0    Noto Sans CJK SC Medium
                                           1    Noto Sans CJK TC Medium
  heading2  WenKai-gongwen.ttf                  LXGW WenKai Regular, renamed "gongwen WenKai"
            TW-Kai-gongwen.ttf                  TW-Kai (全字庫正楷體), Big5 level 1 + CJK punctuation

Each role has a Simplified (SC) and a Traditional (TC) face with the same
character set; the TC faces draw the Traditional Chinese glyph forms (骨 述 說,
centred ，。). For Traditional text the runtime uses the chain [TC face, SC
face], so a whole Traditional line is drawn in one face. LXGW WenKai has no
TC forms, so the Traditional Kai face is TW-Kai over the common Traditional
characters.

The Noto faces are CFF; the script converts their outlines to TrueType
quadratic curves (fontTools' cu2qu, at most 1 unit of 1000 from the cubic
curve): a PDF writer subsets TrueType outlines by copying glyph records, where
CFF charstrings must be decompiled and rewritten, which made subsetting half
the time of writing a PDF. The SC and TC faces of a role are the two faces of
one collection (.ttc) sharing one glyph table, holding every glyph either face
maps a character to: most characters have the same glyph in both, so the
collection is a third smaller than two files.
"""

import hashlib
import os
import sys

from fontTools import subset
from fontTools import version as fonttools_version
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

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
                 rename=None, em_box_top=None, number=0):
        self.output = output  # file name in OUTPUT_DIR
        self.number = number  # the face's number in a collection (.ttc) output
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
    Face("NotoSerifCJK-gongwen.ttc", "body", "SC",
         NOTO + "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", FULL),
    Face("NotoSerifCJK-gongwen.ttc", "body", "TC",
         NOTO + "NotoSerifCJK-Regular.ttc", "Noto Serif CJK TC", FULL, number=1),
    Face("NotoSerifCJK-Bold-gongwen.ttc", "title", "SC",
         NOTO + "NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", HEADING),
    Face("NotoSerifCJK-Bold-gongwen.ttc", "title", "TC",
         NOTO + "NotoSerifCJK-Bold.ttc", "Noto Serif CJK TC", HEADING, number=1),
    Face("NotoSansCJK-Medium-gongwen.ttc", "heading1", "SC",
         NOTO + "NotoSansCJK-Medium.ttc", "Noto Sans CJK SC Medium", HEADING),
    Face("NotoSansCJK-Medium-gongwen.ttc", "heading1", "TC",
         NOTO + "NotoSansCJK-Medium.ttc", "Noto Sans CJK TC Medium", HEADING, number=1),
    Face("WenKai-gongwen.ttf", "heading2", "SC", LXGW, None, KAI,
         rename=WENKAI_NAMES),
    # TW-Kai's em box is 820 above and 204 below the baseline (of 1024).
    Face("TW-Kai-gongwen.ttf", "heading2", "TC", TWKAI, None, TWKAI_SET,
         em_box_top=820),
]

# The tables the faces of a collection share: the outlines and what is per glyph.
SHARED_TABLES = ("glyf", "loca", "hmtx")

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


def to_truetype(font):
    """Replace a CFF font's outlines by TrueType ones: each cubic curve becomes
    quadratic curves within 1 font unit of it, contours turned clockwise.
    Advances, metrics and the cmap are unchanged."""
    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    del font["CFF "]
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    maxp = font["maxp"] = newTable("maxp")
    # Version 1.0 (TrueType); fontTools computes the counts when saving.
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements", "maxPoints", "maxContours",
                  "maxCompositePoints", "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.numGlyphs = len(order)
    font["head"].glyphDataFormat = 0
    # Glyph names are not needed: text maps to glyphs through the cmap.
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def subset_face(face, glyphs=()):
    """The subset of `face`'s source for its characters (and `glyphs`, glyph
    names kept whether a character maps to them or not)."""
    font = load(face.source, face.face)
    font.recalcTimestamp = False
    subsetter = subset.Subsetter(options=options())
    subsetter.populate(glyphs=sorted(glyphs), unicodes=sorted(ord(c) for c in face.chars))
    subsetter.subset(font)
    # fontTools also maps the Bidi mirror of a character asked for (∈ brings
    # ∋) and, with glyphs asked for, every character the source maps to one of
    # them (the soft hyphen to the hyphen's glyph, Kangxi radicals to their
    # ideographs): the cmap keeps the characters asked for only.
    for table in font["cmap"].tables:
        if table.format != 14:
            table.cmap = {u: g for u, g in table.cmap.items() if chr(u) in face.chars}
    if face.rename:
        rename(font, face.rename)
    if face.em_box_top is not None:
        raise_em_box(font, face.em_box_top)
    return font


def make(faces, out_dir):
    """Write the file of `faces` (one face, or the faces of one collection)."""
    path = os.path.join(out_dir, faces[0].output)
    if len(faces) == 1:
        subset_face(faces[0]).save(path)
        return
    # Every glyph any face maps one of its characters to: the faces then keep
    # the same glyphs in the same order and can share their glyph tables.
    glyphs = set()
    for face in faces:
        cmap = load(face.source, face.face).getBestCmap()
        glyphs |= {cmap[ord(c)] for c in face.chars if ord(c) in cmap}
    fonts = [subset_face(face, glyphs) for face in faces]
    for font in fonts:
        to_truetype(font)
        if font.getGlyphOrder() != fonts[0].getGlyphOrder():
            sys.exit(f"{path}: the faces keep different glyphs")
    collection = TTCollection()
    collection.fonts = fonts
    collection.save(path, shareTables=True)


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
    font = TTFont(path, fontNumber=face.number)
    cmap = font.getBestCmap()
    source_cmap = load(face.source, face.face).getBestCmap()
    expected = {c for c in asked if ord(c) in source_cmap}
    mapped = {chr(u) for u in cmap}
    if expected - mapped:
        problems.append(f"{len(expected - mapped)} characters asked for are not in the cmap")
    extra = "".join(sorted(mapped - expected))
    if extra:
        problems.append(f"{len(extra)} characters mapped that were not asked for")
    family = font["name"].getDebugName(16) or font["name"].getDebugName(1)
    for record in font["name"].names:
        if face.rename and record.nameID not in (0, 7, 13, 14):
            if any(old in record.toUnicode() for old, _ in face.rename):
                problems.append(f"name ID {record.nameID} keeps a reserved name")
    notes = []
    if face.number > 0:
        first = TTFont(path, fontNumber=0)
        for tag in SHARED_TABLES:
            if font.reader.tables[tag].offset != first.reader.tables[tag].offset:
                problems.append(f"{tag} not shared with face 0")
        notes.append(f"shares {' '.join(SHARED_TABLES)} with face 0")
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
    outlines = "TrueType" if "glyf" in font else "CFF"
    line = (f"{face.output} {face.number}: {face.role} {face.script}, {family!r}, {outlines}, "
            f"{font['head'].unitsPerEm} upm, {len(cmap)} characters "
            f"({len(asked) - len(expected)} asked but not in the source"
            + (f", {len(extra)} not asked for: {extra}" if extra else "") + "), "
            f"{size} bytes, sha256 {digest[:16]}" + (f"; {'; '.join(notes)}" if notes else ""))
    return line, problems


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    print(f"fontTools {fonttools_version}")
    total = 0
    failed = False
    outputs = {}
    for face in FACES:
        outputs.setdefault(face.output, []).append(face)
    for output, faces in outputs.items():
        make(faces, out_dir)
        total += os.path.getsize(os.path.join(out_dir, output))
        for face in faces:
            line, problems = check(face, face.chars, out_dir)
            print(line, flush=True)
            for problem in problems:
                print(f"  PROBLEM: {problem}")
                failed = True
    print(f"total {total} bytes")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
