/// The model a fresh install and the demo start with, so hand-off works before anyone tunes
/// it. Its weights follow what the market leaders ship: hand-raisers (a demo request, a
/// contact-sales form) are worth many times a page view, fit is mostly seniority and company
/// size, and signals against buying (unsubscribing, the careers page, a lost deal) subtract.
/// docs/scoring.md explains each rule.
extension ScoringModel {
    public static let standard = ScoringModel(
        fitRules: [
            FitRule(id: "executive", name: "Executive title", when: [.init(field: "seniority", op: .in, value: ["executive"])], points: 25),
            FitRule(id: "vp", name: "VP title", when: [.init(field: "seniority", op: .in, value: ["vp"])], points: 20),
            FitRule(
                id: "director", name: "Director or head of", when: [.init(field: "seniority", op: .in, value: ["director"])], points: 15),
            FitRule(id: "manager", name: "Manager or lead", when: [.init(field: "seniority", op: .in, value: ["manager"])], points: 8),
            FitRule(
                id: "revenue_team", name: "Works in marketing, sales or revenue",
                when: [.init(field: "title", op: .contains, value: ["marketing", "sales", "revenue", "growth", "demand", "cmo", "cro"])],
                points: 10),
            FitRule(
                id: "core_industry", name: "Industry we serve best",
                when: [.init(field: "industry", op: .in, value: ["Software", "Financial services", "Healthcare"])], points: 10),
            FitRule(
                id: "mid_market", name: "Company of 200 to 5,000 people",
                when: [.init(field: "company_size", op: .between, value: [200, 5000])], points: 15),
            FitRule(
                id: "enterprise", name: "Company over 5,000 people", when: [.init(field: "company_size", op: .atLeast, value: 5001)],
                points: 10),
            FitRule(
                id: "small_business", name: "Company under 50 people", when: [.init(field: "company_size", op: .atMost, value: 49)],
                points: -10),
            FitRule(
                id: "served_country", name: "Country we sell in",
                when: [
                    .init(
                        field: "country", op: .in,
                        value: ["United States", "Canada", "United Kingdom", "Germany", "France", "Netherlands", "Sweden", "Spain"])
                ], points: 5),
            FitRule(id: "persona", name: "Matches a persona", when: [.init(field: "persona", op: .exists)], points: 10),
            FitRule(id: "free_mail", name: "Free-mail address", when: [.init(field: "free_mail", op: .is, value: true)], points: -15),
            FitRule(
                id: "student", name: "Student or job seeker", when: [.init(field: "title", op: .contains, value: ["student", "intern"])],
                points: -30),
        ],
        engagementRules: [
            EngagementRule(id: "demo_request", name: "Requested a demo", eventName: "Demo Requested", points: 50),
            EngagementRule(id: "contact_sales", name: "Contacted sales", eventName: "Contact Sales Submitted", points: 50),
            EngagementRule(id: "meeting_booked", name: "Booked a meeting", eventName: "Meeting Booked", points: 40),
            EngagementRule(id: "trial_started", name: "Started a trial", eventName: "Trial Started", points: 35),
            EngagementRule(id: "form_submitted", name: "Submitted a form", eventName: "Form Submitted", points: 20, cap: 40),
            EngagementRule(id: "webinar_attended", name: "Attended a webinar", eventName: "Webinar Attended", points: 15, cap: 30),
            EngagementRule(
                id: "content_download", name: "Downloaded content", eventName: "Whitepaper Downloaded", points: 8, cap: 24),
            EngagementRule(
                id: "pricing_calculator", name: "Used the pricing calculator", eventName: "Pricing Calculator Used", points: 10, cap: 20),
            EngagementRule(
                id: "pricing_page", name: "Viewed the pricing page", eventType: .page,
                when: [.init(field: "url", op: .contains, value: "/pricing")], points: 10, cap: 20, oncePerDays: 1),
            EngagementRule(id: "page_view", name: "Viewed a page", eventType: .page, points: 1, cap: 10),
            EngagementRule(id: "email_clicked", name: "Clicked an email", eventName: "Email Clicked", points: 3, cap: 15),
            EngagementRule(id: "email_opened", name: "Opened an email", eventName: "Email Opened", points: 1, cap: 5, oncePerDays: 1),
            EngagementRule(
                id: "careers_page", name: "Viewed the careers page", eventType: .page,
                when: [.init(field: "url", op: .contains, value: ["/careers", "/jobs"])], points: -10, cap: 20),
            EngagementRule(id: "unsubscribed", name: "Unsubscribed", eventName: "Unsubscribed", points: -25, cap: 25),
            EngagementRule(id: "email_bounced", name: "Email bounced", eventName: "Email Bounced", points: -15, cap: 15),
            EngagementRule(id: "deal_lost", name: "Lost a deal", eventName: "Opportunity Lost", points: -60, cap: 60),
        ],
        halfLifeDays: 30, mql: MQLThresholds(fit: 40, engagement: 50), grades: GradeBands(), callNow: CallNowSignal(),
        recycleCoolDownDays: 30)
}
