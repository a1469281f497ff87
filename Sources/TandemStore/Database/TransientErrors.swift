import PostgresNIO
import SQLiteNIO

/// Tells the failures that say "try again later" (the database is down, busy, full, or chose to
/// abort a transaction) from bugs. Callers answer the first with 503 and `Retry-After`, and a
/// client's retry is safe because the transaction rolled back.
enum TransientErrors {
    static func isTransient(_ error: any Error) -> Bool {
        switch error {
        case let error as PSQLError:
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown:
                return true
            case .server:
                // SQLSTATE classes: 08 connection, 40 rollback (serialization, deadlock),
                // 53 insufficient resources, 57 operator intervention (shutdown).
                let state = error.serverInfo?[.sqlState] ?? ""
                return ["08", "40", "53", "57"].contains(String(state.prefix(2)))
            default:
                return false
            }
        case let error as SQLiteError:
            switch error.reason {
            case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot, .ioError, .full, .cantOpen, .noMemory, .readOnly:
                return true
            default:
                return false
            }
        default:
            return false
        }
    }
}
