import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// `/api/v1/inbox` and `/api/v1/leads/{id}/accept|reject`: sales' answer to each hand-off,
/// for a sales key (acting for its rep).
struct HandOffController {
    let handOffs: HandOffStore
    let scores: LeadScoreStore
    let clock: any WallClock

    func addRoutes(to routes: APIRoutes) {
        routes.add(
            APIOperation(
                .get, "/inbox", "Open hand-offs, most urgent first: the sales key's rep's, or (admin) everyone's or owner=EMAIL's",
                tag: "hand-off", requires: .answerHandOffs,
                query: [APIParameter(name: "owner", description: "a rep's email (admin keys)"), .limit], response: .json(InboxDTO.self)),
            use: inbox)
        routes.add(
            APIOperation(
                .post, "/leads/:id/accept", "Accept an MQL handed to the key's rep: it becomes a SAL", tag: "hand-off",
                requires: .answerHandOffs, response: .json(LeadDTO.self)), use: accept)
        routes.add(
            APIOperation(
                .post, "/leads/:id/reject",
                "Reject an MQL handed to the key's rep, with a reason code (not_ready_yet and no_budget recycle it)", tag: "hand-off",
                requires: .answerHandOffs, body: .json(RejectRequest.self), response: .json(LeadDTO.self)), use: reject)
        routes.add(
            APIOperation(
                .get, "/leads/:id/handoff", "The lead's latest hand-off, with its SLA and speed to lead", tag: "hand-off",
                response: .json(HandOffDTO.self)), use: latest)
    }

    @Sendable func inbox(_ request: Request, context: APIRequestContext) async throws -> Response {
        let viewer = context.viewer
        // A sales key sees its rep's inbox; an admin key may name a rep, or see every open hand-off.
        let owner = viewer.role == .sales ? viewer.ownerEmail : try QueryReader(request).string("owner")
        let now = clock.now()
        let page = try await handOffs.inbox(owner: owner, now: now, limit: try QueryReader(request).limit(default: 25, maximum: 500))
        // A lead deleted between the two reads has no explanation, and leaves the answer.
        let explanations = try await scores.explain(leadIds: page.items.map(\.lead.id), now: now)
        let items = page.items.compactMap { item in explanations[item.lead.id].map { InboxItemDTO(item, explanation: $0, now: now) } }
        return try .model(InboxDTO(data: items, total: page.total))
    }

    @Sendable func accept(_ request: Request, context: APIRequestContext) async throws -> Response {
        let rep = try actingRep(context)
        let lead = try await handOffs.accept(leadId: try context.pathLeadId(), by: rep, now: clock.now())
        return try .model(LeadDTO(lead))
    }

    @Sendable func reject(_ request: Request, context: APIRequestContext) async throws -> Response {
        let rep = try actingRep(context)
        let body = try await request.model(RejectRequest.self, context: context)
        let lead = try await handOffs.reject(
            leadId: try context.pathLeadId(), reason: body.reason, comment: body.comment, by: rep, now: clock.now())
        return try .model(LeadDTO(lead))
    }

    @Sendable func latest(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.pathLeadId()
        guard let handOff = try await handOffs.latest(leadId: id) else { throw APIError.notFound("a hand-off of lead \(id)") }
        guard context.viewer.role.can(.readAllLeads) || handOff.owner?.lowercased() == context.viewer.ownerEmail?.lowercased() else {
            throw APIError(.forbidden, code: "forbidden", message: "lead \(id) is not one of this key's rep's leads")
        }
        return try .model(HandOffDTO(handOff, now: clock.now()))
    }

    /// Only a key that acts for a rep answers hand-offs: the answer is that rep's.
    private func actingRep(_ context: APIRequestContext) throws -> String {
        guard let rep = context.viewer.ownerEmail else {
            throw APIError(.forbidden, code: "forbidden", message: "only a sales key that acts for a rep (--owner) can answer a hand-off")
        }
        return rep
    }
}
