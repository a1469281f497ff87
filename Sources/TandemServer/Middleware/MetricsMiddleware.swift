import Hummingbird

/// Counts and times every request by its route pattern (not its path, to bound the labels).
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: TandemMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, start: start)
            return response
        } catch let error as HTTPResponseError {
            record(request, context, status: error.status.code, start: start)
            throw error
        } catch {
            record(request, context, status: 500, start: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        let route = context.endpointPath ?? "unmatched"
        metrics.countRequest(method: request.method.rawValue, route: route, status: status)
        metrics.observeRequest(route: route, duration: ContinuousClock.now - start)
    }
}
