import TandemCore
import TandemStore

/// The sales inbox: the rep's waiting hand-offs (or everyone's, read-only), and what is new.
struct InboxPage: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "heading": \.heading, "notice": \.notice, "has_errors": \.hasErrors, "mine": \.mine, "empty": \.empty,
        "count": \.count, "items": \.items, "notifications": \.notifications, "has_notifications": \.hasNotifications,
        "has_unread": \.hasUnread, "filters": \.filters, "filtered": \.filtered, "page": \.page, "pages": \.pages,
        "previous": \.previous, "next": \.next, "paged": \.paged, "undo_lead": \.undoLead, "reassign_options": \.reassignOptions,
        "can_reassign": \.canReassign, "team_view": \.teamView, "led_team": \.ledTeam, "team_link": \.teamLink,
        "whole_queue": \.wholeQueue,
    ]

    let heading: String
    let notice: String?
    /// The lead whose answer was just given, offered back for `HandOffStore.undoWindow`.
    var undoLead: Lead.ID?
    /// The reps a hand-off can be moved to, as the `<option>`s every card's form repeats
    /// (`RenderedChoices`); empty for people who may not move hand-offs.
    var reassignOptions = ""
    var canReassign: Bool { !reassignOptions.isEmpty }
    /// A team lead's view of their team's queue, as opposed to their own inbox.
    var teamView = false
    /// The team the person leads, if any: their inbox links to its queue.
    var ledTeam: String?
    /// Where "Clear" leads: the queue being looked at, unfiltered.
    var wholeQueue: String { teamView ? teamLink ?? "/inbox" : "/inbox" }
    var teamLink: String? {
        guard let ledTeam else { return nil }
        var filters = InboxFilters()
        filters.team = ledTeam
        return filters.link(page: 1)
    }
    let hasErrors: Bool
    /// A rep's own inbox, as opposed to marketing's and admins' view of every hand-off.
    let mine: Bool
    let empty: Bool
    let count: String
    let items: [InboxItemView]
    let notifications: [NotificationView]
    var hasNotifications: Bool { !notifications.isEmpty }
    var hasUnread: Bool { notifications.contains(where: \.unread) }
    let filters: InboxFiltersView
    let filtered: Bool
    let page, pages: Int
    let previous, next: String?
    var paged: Bool { pages > 1 }
}

/// One waiting lead: who it is, its SLA clock, its score explained, its latest activity, and the
/// answer forms when the person may answer. What the item does not say, its hand-off does.
struct InboxItemView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "lead_id": \.leadId, "name": \.name, "title": \.title, "email": \.email, "phone": \.phone, "company": \.company,
        "score": \.score,
        "call_now": \.callNow, "time_left": \.timeLeft, "overdue": \.overdue, "activity": \.activity, "answerable": \.answerable,
        "reason_options": \.reasonOptions, "reason_error": \.reasonError, "comment": \.comment, "visible": \.visible,
    ]

    struct Activity: TemplateModel {
        static let fields: TemplateFields<Self> = [
            "name": \.name, "url": \.url, "at": \.at,
        ]

        let name: String
        let url: String?
        let at: String
    }

    let handOff: HandOffView
    let leadId: Lead.ID
    let name, title, email: String
    let phone, company: String?
    let score: ScoreSummaryView
    let callNow: Bool
    let timeLeft: String
    let overdue: Bool
    let activity: [Activity]
    let answerable: Bool
    /// Whether the person may open the lead (a team lead sees a teammate's card, not the lead).
    let visible: Bool
    /// The rejection reasons' `<option>`s (`RenderedChoices`).
    let reasonOptions: String
    /// After a refused reject, the form's error and what the rep wrote.
    let reasonError, comment: String?

    func child(named name: String) -> Any? {
        field(named: name) ?? handOff.child(named: name)
    }
}

/// A notification for the person: a hand-off assigned, a call-now, a breached SLA.
struct NotificationView: TemplateModel {
    static let fields: TemplateFields<Self> = [
        "message": \.message, "at": \.at, "unread": \.unread, "lead_id": \.leadId, "has_lead": \.hasLead,
    ]

    let message, at: String
    let unread: Bool
    let leadId: Lead.ID?
    var hasLead: Bool { leadId != nil }
}

/// The `<option>`s of a choice every inbox card repeats, rendered once per page from their
/// template (escaped as every template is) and inserted as they are: 25 cards each looking up
/// every option's fields cost more than the rest of a card.
enum RenderedChoices {
    struct Reasons: TemplateModel {
        static let fields: TemplateFields<Self> = ["reasons": \.reasons]
        let reasons: [ReasonOption]
    }

    struct Options: TemplateModel {
        static let fields: TemplateFields<Self> = ["options": \.options]
        let options: [FilterOption]
    }

    static func reasons(selected: String?, renderer: PageRenderer) -> String {
        renderer.piece("reason_options", model: Reasons(reasons: ReasonOption.all(selected: selected)))
    }

    static func options(_ options: [FilterOption], renderer: PageRenderer) -> String {
        options.isEmpty ? "" : renderer.piece("rep_options", model: Options(options: options))
    }
}
