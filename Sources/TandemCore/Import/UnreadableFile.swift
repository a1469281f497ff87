/// A file named to import or load that cannot be opened for reading.
public struct UnreadableFile: DomainError, Equatable {
    /// The path as the person gave it; `nil` where the caller must not echo it (an upload's
    /// temporary file).
    public let path: String?

    public init(path: String?) { self.path = path }

    public var kind: FailureKind { .notFound }
    public var code: String { "not_found" }
    public var field: String? { "file" }
    public var message: String { path.map { "cannot read \($0)" } ?? "cannot read the file" }
}
