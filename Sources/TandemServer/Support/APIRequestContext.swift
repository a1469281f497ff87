import Hummingbird
import TandemCore
import TandemStore

/// The request context of every `/api/v1` route: the caller's API key is not optional, so a
/// handler cannot run without one and cannot forget whose key it is. It exists only once
/// `APIKeyMiddleware` has authenticated the key.
struct APIRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The authenticated key.
    let key: APIKey
    /// The client's address, for the audit log.
    let remoteIP: String?

    init(context: AppRequestContext) throws {
        guard let key = context.apiKey else {
            throw APIError(.unauthorized, code: "unauthorized", message: "send an API key as 'Authorization: Bearer KEY'")
        }
        self.coreContext = context.coreContext
        self.key = key
        self.remoteIP = context.remoteIP
    }

    /// Imports carry whole CSV files; every other route reads far less and says so itself.
    var maxUploadSize: Int { 256 * 1024 * 1024 }

    /// What the key may see and do.
    var viewer: Viewer { key.viewer }

    /// The key, as stage changes record it.
    var stageActor: StageActor { .apiKey(key.name) }

    /// The key, as the audit log records it.
    var actor: Actor { .apiKey(key.name, ip: remoteIP) }

    /// Refuses the request unless the key's role has `capability`: the same rules as the web app's.
    @discardableResult
    func require(_ capability: Capability) throws -> Viewer {
        guard viewer.role.can(capability) else {
            let roles = Role.having(capability).map(\.rawValue).joined(separator: " or ")
            throw APIError(.forbidden, code: "forbidden", message: "this needs the role \(roles); the key's role is \(key.role)")
        }
        return viewer
    }

    /// The whole-number id in the path (`/leads/:id`), or a 400 naming what it should be.
    func pathId<Entity>(_ what: String, of entity: Entity.Type = Entity.self) throws -> EntityID<Entity> {
        guard let text = parameters.get("id"), let id = Int64(text) else {
            throw APIError.badParameter("id", "a \(what) id is a whole number")
        }
        return EntityID(rawValue: id)
    }

    /// The lead the path names (`/leads/:id`).
    func pathLeadId() throws -> Lead.ID {
        try pathId("lead")
    }
}
