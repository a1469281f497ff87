import Hummingbird
import Logging
import NIOCore
import TandemCore
import TandemStore

/// Builds the router with every route of Tandem: tracking (`/v1`), REST (`/api/v1`), the web
/// app and operations. Throws when the templates or assets are missing from the install.
public func buildRouter(
    database: Database, configuration: TandemConfiguration, metrics: TandemMetrics, clock: any WallClock = SystemClock()
) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    let settingsCache = SettingsCache(store: database.settings, clock: clock)
    let renderer = try PageRenderer(settings: settingsCache, notifications: database.notifications)
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    let webErrors = WebErrorMiddleware(renderer: renderer)
    router.add(middleware: UnmatchedRouteMiddleware(pages: webErrors))
    let keys = database.apiKeys
    TrackingController(
        ingestor: MessageIngestor(database: database), keys: keys,
        limiter: RateLimiter(requestsPerSecond: configuration.trackingRequestsPerSecond), metrics: metrics, clock: clock,
        keyCache: WriteKeyCache(clock: clock)
    ).addRoutes(to: router)

    // The REST API: its own error shape, then the key; its routes run with an APIRequestContext,
    // which exists only when the key does. An unknown path under /api answers in the same shape.
    let rest = router.group("/api").add(middleware: RESTErrorMiddleware())
    for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
        rest.on("**", method: method) { request, _ -> Response in
            throw APIError(.notFound, code: "not_found", message: "there is no API route \(method) \(request.uri.path.prefix(200))")
        }
    }
    let api = APIRoutes(
        group: rest.group("/v1").add(middleware: APIKeyMiddleware(keys: keys)).group(context: APIRequestContext.self), prefix: "/api/v1")
    LeadController(leads: database.leads, clock: clock).addRoutes(to: api)
    ActivityController(activities: database.salesActivities, leads: database.leads, clock: clock).addRoutes(to: api)
    AccountController(accounts: database.accounts).addRoutes(to: api)
    EventController(events: database.events).addRoutes(to: api)
    ImportController(importer: database.leadImporter, clock: clock).addRoutes(to: api)
    ScoringController(
        models: database.scoringModels, jobs: database.scoreJobs, scores: database.leadScores,
        leads: database.leads, clock: clock
    ).addRoutes(to: api)
    HandOffController(handOffs: database.handOffs, scores: database.leadScores, clock: clock).addRoutes(to: api)
    let targets = WebhookTargetGuard(policy: WebhookTargetPolicy(allowPrivate: configuration.webhookAllowPrivate))
    WebhookController(webhooks: database.webhooks, targets: targets, clock: clock).addRoutes(to: api)
    OperationsController(
        database: database, metrics: metrics, metricsToken: configuration.metricsToken, openAPI: try OpenAPIDocument.build(rest: api)
    ).addRoutes(to: router)

    // Pages and their assets: HTML error pages and the browser security headers.
    let browser = router.group().add(middleware: webErrors)
    try StaticController().addRoutes(to: browser)
    addWebRoutes(
        to: browser, database: database, configuration: configuration, renderer: renderer, settingsCache: settingsCache, clock: clock)
    return router
}

