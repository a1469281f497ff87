import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// Saving the leads list's current view (its filters and sort) under a name, for oneself or
/// for one's team, and deleting one's own.
struct SavedViewsController {
    let views: SavedViewStore
    let clock: any WallClock

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.post("/leads/views", use: save)
        router.post("/leads/views/:id/delete", use: delete)
    }

    @Sendable func save(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        let form = context.form ?? FormData("")
        // Read as the list reads it: a view names only stages and sorts that exist.
        let view = try LeadListQuery(FormData(form.text("query")), user: user)
        let query = view.queryString
        var team: String?
        if form.isChecked("share") {
            guard let own = user.team?.trimmed, !own.isEmpty else {
                throw WebError.badRequest("You belong to no team, so there is no one to share the view with: an admin sets your team.")
            }
            team = own
        }
        do {
            let saved = try await views.save(name: form.text("view_name"), query: query, owner: user, team: team, now: clock.now())
            return Response.redirect(to: Self.path(of: saved, saved: true), type: .normal)
        } catch let problems as ValidationErrors {
            throw WebError.badRequest(
                "The view was not saved: " + problems.errors.map(\.message).joined(separator: "; ") + ".")
        }
    }

    @Sendable func delete(_ request: Request, context: SignedInContext) async throws -> Response {
        let user = context.signedIn
        let id = try context.pathId("This view", of: SavedView.self)
        guard try await views.delete(id: id, owner: user.id) else { throw WebError.notFound("This view of yours") }
        return Response.redirect(to: "/leads?view_deleted=1", type: .normal)
    }

    /// The list showing the view: `/leads?stage=mql&sort=score&view=3`.
    static func path(of view: SavedView, saved: Bool = false) -> String {
        let extra = "view=\(view.id)" + (saved ? "&view_saved=1" : "")
        return "/leads?" + (view.query.isEmpty ? extra : view.query + "&" + extra)
    }
}
