import Foundation
import TandemCore
import TandemStore

/// A score explained, as `score.mustache` shows it on the lead page and in the inbox: the fit
/// rules, then the engagement awards with what remains of each now.
struct ScoreExplanationView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "grade": \.grade, "fit": \.fit, "engagement": \.engagement, "call_now": \.callNow, "fit_rules": \.fitRules,
        "no_fit_rules": \.noFitRules, "awards": \.awards, "no_awards": \.noAwards, "more_awards": \.moreAwards,
    ]

    struct FitRule: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "name": \.name, "rule": \.rule, "points": \.points,
        ]

        let name, rule, points: String
    }

    struct Award: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "name": \.name, "rule": \.rule, "at": \.at, "points": \.points, "remaining": \.remaining,
        ]

        let name, rule, at, points, remaining: String
    }

    let grade, fit, engagement: String
    var callNow: Bool
    let fitRules: [FitRule]
    let noFitRules: Bool
    let awards: [Award]
    let noAwards: Bool
    let moreAwards: Int

    init(_ explanation: ScoreExplanation, awardLimit: Int = 25) {
        grade = explanation.grade
        fit = ScoreView.score(explanation.fit.total)
        engagement = ScoreView.score(explanation.engagement)
        callNow = explanation.callNow
        fitRules = explanation.fit.contributions.map { FitRule(name: $0.ruleName, rule: $0.ruleId, points: ScoreView.points($0.points)) }
        noFitRules = explanation.fit.contributions.isEmpty
        awards = explanation.lines.prefix(awardLimit).map { line in
            Award(
                name: line.award.ruleName, rule: line.award.ruleId, at: Display.dateTime(line.award.at),
                points: ScoreView.points(line.award.points), remaining: ScoreView.points(line.remaining))
        }
        noAwards = explanation.lines.isEmpty
        moreAwards = max(0, explanation.lines.count - awardLimit)
    }
}

/// A lead's kept scores as an inbox card shows them: the grade line, with the explanation
/// loaded when the card's "Why these scores" is opened.
struct ScoreSummaryView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "grade": \.grade, "fit": \.fit, "engagement": \.engagement, "call_now": \.callNow,
    ]

    let grade, fit, engagement: String
    let callNow: Bool

    init(_ score: LeadScore) {
        grade = score.grade
        fit = ScoreView.score(score.fit)
        engagement = ScoreView.score(score.engagement)
        callNow = score.callNow
    }
}

/// A hand-off's facts: who has it, why, its SLA clock and how it was answered. The lead page
/// adds whether the person may answer it here.
struct HandOffView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "status": \.status, "owner": \.owner, "reason": \.reason, "assigned": \.assigned, "open": \.open,
        "overdue": \.overdue, "late": \.late, "due": \.due, "time_left": \.timeLeft, "speed_to_lead": \.speedToLead,
        "reason_code": \.reasonCode, "comment": \.comment, "lead_id": \.leadId, "answerable": \.answerable, "reasons": \.reasons,
        "adopted": \.adopted,
    ]

    let status: HandOffStatus
    let owner, reason, assigned: String
    let open, overdue, late: Bool
    /// Taken over from before Tandem: the lead met the MQL rule of its day, maybe not today's.
    let adopted: Bool
    let due, timeLeft, speedToLead, reasonCode, comment: String?
    var leadId: Lead.ID?
    var answerable = false
    var reasons: [ReasonOption] = []

    /// - Parameter names: people's names by lower-cased email, so the rep reads as a name.
    init(_ handOff: HandOff, now: Double, names: [String: String] = [:]) {
        status = handOff.status
        owner = handOff.owner.map { names[$0.lowercased()] ?? $0 } ?? "unassigned"
        reason = handOff.routingReason
        assigned = handOff.assignedAt.map(Display.dateTime) ?? "—"
        open = handOff.isOpen
        adopted = HandOffTexts.isAdopted(handOff.routingReason)
        overdue = handOff.isOpen && (handOff.breachedAt != nil || (handOff.dueAt ?? .infinity) < now)
        late = !handOff.isOpen && handOff.breachedAt != nil
        due = handOff.dueAt.map(Display.dateTime)
        timeLeft = handOff.isOpen ? handOff.dueAt.map { ScoreView.timeLeft($0 - now) } : nil
        speedToLead = handOff.firstTouchAt.flatMap { touch in
            handOff.assignedAt.map { ScoreView.timeLeft(touch - $0).replacingOccurrences(of: " left", with: "") }
        }
        reasonCode = handOff.reasonCode.map { RejectionReason(rawValue: $0)?.label ?? $0 }
        comment = handOff.comment
    }
}

/// One choice of the reject form's reason list.
struct ReasonOption: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "value": \.value, "label": \.label, "next": \.next, "selected": \.selected,
    ]

    let value, label, next: String
    let selected: Bool

    static func all(selected: String?) -> [ReasonOption] {
        RejectionReason.allCases.map { reason in
            ReasonOption(
                value: reason.rawValue, label: reason.label, next: reason.nextStage == .recycled ? "back to nurture" : "disqualified",
                selected: reason.rawValue == selected)
        }
    }
}
