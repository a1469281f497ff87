import Foundation
import TandemCore
import TandemStore

/// Generates the demo company's data: the same rows for the same seed and end date.
///
/// ```swift
/// let seed = DemoGenerator(seed: 42, until: Date().timeIntervalSince1970).generate(passwordHash: hash)
/// try await database.bulkLoader.load(seed)
/// ```
public struct DemoGenerator: Sendable {
    /// Every demo user's password.
    public static let password = "tandem-demo"
    public static let adminEmail = "admin@northwind.example"
    public static let marketingEmail = "maya@northwind.example"
    public static let salesEmail = "priya@northwind.example"

    public let seed: UInt64
    /// The last moment of the history; six months lead up to it.
    public let until: Double
    public var leadCount = 5_000
    public var accountCount = 800
    public var months = 6.0

    private static let day = TimeSpan.day

    public init(seed: UInt64 = 42, until: Double) {
        self.seed = seed
        self.until = until
    }

    /// Leads the North America sales team: moves its hand-offs between its reps.
    public static let teamLeadEmail = "sam@northwind.example"

    /// The two teams and their admin.
    static let people: [(email: String, name: String, role: Role, team: String)] = [
        (adminEmail, "Alex Morgan", .admin, "Revenue Operations"),
        (marketingEmail, "Maya Chen", .marketing, "Marketing"),
        ("omar@northwind.example", "Omar Haddad", .marketing, "Marketing"),
        ("lena@northwind.example", "Lena Fischer", .marketing, "Marketing"),
        ("sam@northwind.example", "Sam Rivera", .sales, "Sales — North America"),
        (salesEmail, "Priya Nair", .sales, "Sales — North America"),
        ("jonas@northwind.example", "Jonas Berg", .sales, "Sales — EMEA"),
        ("aisha@northwind.example", "Aisha Bello", .sales, "Sales — EMEA"),
        ("tom@northwind.example", "Tom Walsh", .sales, "Sales — North America"),
        ("chloe@northwind.example", "Chloe Martin", .sales, "Sales — EMEA"),
    ]

    public func generate(passwordHash: String) -> SeedData {
        var random = SeededRandom(seed: seed)
        let start = until - months * 30.4 * Self.day
        var data = SeedData()
        data.settings.workspaceName = "Northwind Analytics"
        data.users = Self.people.map {
            SeedUser(
                email: $0.email, name: $0.name, role: $0.role, team: $0.team, passwordHash: passwordHash, createdAt: start - 30 * Self.day,
                teamLead: $0.email == Self.teamLeadEmail)
        }
        let reps = Self.people.filter { $0.role == .sales }.map(\.email)
        let emeaCountries: Set<String> = ["United Kingdom", "Germany", "France", "Netherlands", "Sweden", "Spain"]
        let emeaReps = Self.people.filter { $0.team.hasSuffix("EMEA") }.map(\.email)
        let americasReps = Self.people.filter { $0.team.hasSuffix("North America") }.map(\.email)

        data.accounts = makeAccounts(&random, start: start, reps: reps)
        var emails = Set<String>()
        var events = EventMaker(seed: seed)
        for index in 0..<leadCount {
            let id = Int64(index + 1)
            // More leads arrive as marketing ramps up: the density of creation times grows over the period.
            let created = start + (until - start) * random.unit().squareRoot()
            let firstName = random.pick(DemoVocabulary.firstNames)
            let lastName = random.pick(DemoVocabulary.lastNames)
            let country = random.weighted(DemoVocabulary.countries)
            var account: SeedAccount?
            if !random.chance(0.08) {
                // A few accounts hold many people, most hold a handful (Zipf-like).
                let rank = Int(Double(data.accounts.count) * pow(random.unit(), 1.6))
                account = data.accounts[min(rank, data.accounts.count - 1)]
            }
            let domain = account?.domain ?? random.pick(DemoVocabulary.freeMail)
            var local = "\(Self.ascii(firstName)).\(Self.ascii(lastName))"
            if emails.contains("\(local)@\(domain)") { local += String(random.int(2...99)) }
            let email = "\(local)@\(domain)"
            emails.insert(email)
            let campaign = random.chance(0.55) ? random.pick(DemoVocabulary.campaigns) : nil
            let source = campaign?.leadSource ?? random.weighted(DemoVocabulary.sources)
            var lead = Lead(
                id: Lead.ID(id), email: email, userId: nil, firstName: firstName, lastName: lastName,
                title: random.weighted(DemoVocabulary.titles),
                company: account?.name, phone: random.chance(0.6) ? Self.phone(&random, country: country) : nil, country: country,
                industry: account?.industry, companySize: account?.size, source: source, owner: nil, stage: .lead,
                accountId: account.map { Account.ID($0.id) },
                attributes: campaign.map { ["first_campaign": .string($0.name)] } ?? [:], createdAt: created, updatedAt: created)
            let pool = emeaCountries.contains(country) ? emeaReps : americasReps
            let rep = account?.owner.flatMap { pool.contains($0) ? $0 : nil } ?? random.pick(pool)
            let path = stagePath(&random, created: created, source: source, rep: rep)
            for change in path {
                data.stageChanges.append(SeedStageChange(leadId: lead.id, change: change))
            }
            lead.stage = path.last?.to ?? .lead
            if path.contains(where: { $0.to == .mql }) { lead.owner = rep }
            let mqlAt = path.first { $0.to == .mql }?.at
            let touches = events.touches(for: lead, campaign: campaign, mqlAt: mqlAt, until: until, random: &random)
            lead.updatedAt = max(path.last?.at ?? created, touches.last?.occurredAt ?? created)
            data.events += touches
            data.leads.append(SeedLead(lead))
        }
        data.events += events.anonymousVisits(count: data.events.count / 6, start: start, until: until, random: &random)
        data.interviews = makeInterviews(&random, data: data)
        return data
    }

