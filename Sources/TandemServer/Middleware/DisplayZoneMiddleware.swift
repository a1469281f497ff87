import Foundation
import Hummingbird

/// Draws every page in the reader's time zone: their own when they chose one, else the
/// workspace's. Each time a page writes (`Display`) reads in it, so "due 17:00" means 17:00
/// where the reader works.
struct DisplayZoneMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let settings: SettingsCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var zone = context.session?.user.timeZone.flatMap(TimeZone.init(identifier:))
        if zone == nil { zone = TimeZone(identifier: await settings.current().timeZone) }
        let reader = zone ?? .gmt
        return try await Display.$zone.withValue(reader) { try await next(request, context) }
    }
}
