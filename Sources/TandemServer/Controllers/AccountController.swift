import Hummingbird
import TandemStore

/// `/api/v1/accounts`: the companies leads belong to.
struct AccountController {
    let accounts: AccountStore

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("/accounts", use: list)
        group.get("/accounts/:id", use: get)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let query = QueryReader(request)
        let limit = try query.limit()
        let page = try await accounts.list(afterId: try query.int64("cursor"), limit: limit, search: try query.string("search"))
        return .json(Representation.page(page.map(Representation.account), nextCursor: page.count == limit ? page.last?.id : nil))
    }

    @Sendable func get(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = Int64(text) else {
            throw APIError.badParameter("id", "an account id is a whole number")
        }
        guard let account = try await accounts.get(id: id) else { throw APIError.notFound("account \(id)") }
        return .json(Representation.account(account))
    }
}
