"""The DfE Children in Need census XML, read as rows the mapping pipeline understands.

A census file nests each child's episodes and what happened in them:

    <Message><Children><Child>
      <ChildIdentifiers><LAchildID>…</LAchildID>…</ChildIdentifiers>
      <CINdetails><CINreferralDate>…</CINreferralDate><ReferralSource>…</ReferralSource>…
        <Assessments><AssessmentActualStartDate>…</AssessmentActualStartDate>…</Assessments>
        <Section47><S47ActualStartDate>…</S47ActualStartDate><ICPCnotRequired>…</ICPCnotRequired>…</Section47>
        <ChildProtectionPlans><CPPstartDate>…</CPPstartDate>…<Reviews><CPPreviewDate>…</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
      </CINdetails>
    </Child></Children></Message>

Each record element below becomes a row of a sheet named after it (`ChildIdentifiers`,
`CINdetails`, `Assessments`, `CINPlanDates`, `Section47`, `ChildProtectionPlans`, `CPPreviewDate`),
numbered by the line its start tag is on. A row's columns are the record's own values, then those
of the records around it (the child's `LAchildID`, the episode's `CINreferralDate`), then two the
reader works out: `CINepisode`, the child in need episode a record belongs to (so that an
assessment's end answers only a start of its own episode), and, for `CINdetails`,
`EpisodeInitialCPC`: the episode's own `DateOfInitialCPC` when none of its `<Section47>` records
gives the same date (the same conference is not recorded twice). The file is streamed, one child at
a time, once per sheet, by defusedxml's expat reader: a file with a DTD, entity declarations or
external references is refused before anything is read (a census file has none, and entities are
how XML bombs work). What one child holds is bounded (MAX_DEPTH, MAX_CHILD_ELEMENTS, MAX_CHILD_TEXT):
past a bound the file is treated as XML broken at that line, whose records before it are kept.
A record's values are gathered as its elements end, so that a child with thousands of records
costs time in proportion to them, and nesting costs no recursion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax import SAXException, SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import Locator

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.expatreader import DefusedExpatParser, create_parser

from jointchron.importers.errors import FileError
from jointchron.importers.tabular import RawRow, Sheet

CHUNK = 1 << 20
# A census nests about eight levels (Message/Children/Child/CINdetails/ChildProtectionPlans/Reviews/…); a child
# holds a few hundred elements; a value is a date, a code or an id.
MAX_DEPTH = 64
MAX_CHILD_ELEMENTS = 200_000
MAX_CHILD_TEXT = 8 << 20
# sheet (= record element) -> its columns, in the order the census guide lists them
RECORDS: dict[str, tuple[str, ...]] = {
    "ChildIdentifiers": ("LAchildID", "UPN", "PersonBirthDate", "ExpectedPersonBirthDate", "PersonDeathDate",
                         "CINepisode"),
    "CINdetails": ("LAchildID", "UPN", "PersonBirthDate", "CINreferralDate", "ReferralSource", "PrimaryNeedCode",
                   "ReferralNFA", "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC", "CINepisode",
                   "EpisodeInitialCPC"),
    "Assessments": ("LAchildID", "CINreferralDate", "AssessmentActualStartDate", "AssessmentInternalReviewDate",
                    "AssessmentAuthorisationDate", "AssessmentFactors", "CINepisode"),
    "CINPlanDates": ("LAchildID", "CINreferralDate", "CINPlanStartDate", "CINPlanEndDate", "CINepisode"),
    "Section47": ("LAchildID", "CINreferralDate", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
                  "ICPCnotRequired", "CINepisode"),
    "ChildProtectionPlans": ("LAchildID", "CINreferralDate", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse",
                             "LatestCategoryOfAbuse", "NumberOfPreviousCPP", "CINepisode"),
    "CPPreviewDate": ("LAchildID", "CINreferralDate", "CPPstartDate", "CPPreviewDate", "CINepisode"),
}  # fmt: skip
# Values a record takes from the records around it; any other column is the record's own or empty
# (a Section 47 enquiry without a conference date must not borrow its episode's).
INHERITED = frozenset({"LAchildID", "UPN", "PersonBirthDate", "CINreferralDate", "CPPstartDate"})


class _Refused(Exception):
    """The file breaks a bound of this reader at a line: read as XML broken there."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line


@dataclass(eq=False)
class _Node:
    """An element of the child being read. Records keep theirs (`parent`), others end once read."""

    tag: str
    line: int
    parent: _Node | None
    # The texts of this element's descendants by tag, not counting those inside other records.
    values: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    text: list[str] = field(default_factory=list)
    own_text: str = ""
    # The records directly inside this one (an episode's Section 47 enquiries), once each has ended.
    records: list[_Node] = field(default_factory=list)

    def own(self, column: str) -> list[str]:
        return [self.own_text] if self.tag == column else self.values.get(column, [])

    def value(self, column: str) -> str:
        """The text of `column` in this record, else in the nearest record around it ("" when absent)."""
        if column == "CINepisode":
            referral = self.value("CINreferralDate")
            return f"CIN episode from {referral}" if referral else ""
        if column == "EpisodeInitialCPC":
            own = self.value("DateOfInitialCPC")
            enquiries = {t for record in self.records if record.tag == "Section47"
                         for t in record.own("DateOfInitialCPC")}  # fmt: skip
            return "" if own in enquiries else own
        node: _Node | None = self
        while node is not None:
            found = [t for t in node.own(column) if t]
            if found:
                return "; ".join(found)
            node = node.parent if column in INHERITED else None
        return ""


