import Foundation
import TandemCore
import TandemStore

/// A lead's touches: page views and email engagement across its life, campaign touches from
/// the campaign that brought it, and intent signals around the moment it became an MQL.
struct EventMaker {
    let seed: UInt64
    private var counter = 0
    private static let site = "https://www.northwind.example"

    init(seed: UInt64) {
        self.seed = seed
    }

    private mutating func nextMessageId() -> String {
        counter += 1
        return "demo-\(seed)-\(counter)"
    }

    /// About 30 touches for a lead that stayed a lead, 60–120 for one that went further.
    mutating func touches(
        for lead: Lead, campaign: (name: String, source: String, medium: String, leadSource: String)?, mqlAt: Double?, until: Double,
        random: inout SeededRandom
    ) -> [SeedEvent] {
        let rank = lead.stage.funnelRank ?? 2
        let count = 12 + random.int(0...18) + max(0, rank - 1) * random.int(10...16)
        let anonymousId = "anon-\(seed)-\(lead.id)"
        let end = min(until, lead.createdAt + TimeSpan.days(120))
        var events: [SeedEvent] = []
        events.reserveCapacity(count + 6)
        let touch = campaign.map { CampaignTouch(name: $0.name, source: $0.source, medium: $0.medium) } ?? CampaignTouch()
        // The first touch: the landing page, with the campaign's UTM parameters.
        events.append(
            page(lead: lead, anonymousId: anonymousId, at: lead.createdAt - 600, path: "/", title: "Northwind Analytics", campaign: touch))
        events.append(
            SeedEvent(
                messageId: nextMessageId(), type: .identify, name: "identify", leadId: lead.id, userId: nil, anonymousId: anonymousId,
                occurredAt: lead.createdAt, url: nil, campaign: CampaignTouch(), properties: ["email": .string(lead.email ?? "")]))
        for _ in 0..<count {
            let at = lead.createdAt + random.unit() * max(end - lead.createdAt, 3600)
            if random.chance(0.6) {
                let (path, title, _) = random.weighted(DemoVocabulary.pages.map { (($0.0, $0.1, $0.2), $0.2) })
                events.append(page(lead: lead, anonymousId: anonymousId, at: at, path: path, title: title, campaign: CampaignTouch()))
            } else {
                let action = random.weighted(DemoVocabulary.actions)
                let viaCampaign = action.hasPrefix("Email") || action.hasPrefix("Webinar")
                let campaignTouch = viaCampaign ? Self.emailCampaign(action, random: &random) : CampaignTouch()
                events.append(
                    SeedEvent(
                        messageId: nextMessageId(), type: .track, name: action, leadId: lead.id, userId: nil, anonymousId: anonymousId,
                        occurredAt: at, url: nil, campaign: campaignTouch,
                        properties: campaignTouch.name.map { ["campaign": .string($0)] } ?? [:]))
            }
        }
        if let mqlAt {
            for _ in 0..<random.int(1...3) {
                let at = max(lead.createdAt, mqlAt - random.unit() * TimeSpan.days(2))
                events.append(
                    SeedEvent(
                        messageId: nextMessageId(), type: .track, name: random.weighted(DemoVocabulary.intentActions), leadId: lead.id,
                        userId: nil, anonymousId: anonymousId, occurredAt: at, url: nil, campaign: CampaignTouch(), properties: [:]))
            }
            events.append(
                page(lead: lead, anonymousId: anonymousId, at: mqlAt - 1800, path: "/pricing", title: "Pricing", campaign: CampaignTouch()))
        }
        return events.filter { $0.occurredAt <= until }.sorted { $0.occurredAt < $1.occurredAt }
    }

    /// Visitors who never filled a form: page views with no lead.
    mutating func anonymousVisits(count: Int, start: Double, until: Double, random: inout SeededRandom) -> [SeedEvent] {
        (0..<count).map { index in
            let (path, title, _) = random.weighted(DemoVocabulary.pages.map { (($0.0, $0.1, $0.2), $0.2) })
            let campaign = random.chance(0.3) ? random.pick(DemoVocabulary.campaigns) : nil
            let touch = campaign.map { CampaignTouch(name: $0.name, source: $0.source, medium: $0.medium) } ?? CampaignTouch()
            return SeedEvent(
                messageId: nextMessageId(), type: .page, name: title, leadId: nil, userId: nil,
                anonymousId: "visitor-\(seed)-\(index % 9000)",
                occurredAt: start + random.unit() * (until - start), url: Self.url(path, campaign: touch), campaign: touch,
                properties: ["path": .string(path), "title": .string(title)])
        }
    }

    private mutating func page(lead: Lead, anonymousId: String, at: Double, path: String, title: String, campaign: CampaignTouch)
        -> SeedEvent
    {
        SeedEvent(
            messageId: nextMessageId(), type: .page, name: title, leadId: lead.id, userId: nil, anonymousId: anonymousId, occurredAt: at,
            url: Self.url(path, campaign: campaign), campaign: campaign, properties: ["path": .string(path), "title": .string(title)])
    }

    private static func url(_ path: String, campaign: CampaignTouch) -> String {
        guard let name = campaign.name, let source = campaign.source, let medium = campaign.medium else { return site + path }
        let slug = name.lowercased().replacingOccurrences(of: " ", with: "-")
        return "\(site)\(path)?utm_source=\(source)&utm_medium=\(medium)&utm_campaign=\(slug)"
    }

    private static func emailCampaign(_ action: String, random: inout SeededRandom) -> CampaignTouch {
        let emailCampaigns = DemoVocabulary.campaigns.filter { $0.medium == "email" }
        let campaign = action.hasPrefix("Webinar") ? DemoVocabulary.campaigns[0] : random.pick(emailCampaigns)
        return CampaignTouch(name: campaign.name, source: campaign.source, medium: campaign.medium)
    }
}
