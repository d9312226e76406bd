"""Word lists the sentence splitter uses to tell an abbreviation's period from a sentence end.

All entries are compared without their final period. Lower-case sets are compared
case-insensitively; the month/day set is compared as written (``Sun.`` but not ``sun.``).
"""
from __future__ import annotations

# Titles and honorifics: always followed by a name, so their period never ends a sentence.
TITLES: frozenset[str] = frozenset(
    """
    mr mrs ms messrs mme mlle dr prof sen rep gov gen lt col maj capt cpt sgt cpl pvt adm cmdr
    rev fr hon pres supt insp det brig cdr gens reps sens amb atty
    """.split()
)

# Never end a sentence, whatever follows ("e.g. The list", "Smith vs. Jones").
NEVER_FINAL: frozenset[str] = frozenset("e.g i.e eg ie cf viz vs v".split())

# Abbreviations that often end a sentence too ("Apple Inc. He said" vs "Apple Inc. shares"):
# the period ends the sentence only when a typical sentence opener follows.
AMBIGUOUS: frozenset[str] = frozenset(
    """
    inc ltd co corp plc llc jr sr st approx dept univ est ave blvd rd bros govt assn intl
    al ca ft mt lb lbs oz hr hrs yr yrs mins sq mph km kg misc
    """.split()
)

# Latin letter names spelled in Arabic script, used as initials in transliterated names
# ("جون إف. كينيدي", "جي. كي. رولينغ"): like a Latin initial, their period is not a sentence end.
# (في and أو are left out: they are also the everyday words "in" and "or".)
AR_INITIALS: frozenset[str] = frozenset(
    """
    إيه بي سي دي إي إف جي جيه إتش آي كي إل إم إن كيو آر إس تي يو دبليو إكس واي زد
    """.split()
)
# Every Arabic spelling of a Latin letter name, "in"/"or" included ("كيو في سي" = QVC).
AR_LETTER_NAMES: frozenset[str] = AR_INITIALS | {"في", "أو"}

# Abbreviations before a number ("No. 5", "Feb. 9", "p. 12"): not a sentence end when a digit
# follows; otherwise the word is treated like any other ("The answer was no. Officials...").
BEFORE_NUMBER: frozenset[str] = frozenset(
    "no nos vol vols fig figs p pp ch chap sec art op nr para pt".split()
)

# Month and weekday abbreviations, case-sensitive, also only when a digit follows.
DATES: frozenset[str] = frozenset(
    """
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
    """.split()
)

# Words that typically open an English sentence; after an ambiguous abbreviation or an
# initial, a capitalised one of these means the period did end the sentence.
SENTENCE_STARTERS: frozenset[str] = frozenset(
    """
    the a an he she it they we i you this that these those there here his her its their our my
    your but and or so yet however also then meanwhile in on at for from with by after before
    when while if as since although though because during despite according some many most all
    both each every no not one two three what who why how where which still now today yesterday
    other another such more only even instead
    """.split()
)

# Clock times ("9 a.m."): before a capitalised word they end the sentence, unless one of
# TIME_FOLLOWERS (or a DATES word, or an all-capitals time zone such as GMT) follows.
TIMES: frozenset[str] = frozenset({"a.m", "p.m"})
TIME_FOLLOWERS: frozenset[str] = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december eastern pacific central mountain atlantic
    greenwich mecca local
    """.split()
)
