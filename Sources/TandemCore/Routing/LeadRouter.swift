/// A sales rep as routing sees them.
public struct Rep: Sendable, Hashable {
    public var email: String
    /// Share of round-robin hand-offs: a rep of weight 2 gets twice a rep of weight 1.
    public var weight: Int
    public var available: Bool
    /// Hand-offs a rep may receive per day; no limit when `nil`.
    public var dailyCapacity: Int?
    public var assignedToday: Int
    /// The smooth weighted round-robin counter, kept between hand-offs.
    public var credit: Int

    public init(email: String, weight: Int = 1, available: Bool = true, dailyCapacity: Int? = nil, assignedToday: Int = 0, credit: Int = 0)
    {
        self.email = email
        self.weight = weight
        self.available = available
        self.dailyCapacity = dailyCapacity
        self.assignedToday = assignedToday
        self.credit = credit
    }

    var hasRoom: Bool { available && weight > 0 && (dailyCapacity.map { assignedToday < $0 } ?? true) }
}

/// A territory: leads whose attributes match go to its reps.
public struct Territory: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Conditions on fit fields (country, industry, company_size …), all of which must hold.
    public var when: [RuleCondition]
    public var reps: [String]

    public init(id: String, name: String, when: [RuleCondition], reps: [String]) {
        self.id = id
        self.name = name
        self.when = when
        self.reps = reps
    }
}

/// Who got a lead, and why: the reason is stored with the hand-off and shown to both teams.
public struct RoutingDecision: Sendable, Hashable {
    public let owner: String?
    public let reason: String
    /// The reps after this decision (credits and today's counts moved).
    public let reps: [Rep]
}

/// Picks the owner of a new MQL: the account's owner; else the first matching territory's
/// reps; else every rep, in weighted round-robin among those available with room today.
public struct LeadRouter: Sendable {
    let territories: [(territory: Territory, conditions: [CompiledCondition])]

    /// A router without territories: account owners, else every rep in turn.
    public init() {
        territories = []
    }

    /// Checks the territories' conditions (on fit fields) and their reps.
    public init(territories: [Territory]) throws(ValidationErrors) {
        var errors: [ValidationError] = []
        var compiled: [(Territory, [CompiledCondition])] = []
        for (index, territory) in territories.enumerated() {
            var conditions: [CompiledCondition] = []
            for (conditionIndex, condition) in territory.when.enumerated() {
                let path = "territories[\(index)].when[\(conditionIndex)]"
                guard let kind = ScoringFields.fitKind(condition.field) else {
                    errors.append(
                        ValidationError(code: "invalid_rule", field: path + ".field", message: "unknown field '\(condition.field)'"))
                    continue
                }
                do throws(ValidationError) {
                    conditions.append(try CompiledCondition(condition, kind: kind, path: path))
                } catch {
                    errors.append(error)
                }
            }
            if territory.reps.isEmpty {
                errors.append(
                    ValidationError(code: "invalid_rule", field: "territories[\(index)].reps", message: "a territory needs a rep"))
            }
            compiled.append((territory, conditions))
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        self.territories = compiled
    }

    public func route(_ subject: FitSubject, accountOwner: String?, reps: [Rep]) -> RoutingDecision {
        var reps = reps
        var notes: [String] = []
        if let accountOwner {
            if let index = reps.firstIndex(where: { $0.email.lowercased() == accountOwner.lowercased() }), reps[index].available {
                reps[index].assignedToday += 1
                return RoutingDecision(owner: reps[index].email, reason: "owns the lead's account", reps: reps)
            }
            notes.append("the account's owner \(accountOwner) is not an available rep")
        }
        for (territory, conditions) in territories where conditions.allSatisfy({ $0.holds(for: subject.value(of: $0.field)) }) {
            let members = Set(territory.reps.map { $0.lowercased() })
            if let owner = Self.roundRobin(&reps, among: { members.contains($0.email.lowercased()) }) {
                let reason = (notes + ["territory \(territory.name), round-robin among its \(members.count) reps"]).joined(separator: "; ")
                return RoutingDecision(owner: owner, reason: reason, reps: reps)
            }
            notes.append("no rep of territory \(territory.name) is available with room today")
            break
        }
        if let owner = Self.roundRobin(&reps, among: { _ in true }) {
            return RoutingDecision(owner: owner, reason: (notes + ["round-robin among available reps"]).joined(separator: "; "), reps: reps)
        }
        return RoutingDecision(
            owner: nil, reason: (notes + ["no rep is available with room today: the lead waits unassigned"]).joined(separator: "; "),
            reps: reps)
    }

    /// Smooth weighted round-robin: every candidate gains its weight, the richest wins and pays
    /// the candidates' total. Over any run, each rep's share stays within one of its weight's.
    static func roundRobin(_ reps: inout [Rep], among include: (Rep) -> Bool) -> String? {
        let candidates = reps.indices.filter { include(reps[$0]) && reps[$0].hasRoom }
        guard !candidates.isEmpty else { return nil }
        let total = candidates.reduce(0) { $0 + reps[$1].weight }
        for index in candidates { reps[index].credit += reps[index].weight }
        guard
            let chosen = candidates.max(by: { a, b in
                (reps[a].credit, reps[b].email) < (reps[b].credit, reps[a].email)
            })
        else { return nil }
        reps[chosen].credit -= total
        reps[chosen].assignedToday += 1
        return reps[chosen].email
    }
}
