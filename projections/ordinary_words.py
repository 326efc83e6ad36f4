"""Words that are names and also ordinary English, and words that never identify anyone.

The pseudonymiser replaces every registered name part in any case, except:

- a part in `ORDINARY` (a surname `Brown`, a forename `Will`, `May`, `Grace`, `Hope`) is replaced only
    where it is written with a capital initial (`Will`, `WILL`), so that "she will attend in May"
    keeps its `will` and loses its `May`: privacy first, ordinary lower-case text left alone;
- a part in `NEVER_NAMES` (titles, relations and descriptions such as `Mr`, `mum`, `unknown`) is never
    replaced on its own: it identifies no one, and replacing it would attribute every "mum" in a
    chronology to one person. A whole registered name containing it (`Unknown male`) is still replaced.

The list fails safe: a word missing from `ORDINARY` is replaced in every case, which costs
readability, never privacy.
"""

from __future__ import annotations

from typing import Final

_ORDINARY_TEXT = """
    will may hope grace faith joy rose lily daisy holly ivy iris violet poppy heather hazel amber ruby
    pearl crystal dawn summer autumn april june august sky storm rain river brook bill mark frank jack
    rob pat sue bob don ray dean drew guy rich sunny honey buddy chase hunter miles art gene earl sterling
    cliff rod jay robin wren penny ginger candy misty bonnie harmony melody patience prudence charity
    precious destiny trinity angel star eve max chip rusty dash ash rowan bay sage clay cash royal king
    prince major rocky victor august harry carol bell ed
    brown green white black grey gray young long short little small hill wood woods field fields lane
    brooks stone ford bridge hall church bishop knight baker cook carpenter mason butler walker
    miller shepherd porter parker cooper wells marsh moor rice bush ball west north south east day
    love sharp strong wise good best price cross page rush law burns bird fox lamb swan crow hay
    mills banks hood pope frost snow winter summers spring gold silver peacock lord noble steel read
    wall gates marks singer sweet golden pike salmon heath moss birch oak thorn hedges chambers
    cannon waters rivers pool lake ward friend french english welsh graves bond head park parks
    house street rush power powers hunt may wild wolf bull bear hawk finch
    gardener potter brewer archer farmer
    """
ORDINARY: Final[frozenset[str]] = frozenset(_ORDINARY_TEXT.split())

_NEVER_NAMES_TEXT = """
    mr mrs ms miss mx dr master sir dame lady rev prof
    mum mam mom mummy mother dad daddy father parent parents stepdad stepmum stepfather stepmother
    brother sister sibling siblings son daughter baby babies infant unborn child children kid kids
    boy girl man woman male female person adult adults youth teenager
    nan nanna nana gran granny grandma grandmother grandad grandpa grandfather aunt auntie aunty uncle
    cousin niece nephew partner boyfriend girlfriend husband wife ex carer carers friend friends
    neighbour neighbours lodger family
    unknown unnamed anonymous not known nk unidentified
    """
NEVER_NAMES: Final[frozenset[str]] = frozenset(_NEVER_NAMES_TEXT.split())

# Words of safeguarding practice that a dictionary of 1934 does not hold, and that identify no one.
_PRACTICE_TEXT = """
    nhs gp gps camhs mash icpc rcpc cin cp cpp dsl ddsl idva isva marac mappa lado sw swm iro ehcp senco sen
    send ofsted cspr lcspr cpr a&e ed edt hv cqc dwp hmrc ppn dash ypvc yot yjs asb pcso ds dc dci di pc psc
    sgt oic mosaic liquidlogic systmone emis tpp uk csc fgm cse cce iioc oic s47 s17 s20 s31 ldd adhd asd
    email emailed emails emailing texted texting whatsapp facebook snapchat instagram tiktok online
    safeguarding multi agency interagency covid
    """
PRACTICE: Final[frozenset[str]] = frozenset(_PRACTICE_TEXT.split())
