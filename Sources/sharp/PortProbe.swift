import Foundation

/// Whether a TCP address can be listened on now, asked before `sharp serve` opens (and maybe
/// creates) the database file, so a refused start leaves nothing behind. The server binds with
/// SO_REUSEADDR; so does the probe, which closes its socket at once.
///
/// ```swift
/// if let problem = PortProbe.problem(host: "127.0.0.1", port: 5433) { throw CommandFailure(problem, status: .unavailable) }
/// ```
enum PortProbe {
    /// Why `host:port` cannot be listened on (taken, or not an address of this machine), or
    /// nil when it can. Port 0 (any free port) always can.
    static func problem(host: String, port: Int) -> String? {
        guard port != 0 else { return nil }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            return "cannot listen on \(host): \(String(cString: gai_strerror(resolved)))"
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return nil }  // let the server report it
        defer { close(fd) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0, listen(fd, 1) == 0 else {
            let reason = errno
            if reason == EADDRINUSE {
                return "address already in use: \(host):\(port) is taken by another process; choose another --port or stop that process"
            }
            return "cannot listen on \(host):\(port): \(String(cString: strerror(reason)))"
        }
        return nil
    }
}
