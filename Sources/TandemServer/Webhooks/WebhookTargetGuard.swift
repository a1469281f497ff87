import Foundation
import NIOPosix
import TandemCore

#if canImport(Glibc)
    import Glibc
#endif

/// Applies `WebhookTargetPolicy` to a URL: its host as written, then every address DNS gives
/// for it. Checked when a webhook is saved and again before each delivery, since a name can
/// be pointed elsewhere later.
struct WebhookTargetGuard: Sendable {
    let policy: WebhookTargetPolicy

    /// Why `url` may not be delivered to, or `nil`.
    func refusal(url: String) async -> String? {
        guard let host = URLComponents(string: url)?.host, !host.isEmpty else { return "the URL has no host" }
        if let reason = policy.refusal(host: host) { return reason }
        guard !policy.allowPrivate else { return nil }
        if IPAddress(host.trimmingCharacters(in: ["[", "]"])) != nil { return nil }
        let addresses: [IPAddress]
        do {
            addresses = try await Self.resolve(host)
        } catch {
            return "\(host) does not resolve: \(error)"
        }
        guard !addresses.isEmpty else { return "\(host) does not resolve to any address" }
        for address in addresses {
            if let reason = policy.refusal(address: address) { return "\(host) resolves to \(reason)" }
        }
        return nil
    }

    struct ResolutionError: Error, CustomStringConvertible {
        let description: String
    }

    /// Every address `host` resolves to (blocking getaddrinfo, off the event loops).
    static func resolve(_ host: String) async throws -> [IPAddress] {
        try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(truncatingIfNeeded: SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, nil, &hints, &result)
            guard status == 0 else { throw ResolutionError(description: String(cString: gai_strerror(status))) }
            defer { freeaddrinfo(result) }
            var addresses: [IPAddress] = []
            var cursor = result
            while let info = cursor?.pointee {
                var buffer = [CChar](repeating: 0, count: Int(clamping: INET6_ADDRSTRLEN))
                if info.ai_family == AF_INET, let raw = info.ai_addr {
                    raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        var address = pointer.pointee.sin_addr
                        _ = inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
                    }
                } else if info.ai_family == AF_INET6, let raw = info.ai_addr {
                    raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        var address = pointer.pointee.sin6_addr
                        _ = inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
                    }
                }
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if let address = IPAddress(text) { addresses.append(address) }
                cursor = info.ai_next
            }
            return addresses
        }
    }
}
