"""A hand-made ATOP-shaped release, labelled 5.1, and COW files, for the fresh-clone test.

Invented data, not copies of ATOP or COW: the memo's treaties shaped so that the queries of
``atoplib.memo.treaties`` find them (NATO with 12 founders and Greece leaving 1974-1980, the Rio Pact
with 15 founders and Cuba leaving in 1962, the bilateral U.S. treaties with Japan, the Philippines
and South Korea, ANZUS), a Soviet-led pact, pacts after the Cold War, and 120 more pacts drawn with a
seeded random generator over 1816-2015 so that eras, shares and models have variation. The COW
files name every state used, give the major powers, and a constant CINC per state (1816-2016).
"""
from __future__ import annotations
import pandas as pd

A_COLUMNS = ["atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "ineffect", "bilat", "defense",
             "offense", "neutral", "nonagg", "consul", "asymm", "base", "intcom", "subord", "version"]
M_COLUMNS = ["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "ineffect", "phase",
             "defense", "offense", "neutral", "nonagg", "consul", "asymm", "obvary", "termmode", "termcaus", "version"]
NATO = (2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395)
RIO = (2, 40, 41, 42, 70, 90, 91, 92, 93, 94, 95, 140, 145, 150, 160)
WARSAW = (365, 290, 315, 310, 360, 355, 265)
#: (atopid, begyr, endyr, provisions, members as code or (code, entry, exit)); endyr 0: still in force
ALLIANCES = [
    (1010, 1904, 1914, {"defense", "consul"}, (200, 220)),
    (1020, 1921, 1939, {"nonagg", "consul"}, (365, 290)),
    (1030, 1936, 1945, {"offense", "defense"}, (255, 325, 740)),
    (3075, 1947, 0, {"defense", "consul", "nonagg"}, tuple((40, 1947, 1962) if c == 40 else c for c in RIO)),
    (3180, 1949, 0, {"defense", "consul"}, NATO + ((640, 1952, 0), (350, 1952, 1974), (350, 1980, 0), (255, 1955, 0))),
    (3205, 1951, 1960, {"defense", "consul", "asymm"}, (2, 740)),
    (3210, 1951, 0, {"defense", "consul"}, (2, 840)),
    (3215, 1951, 0, {"defense", "consul"}, (2, 900, 920)),
    (3240, 1953, 0, {"defense", "consul"}, (2, 732)),
    (3285, 1955, 1991, {"defense", "consul"}, WARSAW),
    (3300, 1960, 0, {"defense", "consul", "nonagg", "asymm"}, (2, 740)),
    (3350, 1965, 1990, {"defense"}, (200, 220, 2)),
    (3400, 1972, 0, {"consul"}, (365, 710)),
    (3500, 1963, 0, {"defense", "consul"}, (220, 255)),
    (4100, 1995, 0, {"defense", "consul"}, (710, 770)),
    (3450, 1978, 0, {"nonagg", "consul"}, (700, 750)),
    (4000, 1992, 0, {"consul"}, (365, 705)),
    (4010, 1994, 0, {"consul", "nonagg"}, (365, 702, 703)),
    (4020, 1996, 0, {"consul"}, (2, 770)),
    (4030, 1999, 0, {"defense", "consul"}, (2, 290)),
    (4040, 2001, 0, {"consul", "nonagg"}, (365, 710, 705, 702)),
    (4050, 2004, 2018, {"consul"}, (200, 220)),
    (4060, 2007, 0, {"consul"}, (2, 200)),
    (4070, 2010, 0, {"consul", "nonagg"}, (710, 750)),
    (4080, 2014, 0, {"defense", "consul"}, (365, 371)),
    (4090, 2017, 0, {"consul"}, (700, 770)),
]
NAMES = {2: ("USA", "United States of America"), 20: ("CAN", "Canada"), 40: ("CUB", "Cuba"), 41: ("HAI", "Haiti"),
         42: ("DOM", "Dominican Republic"), 70: ("MEX", "Mexico"), 90: ("GUA", "Guatemala"), 91: ("HON", "Honduras"),
         92: ("SAL", "El Salvador"), 93: ("NIC", "Nicaragua"), 94: ("COS", "Costa Rica"), 95: ("PAN", "Panama"),
         140: ("BRA", "Brazil"), 145: ("BOL", "Bolivia"), 150: ("PAR", "Paraguay"), 160: ("ARG", "Argentina"),
         200: ("UKG", "United Kingdom"), 210: ("NTH", "Netherlands"), 211: ("BEL", "Belgium"), 212: ("LUX", "Luxembourg"),
         220: ("FRN", "France"), 235: ("POR", "Portugal"), 255: ("GMY", "Germany"), 265: ("GDR", "German Democratic Republic"),
         290: ("POL", "Poland"), 310: ("HUN", "Hungary"), 315: ("CZE", "Czechoslovakia"), 325: ("ITA", "Italy"),
         350: ("GRC", "Greece"), 355: ("BUL", "Bulgaria"), 360: ("RUM", "Romania"), 365: ("RUS", "Russia"),
         371: ("ARM", "Armenia"), 385: ("NOR", "Norway"), 390: ("DEN", "Denmark"), 395: ("ICE", "Iceland"),
         640: ("TUR", "Turkey"), 700: ("AFG", "Afghanistan"), 702: ("TAJ", "Tajikistan"), 703: ("KYR", "Kyrgyzstan"),
         705: ("KZK", "Kazakhstan"), 710: ("CHN", "China"), 732: ("ROK", "South Korea"), 740: ("JPN", "Japan"),
         750: ("IND", "India"), 770: ("PAK", "Pakistan"), 840: ("PHI", "Philippines"), 900: ("AUL", "Australia"),
         920: ("NEW", "New Zealand")}
