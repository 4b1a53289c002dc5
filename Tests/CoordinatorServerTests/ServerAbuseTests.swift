import CoordinatorServer
import Foundation
import Testing

/// Abuse of the server by clients that follow the protocol only partly: replayed SCRAM
/// messages, a crowd 10× the connection limit, messages sent by halves, a client that reads
/// nothing while its result piles up. Each is refused or closed while another client keeps
/// working, and `SELECT 1` answers afterwards.
@Suite(.serialized) struct ServerAbuseTests {
    @Test func replayedSCRAMMessagesAreRefused() async throws {
        let server = try await RunningServer.start(password: "pencil")
        let result = try await server.python(abuseClient + #"""
            good, msgs, first, final, nonce = scram_login("pencil")
            print("good", error_code(msgs), query(good, "SELECT 1")[1])

            # The captured client-first and client-final, replayed on a new connection: the
            # server answers with a new nonce, which the captured proof does not cover.
            replay, msgs, _, _, replay_nonce = scram_login("pencil", first, final)
            print("replay", error_code(msgs), replay_nonce != nonce, closed(replay))

            # The captured client-final sent as the first SASL message.
            early = start_login()
            sasl(early, final.encode())
            print("early", error_code(read_until(early, b"Z")), closed(early))

            # A client-final with the right nonce but a proof made for another session.
            forged, msgs, _, _, _ = scram_login("pencil", first, None, reuse_proof_of=final)
            print("forged", error_code(msgs), closed(forged))

            print("after", query(good, "SELECT 1")[1])
            fresh, msgs, _, _, _ = scram_login("pencil")
            print("fresh", error_code(msgs), query(fresh, "SELECT 1")[0])
            """#)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("good None None"), "\(result.stdout)")
        #expect(result.stdout.contains("replay 28P01 True True"), "\(result.stdout)")
        #expect(result.stdout.contains("early 28P01 True"), "\(result.stdout)")
        #expect(result.stdout.contains("forged 28P01 True"), "\(result.stdout)")
        #expect(result.stdout.contains("after None"), "\(result.stdout)")
        // A fresh login after the replays (in Python, whose sockets wait 30 s: psql's 10 s
        // connect timeout expired once for a SCRAM login while the whole suite and libFuzzer ran).
        #expect(result.stdout.contains("fresh None [b'\\x00\\x01\\x00\\x00\\x00\\x011']"), "\(result.stdout)")
        await server.stop()
    }

    @Test func tenTimesTheConnectionLimitAtOnce() async throws {
        let server = try await RunningServer.start(maxConnections: 3)
        let result = try await server.python(abuseClient + #"""
            crowd = []
            for _ in range(30):
                s = socket.create_connection(("127.0.0.1", PORT))
                s.settimeout(30)
                s.sendall(STARTUP)
                crowd.append(s)
            answers = [error_code(read_until(s, b"Z")) for s in crowd]
            admitted = [s for s, code in zip(crowd, answers) if code is None]
            print("admitted", len(admitted), "refused", sorted(set(c for c in answers if c)), answers.count("53300"))
            print("admitted work", [query(s, "SELECT 1")[1] for s in admitted])
            for s, code in zip(crowd, answers):
                if code: s.close()
            admitted[0].close()
            further, waited = connect_admitted()
            print("further", query(further, "SELECT 1")[0], [query(s, "SELECT 2")[1] for s in admitted[1:]])
            """#)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("admitted 3 refused ['53300'] 27"), "\(result.stdout)")
        #expect(result.stdout.contains("admitted work [None, None, None]"), "\(result.stdout)")
        #expect(result.stdout.contains("further [b'\\x00\\x01\\x00\\x00\\x00\\x011'] [None, None]"), "\(result.stdout)")
        let still = try await server.psql(["-A", "-t", "-c", "SELECT 1"])
        #expect(still.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(still.stderr)")
        await server.stop()
    }

    /// With a limit of 2 and one session held by `good`, each half-sent client can only get in
    /// once the session of the one before was removed: a leak would refuse it.
    @Test func halfSentMessagesThenDisconnectLeakNothing() async throws {
        let server = try await RunningServer.start(maxConnections: 2)
        let result = try await server.python(abuseClient + #"""
            good, _ = connect_admitted()
            halves = {
                "startup": None,
                "header": b"Q\x00\x00",
                "query": b"Q" + struct.pack("!i", 1000) + b"SELECT 1",
                "parse": b"P" + struct.pack("!i", 200) + b"\0SELECT $1\0\x00",
                "bind": parse_message("SELECT 1") + b"B" + struct.pack("!i", 50) + b"\0\0\x00\x01",
            }
            for name, half in halves.items():
                if half is None:
                    s = socket.create_connection(("127.0.0.1", PORT))
                    s.settimeout(30)
                    s.sendall(STARTUP[:len(STARTUP) // 2])
                else:
                    s, waited = connect_admitted()
                    s.sendall(half)
                print(name, "good", query(good, "SELECT 1")[1])  # while the half message waits
                s.close()
                nxt, waited = connect_admitted()
                print(name, "next", query(nxt, "SELECT 1")[1])
                nxt.close()
            print("after", query(good, "SELECT 1")[0])
            """#)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["startup", "header", "query", "parse", "bind"] {
            #expect(result.stdout.contains("\(name) good None"), "\(result.stdout)")
            #expect(result.stdout.contains("\(name) next None"), "\(result.stdout)")
        }
        #expect(result.stdout.contains("after [b'\\x00\\x01\\x00\\x00\\x00\\x011']"), "\(result.stdout)")
        let still = try await server.psql(["-A", "-t", "-c", "SELECT 1"])
        #expect(still.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(still.stderr)")
        await server.stop()
    }

    /// A client that asks for 200,000 rows (~22 MB on the wire) with a 32 KiB receive window
    /// and reads nothing. The session encodes a batch only once the channel took the one
    /// before, so it stalls with a few MB in flight; a CancelRequest then stops the transfer,
    /// which proves the rest was never queued (without backpressure the whole result would be
    /// in the channel already and every row would arrive). A second stalled client that just
    /// disconnects frees its session.
    @Test func aClientThatReadsNothingIsHeldByBackpressure() async throws {
        let server = try await RunningServer.start(maxConnections: 3)
        let result = try await server.python(abuseClient + #"""
            import os, time
            N = 200000
            big = f"SELECT i, repeat('x', 100) AS pad FROM range({N}) t(i)"
            good, _ = connect_admitted()
            slow, msgs = connect_small_window()
            pid, secret = backend_key(msgs)
            rss_before = rss_kb(os.getppid())
            send_query(slow, big)
            stalled = wait_for_stall(slow)
            rss_stalled = rss_kb(os.getppid())
            print("stalled", stalled, "good", query(good, "SELECT 1")[1])
            cancel = socket.create_connection(("127.0.0.1", PORT))
            cancel.settimeout(30)
            cancel.sendall(struct.pack("!iiii", 16, 80877102, pid, secret))
            closed(cancel)
            msgs = read_until(slow, b"Z")
            rows = sum(1 for t, _ in msgs if t == b"D")
            print("slow rows", rows, "of", N, "partial", 0 < rows < N // 2, "code", error_code(msgs))
            print("slow then", query(slow, "SELECT 1")[1])
            print("rss", rss_before, rss_stalled, "growth_mb", (rss_stalled - rss_before) // 1024)

            gone, _ = connect_small_window()
            send_query(gone, big)
            print("gone stalled", wait_for_stall(gone))
            gone.close()
            fresh, waited = connect_admitted()   # the limit is 3: good, slow, and gone's seat
            print("fresh", query(fresh, "SELECT 1")[1], "good", query(good, "SELECT 1")[1])
            """#)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("stalled True good None"), "\(result.stdout)")
        #expect(result.stdout.contains("partial True code 57014"), "\(result.stdout)")
        #expect(result.stdout.contains("slow then None"), "\(result.stdout)")
        #expect(result.stdout.contains("gone stalled True"), "\(result.stdout)")
        #expect(result.stdout.contains("fresh None good None"), "\(result.stdout)")
        // The whole test process (other suites run beside it): a loose bound against runaway
        // buffering; the partial-rows line above is what shows the backpressure.
        let growth = result.stdout.split(separator: "\n").first { $0.hasPrefix("rss ") }
            .flatMap { $0.split(separator: " ").last }.flatMap { Int($0) }
        #expect(growth.map { $0 < 512 } == true, "\(result.stdout)")
        print("backpressure figures:", result.stdout.split(separator: "\n").filter { $0.hasPrefix("slow rows") || $0.hasPrefix("rss") })
        let still = try await server.psql(["-A", "-t", "-c", "SELECT 1"])
        #expect(still.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(still.stderr)")
        await server.stop()
    }
}

/// `pythonClient` plus what the abuse tests need; every socket gets a 30 s timeout.
let abuseClient = "import socket\nsocket.setdefaulttimeout(30)\n" + pythonClient + #"""

import base64, hashlib, hmac, os, time, fcntl, termios, array
STARTUP = (lambda body: struct.pack("!i", len(body) + 4) + body)(struct.pack("!i", 196608) + b"user\0sharp\0database\0main\0\0")

def message(kind, payload):
    return kind + struct.pack("!i", len(payload) + 4) + payload

def send_query(s, sql):
    s.sendall(message(b"Q", sql.encode() + b"\0"))

def parse_message(sql):
    return message(b"P", b"\0" + sql.encode() + b"\0" + struct.pack("!h", 0))

def connect_admitted(limit=10.0):
    """Connects, retrying while the server answers 53300 (a closed session's seat is freed
    asynchronously); fails after `limit` seconds."""
    started = time.monotonic()
    while True:
        s, msgs = connect()
        s.settimeout(30)
        code = error_code(msgs)
        if code is None: return s, time.monotonic() - started
        s.close()
        if code != "53300" or time.monotonic() - started > limit:
            raise SystemExit(f"not admitted: {code}")
        time.sleep(0.05)

def connect_small_window():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(30)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
    s.connect(("127.0.0.1", PORT))
    s.sendall(STARTUP)
    return s, read_until(s, b"Z")

def backend_key(msgs):
    for t, body in msgs:
        if t == b"K": return struct.unpack("!ii", body)
    raise SystemExit("no BackendKeyData")

def unread(s):
    n = array.array("i", [0])
    fcntl.ioctl(s, termios.FIONREAD, n)
    return n[0]

def wait_for_stall(s, limit=30.0):
    """True once bytes are waiting in `s` and their count has not changed for a second."""
    started, last, since = time.monotonic(), -1, time.monotonic()
    while time.monotonic() - started < limit:
        n = unread(s)
        if n != last: last, since = n, time.monotonic()
        elif n > 0 and time.monotonic() - since > 1.0: return True
        time.sleep(0.05)
    return False

def rss_kb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1])

def start_login():
    s = socket.create_connection(("127.0.0.1", PORT))
    s.settimeout(30)
    s.sendall(STARTUP)
    t, body = read_message(s)
    assert t == b"R" and struct.unpack("!i", body[:4])[0] == 10, (t, body)
    return s

def sasl(s, data, initial=True):
    if initial:
        s.sendall(message(b"p", b"SCRAM-SHA-256\0" + struct.pack("!i", len(data)) + data))
    else:
        s.sendall(message(b"p", data))

def scram_login(password, client_first=None, client_final=None, reuse_proof_of=None):
    """SCRAM-SHA-256 as libpq does it. Given `client_first`/`client_final`, sends those instead
    (a replay); with `reuse_proof_of`, a final for this nonce carrying that message's proof.
    Returns (socket, messages after the final, client_first, client_final, server nonce)."""
    s = start_login()
    if client_first is None:
        client_first = "n,,n=,r=" + base64.b64encode(os.urandom(18)).decode()
    sasl(s, client_first.encode())
    t, body = read_message(s)
    if t != b"R": return s, [(t, body)] + read_until(s, b"Z"), client_first, client_final, None
    server_first = body[4:].decode()
    attrs = dict(kv.split("=", 1) for kv in server_first.split(","))
    nonce = attrs["r"]
    if reuse_proof_of is not None:
        client_final = "c=biws,r=" + nonce + ",p=" + reuse_proof_of.split(",p=")[1]
    elif client_final is None:
        salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(attrs["s"]), int(attrs["i"]))
        client_key = hmac.new(salted, b"Client Key", "sha256").digest()
        stored = hashlib.sha256(client_key).digest()
        without_proof = "c=biws,r=" + nonce
        auth = ",".join([client_first[3:], server_first, without_proof]).encode()
        signature = hmac.new(stored, auth, "sha256").digest()
        client_final = without_proof + ",p=" + base64.b64encode(bytes(a ^ b for a, b in zip(client_key, signature))).decode()
    sasl(s, client_final.encode(), initial=False)
    return s, read_until(s, b"Z"), client_first, client_final, nonce

"""#