class _CensusReader(ContentHandler):
    """Builds each <Child> from SAX events; its records of one kind are ready when the child ends."""

    def __init__(self, record: str) -> None:
        super().__init__()
        self.record = record
        self.ready: list[RawRow] = []
        self.stack: list[_Node] = []
        self.records: list[_Node] = []  # this child's records of the kind read, in the order of the file
        self.depth = self.elements = self.text_size = 0
        self.where: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.where = locator

    def line(self) -> int:
        return (self.where.getLineNumber() if self.where is not None else None) or 0

    def startElement(self, name: str, attrs: Any) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(
                self.line(), f"elements nested more than {MAX_DEPTH} deep; a census nests about eight"
            )
        local = _local(name)
        if local != "Child" and not self.stack:
            return
        self.elements += 1
        if self.elements > MAX_CHILD_ELEMENTS:
            raise _Refused(self.line(), f"a <Child> with more than {MAX_CHILD_ELEMENTS:,} elements; a census "
                                        "child holds a few hundred")  # fmt: skip
        node = _Node(local, self.line(), self.stack[-1] if self.stack else None)
        self.stack.append(node)
        if local == self.record:
            self.records.append(node)

    def endElement(self, name: str) -> None:
        self.depth -= 1
        if not self.stack:
            return
        node = self.stack.pop()
        node.own_text = "".join(node.text).strip()
        node.text = []
        parent = node.parent
        if parent is not None and node.tag in RECORDS:
            parent.records.append(node)
        # Another record's values are its own; the child's identifiers are every record's.
        if parent is not None and (node.tag not in RECORDS or node.tag == "ChildIdentifiers"):
            # An element's value is its own text; below it, only the values of tags other than its own.
            parent.values[node.tag].append(node.own_text)
            for tag, texts in node.values.items():
                if tag != node.tag:
                    parent.values[tag] += texts
        if not self.stack:  # a whole <Child> is read: its records of this kind become rows
            columns = RECORDS[self.record]
            self.ready += [RawRow(self.record, r.line, [r.value(c) for c in columns]) for r in self.records]
            self.records, self.elements, self.text_size = [], 0, 0

    def characters(self, content: str) -> None:
        if self.stack:
            self.text_size += len(content)
            if self.text_size > MAX_CHILD_TEXT:
                raise _Refused(self.line(), f"a <Child> with more than {MAX_CHILD_TEXT >> 20} MB of text; a census "
                                            "child holds dates and codes")  # fmt: skip
            self.stack[-1].text.append(content)


def census_sheets(path: Path, wanted: list[str]) -> Iterator[Sheet]:
    """One sheet per record element in `wanted` (in that order), each streamed from the file when read."""
    _check_is_census(path)
    for position, name in enumerate(wanted):
        if name not in RECORDS:
            raise FileError(f"the CIN census has no {name!r} records; use one of {', '.join(RECORDS)}")
        # A broken file is reported once, in the first sheet read, not once per sheet.
        yield Sheet(name, 1, list(RECORDS[name]), _rows(path, name, report_errors=position == 0))


class _RootFound(Exception):
    pass


class _RootReader(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.root: str | None = None

    def startElement(self, name: str, attrs: Any) -> None:
        self.root = _local(name)
        raise _RootFound  # the root element is all this check needs


def _check_is_census(path: Path) -> None:
    if not path.exists():
        raise FileError(f"{path} not found; check the file name")
    reader = _RootReader()
    parser = _parser(reader)
    with path.open("rb") as handle:
        try:
            while reader.root is None and (chunk := handle.read(65536)):
                parser.feed(chunk)
            if reader.root is None:
                parser.close()
        except _RootFound:
            pass
        except (SAXException, DefusedXmlException, ValueError) as error:
            raise FileError(f"{path.name} is not a readable XML file ({_reason(error)}); the cin-census "
                            "profile reads the DfE CIN census XML") from None  # fmt: skip
    if reader.root != "Message":
        found = f"its root element is <{reader.root}>" if reader.root else "it has no elements"
        raise FileError(f"{path.name} is not a CIN census file ({found}, not <Message>); "
                        "check the file, or use another --profile")  # fmt: skip


def _rows(path: Path, record: str, report_errors: bool) -> Iterator[RawRow]:
    reader = _CensusReader(record)
    parser = _parser(reader)
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(CHUNK):
                parser.feed(chunk)
                yield from reader.ready
                reader.ready.clear()
            parser.close()
        except (SAXException, DefusedXmlException, ValueError, _Refused) as error:
            yield from reader.ready
            if report_errors:
                line = _line_of(error, reader)
                yield RawRow(record, line, [], f"the XML cannot be read from line {line} on "
                                                f"({_reason(error)}); the records before it were read")  # fmt: skip
            return
    yield from reader.ready


def _parser(handler: ContentHandler) -> DefusedExpatParser:
    parser = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(handler)
    handler.setDocumentLocator(parser)  # the expat reader is its own locator; feed() never hands it over
    return parser


def _local(tag: str) -> str:
    return tag.rsplit(":", 1)[-1]  # namespace prefixes are ignored: the census has one vocabulary


def _line_of(error: Exception, reader: _CensusReader) -> int:
    if isinstance(error, _Refused):
        return error.line
    if isinstance(error, SAXParseException):
        return error.getLineNumber() or reader.line()
    return reader.line()


def _reason(error: Exception) -> str:
    if isinstance(error, DTDForbidden | EntitiesForbidden):
        return "it declares a DTD or entities, which a census file never has"
    if isinstance(error, DefusedXmlException):
        return "it refers to an external entity, which a census file never does"
    if isinstance(error, SAXParseException):
        return str(error.getMessage())
    return str(error)
