"""The native part of gongwen (PyO3): use the functions of :mod:`gongwen` instead."""

import os
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

__version__: str

class GongwenError(ValueError):
    """A report that cannot be read or written, options that do not go together, or an archive
    run that cannot start or go on. The message is the one the command line prints after
    ``gongwen: ``; an error that came from the operating system is the exception's
    ``__cause__``."""

class NativeReport:
    """A report read into the library's model, with the source it was read from."""

    @property
    def name(self) -> str: ...
    def write(
        self,
        to: str,
        fix_punctuation: bool = False,
        pdfa: Optional[str] = None,
        fonts: List[Tuple[str, str]] = ...,
        highlight_figures: bool = False,
        docx_fonts: Optional[str] = None,
        elements: List[Tuple[str, str]] = ...,
    ) -> bytes: ...
    def figures_json(self) -> str: ...
    def meta_json(self) -> str: ...
    def sections_json(self) -> str: ...
    def check_json(self, allow: List[str] = ..., lang: str = "en") -> str: ...
    def report(self, to: str, allow: List[str] = ..., lang: str = "en") -> str: ...
    def annotate(
        self,
        allow: List[str] = ...,
        lang: str = "en",
        highlight_figures: bool = False,
        docx_fonts: Optional[str] = None,
        fix_punctuation: bool = False,
    ) -> bytes: ...

def read_path(
    path: Union[str, "os.PathLike[str]"],
    encoding: Optional[str] = None,
    lossy: bool = False,
    max_input: int = ...,
) -> NativeReport: ...
def read_bytes(data: bytes, encoding: Optional[str] = None, lossy: bool = False) -> NativeReport: ...
def archive(
    inputs: List[str],
    out_dir: str,
    format: str = "pdf",
    shard: Optional[Tuple[int, int]] = None,
    jobs: Optional[int] = None,
    pdfa: str = "3b",
    encoding: Optional[str] = None,
    lossy: bool = False,
    max_input: int = ...,
    review: Optional[str] = None,
    fonts: List[Tuple[str, str]] = ...,
    progress: Optional[Callable[[int, int, str, str], None]] = None,
) -> Dict[str, Any]: ...
def merge(out_dir: str) -> Dict[str, Any]: ...
