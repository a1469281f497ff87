import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// Logging a call, email, meeting or note from the lead page.
extension LeadPagesController {
    /// Whether `user` may log activities on `lead`: sales on the leads they may see (their own),
    /// admins on any.
    static func mayLog(_ user: User, on lead: Lead) -> Bool {
        user.role.can(.logActivities) && user.viewer.maySee(lead)
    }

    @Sendable func logActivity(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.logActivities)
        let lead = try await visibleLead(request, context: context, user: user)
        let form = context.form ?? FormData("")
        let now = clock.now()
        var errors: [ValidationError] = []
        let when = form.text("occurred_at").trimmed
        let occurredAt = when.isEmpty ? nil : Display.parseLocalInput(when)
        if !when.isEmpty, occurredAt == nil {
            errors.append(
                ValidationError(code: "invalid_time", field: "occurred_at", message: "must be a date and time, such as 2026-12-02 14:05"))
        }
        do {
            let input = try SalesActivityInput(
                kind: form["kind"], outcome: form["outcome"], occurredAt: occurredAt, durationMinutes: form["duration_minutes"],
                subject: form["subject"], notes: form["notes"], now: now)
            if errors.isEmpty {
                let activity = try await activities.log(
                    input, leadId: lead.id, by: .user(user.email, ip: context.remoteIP), touchedBy: user.email, now: now)
                return Response.redirect(to: "/leads/\(lead.id)?logged=\(activity.kind.rawValue)#timeline-title", type: .normal)
            }
        } catch let problems as ValidationErrors {
            errors += problems.errors.filter { $0.field != "occurred_at" || occurredAt != nil || when.isEmpty }
        }
        return try await leadPage(lead, user: user, context: context, activityErrors: errors, form: form)
    }
}
