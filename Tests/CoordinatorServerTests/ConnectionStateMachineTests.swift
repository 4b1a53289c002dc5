@testable import CoordinatorServer
import NIOCore
import Testing

/// The connection's protocol rules, event by event, without sockets or DuckDB: what each
/// message, finished piece of work and timeout leads to.
@Suite struct ConnectionStateMachineTests {
    typealias Machine = ConnectionStateMachine

    static let startup = FrontendMessage.startup(protocolVersion: 196_608, parameters: ["user": "alice", "database": "main"])

    /// A machine logged in and ready.
    func ready(tls: Bool = false) -> Machine {
        var machine = Machine(tlsAvailable: tls)
        _ = machine.received(Self.startup)
        _ = machine.loggedIn([.authenticationOK])
        return machine
    }

    func isError(_ action: Machine.Action?, _ code: String) -> Bool {
        switch action {
        case .send(let messages), .close(let messages):
            messages.contains { if case .error(let fields) = $0 { fields.sqlState == code } else { false } }
        default: false
        }
    }

    @Test func startupNegotiatesEncryptionOnceThenLogsIn() {
        var plain = Machine(tlsAvailable: false)
        #expect(plain.received(.gssEncryptionRequest) == [.refuseEncryption])
        #expect(plain.received(.sslRequest) == [.refuseEncryption])
        #expect(plain.received(Self.startup) == [.login(["user": "alice", "database": "main"])])
        #expect(plain.phase == .loggingIn)
        let body = ByteBuffer(string: "secret\0")
        #expect(plain.received(.password(body)) == [.authenticate(body)])
        #expect(plain.loginContinues([.authenticationCleartextPassword]) == [.send([.authenticationCleartextPassword])])
        #expect(plain.loggedIn([.authenticationOK]) == [.send([.authenticationOK, .readyForQuery(.idle)])])
        #expect(plain.phase == .ready)

        var tls = Machine(tlsAvailable: true)
        #expect(tls.received(.sslRequest) == [.startTLS])
        #expect(tls.encrypted)
        let again = tls.received(.sslRequest)
        #expect(isError(again.first, "08P01") && tls.phase == .closed, "a second SSLRequest inside TLS: \(again)")
    }

    @Test func startupRefusesWhatComesOutOfOrder() {
        var early = Machine(tlsAvailable: false)
        #expect(isError(early.received(.query("SELECT 1")).first, "08P01") && early.phase == .closed)
        #expect(early.received(Self.startup) == [], "nothing after close")

        var cancel = Machine(tlsAvailable: false)
        #expect(cancel.received(.cancelRequest(processID: 7, secretKey: 9)) == [.cancel(processID: 7, secretKey: 9)])
        #expect(cancel.phase == .closed)

        var login = Machine(tlsAvailable: false)
        _ = login.received(Self.startup)
        #expect(isError(login.received(.query("SELECT 1")).first, "08P01"), "a query before the login ended")
        var refused = Machine(tlsAvailable: false)
        _ = refused.received(Self.startup)
        let fields = BackendMessage.ErrorFields(severity: "FATAL", sqlState: "28P01", message: "password authentication failed")
        #expect(refused.loginFailed(fields) == [.close([.error(fields)])] && refused.phase == .closed)

        var violated = ready()
        #expect(isError(violated.violated(.unencryptedDataAfterEncryptionRequest).first, "08P01") && violated.phase == .closed)
        var late = ready()
        #expect(isError(late.received(Self.startup).first, "08P01"), "a startup packet after startup")
    }

