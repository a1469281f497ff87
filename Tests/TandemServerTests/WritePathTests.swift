import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import TandemCore
import Testing

@testable import TandemServer
@testable import TandemStore

/// Every way a lead's life changes (tracking, the REST API, the lead page's form, an import,
/// the inbox's answer, the SLA clock and a re-scoring job) goes through one unit of work and
/// `LeadLifecycle`: each path leaves its history row, its score kept at the app clock's time,
/// its outbox events, and an audit entry when a person or a key acted.
@Suite("Every write path through the one lifecycle")
struct WritePathTests {
    struct Trail {
        let changes: [(to: String, actor: String, at: Double)]
        let topics: [String]
        let audit: [(actor: String, action: String)]
        let scoredAt: Double?
        let modelVersion: Int64?
    }

    /// What the database holds about `leadId` after `since` (outbox and audit by id).
    static func trail(_ app: TestApp, leadId: Lead.ID, outboxAfter: Int64, auditAfter: Int64) async throws -> Trail {
        try await app.database.read { db in
            let changes = try await db.select().columns("to_stage", "actor", "changed_at").from("stage_changes")
                .where("lead_id", .equal, SQLBind(leadId)).orderBy("id").all().map {
                    (
                        try $0.decode(column: "to_stage", as: String.self), try $0.decode(column: "actor", as: String.self),
                        try $0.decode(column: "changed_at", as: Double.self)
                    )
                }
            let topics = try await db.select().column("topic").from("outbox").where("lead_id", .equal, SQLBind(leadId))
                .where("id", .greaterThan, SQLBind(outboxAfter)).orderBy("id").all().map { try $0.decode(column: "topic", as: String.self) }
            let audit = try await db.select().columns("actor", "action").from("audit_log")
                .where("subject_type", .equal, SQLBind("lead")).where("subject_id", .equal, SQLBind(leadId.description)).where(
                    "id", .greaterThan, SQLBind(auditAfter)
                ).orderBy("id").all().map {
                    (try $0.decode(column: "actor", as: String.self), try $0.decode(column: "action", as: String.self))
                }
            let score = try await db.select().columns("updated_at", "model_version").from("lead_scores")
                .where("lead_id", .equal, SQLBind(leadId)).first()
            return Trail(
                changes: changes, topics: topics, audit: audit, scoredAt: try score?.decode(column: "updated_at", as: Double.self),
                modelVersion: try score?.decode(column: "model_version", as: Int64.self))
        }
    }

    static func lastId(_ app: TestApp, _ table: String) async throws -> Int64 {
        try await app.database.read { db in
            try await db.select().column(
                SQLFunction("COALESCE", args: SQLFunction("MAX", args: SQLColumn("id")), SQLLiteral.numeric("0")), as: "n"
            )
            .from(table).first()?.decode(column: "n", as: Int64.self) ?? 0
        }
    }

