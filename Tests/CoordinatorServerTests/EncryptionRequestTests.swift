import CoordinatorServer
import Foundation
import NIOCore
import Testing

/// The TLS rule (CVE-2021-23214's class): bytes that follow an SSLRequest before the server has
/// answered it and the handshake has run are unencrypted and may be a man in the middle's, so
/// they close the connection with 08P01 instead of being read as part of the session. Raw
/// sockets (Python), since no real client sends them; honest negotiation keeps working.
@Suite(.serialized) struct EncryptionRequestTests {
    static let requests = #"""
        import ssl
        SSL_REQUEST = struct.pack("!ii", 8, 80877103)
        GSS_REQUEST = struct.pack("!ii", 8, 80877104)
        body = struct.pack("!i", 196608) + b"user\0sharp\0database\0main\0\0"
        STARTUP = struct.pack("!i", len(body) + 4) + body
        AUTH_OK = b"R\x00\x00\x00\x08\x00\x00\x00\x00"

        def drain(s):
            data = b""
            s.settimeout(60)
            while True:
                try:
                    chunk = s.recv(65536)
                except (ConnectionResetError, ssl.SSLError):
                    return data, True
                if not chunk: return data, True
                data += chunk
        """#

    @Test func startupInTheSameSegmentAsTheSSLRequestClosesTheConnection() async throws {
        let server = try await RunningServer.start(password: "pw", tls: true)
        let result = try await server.python(pythonClient + "\n" + Self.requests + "\n" + #"""
            s = socket.create_connection(("127.0.0.1", PORT))
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s.sendall(SSL_REQUEST + STARTUP)            # one segment: the startup was never encrypted
            data, closed_ = drain(s)
            print("answered S", data[:1] == b"S")
            code = None
            if data[:1] == b"E":
                fields = data[5:].split(b"\0")
                code = [f[1:].decode() for f in fields if f[:1] == b"C"]
                message = [f[1:].decode() for f in fields if f[:1] == b"M"]
                print("error", code[0], message[0])
            print("authenticated", AUTH_OK in data, "closed", closed_)

            # The same, split in two sends without waiting for the answer: never a session.
            s = socket.create_connection(("127.0.0.1", PORT))
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s.sendall(SSL_REQUEST)
            s.sendall(STARTUP)
            data, closed_ = drain(s)
            print("split authenticated", AUTH_OK in data, "closed", closed_)

            # An honest client: waits for S, then speaks TLS.
            s = socket.create_connection(("127.0.0.1", PORT))
            s.sendall(SSL_REQUEST)
            print("honest answer", recv_exact(s, 1))
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            t = context.wrap_socket(s)
            t.sendall(STARTUP)
            print("honest asked for", read_message(t)[0])
            """#)
        #expect(result.status == 0, "\(result.stderr)")
        for line in ["answered S False", "error 08P01 received unencrypted data after SSL request",
                     "authenticated False closed True", "split authenticated False closed True", "honest answer b'S'",
                     "honest asked for b'R'"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout)")
        }
        await server.stop()
    }

    /// Without a certificate: SSLRequest and GSSENCRequest are refused (`N`) and the client goes
    /// on in the clear, as libpq does with sslmode=prefer; a second request after TLS is up is
    /// a protocol violation.
    @Test func refusedRequestsThenAPlainSession() async throws {
        let server = try await RunningServer.start()
        let result = try await server.python(pythonClient + "\n" + Self.requests + "\n" + #"""
            s = socket.create_connection(("127.0.0.1", PORT))
            s.sendall(GSS_REQUEST)
            print("gss", recv_exact(s, 1))
            s.sendall(SSL_REQUEST)
            print("ssl", recv_exact(s, 1))
            s.sendall(STARTUP)
            read_until(s, b"Z")
            print("plain", query(s, "SELECT 40 + 2"))
            s = socket.create_connection(("127.0.0.1", PORT))
            s.sendall(SSL_REQUEST + STARTUP)
            data, closed_ = drain(s)
            print("pipelined refused", data[:1] == b"E" and b"C08P01" in data, closed_)
            """#)
        #expect(result.status == 0, "\(result.stderr)")
        for line in ["gss b'N'", "ssl b'N'", "plain ([b'\\x00\\x01\\x00\\x00\\x00\\x0242'], None)", "pipelined refused True True"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout)")
        }
        await server.stop()
    }

    /// The decoder's rule on its own: nothing decodes after an encryption request.
    @Test func decoderRefusesBytesAfterAnEncryptionRequest() throws {
        var decoder = FrontendMessageDecoder(maxMessageSize: 1 << 20)
        var buffer = ByteBuffer(bytes: [0, 0, 0, 8, 4, 210, 22, 47])
        #expect(try decoder.next(&buffer) == .sslRequest)
        #expect(try decoder.next(&buffer) == nil)
        buffer.writeBytes([0, 0, 0, 8])
        #expect(throws: ProtocolViolation.unencryptedDataAfterEncryptionRequest) { try decoder.next(&buffer) }

        var pipelined = FrontendMessageDecoder(maxMessageSize: 1 << 20)
        var both = ByteBuffer(bytes: [0, 0, 0, 8, 4, 210, 22, 48, 0, 0, 0, 9, 0, 3, 0, 0, 0])
        #expect(throws: ProtocolViolation.unencryptedDataAfterEncryptionRequest) { try pipelined.next(&both) }
    }
}
