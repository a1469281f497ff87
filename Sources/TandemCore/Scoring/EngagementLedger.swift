/// What one engagement rule has given a lead so far.
public struct RuleTally: Sendable, Hashable {
    /// The rule's contribution, valued at `asOf` (decay applies from then).
    public var value: Double
    public var asOf: Double
    /// When the rule last gave points: the once-per-period limit counts from here.
    public var lastAwardAt: Double
    public var awards: Int
}

/// Points one rule gave for one event.
public struct Award: Sendable, Hashable {
    public let ruleId: String
    public let ruleName: String
    public let eventId: Int64
    public let at: Double
    public let points: Double
}

/// A lead's engagement, kept so that each new event costs O(1): the score as of the last
/// award, each rule's own tally (for caps and once-per-period limits) and the recent awards
/// (for the call-now signal). Reading applies decay from `asOf` to now.
///
/// The same `apply` runs on every path — live ingest, re-scoring and explanations — over
/// events in the same order (time, then id), so the kept score always equals a replay.
public struct EngagementState: Sendable, Hashable {
    public var score: Double = 0
    public var asOf: Double?
    public var lastEventAt: Double?
    public var lastEventId: Int64?
    public var rules: [String: RuleTally] = [:]
    /// Positive awards within the call-now window of the latest event.
    public var recent: [(at: Double, points: Double)] = []

    public init() {}

    /// False for an event older than one already applied: the lead must be replayed.
    public func canApply(_ event: ScoringEvent) -> Bool {
        guard let lastEventAt, let lastEventId else { return true }
        return (lastEventAt, lastEventId) < (event.occurredAt, event.id)
    }

    /// Applies one event (which must come after every applied one) and returns its awards.
    @discardableResult
    public mutating func apply(_ event: ScoringEvent, _ model: CompiledScoringModel) -> [Award] {
        let time = event.occurredAt
        var awards: [Award] = []
        let name = event.name.lowercased()
        for compiled in model.engagementRules where compiled.matches(event, name: name) {
            let rule = compiled.rule
            var tally = rules[rule.id] ?? RuleTally(value: 0, asOf: time, lastAwardAt: -.infinity, awards: 0)
            if let days = rule.oncePerDays, time - tally.lastAwardAt < TimeSpan.days(days) { continue }
            let current = model.decay.value(tally.value, from: tally.asOf, to: time)
            var points = rule.points
            if let cap = rule.cap {
                points = points > 0 ? min(points, max(0, cap - current)) : max(points, min(0, -cap - current))
            }
            guard points != 0 else { continue }
            tally.value = current + points
            tally.asOf = time
            tally.lastAwardAt = time
            tally.awards += 1
            rules[rule.id] = tally
            awards.append(Award(ruleId: rule.id, ruleName: rule.name, eventId: event.id, at: time, points: points))
        }
        lastEventAt = time
        lastEventId = event.id
        guard !awards.isEmpty else { return awards }
        score = model.decay.value(score, from: asOf ?? time, to: time) + awards.reduce(0) { $0 + $1.points }
        asOf = time
        let windowStart = time - TimeSpan.hours(model.model.callNow.windowHours)
        recent.removeAll { $0.at < windowStart }
        for award in awards where award.points > 0 { recent.append((award.at, award.points)) }
        return awards
    }

    /// The score as it stands at `now`.
    public func score(at now: Double, _ model: CompiledScoringModel) -> Double {
        guard let asOf else { return 0 }
        return model.decay.value(score, from: asOf, to: now)
    }

    /// Whether the lead shows a burst of intent at `now`: enough points earned in the window.
    public func callNow(at now: Double, _ model: CompiledScoringModel) -> Bool {
        let windowStart = now - TimeSpan.hours(model.model.callNow.windowHours)
        let points = recent.reduce(0) { $1.at >= windowStart && $1.at <= now ? $0 + $1.points : $0 }
        return points >= model.model.callNow.minimumPoints
    }

