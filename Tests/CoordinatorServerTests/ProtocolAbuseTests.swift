import CoordinatorServer
import Foundation
import Testing

/// Malformed input and limits, sent as raw bytes by a small Python client, while another
/// session on the same server keeps working.
@Suite(.serialized) struct ProtocolAbuseTests {
    @Test func garbageAndATwoGigabyteLengthCloseOnlyTheirSession() async throws {
        let server = try await RunningServer.start()
        let result = try await server.python(pythonClient + "\n" + #"""
            good, _ = connect()
            print("before", query(good, "SELECT 1")[0])

            garbage = socket.create_connection(("127.0.0.1", PORT))
            garbage.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            msgs = read_until(garbage, b"Z")
            print("garbage", error_code(msgs), closed(garbage))

            huge, _ = connect()
            huge.sendall(b"Q" + struct.pack("!i", 2**31 - 1) + b"SELECT")
            msgs = read_until(huge, b"Z")
            print("huge", error_code(msgs), closed(huge))

            unknown, _ = connect()
            unknown.sendall(b"\x01\x00\x00\x00\x04")
            print("unknown", error_code(read_until(unknown, b"Z")), closed(unknown))

            vanished, _ = connect()
            q = b"SELECT count(*) FROM range(10000000)\0"
            vanished.sendall(b"Q" + struct.pack("!i", len(q) + 4) + q)
            vanished.close()

            print("after", query(good, "SELECT 2")[0])
            """#)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("garbage 08P01 True"), "\(result.stdout)")
        #expect(result.stdout.contains("huge 08P01 True"), "\(result.stdout)")
        #expect(result.stdout.contains("unknown 08P01 True"), "\(result.stdout)")
        #expect(result.stdout.contains("after [b'\\x00\\x01\\x00\\x00\\x00\\x012']"), "\(result.stdout)")
        let still = try await server.psql(["-A", "-t", "-c", "SELECT 'alive'"])
        #expect(still.stdout.contains("alive"), "\(still.stderr)")
        await server.stop()
    }

    @Test func connectionsBeyondTheLimitAreRefusedWith53300() async throws {
        let server = try await RunningServer.start(maxConnections: 2)
        let result = try await server.python(pythonClient + "\n" + #"""
            a, _ = connect()
            b, _ = connect()
            refused = []
            for _ in range(5):
                c, msgs = connect()
                refused.append(error_code(msgs))
                c.close()
            print("refused", refused)
            print("a", query(a, "SELECT 1")[1], "b", query(b, "SELECT 1")[1])
            b.close()
            a.close()
            """#)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("refused ['53300', '53300', '53300', '53300', '53300']"), "\(result.stdout)")
        #expect(result.stdout.contains("a None b None"), "\(result.stdout)")
        await server.stop()
    }
}
