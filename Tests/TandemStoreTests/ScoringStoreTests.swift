import Foundation
import SQLKit
import TandemCore
import TandemDemo
import Testing

@testable import TandemStore

@Suite("Kept scores, re-scoring and hand-off")
struct ScoringStoreTests {
    static let start = 1_790_000_000.0

    func ingest(_ database: Database, _ messages: [JSONValue], at receivedAt: Double) async throws {
        let outcome = try await MessageIngestor(database: database).ingest(
            messages, parser: MessageParser(receivedAt: receivedAt), measureSizes: false, writeKeyId: nil)
        #expect(outcome.rejections.isEmpty, "\(outcome.rejections)")
    }

    static func timestamp(_ seconds: Double) -> JSONValue { .string(Timestamp.format(seconds)) }

    /// A variant of the standard model: other points, caps, limits and half-life.
    static func variant(using random: inout SeededRandom) -> ScoringModel {
        var model = ScoringModel.standard
        model.halfLifeDays = [0.5, 3, 30].randomElement(using: &random)!
        model.engagementRules = model.engagementRules.map { rule in
            var rule = rule
            rule.points = Double(Int.random(in: -20...60, using: &random))
            if rule.points == 0 { rule.points = 1 }
            rule.cap = Bool.random(using: &random) ? Double(Int.random(in: 5...80, using: &random)) : nil
            rule.oncePerDays = Bool.random(using: &random) ? [0.1, 1, 3].randomElement(using: &random)! : nil
            return rule
        }
        model.engagementRules.append(
            EngagementRule(
                id: "pro_plan", name: "Pro plan", eventName: "Trial Started",
                when: [.init(field: "properties.plan", op: .equals, value: "pro")],
                points: Double(Int.random(in: 5...40, using: &random))))
        model.mql = MQLThresholds(fit: 1000, engagement: 1000)  // no hand-offs: this test is about scores
        return model
    }

    /// Checks every scored lead whose kept state is under the current model against a replay of
    /// its stored history; returns how many were checked.
    @discardableResult
    func checkKeptEqualsReplay(_ database: Database, requireAll: Bool) async throws -> Int {
        let model = try await database.scoringModels.current()
        let ids = try await database.read { db in
            try await db.select().column("id").from("leads").all().map { try $0.leadID("id") }
        }
        let histories = try await database.read { db in
            try await ScoringHistory.load(leadIds: ids, readProperties: true, on: db)
        }
        var checked = 0
        for id in ids {
            guard let kept = try await database.leadScores.keptState(leadId: id) else {
                #expect(!requireAll, "lead \(id) has no kept score")
                continue
            }
            guard !kept.queued else {
                #expect(!requireAll, "lead \(id) still waits for its replay")
                continue
            }
            guard kept.version == model.version else {
                #expect(!requireAll, "lead \(id) is still under version \(kept.version)")
                continue
            }
            let replayed = EngagementState.replay(histories[id] ?? [], model.compiled).state
            #expect(kept.state == replayed, "lead \(id): kept \(kept.state.score) at \(kept.state.asOf ?? 0), replay \(replayed.score)")
            let lead = try #require(try await database.leads.get(id: id))
            let account = try await database.read { db in
                try await AccountFacts.load(ids: Set([lead.accountId].compactMap { $0 }), on: db).values.first
            }
            #expect(kept.fit == model.compiled.fit(FitSubject(lead: lead, account: account)).total, "lead \(id)")
            checked += 1
        }
        return checked
    }

