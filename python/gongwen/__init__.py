"""Read, check, convert and archive Chinese official reports (公文).

The Python face of the gongwen library: the same reading, checking and writing as the
``gongwen`` command line, in process, with the GIL released while the library works (so a
thread pool reads or converts several reports at once)::

    import gongwen

    report = gongwen.read("report.txt")          # a path, or the bytes of a report
    for figure in report.figures:
        print(figure.line, figure.kind, figure.value, figure.unit, figure.measure)
    for finding in gongwen.check(report):
        print(finding.rule, finding.severity, finding.line, finding.message)
    sarif = gongwen.check_report(report, to="sarif")  # or "html", the review page
    pdf = gongwen.convert(report, to="pdf")      # bytes, as `gongwen convert --to pdf`
    gongwen.archive(["reports/"], "archive/", jobs=4)

A report gongwen cannot read or write, and options that do not go together, raise
:class:`GongwenError` (a :class:`ValueError`) with the message the command line prints.
:mod:`gongwen.dask` spreads an archive over a Dask cluster.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from ._native import GongwenError

__all__ = [
    "ArchiveSummary",
    "Figure",
    "FigureRef",
    "Finding",
    "GongwenError",
    "MergeSummary",
    "Report",
    "Section",
    "annotate",
    "archive",
    "check",
    "check_report",
    "convert",
    "merge",
    "read",
]

__version__: str = _native.__version__

#: A report to read: a file's path, or its bytes (any format gongwen reads; text in any
#: encoding it detects). A ``str`` is always a path: pass text as ``text.encode()``.
Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]
#: Font files by role (``body``, ``title``, ``heading1``, ``heading2``).
Fonts = Mapping[str, Union[str, "os.PathLike[str]"]]

#: The largest input read unless told otherwise (the command line's ``--max-input``).
MAX_INPUT = 256 << 20


@dataclass(frozen=True)
class Figure:
    """A number in the report, as ``gongwen figures`` lists it."""

    #: Its id in the report's XML (``f1``, ``f2`` …), which findings refer to.
    id: str
    #: Its kind: ``count``, ``money``, ``percent``, ``points``, ``multiple``, ``year``, ``date``,
    #: ``duration``, ``rank``, ``score``, ``measure``, ``ratio``, ``number`` or ``identifier``.
    kind: str
    #: The text as stated (``4.67万``, ``百分之五``).
    text: str
    #: The normalized value, a decimal string (``46700``), if it has one.
    value: Optional[str]
    #: The upper end of a range (``3至5年``).
    value_max: Optional[str]
    #: The normalized unit (``件``, ``万元``), if any.
    unit: Optional[str]
    #: The approximation marker (``约``, ``余``, ``以上`` …), if any.
    approx: Optional[str]
    #: What it measures: the noun phrase it quantifies (``政务服务事项``).
    measure: Optional[str]
    #: 1-based line of the source.
    line: int
    #: 1-based column, in characters.
    column: int


@dataclass(frozen=True)
class Section:
    """A numbered section of the report, in document order (nested ones included)."""

    #: Its depth, 1 (``一、``) to 4 (``（1）``).
    level: int
    #: The numbering marker as written (``（三）``).
    marker: str
    #: The number it stands for (3).
    number: int
    #: The heading's text after the marker.
    title: str


@dataclass(frozen=True)
class FigureRef:
    """A figure a finding involves."""

    id: str
    text: str
    value: Optional[str]
    unit: Optional[str]
    line: int
    column: int


@dataclass(frozen=True)
class Finding:
    """A problem ``check`` found: as one finding of ``gongwen check --format json``."""

    #: The rule's id (``sum.total``, ``ratio.rounding`` …; see the README's table).
    rule: str
    #: ``error``, ``warning`` or ``info``.
    severity: str
    #: What is wrong, in the language asked for.
    message: str
    #: 1-based line and column (in characters) of its start in the source.
    line: int
    column: int
    #: Its end.
    end_line: int
    end_column: int
    #: The source around it.
    excerpt: str
    #: The figures it used.
    figures: Tuple[FigureRef, ...]
    #: The arithmetic spelled out, where there is some.
    arithmetic: Optional[str]
    #: The value expected and the value stated, where one applies.
    expected: Optional[str]
    stated: Optional[str]

    @classmethod
    def _from_dict(cls, data: Dict[str, Any]) -> "Finding":
        values = dict(data)
        values["figures"] = tuple(FigureRef(**f) for f in data["figures"])
        return cls(**values)

    def to_dict(self) -> Dict[str, Any]:
        """The finding as the command line's JSON gives it (the same keys, in the same order)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["figures"] = [{f.name: getattr(ref, f.name) for f in fields(ref)} for ref in self.figures]
        return out


