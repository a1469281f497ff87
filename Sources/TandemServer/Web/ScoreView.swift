import Foundation
import TandemCore
import TandemStore

/// Template data for scores and hand-offs, shared by the lead page and the inbox.
enum ScoreView {
    static func points(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(rounded.clampedInt) : String(format: "%.1f", rounded)
        return value > 0 ? "+" + text : text
    }

    static func number(_ value: Double) -> String {
        String(value.rounded().clampedInt)
    }

    /// The explanation: fit rules, then engagement awards with what remains of them now.
    static func explanation(_ explanation: ScoreExplanation, awardLimit: Int = 25) -> [String: Any] {
        [
            "grade": explanation.grade, "fit": number(explanation.fit.total), "engagement": number(explanation.engagement),
            "call_now": explanation.callNow,
            "fit_rules": explanation.fit.contributions.map { ["name": $0.ruleName, "rule": $0.ruleId, "points": points($0.points)] },
            "no_fit_rules": explanation.fit.contributions.isEmpty,
            "awards": explanation.lines.prefix(awardLimit).map { line -> [String: Any] in
                [
                    "name": line.award.ruleName, "rule": line.award.ruleId, "at": Display.dateTime(line.award.at),
                    "points": points(line.award.points), "remaining": points(line.remaining),
                ]
            },
            "no_awards": explanation.lines.isEmpty, "more_awards": max(0, explanation.lines.count - awardLimit),
        ]
    }

    /// "3 h 20 min left", "overdue by 2 h".
    static func timeLeft(_ seconds: Double?) -> String {
        guard let seconds else { return "no SLA: waiting for a rep" }
        let magnitude = abs(seconds)
        let hours = (magnitude / TimeSpan.hour).clampedInt
        let minutes = (magnitude.truncatingRemainder(dividingBy: TimeSpan.hour) / TimeSpan.minute).clampedInt
        let text = hours >= 48 ? "\(hours / 24) days" : hours > 0 ? "\(hours) h \(minutes) min" : "\(minutes) min"
        return seconds >= 0 ? "\(text) left" : "overdue by \(text)"
    }

    static func handOff(_ handOff: HandOff, now: Double) -> [String: Any] {
        var data: [String: Any] = [
            "status": handOff.status, "owner": handOff.owner ?? "unassigned", "reason": handOff.routingReason,
            "assigned": handOff.assignedAt.map(Display.dateTime) ?? "—", "open": handOff.isOpen,
            "overdue": handOff.isOpen && (handOff.breachedAt != nil || (handOff.dueAt ?? .infinity) < now),
            "late": !handOff.isOpen && handOff.breachedAt != nil,
        ]
        if let dueAt = handOff.dueAt {
            data["due"] = Display.dateTime(dueAt)
            if handOff.isOpen { data["time_left"] = timeLeft(dueAt - now) }
        }
        if let touch = handOff.firstTouchAt, let assigned = handOff.assignedAt {
            data["speed_to_lead"] = timeLeft(touch - assigned).replacingOccurrences(of: " left", with: "")
        }
        if let code = handOff.reasonCode { data["reason_code"] = RejectionReason(rawValue: code)?.label ?? code }
        if let comment = handOff.comment { data["comment"] = comment }
        return data
    }

    static func reasons(selected: String?) -> [[String: Any]] {
        RejectionReason.allCases.map { reason in
            [
                "value": reason.rawValue, "label": reason.label, "selected": reason.rawValue == selected,
                "next": reason.nextStage == .recycled ? "back to nurture" : "disqualified",
            ]
        }
    }
}
