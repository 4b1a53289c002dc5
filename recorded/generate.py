#!/usr/bin/env python3
"""Writes the recorded day recorded/2025-06-17/ in the sources' own formats.

The payloads are fixtures we wrote (not copies of real pages); this script is how they were
made, so a change to the day's story is a change here plus a re-run:
    python3 recorded/generate.py
It is deterministic: re-running without edits reproduces the same bytes.
"""
import json
import os

DAY = "2025-06-17"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), DAY)
CAPTURES = ["16:00:00", "22:30:00", "22:55:00"]  # UTC; index 0, 1, 2 below

# code -> (schedule/Pinnacle name, VSIN slug, SBD code, SBD nickname, SBD city)
TEAMS = {
    "ARI": ("Arizona Diamondbacks", "arizona-diamondbacks", "AZ", "Diamondbacks", "Arizona"),
    "ATL": ("Atlanta Braves", "atlanta-braves", "ATL", "Braves", "Atlanta"),
    "BAL": ("Baltimore Orioles", "baltimore-orioles", "BAL", "Orioles", "Baltimore"),
    "BOS": ("Boston Red Sox", "boston-red-sox", "BOS", "Red Sox", "Boston"),
    "CHC": ("Chicago Cubs", "chicago-cubs", "CHC", "Cubs", "Chicago"),
    "CWS": ("Chicago White Sox", "chicago-white-sox", "CHW", "White Sox", "Chicago"),
    "CIN": ("Cincinnati Reds", "cincinnati-reds", "CIN", "Reds", "Cincinnati"),
    "CLE": ("Cleveland Guardians", "cleveland-guardians", "CLE", "Guardians", "Cleveland"),
    "COL": ("Colorado Rockies", "colorado-rockies", "COL", "Rockies", "Colorado"),
    "DET": ("Detroit Tigers", "detroit-tigers", "DET", "Tigers", "Detroit"),
    "HOU": ("Houston Astros", "houston-astros", "HOU", "Astros", "Houston"),
    "KC": ("Kansas City Royals", "kansas-city-royals", "KCR", "Royals", "Kansas City"),
    "LAA": ("Los Angeles Angels", "los-angeles-angels", "LAA", "Angels", "Los Angeles"),
    "LAD": ("Los Angeles Dodgers", "los-angeles-dodgers", "LAD", "Dodgers", "Los Angeles"),
    "MIL": ("Milwaukee Brewers", "milwaukee-brewers", "MIL", "Brewers", "Milwaukee"),
    "MIN": ("Minnesota Twins", "minnesota-twins", "MIN", "Twins", "Minnesota"),
    "NYM": ("New York Mets", "new-york-mets", "NYM", "Mets", "New York"),
    "NYY": ("New York Yankees", "new-york-yankees", "NYY", "Yankees", "New York"),
    "OAK": ("Athletics", "athletics", "ATH", "Athletics", "Sacramento"),
    "PHI": ("Philadelphia Phillies", "philadelphia-phillies", "PHI", "Phillies", "Philadelphia"),
    "PIT": ("Pittsburgh Pirates", "pittsburgh-pirates", "PIT", "Pirates", "Pittsburgh"),
    "SD": ("San Diego Padres", "san-diego-padres", "SDP", "Padres", "San Diego"),
    "SF": ("San Francisco Giants", "san-francisco-giants", "SFG", "Giants", "San Francisco"),
    "SEA": ("Seattle Mariners", "seattle-mariners", "SEA", "Mariners", "Seattle"),
    "STL": ("St. Louis Cardinals", "st-louis-cardinals", "STL", "Cardinals", "St. Louis"),
    "TB": ("Tampa Bay Rays", "tampa-bay-rays", "TBR", "Rays", "Tampa Bay"),
    "TOR": ("Toronto Blue Jays", "toronto-blue-jays", "TOR", "Blue Jays", "Toronto"),
    "WSH": ("Washington Nationals", "washington-nationals", "WSN", "Nationals", "Washington"),
}

