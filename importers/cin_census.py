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

Each record element below becomes a row of a sheet named after it (`CINdetails`, `Assessments`,
`CINPlanDates`, `Section47`, `ChildProtectionPlans`, `CPPreviewDate`), numbered by the line its
start tag is on. A row's columns are the record's own values, then those of the records around it
(the child's `LAchildID`, the episode's `CINreferralDate`). The file is streamed, one child at a
time, once per sheet; a file with a DTD or entity declarations is refused (a census file has none,
and entities are how XML bombs work).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from jointchron.importers.errors import FileError
from jointchron.importers.tabular import RawRow, Sheet

CHUNK = 1 << 20
# sheet (= record element) -> its columns, in the order the census guide lists them
RECORDS: dict[str, tuple[str, ...]] = {
    "CINdetails": ("LAchildID", "UPN", "PersonBirthDate", "CINreferralDate", "ReferralSource", "PrimaryNeedCode",
                   "ReferralNFA", "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC"),
    "Assessments": ("LAchildID", "CINreferralDate", "AssessmentActualStartDate", "AssessmentInternalReviewDate",
                    "AssessmentAuthorisationDate", "AssessmentFactors"),
    "CINPlanDates": ("LAchildID", "CINreferralDate", "CINPlanStartDate", "CINPlanEndDate"),
    "Section47": ("LAchildID", "CINreferralDate", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
                  "ICPCnotRequired"),
    "ChildProtectionPlans": ("LAchildID", "CINreferralDate", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse",
                             "LatestCategoryOfAbuse", "NumberOfPreviousCPP"),
    "CPPreviewDate": ("LAchildID", "CINreferralDate", "CPPstartDate", "CPPreviewDate"),
}  # fmt: skip
# Values a record takes from the records around it; any other column is the record's own or empty
# (a Section 47 enquiry without a conference date must not borrow its episode's).
INHERITED = frozenset({"LAchildID", "UPN", "PersonBirthDate", "CINreferralDate", "CPPstartDate"})


class _RootFound(Exception):
    pass


@dataclass
class _Node:
    tag: str
    line: int
    parent: _Node | None
    children: list[_Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def value(self, column: str) -> str:
        """The text of `column` in this record, else in the nearest record around it ("" when absent)."""
        node: _Node | None = self
        while node is not None:
            found = [t for t in node._find(column, top=True) if t]
            if found:
                return "; ".join(found)
            node = node.parent if column in INHERITED else None
        return ""

    def _find(self, column: str, top: bool) -> Iterator[str]:
        if self.tag == column:
            yield "".join(self.text).strip()
            return
        if not top and self.tag in RECORDS:
            return  # another record's values are its own
        for child in self.children:
            yield from child._find(column, top=False)


def census_sheets(path: Path, wanted: list[str]) -> Iterator[Sheet]:
    """One sheet per record element in `wanted` (in that order), each streamed from the file when read."""
    _check_is_census(path)
    for position, name in enumerate(wanted):
        if name not in RECORDS:
            raise FileError(f"the CIN census has no {name!r} records; use one of {', '.join(RECORDS)}")
        # A broken file is reported once, in the first sheet read, not once per sheet.
        yield Sheet(name, 1, list(RECORDS[name]), _rows(path, name, report_errors=position == 0))


def _check_is_census(path: Path) -> None:
    if not path.exists():
        raise FileError(f"{path} not found; check the file name")
    root: list[str] = []
    parser = _parser()

    def start(tag: str, _attrs: dict[str, str]) -> None:
        root.append(_local(tag))
        raise _RootFound  # the root element is all this check needs

    parser.StartElementHandler = start
    with path.open("rb") as handle:
        try:
            while not root and (chunk := handle.read(65536)):
                parser.Parse(chunk, False)
            if not root:
                parser.Parse(b"", True)
        except _RootFound:
            pass
        except (expat.ExpatError, ValueError) as error:
            raise FileError(f"{path.name} is not a readable XML file ({_reason(error)}); the cin-census "
                            "profile reads the DfE CIN census XML") from None  # fmt: skip
    if root != ["Message"]:
        found = f"its root element is <{root[0]}>" if root else "it has no elements"
        raise FileError(f"{path.name} is not a CIN census file ({found}, not <Message>); "
                        "check the file, or use another --profile")  # fmt: skip


def _rows(path: Path, record: str, report_errors: bool) -> Iterator[RawRow]:
    parser = _parser()
    ready: list[RawRow] = []
    stack: list[_Node] = []

    def start(tag: str, _attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "Child" or stack:
            node = _Node(local, parser.CurrentLineNumber, stack[-1] if stack else None)
            if stack:
                stack[-1].children.append(node)
            stack.append(node)

    def end(_tag: str) -> None:
        if not stack:
            return
        node = stack.pop()
        if not stack:  # a whole <Child> is read: its records of this kind become rows
            ready.extend(_records(node, record))

    def text(data: str) -> None:
        if stack:
            stack[-1].text.append(data)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(CHUNK):
                parser.Parse(chunk, False)
                yield from ready
                ready.clear()
            parser.Parse(b"", True)
        except (expat.ExpatError, ValueError) as error:
            yield from ready
            if report_errors:
                line = getattr(error, "lineno", parser.CurrentLineNumber)
                yield RawRow(record, line, [], f"the XML cannot be read from line {line} on "
                                                f"({_reason(error)}); the records before it were read")  # fmt: skip
            return
    yield from ready


def _records(child: _Node, record: str) -> Iterator[RawRow]:
    pending = [child]
    while pending:  # depth first, so rows come in the order of the file
        node = pending.pop()
        if node.tag == record:
            yield RawRow(record, node.line, [node.value(column) for column in RECORDS[record]])
        pending.extend(reversed(node.children))


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def refuse(*_args: object) -> None:
        raise ValueError("it declares a DTD or entities, which a census file never has")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _local(tag: str) -> str:
    return tag.rsplit(":", 1)[-1]  # namespace prefixes are ignored: the census has one vocabulary


def _reason(error: Exception) -> str:
    return expat.ErrorString(error.code) if isinstance(error, expat.ExpatError) else str(error)