    /// The last moment the call-now signal holds, kept beside the score so that a page listing
    /// hundreds of hand-offs reads one number instead of each lead's whole state.
    ///
    /// Exact for every `now` at or after `asOf`: awards are never newer than `asOf`, so from
    /// then on the points inside the window only fall, and the signal holds until the window
    /// lets go of the award that brought the newest ones up to the minimum. `0` when it never
    /// holds from `asOf` on.
    public func callNowUntil(_ model: CompiledScoringModel) -> Double {
        var points = 0.0
        for award in recent.sorted(by: { $0.at > $1.at }) {
            points += award.points
            if points >= model.model.callNow.minimumPoints { return award.at + TimeSpan.hours(model.model.callNow.windowHours) }
        }
        return 0
    }

    /// Replays a lead's whole history, in scoring order, into a fresh state.
    public static func replay(_ events: [ScoringEvent], _ model: CompiledScoringModel) -> (state: EngagementState, awards: [Award]) {
        var state = EngagementState()
        var awards: [Award] = []
        for event in events.sorted(by: { $0.precedes($1) }) { awards += state.apply(event, model) }
        return (state, awards)
    }

    public static func == (lhs: EngagementState, rhs: EngagementState) -> Bool {
        lhs.score == rhs.score && lhs.asOf == rhs.asOf && lhs.lastEventAt == rhs.lastEventAt && lhs.lastEventId == rhs.lastEventId
            && lhs.rules == rhs.rules && lhs.recent.elementsEqual(rhs.recent) { $0.at == $1.at && $0.points == $1.points }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(score)
        hasher.combine(asOf)
        hasher.combine(lastEventId)
    }
}

// MARK: - Storage form

extension EngagementState {
    /// Compact JSON for the database; numbers keep every bit (shortest round-trip form).
    public var stored: JSONValue {
        var members: [String: JSONValue] = ["s": .number(score)]
        if let asOf { members["a"] = .number(asOf) }
        if let lastEventAt { members["e"] = .number(lastEventAt) }
        if let lastEventId { members["i"] = .number(Double(lastEventId)) }
        if !rules.isEmpty {
            members["r"] = .object(
                rules.mapValues { tally in
                    .array([.number(tally.value), .number(tally.asOf), .number(tally.lastAwardAt), .number(Double(tally.awards))])
                })
        }
        if !recent.isEmpty { members["n"] = .array(recent.map { .array([.number($0.at), .number($0.points)]) }) }
        return .object(members)
    }

    /// Reads a kept state back, or `nil` when the text is not a state this version wrote: the
    /// caller then replays the lead's history (decision 0006), never updates a corrupt state.
    public init?(restoring text: String) {
        guard case .object(let members)? = JSONValue.parseIfValid(text), case .number? = members["s"] else { return nil }
        for key in ["a", "e", "i"] {
            if let value = members[key], value.numberValue == nil { return nil }
        }
        if let tallies = members["r"] {
            guard let tallies = tallies.objectValue,
                tallies.values.allSatisfy({ ($0.arrayValue?.compactMap(\.numberValue).count ?? 0) == 4 })
            else { return nil }
        }
        if let recent = members["n"] {
            guard let recent = recent.arrayValue, recent.allSatisfy({ ($0.arrayValue?.compactMap(\.numberValue).count ?? 0) == 2 })
            else { return nil }
        }
        self.init(stored: .object(members))
    }

    /// Reads `stored` back leniently; anything unreadable in it is left out.
    public init(stored: JSONValue) {
        func number(_ value: JSONValue?) -> Double? {
            if case .number(let number)? = value { return number }
            return nil
        }
        score = number(stored["s"]) ?? 0
        asOf = number(stored["a"])
        lastEventAt = number(stored["e"])
        lastEventId = number(stored["i"]).flatMap { Int64(exactly: $0) }
        for (id, value) in stored["r"]?.objectValue ?? [:] {
            guard let parts = value.arrayValue?.compactMap(number), parts.count == 4, let awards = Int(exactly: parts[3]) else {
                continue
            }
            rules[id] = RuleTally(value: parts[0], asOf: parts[1], lastAwardAt: parts[2], awards: awards)
        }
        recent = (stored["n"]?.arrayValue ?? []).compactMap { item in
            guard let parts = item.arrayValue?.compactMap(number), parts.count == 2 else { return nil }
            return (parts[0], parts[1])
        }
    }
}