BIG = {2: .25, 365: .15, 710: .15, 200: .05, 220: .04, 255: .04, 740: .05, 750: .04}
MAJORS = [(2, 1898, 2016), (200, 1816, 2016), (220, 1816, 1940), (220, 1945, 2016), (365, 1816, 1917), (365, 1922, 2016),
          (255, 1816, 1918), (255, 1925, 1945), (255, 1991, 2016), (325, 1860, 1943), (740, 1895, 1945), (740, 1991, 2016),
          (710, 1950, 2016)]


def generated(seed: int = 7, count: int = 120) -> list:
    """More invented pacts, spread over 1816-2015, so that models and eras have variation."""
    import random

    rng = random.Random(seed)
    codes = sorted(NAMES)
    out = []
    for i in range(count):
        beg = rng.randrange(1816, 2016)
        end = 0 if rng.random() < 0.4 else min(2018, beg + rng.randrange(1, 30))
        size = 2 if rng.random() < 0.7 else rng.randrange(3, 6)
        provisions = {p for p in ("defense", "offense", "neutral", "nonagg", "consul") if rng.random() < 0.4} or {"consul"}
        out.append((5000 + i, beg, end, provisions, tuple(rng.sample(codes, size))))
    return out


def tables(version: str = "5.1") -> tuple[pd.DataFrame, pd.DataFrame]:
    a_rows, m_rows = [], []
    for n, (atopid, beg, end, provisions, members) in enumerate(ALLIANCES + generated()):
        codes = {p: int(p in provisions) for p in ("defense", "offense", "neutral", "nonagg", "consul", "asymm")}
        a_rows.append({"atopid": atopid, "begyr": beg, "begmo": 1, "begday": 1, "endyr": end, "endmo": 12 if end else 0,
                       "endday": 31 if end else 0, "ineffect": int(end == 0), "bilat": int(len(members) == 2), **codes,
                       "base": n % 4, "intcom": n % 2, "subord": (n // 2) % 2, "version": version})
        for member in members:
            code, entry, exit_ = member if isinstance(member, tuple) else (member, beg, end)
            left = exit_ != end
            m_rows.append({"atopid": atopid, "member": code, "yrent": entry, "moent": 1, "dayent": 1, "yrexit": exit_,
                           "moexit": 12 if exit_ else 0, "dayexit": 31 if exit_ else 0, "ineffect": int(exit_ == 0),
                           "phase": 1, **codes, "obvary": 0, "termmode": 3 if left else 0, "termcaus": 4 if left else 0,
                           "version": version})
    return pd.DataFrame(a_rows, columns=A_COLUMNS), pd.DataFrame(m_rows, columns=M_COLUMNS)


def cow_tables() -> dict[str, pd.DataFrame]:
    states = pd.DataFrame([{"stateabb": abb, "ccode": c, "statenme": name, "styear": 1816, "stmonth": 1, "stday": 1,
                            "endyear": 2016, "endmonth": 12, "endday": 31, "version": 2016} for c, (abb, name) in NAMES.items()])
    majors = pd.DataFrame([{"stateabb": NAMES[c][0], "ccode": c, "styear": s, "stmonth": 1, "stday": 1, "endyear": e,
                            "endmonth": 12, "endday": 31, "version": 2016} for c, s, e in MAJORS])
    nmc = pd.DataFrame([{"stateabb": NAMES[c][0], "ccode": c, "year": y, "milex": 10, "milper": 5, "irst": 1, "pec": 1,
                         "tpop": 100, "upop": 10, "cinc": BIG.get(c, .004), "version": 2021}
                        for c in NAMES for y in range(1816, 2017)])
    return {"states": states, "majors": majors, "nmc": nmc}
