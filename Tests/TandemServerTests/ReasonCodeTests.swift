import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Reason codes on stage changes over REST")
struct ReasonCodeTests {
    @Test("taking a lead out of MQL over REST needs a code from the list; the code leads the stored reason")
    func restStageReasonCode() async throws {
        try await TestApp.run { app, client in
            let lead = try await app.database.leads.create(
                LeadInput(email: try EmailAddress("mql@acme.example"), stage: .mql), actor: .system, now: app.clock.now())
            func patch(_ body: JSONValue) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/leads/\(lead.id)", method: .patch, headers: app.bearer(), body: ByteBuffer(json: body))
            }
            let free = try await patch(["stage": "recycled", "stage_reason": "call me later"])
            #expect(free.status == .unprocessableContent)
            #expect(try free.json["error"]?["field"] == "stage_reason_code")
            let unknown = try await patch(["stage": "recycled", "stage_reason_code": "later"])
            #expect(unknown.status == .unprocessableContent || unknown.status == .badRequest)
            #expect(String(buffer: unknown.body).contains("stage_reason_code"))
            #expect(try await app.database.leads.get(id: lead.id)?.stage == .mql)
            let coded = try await patch(["stage": "recycled", "stage_reason_code": "not_ready_yet", "stage_reason": "Q3"])
            #expect(coded.status == .ok)
            #expect(try await app.database.leads.stageChanges(leadId: lead.id).first?.reason == "not_ready_yet: Q3")
        }
    }
}
