/// The words a believable B2B company's data is made of. The company is Northwind Analytics,
/// which sells a revenue-analytics product to marketing and sales teams.
enum DemoVocabulary {
    static let firstNames = [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Sophia", "Mateo", "Isabella", "Ethan", "Mia", "Leo", "Amelia", "James", "Harper",
        "Benjamin", "Evelyn", "Elijah", "Charlotte", "Daniel", "Abigail", "Henry", "Emily", "Samuel", "Ella", "David", "Grace", "Joseph",
        "Chloe", "Owen", "Zoe", "Gabriel", "Nora", "Julian", "Lily", "Aaron", "Hannah", "Adrian", "Layla", "Felix", "Sofia", "Hugo",
        "Elena", "Oscar", "Clara", "Arjun", "Ananya", "Wei", "Mei", "Hiroshi", "Yuki", "Kwame", "Amara", "Tariq", "Leila", "Mateus",
        "Beatriz", "Sven", "Ingrid", "Pierre", "Camille", "Giulia", "Marco", "Anya", "Dmitri", "Fatima", "Omar", "Sara", "Ravi", "Priya",
        "Tomás", "Lucía", "Niamh", "Ciarán", "Katarzyna", "Piotr", "Jana", "Erik", "Astrid", "Kofi", "Zainab", "Minh", "Linh", "Rafael",
    ]
    static let lastNames = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martinez", "Lopez", "Wilson", "Anderson", "Taylor",
        "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young",
        "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter",
        "Phillips", "Evans", "Turner", "Patel", "Shah", "Kumar", "Nguyen", "Tran", "Kim", "Park", "Chen", "Wang", "Tanaka", "Sato",
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Laurent", "Rossi", "Bianchi", "Novak", "Kowalski", "Nowak",
        "Jensen", "Nielsen", "Larsen", "Andersson", "Johansson", "O'Brien", "Murphy", "Kelly", "Okafor", "Mensah", "Haddad", "Costa",
        "Silva", "Santos", "Fernández", "Moreno", "Ivanova", "Petrov", "Cohen", "Levi", "Yilmaz", "Demir",
    ]
    static let companyFirst = [
        "Acme", "Blue", "Harbor", "Summit", "Pioneer", "Granite", "Cedar", "Northstar", "Silver", "Beacon", "Atlas", "Copper", "Vertex",
        "Lumen", "Orbit", "Maple", "River", "Falcon", "Quarry", "Prairie", "Crescent", "Evergreen", "Ironwood", "Keystone", "Meridian",
        "Nimbus", "Oakline", "Pinnacle", "Redwood", "Sierra", "Tidal", "Union", "Velvet", "Willow", "Zenith", "Aurora", "Bright",
        "Coastal", "Delta", "Ember",
    ]
    static let companySecond = [
        "Labs", "Systems", "Logistics", "Health", "Capital", "Foods", "Robotics", "Software", "Analytics", "Energy", "Media", "Retail",
        "Works", "Networks", "Bio", "Partners", "Learning", "Motors", "Cloud", "Security",
    ]
    static let topLevelDomains = [("com", 6.0), ("io", 2.0), ("co", 1.0), ("de", 0.5), ("co.uk", 0.5), ("fr", 0.3)]
    static let industries = [
        ("Software", 4.0), ("Financial services", 2.0), ("Healthcare", 1.5), ("Manufacturing", 1.5), ("Retail", 1.2),
        ("Logistics", 1.0), ("Education", 0.8), ("Media", 0.8), ("Energy", 0.5),
    ]
    static let countries = [
        ("United States", 5.0), ("United Kingdom", 1.5), ("Germany", 1.3), ("France", 0.9), ("Canada", 0.8), ("Netherlands", 0.6),
        ("Sweden", 0.4), ("Spain", 0.5), ("India", 0.7), ("Australia", 0.6), ("Brazil", 0.4), ("Japan", 0.3),
    ]
    static let titles = [
        ("Marketing Operations Manager", 2.0), ("VP Marketing", 1.2), ("Head of Demand Generation", 1.2), ("Growth Marketer", 1.5),
        ("Director of Sales Operations", 1.0), ("Revenue Operations Lead", 1.2), ("VP Sales", 0.8), ("Account Executive", 1.0),
        ("CMO", 0.4), ("CRO", 0.3), ("Data Analyst", 1.0), ("Analytics Engineer", 0.7), ("CEO", 0.3), ("Product Marketing Manager", 0.9),
        ("Content Marketing Manager", 0.8), ("Business Development Rep", 0.8),
    ]
    static let freeMail = ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com"]

    /// Where leads come from, and how often.
    static let sources = [
        ("organic_search", 3.0), ("paid_search", 2.0), ("linkedin", 1.5), ("webinar", 1.2), ("content", 1.5), ("referral", 0.8),
        ("event", 0.7), ("outbound", 1.0), ("partner", 0.4),
    ]

    /// The campaigns of the last six months: name, utm source, utm medium, the source it brings.
    static let campaigns: [(name: String, source: String, medium: String, leadSource: String)] = [
        ("Attribution Masterclass Webinar", "webinar", "email", "webinar"),
        ("Pipeline Playbook eBook", "linkedin", "paid_social", "content"),
        ("Spring Launch Search", "google", "cpc", "paid_search"),
        ("Revenue Analytics Brand Search", "google", "cpc", "paid_search"),
        ("ABM Enterprise Push", "linkedin", "paid_social", "linkedin"),
        ("Monthly Newsletter", "newsletter", "email", "content"),
        ("RevOps Summit 2026 Booth", "event", "offline", "event"),
        ("Customer Referral Program", "referral", "referral", "referral"),
        ("Q3 Outbound Sequence", "outreach", "email", "outbound"),
        ("State of Funnel Report", "linkedin", "paid_social", "content"),
    ]

    static let pages = [
        ("/", "Northwind Analytics — Revenue analytics for marketing and sales", 3.0), ("/pricing", "Pricing", 2.0),
        ("/product/attribution", "Multi-touch attribution", 1.5), ("/product/funnel", "Funnel analytics", 1.2),
        ("/customers", "Customer stories", 0.8), ("/blog/mql-definition", "What counts as an MQL?", 1.0),
        ("/blog/sla-marketing-sales", "Writing a marketing–sales SLA", 0.9), ("/blog/lead-scoring-decay", "Lead scoring with decay", 0.9),
        ("/docs/getting-started", "Getting started", 0.8), ("/integrations/hubspot", "HubSpot integration", 0.6),
        ("/integrations/salesforce", "Salesforce integration", 0.6), ("/compare/spreadsheet", "Northwind vs. spreadsheets", 0.4),
    ]

    /// Track events and how often each happens relative to page views, before intent grows.
    static let actions = [
        ("Email Opened", 2.5), ("Email Clicked", 1.0), ("Whitepaper Downloaded", 0.4), ("Webinar Registered", 0.3),
        ("Webinar Attended", 0.2), ("Newsletter Subscribed", 0.15), ("Pricing Calculator Used", 0.2),
    ]
    /// Actions that show buying intent, mostly near and after the MQL moment.
    static let intentActions = [("Demo Requested", 1.0), ("Trial Started", 0.8), ("Contact Sales Submitted", 0.5), ("Meeting Booked", 0.8)]

    /// Sales' rejections, each led by its reason code (`RejectionReason`), as the inbox
    /// writes them.
    static let rejectionReasons = [
        ("not_a_fit: company too small", 1.0), ("no_budget: budget frozen until next year", 1.0),
        ("not_a_fit: student or job seeker", 0.6),
        ("bad_contact_data: phone and email bounce", 0.5), ("not_ready_yet: evaluating again next quarter", 1.2),
        ("competitor: works at a competitor", 0.3),
    ]

    static let interviewPains = [
        "We argue every Monday about whether the leads are any good, and nobody has numbers both sides trust.",
        "Attribution is last-touch in our CRM, so webinars look worthless even though every big deal attended one.",
        "Sales takes two days to call an MQL back; by then the prospect has booked a demo with a competitor.",
        "Our lead score was set up three years ago and nobody knows why a lead has 85 points.",
        "I rebuild the same funnel report in a spreadsheet every Friday.",
        "Rejected leads disappear; marketing never learns why sales said no.",
        "We buy lists for events and half the contacts are not the right persona.",
        "Our SDRs cherry-pick leads; the rest rot in the queue.",
    ]
    static let interviewGoals = [
        "One funnel both teams look at in the weekly meeting.", "Know which campaigns create pipeline, not just leads.",
        "Route hot leads to a rep within five minutes.", "A score a rep can read and believe.",
        "Personas built from what buyers actually told us.", "Hold both teams to an SLA with real numbers.",
    ]
    static let interviewTags = [
        "pain:attribution", "pain:speed-to-lead", "pain:lead-quality", "pain:reporting", "pain:scoring", "goal:shared-funnel",
        "goal:pipeline-visibility", "goal:sla", "buying-trigger:new-cro", "buying-trigger:missed-quarter", "objection:price",
        "objection:crm-lock-in",
    ]
}
