import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

/// The REST models and the OpenAPI document come from one source: these tests hold real answers
/// against the document's schemas, and the coders to their rules.
@Suite("REST models and the OpenAPI document")
struct APIContractTests {
    @Test("every REST answer, with data in it, matches the schema the document derives from its model")
    func answersMatchTheirSchemas() async throws {
        try await TestApp.run { app, client in
            try await HandOffAPITests.sendReadyLead(app, client, email: "vp@contract.example", userId: "contract-1")
            let document = try await client.execute(uri: "/openapi.json", method: .get).json
            let lead = try await client.execute(uri: "/api/v1/leads?limit=5", method: .get, headers: app.bearer()).json
            let id = try #require(lead["data"]?.arrayValue?.first?["id"]?.textValue)
            let webhook = try await client.execute(
                uri: "/api/v1/webhooks", method: .post, headers: app.bearer(),
                body: ByteBuffer(json: ["url": "https://hooks.example.com/tandem", "topics": ["lead.mql"]]))
            #expect(webhook.status == .created)
            let webhookId = try #require(try webhook.json["id"]?.textValue)
            #expect(try webhook.json["secret"]?.textValue?.isEmpty == false, "the secret is shown once, on creation")
            let listed = try await client.execute(uri: "/api/v1/webhooks", method: .get, headers: app.bearer()).json
            let listedWebhook = try #require(listed["data"]?.arrayValue?.first?.objectValue)
            #expect(listedWebhook["secret"] == nil, "a listed webhook leaves its secret out, not even null")
            _ = try await client.execute(
                uri: "/v1/batch", method: .post, headers: app.basicAuth, body: ByteBuffer(json: ["batch": [["type": "track"]]]))

            let reads: [(path: String, documented: String)] = [
                ("/api/v1/leads?limit=5", "/api/v1/leads"), ("/api/v1/leads/\(id)", "/api/v1/leads/{id}"),
                ("/api/v1/leads/\(id)/timeline", "/api/v1/leads/{id}/timeline"), ("/api/v1/accounts", "/api/v1/accounts"),
                ("/api/v1/events", "/api/v1/events"), ("/api/v1/rejected-messages", "/api/v1/rejected-messages"),
                ("/api/v1/inbox", "/api/v1/inbox"), ("/api/v1/leads/\(id)/handoff", "/api/v1/leads/{id}/handoff"),
                ("/api/v1/leads/\(id)/score", "/api/v1/leads/{id}/score"), ("/api/v1/scoring/jobs/latest", "/api/v1/scoring/jobs/latest"),
                ("/api/v1/webhooks", "/api/v1/webhooks"), ("/api/v1/webhooks/\(webhookId)/deliveries", "/api/v1/webhooks/{id}/deliveries"),
                ("/api/v1/leads/999999", "/api/v1/leads/{id}"),
            ]
            var checkedItems = 0
            for read in reads {
                let response = try await client.execute(uri: read.path, method: .get, headers: app.bearer())
                let schema = try #require(
                    document["paths"]?[read.documented]?["get"]?["responses"]?[String(response.status.code)]?["content"]?[
                        "application/json"]?[
                            "schema"], "\(read.path) answered \(response.status), which is not documented")
                let answer = try response.json
                let problems = SchemaCheck(document: document).problems(answer, schema, at: read.path)
                #expect(problems.isEmpty, "\(problems)")
                checkedItems += answer["data"]?.arrayValue?.count ?? 0
            }
            #expect(checkedItems >= 6, "the lists had data in them")
        }
    }

    @Test("a request model names the wrong field, refuses NUL, and reads snake_case keys")
    func requestModels() throws {
        func refusal(_ body: JSONValue) -> APIError? {
            do {
                _ = try JSONValueDecoder.decode(WebhookRequest.self, from: body)
                return nil
            } catch let error as APIError { return error } catch { return nil }
        }
        let missing = refusal(["topics": ["lead.mql"]])
        #expect(missing?.code == "missing_field" && missing?.field == "url")
        let wrongElement = refusal(["url": "https://a.example", "topics": ["lead.mql", 3]])
        #expect(wrongElement?.code == "invalid_type" && wrongElement?.field == "topics[1]")
        let nul = refusal(["url": "https://a.example/\u{0}", "topics": []])
        #expect(nul?.field == "url" && nul?.message.contains("NUL") == true)
        let read = try JSONValueDecoder.decode(
            RejectRequest.self, from: ["reason": " Not_Ready_Yet ", "comment": .null, "unknown": 1])
        #expect(read.reason == .notReadyYet && read.comment == nil)
    }

    @Test("a response model writes absent values as null (a few fields are left out), snake_case keys, attributes as they are")
    func responseModels() throws {
        let lead = Lead(
            id: 7, email: "a@b.example", userId: nil, stage: .mql, attributes: ["planTier": "pro", "seats": 12], createdAt: 0,
            updatedAt: 86_400)
        let json = try JSONValueEncoder.encode(LeadDTO(lead))
        #expect(json["first_name"] == .null)
        #expect(json["company_size"] == .null)
        #expect(json["attributes"]?["planTier"] == "pro", "attribute keys are not renamed")
        #expect(json["updated_at"] == "1970-01-02T00:00:00.000Z")
        #expect(json["stage"] == "mql")
        #expect(JSONValueEncoder.snakeCase("speedToLeadSeconds") == "speed_to_lead_seconds")
        let campaign = try JSONValueEncoder.encode(CampaignDTO(CampaignTouch(name: "spring", source: "google")))
        #expect(campaign == ["name": "spring", "source": "google"], "UTM values an event did not carry are left out")
    }
}

/// Checks a JSON value against the parts of JSON Schema the document uses: type (with null),
/// properties, required, items, enum, `$ref` and `anyOf`.
struct SchemaCheck {
    let document: JSONValue

    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String) -> [String] {
        if let ref = schema["$ref"]?.stringValue {
            let name = String(ref.split(separator: "/").last ?? "")
            guard let target = document["components"]?["schemas"]?[name] else { return ["\(path): no schema \(name)"] }
            return problems(value, target, at: path)
        }
        if let options = schema["anyOf"]?.arrayValue {
            return options.contains { problems(value, $0, at: path).isEmpty } ? [] : ["\(path): matches no option of anyOf"]
        }
        if let cases = schema["enum"]?.arrayValue, !cases.contains(value) { return ["\(path): \(value.jsonText) is not one of the enum"] }
        let types = schema["type"].map { $0.arrayValue ?? [$0] }?.compactMap(\.stringValue) ?? []
        guard types.isEmpty || types.contains(where: { Self.matches(value, $0) }) else {
            return ["\(path): \(value.jsonText.prefix(60)) is not \(types)"]
        }
        var found: [String] = []
        if case .object(let members) = value {
            for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                found.append("\(path).\(name): required but missing")
            }
            if let properties = schema["properties"]?.objectValue {
                for (name, member) in members {
                    guard let property = properties[name] else {
                        found.append("\(path).\(name): not in the schema")
                        continue
                    }
                    found += problems(member, property, at: "\(path).\(name)")
                }
            }
        }
        if case .array(let elements) = value, let items = schema["items"] {
            for (index, element) in elements.enumerated() { found += problems(element, items, at: "\(path)[\(index)]") }
        }
        return found
    }

    static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (value, type) {
        case (.null, "null"), (.bool, "boolean"), (.string, "string"), (.array, "array"), (.object, "object"), (.number, "number"):
            return true
        case (.number(let number), "integer"): return number.rounded() == number
        default: return false
        }
    }
}
