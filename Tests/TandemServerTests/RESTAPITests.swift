import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("REST API")
struct RESTAPITests {
    @Test("no key or an unknown key is 401 with the error shape")
    func unauthorized() async throws {
        try await TestApp.run { app, client in
            let none = try await client.execute(uri: "/api/v1/leads", method: .get)
            #expect(none.status == .unauthorized)
            #expect(try none.json["error"]?["code"] == "unauthorized")
            let wrong = try await client.execute(uri: "/api/v1/leads", method: .get, headers: app.bearer("tda_wrong"))
            #expect(wrong.status == .unauthorized)
            let writeKey = try await client.execute(uri: "/api/v1/leads", method: .get, headers: app.bearer(app.writeKey))
            #expect(writeKey.status == .unauthorized)
        }
    }

    @Test("leads are created, read, updated, listed and have a timeline")
    func leadLifecycle() async throws {
        try await TestApp.run { app, client in
            let created = try await client.execute(
                uri: "/api/v1/leads", method: .post, headers: app.bearer(),
                body: ByteBuffer(json: ["email": "Ann@Acme.io", "first_name": "Ann", "company_size": 120, "attributes": ["plan": "pro"]]))
            #expect(created.status == .created)
            let id = try #require(try created.json["id"]?.textValue)
            #expect(created.headers[.location] == "/api/v1/leads/\(id)")
            #expect(try created.json["stage"] == "lead")
            #expect(try created.json["account_id"] != .null)

            let duplicate = try await client.execute(
                uri: "/api/v1/leads", method: .post, headers: app.bearer(), body: ByteBuffer(json: ["email": "ann@ACME.io"]))
            #expect(duplicate.status == .conflict)

            let patched = try await client.execute(
                uri: "/api/v1/leads/\(id)", method: .patch, headers: app.bearer(),
                body: ByteBuffer(json: ["stage": "mql", "title": "CTO", "stage_reason": "webinar attended"]))
            #expect(patched.status == .ok)
            #expect(try patched.json["stage"] == "mql")
            #expect(try patched.json["title"] == "CTO")

            let rejectWithoutReason = try await client.execute(
                uri: "/api/v1/leads/\(id)", method: .patch, headers: app.bearer(), body: ByteBuffer(json: ["stage": "recycled"]))
            #expect(rejectWithoutReason.status == .unprocessableContent)
            #expect(try rejectWithoutReason.json["error"]?["field"] == "stage_reason_code", "a rejection needs its code")

            let list = try await client.execute(uri: "/api/v1/leads?stage=mql&attr.plan=pro", method: .get, headers: app.bearer())
            guard case .array(let leads)? = try list.json["data"] else { Issue.record("no data"); return }
            #expect(leads.count == 1)

            let timeline = try await client.execute(uri: "/api/v1/leads/\(id)/timeline", method: .get, headers: app.bearer())
            guard case .array(let entries)? = try timeline.json["data"] else { Issue.record("no data"); return }
            let stages = entries.compactMap { $0["stage_change"]?["to"]?.stringValue }
            #expect(stages == ["mql", "lead"])
            #expect(entries.first?["stage_change"]?["actor"] == "api_key:admin")
        }
    }