/// The pages people use, behind the session and CSRF checks.
private func addWebRoutes(
    to browser: RouterGroup<AppRequestContext>, database: Database, configuration: TandemConfiguration, renderer: PageRenderer,
    settingsCache: SettingsCache, clock: any WallClock
) {
    let cookies = WebCookies(security: configuration.cookieSecure)
    let sessions = SessionStore(database: database, idleLifetime: configuration.sessionHours * TimeSpan.hour)
    let users = database.users
    let audit = database.auditTrail
    let hasher = PasswordHasher(cost: configuration.bcryptCost)
    let leads = database.leads
    let accounts = database.accounts
    let reports = database.activityReports
    let web = browser.group()
        .add(middleware: WebSessionMiddleware(sessions: sessions, cookies: cookies, renderer: renderer, clock: clock))
        .add(middleware: CSRFMiddleware(cookies: cookies))
        .add(middleware: DisplayZoneMiddleware(settings: settingsCache))
    SignInController(
        users: users, sessions: sessions, audit: audit, hasher: hasher,
        throttle: SignInThrottle(failures: database.signInFailures), devices: database.trustedDevices,
        cookies: cookies, renderer: renderer, clock: clock
    ).addRoutes(to: web)
    // Every other page runs with a SignedInContext: made only from a session, so a handler
    // cannot run for nobody; without one the person is sent to sign in and brought back.
    let pages = web.group(context: SignedInContext.self)
    DashboardController(reports: reports, renderer: renderer, clock: clock).addRoutes(to: pages)
    ProfileController(users: users, hasher: hasher, settings: settingsCache, renderer: renderer, clock: clock).addRoutes(to: pages)
    LeadPagesController(
        leads: leads, accounts: accounts, users: users, reports: reports, interviews: database.interviews,
        scores: database.leadScores, handOffs: database.handOffs, activities: database.salesActivities,
        savedViews: database.savedViews, renderer: renderer,
        clock: clock
    ).addRoutes(to: pages)
    SavedViewsController(views: database.savedViews, clock: clock).addRoutes(to: pages)
    LeadBulkController(leads: leads, users: users, renderer: renderer, clock: clock).addRoutes(to: pages)
    ImportPagesController(importer: database.leadImporter, jobs: ImportJobs(), renderer: renderer, clock: clock).addRoutes(to: pages)
    AccountPagesController(accounts: accounts, leads: leads, reports: reports, renderer: renderer, clock: clock).addRoutes(to: pages)
    SearchController(leads: leads, accounts: accounts, renderer: renderer, clock: clock).addRoutes(to: pages)
    InboxController(
        handOffs: database.handOffs, notifications: database.notifications, leads: leads, users: users, renderer: renderer,
        clock: clock
    ).addRoutes(to: pages)
    ScoringPagesController(
        models: database.scoringModels, previews: database.scoringPreviews, scores: database.leadScores, leads: database.leads,
        users: database.users, jobs: database.scoreJobs, renderer: renderer, clock: clock
    ).addRoutes(to: pages)
    HandOffSettingsController(settings: database.handOffSettings, renderer: renderer, clock: clock).addRoutes(to: pages)
    WebhookPagesController(
        webhooks: database.webhooks,
        targets: WebhookTargetGuard(policy: WebhookTargetPolicy(allowPrivate: configuration.webhookAllowPrivate)), renderer: renderer,
        clock: clock
    ).addRoutes(to: pages)
    SettingsController(
        users: users, keys: database.apiKeys, settings: database.settings, settingsCache: settingsCache,
        audit: audit, hasher: hasher, renderer: renderer, clock: clock
    ).addRoutes(to: pages)
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
    database: Database, configuration: TandemConfiguration, logger: Logger? = nil, clock: any WallClock = SystemClock(),
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let logger = logger ?? Logger(label: "tandem")
    let router = try buildRouter(database: database, configuration: configuration, metrics: TandemMetrics(), clock: clock)
    return Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [
                    RequestDeadlineHandler(
                        headTimeout: TandemConfiguration.milliseconds(configuration.idleTimeoutSeconds),
                        bodyTimeout: TandemConfiguration.milliseconds(configuration.requestBodySeconds))
                ],
                idleTimeout: TandemConfiguration.milliseconds(configuration.idleTimeoutSeconds))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tandem"),
        services: [
            DatabaseService(database: database),
            BackgroundWork(
                database: database, clock: clock, webhookPolicy: WebhookTargetPolicy(allowPrivate: configuration.webhookAllowPrivate),
                logger: logger),
        ],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

extension TandemConfiguration {
    /// A number of seconds as NIO's time amount, whole milliseconds.
    static func milliseconds(_ seconds: Double) -> TimeAmount {
        .milliseconds(Int64(clamping: (seconds * 1000).clampedInt))
    }
}
