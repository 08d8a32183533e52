"""What two independent OFD consumers, ofdkit and easyofd, make of an OFD (tests/ofd.rs).

    ofd_consumers.py OFD [PDF]

Prints one JSON object:

- ``ofdkit`` and ``easyofd``: the text each extracts, page by page, as a list of strings (runs
  joined without separators);
- ``fonts``: per embedded font (read by easyofd, measured with fontTools): its name, glyph
  count, and the characters drawn in it that its ``cmap`` does not map;
- ``info``: the DocInfo as ofdkit reads it;
- with PDF (ours, of the same report): ``glyphs``, every character as easyofd places it (X, Y
  and DeltaX of each TextCode) and every TextCode's start as ofdkit places it, compared in order
  with the same characters' origins in the PDF (PyMuPDF): how many were compared, how many
  differ in character, and the largest distance in millimetres.
"""

import base64
import contextlib
import io
import json
import logging
import sys

logging.disable(logging.WARNING)

import ofdkit
import pymupdf
from fontTools.ttLib import TTFont

# easyofd prints as it parses: its chatter goes to stderr, the JSON alone to stdout.
with contextlib.redirect_stdout(sys.stderr):
    from easyofd import OFD
    from easyofd.draw.draw_pdf import DrawPDF

MM = 25.4 / 72


def easyofd_pages(path):
    """easyofd's text objects per page: (text, font, [(x, y) per character])."""
    ofd = OFD()
    with contextlib.redirect_stdout(sys.stderr):
        ofd.read(path, fmt="path")
    pages = []
    for doc in ofd.data:
        for index in sorted(doc["page_info"]):
            objects = []
            for o in doc["page_info"][index]["text_list"]:
                text = o["text"]
                xs = DrawPDF.cmp_offset(None, o["pos"][0], o["X"], o["DeltaX"], text, {}, dire="X")
                ys = DrawPDF.cmp_offset(None, o["pos"][1], o["Y"], o["DeltaY"], text, {}, dire="Y")
                ys = ys + [ys[-1]] * (len(text) - len(ys))
                objects.append((text, o["font"], list(zip(xs, ys))))
            pages.append(objects)
        return pages, doc["fonts"]
    return [], {}


def pdf_chars(path):
    """Every character of our PDF with its origin in millimetres, page by page."""
    pages = []
    with pymupdf.open(path) as pdf:
        for page in pdf:
            chars = []
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        for c in span["chars"]:
                            if not c["c"].isspace():
                                x, y = c["origin"]
                                chars.append((c["c"], x * MM, y * MM))
            pages.append(chars)
    return pages


def compare(placed, reference):
    """Pairs characters in order per page: (compared, different characters, largest distance)."""
    compared = differ = 0
    worst = 0.0
    for ours, theirs in zip(placed, reference):
        theirs = sorted(theirs, key=lambda c: (round(c[2], 1), c[1]))
        ours = sorted(ours, key=lambda c: (round(c[2], 1), c[1]))
        for (a, ax, ay), (b, bx, by) in zip(ours, theirs):
            compared += 1
            if a != b:
                differ += 1
                continue
            worst = max(worst, abs(ax - bx), abs(ay - by))
    return {"compared": compared, "differ": differ, "worst_mm": round(worst, 4)}


def main():
    path = sys.argv[1]
    result = {}
    with ofdkit.open(path) as doc:
        result["ofdkit"] = ["".join(r.text for r in page.runs) for page in doc.pages]
        info = doc.info
        result["info"] = {
            "title": info.title,
            "author": info.author,
            "creator": info.creator,
            "custom": dict(info.custom_data),
        }
        starts = [
            [(r.text[0], r.x, r.y) for r in page.runs if r.text and not r.text[0].isspace()]
            for page in doc.pages
        ]
    pages, fonts = easyofd_pages(path)
    result["easyofd"] = ["".join(text for text, _, _ in page) for page in pages]
    drawn = {}
    for page in pages:
        for text, font, _ in page:
            drawn.setdefault(font, set()).update(text)
    result["fonts"] = []
    for font_id, font in fonts.items():
        face = TTFont(io.BytesIO(base64.b64decode(font["font_b64"])))
        cmap = face.getBestCmap() or {}
        result["fonts"].append(
            {
                "name": font["FontNameORI"],
                "glyphs": face["maxp"].numGlyphs,
                "drawn": len(drawn.get(font_id, ())),
                "unmapped": "".join(sorted(c for c in drawn.get(font_id, ()) if ord(c) not in cmap)),
            }
        )
    if len(sys.argv) > 2:
        reference = pdf_chars(sys.argv[2])
        placed = [
            [(c, x, y) for text, _, xy in page for c, (x, y) in zip(text, xy) if not c.isspace()]
            for page in pages
        ]
        result["glyphs"] = {"easyofd": compare(placed, reference)}
        # ofdkit gives where each TextCode starts: compare those with the PDF's characters.
        firsts = []
        for runs, chars in zip(starts, reference):
            near = []
            for c, x, y in runs:
                best = min(chars, key=lambda r: (r[0] != c, abs(r[1] - x) + abs(r[2] - y)))
                near.append((best[0] == c, max(abs(best[1] - x), abs(best[2] - y))))
            firsts.append(near)
        flat = [n for page in firsts for n in page]
        result["glyphs"]["ofdkit"] = {
            "compared": len(flat),
            "differ": sum(1 for same, _ in flat if not same),
            "worst_mm": round(max((d for _, d in flat), default=0.0), 4),
        }
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
