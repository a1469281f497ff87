import ServiceLifecycle
import TandemStore

/// The database as a member of the server's service group. Listed first, it shuts down last:
/// the HTTP server finishes its requests and the background work its step, then the ingest
/// batches still queued are committed, and only then are the connections (and PostgreSQL's
/// pool) closed.
struct DatabaseService: Service {
    let database: Database

    func run() async throws {
        // Cancellation (a second signal, or a failing service) ends the wait the same way as a
        // graceful shutdown: either way the database closes below.
        try? await gracefulShutdown()
        await database.close()
    }
}
