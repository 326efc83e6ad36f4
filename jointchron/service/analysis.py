"""The review for analysts: the chronology and the gaps as pandas DataFrames, the timeline as an Altair chart.

A mixin of `Store` (review_store.py): the same records the CLI prints, in the shapes a notebook shows
inline. pandas and Altair are imported when first used, so that `import jointchron` stays light.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from jointchron.domain.dates import FuzzyDate
from jointchron.domain.vocabulary import agency_code
from jointchron.projections.chronology import ChronologyQuery

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

    from jointchron.viz.data import ReviewData

# The columns of an entry (`jointchron chronology --format json`), for a chronology with no entries.
CHRONOLOGY_COLUMNS = (
    "id", "date", "end_date", "precision", "time", "display_date", "agency", "agencies", "kind", "tags",
    "summary", "detail", "outcome", "subjects", "participants", "recipients", "sender", "sources", "status",
    "flags", "near_matches",
)  # fmt: skip
# The columns of a gap (`jointchron gaps --format json`), for a review with no gaps.
GAP_COLUMNS = (
    "id", "rule", "title", "severity", "status", "rulebook", "child", "children", "adult", "agency", "trigger",
    "triggers", "due", "follow_up", "days_late", "days_late_unit", "missing", "date_uncertain", "explanation",
    "basis",
)  # fmt: skip


class Analysis:
    if TYPE_CHECKING:

        def entries(self, query: ChronologyQuery | None = None) -> list[dict[str, Any]]: ...
        def gap_records(self, rulebook: str | None = None, person: str | None = None,
                        severity: str | None = None, named: bool = False,
                        include_dismissed: bool = False) -> list[dict[str, Any]]: ...  # fmt: skip
        def review_data(self, query: ChronologyQuery | None = None) -> ReviewData: ...

    def chronology(
        self,
        person: str | None = None,
        agency: str | None = None,
        start: datetime.date | str | None = None,
        end: datetime.date | str | None = None,
        named: bool = False,
        *,
        known_by: str | None = None,
        at: datetime.date | str | None = None,
        include_withdrawn: bool = False,
        publish: bool = False,
    ) -> pd.DataFrame:
        """The joint chronology as a DataFrame: one row per entry, ordered by date, time and agency.

        The columns are the fields of `jointchron chronology --format json` (`date` and `end_date` as
        datetimes, the earliest day a fuzzy date can be; `precision` says how exact it is). People are
        pseudonymised unless `named`.

        Args:
            person: only entries about this person (a pseudonym, id, name or identifier).
            agency: only entries recorded by this agency (a code such as `police`, or its name).
            start: only entries on or after this day (a date, or UK text such as `01/05/2019`).
            end: only entries on or before this day.
            named: real names instead of pseudonyms.
            known_by: only what this agency held (see `at`): its own records, what was sent to it,
                meetings it took part in and what it sent.
            at: with `known_by`, held by this day.
            include_withdrawn: keep withdrawn contacts (status `withdrawn`).
            publish: for a published appendix: dates to the month, no practitioners' names.
        """
        query = ChronologyQuery(
            agency=agency_code(agency) if agency else None,
            person=person,
            date_from=_day(start),
            date_to=_day(end),
            include_withdrawn=include_withdrawn,
            named=named,
            known_by=agency_code(known_by) if known_by else None,
            at=_day(at),
            publish=publish,
        )
        return _frame(self.entries(query), CHRONOLOGY_COLUMNS, ("date", "end_date"))

    def gaps(
        self,
        rulebook: str | None = None,
        named: bool = False,
        *,
        person: str | None = None,
        severity: str | None = None,
        include_dismissed: bool = False,
    ) -> pd.DataFrame:
        """The gaps the rulebook finds, as a DataFrame: one row per gap, in trigger date order.

        The columns are the fields of `jointchron gaps --format json` (`due` as a datetime; `trigger`,
        `triggers` and `follow_up` hold the entries behind the gap), with `explanation`, the sentence a
        panel can paste into its report.

        Args:
            rulebook: a built-in rulebook (`england`, `wales`, `scotland`) or a rulebook file; default
                the review's jurisdiction's.
            named: real names instead of pseudonyms.
            person: only gaps about this person, as the child or as the adult of an adult rule.
            severity: only gaps of this severity (`high`, `medium`, `low`, or several: `high,medium`).
            include_dismissed: keep the gaps the panel dismissed (each gap's `judgement` says).
        """
        records = self.gap_records(
            rulebook=rulebook,
            person=person,
            severity=severity,
            named=named,
            include_dismissed=include_dismissed,
        )
        return _frame(records, GAP_COLUMNS, ("due",))

    def timeline(
        self,
        person: str | None = None,
        agency: str | None = None,
        start: datetime.date | str | None = None,
        end: datetime.date | str | None = None,
        named: bool = False,
    ) -> alt.VConcatChart:
        """The interactive timeline of `jointchron chart`, as an Altair chart a notebook shows inline.

        One lane per agency, a mark per entry, red bands from each gap's trigger to its due date, and the
        strip under the lanes to zoom with. The filters are those of `chronology`. `chart.save(...)`
        writes it; `jointchron chart` writes the offline HTML file with the Vega libraries inlined.
        """
        from jointchron.viz.report import timeline

        query = ChronologyQuery(
            agency=agency_code(agency) if agency else None,
            person=person,
            date_from=_day(start),
            date_to=_day(end),
            named=named,
        )
        return timeline(self.review_data(query))


def as_date(value: datetime.date | str) -> datetime.date:
    """A date given as a date or as UK text (`16/10/2019`, `16 Oct 2019`): its earliest day."""
    if isinstance(value, datetime.date):
        return value
    return FuzzyDate.parse(value).earliest


def _day(value: datetime.date | str | None) -> datetime.date | None:
    return None if value is None else as_date(value)


def _frame(records: list[dict[str, Any]], columns: tuple[str, ...], dates: tuple[str, ...]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=list(columns))
    for column in dates:
        if column in frame.columns:
            frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    return frame
