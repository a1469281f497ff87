import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A tiny browser for router tests: keeps cookies between requests and reads the CSRF token of
/// the last page, as a real browser's form would send it.
struct Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    /// The `_csrf` value of the last HTML page fetched.
    var csrf = ""

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    @discardableResult
    mutating func get(_ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: cookieHeader)
        keep(response)
        if let token = Self.firstMatch(#"name="_csrf" value="([^"]*)""#, in: String(buffer: response.body)) { csrf = token }
        return response
    }

    /// Posts a form; `_csrf` is the page's token unless the test gives its own (or none with `nil`).
    @discardableResult
    /// Posts a form; `extra` adds fields that repeat a name (a list's ticked boxes).
    mutating func post(
        _ uri: String, _ fields: [String: String], extra: [(String, String)] = [], csrf: String?? = .none
    ) async throws -> TestResponse {
        var all = fields
        switch csrf {
        case .none: all["_csrf"] = self.csrf
        case .some(.some(let token)): all["_csrf"] = token
        case .some(.none): break
        }
        let body = (all.map { ($0.key, $0.value) } + extra).map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        keep(response)
        return response
    }

    /// A browser of someone signed in: most tests start as a person with a role.
    static func signedIn(_ email: String, password: String = "correct horse battery", on client: any TestClientProtocol)
        async throws -> Browser
    {
        var browser = Browser(client)
        try await browser.signIn(email, password: password)
        return browser
    }

    /// Signs in and fails the test unless it worked.
    mutating func signIn(_ email: String, password: String = "correct horse battery") async throws {
        try await get("/sign-in")
        let response = try await post("/sign-in", ["email": email, "password": password, "next": "/"])
        guard response.status == .seeOther, cookies["tandem_session"] != nil else {
            throw BrowserError.signInFailed(response.status.code)
        }
    }

    /// What a browser sends with each request: it asks for HTML, and returns its cookies.
    var cookieHeader: HTTPFields {
        var headers: HTTPFields = [.accept: "text/html,application/xhtml+xml,*/*;q=0.8"]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return headers
    }

    mutating func keep(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The first group of every match, in order.
    static func allMatches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            guard match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: text) else { return nil }
            return String(text[range])
        }
    }

    static func firstMatch(_ pattern: String, in text: String) -> String? {
        let regex = try! NSRegularExpression(pattern: pattern)
        guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), match.numberOfRanges > 1,
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }
}

enum BrowserError: Error {
    case signInFailed(Int)
}

extension TestResponse {
    var html: String { String(buffer: body) }
}
