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
public struct TandemConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var databaseURL = "sqlite://tandem.db"
    public var logLevel: Logger.Level = .info
    public var logFormat = LogFormat.logfmt
    /// Tracking requests per second allowed per write key; a burst of twice that is allowed.
    public var trackingRequestsPerSecond: Double = 2000

    public enum LogFormat: String, Sendable {
        case logfmt, json
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
    }
}

/// A setting that cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let key: String
    public let message: String
    public var description: String { "\(key): \(message)" }
}
