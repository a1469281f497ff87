import Foundation

/// Which addresses a webhook may be delivered to. A webhook URL is typed by an admin or an API
/// key, and Tandem then makes requests to it from inside the company's network: without a
/// policy it reaches loopback services, the cloud's metadata endpoint (169.254.169.254) and
/// private hosts, and its delivery log becomes a port scanner. By default only public
/// addresses are allowed; `allowPrivate` (the `TANDEM_WEBHOOK_ALLOW_PRIVATE` setting) lets
/// on-premises receivers in.
public struct WebhookTargetPolicy: Sendable, Hashable {
    public var allowPrivate: Bool

    public init(allowPrivate: Bool = false) {
        self.allowPrivate = allowPrivate
    }

    /// Why a delivery to `host` (a name or an address literal) is refused before resolving it,
    /// or `nil` when it may go on to DNS resolution.
    public func refusal(host rawHost: String) -> String? {
        guard !allowPrivate else { return nil }
        let host = rawHost.lowercased().trimmingCharacters(in: ["[", "]", "."])
        if host == "localhost" || host.hasSuffix(".localhost") || host.hasSuffix(".internal") || host.hasSuffix(".local") {
            return "\(rawHost) is a local name; webhooks go to public addresses only"
        }
        if let address = IPAddress(host) { return refusal(address: address) }
        return nil
    }

    /// Why a delivery to `address` (resolved from the URL's host) is refused, or `nil`.
    public func refusal(address: IPAddress) -> String? {
        guard !allowPrivate, let kind = address.nonPublicKind else { return nil }
        return "\(address) is a \(kind) address; webhooks go to public addresses only"
    }
}

/// An IPv4 or IPv6 address, parsed from any form `inet_aton` and browsers accept
/// (`127.1`, `0x7f000001`, `2130706433`, `0177.0.0.1`, `::ffff:127.0.0.1`).
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(UInt32)
    case v6([UInt16])

    public init?(_ text: String) {
        if text.contains(":") {
            guard let groups = Self.parseV6(text) else { return nil }
            self = .v6(groups)
        } else {
            guard let value = Self.parseV4(text) else { return nil }
            self = .v4(value)
        }
    }

    public var description: String {
        switch self {
        case .v4(let value):
            return [24, 16, 8, 0].map { String((value >> UInt32(truncatingIfNeeded: $0)) & 0xFF) }.joined(separator: ".")
        case .v6(let groups):
            return groups.map { String($0, radix: 16) }.joined(separator: ":")
        }
    }

    /// What kind of non-public address this is (loopback, private, ...), or `nil` for public.
    public var nonPublicKind: String? {
        switch self {
        case .v4(let value):
            for (network, bits, kind) in Self.v4Ranges
            where bits == 0 || value >> UInt32(truncatingIfNeeded: 32 - bits) == network >> UInt32(truncatingIfNeeded: 32 - bits) {
                return kind
            }
            return nil
        case .v6(let groups):
            guard groups.count == 8, let first = groups.first else { return "malformed" }
            if groups.allSatisfy({ $0 == 0 }) { return "unspecified" }
            if groups.dropLast().allSatisfy({ $0 == 0 }), groups.last == 1 { return "loopback" }
            // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
            let mapped = groups.prefix(5).allSatisfy { $0 == 0 } && groups[5] == 0xFFFF
            let nat64 = first == 0x64 && groups[1] == 0xFF9B && groups[2...5].allSatisfy { $0 == 0 }
            let compatible = groups.prefix(6).allSatisfy { $0 == 0 }
            if mapped || nat64 || compatible {
                return IPAddress.v4(UInt32(truncatingIfNeeded: groups[6]) << 16 | UInt32(truncatingIfNeeded: groups[7])).nonPublicKind
            }
            if first & 0xFE00 == 0xFC00 { return "private (unique local)" }
            if first & 0xFFC0 == 0xFE80 { return "link-local" }
            if first & 0xFF00 == 0xFF00 { return "multicast" }
            if first == 0x2001 && groups[1] == 0x0DB8 { return "documentation" }
            return nil
        }
    }

    /// IPv4 ranges that are not the public internet (RFC 6890 and friends).
    static let v4Ranges: [(network: UInt32, bits: Int, kind: String)] = [
        (0x0000_0000, 8, "\"this network\""), (0x0A00_0000, 8, "private"), (0x6440_0000, 10, "shared (carrier NAT)"),
        (0x7F00_0000, 8, "loopback"), (0xA9FE_0000, 16, "link-local (cloud metadata)"), (0xAC10_0000, 12, "private"),
        (0xC000_0000, 24, "protocol-assignment"), (0xC000_0200, 24, "documentation"), (0xC0A8_0000, 16, "private"),
        (0xC612_0000, 15, "benchmarking"), (0xC633_6400, 24, "documentation"), (0xCB00_7100, 24, "documentation"),
        (0xE000_0000, 4, "multicast"), (0xF000_0000, 4, "reserved"),
    ]

    /// inet_aton's forms: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last
    /// part fills the remaining bytes.
    static func parseV4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var numbers: [UInt64] = []
        for part in parts {
            let lower = part.lowercased()
            let value: UInt64?
            if lower.hasPrefix("0x") {
                value = UInt64(lower.dropFirst(2), radix: 16)
            } else if lower.count > 1, lower.hasPrefix("0") {
                value = UInt64(lower.dropFirst(), radix: 8)
            } else {
                value = UInt64(lower, radix: 10)
            }
            guard let value, !lower.isEmpty else { return nil }
            numbers.append(value)
        }
        guard let last = numbers.last else { return nil }
        var result: UInt64 = 0
        for (index, number) in numbers.dropLast().enumerated() {
            guard number <= 0xFF else { return nil }
            result |= number << UInt64(truncatingIfNeeded: 24 - 8 * index)
        }
        let remainingBits = UInt64(truncatingIfNeeded: 32 - 8 * (numbers.count - 1))
        guard remainingBits == 64 || last < (1 << remainingBits) else { return nil }
        return UInt32(exactly: result | last)
    }

    /// Eight 16-bit groups from IPv6 text with `::` and an optional trailing IPv4 part; a zone
    /// (`%eth0`) is ignored.
    static func parseV6(_ raw: String) -> [UInt16]? {
        let text = raw.split(separator: "%", maxSplits: 1).first.map(String.init) ?? raw
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseV4(String(piece)), piece.split(separator: ".").count == 4 else { return nil }
                    result += [UInt16(truncatingIfNeeded: v4 >> 16), UInt16(truncatingIfNeeded: v4)]
                } else {
                    guard (1...4).contains(piece.count), let group = UInt16(piece, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        guard let head = halves.first.flatMap(groups) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = halves.last.flatMap(groups), head.count + tail.count < 8 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}
