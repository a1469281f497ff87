import TandemCore
import TandemStore

/// The sales inbox: the rep's waiting hand-offs (or everyone's, read-only), and what is new.
struct InboxPage: TemplateModel {
    let heading: String
    let notice: String?
    let hasErrors: Bool
    /// A rep's own inbox, as opposed to marketing's and admins' view of every hand-off.
    let mine: Bool
    let empty: Bool
    let count: String
    let items: [InboxItemView]
    let notifications: [NotificationView]
    var hasNotifications: Bool { !notifications.isEmpty }
    var hasUnread: Bool { notifications.contains(where: \.unread) }

    // Mirror reads stored properties only: the computed ones are answered here.
    func child(named name: String) -> Any? {
        switch name {
        case "has_notifications": return hasNotifications
        case "has_unread": return hasUnread
        default: return TemplateLookup.field(name, of: self)
        }
    }
}

/// One waiting lead: who it is, its SLA clock, its score explained, its latest activity, and the
/// answer forms when the person may answer. What the item does not say, its hand-off does.
struct InboxItemView: TemplateModel {
    struct Activity: TemplateModel {
        let name: String
        let url: String?
        let at: String
    }

    let handOff: HandOffView
    let leadId: Int64
    let name, title, email: String
    let company: String?
    let score: ScoreExplanationView
    let callNow: Bool
    let timeLeft: String
    let overdue: Bool
    let activity: [Activity]
    let answerable: Bool
    let reasons: [ReasonOption]
    /// After a refused reject, the form's error and what the rep wrote.
    let reasonError, comment: String?

    func child(named name: String) -> Any? {
        TemplateLookup.field(name, of: self) ?? handOff.child(named: name)
    }
}

/// A notification for the person: a hand-off assigned, a call-now, a breached SLA.
struct NotificationView: TemplateModel {
    let message, at: String
    let unread: Bool
    let leadId: Int64?
    var hasLead: Bool { leadId != nil }

    func child(named name: String) -> Any? {
        name == "has_lead" ? hasLead : TemplateLookup.field(name, of: self)
    }
}