# gamePk, away, home, UTC start (date, time), game number, statuses per capture, listed at
# captures (by the betting sources), Pinnacle matchup id.
GAMES = [
    (777001, "CWS", "DET", "2025-06-17", "17:10", 1, ["Scheduled", "Final", "Final"], [0]),
    (777002, "CWS", "DET", "2025-06-17", "23:10", 2, ["Scheduled", "Pre-Game", "Pre-Game"], [0, 1, 2]),
    (777003, "PHI", "NYM", "2025-06-17", "23:10", 1, ["Scheduled", "Pre-Game", "Pre-Game"], [0, 1, 2]),
    (777004, "ATL", "WSH", "2025-06-17", "22:45", 1, ["Scheduled", "Pre-Game", "In Progress"], [0, 1, 2]),
    (777005, "STL", "CIN", "2025-06-17", "22:40", 1, ["Scheduled", "Pre-Game", "In Progress"], [0, 1, 2]),
    (777006, "TOR", "BAL", "2025-06-17", "22:35", 1, ["Postponed", "Postponed", "Postponed"], []),
    (777007, "KC", "TB", "2025-06-17", "23:05", 1, ["Scheduled", "Pre-Game", "Pre-Game"], [0, 1, 2]),
    (777008, "CLE", "MIN", "2025-06-17", "23:40", 1, ["Scheduled", "Scheduled", "Pre-Game"], [0, 1, 2]),
    (777009, "PIT", "CHC", "2025-06-18", "00:05", 1, ["Scheduled", "Scheduled", "Scheduled"], [0, 1, 2]),
    (777010, "MIL", "COL", "2025-06-18", "00:40", 1, ["Scheduled", "Scheduled", "Scheduled"], [0, 1, 2]),
    (777011, "OAK", "HOU", "2025-06-18", "00:10", 1, ["Scheduled", "Scheduled", "Scheduled"], [0, 1, 2]),
    (777012, "NYY", "LAA", "2025-06-18", "01:38", 1, ["Scheduled", "Scheduled", "Scheduled"], [0, 1, 2]),
    (777013, "SD", "ARI", "2025-06-18", "01:40", 1, ["Scheduled", "Scheduled", "Scheduled"], [0, 1, 2]),
    (777014, "LAD", "SF", "2025-06-18", "01:45", 1, ["Scheduled", "Scheduled", "Scheduled"], [0, 1, 2]),
    (777015, "BOS", "SEA", "2025-06-18", "02:10", 1, ["Scheduled", "Scheduled", "Scheduled"], [0, 1, 2]),
]

# Balanced defaults per game (VSIN Circa): moneyline (away, home), ML bets/handle away %,
# total, over bets/handle %, away run line, RL bets/handle away %.
BASE = {
    777001: dict(ml=(145, -160), mlb=44, mlh=41, tot=9.0, tob=56, toh=53, rl=1.5, rlb=47, rlh=50),
    777002: dict(ml=(130, -142), mlb=46, mlh=43, tot=8.5, tob=55, toh=57, rl=1.5, rlb=45, rlh=44),
    777003: dict(ml=(-168, 150), mlb=68, mlh=60, tot=8.5, tob=55, toh=52, rl=-1.5, rlb=62, rlh=40),
    777004: dict(ml=(-135, 115), mlb=80, mlh=88, tot=9.5, tob=58, toh=55, rl=-1.5, rlb=64, rlh=61),
    777005: dict(ml=(110, -120), mlb=50, mlh=35, tot=8.0, tob=53, toh=51, rl=1.5, rlb=48, rlh=46),
    777007: dict(ml=(120, -130), mlb=45, mlh=47, tot=8.0, tob=49, toh=50, rl=1.5, rlb=44, rlh=43),
    777008: dict(ml=(105, -115), mlb=51, mlh=49, tot=8.5, tob=57, toh=55, rl=1.5, rlb=50, rlh=52),
    777009: dict(ml=(118, -130), mlb=45, mlh=43, tot=7.5, tob=54, toh=56, rl=1.5, rlb=46, rlh=45),
    777010: dict(ml=(-110, 100), mlb=53, mlh=55, tot=11.5, tob=61, toh=58, rl=-1.5, rlb=52, rlh=50),
    777011: dict(ml=(140, -155), mlb=38, mlh=40, tot=9.0, tob=54, toh=52, rl=1.5, rlb=40, rlh=42),
    777012: dict(ml=(-185, 160), mlb=78, mlh=80, tot=9.0, tob=70, toh=62, rl=-1.5, rlb=66, rlh=64),
    777013: dict(ml=(-118, 108), mlb=52, mlh=50, tot=8.5, tob=52, toh=51, rl=-1.5, rlb=50, rlh=48),
    777014: dict(ml=(-172, 152), mlb=66, mlh=64, tot=7.5, tob=51, toh=49, rl=-1.5, rlb=58, rlh=57),
    777015: dict(ml=(-105, -105), mlb=50, mlh=51, tot=7.5, tob=65, toh=70, rl=1.5, rlb=49, rlh=48),
}