@dataclass(frozen=True)
class ArchiveSummary:
    """What :func:`archive` did."""

    #: Inputs converted and written.
    archived: int
    #: Inputs skipped as already archived (a run resumed).
    unchanged: int
    #: Inputs that could not be archived: the manifest says why.
    failed: int
    #: Inputs of the whole run (all shards).
    inputs: int
    #: How many of them this call did: all, or its shard's.
    jobs: int
    #: The manifest it journaled into (``manifest.jsonl``, or a shard's ``manifest.I-of-N.jsonl``).
    manifest: str


@dataclass(frozen=True)
class MergeSummary:
    """What :func:`merge` did."""

    #: How many shards the run had.
    shards: int
    #: How many inputs it archived, failed ones included.
    inputs: int
    #: How many of those failed.
    failed: int
    #: The merged ``manifest.jsonl`` (``SHA256SUMS`` is beside it).
    manifest: str


class Report:
    """A report read by :func:`read`: its metadata, sections and figures, and its writers."""

    __slots__ = ("_native",)

    def __init__(self, native: "_native.NativeReport") -> None:
        self._native = native

    def __repr__(self) -> str:
        return f"<gongwen.Report {self._native.name!r}: {self.title!r}>"

    @property
    def name(self) -> str:
        """The input's name as the command line prints it: its path, or ``<bytes>``."""
        return self._native.name

    @property
    def title(self) -> Optional[str]:
        """The title, if the report has one."""
        return self.metadata.get("title")

    @property
    def metadata(self) -> Dict[str, Any]:
        """What is known besides the body: title, issuer, year, region, date, script, encoding,
        properties, what normalization removed … (the model's ``meta``, as in :meth:`to_dict`)."""
        meta: Dict[str, Any] = json.loads(self._native.meta_json())
        return meta

    @property
    def sections(self) -> List[Section]:
        """Every numbered section, in document order."""
        return [Section(**s) for s in json.loads(self._native.sections_json())]

    @property
    def figures(self) -> List[Figure]:
        """Every figure, in document order."""
        rows = json.loads(self._native.figures_json())
        for row in rows:
            row["measure"] = row.pop("subject")
        return [Figure(**row) for row in rows]

    def to_xml(self) -> str:
        """The report's XML, exactly as ``gongwen convert --to xml`` writes it."""
        return self._native.write("xml").decode("utf-8")

    def to_dict(self) -> Dict[str, Any]:
        """The whole model, as ``gongwen convert --to json`` writes it."""
        model: Dict[str, Any] = json.loads(self._native.write("json"))
        return model


