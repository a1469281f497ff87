import Logging
import TandemCore

/// Every setting of the server, read in one place.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `TANDEM_DATABASE_URL` | `sqlite://tandem.db` | where the data lives (`--database`) |
/// | `TANDEM_HOST` | `127.0.0.1` | address to listen on (`--host`) |
/// | `TANDEM_PORT` | `8080` | port to listen on (`--port`) |
/// | `TANDEM_LOG_LEVEL` | `info` | `trace` … `critical` |
/// | `TANDEM_LOG_FORMAT` | `logfmt` | `logfmt` or `json` |
/// | `TANDEM_TRACKING_RATE` | `2000` | tracking requests per second per write key (0: no limit) |
/// | `TANDEM_COOKIE_SECURE` | `auto` | mark cookies `Secure`: `auto` does so over HTTPS and on loopback |
/// | `TANDEM_SESSION_HOURS` | `12` | a session ends after this many hours without use |
/// | `TANDEM_BCRYPT_COST` | `12` | bcrypt cost of new password hashes (10…16) |
public struct TandemConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var databaseURL = "sqlite://tandem.db"
    public var logLevel: Logger.Level = .info
    public var logFormat = LogFormat.logfmt
    /// Tracking requests per second allowed per write key; a burst of twice that is allowed.
    public var trackingRequestsPerSecond: Double = 2000

    /// Whether cookies carry `Secure`. Browsers treat loopback as a secure origin, so `auto`
    /// keeps `Secure` there and behind an HTTPS proxy, and drops it only for plain HTTP on a
    /// network address, where a `Secure` cookie would never come back and no one could sign in.
    public var cookieSecure = CookieSecurity.auto
    /// Hours a session lives without use.
    public var sessionHours: Double = 12
    /// bcrypt cost for new password hashes: 12 takes about a quarter second on one core.
    public var bcryptCost: UInt8 = 12
    /// Seconds a connection may send nothing before it is closed, mid-request or between
    /// requests (`TANDEM_IDLE_TIMEOUT`): half-sent requests cannot hold the server.
    public var idleTimeoutSeconds: Double = 30
    /// Seconds a request's body may take to arrive once its head has (`TANDEM_REQUEST_BODY_TIMEOUT`);
    /// the head itself must arrive within `idleTimeoutSeconds`, however slowly it trickles.
    public var requestBodySeconds: Double = 300
    /// When set, `/metrics` answers only `Authorization: Bearer <token>` (`TANDEM_METRICS_TOKEN`).
    public var metricsToken: String?
    /// Webhooks may go to loopback, private and link-local addresses
    /// (`TANDEM_WEBHOOK_ALLOW_PRIVATE=true`): for receivers on the company's own network.
    public var webhookAllowPrivate = false

    public enum LogFormat: String, Sendable {
        case logfmt, json
    }

    public enum CookieSecurity: String, Sendable {
        case auto, always = "true", never = "false"
    }

    public init() {}

    /// Reads the `TANDEM_*` variables; an invalid value is an error naming the variable.
    public init(environment: [String: String]) throws {
        /// The variable's value read by `parse`, or `nil` when it is unset or empty; a value
        /// `parse` refuses is an error that names the variable and what it should be.
        func read<Value>(_ key: String, _ expected: String, _ parse: (String) -> Value?) throws -> Value? {
            guard let text = environment[key], !text.isEmpty else { return nil }
            guard let value = parse(text) else { throw ConfigurationError(key: key, message: "'\(text)' is not \(expected)") }
            return value
        }
        func seconds(from low: Double, to high: Double) -> (String) -> Double? {
            { text in Double(text).flatMap { (low...high).contains($0) ? $0 : nil } }
        }
        if let url = environment["TANDEM_DATABASE_URL"], !url.isEmpty { databaseURL = url }
        if let host = environment["TANDEM_HOST"], !host.isEmpty { self.host = host }
        port =
            try read("TANDEM_PORT", "a port number") { text in
                guard let port = Int(text), (0...65535).contains(port) else { return nil }
                return port
            } ?? port
        logLevel =
            try read("TANDEM_LOG_LEVEL", "one of trace, debug, info, notice, warning, error, critical") {
                Logger.Level(rawValue: $0.lowercased())
            } ?? logLevel
        logFormat = try read("TANDEM_LOG_FORMAT", "logfmt or json") { LogFormat(rawValue: $0.lowercased()) } ?? logFormat
        trackingRequestsPerSecond =
            try read("TANDEM_TRACKING_RATE", "a number of requests per second") { Double($0).flatMap { $0 >= 0 ? $0 : nil } }
            ?? trackingRequestsPerSecond
        cookieSecure = try read("TANDEM_COOKIE_SECURE", "auto, true or false") { CookieSecurity(rawValue: $0.lowercased()) } ?? cookieSecure
        sessionHours =
            try read("TANDEM_SESSION_HOURS", "a number of hours between 0 and 2160") {
                Double($0).flatMap { $0 > 0 && $0 <= 24 * 90 ? $0 : nil }
            } ?? sessionHours
        idleTimeoutSeconds =
            try read("TANDEM_IDLE_TIMEOUT", "a number of seconds from 1 to 3600", seconds(from: 1, to: TimeSpan.hour)) ?? idleTimeoutSeconds
        requestBodySeconds =
            try read("TANDEM_REQUEST_BODY_TIMEOUT", "a number of seconds from 1 to 86400", seconds(from: 1, to: TimeSpan.day))
            ?? requestBodySeconds
        if let token = environment["TANDEM_METRICS_TOKEN"], !token.isEmpty { metricsToken = token }
        webhookAllowPrivate =
            try read("TANDEM_WEBHOOK_ALLOW_PRIVATE", "true or false") { text -> Bool? in
                switch text.lowercased() {
                case "true", "1", "yes": return true
                case "false", "0", "no": return false
                default: return nil
                }
            } ?? webhookAllowPrivate
        bcryptCost =
            try read("TANDEM_BCRYPT_COST", "a bcrypt cost from 10 to 16") { text in
                guard let cost = UInt8(text), (10...16).contains(cost) else { return nil }
                return cost
            } ?? bcryptCost
    }
}

/// A setting that cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let key: String
    public let message: String
    public var description: String { "\(key): \(message)" }
}
