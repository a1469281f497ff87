import Foundation

/// The sentences hand-offs write for people: routing reasons, notifications and the reasons
/// webhooks carry. Kept together so that the product speaks one way, and tested as text.
public enum HandOffTexts {
    /// Why the MQL rule fired, with the numbers it compared.
    public static func mqlReason(fit: Double, engagement: Double, thresholds: MQLThresholds) -> String {
        "fit \(format(fit)) ≥ \(format(thresholds.fit)) and engagement \(format(engagement)) ≥ \(format(thresholds.engagement))"
    }

    public static func assigned(_ lead: Lead) -> String {
        "New MQL for you: \(lead.displayNameWithCompany)"
    }

    public static func callNow(_ lead: Lead) -> String {
        "Call now: \(lead.displayNameWithCompany) is showing buying intent right now"
    }

    public static func slaBreached(_ lead: Lead) -> String {
        "SLA breached: \(lead.displayNameWithCompany) has waited past its deadline"
    }

    public static let slaBreachedReason = "no answer within the SLA"

    public static func reassigned(_ lead: Lead, to owner: String) -> String {
        "\(lead.displayNameWithCompany) was reassigned to \(owner) after the SLA ran out"
    }

    public static func reassignedRouting(from previous: String?, routing: String) -> String {
        "reassigned from \(previous ?? "nobody") after no answer; \(routing)"
    }

    /// Why a hand-off stopped waiting when someone other than its rep moved the lead on.
    /// Why a person moved a hand-off to another rep.
    public static func reassignedBy(_ actor: String, from previous: String?) -> String {
        "reassigned by \(actor) from \(previous ?? "nobody")"
    }

    /// What the previous rep is told when a person moves their hand-off.
    public static func movedAway(_ lead: Lead, to owner: String, by actor: String) -> String {
        "\(lead.displayNameWithCompany) was reassigned to \(owner) by \(actor)"
    }

    /// The history's reason when a rep takes back their answer.
    public static func undone(_ status: HandOffStatus) -> String {
        "undone: the rep took back their \(status == .accepted ? "acceptance" : "rejection")"
    }

    public static func closedBy(_ actor: String, reason: String?) -> String {
        guard let reason = reason?.trimmed, !reason.isEmpty else { return "closed by \(actor)" }
        return "closed by \(actor): \(reason)"
    }

    /// An MQL from before Tandem tracked hand-offs, taken over as it stood: it passed the
    /// thresholds of its time, not necessarily today's, and the inbox says so.
    public static let adoptedWithOwner = "an MQL from before Tandem, kept with the rep who owned it"
    public static let adoptedWithoutOwner = "an MQL from before Tandem, waiting for routing"

    /// Whether a routing reason marks a hand-off adopted from before Tandem.
    public static func isAdopted(_ routingReason: String) -> Bool {
        routingReason == adoptedWithOwner || routingReason == adoptedWithoutOwner
    }

    /// One decimal, as scores are shown everywhere.
    public static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}

/// The sentences the lifecycle writes into the audit log.
public enum LifecycleTexts {
    public static func stageChanged(from: LifecycleStage?, to: LifecycleStage, reason: String?) -> String {
        let from = from.map { " from \($0.label)" } ?? ""
        let reason = reason.map { ": \($0)" } ?? ""
        return "moved the lead\(from) to \(to.label)\(reason)"
    }
}
