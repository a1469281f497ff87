import Hummingbird
import TandemCore
import TandemStore

/// `/healthz`, `/metrics` and `/openapi.json`: what operators and API clients read.
struct OperationsController {
    let database: Database
    let metrics: TandemMetrics
    /// The bearer token `/metrics` requires, when one is set.
    let metricsToken: String?
    /// The OpenAPI document, built once from the registered routes.
    let openAPI: JSONValue

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in
            do {
                try await database.read { db in try await db.raw("SELECT 1").run() }
                return Response.json(["status": "ok", "database": .string(database.engine.rawValue)])
            } catch {
                return Response.json(["status": "unavailable", "database": .string(database.engine.rawValue)], status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { request, _ in
            if let metricsToken, request.headers[.authorization] != "Bearer \(metricsToken)" {
                return Response.json(
                    ["error": ["code": "unauthorized", "message": "send the metrics token as 'Authorization: Bearer TOKEN'"]],
                    status: .unauthorized)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        let document = ByteBuffer(string: openAPI.jsonText)
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: document))
        }
    }
}
