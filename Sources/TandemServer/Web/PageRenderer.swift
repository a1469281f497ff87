import Foundation
import Hummingbird
import Mustache
import TandemCharts
import TandemCore
import TandemStore

/// A page to draw: a template from `Views/`, its data, and the status to answer with.
struct Page {
    var template: String
    var title: String
    /// What the template renders.
    var model: any TemplateModel
    var status: HTTPResponse.Status = .ok
    /// Which navigation entry is current (`dashboard`, `leads`, `accounts`, `settings`).
    var section = ""

    init(template: String, title: String, model: some TemplateModel, status: HTTPResponse.Status = .ok, section: String = "") {
        (self.template, self.title, self.model, self.status, self.section) = (template, title, model, status, section)
    }
}

/// Renders pages: the page's template inside `layout.mustache`, with the navigation the
/// person's role allows. Templates are read once, at start-up, from the module's resources.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let settings: SettingsCache
    /// The bell's count on every page; nil where there is no store (the error pages of tests).
    let notifications: NotificationStore?

    init(settings: SettingsCache, notifications: NotificationStore? = nil) throws {
        self.notifications = notifications
        guard let directory = Bundle.module.url(forResource: "Views", withExtension: nil) else {
            throw WebError(status: .internalServerError, title: "Templates missing", message: "the Views resources are not installed")
        }
        var templates: [String: MustacheTemplate] = [:]
        // swift-mustache's own HTML escaping works per Character (see `Markup`): every template
        // escapes with ours instead.
        MustacheContentTypes.register(ScalarHTMLContentType(), named: ScalarHTMLContentType.name)
        let pragma = "{{% CONTENT_TYPE: \(ScalarHTMLContentType.name)}}"
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            templates[String(file.dropLast(".mustache".count))] = try MustacheTemplate(string: pragma + text)
        }
        self.library = MustacheLibrary(templates: templates)
        self.settings = settings
    }

    func render(_ page: Page, context: some PageContext) async -> Response {
        let workspace = await settings.current().workspaceName
        let csrf = context.csrfToken
        let body = library.render(PageScope(model: page.model, csrf: csrf), withTemplate: page.template) ?? ""
        // The bell is the page's chrome: when storage fails it shows nothing, and the page's own
        // queries report the failure.
        var unread = 0
        if let user = context.user, let notifications { unread = (try? await notifications.unreadCount(recipient: user.email)) ?? 0 }
        let layout = LayoutView(
            title: page.title, workspace: workspace, body: body, csrf: csrf, user: context.user, section: page.section, unread: unread)
        let html = library.render(layout, withTemplate: "layout") ?? body
        var response = Response(
            status: page.status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// A template rendered on its own, for a page to insert where it repeats.
    func piece(_ template: String, model: some TemplateModel) -> String {
        library.render(model, withTemplate: template) ?? ""
    }

    /// A piece of a page without the layout, for a page's script to load into place when asked.
    func fragment(template: String, model: some TemplateModel, context: some PageContext) -> Response {
        let html = library.render(PageScope(model: model, csrf: context.csrfToken), withTemplate: template) ?? ""
        var response = Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The page for a failure that has no redirect, with the error's own headers.
    func errorPage(_ error: WebError, context: some PageContext) async -> Response {
        var response = await render(
            Page(
                template: "error", title: error.title, model: ErrorPageView(title: error.title, message: error.message),
                status: error.status),
            context: context)
        for field in error.headers { response.headers.append(field) }
        return response
    }
}

/// The workspace settings, re-read at most every 10 seconds: every page shows the name, and a
/// change made on another server shows within 10 seconds.
actor SettingsCache {
    private let store: SettingStore?
    private let clock: any WallClock
    private var cached: (WorkspaceSettings, Double)?

    init(store: SettingStore?, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    func current() async -> WorkspaceSettings {
        let now = clock.now()
        if let cached, now - cached.1 < 10 { return cached.0 }
        // Only the page's chrome (the workspace name) reads this: when storage fails, the
        // default name shows and the page's own queries report the failure.
        let loaded = (try? await store?.load()) ?? WorkspaceSettings()
        cached = (loaded, now)
        return loaded
    }

    func invalidate() {
        cached = nil
    }
}

/// HTML escaping at the Unicode-scalar level for every template.
struct ScalarHTMLContentType: MustacheContentType {
    static let name = "SCALAR_HTML"

    func escapeText(_ text: String) -> String { Markup.escape(text) }
}
