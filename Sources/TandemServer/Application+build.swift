import Hummingbird
import Logging
import TandemStore

/// Builds the router with every route of Tandem: tracking (`/v1`), REST (`/api/v1`) and operations.
public func buildRouter(database: Database, configuration: TandemConfiguration, metrics: TandemMetrics)
    -> Router<AppRequestContext>
{
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: RESTErrorMiddleware())
    let keys = APIKeyStore(database: database)
    OperationsController(database: database, metrics: metrics).addRoutes(to: router)
    TrackingController(
        ingestor: MessageIngestor(database: database), keys: keys,
        limiter: RateLimiter(requestsPerSecond: configuration.trackingRequestsPerSecond), metrics: metrics
    ).addRoutes(to: router)

    let api = router.group("/api/v1").add(middleware: APIKeyMiddleware(keys: keys))
    LeadController(leads: LeadStore(database: database)).addRoutes(to: api)
    AccountController(accounts: AccountStore(database: database)).addRoutes(to: api)
    EventController(events: EventStore(database: database)).addRoutes(to: api)
    ImportController(importer: LeadImporter(database: database)).addRoutes(to: api)
    return router
}

/// Builds the Tandem application on an open, migrated database.
///
/// ```swift
/// let database = try await Database.open(DatabaseURL("sqlite://tandem.db"))
/// try await Migrator().migrate(database)
/// let app = buildApplication(database: database, configuration: TandemConfiguration())
/// try await app.runService()
/// ```
public func buildApplication(
    database: Database, configuration: TandemConfiguration, logger: Logger? = nil,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let logger = logger ?? Logger(label: "tandem")
    let router = buildRouter(database: database, configuration: configuration, metrics: TandemMetrics())
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tandem"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}
