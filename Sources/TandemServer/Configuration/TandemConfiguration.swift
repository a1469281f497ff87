import Logging

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
        if let url = environment["TANDEM_DATABASE_URL"], !url.isEmpty { databaseURL = url }
        if let host = environment["TANDEM_HOST"], !host.isEmpty { self.host = host }
        if let text = environment["TANDEM_PORT"], !text.isEmpty {
            guard let port = Int(text), (0...65535).contains(port) else {
                throw ConfigurationError(key: "TANDEM_PORT", message: "'\(text)' is not a port number")
            }
            self.port = port
        }
        if let text = environment["TANDEM_LOG_LEVEL"], !text.isEmpty {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ConfigurationError(
                    key: "TANDEM_LOG_LEVEL", message: "'\(text)' is not one of trace, debug, info, notice, warning, error, critical")
            }
            logLevel = level
        }
        if let text = environment["TANDEM_LOG_FORMAT"], !text.isEmpty {
            guard let format = LogFormat(rawValue: text.lowercased()) else {
                throw ConfigurationError(key: "TANDEM_LOG_FORMAT", message: "'\(text)' is not logfmt or json")
            }
            logFormat = format
        }
        if let text = environment["TANDEM_TRACKING_RATE"], !text.isEmpty {
            guard let rate = Double(text), rate >= 0 else {
                throw ConfigurationError(key: "TANDEM_TRACKING_RATE", message: "'\(text)' is not a number of requests per second")
            }
            trackingRequestsPerSecond = rate
        }
        if let text = environment["TANDEM_COOKIE_SECURE"], !text.isEmpty {
            guard let value = CookieSecurity(rawValue: text.lowercased()) else {
                throw ConfigurationError(key: "TANDEM_COOKIE_SECURE", message: "'\(text)' is not auto, true or false")
            }
            cookieSecure = value
        }
        if let text = environment["TANDEM_SESSION_HOURS"], !text.isEmpty {
            guard let hours = Double(text), hours > 0, hours <= 24 * 90 else {
                throw ConfigurationError(key: "TANDEM_SESSION_HOURS", message: "'\(text)' is not a number of hours between 0 and 2160")
            }
            sessionHours = hours
        }
        if let text = environment["TANDEM_IDLE_TIMEOUT"], !text.isEmpty {
            guard let seconds = Double(text), seconds >= 1, seconds <= 3600 else {
                throw ConfigurationError(key: "TANDEM_IDLE_TIMEOUT", message: "'\(text)' is not a number of seconds from 1 to 3600")
            }
            idleTimeoutSeconds = seconds
        }
        if let text = environment["TANDEM_REQUEST_BODY_TIMEOUT"], !text.isEmpty {
            guard let seconds = Double(text), seconds >= 1, seconds <= 86_400 else {
                throw ConfigurationError(
                    key: "TANDEM_REQUEST_BODY_TIMEOUT", message: "'\(text)' is not a number of seconds from 1 to 86400")
            }
            requestBodySeconds = seconds
        }
        if let token = environment["TANDEM_METRICS_TOKEN"], !token.isEmpty { metricsToken = token }
        if let text = environment["TANDEM_WEBHOOK_ALLOW_PRIVATE"], !text.isEmpty {
            switch text.lowercased() {
            case "true", "1", "yes": webhookAllowPrivate = true
            case "false", "0", "no": webhookAllowPrivate = false
            default: throw ConfigurationError(key: "TANDEM_WEBHOOK_ALLOW_PRIVATE", message: "'\(text)' is not true or false")
            }
        }
        if let text = environment["TANDEM_BCRYPT_COST"], !text.isEmpty {
            guard let cost = UInt8(text), (10...16).contains(cost) else {
                throw ConfigurationError(key: "TANDEM_BCRYPT_COST", message: "'\(text)' is not a bcrypt cost from 10 to 16")
            }
            bcryptCost = cost
        }
    }
}

/// A setting that cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let key: String
    public let message: String
    public var description: String { "\(key): \(message)" }
}
