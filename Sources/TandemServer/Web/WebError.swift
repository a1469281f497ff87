import Foundation
import Hummingbird
import TandemCore

/// A failure of a web page, answered with an HTML page that says what happened and what to do.
struct WebError: Error, Sendable {
    let status: HTTPResponse.Status
    let title: String
    let message: String
    /// Where to send the person instead of showing a page (sign-in when there is no session).
    var redirect: String?
    var headers: HTTPFields = [:]

    static func notFound(_ what: String) -> WebError {
        WebError(status: .notFound, title: "Not found", message: "\(what) does not exist, or no longer does.")
    }

    static func forbidden(_ message: String) -> WebError {
        WebError(status: .forbidden, title: "Not allowed", message: message)
    }

    static func badRequest(_ message: String) -> WebError {
        WebError(status: .badRequest, title: "Bad request", message: message)
    }

    /// The page for what the domain refused.
    init(_ error: any DomainError) {
        let sentence = error.message.prefix(1).uppercased() + error.message.dropFirst() + "."
        switch error.kind {
        case .notFound: self.init(status: .notFound, title: "Not found", message: sentence)
        case .forbidden: self.init(status: .forbidden, title: "Not allowed", message: sentence)
        case .conflict: self.init(status: .conflict, title: "Not possible now", message: sentence)
        case .invalid: self.init(status: .badRequest, title: "Bad request", message: sentence)
        }
    }

    init(status: HTTPResponse.Status, title: String, message: String, redirect: String? = nil) {
        self.status = status
        self.title = title
        self.message = message
        self.redirect = redirect
    }

    /// Sends the person to sign in, then back to `next`.
    static func signInRequired(next: String, reason: String? = nil) -> WebError {
        var query = "next=\(next.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "/")"
        if let reason { query += "&reason=\(reason)" }
        return WebError(status: .seeOther, title: "Sign in", message: "Sign in to continue.", redirect: "/sign-in?\(query)")
    }
}

extension CharacterSet {
    /// What may stand unescaped in a query value.
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~/")
        return set
    }()
}