# Signals: overrides by (gamePk, book, capture) where book is "circa", "dk" or "*" (both).
OVERRIDES = {
    # PHI@NYM: sharp money on the Mets moneyline while 70% of tickets are on the Phillies, and
    # the line moves toward the Mets (reverse line movement). Run line also leans NYM.
    (777003, "circa", 1): dict(ml=(-150, 138), mlb=70, mlh=45),
    (777003, "circa", 2): dict(ml=(-142, 130), mlb=71, mlh=42),
    (777003, "dk", 0): dict(ml=(-165, 143)),
    (777003, "dk", 1): dict(ml=(-152, 136), mlb=72, mlh=48),
    (777003, "dk", 2): dict(ml=(-140, 124), mlb=74, mlh=50),
    # PIT@CHC: steam on the Cubs close to first pitch at both books.
    (777009, "circa", 1): dict(mlb=58, mlh=35),
    (777009, "circa", 2): dict(mlb=60, mlh=34),
    (777009, "dk", 1): dict(mlb=60, mlh=41),
    (777009, "dk", 2): dict(mlb=62, mlh=40),
    # SD@ARI: opposing markets (ML sharp on SD, run line sharp on ARI) at the last capture.
    (777013, "circa", 2): dict(mlb=40, mlh=61, rlb=55, rlh=33),
    (777013, "dk", 2): dict(mlb=42, mlh=58, rlb=57, rlh=38),
    # NYY@LAA: sharp under (tickets on the over, money split) growing through the day.
    (777012, "*", 1): dict(tob=74, toh=56),
    (777012, "*", 2): dict(tob=76, toh=50),
    # STL@CIN: books disagree on the moneyline sharp side.
    (777005, "dk", 0): dict(mlb=45, mlh=59),
    (777005, "dk", 1): dict(mlb=45, mlh=59),
    (777005, "dk", 2): dict(mlb=45, mlh=59),
    # ATL@WSH: heavy public money on the Braves (fade candidate), not a differential signal.
    (777004, "dk", 0): dict(mlb=79, mlh=86),
    (777004, "dk", 1): dict(mlb=79, mlh=86),
    (777004, "dk", 2): dict(mlb=79, mlh=86),
    # BOS@SEA: total moves 7.5 -> 8 with the public (over) - an ordinary move, not RLM.
    (777015, "*", 1): dict(tot=8.0),
    (777015, "*", 2): dict(tot=8.0),
    # KC@TB: rounded integers that add up to 99 (inside VSIN's tolerance).
    (777007, "circa", 2): dict(tob=49, toh=50),
}

# SBD-only facts: MIL@COL run line heavy money on MIL with few tickets; LAD@SF total all zero;
# TOR@BAL (postponed) listed at the first capture with every market zero.
SBD_OVERRIDES = {
    777010: dict(spread=(30.0, 61.4)),  # away bets %, away stake %
}
SBD_ZERO = {(777014, "total"), (777006, "moneyline"), (777006, "spread"), (777006, "total")}
DK_ZERO_RUNLINE = {777014}  # LAD@SF run line shows 0% everywhere on the DK page


