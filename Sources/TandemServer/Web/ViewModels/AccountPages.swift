import TandemCore
import TandemStore

/// The accounts list: a page of companies, the search that chose them, and the way on.
struct AccountListPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "accounts": \.accounts, "q": \.q, "empty": \.empty, "next": \.next, "first_page": \.firstPage, "heading": \.heading,
    ]

    /// "My accounts" for a rep, who sees the accounts they own or hold leads in.
    let heading: String
    let accounts: [AccountRowView]
    /// The search text, as typed.
    let q: String
    let empty: Bool
    let next, firstPage: String?
}

/// A company as the list shows it.
struct AccountRowView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "id": \.id, "name": \.name, "domain": \.domain, "industry": \.industry, "size": \.size, "leads": \.leads,
    ]

    let id: Account.ID
    let name, domain, industry, size: String
    let leads: Int64

    init(_ account: Account) {
        id = account.id
        name = AccountRowView.name(of: account)
        domain = account.domain ?? ""
        industry = account.industry ?? ""
        size = AccountRowView.size(of: account)
        leads = account.leadCount
    }

    /// What a company is called on every page: its name, else its domain, else its number.
    static func name(of account: Account) -> String { account.name ?? account.domain ?? "Account \(account.id)" }

    static func size(of account: Account) -> String { account.size.map { Display.count(Int(clamping: $0)) } ?? "" }
}

/// The account page: the company, the people of it the viewer may see, and their activity.
struct AccountPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "name": \.account.name, "domain": \.account.domain, "industry": \.account.industry, "size": \.account.size,
        "lead_count": \.account.leads, "owner": \.owner, "created": \.created, "leads": \.leads, "total": \.total,
        "scoped": \.scoped, "activity_chart": \.activityChart,
    ]

    let account: AccountRowView
    let owner, created: String
    let leads: [LeadRowView]
    let total: Int
    /// The viewer sees only the people they own, so the list may be shorter than the count.
    let scoped: Bool
    /// The chart's SVG, rendered unescaped.
    let activityChart: String
}
