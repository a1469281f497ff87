import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// `/api/v1/inbox` and `/api/v1/leads/{id}/accept|reject`: sales' answer to each hand-off,
/// for a sales key (acting for its rep).
struct HandOffController {
    let handOffs: HandOffStore
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("/inbox", use: inbox)
        group.post("/leads/:id/accept", use: accept)
        group.post("/leads/:id/reject", use: reject)
        group.get("/leads/:id/handoff", use: latest)
    }

    @Sendable func inbox(_ request: Request, context: APIRequestContext) async throws -> Response {
        let viewer = try context.require(.answerHandOffs)
        // A sales key sees its rep's inbox; an admin key may name a rep, or see every open hand-off.
        let owner = viewer.role == .sales ? viewer.ownerEmail : try QueryReader(request).string("owner")
        let now = clock.now()
        let page = try await handOffs.inbox(owner: owner, now: now, limit: try QueryReader(request).limit(default: 25, maximum: 500))
        return .json(["data": .array(page.items.map { Self.item($0) }), "total": .number(Double(page.total))])
    }

    @Sendable func accept(_ request: Request, context: APIRequestContext) async throws -> Response {
        let rep = try actingRep(context)
        let lead = try await handOffs.accept(leadId: try context.pathId("lead"), by: rep, now: clock.now())
        return .json(Representation.lead(lead))
    }

    @Sendable func reject(_ request: Request, context: APIRequestContext) async throws -> Response {
        let rep = try actingRep(context)
        let body = try await request.jsonObject(context: context)
        let reason = try RejectionReason.parse(body["reason"]?.stringValue)
        if let comment = body["comment"], !comment.isNull, comment.stringValue == nil {
            throw APIError(.unprocessableContent, code: "invalid_type", message: "comment must be a text", field: "comment")
        }
        let lead = try await handOffs.reject(
            leadId: try context.pathId("lead"), reason: reason, comment: body["comment"]?.stringValue, by: rep, now: clock.now())
        return .json(Representation.lead(lead))
    }

    @Sendable func latest(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.pathId("lead")
        guard let handOff = try await handOffs.latest(leadId: id) else { throw APIError.notFound("a hand-off of lead \(id)") }
        guard context.viewer.role.can(.readAllLeads) || handOff.owner?.lowercased() == context.viewer.ownerEmail?.lowercased() else {
            throw APIError(.forbidden, code: "forbidden", message: "lead \(id) is not one of this key's rep's leads")
        }
        return .json(Self.handOff(handOff, now: clock.now()))
    }

    /// Only a key that acts for a rep answers hand-offs: the answer is that rep's.
    private func actingRep(_ context: APIRequestContext) throws -> String {
        let viewer = try context.require(.answerHandOffs)
        guard let rep = viewer.ownerEmail else {
            throw APIError(.forbidden, code: "forbidden", message: "only a sales key that acts for a rep (--owner) can answer a hand-off")
        }
        return rep
    }

    static func handOff(_ handOff: HandOff, now: Double) -> JSONValue {
        func time(_ value: Double?) -> JSONValue { value.map(JSONValue.time) ?? .null }
        return [
            "id": .number(Double(handOff.id)), "lead_id": .number(Double(handOff.leadId)), "owner": .optional(handOff.owner),
            "status": .string(handOff.status.rawValue), "routing_reason": .string(handOff.routingReason),
            "assigned_at": time(handOff.assignedAt),
            "due_at": time(handOff.dueAt),
            "overdue": .bool(handOff.breachedAt != nil || (handOff.isOpen && (handOff.dueAt ?? .infinity) < now)),
            "breached_at": time(handOff.breachedAt), "first_touch_at": time(handOff.firstTouchAt),
            "responded_at": time(handOff.respondedAt),
            "speed_to_lead_seconds": handOff.firstTouchAt.flatMap { touch in handOff.assignedAt.map { .number(touch - $0) } } ?? .null,
            "reason_code": .optional(handOff.reasonCode), "comment": .optional(handOff.comment), "call_now_at": time(handOff.callNowAt),
        ]
    }

    static func item(_ item: InboxItem) -> JSONValue {
        [
            "handoff": handOff(item.handOff, now: item.explanation.asOf), "lead": Representation.lead(item.lead),
            "seconds_left": item.secondsLeft.map { .number($0.rounded()) } ?? .null, "call_now": .bool(item.explanation.callNow),
            "urgency": .number((item.urgency * 100).rounded() / 100),
            "score": ScoringController.explanation(item.explanation, leadId: item.lead.id),
            "latest_activity": .array(
                item.latestActivity.map {
                    ["name": .string($0.name), "type": .string($0.type.rawValue), "at": .time($0.occurredAt), "url": .optional($0.url)]
                }),
        ]
    }
}