def values(pk, book, cap):
    v = dict(BASE[pk])
    for key in [(pk, "*", cap), (pk, book, cap)]:
        v.update(OVERRIDES.get(key, {}))
    if book == "dk" and (pk, "dk", cap) not in OVERRIDES and pk not in (777004, 777005):
        # DraftKings' crowd is a touch more public: two more points of tickets on the away side.
        v["mlb"] = min(v["mlb"] + 2, 100)
    return v


def iso(date, time):
    return f"{date}T{time}:00Z"


def iso_ms(date, time, seconds="00"):
    return f"{date}T{time}:{seconds}.000Z"


def capture_folder(cap):
    return f"{DAY}T{CAPTURES[cap].replace(':', '-')}Z"


def listed(cap):
    return [g for g in GAMES if cap in g[7]]


# ---------------------------------------------------------------- schedule
def schedule(cap):
    games = []
    for pk, away, home, date, time, number, statuses, _ in GAMES:
        state = statuses[cap]
        abstract = {"Final": "Final", "In Progress": "Live"}.get(state, "Preview")
        games.append({
            "gamePk": pk, "gameType": "R", "season": "2025", "gameDate": iso(date, time),
            "officialDate": DAY,
            "status": {"abstractGameState": abstract, "detailedState": state},
            "teams": {"away": {"team": {"name": TEAMS[away][0]}}, "home": {"team": {"name": TEAMS[home][0]}}},
            "doubleHeader": "S" if pk in (777001, 777002) else "N", "gameNumber": number,
        })
    return {"totalGames": len(games), "dates": [{"date": DAY, "totalGames": len(games), "games": games}]}


# ---------------------------------------------------------------- SBD
def sbd_side(count, total, stake):
    return {"bets": count, "betsPercentage": round(count * 100 / total, 2), "stakePercentage": stake}


def sbd_market(pk, market, cap, idx, away_bets_pct, away_stake, updated):
    sides = ("under", "over") if market == "total" else ("away", "home")
    if (pk, market) in SBD_ZERO:
        zero = {"bets": 0, "betsPercentage": 0, "stakePercentage": 0}
        return {"updated": updated, "bets": 0, sides[0]: dict(zero), sides[1]: dict(zero)}
    total = 900 + 41 * idx + 250 * cap + {"moneyline": 0, "spread": -310, "total": -120}[market]
    away = round(total * away_bets_pct / 100)
    away_stake = round(away_stake + 0.37, 2)
    home_stake = round(100 - away_stake, 2)
    return {"updated": updated, "bets": total,
            sides[0]: sbd_side(away, total, away_stake), sides[1]: sbd_side(total - away, total, home_stake)}


def sbd(cap):
    games = []
    pool = listed(cap) + ([g for g in GAMES if g[0] == 777006] if cap == 0 else [])
    for idx, (pk, away, home, date, time, number, _, _) in enumerate(pool):
        hh, mm = map(int, CAPTURES[cap].split(":")[:2])
        updated = iso_ms(DAY, f"{hh:02d}:{max(mm - 1, 0):02d}" if mm else f"{hh - 1:02d}:58", f"{(idx * 7) % 60:02d}")
        if pk == 777006:
            v = dict(ml=(110, -120), mlb=50, mlh=50, tob=50, toh=50, rlb=50, rlh=50)
        else:
            v = values(pk, "circa", cap)
        spread = SBD_OVERRIDES.get(pk, {}).get("spread", (v["rlb"] + 1.5, v["rlh"] - 0.8))
        games.append({
            "_id": f"{date.replace('-', '')}.{idx + 1:02d}-MLB-{TEAMS[away][2]}@{TEAMS[home][2]}",
            "date": iso_ms(date, time),
            "status": "scheduled",
            "away": {"code": TEAMS[away][2], "team": TEAMS[away][3], "city": TEAMS[away][4]},
            "home": {"code": TEAMS[home][2], "team": TEAMS[home][3], "city": TEAMS[home][4]},
            "bettingSplits": {
                "spread": sbd_market(pk, "spread", cap, idx, spread[0], spread[1], updated),
                "moneyline": sbd_market(pk, "moneyline", cap, idx, v["mlb"] + 0.6, v["mlh"] - 1.1, updated),
                "total": sbd_market(pk, "total", cap, idx, 100 - v["tob"] - 0.4, 100 - v["toh"] + 0.9, updated),
            },
            "sportsbooks": sportsbooks(pk, v, cap, pool_caps(pk)),
        })
    return {"group": DAY, "games": games}


