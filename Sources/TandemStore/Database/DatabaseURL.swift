import Foundation

/// Where the data lives: `sqlite:///absolute/path.db`, `sqlite://relative.db` or
/// `postgres://user:pass@host:port/db` (also `postgresql://`).
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(host: String, port: Int, username: String, password: String?, database: String)

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
        self = .postgres(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 }, database: database)
    }

    /// The URL without its password, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let host, let port, let username, _, let database):
            return "postgres://\(username)@\(host):\(port)/\(database)"
        }
    }
}

/// A database URL that cannot be used.
public struct DatabaseURLError: Error, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "invalid database URL '\(text)': \(reason)" }
}
