import Foundation

/// Where the data lives: `sqlite:///absolute/path.db`, `sqlite://relative.db` or
/// `postgres://user:pass@host:port/db?sslmode=MODE` (also `postgresql://`).
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(host: String, port: Int, username: String, password: String?, database: String, tls: PostgresTLSMode = .prefer)

    /// The default when neither `--database` nor `TANDEM_DATABASE_URL` says otherwise.
    public static let defaultValue = "sqlite://tandem.db"

    /// Parses a URL; the error says which part is wrong.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("sqlite://") {
            let path = String(trimmed.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw DatabaseURLError(text: text, reason: "the SQLite file path is empty") }
            self = .sqlite(path: path)
            return
        }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw DatabaseURLError(text: text, reason: "use sqlite://FILE or postgres://USER:PASS@HOST:PORT/DB")
        }
        guard let host = components.host, !host.isEmpty else { throw DatabaseURLError(text: text, reason: "the host is missing") }
        guard let user = components.user, !user.isEmpty else { throw DatabaseURLError(text: text, reason: "the user name is missing") }
        let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !database.isEmpty else { throw DatabaseURLError(text: text, reason: "the database name is missing") }
        let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard let tls = PostgresTLSMode(sslmode: sslmode) else {
            throw DatabaseURLError(text: text, reason: "sslmode must be disable, allow, prefer, require, verify-ca or verify-full")
        }
        self = .postgres(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 }, database: database, tls: tls)
    }

    /// The URL without its password, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let host, let port, let username, _, let database, let tls):
            return "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
        }
    }
}

/// How to use TLS towards PostgreSQL, with libpq's `sslmode` names: managed PostgreSQL
/// services require TLS, a local server usually has none.
public enum PostgresTLSMode: String, Sendable, Equatable {
    /// Never.
    case disable
    /// TLS when the server offers it, without verifying its certificate (libpq's default).
    case prefer
    /// TLS always, without verifying the certificate (as libpq's `require`).
    case require
    /// TLS always, the certificate verified against the system's authorities.
    case verifyCA = "verify-ca"
    /// TLS always, the certificate and the host name verified.
    case verifyFull = "verify-full"

    init?(sslmode: String) {
        if sslmode == "allow" { self = .prefer } else { self.init(rawValue: sslmode) }
    }
}

/// A database URL that cannot be used.
public struct DatabaseURLError: Error, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "invalid database URL '\(text)': \(reason)" }
}