    @Test("bad input names the field: invalid email, unknown field, wrong type, bad JSON, bad parameter, unknown lead")
    func badInput() async throws {
        try await TestApp.run { app, client in
            func post(_ body: String) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/leads", method: .post, headers: app.bearer(), body: ByteBuffer(string: body))
            }
            let email = try await post(#"{"email":"nope"}"#)
            #expect(email.status == .unprocessableContent)
            #expect(try email.json["error"]?["field"] == "email")
            let unknown = try await post(#"{"email":"a@b.io","favourite":"x"}"#)
            #expect(try unknown.json["error"]?["field"] == "favourite")
            let type = try await post(#"{"email":"a@b.io","company_size":"big"}"#)
            #expect(try type.json["error"]?["field"] == "company_size")
            let json = try await post(#"{"email":"#)
            #expect(json.status == .badRequest)
            #expect(try json.json["error"]?["code"] == "invalid_json")
            let parameter = try await client.execute(uri: "/api/v1/leads?stage=sleeping", method: .get, headers: app.bearer())
            #expect(parameter.status == .badRequest)
            #expect(try parameter.json["error"]?["field"] == "stage")
            let nul = try await client.execute(uri: "/api/v1/events?anonymous_id=a%00b", method: .get, headers: app.bearer())
            #expect(nul.status == .badRequest)
            #expect(try nul.json["error"]?["field"] == "anonymous_id")
            let limit = try await client.execute(uri: "/api/v1/events?limit=0", method: .get, headers: app.bearer())
            #expect(try limit.json["error"]?["field"] == "limit")
            let noRoute = try await client.execute(uri: "/api/v1/campaigns", method: .get, headers: app.bearer())
            #expect(noRoute.status == .notFound)
            #expect(try noRoute.json["error"]?["code"] == "not_found")
            let missing = try await client.execute(uri: "/api/v1/leads/999", method: .get, headers: app.bearer())
            #expect(missing.status == .notFound)
            #expect(try missing.json["error"]?["code"] == "not_found")
            #expect(
                try await app.database.read { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM leads").first(decodingColumn: "n", as: Int.self)
                } == 0)
        }
    }

    @Test("when storage is unavailable the REST API answers 503 in its error shape")
    func storageUnavailable() async throws {
        try await TestApp.run { app, client in
            await app.database.close()
            let response = try await client.execute(uri: "/api/v1/leads", method: .get, headers: app.bearer())
            #expect(response.status == .serviceUnavailable)
            #expect(try response.json["error"]?["code"] == "unavailable")
        }
    }

    @Test("a CSV import through the API reports created rows and rejected lines; sales may not import")
    func importThroughAPI() async throws {
        try await TestApp.run { app, client in
            let csv = "E-Mail,Vorname\nann@acme.io,Ann\nbroken,Bo\n"
            var headers = app.bearer()
            headers[.contentType] = "text/csv"
            let response = try await client.execute(
                uri: "/api/v1/imports/leads?map=E-Mail=email&map=Vorname=first_name", method: .post, headers: headers,
                body: ByteBuffer(string: csv))
            #expect(response.status == .ok)
            #expect(try response.json["created"] == 1)
            #expect(
                try response.json["rejected"] == [
                    [
                        "line": 3, "code": "invalid_email", "field": "email",
                        "message": "'broken' is not a valid email address: it needs exactly one '@'",
                    ]
                ])
            let noEmailColumn = try await client.execute(
                uri: "/api/v1/imports/leads", method: .post, headers: headers, body: ByteBuffer(string: "Name\nAnn\n"))
            #expect(noEmailColumn.status == .unprocessableContent)
            #expect(try noEmailColumn.json["error"]?["field"] == "email")
            var salesHeaders = app.bearer(app.salesKey)
            salesHeaders[.contentType] = "text/csv"
            let sales = try await client.execute(
                uri: "/api/v1/imports/leads", method: .post, headers: salesHeaders, body: ByteBuffer(string: csv))
            #expect(sales.status == .forbidden)
        }
    }

    @Test("accounts and events can be queried, with cursor paging")
    func accountsAndEvents() async throws {
        try await TestApp.run { app, client in
            let messages: [JSONValue] = (0..<5).map { index in
                ["type": "track", "userId": "u", "event": .string("E\(index)"), "messageId": .string("m\(index)")]
            }
            let batch: JSONValue = ["batch": .array(messages)]
            _ = try await client.execute(uri: "/v1/batch", method: .post, headers: app.basicAuth, body: ByteBuffer(json: batch))
            let first = try await client.execute(uri: "/api/v1/events?user_id=u&limit=3", method: .get, headers: app.bearer())
            let cursor = try #require(try first.json["next_cursor"]?.stringValue)
            let second = try await client.execute(
                uri: "/api/v1/events?user_id=u&limit=3&cursor=\(cursor)", method: .get, headers: app.bearer())
            guard case .array(let a)? = try first.json["data"], case .array(let b)? = try second.json["data"] else {
                Issue.record("no data"); return
            }
            #expect((a + b).compactMap { $0["message_id"]?.stringValue } == ["m0", "m1", "m2", "m3", "m4"])
            #expect(try second.json["next_cursor"] == .null)

            _ = try await client.execute(
                uri: "/api/v1/leads", method: .post, headers: app.bearer(), body: ByteBuffer(json: ["email": "x@initech.com"]))
            let accounts = try await client.execute(uri: "/api/v1/accounts?search=initech", method: .get, headers: app.bearer())
            guard case .array(let list)? = try accounts.json["data"] else { Issue.record("no data"); return }
            #expect(list.first?["domain"] == "initech.com")
            let id = try #require(list.first?["id"]?.textValue)
            let one = try await client.execute(uri: "/api/v1/accounts/\(id)", method: .get, headers: app.bearer())
            #expect(try one.json["lead_count"] == 1)
        }
    }
}
