import Crypto
import Foundation

/// Signs a delivery so the receiver can tell it came from Tandem and was not replayed later:
/// `Tandem-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed by the secret>`.
/// docs/webhooks.md shows how to verify it.
public enum WebhookSigner {
    public static func signature(secret: String, timestamp: Int, body: String) -> String {
        "t=\(timestamp),v1=\(hmac(secret: secret, message: "\(timestamp).\(body)"))"
    }

    /// Whether `header` is a valid signature of `body` made within `tolerance` seconds of `now`.
    public static func verify(header: String, secret: String, body: String, now: Double, tolerance: Double = 300) -> Bool {
        var timestamp: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, let name = pair.first, let value = pair.last else { continue }
            if name == "t", let seconds = Int(value) {
                timestamp = seconds
            } else if name == "v1" {
                signatures.append(value)
            }
        }
        guard let timestamp, abs(now - Double(timestamp)) <= tolerance else { return false }
        let expected = hmac(secret: secret, message: "\(timestamp).\(body)")
        return signatures.contains { constantTimeEqual($0, expected) }
    }

    static func hmac(secret: String, message: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