# SBD's per-book prices, in the live layout: each entry {"_id", "name", "geos", "odds"} with
# odds.moneyline.{away,home} quotes, odds.spread.{away,home} = {"points", "odds": quote} and
# odds.total.{over,under} = {"points", "odds": quote}; a quote has american, decimal,
# fractional, probability and best, every one a string that is empty when not offered.
# The books' story: BetMGM lists all three markets at Circa's numbers; Caesars lists only the
# moneyline and is slow to move (it shows the previous capture's Circa moneyline, so at 22:55 it
# still has NYM at +138 while everyone else is at +130 or shorter); DraftKings lists only the
# total; FanDuel lists nothing (every string empty).
GEOS = {"betmgm": ["NJ", "PA", "MI"], "caesars": ["NJ", "NY"], "draftkings": ["NJ", "NY", "PA"], "fanduel": ["NJ"]}


def pool_caps(pk):
    return next(g for g in GAMES if g[0] == pk)[7]


def fraction(numerator, denominator):
    a, b = numerator, denominator
    while b:
        a, b = b, a % b
    return f"{numerator // a}/{denominator // a}"


def quote(price, best=False):
    """One price in every form the feed lists it; None gives the empty quote."""
    if price is None:
        return {"american": "", "decimal": "", "fractional": "", "probability": "", "best": False}
    price = int(price)
    if price > 0:
        decimal, frac, prob = 1 + price / 100, fraction(price, 100), 100 / (price + 100)
    else:
        decimal, frac, prob = 1 + 100 / -price, fraction(100, -price), -price / (-price + 100)
    return {"american": fmt_line(price), "decimal": f"{decimal:.2f}", "fractional": frac,
            "probability": f"{prob:.4f}", "best": best}


def handicap(points, price, best=False):
    if points is None:
        return {"points": "", "odds": quote(None)}
    return {"points": fmt_line(points) if points != 0 else "0", "odds": quote(price, best)}


def sportsbooks(pk, v, cap, caps):
    rl = v.get("rl", 1.5)
    tot = v.get("tot", 8.5)
    slow = values(pk, "circa", cap - 1)["ml"] if cap > 0 and cap - 1 in caps else v["ml"]
    prices = {
        "betmgm": {"moneyline": v["ml"], "spread": (rl, -rl, -175 if rl > 0 else 150, 150 if rl > 0 else -175),
                   "total": (tot, -115, -105)},
        "caesars": {"moneyline": slow},
        "draftkings": {"total": (tot, -110, -110)},
        "fanduel": {},
    }

    def better(a, b):
        return (a - 100 if a >= 100 else a + 100) > (b - 100 if b >= 100 else b + 100)

    def best_of(market, index):
        offered = [p[market][index] for p in prices.values() if market in p]
        top = offered[0]
        for price in offered[1:]:
            top = price if better(price, top) else top
        return top

    entries = []
    for name, listed_prices in prices.items():
        odds = {"moneyline": {"away": quote(None), "home": quote(None)},
                "spread": {"away": handicap(None, None), "home": handicap(None, None)},
                "total": {"over": handicap(None, None), "under": handicap(None, None)}}
        if "moneyline" in listed_prices:
            away, home = listed_prices["moneyline"]
            odds["moneyline"] = {"away": quote(away, away == best_of("moneyline", 0)),
                                 "home": quote(home, home == best_of("moneyline", 1))}
        if "spread" in listed_prices:
            away_points, home_points, away_price, home_price = listed_prices["spread"]
            odds["spread"] = {"away": handicap(away_points, away_price, True), "home": handicap(home_points, home_price, True)}
        if "total" in listed_prices:
            points, over, under = listed_prices["total"]
            odds["total"] = {"over": {"points": fmt_total(points), "odds": quote(over, over == best_of("total", 1))},
                             "under": {"points": fmt_total(points), "odds": quote(under, under == best_of("total", 2))}}
        entries.append({"_id": name, "name": name, "geos": GEOS[name], "odds": odds})
    return entries