    @Test func simpleQueryRunsStatementsInOrderAndStopsAtTheFirstError() {
        var machine = ready()
        #expect(machine.received(.query("SELECT 1; BEGIN; SELECT 2")) == [.run(.statement("SELECT 1"))])
        #expect(machine.phase == .busy(copy: false))
        #expect(machine.finished(.done(status: .idle)) == [.run(.statement("BEGIN"))])
        #expect(machine.finished(.done(status: .inTransaction)) == [.run(.statement("SELECT 2"))])
        #expect(machine.finished(.done(status: .inTransaction)) == [.send([.readyForQuery(.inTransaction)])])
        #expect(machine.isIdleInTransaction)

        let failure = BackendMessage.ErrorFields(sqlState: "42P01", message: "no such table")
        #expect(machine.received(.query("SELECT * FROM nope; SELECT 3")) == [.run(.statement("SELECT * FROM nope"))])
        #expect(machine.finished(.failed(failure, status: .failedTransaction))
                == [.send([.error(failure), .readyForQuery(.failedTransaction)])], "the rest of the query is skipped")
        #expect(machine.received(.query(" ; -- nothing")) == [.send([.emptyQueryResponse, .readyForQuery(.failedTransaction)])])
    }

    @Test func extendedQuerySkipsToSyncAfterAnError() {
        var machine = ready()
        let parse = FrontendMessage.parse(name: "", query: "SELECT $1", parameterTypes: [])
        let execute = FrontendMessage.execute(portal: "", maxRows: 0)
        #expect(machine.received(parse) == [.run(.extended(parse))])
        // Pipelined: what arrives while Parse runs waits, in order.
        #expect(machine.received(execute) == [])
        #expect(machine.received(.sync) == [])
        let failure = BackendMessage.ErrorFields(sqlState: "42601", message: "syntax error")
        #expect(machine.finished(.failed(failure, status: .idle)) == [.send([.error(failure)]), .send([.readyForQuery(.idle)])],
                "Execute skipped, Sync answers")
        #expect(!machine.skippingUntilSync)
        #expect(machine.received(execute) == [.run(.extended(execute))])
        #expect(machine.finished(.done(status: .idle)) == [])
        #expect(machine.received(.flush) == [.flush])
        #expect(machine.received(.sync) == [.send([.readyForQuery(.idle)])])
        #expect(machine.received(.copyData(ByteBuffer(string: "stray"))) == [], "COPY data after a failed COPY is ignored")
        #expect(machine.received(.terminate) == [.close([])])
    }

    @Test func copyFromStdinTakesDataUntilDoneOrFail() {
        var machine = ready()
        #expect(machine.received(.query("COPY t FROM STDIN; SELECT 1")) == [.run(.statement("COPY t FROM STDIN"))])
        #expect(machine.finished(.copyIn(status: .idle)) == [])
        #expect(machine.phase == .copyIn)
        let chunk = ByteBuffer(string: "1\tx\n")
        #expect(machine.received(.copyData(chunk)) == [.run(.copyData(chunk))])
        #expect(machine.received(.copyData(chunk)) == [], "waits while the first chunk is appended")
        #expect(machine.finished(.copyContinues) == [.run(.copyData(chunk))])
        #expect(machine.finished(.copyContinues) == [])
        #expect(machine.received(.flush) == [] && machine.received(.sync) == [], "ignored during COPY")
        #expect(machine.received(.copyDone) == [.run(.copyDone)])
        #expect(machine.finished(.done(status: .idle)) == [.run(.statement("SELECT 1"))], "the query goes on")
        #expect(machine.finished(.done(status: .idle)) == [.send([.readyForQuery(.idle)])])

        var aborted = ready()
        _ = aborted.received(.query("COPY t FROM STDIN"))
        _ = aborted.finished(.copyIn(status: .idle))
        #expect(aborted.received(.copyFail("client gave up")) == [.run(.copyFail("COPY from stdin failed: client gave up"))])
        let failure = BackendMessage.ErrorFields(sqlState: "57014", message: "COPY from stdin failed: client gave up")
        #expect(aborted.finished(.failed(failure, status: .idle)) == [.send([.error(failure), .readyForQuery(.idle)])])

        var interrupted = ready()
        _ = interrupted.received(.query("COPY t FROM STDIN"))
        _ = interrupted.finished(.copyIn(status: .idle))
        #expect(interrupted.received(.query("SELECT 1")) == [.run(.copyFail("unexpected Query during COPY from stdin"))])
    }

    @Test func pipelinedMessagesHoldReadsBackAndFatalOutcomesClose() {
        var machine = ready()
        _ = machine.received(.query("SELECT pg_sleep(1)"))
        for _ in 0..<Machine.maxWaiting { _ = machine.received(.sync) }
        #expect(!machine.wantsInput)
        let actions = machine.finished(.done(status: .idle))
        #expect(actions.count == Machine.maxWaiting + 1 && machine.wantsInput)

        var fatal = ready()
        _ = fatal.received(.query("SELECT 1"))
        let shutdown = BackendMessage.ErrorFields(severity: "FATAL", sqlState: "57P01", message: "shutting down")
        #expect(fatal.finished(.fatal(shutdown)) == [.close([.error(shutdown)])] && fatal.phase == .closed)
    }

    @Test func idleInTransactionTimesOutOnlyWhenIdleInATransaction() {
        var machine = ready()
        #expect(!machine.isIdleInTransaction && machine.idleInTransactionTimedOut() == [])
        _ = machine.received(.query("BEGIN"))
        #expect(!machine.isIdleInTransaction, "busy, not idle")
        _ = machine.finished(.done(status: .inTransaction))
        #expect(machine.isIdleInTransaction)
        #expect(isError(machine.idleInTransactionTimedOut().first, "25P03") && machine.phase == .closed)
        #expect(machine.received(.query("COMMIT")) == [] && machine.closed() == [])
    }
}
