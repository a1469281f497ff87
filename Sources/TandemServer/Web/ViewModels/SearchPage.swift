import TandemCore

/// The header search's answer: the leads and the accounts that match, each list short, with
/// the way to every matching lead.
struct SearchPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "q": \.q, "leads": \.leads, "lead_total": \.leadTotal, "more_leads": \.moreLeads, "accounts": \.accounts,
        "searched": \.searched, "no_leads": \.noLeads, "no_accounts": \.noAccounts,
    ]

    /// The words searched, as typed.
    let q: String
    let leads: [LeadRowView]
    let leadTotal: String
    /// The leads list with the same search, when there are more leads than shown.
    let moreLeads: String?
    let accounts: [AccountRowView]
    let searched: Bool
    var noLeads: Bool { leads.isEmpty }
    var noAccounts: Bool { accounts.isEmpty }
}
