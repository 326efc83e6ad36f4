"""The agencies of a review: which codes it knows, and registering a new one (`jointchron agencies`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import duckdb

from jointchron.domain.agencies import AgencyBook
from jointchron.domain.errors import InvalidValue
from jointchron.domain.suggest import did_you_mean
from jointchron.domain.vocabulary import KNOWN_AGENCIES, SECTORS, Agency, agency_code
from jointchron.projections.agencies import review_agencies

if TYPE_CHECKING:
    from jointchron.service.application import ReviewApplication


class Agencies:
    """A mixin of `Store` (review_store.py), so that the CLI and the Python API call the same methods."""

    if TYPE_CHECKING:

        @property
        def app(self) -> ReviewApplication: ...
        def views(self) -> duckdb.DuckDBPyConnection: ...
        def release_views(self) -> None: ...

    def agency_book(self) -> AgencyBook:
        """The built-in agencies and those this review registered, as the read model holds them now."""
        return book_of(self.views())

    def add_agency(self, code: str, name: str, sector: str) -> Agency:
        """Registers an agency with this review (`jointchron agencies add`); refuses a code it already holds."""
        return add_agency(self, code, name, sector)

    def agencies(self) -> list[dict[str, Any]]:
        """Every agency this review knows (`jointchron agencies list`): code, name, sector, built in or not."""
        return list_agencies(self)


def agency_book(store: Agencies) -> AgencyBook:
    """The built-in agencies and those this review registered, as the read model holds them now."""
    return book_of(store.views())


def book_of(views: duckdb.DuckDBPyConnection) -> AgencyBook:
    """The agency book of a read model that has caught up."""
    return AgencyBook(Agency(code, name, sector) for code, name, sector in review_agencies(views))


def add_agency(store: Agencies, code: str, name: str, sector: str) -> Agency:
    """Registers an agency with this review (an event); refuses a code it already holds."""
    store.app.review()
    code = agency_code(code)
    if not name.strip():
        raise InvalidValue('give the agency\'s name: --name "Northshire Youth Service"')
    if sector not in SECTORS:
        raise InvalidValue(
            f"unknown sector {sector!r}{did_you_mean(sector, SECTORS)} Sectors: {', '.join(SECTORS)}"
        )
    book = agency_book(store)
    held = book.registered.get(code)
    built_in = KNOWN_AGENCIES.get(code)
    if held is not None and held == built_in:
        # An import or a correction that named a built-in agency recorded it as it is built in; a registration
        # now would not rename it.
        raise InvalidValue(f"{code!r} is a built-in agency ({held.name}, sector {held.sector}) that this review's "
                           "records already name, so it keeps its built-in name; register another code for "
                           "another agency")  # fmt: skip
    if held is not None:
        raise InvalidValue(f"agency {code!r} is already registered in this review ({held.name}, sector "
                           f"{held.sector}); `jointchron agencies list` shows every agency")  # fmt: skip
    if built_in is not None and built_in.sector != sector:
        # The gap rules judge agencies by sector: a built-in code keeps the sector the rules expect of it.
        raise InvalidValue(f"{code!r} is a built-in agency of sector {built_in.sector}, not {sector}; give "
                           f"--sector {built_in.sector}, or choose another code for another agency")  # fmt: skip
    agency = Agency(code, " ".join(name.split()), sector)
    store.release_views()
    store.app.register_agencies([agency])
    return agency


def list_agencies(store: Agencies) -> list[dict[str, Any]]:
    """Every agency this review knows: code, name, sector, and whether it is built in or registered here (with
    `agencies add`: a built-in agency an import named is recorded as it is built in, and is not counted)."""
    store.app.review()
    book = agency_book(store)
    return [
        {"code": a.code, "name": a.name, "sector": a.sector, "built_in": a.code in KNOWN_AGENCIES,
         "registered": a.code in book.registered and book.registered[a.code] != KNOWN_AGENCIES.get(a.code)}
        for a in sorted(book.agencies.values(), key=lambda a: (SECTORS.index(a.sector), a.code))
    ]  # fmt: skip
