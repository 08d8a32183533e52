"""What two independent OFD consumers, ofdkit and easyofd, make of an OFD (tests/ofd.rs).

    ofd_consumers.py OFD [PDF]
    ofd_consumers.py --render FONT OFD PDF
    ofd_consumers.py --from-pdf PDF OFD

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

With ``--render``, easyofd draws the OFD's pages (its OFD-to-PDF renderer, which draws every
character at the place it computes, in the one TrueType face it is given: FONT) and both its pages
and ours (PDF, drawn in that face too) are rasterized at ``dpi``; per page, the ink of each
(``ours``, ``theirs``) and ``distance_mm``, the largest distance from an ink pixel of either page
to the nearest ink of the other (null beyond 1 mm).

With ``--from-pdf``, easyofd converts a PDF to an OFD of its own making (OFD from another
producer, for our reader) and writes it to OFD.
"""

import base64
import contextlib
import io
import json
import logging
import sys

logging.disable(logging.WARNING)

import numpy
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


DPI = 150


def ink(page):
    """A page rasterized at DPI (both documents' pages are A4, at whatever scale), dark = True."""
    zoom = DPI / 25.4 * 210 / page.rect.width
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY)
    return numpy.frombuffer(pix.samples, dtype=numpy.uint8).reshape(pix.height, pix.width) < 128


def grown(mask, r):
    """The mask dilated by a disc of radius r pixels."""
    out = mask.copy()
    h, w = mask.shape
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if (dx or dy) and dx * dx + dy * dy <= r * r:
                out[max(-dy, 0) : h + min(-dy, 0), max(-dx, 0) : w + min(-dx, 0)] |= mask[
                    max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)
                ]
    return out


def render(font, ofd_path, pdf_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as ReportlabFont

    # easyofd draws every character in the face registered as 宋体.
    pdfmetrics.registerFont(ReportlabFont("宋体", font))
    ofd = OFD()
    with contextlib.redirect_stdout(sys.stderr):
        ofd.read(ofd_path, fmt="path")
        drawn = ofd.to_pdf()
    pages = []
    with pymupdf.open(stream=drawn, filetype="pdf") as theirs, pymupdf.open(pdf_path) as ours:
        for mine, other in zip(ours, theirs):
            a, b = ink(mine), ink(other)
            h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
            a, b = a[:h, :w], b[:h, :w]
            distance = None
            for r in range(0, round(DPI / 25.4) + 1):
                if not (a & ~grown(b, r)).any() and not (b & ~grown(a, r)).any():
                    distance = round(r * 25.4 / DPI, 3)
                    break
            pages.append({"ours": int(a.sum()), "theirs": int(b.sum()), "distance_mm": distance})
        result = {"dpi": DPI, "ours": len(ours), "theirs": len(theirs), "pages": pages}
    json.dump(result, sys.stdout)


def main():
    if sys.argv[1] == "--render":
        render(*sys.argv[2:5])
        return
    if sys.argv[1] == "--from-pdf":
        with open(sys.argv[2], "rb") as f, contextlib.redirect_stdout(sys.stderr):
            made = OFD().pdf2ofd(f.read(), optional_text=True)
        with open(sys.argv[3], "wb") as f:
            f.write(made)
        return
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
