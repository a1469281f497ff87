import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TandemCore
import TandemStore

@testable import TandemServer

/// A Tandem application on a fresh SQLite file, with a write key and API keys of each role.
struct TestApp: Sendable {
    struct Route: Sendable {
        let method: String
        let path: String
    }

    let database: Database
    let writeKey: String
    let adminKey: String
    let salesKey: String
    /// Every route the router has, to compare with the OpenAPI document.
    let routes: [Route]
    /// The app's clock: Monday 10:00 UTC of the coming week, moved by tests instead of sleeping.
    let clock: ManualClock

    static func nextMondayMorning() -> Double {
        let now = Date().timeIntervalSince1970
        let day = 86_400.0
        let midnight = (now / day).rounded(.down) * day
        // 1970-01-01 was a Thursday: day number 4 (mod 7) is a Monday.
        let weekday = Int((midnight / day).truncatingRemainder(dividingBy: 7))
        let daysAhead = Double((4 - weekday + 7) % 7 + 7)
        return midnight + daysAhead * day + 10 * 3600
    }

    static func run(
        configure: (inout TandemConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try await Database.open(.sqlite(path: directory.appendingPathComponent("app.db").path))
        do {
            try await Migrator().migrate(database)
            let keys = database.apiKeys
            var configuration = TandemConfiguration()
            // The lowest bcrypt cost keeps sign-in tests fast; production defaults to 12.
            configuration.bcryptCost = 4
            // Test receivers listen on loopback: allowed here, refused by default (WebhookSSRFTests).
            configuration.webhookAllowPrivate = true
            configure(&configuration)
            let clock = ManualClock(nextMondayMorning())
            let router = try buildRouter(database: database, configuration: configuration, metrics: TandemMetrics(), clock: clock)
            let app = TestApp(
                database: database, writeKey: try await keys.create(kind: .write, name: "site", now: Date().timeIntervalSince1970).secret,
                adminKey: try await keys.create(kind: .api, name: "admin", role: "admin", now: Date().timeIntervalSince1970).secret,
                salesKey: try await keys.create(
                    kind: .api, name: "rep", role: "sales", ownerEmail: TestApp.repEmail, now: Date().timeIntervalSince1970
                ).secret,
                routes: router.routes.map { Route(method: $0.method.rawValue, path: $0.path.description) }, clock: clock)
            try await Application(router: router).test(.router) { client in try await body(app, client) }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    /// The rep the sales API key acts for.
    static let repEmail = "rep@example.com"

    /// Creates a user who can sign in with `password`.
    @discardableResult
    func createUser(_ email: String, role: Role, password: String = "correct horse battery", name: String? = nil) async throws -> User {
        let input = try UserInput(email: email, name: name ?? email, role: role.rawValue, team: nil)
        return try await database.users.create(
            input, passwordHash: try await PasswordHasher(cost: 4).hash(password), by: .commandLine, now: Date().timeIntervalSince1970)
    }

    /// A lead with only an email, made by the system now.
    func createLead(_ email: String) async throws -> Lead {
        try await database.leads.create(LeadInput(email: try EmailAddress(email)), actor: .system, now: Date().timeIntervalSince1970)
    }

    var basicAuth: HTTPFields {
        [.authorization: "Basic " + Data("\(writeKey):".utf8).base64EncodedString(), .contentType: "application/json"]
    }

    func bearer(_ key: String? = nil) -> HTTPFields {
        [.authorization: "Bearer \(key ?? adminKey)", .contentType: "application/json"]
    }
}

extension TestResponse {
    /// The body parsed as JSON.
    var json: JSONValue {
        get throws { try JSONValue.parse(Data(buffer: body)) }
    }
}

extension ByteBuffer {
    init(json: JSONValue) {
        self.init(string: json.jsonText)
    }
}
