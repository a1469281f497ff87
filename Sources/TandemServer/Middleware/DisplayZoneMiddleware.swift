import Foundation
import Hummingbird

/// Draws every page in the workspace's time zone: each time a page writes (`Display`) reads
/// in it, so "due 17:00" means 17:00 where the team works.
struct DisplayZoneMiddleware<Context: RequestContext>: RouterMiddleware {
    let settings: SettingsCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let zone = TimeZone(identifier: await settings.current().timeZone) ?? .gmt
        return try await Display.$zone.withValue(zone) { try await next(request, context) }
    }
}
