import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// Settings of the hand-off: the SLA and business hours, reassignment, territories, and each
/// rep's routing weight, availability and daily capacity.
struct HandOffSettingsController {
    let settings: HandOffSettingsStore
    let renderer: PageRenderer
    let clock: any WallClock

    static let weekdays = [(2, "Mon"), (3, "Tue"), (4, "Wed"), (5, "Thu"), (6, "Fri"), (7, "Sat"), (1, "Sun")]

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get("/settings/handoff", use: show)
        router.post("/settings/handoff", use: save)
        router.post("/settings/handoff/reps", use: saveRep)
    }

    @Sendable func show(_ request: Request, context: SignedInContext) async throws -> Response {
        _ = try context.require(.manageRouting)
        return try await page(notice: request.query.get("saved") != nil ? "Saved." : nil, context: context)
    }

    /// The page with the stored settings, or with `form` as posted and its `errors` by template name.
    private func page(
        notice: String? = nil, form: FormData? = nil, errors: [String: String] = [:], status: HTTPResponse.Status = .ok,
        context: SignedInContext
    ) async throws -> Response {
        let configuration = try await settings.load()
        let current = configuration.handOff
        let model = HandOffSettingsPage(
            notice: notice, timeZone: configuration.timeZone, slaHours: form?["sla_hours"] ?? ScoreView.number(current.slaHours),
            reassignAfterHours: form?["reassign_after_hours"] ?? current.reassignAfterHours.map(ScoreView.number) ?? "",
            opensAt: form?["opens_at"] ?? HandOffSettings.clock(current.opensAt),
            closesAt: form?["closes_at"] ?? HandOffSettings.clock(current.closesAt),
            territories: form?["territories"] ?? ModelDocumentFormat.yaml.write(current.territoriesDocument),
            days: Self.weekdays.map { day in
                HandOffSettingsPage.Day(
                    value: day.0, label: day.1, checked: form.map { $0["day_\(day.0)"] != nil } ?? current.workdays.contains(day.0))
            },
            reps: try await settings.reps(now: clock.now()).map(HandOffSettingsPage.Rep.init), errors: errors)
        return await renderer.render(
            Page(template: "handoff_settings", title: "Hand-off", model: model, status: status, section: "settings"), context: context)
    }

    @Sendable func save(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.manageRouting)
        let form = context.form ?? FormData("")
        var errors: [ValidationError] = []
        var territories: JSONValue = .null
        let territoryText = form["territories"] ?? ""
        if !territoryText.trimmed.isEmpty {
            do {
                territories = try ModelDocumentFormat.detect(contentType: nil, text: territoryText).parse(territoryText)
            } catch {
                errors.append(ValidationError(code: error.code, field: "territories", message: error.message))
            }
        }
        let workdays = Set(Self.weekdays.map(\.0).filter { form["day_\($0)"] != nil })
        var parsed: HandOffSettings?
        if errors.isEmpty {
            do {
                parsed = try HandOffSettings(
                    slaHours: form.text("sla_hours"), reassignAfterHours: form.text("reassign_after_hours"), opensAt: form.text("opens_at"),
                    closesAt: form.text("closes_at"), workdays: workdays, territories: territories)
            } catch {
                errors += error.errors
            }
        }
        guard let parsed, errors.isEmpty else {
            var messages: [String: String] = [:]
            for error in errors {
                let key = (error.field?.hasPrefix("territories") ?? false) ? "territories" : (error.field ?? "form")
                let message = (error.field?.hasPrefix("territories[") ?? false) ? "\(error.field ?? ""): \(error.message)" : error.message
                if messages["\(key)_error"] == nil { messages["\(key)_error"] = message }
            }
            return try await page(form: form, errors: messages, status: .unprocessableContent, context: context)
        }
        try await settings.save(parsed, by: .user(user.email, ip: context.remoteIP), now: clock.now())
        return Response.redirect(to: "/settings/handoff?saved=1", type: .normal)
    }

    @Sendable func saveRep(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = try context.require(.manageRouting)
        let form = context.form ?? FormData("")
        let email = form.text("email").trimmed
        let reps = try await settings.reps(now: clock.now())
        guard reps.contains(where: { $0.email == email.lowercased() }) else { throw WebError.notFound("The rep \(email)") }
        var errors: [ValidationError] = []
        let weight = Self.whole(form.text("weight").trimmed)
        if weight.map({ !(0...10).contains($0) }) ?? true {
            errors.append(
                ValidationError(code: "invalid_value", field: "weight", message: "\(email): weight is a whole number from 0 to 10"))
        }
        let capacityText = form.text("capacity").trimmed
        let capacity = Self.whole(capacityText)
        if !capacityText.isEmpty && (capacity.map({ !(1...1000).contains($0) }) ?? true) {
            errors.append(
                ValidationError(
                    code: "invalid_value", field: "capacity", message: "\(email): daily capacity is empty (no limit) or 1 to 1000"))
        }
        guard errors.isEmpty, let weight else {
            return try await page(
                errors: ["rep_error": errors.map(\.message).joined(separator: "; ")], status: .unprocessableContent, context: context)
        }
        try await settings.saveRep(
            email: email, weight: weight, available: form["available"] != nil, dailyCapacity: capacityText.isEmpty ? nil : capacity,
            by: .user(user.email, ip: context.remoteIP), now: clock.now())
        return Response.redirect(to: "/settings/handoff?saved=1", type: .normal)
    }

    /// A whole number typed in a form, `nil` when the text is not one.
    private static func whole(_ text: String) -> Int? {
        guard let number = Int(text) else { return nil }
        return number
    }
}
