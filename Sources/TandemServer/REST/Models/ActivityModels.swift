import TandemCore

/// A call, email, meeting or note logged on a lead: one of the sales team's touches.
struct SalesActivityDTO: APIModel {
    let id: SalesActivity.ID
    let leadId: Lead.ID
    let kind: SalesActivityKind
    let outcome: SalesActivityOutcome?
    let occurredAt: APITime
    let durationMinutes: Int?
    let subject, notes: String?
    /// Who logged it (`user:EMAIL`, `api_key:NAME`).
    let actor: String
    let loggedAt: APITime

    init(_ activity: SalesActivity) {
        (id, leadId, kind, outcome) = (activity.id, activity.leadId, activity.kind, activity.outcome)
        (occurredAt, durationMinutes, subject, notes) = (
            APITime(activity.occurredAt), activity.durationMinutes, activity.subject, activity.notes
        )
        (actor, loggedAt) = (activity.actor, APITime(activity.loggedAt))
    }
}

/// The body that logs an activity. `kind` is call, email, meeting or note; `outcome` is
/// required for all but notes and must be one of the kind's; `occurred_at` defaults to now.
struct LogActivityRequest: APIModel {
    let kind: String
    let outcome: String?
    let occurredAt: APITime?
    let durationMinutes: Int?
    let subject, notes: String?
}