    @Test(
        "kept scores equal a replay of history after any sequence of events, identities and rule changes", arguments: TestEngine.available)
    func keptEqualsReplay(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            var random = SeededRandom(seed: engine == .sqlite ? 41 : 42)
            let titles: [JSONValue] = ["VP Marketing", "Student", "Data Analyst", "CEO", .null]
            var clock = Self.start
            var latest = Self.start
            var identified: Set<Int> = []
            var checks = 0
            for step in 0..<140 {
                clock += 60
                let person = Int.random(in: 0..<5, using: &random)
                // Mostly forward in time, sometimes late (out of order), sometimes far apart.
                let offset = Double.random(in: -3...5, using: &random) * 86_400
                let at = max(Self.start, latest + offset)
                latest = max(latest, at)
                clock = max(clock, latest + 60)
                let names = ["Demo Requested", "Email Opened", "Whitepaper Downloaded", "Unsubscribed", "Trial Started"]
                var message: JSONValue
                switch Int.random(in: 0..<10, using: &random) {
                case 0...3:
                    var properties: JSONValue = [:]
                    let name = names.randomElement(using: &random)!
                    if name == "Trial Started" { properties = ["plan": Bool.random(using: &random) ? "pro" : "free"] }
                    message = ["type": "track", "event": .string(name), "properties": properties]
                case 4...6:
                    let path = ["/pricing", "/careers", "/blog/mql-definition"].randomElement(using: &random)!
                    message = ["type": "page", "properties": ["url": .string("https://northwind.example\(path)")]]
                case 7:
                    message = [
                        "type": "identify",
                        "traits": ["email": .string("p\(person)@acme.example"), "title": titles.randomElement(using: &random)!],
                    ]
                    identified.insert(person)
                case 8:
                    try await database.scoringModels.save(Self.variant(using: &random), by: .commandLine, now: clock)
                    continue
                default:
                    try await database.scoreJobs.runNext(clock: ManualClock(clock))
                    continue
                }
                // Before identify, a person is an anonymous visitor; afterwards, a user id.
                var members = message.objectValue!
                members["messageId"] = .string("m\(step)")
                members["timestamp"] = Self.timestamp(at)
                members["anonymousId"] = .string("anon-\(person)")
                if identified.contains(person) { members["userId"] = .string("user-\(person)") }
                try await ingest(database, [.object(members)], at: clock)
                checks += try await checkKeptEqualsReplay(database, requireAll: false)
            }
            #expect(checks > 50, "the property was checked \(checks) times")
            try await database.scoreJobs.runNext(clock: ManualClock(clock))
            try await checkKeptEqualsReplay(database, requireAll: true)
        }
    }

    @Test("leads created or changed by the API and imports get their fit at once", arguments: TestEngine.available)
    func fitOnWrite(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            let leads = database.leads
            let input = LeadInput(email: try EmailAddress("ann@bigco.example"), fields: [.title: "VP Sales"])
            let created = try await leads.create(input, actor: .user("ops@x.example"), now: Self.start)
            #expect(try await database.leadScores.score(leadId: created.id, now: Self.start)?.fit == 30)
            let csv = "Email,Job Title,Number of Employees\nbob@bigco.example,Student,20\n"
            let report = try await database.leadImporter.importCSV(
                Array(csv.utf8), sourceName: "t.csv", now: Date().timeIntervalSince1970)
            #expect(report.created == 1)
            let bob = try #require(try await leads.find(email: "bob@bigco.example"))
            #expect(try await database.leadScores.score(leadId: bob.id, now: Date().timeIntervalSince1970)?.fit == -30 - 10)
            let change = LeadInput(fields: [.title: "CEO"])
            _ = try await leads.update(id: bob.id, change, actor: .user("ops@x.example"), now: Date().timeIntervalSince1970)
            #expect(try await database.leadScores.score(leadId: bob.id, now: Date().timeIntervalSince1970)?.fit == 25 - 10)
        }
    }

    func salesUser(_ database: Database, _ email: String) async throws {
        _ = try await database.users.create(
            try UserInput(email: email, name: email, role: "sales", team: nil), passwordHash: "x", by: .commandLine,
            now: Date().timeIntervalSince1970)
    }

    @Test("a lead that passes both thresholds becomes an MQL, is routed, and its events are queued", arguments: TestEngine.available)
    func handOff(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            for email in ["ana@northwind.example", "ben@northwind.example"] { try await salesUser(database, email) }
            let identify: JSONValue = [
                "type": "identify", "userId": "u1", "messageId": "i1", "timestamp": Self.timestamp(Self.start),
                "traits": ["email": "kim@bigco.example", "title": "VP Marketing", "company_size": 800, "industry": "Software"],
            ]
            try await ingest(database, [identify], at: Self.start)
            let lead = try #require(try await database.leads.find(email: "kim@bigco.example"))
            #expect(lead.stage == .lead)
            #expect(try await database.leadScores.score(leadId: lead.id, now: Self.start)?.fit == 20 + 10 + 10 + 15)

            let demo: JSONValue = [
                "type": "track", "userId": "u1", "event": "Demo Requested", "messageId": "t1", "timestamp": Self.timestamp(Self.start + 60),
            ]
            try await ingest(database, [demo], at: Self.start + 60)
            let promoted = try #require(try await database.leads.get(id: lead.id))
            #expect(promoted.stage == .mql)
            #expect(promoted.owner == "ana@northwind.example", "round-robin starts with the first rep by email")

            let change = try #require(try await database.leads.stageChanges(leadId: lead.id).first)
            #expect(change.to == .mql)
            #expect(change.actor == "rule:mql_threshold")
            #expect(change.reason == "fit 55.0 ≥ 40.0 and engagement 50.0 ≥ 50.0")

            let topics = try await database.outbox.events().map(\.topic.rawValue)
            #expect(topics == ["lead.mql", "lead.assigned"])
            let payload = try JSONValue.parse(try await database.outbox.events()[1].payload)
            #expect(payload["handoff"]?["owner"] == "ana@northwind.example")
            #expect(payload["lead"]?["email"] == "kim@bigco.example")

            let dueAt = try await database.read { db in
                try await db.select().column("due_at").from("handoffs").where("lead_id", .equal, SQLBind(lead.id)).first()!
                    .decode(column: "due_at", as: Double.self)
            }
            let calendar = HandOffSettings().calendar(timeZone: "UTC")
            #expect(dueAt == calendar.deadline(after: Self.start + 60, hours: 4))

            // A second ready lead goes to the other rep.
            let second: [JSONValue] = [
                [
                    "type": "identify", "userId": "u2", "messageId": "i2", "timestamp": Self.timestamp(Self.start),
                    "traits": ["email": "lee@bigco.example", "title": "CEO", "company_size": 900],
                ],
                [
                    "type": "track", "userId": "u2", "event": "Contact Sales Submitted", "messageId": "t2",
                    "timestamp": Self.timestamp(Self.start + 120),
                ],
            ]
            try await ingest(database, second, at: Self.start + 120)
            #expect(try await database.leads.find(email: "lee@bigco.example")?.owner == "ben@northwind.example")
        }
    }

    @Test(
        "saving a model re-scores every lead in the background, with progress, and hands off the newly ready",
        arguments: TestEngine.available)
    func rescoreAfterRuleChange(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            try await salesUser(database, "ana@northwind.example")
            var messages: [JSONValue] = []
            for index in 0..<25 {
                messages.append([
                    "type": "identify", "userId": .string("u\(index)"), "messageId": .string("i\(index)"),
                    "timestamp": Self.timestamp(Self.start),
                    "traits": ["email": .string("p\(index)@bigco.example"), "title": "VP Sales", "company_size": 1000],
                ])
                messages.append([
                    "type": "track", "userId": .string("u\(index)"), "event": "Webinar Attended", "messageId": .string("w\(index)"),
                    "timestamp": Self.timestamp(Self.start + 10),
                ])
            }
            try await ingest(database, messages, at: Self.start + 10)
            #expect(try await database.count("leads", where: "stage = 'mql'") == 0, "15 points of engagement is not enough")

            var model = ScoringModel.standard
            model.engagementRules[model.engagementRules.firstIndex { $0.id == "webinar_attended" }!].points = 60
            model.engagementRules[model.engagementRules.firstIndex { $0.id == "webinar_attended" }!].cap = nil
            let job = try await database.scoringModels.save(model, by: .user("ops@northwind.example"), now: Self.start + 20)
            #expect(job.status.rawValue == "pending")
            #expect(job.total == 25)
            #expect(try await database.scoreJobs.runNext(clock: ManualClock(Self.start + 30), chunkSize: 10) != nil)
            let done = try #require(try await database.scoreJobs.latest())
            #expect(done.status.rawValue == "done")
            #expect(done.done == 25)
            #expect(done.fractionDone == 1)
            #expect(try await database.count("lead_scores", where: "model_version = \(job.modelVersion)") == 25)
            #expect(try await database.count("leads", where: "stage = 'mql'") == 25)
            #expect(try await database.scoreJobs.runNext(clock: SystemClock()) == nil, "nothing left to do")
            let audit = try await database.auditTrail.list()
            #expect(
                audit.contains { (stored: StoredAuditEntry) in
                    stored.entry.action == "scoring.model_saved" && stored.entry.actor == "user:ops@northwind.example"
                })
        }
    }

    @Test(
        "the leads list sorts by grade, fit, engagement and last activity as the scores read at that moment",
        arguments: TestEngine.available)
    func sortByScores(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            var random = SeededRandom(seed: 11)
            let titles: [JSONValue] = ["VP Marketing", "Student", "Data Analyst", "CEO", "Head of Growth"]
            let names = ["Demo Requested", "Email Opened", "Whitepaper Downloaded", "Unsubscribed", "Pricing Viewed"]
            for person in 0..<40 {
                let at = Self.start + Double(person) * 3_600
                var messages: [JSONValue] = [
                    [
                        "type": "identify", "messageId": .string("i\(person)"), "userId": .string("u\(person)"),
                        "timestamp": Self.timestamp(at),
                        "traits": ["email": .string("p\(person)@acme.example"), "title": titles.randomElement(using: &random)!],
                    ]
                ]
                // Some people never do anything after identifying; the rest at different times.
                for event in 0..<Int.random(in: 0...4, using: &random) {
                    messages.append([
                        "type": "track", "messageId": .string("e\(person)-\(event)"), "userId": .string("u\(person)"),
                        "event": .string(names.randomElement(using: &random)!),
                        "timestamp": Self.timestamp(at + Double.random(in: 0...TimeSpan.days(20), using: &random)),
                    ])
                }
                try await ingest(database, messages, at: Self.start + TimeSpan.days(21))
            }
            let now = Self.start + TimeSpan.days(30)
            var search = LeadSearch()
            search.pageSize = 200
            let all = try await database.leads.search(search).leads
            let scores = try await database.leadScores.scores(leadIds: all.map(\.id), now: now)
            #expect(scores.count == 40)
            #expect(Set(scores.values.map(\.grade)).count > 3, "the leads differ in grade")
            func expected(_ key: (Lead.ID) -> [Double]) -> [Lead.ID] {
                // Larger keys first, then the newest lead first, as the list breaks ties.
                all.map(\.id).sorted { left, right in
                    let (leftKey, rightKey) = (key(left), key(right))
                    return leftKey == rightKey ? left > right : rightKey.lexicographicallyPrecedes(leftKey)
                }
            }
            func score(_ id: Lead.ID) -> LeadScore { scores[id]! }
            let grade: (Lead.ID) -> [Double] = {
                let letter = Double(score($0).grade.unicodeScalars.first!.value)
                return [-letter, score($0).engagement]
            }
            for (sort, key) in [
                (LeadSearch.Sort.score, grade), (.fit, { [score($0).fit] }), (.engagement, { [score($0).engagement] }),
                (.lastActivity, { [score($0).lastActivityAt ?? -.infinity] }),
            ] as [(LeadSearch.Sort, (Lead.ID) -> [Double])] {
                search.sort = sort
                let sorted = try await database.leads.search(search)
                #expect(sorted.total == 40)
                #expect(sorted.leads.map(\.id) == expected(key), "sorted by \(sort)")
            }
        }
    }

    @Test(
        "only the rep's own move answers a hand-off; anyone else's closes it with their reason and credits the rep with nothing",
        arguments: TestEngine.available)
    func closedByOthers(engine: TestEngine) async throws {
        try await engine.withDatabase { database in
            try await salesUser(database, "ana@northwind.example")
            // Two MQLs handed to Ana.
            for (person, email) in [(1, "kim@bigco.example"), (2, "lee@bigco.example")] {
                try await ingest(
                    database,
                    [
                        [
                            "type": "identify", "userId": .string("u\(person)"), "messageId": .string("i\(person)"),
                            "timestamp": Self.timestamp(Self.start),
                            "traits": ["email": .string(email), "title": "VP Marketing", "company_size": 800, "industry": "Software"],
                        ],
                        [
                            "type": "track", "userId": .string("u\(person)"), "event": "Demo Requested",
                            "messageId": .string("t\(person)"), "timestamp": Self.timestamp(Self.start + 60),
                        ],
                    ], at: Self.start + 60)
            }
            let kim = try #require(try await database.leads.find(email: "kim@bigco.example"))
            let lee = try #require(try await database.leads.find(email: "lee@bigco.example"))
            #expect(kim.stage == .mql && lee.owner == "ana@northwind.example")

            // Marketing moves Kim on: the hand-off closes with marketing's reason, not as Ana's answer.
            var forward = LeadInput()
            forward.stage = .sql
            forward.stageReason = "booked at the trade show"
            _ = try await database.leads.update(id: kim.id, forward, actor: .user("maya@northwind.example"), now: Self.start + 600)
            let closed = try #require(try await database.handOffs.latest(leadId: kim.id))
            #expect(closed.status == .closed)
            #expect(closed.firstTouchAt == nil && closed.respondedAt == nil, "no speed to lead for Ana")
            #expect(closed.comment == "closed by user:maya@northwind.example: booked at the trade show")

            // Ana moves Lee on herself: that is her acceptance, with her speed to lead.
            _ = try await database.leads.update(id: lee.id, forward, actor: .user("Ana@Northwind.example"), now: Self.start + 900)
            let accepted = try #require(try await database.handOffs.latest(leadId: lee.id))
            #expect(accepted.status == .accepted)
            #expect(accepted.firstTouchAt == Self.start + 900 && accepted.respondedAt == Self.start + 900)
        }
    }
}
