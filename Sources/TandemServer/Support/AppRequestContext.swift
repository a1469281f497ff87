import Hummingbird
import TandemStore

/// The request context of every route: the caller's key once authenticated.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The API key of a REST request, set by `APIKeyMiddleware`.
    public var apiKey: APIKey?

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// Imports carry whole CSV files; every other route reads far less and says so itself.
    public var maxUploadSize: Int { 256 * 1024 * 1024 }
}