# ---------------------------------------------------------------- VSIN
def fmt_line(x, plus=True):
    if isinstance(x, float) and not x.is_integer():
        text = f"{x:g}"
    else:
        text = str(int(x))
    return f"+{text}" if plus and x > 0 else text


def fmt_total(x):
    return f"{x:g}"


HR = '<hr class="my-1">'


def pct(value, arrow=None):
    icon = f' <i class="fa fa-arrow-{arrow}"></i>' if arrow else ""
    return f"{value}%&nbsp;{icon}"


def vsin(book, cap):
    rows = []
    for i, (pk, away, home, date, time, number, _, _) in enumerate(listed(cap)):
        v = values(pk, book, cap)
        prev = values(pk, book, cap - 1) if cap > 0 and cap - 1 in next(g for g in GAMES if g[0] == pk)[7] else v
        ml_arrow = ("up" if v["mlh"] > prev["mlh"] else "down") if v["mlh"] != prev["mlh"] else None

        def wrap(text):
            return f'<a href="/mlb/odds/{pk}" target="_blank">{text}</a>' if book == "dk" else text

        plus = book == "dk"
        ml = v["ml"]
        rl = (v["rl"], -v["rl"])
        tot = fmt_total(v["tot"])
        teams = (f'<a class="txt-color-vsinred" href="/mlb/teams/{TEAMS[away][1]}">{TEAMS[away][0]}</a>'
                 + (f'<div class="collapse" id="result-{pk}">Win{HR}Loss</div>' if i % 2 == 0 else "")
                 + f'&nbsp;{HR}<a class="txt-color-vsinred" href="/mlb/teams/{TEAMS[home][1]}">{TEAMS[home][0]}</a>')
        def boxes(first, second):
            # The live layout: each team's value in its own scorebox div, the <hr> between them.
            box = f'<div class="scorebox_highlight text-center game_highlight_{book}">'
            return f'{box}{wrap(first)}</div>{HR}{box}{wrap(second)}</div>'

        ml_cell = boxes(fmt_line(ml[0], plus), fmt_line(ml[1], plus))
        if i % 3 == 0:
            ml_cell += f'<div class="collapse" id="ml-hist-{pk}">Loss</div>'
        rl_zero = book == "dk" and pk in DK_ZERO_RUNLINE
        rlb, rlh = (0, 0) if rl_zero else (v["rlb"], 100 - v["rlb"])
        rlha, rlhh = (0, 0) if rl_zero else (v["rlh"], 100 - v["rlh"])
        cells = [
            teams,
            ml_cell,
            pct(v["mlh"], ml_arrow) + HR + pct(100 - v["mlh"], {"up": "down", "down": "up"}.get(ml_arrow)),
            pct(v["mlb"]) + HR + pct(100 - v["mlb"]),
            boxes(tot, tot),
            pct(v["toh"]) + HR + pct(100 - v["toh"] - (1 if (pk, book, cap) == (777007, "circa", 2) else 0)),
            pct(v["tob"]) + HR + pct(100 - v["tob"] - (1 if (pk, book, cap) == (777007, "circa", 2) else 0)),
            boxes(fmt_line(rl[0], True), fmt_line(rl[1], True)),
            pct(rlha) + HR + pct(rlhh),
            pct(rlb) + HR + pct(rlh),
        ]
        tds = "\n".join(f'  <td class="{"text-left" if n == 0 else "text-center"}">{c}</td>' for n, c in enumerate(cells))
        rows.append(f'<tr class="sp-row" data-index="{i}">\n{tds}\n</tr>')
    name = {"circa": "Circa Sports", "dk": "DraftKings"}[book]
    header = ("<tr>" + "".join(f"<th>{h}</th>" for h in
              ["Game", "Moneyline", "Handle", "Bets", "Total", "Handle", "Bets", "Run Line", "Handle", "Bets"]) + "</tr>")
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>MLB Betting Splits | VSiN</title>
<script>window.dataLayer = window.dataLayer || []; if (1 < 2 && 3 > 2) {{ dataLayer.push({{}}); }}</script>
</head>
<body>
<nav><ul><li><a href="/betting-splits/?bookid=circa&amp;view=mlb">Circa</a></li><li><a href="/betting-splits/?bookid=dk&amp;view=mlb">DK</a></li></ul></nav>
<table class="legend"><tr><td>Handle = share of money</td><td>Bets = share of tickets</td></tr></table>
<div class="table-responsive">
<table class="freezetable table table-sm sp-table" id="splits-{book}">
<thead>
{header}
</thead>
<tbody>
<tr class="sp-date"><td colspan="10"><a href="/mlb/games/?gamedate={DAY}">Tuesday, June 17</a>&nbsp;&middot;&nbsp;{name}</td></tr>
{chr(10).join(rows)}
</tbody>
</table>
</div>
</body>
</html>
"""


# ---------------------------------------------------------------- Pinnacle
PINNACLE_ML = {  # (home, away) prices by capture for games whose price moves
    777003: [(146, -160), (136, -148), (126, -138)],
}


def american_pair(away_line, home_line):
    return home_line, away_line


def pinnacle(cap):
    matchups, markets = [], []
    for i, (pk, away, home, date, time, number, _, _) in enumerate(listed(cap)):
        mid = 1610000000 + pk - 777000
        start = iso(date, time)
        matchups.append({
            "id": mid, "type": "matchup", "parent": None, "parentId": None, "isLive": False,
            "league": {"id": 246, "name": "MLB"}, "startTime": start, "status": "pending",
            "participants": [
                {"alignment": "away", "name": TEAMS[away][0], "order": 0},
                {"alignment": "home", "name": TEAMS[home][0], "order": 1},
            ],
        })
        v = values(pk, "circa", cap)
        home_price, away_price = PINNACLE_ML.get(pk, [None] * 3)[cap] or (
            v["ml"][1] + (4 if v["ml"][1] > 0 else 3), v["ml"][0] + (4 if v["ml"][0] > 0 else 3))
        if -100 < home_price < 100:
            home_price = 100 + home_price if home_price >= 0 else -100 + home_price
        if -100 < away_price < 100:
            away_price = 100 + away_price if away_price >= 0 else -100 + away_price
        cutoff = start
        limits = [{"type": "maxRiskStake", "amount": 5000 if i % 2 == 0 else 3000}]
        home_rl = -v["rl"]
        markets += [
            {"matchupId": mid, "type": "moneyline", "key": "s;0;m", "period": 0, "status": "open",
             "cutoffAt": cutoff, "isAlternate": False,
             "prices": [{"designation": "home", "price": home_price}, {"designation": "away", "price": away_price}],
             "limits": limits},
            {"matchupId": mid, "type": "spread", "key": f"s;0;s;{home_rl:g}", "period": 0, "status": "open",
             "cutoffAt": cutoff, "isAlternate": False,
             # The +1.5 side is the favourite to cover: priced -170, the -1.5 side +150.
             "prices": [{"designation": "home", "points": home_rl, "price": -170 if home_rl > 0 else 150},
                        {"designation": "away", "points": -home_rl, "price": 150 if home_rl > 0 else -170}],
             "limits": [{"type": "maxRiskStake", "amount": 1500}]},
            {"matchupId": mid, "type": "total", "key": f"s;0;ou;{v['tot']:g}", "period": 0, "status": "open",
             "cutoffAt": cutoff, "isAlternate": False,
             "prices": [{"designation": "over", "points": v["tot"], "price": -108},
                        {"designation": "under", "points": v["tot"], "price": -102}],
             "limits": [{"type": "maxRiskStake", "amount": 2000}]},
            {"matchupId": mid, "type": "moneyline", "key": "s;1;m", "period": 1, "status": "open",
             "cutoffAt": cutoff, "isAlternate": False,
             "prices": [{"designation": "home", "price": -125}, {"designation": "away", "price": 105}],
             "limits": [{"type": "maxRiskStake", "amount": 1000}]},
        ]
        if i == 0:
            markets.append(
                {"matchupId": mid, "type": "spread", "key": "s;0;s;2.5", "period": 0, "status": "open",
                 "cutoffAt": cutoff, "isAlternate": True,
                 "prices": [{"designation": "home", "points": 2.5, "price": -250},
                            {"designation": "away", "points": -2.5, "price": 200}],
                 "limits": [{"type": "maxRiskStake", "amount": 500}]})
        if pk == 777003:
            special = 1610900003
            matchups.append({
                "id": special, "type": "special", "parent": {"id": mid, "startTime": start},
                "parentId": mid, "isLive": False, "startTime": start,
                "special": {"category": "Player Props", "description": "Bryce Harper Total Hits"},
                "participants": [{"alignment": "neutral", "name": "Over 0.5", "id": 1},
                                 {"alignment": "neutral", "name": "Under 0.5", "id": 2}],
            })
            matchups.append({
                "id": 1610800003, "type": "matchup", "parent": {"id": mid}, "parentId": mid, "isLive": False,
                "startTime": start, "units": "Hits+Runs+Errors",
                "participants": [{"alignment": "away", "name": TEAMS[away][0]},
                                 {"alignment": "home", "name": TEAMS[home][0]}],
            })
            markets.append(
                {"matchupId": special, "type": "total", "key": "s;0;ou;0.5", "period": 0, "status": "open",
                 "cutoffAt": cutoff, "prices": [{"designation": "over", "points": 0.5, "price": -230},
                                                {"designation": "under", "points": 0.5, "price": 180}],
                 "limits": [{"type": "maxRiskStake", "amount": 250}]})
    return matchups, markets


# ---------------------------------------------------------------- final scores
# (away, home) runs; the postponed game has none. The stories: NYM, CHC and the under win;
# SD wins by one (ML sharp SD and run-line sharp ARI +1.5 both cash); the ATL public side wins.
SCORES = {
    777001: (2, 5), 777002: (4, 3), 777003: (2, 4), 777004: (6, 2), 777005: (5, 4), 777007: (3, 1),
    777008: (2, 7), 777009: (1, 3), 777010: (8, 4), 777011: (4, 6), 777012: (5, 2), 777013: (5, 4),
    777014: (3, 2), 777015: (3, 6),
}


def outcomes():
    """The MLB schedule the morning after: final games carry teams.away.score/teams.home.score."""
    games = []
    for pk, away, home, date, time, number, statuses, _ in GAMES:
        postponed = statuses[-1] == "Postponed"
        teams = {"away": {"team": {"name": TEAMS[away][0]}}, "home": {"team": {"name": TEAMS[home][0]}}}
        if not postponed:
            a, h = SCORES[pk]
            teams["away"].update({"score": a, "isWinner": a > h})
            teams["home"].update({"score": h, "isWinner": h > a})
        games.append({
            "gamePk": pk, "gameType": "R", "season": "2025", "gameDate": iso(date, time), "officialDate": DAY,
            "status": {"abstractGameState": "Final", "detailedState": "Postponed" if postponed else "Final"},
            "teams": teams, "doubleHeader": "S" if pk in (777001, 777002) else "N", "gameNumber": number,
        })
    return {"totalGames": len(games), "dates": [{"date": DAY, "totalGames": len(games), "games": games}]}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    for cap in range(len(CAPTURES)):
        folder = os.path.join(ROOT, capture_folder(cap))
        write(os.path.join(folder, "schedule.json"), json.dumps(schedule(cap), indent=1) + "\n")
        write(os.path.join(folder, "sbd.json"), json.dumps(sbd(cap), indent=1) + "\n")
        for book in ("circa", "dk"):
            write(os.path.join(folder, f"vsin-{book}.html"), vsin(book, cap))
        matchups, markets = pinnacle(cap)
        write(os.path.join(folder, "pinnacle-matchups.json"), json.dumps(matchups, indent=1) + "\n")
        write(os.path.join(folder, "pinnacle-markets.json"), json.dumps(markets, indent=1) + "\n")
    write(os.path.join(ROOT, "outcomes.json"), json.dumps(outcomes(), indent=1) + "\n")


if __name__ == "__main__":
    main()
