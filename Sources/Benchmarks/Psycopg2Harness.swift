import Foundation

/// The psycopg2 client of `sharp bench server`: a Python program (written to the run's folder
/// and run with the test venv's python) that drives one workload against a PostgreSQL-protocol
/// server the way applications do. psycopg2 never sends `$n`: it quotes every value into the
/// SQL text on the client (`INSERT … VALUES (42, 'dk', 61.5, '2025-06-17T00:00:05+00:00'::timestamptz)`),
/// so every statement reaches the server as a new literal simple Query.
///
/// Input: one JSON object as `argv[1]` (host, port, user, dbname, workload and its sizes).
/// Output: one JSON object on stdout: `ops`, `seconds`, `p50_ms`, `p99_ms`, `errors`,
/// `first_error`, `rows`, `bytes` (what applies to the workload).
///
/// ```swift
/// let output = try Psycopg2Harness.run(python: python, in: folder, ["workload": "storm", …])
/// ```
enum Psycopg2Harness {
    static let script = #"""
import io, json, sys, threading, time, datetime
import psycopg2

cfg = json.loads(sys.argv[1])
UTC = datetime.timezone.utc
FIRST = datetime.datetime(2025, 6, 17, tzinfo=UTC)
SOURCES = ["VSIN", "SBD", "Pinnacle"]
BOOKS = ["circa", "draftkings", "fanduel", "betmgm", "caesars", "south_point_casino"]
MARKETS = ["moneyline", "spread", "total"]
TABLE = cfg.get("table", "splits")
INSERT = "INSERT INTO " + TABLE + " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
POINT = "SELECT id, game_id, source, book, market, bets_pct, money_pct, captured_at FROM " + TABLE + " WHERE id = %s"
AGGREGATE = "SELECT count(*), avg(money_pct) FROM " + TABLE + " WHERE game_id = %s"

def split_row(i):
    # The same values as the benchmarks' SplitRow(i).
    return (i, 745000 + (i // 54) % 2430, SOURCES[i % 3], BOOKS[(i // 3) % 6], MARKETS[(i // 18) % 3],
            ((i * 7919) % 1001) / 10, ((i * 104729) % 1001) / 10, FIRST + datetime.timedelta(seconds=i))

def connect():
    conn = psycopg2.connect(host=cfg["host"], port=cfg["port"], user=cfg["user"], dbname=cfg["dbname"],
                            connect_timeout=60, sslmode="disable")
    conn.autocommit = True
    return conn

def percentile(samples, q):
    if not samples:
        return None
    ordered = sorted(samples)
    rank = min(len(ordered) - 1, max(0, int(-(-len(ordered) * q // 1)) - 1))
    return ordered[rank] * 1000.0

def closed_loop(op):
    """cfg["clients"] threads, each with its own connection, each running op(client, n, cursor)
    one after the other for cfg["seconds"]: what N psycopg2 applications get."""
    clients, seconds = cfg["clients"], cfg["seconds"]
    conns = [connect() for _ in range(clients)]
    start = threading.Barrier(clients + 1)
    results = [None] * clients
    def worker(index):
        cur = conns[index].cursor()
        latencies, errors, first, n = [], 0, None, 0
        start.wait()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                op(index, n, cur)
                latencies.append(time.perf_counter() - began)
            except psycopg2.Error as e:
                errors += 1
                first = first or f"{e.pgcode}: {e}".strip()
            n += 1
        results[index] = (latencies, errors, first)
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads: t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads: t.join()
    elapsed = time.perf_counter() - began
    for c in conns: c.close()
    latencies = [x for r in results for x in r[0]]
    firsts = [r[2] for r in results if r[2]]
    return {"ops": len(latencies), "seconds": elapsed, "p50_ms": percentile(latencies, 0.5),
            "p99_ms": percentile(latencies, 0.99), "errors": sum(r[1] for r in results),
            "first_error": firsts[0] if firsts else None}

def storm():
    base = cfg["base"]
    def op(index, n, cur):
        cur.execute(INSERT, split_row(base + index * 10000000 + n))
    return closed_loop(op)

def mixed():
    base, rows, write_percent = cfg["base"], cfg["rows"], cfg["write_percent"]
    import random
    written = [0] * cfg["clients"]
    def op(index, n, cur):
        roll = (n * 37 + index * 11) % 100
        if roll < write_percent:
            cur.execute(INSERT, split_row(base + index * 10000000 + written[index]))
            written[index] += 1
        elif roll % 2 == 0:
            cur.execute(POINT, (random.randrange(rows),))
            if len(cur.fetchall()) != 1:
                raise psycopg2.DataError("point read found no row")
        else:
            cur.execute(AGGREGATE, (745000 + random.randrange(2430),))
            cur.fetchall()
    result = closed_loop(op)
    result["writes"] = sum(written)
    return result

def copy_in():
    rows = cfg["bulk_rows"]
    lines = []
    for i in range(cfg["base"], cfg["base"] + rows):
        r = split_row(i)
        lines.append("%d\t%d\t%s\t%s\t%s\t%r\t%r\t%s\n" % (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7].isoformat(sep=" ")))
    data = "".join(lines).encode()
    conn = connect()
    cur = conn.cursor()
    began = time.perf_counter()
    cur.copy_expert("COPY " + TABLE + " FROM STDIN", io.BytesIO(data))
    elapsed = time.perf_counter() - began
    conn.close()
    return {"ops": rows, "seconds": elapsed, "bytes": len(data)}

class Sink:
    def __init__(self): self.bytes, self.lines = 0, 0
    def write(self, data):
        if isinstance(data, str): data = data.encode()
        self.bytes += len(data)
        self.lines += data.count(b"\n")
        return len(data)

def copy_out():
    conn = connect()
    cur = conn.cursor()
    sink = Sink()
    began = time.perf_counter()
    cur.copy_expert("COPY " + TABLE + " TO STDOUT", sink)
    elapsed = time.perf_counter() - began
    conn.close()
    return {"ops": sink.lines, "rows": sink.lines, "seconds": elapsed, "bytes": sink.bytes}

def select_all():
    conn = connect()
    cur = conn.cursor()
    began = time.perf_counter()
    cur.execute("SELECT * FROM " + TABLE)
    rows = cur.fetchall()
    elapsed = time.perf_counter() - began
    conn.close()
    return {"ops": len(rows), "rows": len(rows), "seconds": elapsed}

def query():
    conn = connect()
    cur = conn.cursor()
    times, rows = [], 0
    for _ in range(cfg["repeat"]):
        began = time.perf_counter()
        cur.execute(cfg["sql"])
        rows = len(cur.fetchall())
        times.append(time.perf_counter() - began)
    conn.close()
    times.sort()
    return {"ops": len(times), "seconds": sum(times), "median_s": times[len(times) // 2], "rows": rows,
            "p50_ms": percentile(times, 0.5), "p99_ms": percentile(times, 0.99)}

def execute():
    conn = connect()
    cur = conn.cursor()
    for statement in cfg["statements"]:
        cur.execute(statement)
    conn.close()
    return {"ops": len(cfg["statements"]), "seconds": 0}

workloads = {"storm": storm, "mixed": mixed, "copy_in": copy_in, "copy_out": copy_out, "select_all": select_all,
             "query": query, "execute": execute}
try:
    print(json.dumps(workloads[cfg["workload"]]()))
except psycopg2.Error as e:
    print(json.dumps({"failed": f"{e.pgcode}: {e}".strip()}))
"""#
}