    @Test("tracking, REST, form, import, inbox, SLA clock and re-scoring each score, emit and audit through the lifecycle")
    func everyPath() async throws {
        try await TestApp.run { app, client in
            try await app.createUser(TestApp.repEmail, role: .sales)
            try await app.createUser("admin@example.com", role: .admin)
            let leads = app.database.leads

            // Tracking: an identify, a pricing view and a demo request hand the lead off by rule.
            app.clock.advance(by: 60)
            try await HandOffAPITests.sendReadyLead(app, client, email: "kim@bigco.example", userId: "kim")
            let kim = try #require(try await leads.find(email: "kim@bigco.example"))
            var trail = try await Self.trail(app, leadId: kim.id, outboxAfter: 0, auditAfter: 0)
            #expect(trail.changes.map(\.to) == ["lead", "mql"])
            #expect(trail.changes.last?.actor == "rule:mql_threshold")
            #expect(trail.topics == ["lead.mql", "lead.assigned"])
            #expect(trail.audit.isEmpty, "rules and tracking have their trail in stage_changes")
            #expect(trail.scoredAt == app.clock.now(), "scored at the app clock's time, not the wall's")
            let notes = try await app.database.notifications.list(recipient: TestApp.repEmail)
            #expect(notes.map(\.kind) == [.callNow])

            // The inbox's answer: the rep rejects; the lead is recycled.
            app.clock.advance(by: 60)
            var outbox = try await Self.lastId(app, "outbox")
            var audit = try await Self.lastId(app, "audit_log")
            let rejected = try await client.execute(
                uri: "/api/v1/leads/\(kim.id)/reject", method: .post, headers: app.bearer(app.salesKey),
                body: ByteBuffer(json: ["reason": "not_ready_yet", "comment": "next quarter"]))
            #expect(rejected.status == .ok)
            trail = try await Self.trail(app, leadId: kim.id, outboxAfter: outbox, auditAfter: audit)
            #expect(trail.changes.last?.to == "recycled")
            #expect(trail.changes.last?.at == app.clock.now())
            #expect(trail.topics == ["lead.rejected", "lead.recycled"])
            #expect(trail.audit.map(\.action) == ["lead.stage_changed"])
            #expect(try await app.database.handOffs.latest(leadId: kim.id)?.status == .rejected)

            // The REST API: an admin key moves a new lead to MQL; it is scored and audited.
            app.clock.advance(by: 60)
            outbox = try await Self.lastId(app, "outbox")
            audit = try await Self.lastId(app, "audit_log")
            let created = try await client.execute(
                uri: "/api/v1/leads", method: .post, headers: app.bearer(),
                body: ByteBuffer(json: ["email": "lou@acme.example", "title": "Director of Sales"]))
            #expect(created.status == .created)
            let lou = try #require(try await leads.find(email: "lou@acme.example"))
            let patched = try await client.execute(
                uri: "/api/v1/leads/\(lou.id)", method: .patch, headers: app.bearer(), body: ByteBuffer(json: ["stage": "sql"]))
            #expect(patched.status == .ok)
            trail = try await Self.trail(app, leadId: lou.id, outboxAfter: outbox, auditAfter: audit)
            #expect(trail.changes.map(\.to) == ["lead", "sql"])
            #expect(trail.changes.last?.actor == "api_key:admin")
            #expect(Set(trail.audit.map(\.actor)) == ["api_key:admin"])
            #expect(trail.audit.map(\.action).last == "lead.stage_changed")
            #expect(trail.scoredAt == app.clock.now())

            // The lead page's form: a person moves the lead on, on the app clock.
            app.clock.advance(by: 60)
            audit = try await Self.lastId(app, "audit_log")
            var admin = try await Browser.signedIn("admin@example.com", on: client)
            try await admin.get("/leads/\(lou.id)")
            let moved = try await admin.post("/leads/\(lou.id)/stage", ["stage": "opportunity", "reason": "demo went well"])
            #expect(moved.status == .seeOther)
            trail = try await Self.trail(app, leadId: lou.id, outboxAfter: outbox, auditAfter: audit)
            #expect(trail.changes.last?.to == "opportunity")
            #expect(trail.changes.last?.at == app.clock.now())
            #expect(Set(trail.audit.map(\.actor)) == ["user:admin@example.com"])
            #expect(trail.audit.map(\.action).contains("lead.stage_changed"))
            #expect(trail.scoredAt == app.clock.now())

            // An import: a row moves a waiting MQL on, which answers its hand-off.
            app.clock.advance(by: 60)
            try await HandOffAPITests.sendReadyLead(app, client, email: "ida@bigco.example", userId: "ida")
            let ida = try #require(try await leads.find(email: "ida@bigco.example"))
            #expect(ida.stage == .mql)
            app.clock.advance(by: 60)
            outbox = try await Self.lastId(app, "outbox")
            audit = try await Self.lastId(app, "audit_log")
            let imported = try await client.execute(
                uri: "/api/v1/imports/leads?name=crm", method: .post, headers: app.bearer(),
                body: ByteBuffer(string: "Email,Lifecycle Stage\nida@bigco.example,sal\nnew@bigco.example,lead\n"))
            #expect(imported.status == .ok)
            trail = try await Self.trail(app, leadId: ida.id, outboxAfter: outbox, auditAfter: audit)
            #expect(trail.changes.last?.to == "sal")
            #expect(trail.changes.last?.actor == "import:crm")
            #expect(trail.topics == ["lead.accepted"])
            #expect(trail.audit.isEmpty)
            #expect(trail.scoredAt == app.clock.now())
            let newcomer = try #require(try await leads.find(email: "new@bigco.example"))
            #expect(try await Self.trail(app, leadId: newcomer.id, outboxAfter: 0, auditAfter: 0).scoredAt == app.clock.now())

            // The SLA clock: a waiting hand-off runs past its deadline.
            try await HandOffAPITests.sendReadyLead(app, client, email: "max@bigco.example", userId: "max")
            let max = try #require(try await leads.find(email: "max@bigco.example"))
            outbox = try await Self.lastId(app, "outbox")
            app.clock.advance(by: 3 * 86_400)
            let report = try await app.database.slaMonitor.check(now: app.clock.now())
            #expect(report.breached == 1)
            trail = try await Self.trail(app, leadId: max.id, outboxAfter: outbox, auditAfter: 0)
            #expect(trail.topics.first == "sla.breached")
            #expect(try await app.database.notifications.list(recipient: TestApp.repEmail).first?.kind == .slaBreached)

            // Re-scoring: a lower MQL bar saved as a new model hands off a nurtured lead in the job.
            app.clock.advance(by: 60)
            outbox = try await Self.lastId(app, "outbox")
            let nurtured = try #require(try await leads.find(email: "new@bigco.example"))
            let yaml = try await client.execute(uri: "/api/v1/scoring/model?format=yaml", method: .get, headers: app.bearer())
            var model = String(buffer: yaml.body)
            model = model.replacingOccurrences(of: "fit: 40", with: "fit: 0").replacingOccurrences(
                of: "engagement: 50", with: "engagement: 0")
            var headers = app.bearer()
            headers[.contentType] = "application/yaml"
            let saved = try await client.execute(
                uri: "/api/v1/scoring/model", method: .put, headers: headers, body: ByteBuffer(string: model))
            #expect(saved.status == .ok)
            let job = try await app.database.scoreJobs.runNext(clock: app.clock)
            #expect(job?.status == .done)
            trail = try await Self.trail(app, leadId: nurtured.id, outboxAfter: outbox, auditAfter: 0)
            #expect(trail.modelVersion == 1)
            #expect(trail.scoredAt == app.clock.now())
            #expect(trail.changes.last?.to == "mql")
            #expect(trail.topics.first == "lead.mql")
        }
    }
}