    // MARK: Accounts

    private func makeAccounts(_ random: inout SeededRandom, start: Double, reps: [String]) -> [SeedAccount] {
        var names: [(String, String)] = []
        for first in DemoVocabulary.companyFirst {
            for second in DemoVocabulary.companySecond { names.append((first, second)) }
        }
        names.shuffle(using: &random)
        return (0..<min(accountCount, names.count)).map { index in
            let (first, second) = names[index]
            let tld = random.weighted(DemoVocabulary.topLevelDomains)
            let size = Int(pow(10, 1 + random.unit() * 3.3))
            return SeedAccount(
                id: Int64(index + 1), domain: "\(first.lowercased())\(second.lowercased()).\(tld)", name: "\(first) \(second)",
                industry: random.weighted(DemoVocabulary.industries), size: size > 100 ? size / 10 * 10 : size,
                owner: random.chance(0.7) ? reps[index % reps.count] : nil, createdAt: start + random.unit() * 30 * Self.day)
        }
    }

    // MARK: Lifecycle

    /// The stage changes of one lead: how far it got and who moved it, each move allowed by `StageTransitions`.
    private func stagePath(_ random: inout SeededRandom, created: Double, source: String, rep: String) -> [StageChange] {
        let firstActor: StageActor =
            switch source {
            case "event": .importFile("revops-summit-2026-badge-scans.csv")
            case "outbound": .user(rep)
            default: .tracking
            }
        var path = [StageChange(from: nil, to: random.chance(0.12) ? .subscriber : .lead, at: created, actor: firstActor, reason: nil)]
        func advance(_ to: LifecycleStage, meanDays: Double, actor: StageActor, reason: String? = nil) -> Bool {
            let at = path.last!.at + 3600 + random.exponential(mean: meanDays * Self.day)
            guard at < until else { return false }
            path.append(StageChange(from: path.last!.to, to: to, at: at, actor: actor, reason: reason))
            return true
        }
        guard random.chance(0.4), advance(.mql, meanDays: 14, actor: .mqlRule) else { return path }
        let decision = random.unit()
        if decision < 0.2 {
            let reason = random.weighted(DemoVocabulary.rejectionReasons)
            let outcome = RejectionReason.leading(reason)?.nextStage ?? .disqualified
            _ = advance(outcome, meanDays: 1.5, actor: .user(rep), reason: reason)
            return path
        }
        guard decision < 0.85, advance(.sal, meanDays: 1.2, actor: .user(rep)) else { return path }
        guard random.chance(0.7),
            advance(.sql, meanDays: 6, actor: .user(rep), reason: "discovery call done: budget and timeline confirmed")
        else { return path }
        guard random.chance(0.6), advance(.opportunity, meanDays: 9, actor: .user(rep)) else { return path }
        guard random.chance(0.4), advance(.customer, meanDays: 25, actor: .user(rep), reason: "closed won") else { return path }
        return path
    }

    // MARK: Interviews

    private func makeInterviews(_ random: inout SeededRandom, data: SeedData) -> [SeedInterview] {
        let interviewers = Self.people.filter { $0.role == .marketing }.map(\.email)
        let candidates = data.leads.map(\.lead).filter { (lead: Lead) -> Bool in
            let advanced = lead.stage == .customer || lead.stage == .opportunity
            return advanced && lead.accountId != nil
        }
        var chosen: [Lead] = []
        var pool = candidates
        while chosen.count < min(36, candidates.count) {
            chosen.append(pool.remove(at: Int(random.next() % UInt64(pool.count))))
        }
        return chosen.map { lead in
            let pains = Array(DemoVocabulary.interviewPains.shuffled(using: &random).prefix(2))
            let goal = random.pick(DemoVocabulary.interviewGoals)
            let tags = Array(DemoVocabulary.interviewTags.shuffled(using: &random).prefix(3)) + ["role:\(lead.title ?? "unknown")"]
            let notes = """
                Context: \(lead.title ?? "") at \(lead.company ?? "") (\(lead.industry ?? "")), \(lead.companySize ?? 0) employees.
                Pains: \(pains.joined(separator: " "))
                Goal: \(goal)
                Quote: "\(pains[0])"
                """
            return SeedInterview(
                leadId: lead.id, accountId: lead.accountId, interviewer: random.pick(interviewers),
                conductedAt: min(lead.updatedAt + random.unit() * 10 * Self.day, until),
                title: "\(Self.fullName(lead)), \(lead.title ?? "buyer") at \(lead.company ?? "")", notes: notes, tags: tags)
        }
    }

    // MARK: Text

    static func fullName(_ lead: Lead) -> String {
        [lead.firstName, lead.lastName].compactMap { $0 }.joined(separator: " ")
    }

    /// "Müller" → "muller", for email addresses.
    static func ascii(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        return String(folded.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic) }.map(Character.init)).lowercased()
    }

    static func phone(_ random: inout SeededRandom, country: String) -> String {
        let code =
            switch country {
            case "United States", "Canada": "+1"
            case "United Kingdom": "+44"
            case "Germany": "+49"
            case "France": "+33"
            default: "+31"
            }
        return "\(code) \(random.int(200...989)) \(random.int(100...999)) \(random.int(1000...9999))"
    }
}