def _path_or_bytes(source: Source) -> Union[str, bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    return os.fspath(source)


def read(
    source: Union[Source, Report],
    encoding: Optional[str] = None,
    *,
    lossy: bool = False,
    max_input: int = MAX_INPUT,
) -> Report:
    """Reads a report: text (UTF-8, GB18030/GBK, Big5, UTF-16), DOCX, HTML, PDF, OFD or
    gongwen XML, from a path (format from the extension, else the content) or from bytes
    (format from the content).

    ``encoding`` forces the encoding of text (``gb18030``, ``big5`` …); ``lossy`` replaces
    undecodable bytes instead of failing; an input over ``max_input`` bytes is refused.
    Raises :class:`GongwenError` when the input cannot be read. A :class:`Report` is returned
    as it is.
    """
    if isinstance(source, Report):
        return source
    given = _path_or_bytes(source)
    if isinstance(given, bytes):
        return Report(_native.read_bytes(given, encoding, lossy))
    return Report(_native.read_path(given, encoding, lossy, max_input))


def check(
    source: Union[Source, Report],
    encoding: Optional[str] = None,
    *,
    lossy: bool = False,
    allow: Iterable[str] = (),
    lang: str = "en",
) -> List[Finding]:
    """Checks a report's numbers (a :class:`Report`, or what :func:`read` takes) and returns
    the findings, as ``gongwen check --format json`` lists them: messages in ``lang`` (``en``
    or ``zh``), the rules named in ``allow`` left out.

    A report with problems is not an error: its findings say what they are. Raises
    :class:`GongwenError` when the input cannot be read or a rule in ``allow`` does not exist.
    """
    report = read(source, encoding, lossy=lossy)
    checked = json.loads(report._native.check_json(list(allow), lang))
    return [Finding._from_dict(f) for f in checked["findings"]]


def check_report(
    source: Union[Source, Report],
    to: str = "text",
    *,
    encoding: Optional[str] = None,
    lossy: bool = False,
    allow: Iterable[str] = (),
    lang: str = "en",
) -> str:
    """Checks a report (a :class:`Report`, or what :func:`read` takes) and returns the report
    of the check as ``gongwen check --format TO`` prints it: ``text``, ``json``, ``sarif`` (a
    SARIF 2.1.0 log, for code-scanning tools) or ``html`` (the review page: the report with
    its figures marked and the findings beside it, one file with nothing to fetch). Messages
    in ``lang`` (``en`` or ``zh``), the rules named in ``allow`` left out.

    Raises :class:`GongwenError` when the input cannot be read, ``to`` is not one of these or a
    rule in ``allow`` does not exist.
    """
    report = read(source, encoding, lossy=lossy)
    return report._native.report(to, list(allow), lang)


def annotate(
    source: Union[Source, Report],
    *,
    encoding: Optional[str] = None,
    lossy: bool = False,
    allow: Iterable[str] = (),
    lang: str = "en",
    highlight_figures: bool = False,
    docx_fonts: Optional[str] = None,
    fix_punctuation: bool = False,
) -> bytes:
    """Checks a report (a :class:`Report`, or what :func:`read` takes) and returns it as a Word
    document with each finding as a comment on its figures, for the editor to work through in
    Word or LibreOffice: the bytes ``gongwen check --annotate -o REVIEWED.docx`` writes.
    Messages in ``lang``, the rules named in ``allow`` left out; ``highlight_figures``,
    ``docx_fonts`` and ``fix_punctuation`` as for :func:`convert`.

    Raises :class:`GongwenError` when the input cannot be read or an option names nothing
    gongwen knows.
    """
    report = read(source, encoding, lossy=lossy)
    data: bytes = report._native.annotate(
        list(allow), lang, highlight_figures, docx_fonts, fix_punctuation
    )
    return data


def _fonts(fonts: Optional[Fonts]) -> List[Tuple[str, str]]:
    return [(role, os.fspath(path)) for role, path in (fonts or {}).items()]


def convert(
    source: Union[Source, Report],
    to: str = "pdf",
    *,
    encoding: Optional[str] = None,
    lossy: bool = False,
    fix_punctuation: bool = False,
    pdfa: Optional[str] = None,
    fonts: Optional[Fonts] = None,
    highlight_figures: bool = False,
    docx_fonts: Optional[str] = None,
    elements: Optional[Mapping[str, str]] = None,
) -> bytes:
    """Writes a report (a :class:`Report`, or what :func:`read` takes) as ``to``: ``pdf``,
    ``docx``, ``ofd`` (laid out per GB/T 9704), ``xml``, ``json`` or ``md``; the bytes
    ``gongwen convert --to TO`` writes.

    ``fix_punctuation`` prints ASCII punctuation in Chinese text full-width (DOCX, PDF, OFD);
    ``pdfa`` (``2b`` or ``3b``) makes a PDF/A; ``fonts`` maps roles (``body``, ``title``,
    ``heading1``, ``heading2``) to font files for PDF and OFD, as ``--font ROLE=PATH``.
    ``highlight_figures`` marks every figure of a DOCX in yellow, for proofreading;
    ``docx_fonts`` is ``gongwen`` (the 公文 fonts, the default) or ``plain`` (fonts every
    Chinese system has), as ``--fonts``. ``elements`` gives the 公文 elements the text lacks,
    as ``--set KEY=TEXT``: ``issuer_mark`` (发文机关标志), ``doc_number``, ``signer``,
    ``recipient``, ``signature``, ``date``, ``copy_number``, ``secrecy``, ``urgency``,
    ``remark``, ``cc``, ``printer``, an element's Chinese name (密级, 抄送 …), ``form``
    (``standard``, ``letter`` or ``minutes``) and ``seal`` (``yes`` or ``no``).

    The PDF's date is now, or ``SOURCE_DATE_EPOCH``. Raises :class:`GongwenError` when the input
    cannot be read, an option does not apply to ``to`` or names nothing gongwen knows, or the
    output cannot be written.
    """
    report = read(source, encoding, lossy=lossy)
    data: bytes = report._native.write(
        to,
        fix_punctuation,
        pdfa,
        _fonts(fonts),
        highlight_figures,
        docx_fonts,
        list((elements or {}).items()),
    )
    return data


def _shard(shard: Union[str, Tuple[int, int], None]) -> Optional[Tuple[int, int]]:
    if shard is None or isinstance(shard, tuple):
        return shard
    index, _, count = str(shard).partition("/")
    try:
        return int(index), int(count)
    except ValueError:
        raise GongwenError(f"--shard {shard}: give I/N, e.g. 0/3") from None


def archive(
    inputs: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]],
    out_dir: Union[str, "os.PathLike[str]"],
    *,
    format: str = "pdf",
    shard: Union[str, Tuple[int, int], None] = None,
    jobs: Optional[int] = None,
    pdfa: str = "3b",
    encoding: Optional[str] = None,
    lossy: bool = False,
    max_input: int = MAX_INPUT,
    review: Optional[str] = None,
    fonts: Optional[Fonts] = None,
    progress: Optional[Callable[[int, int, str, str], None]] = None,
) -> ArchiveSummary:
    """Archives reports as ``gongwen archive INPUT… -o OUT_DIR`` does: for each input (a file,
    or every report below a directory) a PDF/A-3b with the XML attached (``format="ofd"``: an
    OFD-A) and the XML, ``manifest.jsonl`` and ``SHA256SUMS``; ``jobs`` files at once (one per
    CPU by default), resuming an interrupted run.

    ``shard`` (``"I/N"`` or ``(I, N)``, I from 0) does part I of N of the run, as
    ``--shard I/N``: it journals into ``manifest.I-of-N.jsonl``, and :func:`merge` joins the
    parts. ``pdfa`` is the PDF/A level (``2b`` does not attach the XML); ``review`` (``en`` or
    ``zh``) also writes each report's review page; ``fonts`` maps roles to font files, as in
    :func:`convert`. ``progress(done, total, input, outcome)`` is called as each input finishes
    (``outcome``: ``archived``, ``unchanged`` or ``failed``), on the calling thread; an exception
    it raises stops the calls and is raised once the run has ended. An input that cannot be
    archived fails alone (counted in ``failed``, its manifest line says why); a run that cannot
    start (no reports, colliding outputs) raises :class:`GongwenError`.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    paths = [os.fspath(p) for p in inputs]
    done = _native.archive(
        paths,
        os.fspath(out_dir),
        format,
        _shard(shard),
        jobs,
        pdfa,
        encoding,
        lossy,
        max_input,
        review,
        _fonts(fonts),
        progress,
    )
    done["manifest"] = os.fspath(done["manifest"])
    return ArchiveSummary(**done)


def merge(out_dir: Union[str, "os.PathLike[str]"]) -> MergeSummary:
    """Merges the shards archived into ``out_dir`` into ``manifest.jsonl`` and ``SHA256SUMS``,
    as ``gongwen archive merge`` does, after checking that every shard of one run is there,
    finished and consistent. Raises :class:`GongwenError` naming a missing or conflicting shard.
    """
    done = _native.merge(os.fspath(out_dir))
    done["manifest"] = os.fspath(done["manifest"])
    return MergeSummary(**done)
