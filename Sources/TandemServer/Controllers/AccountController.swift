import Hummingbird
import TandemCore
import TandemStore

/// `/api/v1/accounts`: the companies leads belong to.
struct AccountController {
    let accounts: AccountStore

    func addRoutes(to routes: APIRoutes) {
        routes.add(
            APIOperation(
                .get, "/accounts", "List accounts", tag: "accounts",
                query: [APIParameter(name: "search", description: "part of the name or domain"), .cursor, .limit],
                response: .json(PageOf<AccountDTO>.self)), use: list)
        routes.add(APIOperation(.get, "/accounts/:id", "Get an account", tag: "accounts", response: .json(AccountDTO.self)), use: get)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> Response {
        let query = QueryReader(request)
        let limit = try query.limit()
        let page = try await accounts.list(
            afterId: try query.id("cursor"), limit: limit, search: try query.string("search"), scope: context.viewer.leadScope)
        return try .model(PageOf(page, limit: limit, id: \.id, item: AccountDTO.init))
    }

    @Sendable func get(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.pathId("account", of: Account.self)
        guard let account = try await accounts.get(id: id) else { throw APIError.notFound("account \(id)") }
        return try .model(AccountDTO(account))
    }
}
